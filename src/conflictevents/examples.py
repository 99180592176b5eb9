"""Shipped example data: the reference article as library objects.

:func:`first_week_2022` returns every fact of the wire-service article "Russia says
nearly 500 of its troops killed as war ends first week" (published about 3 March 2022,
retrieved 1 April 2023) as :class:`~conflictevents.Claim` objects: the casualty figures
of both sides, the contested control of Kherson, attacks, talks, sanctions, Sweden's
airspace incident, diplomacy, and the gap the article names (Ukraine gave no figure for
its own losses). :func:`first_week_2022_rows` addresses them by the row ids of the fact
inventory (``"C1"`` … ``"D4"``, ``"G1"`` for the gap).

Conventions:

* Every row is a claim. Who says it is the claimant; events the outlet reports itself
  (attacks, sanctions, the UN vote) are claims by the outlet whose subject is the event.
* Times are resolved against the article's dateline, Thursday 3 March 2022, in
  ``Europe/Kyiv``: "Wednesday" is 2 March, "early Thursday" is 3 March 00:00-06:00.
* Sides are ISO codes: ``"RU"`` and ``"UA"``.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import attrs
import pendulum

from ._assessments import Assessment, Verdict
from ._claims import (
    CasualtyCount,
    Category,
    Claim,
    ControlExtent,
    Medium,
    Outcome,
    Stance,
    Subject,
    TerritorialControl,
    Verification,
)
from ._durations import Duration
from ._events import (
    AircraftCount,
    AirspaceIncident,
    Attack,
    AttackKind,
    Corridor,
    Curfew,
    MeasureKind,
    Negotiation,
    NegotiationStatus,
    Sanction,
    SanctionStatus,
    Statement,
    StatementKind,
    Vote,
    VoteResult,
)
from ._locations import Location, LocationPrecision, Relation, RelativePlace
from ._quantity import Qualifier, Quantity
from ._resolve import resolve_time
from ._sources import Credit, Publication, Source, SourceKind
from ._time import TimeSpan

__all__ = [
    "KYIV",
    "first_week_2022",
    "first_week_2022_assessments",
    "first_week_2022_publication",
    "first_week_2022_records",
    "first_week_2022_rows",
    "samples",
]

KYIV = "Europe/Kyiv"
"""The time zone every time of the reference article is resolved in."""

# -- times: small helpers, so that they can be switched to resolve_time --------------


def _at(day: int, hour: int = 0, *, month: int = 3) -> pendulum.DateTime:
    """An instant of 2022 in Kyiv (March unless ``month`` says otherwise)."""
    return pendulum.datetime(2022, month, day, hour, tz=KYIV)


_INVASION_START = _at(24, month=2)
"""Thursday 24 February 2022, 00:00 in Kyiv: "since the invasion began"."""
_DATELINE = dt.date(2022, 3, 3)
"""Thursday 3 March 2022: the dateline the article's time words resolve against."""
_ANCHORS: Mapping[str, dt.date] = types.MappingProxyType(
    {"invasion": _INVASION_START.date(), "war": _INVASION_START.date()}
)


def _day(day: int, *, month: int = 3, approximate: bool = False) -> TimeSpan:
    """A whole day of 2022 in Kyiv: "on Wednesday" (2 March)."""
    return TimeSpan.day(dt.date(2022, month, day), tz=KYIV, approximate=approximate)


def _words(text: str, reference: dt.date | dt.datetime = _DATELINE) -> TimeSpan:
    """The span the article's words denote, resolved against its dateline in Kyiv."""
    return resolve_time(text, reference=reference, tz=KYIV, anchors=_ANCHORS)


def _wednesday() -> TimeSpan:
    """Wednesday 2 March 2022 ("on Wednesday")."""
    return _words("Wednesday")


def _about_wednesday() -> TimeSpan:
    """About 2 March: a fact the article places around Wednesday without saying so."""
    return _day(2, approximate=True)


