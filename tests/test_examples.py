"""The reference article as data: every row of the fact inventory, checked one by one.

The expected values are written out from /work/shared/reference/fact-inventory.md, not
computed with the helpers of ``conflictevents.examples``, so a wrong time or figure fails.
"""

from __future__ import annotations

from typing import TypeVar

import attrs
import pendulum
import pytest

from conflictevents import (
    AirspaceIncident,
    Attack,
    AttackKind,
    CasualtyCount,
    Category,
    Claim,
    ControlExtent,
    Curfew,
    LocationPrecision,
    MeasureKind,
    Medium,
    Negotiation,
    NegotiationStatus,
    Outcome,
    Publication,
    Qualifier,
    Quantity,
    ReconciliationStatus,
    Relation,
    Sanction,
    SanctionStatus,
    Stance,
    Statement,
    StatementKind,
    TerritorialControl,
    TimePrecision,
    TimeSpan,
    Verification,
    Vote,
    VoteResult,
    examples,
    reconcile,
)
from conflictevents.examples import (
    first_week_2022,
    first_week_2022_publication,
    first_week_2022_rows,
)
from conflictevents.reports import Duration, TimeUnit, Verdict

T = TypeVar("T")

ROW_IDS = (
    *(f"C{i}" for i in range(1, 8)),
    *(f"T{i}" for i in range(1, 5)),
    *(f"A{i}" for i in range(1, 5)),
    "N1",
    "N2",
    "N2b",
    "N3",
    *(f"S{i}" for i in range(1, 6)),
    "I1",
    *(f"D{i}" for i in range(1, 5)),
    "G1",
)
UNVERIFIED_ROWS = frozenset({"C1", "C2", "C3", "C4", "C5", "C6", "T3", "T4"})


def kyiv(day: int, hour: int = 0, *, month: int = 3, year: int = 2022) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, tz="Europe/Kyiv")


INVASION = kyiv(24, month=2)
WEDNESDAY = TimeSpan(start=kyiv(2), end=kyiv(3), precision=TimePrecision.DAY)
ABOUT_WEDNESDAY = attrs.evolve(WEDNESDAY, approximate=True)
EARLY_THURSDAY = TimeSpan(start=kyiv(3), end=kyiv(3, 6), precision=TimePrecision.PART_OF_DAY)
LATE_WEDNESDAY = TimeSpan(start=kyiv(2, 18), end=kyiv(3), precision=TimePrecision.PART_OF_DAY)
THURSDAY_MORNING = TimeSpan(start=kyiv(3, 6), end=kyiv(3, 12), precision=TimePrecision.PART_OF_DAY)
MONDAY = TimeSpan(start=kyiv(28, month=2), end=kyiv(1), precision=TimePrecision.DAY)
ABOUT_2_TO_3_MARCH = TimeSpan(
    start=kyiv(2), end=kyiv(4), precision=TimePrecision.INTERVAL, approximate=True
)
PUBLISHED = TimeSpan(start=kyiv(3), end=kyiv(4), precision=TimePrecision.DAY, approximate=True)
BY_WEDNESDAY = TimeSpan(end=kyiv(3), precision=TimePrecision.OPEN)


def so_far(until: pendulum.DateTime, *, approximate: bool = False) -> TimeSpan:
    """'since the invasion began' / 'so far', ending at the statement."""
    return TimeSpan(
        start=INVASION, end=until, precision=TimePrecision.INTERVAL, approximate=approximate
    )


@pytest.fixture(scope="module")
def rows():
    return first_week_2022_rows()


def subject_of(claim: Claim, cls: type[T]) -> T:
    assert isinstance(claim.subject, cls)
    return claim.subject


