"""Comparison helpers: same subject, figures, diff, provenance, same event, names."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import (
    Agreement,
    AircraftCount,
    AirspaceIncident,
    Attack,
    AttackKind,
    Location,
    LocationPrecision,
    Publication,
    Qualifier,
    Quantity,
    Source,
    SourceKind,
    compare_figures,
    dedupe,
    diff,
    equal_except_provenance,
    name_key,
    names_match,
    same_event,
    same_place,
    same_subject,
)
from conflictevents import strategies as cst
from conflictevents.examples import first_week_2022, first_week_2022_rows

_LAWS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def rows():
    return first_week_2022_rows()


class TestSameSubject:
    def test_reference_casualties(self, rows):
        """C1, C5 and C6 are about one figure; C1 and C2 (killed vs injured) are not."""
        assert same_subject(rows["C1"], rows["C5"])
        assert same_subject(rows["C6"], rows["C5"])
        assert not same_subject(rows["C1"], rows["C2"])
        assert not same_subject(rows["C1"], rows["C3"])

    def test_kherson(self, rows):
        """The assertion and the denial about Kherson are about one proposition."""
        assert same_subject(rows["T1"], rows["T2"])
        assert not same_subject(rows["T1"], rows["T3"])

    @given(cst.claims())
    def test_reflexive(self, claim):
        """Every claim is about the same subject as itself and as its subject."""
        assert same_subject(claim, claim)
        assert same_subject(claim, claim.subject)


class TestCompareFigures:
    def test_conflict_with_ratio(self):
        """498 and 9,000 conflict, by a factor of about 18."""
        result = compare_figures(Quantity(value=498), Quantity(value=9000))
        assert result.agreement is Agreement.CONFLICT
        assert result.ratio is not None
        assert round(result.ratio) == 18

    def test_about_and_nearly_agree(self):
        """ "About 3,700" and "nearly 3,700" name the same number within shared bounds."""
        about = Quantity(value=3700, qualifier=Qualifier.ABOUT)
        nearly = Quantity(value=3700, qualifier=Qualifier.NEARLY)
        assert compare_figures(about, nearly).agreement is Agreement.AGREE
        assert compare_figures(about, nearly).ratio == 1.0

    def test_lower_bounds_overlap(self):
        """ "At least 2,000" and "more than 350" could both be true: they overlap."""
        at_least = Quantity(value=2000, qualifier=Qualifier.AT_LEAST)
        more_than = Quantity(value=350, qualifier=Qualifier.MORE_THAN)
        assert compare_figures(at_least, more_than).agreement is Agreement.OVERLAP

    def test_about_6000_conflicts_with_9000(self):
        """ "Around 6,000" (5,400-6,600) and 9,000 conflict."""
        about = Quantity(value=6000, qualifier=Qualifier.ABOUT)
        assert compare_figures(about, Quantity(value=9000)).agreement is Agreement.CONFLICT

    def test_zero(self):
        """A ratio against zero is undefined, zero against zero is 1."""
        assert compare_figures(Quantity(value=0), Quantity(value=5)).ratio is None
        assert compare_figures(Quantity(value=0), Quantity(value=0)).ratio == 1.0

    @given(cst.quantities(), cst.quantities())
    def test_symmetric(self, a, b):
        """Comparing a with b gives the same answer as b with a; ratios are at least 1."""
        ab, ba = compare_figures(a, b), compare_figures(b, a)
        assert ab == ba
        assert ab.ratio is None or ab.ratio >= 1.0

    @given(cst.quantities())
    def test_figure_agrees_with_itself(self, q):
        """Every figure agrees with itself."""
        assert compare_figures(q, q).agreement is Agreement.AGREE


class TestDiff:
    def test_paths(self):
        """Differences are reported with JSON paths to the leaves."""
        about = Quantity(value=3700, qualifier=Qualifier.ABOUT)
        paths = [d.path for d in diff(about, Quantity(value=3700))]
        assert paths == ["$.qualifier", "$.low", "$.high"]

    def test_nested_claim_paths(self, rows):
        """A claim's figure differs at $.subject.quantity.*."""
        c1 = rows["C1"]
        other = attrs.evolve(c1, subject=attrs.evolve(c1.subject, quantity=Quantity(value=500)))
        found = {d.path: (d.left, d.right) for d in diff(c1, other)}
        assert found["$.subject.quantity.value"] == (498, 500)
        assert found["$.subject.quantity.low"] == (498, 500)

    def test_tuple_lengths(self, rows):
        """An extra item in a tuple shows up at its index, with None on the short side."""
        c1 = rows["C1"]
        extra = attrs.evolve(c1, reported_in=(*c1.reported_in, *c1.reported_in), id="c1")
        assert diff(attrs.evolve(c1, id="c1"), extra) == (
            ("$.reported_in[1]", None, c1.reported_in[0]),
        )

    @_LAWS
    @given(cst.claims(), cst.claims())
    def test_empty_exactly_when_equal(self, a, b):
        """diff(a, b) is empty exactly when a == b, and diff(a, a) is always empty."""
        assert (diff(a, b) == ()) == (a == b)
        assert diff(a, a) == ()

    @_LAWS
    @given(cst.records(), cst.records())
    def test_swapping_swaps_sides(self, a, b):
        """diff(b, a) reports the same paths with left and right swapped."""
        assert [(d.path, d.right, d.left) for d in diff(b, a)] == [tuple(d) for d in diff(a, b)]