def _monday() -> TimeSpan:
    """Monday 28 February 2022 ("on Monday")."""
    return _words("Monday")


def _early_thursday() -> TimeSpan:
    """Early Thursday: 3 March 2022, 00:00-06:00."""
    return _words("early Thursday")


def _late_wednesday() -> TimeSpan:
    """Late Wednesday: 2 March 2022, 18:00-24:00."""
    return _words("late Wednesday")


def _thursday_morning() -> TimeSpan:
    """Thursday morning: 3 March 2022, 06:00-12:00."""
    return _words("Thursday morning")


def _about_2_to_3_march() -> TimeSpan:
    """About 2-3 March: the days the article covers, when it gives no day."""
    return TimeSpan.between(_at(2), _at(4), approximate=True)


def _by_wednesday() -> TimeSpan:
    """Some time up to the end of Wednesday 2 March ("now banned", "by 2 March")."""
    return TimeSpan.until(_at(3))


def _since_invasion(stated: TimeSpan) -> TimeSpan:
    """Since the invasion began, or "so far": from 24 February to the statement's end."""
    if stated.end is None:
        return TimeSpan.since(_INVASION_START)
    return TimeSpan.between(_INVASION_START, stated.end, approximate=stated.approximate)


def _since_the_war_began() -> TimeSpan:
    """Since the war began, in a statement of unknown date: open-ended."""
    return _words("since the war began")


def _before_early_thursday() -> TimeSpan:
    """Previously, or earlier: some time before the end of early Thursday."""
    return _words("previously", reference=_early_thursday().end or _at(3, 6))


# -- places ---------------------------------------------------------------------------

_UKRAINE = Location(name="Ukraine", country="UA", precision=LocationPrecision.COUNTRY)
_BELARUS = Location(name="Belarus", country="BY", precision=LocationPrecision.COUNTRY)
_KYIV = Location(name="Kyiv", aliases=frozenset({"Kiev"}), country="UA")
_KYIV_REGION = Location(
    name="Kyiv region",
    aliases=frozenset({"Kiev region", "Kyiv Oblast"}),
    country="UA",
    precision=LocationPrecision.REGION,
)
_KYIV_MAIN_STATION = Location(
    name="Kyiv main railway station",
    aliases=frozenset({"Kiev main station"}),
    country="UA",
    region="Kyiv",
    precision=LocationPrecision.POINT,
)
_KHERSON = Location(name="Kherson", country="UA")
_KHARKIV = Location(
    name="Kharkiv",
    country="UA",
    population=Quantity(value=1_000_000, qualifier=Qualifier.MORE_THAN),
)
_KHARKIV_REGION = Location(name="Kharkiv region", country="UA", precision=LocationPrecision.REGION)
_SUMY_REGION = Location(name="Sumy region", country="UA", precision=LocationPrecision.REGION)
_MAKARIV = Location(
    name="Makariv",
    country="UA",
    region="Kyiv region",
    relative_to=RelativePlace(relation=Relation.IN_WEST_OF, anchor=_KYIV_REGION),
)
_HORLIVKA = Location(
    name="Horlivka", aliases=frozenset({"Gorlovka"}), country="UA", region="Donbas"
)
_NEAR_HORLIVKA = Location(
    name="near Horlivka",
    country="UA",
    region="Donbas",
    precision=LocationPrecision.DISTRICT,
    relative_to=RelativePlace(relation=Relation.NEAR, anchor=_HORLIVKA),
)
_GOTLAND = Location(name="Gotland", country="SE", precision=LocationPrecision.REGION)
_EAST_OF_GOTLAND = Location(
    name="east of Gotland",
    country="SE",
    precision=LocationPrecision.REGION,
    relative_to=RelativePlace(relation=Relation.EAST_OF, anchor=_GOTLAND),
)
_BELARUS_UKRAINE_BORDER = Location(
    name="Belarusian-Ukrainian border", precision=LocationPrecision.LINEAR
)
_BREST_REGION = Location(
    name="Brest region",
    aliases=frozenset({"Brest Oblast"}),
    country="BY",
    precision=LocationPrecision.REGION,
    relative_to=RelativePlace(relation=Relation.IN_WEST_OF, anchor=_BELARUS),
)
_STATE_DEPARTMENT = Location(
    name="US State Department", country="US", precision=LocationPrecision.POINT
)