class TestCollection:
    """first_week_2022() covers the inventory and behaves like data."""

    def test_row_ids_in_inventory_order(self, rows):
        """The rows are keyed C1 … D4 then G1, in the inventory's order."""
        assert tuple(rows) == ROW_IDS

    def test_tuple_matches_rows(self, rows):
        """first_week_2022() is the rows' claims, in the same order."""
        assert first_week_2022() == tuple(rows.values())
        assert len(first_week_2022()) == 30

    def test_ids_distinct(self):
        """No two claims share an id."""
        ids = [claim.id for claim in first_week_2022()]
        assert len(set(ids)) == len(ids)

    def test_every_object_hashable(self):
        """Every claim and the publication hash, and the set of claims has 30 members."""
        claims = first_week_2022()
        assert len(set(claims)) == 30
        assert hash(first_week_2022_publication()) == hash(first_week_2022_publication())

    def test_deterministic(self):
        """Calls give back the same objects; building the rows afresh gives equal claims and ids."""
        first = first_week_2022()
        assert all(a is b for a, b in zip(first, first_week_2022(), strict=True))
        rebuilt = tuple(examples._rows.__wrapped__().values())  # past the cache
        assert all(a is not b for a, b in zip(first, rebuilt, strict=True))
        assert rebuilt == first
        assert [c.id for c in rebuilt] == [c.id for c in first]

    def test_ids_stable_when_rebuilt(self):
        """A claim rebuilt from its fields (id dropped) derives the same id."""
        for claim in first_week_2022():
            fields = attrs.asdict(claim, recurse=False)
            del fields["id"]
            assert Claim(**fields).id == claim.id

    def test_rows_read_only(self, rows):
        """The rows mapping cannot be changed by a caller."""
        with pytest.raises(TypeError):
            rows["X1"] = rows["C1"]

    def test_every_claim_reported_in_the_article(self):
        """Every claim is reported in the reference publication, and only there; C1 as the
        headline words it."""
        publication = first_week_2022_publication()
        others = [c for c in first_week_2022() if c is not first_week_2022_rows()["C1"]]
        assert all(c.reported_in == (publication,) for c in others)
        (headline,) = first_week_2022_rows()["C1"].reported_in
        assert attrs.evolve(headline, wording=None, figure=None) == publication

    def test_records_are_the_claims_then_the_assessments(self):
        """The example file's records: the claims, then the assessments."""
        records = examples.first_week_2022_records()
        assert records[:30] == first_week_2022()
        assert records[30:] == tuple(examples.first_week_2022_assessments().values())

    @pytest.mark.parametrize("row", ROW_IDS)
    def test_verification(self, rows, row):
        """Rows the outlet calls unverifiable are UNVERIFIED; the others are not assessed."""
        expected = Verification.UNVERIFIED if row in UNVERIFIED_ROWS else Verification.NOT_ASSESSED
        assert rows[row].verification is expected


class TestPublication:
    """The article's own provenance."""

    def test_headline_and_outlet(self):
        """The publication carries the headline and a news outlet."""
        publication = first_week_2022_publication()
        assert isinstance(publication, Publication)
        assert publication.title == (
            "Russia says nearly 500 of its troops killed as war ends first week"
        )
        assert publication.outlet.kind.value == "news_outlet"

    def test_published_about_3_march_retrieved_1_april_2023(self):
        """Published about 3 Mar 2022 (approximate day); retrieved on Saturday 1 Apr 2023."""
        publication = first_week_2022_publication()
        assert publication.published == PUBLISHED
        retrieved = publication.retrieved
        assert retrieved is not None
        assert retrieved.precision is TimePrecision.DAY
        assert not retrieved.approximate
        assert retrieved.start == kyiv(1, month=4, year=2023)
        assert retrieved.start.day_of_week == pendulum.SATURDAY

    def test_photo_credit_chain(self):
        """The photo credit runs Diego Herrera → EUROPA PRESS → dpa."""
        photo = [c for c in first_week_2022_publication().credits if c.item == "photo"]
        assert [s.name for s in photo[0].chain] == ["Diego Herrera", "EUROPA PRESS", "dpa"]