class TestProvenance:
    def test_different_outlets(self, rows):
        """The same claim published by another outlet is equal except for provenance."""
        c1 = rows["C1"]
        other = Publication(outlet=Source(name="Reuters", kind=SourceKind.NEWS_AGENCY))
        relayed = attrs.evolve(c1, reported_in=(other,), via=(), id="claim-relayed")
        assert relayed != c1
        assert equal_except_provenance(c1, relayed)

    def test_content_matters(self, rows):
        """Claims with different figures are not equal, whoever published them."""
        assert not equal_except_provenance(rows["C1"], rows["C5"])

    @given(cst.claims(), cst.publications())
    def test_republishing_law(self, claim, publication):
        """Adding a publication never changes the content."""
        republished = attrs.evolve(claim, reported_in=(*claim.reported_in, publication))
        assert equal_except_provenance(claim, republished)


_SE = "SE"


def _incident(**kwargs: object) -> AirspaceIncident:
    return AirspaceIncident(violated_state=_SE, operator_state="RU", **kwargs)  # type: ignore[arg-type]


class TestSameEvent:
    def test_incident_told_twice(self, rows):
        """Sweden's account (two Su-27, two Su-24) and an agency's ("four jets") match."""
        incident = rows["I1"].subject
        assert isinstance(incident, AirspaceIncident)
        agency = _incident(total=4, when=incident.when, place=Location(name="Gotland"))
        assert same_event(incident, agency)
        assert same_event(agency, incident)

    def test_different_total_differs(self, rows):
        """Two jets are not four: a different aircraft total is another incident."""
        incident = rows["I1"].subject
        assert isinstance(incident, AirspaceIncident)
        other = _incident(total=2, when=incident.when)
        assert not same_event(incident, other)

    def test_kiev_and_kyiv(self):
        """Explosions in "Kiev" and in "Kyiv" on the same night are one event."""
        a2 = next(
            c.subject
            for c in first_week_2022()
            if isinstance(c.subject, Attack)
            and c.subject.kind is AttackKind.EXPLOSION
            and c.subject.when is not None
            and c.subject.place is not None
            and c.subject.place.name == "Kyiv"
        )
        wire = Attack(kind=AttackKind.EXPLOSION, place=Location(name="Kiev"), when=a2.when)
        assert same_event(a2, wire)

    def test_no_evidence_no_match(self):
        """Two attacks without time or place are not assumed to be one."""
        assert not same_event(Attack(target="a bridge"), Attack(target="a depot"))

    def test_far_apart_in_time(self, rows):
        """The same kind of attack a week later is another event."""
        a2 = rows["A2"].subject
        assert isinstance(a2, Attack)
        assert a2.when is not None
        assert a2.when.start is not None
        later = attrs.evolve(
            a2,
            when=attrs.evolve(
                a2.when, start=a2.when.start.add(days=7), end=a2.when.end.add(days=7)
            ),
            id="attack-x",
        )
        assert not same_event(a2, later)

    @given(cst.events(), cst.events())
    def test_symmetric(self, a, b):
        """same_event is symmetric and reflexive."""
        assert same_event(a, b) == same_event(b, a)
        assert same_event(a, a)