# -- sources --------------------------------------------------------------------------

_OUTLET = Source(
    name="Unnamed outlet of the reference article",
    kind=SourceKind.NEWS_OUTLET,
    role="publisher (the page does not name itself)",
)
_DIEGO_HERRERA = Source(name="Diego Herrera", kind=SourceKind.PERSON, role="photographer")
_EUROPA_PRESS = Source(
    name="EUROPA PRESS",
    aliases=frozenset({"Europa Press"}),
    kind=SourceKind.NEWS_AGENCY,
    country="ES",
)
_DPA = Source(
    name="dpa",
    aliases=frozenset({"Deutsche Presse-Agentur"}),
    kind=SourceKind.NEWS_AGENCY,
    country="DE",
)

_RU_DEFENCE_MINISTRY = Source(
    name="Russian Defence Ministry",
    aliases=frozenset({"Defence Ministry in Moscow", "Russian Ministry of Defence"}),
    kind=SourceKind.MINISTRY,
    country="RU",
    side="RU",
)
_KONASHENKOV = Source(
    name="Igor Konashenkov",
    kind=SourceKind.SPOKESPERSON,
    country="RU",
    side="RU",
    role="spokesman",
    speaks_for=_RU_DEFENCE_MINISTRY,
)
_RU_MILITARY = Source(name="Russian military", kind=SourceKind.MILITARY, country="RU", side="RU")
_RUSSIA = Source(name="Russia", kind=SourceKind.GOVERNMENT, country="RU", side="RU")
_MEDINSKY = Source(
    name="Vladimir Medinsky",
    kind=SourceKind.OFFICIAL,
    country="RU",
    side="RU",
    role="head of the Russian delegation",
    speaks_for=_RUSSIA,
)
_RIA_NOVOSTI = Source(
    name="Ria Novosti",
    aliases=frozenset({"RIA Novosti"}),
    kind=SourceKind.NEWS_AGENCY,
    country="RU",
)

_UKRAINE_GOV = Source(name="Ukraine", kind=SourceKind.GOVERNMENT, country="UA", side="UA")
_ZELENSKY = Source(
    name="Volodymyr Zelensky",
    aliases=frozenset({"Zelenksy", "Zelensky", "Volodymyr Zelenksy"}),
    kind=SourceKind.HEAD_OF_STATE,
    country="UA",
    side="UA",
    role="President of Ukraine",
)
_UA_DEFENCE_MINISTRY = Source(
    name="Ukrainian Defence Ministry", kind=SourceKind.MINISTRY, country="UA", side="UA"
)
_UA_FOREIGN_MINISTRY = Source(
    name="Ukrainian Foreign Ministry",
    aliases=frozenset({"Ukraine's Foreign Ministry"}),
    kind=SourceKind.MINISTRY,
    country="UA",
    side="UA",
)
_UA_EMERGENCY_SERVICE = Source(
    name="Ukrainian State Emergency Service",
    aliases=frozenset({"Ukrainian state emergency service"}),
    kind=SourceKind.AGENCY,
    country="UA",
    side="UA",
)
_UA_MILITARY = Source(name="Ukrainian military", kind=SourceKind.MILITARY, country="UA", side="UA")
_UA_SOLDIERS = Source(name="Ukrainian soldiers", kind=SourceKind.MILITARY, country="UA", side="UA")
_UA_RAILWAY = Source(
    name="Ukrainian state-owned railway company",
    kind=SourceKind.COMPANY,
    country="UA",
    side="UA",
)
_KYIV_AUTHORITIES = Source(
    name="Kyiv authorities",
    aliases=frozenset({"Authorities in Kyiv"}),
    kind=SourceKind.GOVERNMENT,
    country="UA",
    side="UA",
)