class TestCasualtyRows:
    """C1-C7: casualty figures, each with its claimant, period and qualifier."""

    @pytest.mark.parametrize(
        ("row", "claimant", "side", "category", "outcome", "value", "qualifier", "bounds"),
        [
            (
                "C1",
                "Russian Defence Ministry",
                "RU",
                Category.MILITARY,
                Outcome.KILLED,
                498,
                Qualifier.EXACT,
                (498, 498),
            ),
            (
                "C2",
                "Russian Defence Ministry",
                "RU",
                Category.MILITARY,
                Outcome.WOUNDED,
                1597,
                Qualifier.EXACT,
                (1597, 1597),
            ),
            (
                "C3",
                "Igor Konashenkov",
                "UA",
                Category.MILITARY,
                Outcome.KILLED,
                2870,
                Qualifier.EXACT,
                (2870, 2870),
            ),
            (
                "C4",
                "Igor Konashenkov",
                "UA",
                Category.MILITARY,
                Outcome.WOUNDED,
                3700,
                Qualifier.ABOUT,
                (3330, 4070),
            ),
            (
                "C5",
                "Volodymyr Zelensky",
                "RU",
                Category.MILITARY,
                Outcome.KILLED,
                9000,
                Qualifier.EXACT,
                (9000, 9000),
            ),
            (
                "C6",
                "Ukrainian Defence Ministry",
                "RU",
                Category.MILITARY,
                Outcome.KILLED,
                6000,
                Qualifier.ABOUT,
                (5400, 6600),
            ),
            (
                "C7",
                "Ukrainian State Emergency Service",
                "UA",
                Category.CIVILIAN,
                Outcome.KILLED,
                2000,
                Qualifier.AT_LEAST,
                (2000, None),
            ),
        ],
    )
    def test_figure(  # noqa: PLR0917 - one parameter per inventory column
        self, rows, row, claimant, side, category, outcome, value, qualifier, bounds
    ):
        """Each casualty row has the inventory's claimant, group, outcome and figure."""
        claim = rows[row]
        count = subject_of(claim, CasualtyCount)
        assert claim.claimant.name == claimant
        assert claim.stance is Stance.ASSERTS
        assert (count.side, count.category, count.outcome) == (side, category, outcome)
        assert count.quantity is not None
        assert count.quantity.value == value
        assert count.quantity.qualifier is qualifier
        assert count.quantity.bounds == bounds

    @pytest.mark.parametrize(
        ("row", "stated", "period"),
        [
            ("C1", WEDNESDAY, so_far(kyiv(3))),
            ("C2", WEDNESDAY, so_far(kyiv(3))),
            ("C3", WEDNESDAY, so_far(kyiv(3))),
            ("C4", WEDNESDAY, so_far(kyiv(3))),
            ("C5", EARLY_THURSDAY, so_far(kyiv(3, 6))),
            (
                "C6",
                TimeSpan(end=kyiv(3, 6), precision=TimePrecision.OPEN),
                TimeSpan(start=INVASION, precision=TimePrecision.OPEN),
            ),
            ("C7", ABOUT_2_TO_3_MARCH, so_far(kyiv(4), approximate=True)),
        ],
    )
    def test_times(self, rows, row, stated, period):
        """Each casualty row is stated when the inventory says, over the period it counts."""
        claim = rows[row]
        assert claim.stated == stated
        assert subject_of(claim, CasualtyCount).period == period

    def test_c1_ministry_in_moscow(self, rows):
        """C1's claimant is the Russian Defence Ministry, a Russian ministry."""
        source = rows["C1"].claimant
        assert (source.kind.value, source.country, source.side) == ("ministry", "RU", "RU")
        assert "Defence Ministry in Moscow" in source.aliases

    def test_c3_c4_spokesman_speaks_for_ministry(self, rows):
        """Konashenkov (C3, C4) speaks for the Russian Defence Ministry."""
        for row in ("C3", "C4"):
            claimant = rows[row].claimant
            assert claimant.role == "spokesman"
            assert claimant.organisation == rows["C1"].claimant

    def test_c5_video_message_with_alias(self, rows):
        """C5 is Zelensky's video message; the text's spelling "Zelenksy" is an alias."""
        claim = rows["C5"]
        assert claim.medium is Medium.VIDEO_MESSAGE
        assert {"Zelenksy", "Zelensky"} <= claim.claimant.names
        assert claim.claimant.side == "UA"

    def test_c6_stated_before_c5(self, rows):
        """C6 ("previously") cannot have been stated after C5 could have been."""
        c5, c6 = rows["C5"].stated, rows["C6"].stated
        assert c5 is not None
        assert c6 is not None
        assert c6.start is None
        assert c6.end == c5.end

    def test_c5_later_than_c1(self, rows):
        """C5 ("later") was stated no earlier than C1 could have ended."""
        c1, c5 = rows["C1"].stated, rows["C5"].stated
        assert c1 is not None
        assert c5 is not None
        assert c1.end is not None
        assert c5.start is not None
        assert c1.end <= c5.start

    def test_c1_is_the_headline_nearly_500(self, rows):
        """The headline words C1 "nearly 500", which allows the ministry's exact 498."""
        ((headline, figure),) = rows["C1"].wordings
        assert figure == Quantity(value=500, qualifier=Qualifier.NEARLY)
        assert headline.wording == "Russia says nearly 500 of its troops killed"
        assert rows["C1"].quantity == Quantity(value=498)  # the claimant's figure
        low, high = figure.bounds
        assert low is not None
        assert high is not None
        assert low <= rows["C1"].quantity.value <= high
        assert "nearly 500" in (first_week_2022_publication().title or "")

    def test_c7_in_ukraine(self, rows):
        """C7 counts civilians in Ukraine."""
        place = subject_of(rows["C7"], CasualtyCount).place
        assert place is not None
        assert (place.name, place.precision) == ("Ukraine", LocationPrecision.COUNTRY)