class TestDedupe:
    def test_groups_and_keeps_every_report(self, rows):
        """Two reports of one incident form one group; every input event is kept."""
        incident = rows["I1"].subject
        assert isinstance(incident, AirspaceIncident)
        agency = _incident(total=4, when=incident.when)
        other = _incident(total=2, when=incident.when)
        groups = dedupe([other, incident, agency])
        assert sorted(len(g) for g in groups) == [1, 2]
        assert {e.id for g in groups for e in g} == {incident.id, agency.id, other.id}

    @_LAWS
    @given(st.lists(cst.events(), max_size=8), st.randoms(use_true_random=False))
    def test_order_independent(self, events, rnd):
        """Grouping does not depend on the input order, and no event is lost."""
        shuffled = list(events)
        rnd.shuffle(shuffled)
        groups = dedupe(events)
        assert dedupe(shuffled) == groups
        assert {e.id for g in groups for e in g} == {e.id for e in events}

    @_LAWS
    @given(st.lists(cst.events(), min_size=1, max_size=6), st.randoms(use_true_random=False))
    def test_retellings_join_their_event_in_any_order(self, events, rnd):
        """A second report of an event (new id, other wording) lands in its group, whatever the order."""
        retold = [
            attrs.evolve(e, id=f"{e.id}-retold", description="as told by another outlet")
            for e in events
        ]
        mixed = events + retold
        rnd.shuffle(mixed)
        groups = dedupe(mixed)
        assert dedupe(list(reversed(mixed))) == groups
        group_of = {e.id: i for i, g in enumerate(groups) for e in g}
        assert set(group_of) == {e.id for e in mixed}
        for original, copy in zip(events, retold, strict=True):
            if same_event(original, copy):
                assert group_of[original.id] == group_of[copy.id]


class TestNames:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Zelenksy", "Zelensky"),
            ("Zelenskyy", "Zelensky"),
            ("Zelenskiy", "Zelenskyy"),
            ("Zelens'kyj", "Zelensky"),
            ("Su-27", "SU-27"),
            ("Su-27", "Su 27"),
            ("Kharkov", "Kharkiv"),
            ("Kiev", "Kyiv"),
            ("Lugansk", "Luhansk"),
            ("Odessa", "Odesa"),
            ("Chernigov", "Chernihiv"),
            ("Zaporižžja", "Zaporizzja"),
            ("Russian Defence Ministry", "Russian Defense Ministry"),
        ],
    )
    def test_variants_match(self, a, b):
        """Spelling variants, transliterations and single-letter slips match."""
        assert names_match(a, b)
        assert names_match(b, a)

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Zelensky", "Zelenska"),
            ("Su-27", "Su-24"),
            ("Su-27", "Su-270"),
            ("Lviv", "Kyiv"),
            ("Sumy", "Suma"),
            ("Kherson", "Kharkiv"),
            ("Irpin", "Irpen'"),
            ("Bucha", "Buchach"),
        ],
    )
    def test_false_matches_guarded(self, a, b):
        """Different people, aircraft and places never match."""
        assert not names_match(a, b)

    def test_typos_can_be_switched_off(self):
        """Without typo tolerance only equal skeletons match."""
        assert not names_match("Zelenksy", "Zelensky", typos=False)
        assert names_match("Zelenskyy", "Zelensky", typos=False)

    def test_aliases(self):
        """Named things match through their aliases."""
        kyiv = Location(name="Kyiv", aliases=frozenset({"Kyjiw"}))
        assert names_match(kyiv, "kyjiw")
        assert names_match(kyiv, Location(name="Kiev"))

    @given(st.text(max_size=20))
    def test_key_idempotent(self, name):
        """The skeleton of a skeleton is itself."""
        assert name_key(name_key(name)) == name_key(name)

    def test_aircraft_model_names(self):
        """Aircraft designations compare by skeleton, never bending digits."""
        assert name_key(AircraftCount(model="SU-27", count=2).model) == name_key("Su-27")


class TestSamePlace:
    def test_containment(self, rows):
        """A station in Kyiv is in Kyiv; near Horlivka relates to Horlivka; Ukraine holds Kyiv."""
        station = Location(name="Kyiv main railway station", region="Kyiv")
        assert same_place(station, Location(name="Kiev"))
        ukraine = Location(name="Ukraine", country="UA", precision=LocationPrecision.COUNTRY)
        assert same_place(Location(name="Kyiv", country="UA"), ukraine)

    def test_countries_differ(self):
        """Places in different countries never match."""
        assert not same_place(
            Location(name="Brest", country="BY"), Location(name="Brest", country="FR")
        )