_UNITED_STATES = Source(
    name="United States", aliases=frozenset({"US"}), kind=SourceKind.GOVERNMENT, country="US"
)
_STATE_DEPARTMENT_SOURCE = Source(
    name="US State Department",
    kind=SourceKind.MINISTRY,
    country="US",
    speaks_for=_UNITED_STATES,
)
_BLINKEN = Source(
    name="Antony Blinken",
    kind=SourceKind.OFFICIAL,
    country="US",
    role="Secretary of State",
    speaks_for=_STATE_DEPARTMENT_SOURCE,
)
_EUROPEAN_STATES = Source(name="European states", kind=SourceKind.GOVERNMENT)
_WESTERN_GOVERNMENTS = Source(name="Western governments", kind=SourceKind.GOVERNMENT)
_INTERNATIONAL_BODIES = Source(name="International bodies", kind=SourceKind.INTERNATIONAL_BODY)
_UN_GENERAL_ASSEMBLY = Source(name="UN General Assembly", kind=SourceKind.INTERNATIONAL_BODY)

_SWEDEN = Source(name="Sweden", kind=SourceKind.GOVERNMENT, country="SE")
_SWEDISH_AIR_FORCE = Source(
    name="Swedish Air Force", kind=SourceKind.MILITARY, country="SE", speaks_for=_SWEDEN
)
_EDSTROM = Source(
    name="Carl-Johan Edström",
    aliases=frozenset({"Carl-Johan Edstrom"}),
    kind=SourceKind.OFFICIAL,
    country="SE",
    role="Air Force Chief",
    speaks_for=_SWEDISH_AIR_FORCE,
)

# -- the publication ------------------------------------------------------------------

_HEADLINE = "Russia says nearly 500 of its troops killed as war ends first week"
_EDSTROM_QUOTE = "This is an unprofessional and irresponsible action on the part of Russia."
_ZELENSKY_QUOTE = (
    "Resistance so fierce that they will forever remember that we will not give up what is ours."
)
_BLINKEN_QUOTE = (
    "We of course remain open to pursuing any reasonable path, but it's very hard to "
    "see any path when the bombs are dropping, the planes are flying the tanks are rolling"
)


@functools.cache
def first_week_2022_publication() -> Publication:
    """The reference article itself: outlet, headline, publication and retrieval days.

    It was published about 3 March 2022 (an approximate day) and retrieved on Saturday
    1 April 2023 (the page header "Saturday. 01.04.2023"). Its photo is credited
    Diego Herrera → EUROPA PRESS → dpa.

    Returns:
        The :class:`~conflictevents.Publication` every claim of
        :func:`first_week_2022` is ``reported_in``.
    """
    return Publication(
        outlet=_OUTLET,
        title=_HEADLINE,
        published=_day(3, approximate=True),
        retrieved=_words("Saturday. 01.04.2023"),
        credits=(
            Credit(item="text", chain=(_OUTLET,)),
            Credit(item="photo", chain=(_DIEGO_HERRERA, _EUROPA_PRESS, _DPA)),
        ),
    )


def _claim(
    claimant: Source,
    subject: Subject,
    stated: TimeSpan | None,
    *,
    stance: Stance = Stance.ASSERTS,
    via: tuple[Source, ...] = (),
    unverified: bool = False,
    quote: str | None = None,
    medium: Medium | None = None,
) -> Claim:
    """A claim reported in the reference article."""
    return Claim(
        claimant=claimant,
        stance=stance,
        subject=subject,
        stated=stated,
        via=via,
        reported_in=(first_week_2022_publication(),),
        verification=Verification.UNVERIFIED if unverified else Verification.NOT_ASSESSED,
        quote=quote,
        medium=medium,
    )