class TestGap:
    """G1: Ukraine gave no figure for its own losses: unknown, not zero."""

    def test_no_figure(self, rows):
        """The gap is a claim about Ukrainian military casualties with no Quantity at all."""
        claim = rows["G1"]
        count = subject_of(claim, CasualtyCount)
        assert count.quantity is None
        assert claim.quantity is None
        assert (count.side, count.category, count.outcome) == (
            "UA",
            Category.MILITARY,
            Outcome.CASUALTIES,
        )

    def test_said_by_the_outlet_at_publication(self, rows):
        """The outlet states the gap, when it published the article."""
        claim = rows["G1"]
        assert claim.claimant == first_week_2022_publication().outlet
        assert claim.stated == PUBLISHED
        assert claim.quote is not None
        assert "has not given any current information" in claim.quote


class TestTerritoryRows:
    """T1-T4: control and battlefield claims."""

    def test_t1_russia_asserts_full_control_of_kherson(self, rows):
        """T1: the Russian military asserts full control of Kherson on Wednesday."""
        claim = rows["T1"]
        control = subject_of(claim, TerritorialControl)
        assert claim.claimant.name == "Russian military"
        assert claim.claimant.side == "RU"
        assert claim.stance is Stance.ASSERTS
        assert (control.place.name, control.controller, control.extent) == (
            "Kherson",
            "RU",
            ControlExtent.FULL,
        )
        assert claim.stated == WEDNESDAY

    def test_t2_ukraine_denies_the_same_proposition(self, rows):
        """T2: Ukraine denies exactly T1's proposition, so the two contest it."""
        claim = rows["T2"]
        assert claim.claimant.side == "UA"
        assert claim.stance is Stance.DENIES
        assert claim.subject == rows["T1"].subject
        assert claim.stated == WEDNESDAY

    def test_t2_still_being_contested_is_an_assessment(self, rows):
        """T2's "still being contested" is Ukraine's assessment of the subject."""
        assessment = examples.first_week_2022_assessments()["T2"]
        assert assessment.assessor == rows["T2"].claimant
        assert assessment.verdict is Verdict.CONTESTED
        assert assessment.subject == rows["T1"].subject
        assert assessment.claim is None
        assert assessment.stated == WEDNESDAY
        assert assessment.quote == "the city was still being contested"

    def test_t3_makariv_retaken(self, rows):
        """T3: Ukrainian military reports say Makariv, west of the Kyiv region, was retaken."""
        claim = rows["T3"]
        control = subject_of(claim, TerritorialControl)
        assert claim.claimant.name == "Ukrainian military"
        assert claim.medium is Medium.REPORT
        assert (control.place.name, control.controller, control.change) == ("Makariv", "UA", True)
        relative = control.place.relative_to
        assert relative is not None
        assert relative.relation is Relation.IN_WEST_OF
        assert relative.anchor.name == "Kyiv region"
        assert "Kiev region" in relative.anchor.aliases
        assert claim.stated == ABOUT_WEDNESDAY

    def test_t4_success_near_horlivka(self, rows):
        """T4: Ukrainian soldiers report a success near Horlivka, in the Donbas."""
        claim = rows["T4"]
        attack = subject_of(claim, Attack)
        assert claim.claimant.name == "Ukrainian soldiers"
        assert attack.kind is AttackKind.ENGAGEMENT
        assert attack.outcome is not None
        assert "success" in attack.outcome
        assert attack.place is not None
        relative = attack.place.relative_to
        assert relative is not None
        assert (relative.relation, relative.anchor.name) == (Relation.NEAR, "Horlivka")
        assert relative.anchor.region == "Donbas"
        assert claim.stated == ABOUT_WEDNESDAY


class TestAttackRows:
    """A1-A4: attacks reported in the article."""

    def test_a1_russian_attacks_on_wednesday(self, rows):
        """A1: the outlet reports Russian attacks on Ukraine on Wednesday."""
        claim = rows["A1"]
        attack = subject_of(claim, Attack)
        assert claim.claimant == first_week_2022_publication().outlet
        assert attack.attacker is not None
        assert attack.attacker.side == "RU"
        assert attack.place is not None
        assert attack.place.name == "Ukraine"
        assert attack.when == WEDNESDAY

    def test_a2_explosions_in_kyiv_early_thursday(self, rows):
        """A2: explosions and air-raid sirens in Kyiv ("Kiev") early Thursday."""
        attack = subject_of(rows["A2"], Attack)
        assert attack.kind is AttackKind.EXPLOSION
        assert attack.place is not None
        assert attack.place.name == "Kyiv"
        assert "Kiev" in attack.place.aliases
        assert attack.when == EARLY_THURSDAY
        assert attack.effects == ("air raid sirens",)
        assert attack.count == Quantity(qualifier=Qualifier.BETWEEN, low=3, high=9)  # several
        assert attack.description is None

    def test_a3_blast_at_main_station(self, rows):
        """A3: the railway company reports a blast at Kyiv's main station, earlier, slight damage."""
        claim = rows["A3"]
        attack = subject_of(claim, Attack)
        assert claim.claimant.kind.value == "company"
        assert attack.place is not None
        assert attack.place.name == "Kyiv main railway station"
        assert attack.place.precision is LocationPrecision.POINT
        assert attack.damage is not None
        assert "slight damage" in attack.damage
        assert attack.when is not None
        assert attack.when.is_open
        assert attack.when.start is None

    def test_a4_kharkiv_over_a_million(self, rows):
        """A4: renewed attacks on Kharkiv, population "over a million"."""
        attack = subject_of(rows["A4"], Attack)
        assert attack.place is not None
        assert attack.place.name == "Kharkiv"
        population = attack.place.population
        assert population is not None
        assert (population.value, population.qualifier) == (1_000_000, Qualifier.MORE_THAN)
        assert population.bounds == (1_000_001, None)
        assert attack.when == ABOUT_2_TO_3_MARCH


class TestNegotiationRows:
    """N1-N3: talks and the appeal for a ceasefire."""

    def test_n1_first_round_monday(self, rows):
        """N1: the first round, held Monday at the Belarusian-Ukrainian border, no results."""
        talks = subject_of(rows["N1"], Negotiation)
        assert talks.round == 1
        assert talks.parties == frozenset({"RU", "UA"})
        assert talks.status is NegotiationStatus.HELD
        assert talks.held == MONDAY
        assert talks.venue is not None
        assert talks.venue.precision is LocationPrecision.LINEAR
        assert talks.outcome == "no tangible results"

    def test_n2_second_round_planned(self, rows):
        """N2: Medinsky tells Ria Novosti late Wednesday of talks planned Thursday morning."""
        claim = rows["N2"]
        talks = subject_of(claim, Negotiation)
        assert claim.claimant.name == "Vladimir Medinsky"
        assert [s.name for s in claim.via] == ["Ria Novosti"]
        assert claim.stated == LATE_WEDNESDAY
        assert talks.round == 2
        assert talks.status is NegotiationStatus.PLANNED
        assert talks.scheduled == THURSDAY_MORNING
        assert talks.delegation_heads == (claim.claimant,)
        assert talks.agenda == ("possible ceasefire",)
        assert talks.venue is not None
        assert (talks.venue.name, talks.venue.country) == ("Brest region", "BY")
        assert talks.description is None  # every part of it is typed
        (corridor,) = talks.corridors
        assert (corridor.provided_by.name, corridor.for_party) == ("Russian military", "UA")
        assert corridor.purpose == "the Ukrainian delegation's passage"

    def test_n2b_ukraine_confirms_the_same_talks(self, rows):
        """N2b: Ukraine confirms the second round, not its time or place: same event as N2."""
        claim = rows["N2b"]
        talks = subject_of(claim, Negotiation)
        assert claim.claimant.name == "Ukraine"
        assert claim.claimant.side == "UA"
        assert claim.stance is Stance.ASSERTS
        assert talks.id == subject_of(rows["N2"], Negotiation).id
        assert (talks.round, talks.status) == (2, NegotiationStatus.PLANNED)
        assert talks.venue is None
        assert talks.scheduled is None

    def test_n3_ceasefire_appeal(self, rows):
        """N3: Ukraine's Foreign Ministry urges Russia to a ceasefire in Kharkiv and Sumy."""
        claim = rows["N3"]
        statement = subject_of(claim, Statement)
        assert claim.claimant.name == "Ukrainian Foreign Ministry"
        assert statement.kind is StatementKind.APPEAL
        assert statement.addressee == "RU"
        assert [p.name for p in statement.concerning] == ["Kharkiv region", "Sumy region"]
        assert claim.stated == ABOUT_WEDNESDAY