def _outlet_reports(subject: Subject) -> Claim:
    """An event the outlet reports in its own voice, stated when it was published."""
    return _claim(_OUTLET, subject, first_week_2022_publication().published)


def _casualties(  # noqa: PLR0917 - the fields of one inventory row
    claimant: Source,
    side: str,
    category: Category,
    outcome: Outcome,
    quantity: Quantity | None,
    stated: TimeSpan,
    *,
    period: TimeSpan | None = None,
    place: Location | None = None,
    unverified: bool = True,
    medium: Medium | None = None,
) -> Claim:
    """A casualty figure; the period defaults to "since the invasion began"."""
    count = CasualtyCount(
        side=side,
        category=category,
        outcome=outcome,
        quantity=quantity,
        period=_since_invasion(stated) if period is None else period,
        place=place,
    )
    return _claim(claimant, count, stated, unverified=unverified, medium=medium)


def _headlined(claim: Claim) -> Claim:
    """C1 as the headline words it: "nearly 500", where the ministry said 498."""
    headline = attrs.evolve(
        first_week_2022_publication(),
        wording="Russia says nearly 500 of its troops killed",
        figure=Quantity(value=500, qualifier=Qualifier.NEARLY),
    )
    return attrs.evolve(claim, reported_in=(headline,))


def _casualty_rows() -> dict[str, Claim]:
    mil, rus, ukr = Category.MILITARY, "RU", "UA"
    wed, early_thu = _wednesday(), _early_thursday()
    return {
        "C1": _headlined(
            _casualties(_RU_DEFENCE_MINISTRY, rus, mil, Outcome.KILLED, Quantity(value=498), wed)
        ),
        "C2": _casualties(
            _RU_DEFENCE_MINISTRY, rus, mil, Outcome.WOUNDED, Quantity(value=1597), wed
        ),
        "C3": _casualties(_KONASHENKOV, ukr, mil, Outcome.KILLED, Quantity(value=2870), wed),
        "C4": _casualties(
            _KONASHENKOV,
            ukr,
            mil,
            Outcome.WOUNDED,
            Quantity(value=3700, qualifier=Qualifier.ABOUT),
            wed,
        ),
        "C5": _casualties(
            _ZELENSKY,
            rus,
            mil,
            Outcome.KILLED,
            Quantity(value=9000),
            early_thu,
            medium=Medium.VIDEO_MESSAGE,
        ),
        "C6": _casualties(
            _UA_DEFENCE_MINISTRY,
            rus,
            mil,
            Outcome.KILLED,
            Quantity(value=6000, qualifier=Qualifier.ABOUT),
            _before_early_thursday(),
            period=_since_the_war_began(),
        ),
        "C7": _casualties(
            _UA_EMERGENCY_SERVICE,
            ukr,
            Category.CIVILIAN,
            Outcome.KILLED,
            Quantity(value=2000, qualifier=Qualifier.AT_LEAST),
            _about_2_to_3_march(),
            place=_UKRAINE,
            unverified=False,
        ),
    }


def _territory_rows() -> dict[str, Claim]:
    kherson = TerritorialControl(
        place=_KHERSON, controller="RU", extent=ControlExtent.FULL, change=True
    )
    return {
        "T1": _claim(_RU_MILITARY, kherson, _wednesday()),
        "T2": _claim(_UKRAINE_GOV, kherson, _wednesday(), stance=Stance.DENIES),
        "T3": _claim(
            _UA_MILITARY,
            TerritorialControl(place=_MAKARIV, controller="UA", change=True),
            _about_wednesday(),
            unverified=True,
            medium=Medium.REPORT,
        ),
        "T4": _claim(
            _UA_SOLDIERS,
            Attack(
                kind=AttackKind.ENGAGEMENT,
                place=_NEAR_HORLIVKA,
                when=_about_wednesday(),
                outcome="success for Ukrainian forces",
            ),
            _about_wednesday(),
            unverified=True,
        ),
    }