class TestSanctionRows:
    """S1-S5: sanctions and restrictive measures."""

    @pytest.mark.parametrize(
        ("row", "authorities", "entity_country", "measure", "announced", "status"),
        [
            (
                "S1",
                ["European states", "United States"],
                "RU",
                MeasureKind.AIRSPACE_CLOSURE,
                None,
                SanctionStatus.IN_FORCE,
            ),
            (
                "S2",
                ["International bodies"],
                "RU",
                MeasureKind.EVENT_BAN,
                None,
                SanctionStatus.IN_FORCE,
            ),
            (
                "S3",
                ["Western governments"],
                "RU",
                MeasureKind.FINANCIAL_RESTRICTIONS,
                None,
                SanctionStatus.IN_FORCE,
            ),
            (
                "S4",
                ["United States"],
                "RU",
                MeasureKind.OTHER,
                WEDNESDAY,
                SanctionStatus.ANNOUNCED,
            ),
            (
                "S5",
                ["United States"],
                "BY",
                MeasureKind.EXPORT_CONTROLS,
                WEDNESDAY,
                SanctionStatus.ANNOUNCED,
            ),
        ],
    )
    def test_sanction(  # noqa: PLR0917 - one parameter per inventory column
        self, rows, row, authorities, entity_country, measure, announced, status
    ):
        """Each sanction row has its authority, target, measure and time."""
        claim = rows[row]
        sanction = subject_of(claim, Sanction)
        assert claim.claimant == first_week_2022_publication().outlet
        assert [s.name for s in sanction.authority] == authorities
        assert sanction.entity_country == entity_country
        assert sanction.measures == frozenset({measure})
        assert sanction.announced == announced
        assert sanction.status is status
        if announced is None:
            assert sanction.effective == BY_WEDNESDAY

    def test_s5_high_tech_exports(self, rows):
        """S5 restricts high-tech exports to Belarus."""
        sanction = subject_of(rows["S5"], Sanction)
        assert sanction.entity == "Belarus"
        assert any("high-tech" in p for p in sanction.provisions)


class TestIncidentRow:
    """I1: Russian jets in Swedish airspace east of Gotland."""

    def test_aircraft(self, rows):
        """I1 has two Su-27 and two Su-24, four in all, Russian, in Swedish airspace."""
        incident = subject_of(rows["I1"], AirspaceIncident)
        assert [(a.model, a.count) for a in incident.aircraft] == [("Su-27", 2), ("Su-24", 2)]
        assert incident.total == 4
        assert incident.aircraft_total == 4
        assert (incident.operator_state, incident.violated_state) == ("RU", "SE")
        assert incident.when == WEDNESDAY
        assert incident.duration == Duration(wording="briefly")  # no figure given

    def test_place_east_of_gotland(self, rows):
        """I1 happened east of Gotland: a place relative to the island."""
        place = subject_of(rows["I1"], AirspaceIncident).place
        assert place is not None
        assert place.relative_to is not None
        assert (place.relative_to.relation, place.relative_to.anchor.name) == (
            Relation.EAST_OF,
            "Gotland",
        )

    def test_documented_and_condemned(self, rows):
        """The Swedish Air Force documented I1; Edström, for Sweden, called it irresponsible."""
        claim = rows["I1"]
        incident = subject_of(claim, AirspaceIncident)
        assert [s.name for s in incident.documented_by] == ["Swedish Air Force"]
        assert claim.claimant.name == "Sweden"  # "Sweden said ..."
        (channel,) = claim.via
        assert channel.name == "Carl-Johan Edström"
        assert channel.role == "Air Force Chief"
        assert channel.organisation.name == "Sweden"
        assert claim.quote == (
            "This is an unprofessional and irresponsible action on the part of Russia."
        )
        assert claim.stated == WEDNESDAY


class TestDiplomacyRows:
    """D1-D4: the UN vote, Blinken, Zelensky's quote, the Kyiv curfew."""

    def test_d1_un_general_assembly(self, rows):
        """D1: the UN General Assembly's emergency session adopts a resolution on Wednesday."""
        vote = subject_of(rows["D1"], Vote)
        assert vote.body.name == "UN General Assembly"
        assert vote.result is VoteResult.ADOPTED
        assert vote.session == "emergency special session"
        assert vote.ordinal == 11  # "only the 11th of its kind"
        assert vote.ordinal_within == Duration(  # "in more than 70 years"
            amount=Quantity(value=70, qualifier=Qualifier.MORE_THAN), unit=TimeUnit.YEARS
        )
        assert vote.when == WEDNESDAY
        assert vote.votes_for is None  # "a large majority": no figure given

    def test_d2_blinken(self, rows):
        """D2: Blinken says, quoted verbatim at the State Department, a path stays open."""
        claim = rows["D2"]
        statement = subject_of(claim, Statement)
        assert claim.claimant.name == "Antony Blinken"
        assert claim.claimant.role == "Secretary of State"
        assert claim.quote is not None
        assert claim.quote.startswith("We of course remain open to pursuing any reasonable path")
        assert statement.verbatim
        assert statement.text == claim.quote
        assert statement.place is not None
        assert statement.place.name == "US State Department"

    def test_d3_zelensky_quote(self, rows):
        """D3: Zelensky's "resistance so fierce" quote, verbatim."""
        claim = rows["D3"]
        statement = subject_of(claim, Statement)
        assert claim.claimant == rows["C5"].claimant
        assert claim.quote == (
            "Resistance so fierce that they will forever remember that we will not give up"
            " what is ours."
        )
        assert statement.verbatim
        assert statement.speaker == claim.claimant

    def test_d4_kyiv_curfew(self, rows):
        """D4: the authorities in Kyiv declared a curfew (caption dated 2 March)."""
        curfew = subject_of(rows["D4"], Curfew)
        assert curfew.place.name == "Kyiv"
        assert curfew.authority.country == "UA"
        assert curfew.declared == WEDNESDAY


class TestReconciled:
    """The example's typed facts show in its reconciliation."""

    def test_kherson_is_contested_and_shows_ukraines_assessment(self, rows):
        """Kherson stays contested, with "still being contested" beside the status."""
        result = reconcile(examples.first_week_2022_records()).of(rows["T1"])
        assert result.status is ReconciliationStatus.CONTESTED
        assert [a.verdict for a in result.assessments] == [Verdict.CONTESTED]

    def test_second_round_has_two_claimants(self, rows):
        """Russia's account (N2) and Ukraine's confirmation (N2b) are one subject."""
        result = reconcile(first_week_2022()).of(rows["N2"])
        assert {c.id for c in result.claims} == {rows["N2"].id, rows["N2b"].id}
        assert result.claimants == ("Russia (RU)", "Ukraine (UA)")
        assert result.status is ReconciliationStatus.CONSISTENT

    def test_c1_reconciles_on_the_ministrys_figure(self, rows):
        """The headline's "nearly 500" never replaces the ministry's 498."""
        result = reconcile(first_week_2022()).of(rows["C1"])
        assert result.range is not None
        assert result.range.low == 498