def _attack_rows() -> dict[str, Claim]:
    return {
        "A1": _outlet_reports(
            Attack(
                attacker="RU",
                place=_UKRAINE,
                when=_wednesday(),
                description="Russian attacks continued to pummel Ukraine",
            )
        ),
        "A2": _outlet_reports(
            Attack(
                kind=AttackKind.EXPLOSION,
                place=_KYIV,
                when=_early_thursday(),
                count=Quantity.parse("several"),
                effects=("air raid sirens",),
            )
        ),
        "A3": _claim(
            _UA_RAILWAY,
            Attack(
                kind=AttackKind.EXPLOSION,
                target="southern end of the city's main station",
                place=_KYIV_MAIN_STATION,
                when=_before_early_thursday(),
                damage="slight damage; services not halted",
            ),
            _before_early_thursday(),
        ),
        "A4": _outlet_reports(
            Attack(place=_KHARKIV, when=_about_2_to_3_march(), description="renewed attacks")
        ),
    }


_SECOND_ROUND = "first-week-2022-talks-round-2"
"""The id both accounts of the second round give the talks: one event, two claimants."""


def _negotiation_rows() -> dict[str, Claim]:
    parties = frozenset({"RU", "UA"})
    return {
        "N1": _outlet_reports(
            Negotiation(
                round=1,
                parties=parties,
                venue=_BELARUS_UKRAINE_BORDER,
                held=_monday(),
                status=NegotiationStatus.HELD,
                outcome="no tangible results",
            )
        ),
        "N2": _claim(
            _MEDINSKY,
            Negotiation(
                round=2,
                parties=parties,
                delegation_heads=(_MEDINSKY,),
                venue=_BREST_REGION,
                scheduled=_thursday_morning(),
                agenda=("possible ceasefire",),
                status=NegotiationStatus.PLANNED,
                corridors=(
                    Corridor(
                        provided_by=_RU_MILITARY,
                        for_party="UA",
                        purpose="the Ukrainian delegation's passage",
                    ),
                ),
                id=_SECOND_ROUND,
            ),
            _late_wednesday(),
            via=(_RIA_NOVOSTI,),
            medium=Medium.INTERVIEW,
        ),
        "N2b": _claim(
            _UKRAINE_GOV,
            Negotiation(
                round=2,
                parties=parties,
                status=NegotiationStatus.PLANNED,
                id=_SECOND_ROUND,
            ),
            _about_wednesday(),
        ),
        "N3": _claim(
            _UA_FOREIGN_MINISTRY,
            Statement(
                speaker=_UA_FOREIGN_MINISTRY,
                kind=StatementKind.APPEAL,
                text="declare a ceasefire so that civilians can reach safety",
                addressee="RU",
                topic="ceasefire",
                concerning=(_KHARKIV_REGION, _SUMY_REGION),
                when=_about_wednesday(),
            ),
            _about_wednesday(),
        ),
    }


def _sanction_rows() -> dict[str, Claim]:
    return {
        "S1": _outlet_reports(
            Sanction(
                authority=(_EUROPEAN_STATES, _UNITED_STATES),
                entity="Russian aircraft",
                entity_country="RU",
                measures=frozenset({MeasureKind.AIRSPACE_CLOSURE}),
                scope="much of European and American airspace",
                effective=_by_wednesday(),
            )
        ),
        "S2": _outlet_reports(
            Sanction(
                authority=(_INTERNATIONAL_BODIES,),
                entity="Russian participants",
                entity_country="RU",
                measures=frozenset({MeasureKind.EVENT_BAN}),
                scope="many international events",
                effective=_by_wednesday(),
            )
        ),
        "S3": _outlet_reports(
            Sanction(
                authority=(_WESTERN_GOVERNMENTS,),
                entity="Russia",
                entity_country="RU",
                measures=frozenset({MeasureKind.FINANCIAL_RESTRICTIONS}),
                provisions=("severely limit Russian access to the international banking system",),
                effective=_by_wednesday(),
            )
        ),
        "S4": _outlet_reports(
            Sanction(
                authority=(_UNITED_STATES,),
                entity="Russia",
                entity_country="RU",
                measures=frozenset({MeasureKind.OTHER}),
                provisions=("further sanctions",),
                announced=_wednesday(),
                status=SanctionStatus.ANNOUNCED,
            )
        ),
        "S5": _outlet_reports(
            Sanction(
                authority=(_UNITED_STATES,),
                entity="Belarus",
                entity_country="BY",
                measures=frozenset({MeasureKind.EXPORT_CONTROLS}),
                provisions=("strict controls on the export of high-tech products",),
                announced=_wednesday(),
                status=SanctionStatus.ANNOUNCED,
            )
        ),
    }


def _incident_rows() -> dict[str, Claim]:
    incident = AirspaceIncident(
        aircraft=(
            AircraftCount(model="Su-27", count=2, role="fighter jet"),
            AircraftCount(model="Su-24", count=2, role="fighter jet"),
        ),
        total=4,
        operator_state="RU",
        violated_state="SE",
        place=_EAST_OF_GOTLAND,
        when=_wednesday(),
        duration=Duration(wording="briefly"),
        documented_by=(_SWEDISH_AIR_FORCE,),
        response="documented (photographed) by Swedish Air Force fighter jets",
    )
    return {"I1": _claim(_SWEDEN, incident, _wednesday(), via=(_EDSTROM,), quote=_EDSTROM_QUOTE)}


def _diplomacy_rows() -> dict[str, Claim]:
    return {
        "D1": _outlet_reports(
            Vote(
                body=_UN_GENERAL_ASSEMBLY,
                session="emergency special session",
                ordinal=11,
                ordinal_within=Duration.parse("more than 70 years"),
                motion="resolution denouncing the Russian attack",
                result=VoteResult.ADOPTED,
                when=_wednesday(),
                description="a large majority of member states voted in favour",
            )
        ),
        "D2": _claim(
            _BLINKEN,
            Statement(
                speaker=_BLINKEN,
                kind=StatementKind.OFFER,
                text=_BLINKEN_QUOTE,
                verbatim=True,
                addressee="RU",
                topic="a diplomatic path to ending the war, if Russia pulls back its forces",
                place=_STATE_DEPARTMENT,
                when=_about_wednesday(),
                description="before leaving on a six-nation European tour on Thursday 3 March",
            ),
            _about_wednesday(),
            quote=_BLINKEN_QUOTE,
        ),
        "D3": _claim(
            _ZELENSKY,
            Statement(
                speaker=_ZELENSKY,
                text=_ZELENSKY_QUOTE,
                verbatim=True,
                addressee="RU",
                topic="resistance to the Russian troops",
            ),
            None,
            quote=_ZELENSKY_QUOTE,
        ),
        "D4": _outlet_reports(
            Curfew(authority=_KYIV_AUTHORITIES, place=_KYIV, declared=_wednesday())
        ),
    }


def _gap_rows() -> dict[str, Claim]:
    published = first_week_2022_publication().published
    gap = CasualtyCount(
        side="UA",
        category=Category.MILITARY,
        outcome=Outcome.CASUALTIES,
        quantity=None,
        period=_since_invasion(published) if published is not None else None,
    )
    quote = "Ukraine has not given any current information about casualties in its own ranks"
    return {"G1": _claim(_OUTLET, gap, published, quote=quote)}


@functools.cache
def _rows() -> Mapping[str, Claim]:
    rows: dict[str, Claim] = {}
    for part in (
        _casualty_rows,
        _territory_rows,
        _attack_rows,
        _negotiation_rows,
        _sanction_rows,
        _incident_rows,
        _diplomacy_rows,
        _gap_rows,
    ):
        rows.update(part())
    return types.MappingProxyType(rows)


def first_week_2022_rows() -> Mapping[str, Claim]:
    """Every fact of the reference article, keyed by its fact-inventory row id.

    The keys are ``C1``-``C7`` (casualty figures), ``T1``-``T4`` (control and
    battlefield claims), ``A1``-``A4`` (attacks), ``N1``-``N3`` and ``N2b`` (talks;
    ``N2b`` is Ukraine's confirmation of the second round), ``S1``-``S5``
    (sanctions), ``I1`` (the airspace incident), ``D1``-``D4`` (diplomacy) and ``G1``
    (the gap: Ukraine gave no figure for its own losses), in that order.

    Returns:
        A read-only mapping from row id to :class:`~conflictevents.Claim`.
    """
    return _rows()


@functools.cache
def _assessments() -> Mapping[str, Assessment]:
    t1 = _rows()["T1"]
    return types.MappingProxyType(
        {
            "T2": Assessment(
                assessor=_UKRAINE_GOV,
                verdict=Verdict.CONTESTED,
                subject=t1.subject,
                stated=_wednesday(),
                quote="the city was still being contested",
                reported_in=(first_week_2022_publication(),),
            )
        }
    )


def first_week_2022_assessments() -> Mapping[str, Assessment]:
    """What the article's speakers say of a subject besides asserting or denying it.

    ``T2``: Ukraine, denying Russia's claim of full control of Kherson, "said the city
    was still being contested" — its assessment of the subject
    (:attr:`~conflictevents.Verdict.CONTESTED`), shown beside the subject's status by
    :func:`~conflictevents.reconcile`. The shipped example file holds it after the
    claims.

    Returns:
        A read-only mapping from fact-inventory row id to
        :class:`~conflictevents.Assessment`.
    """
    return _assessments()


def first_week_2022_records() -> tuple[Claim | Assessment, ...]:
    """What the shipped example file holds: :func:`first_week_2022`, then the assessments.

    Returns:
        The claims in fact-inventory order, then :func:`first_week_2022_assessments`.
    """
    return (*first_week_2022(), *_assessments().values())


def first_week_2022() -> tuple[Claim, ...]:
    """Every fact of the reference article as claims, in fact-inventory order.

    30 claims: the 28 inventory rows, N2 as two claims (Russia's account through
    Medinsky, and Ukraine's confirmation, ``N2b``: one event, two claimants), and the
    known gap. Each is ``reported_in`` the :func:`first_week_2022_publication` (C1 as
    the headline words it, "nearly 500"). The same objects (and ids) come back on every
    call. The assessments are apart: :func:`first_week_2022_assessments`.

    Returns:
        The claims, the same as ``tuple(first_week_2022_rows().values())``.
    """
    return tuple(_rows().values())


_SAMPLE_FOLDERS = ("acled", "general-staff", "oryx", "ucdp")


def samples() -> Path:
    """The folder of the sample files shipped with the package, one sub-folder per format.

    ``ucdp/`` (UCDP Candidate Events for Ukraine 2022-2023, Windows-1252),
    ``general-staff/`` (the General Staff of Ukraine's loss series), ``oryx/`` (Oryx's
    visually confirmed losses) and ``acled/`` (fictional rows in ACLED's columns), each
    with its licence; the repository's ``tests/data/README.md`` cites them. The docs'
    recipes read them, so they run after a plain ``pip install conflictevents``.

    Returns:
        The folder: inside the installed package (``conflictevents/_samples``), or, in
        an editable checkout, the repository's ``tests/data`` the wheel copies them from.

    Raises:
        FileNotFoundError: Neither is present (a build that left the samples out).
    """
    shipped = Path(str(resources.files(__package__ or "conflictevents"))) / "_samples"
    checkout = Path(__file__).resolve().parents[2] / "tests" / "data"
    for folder in (shipped, checkout):
        if all((folder / name).is_dir() for name in _SAMPLE_FOLDERS):
            return folder
    raise FileNotFoundError(f"the sample files are missing: looked in {shipped} and {checkout}")
