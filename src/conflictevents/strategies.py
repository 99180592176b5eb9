"""Hypothesis strategies for every public model of conflictevents.

Install the extra (``pip install conflictevents[hypothesis]``) and use them in property
tests::

    from hypothesis import given
    from conflictevents import strategies as cst

    @given(cst.claims())
    def test_claims_hash(claim):
        assert hash(claim) == hash(claim)

Every strategy draws only *valid* objects (they construct without error) that look like
real reports: real ministries, agencies and places ("Russian Defence Ministry",
"Kyiv"/"Kiev"), ISO country codes, figures of realistic size, aware datetimes between
1990 and 2040 in time zones such as ``Europe/Kyiv``. Values are built directly, never by
filtering, so drawing stays fast. Each strategy shrinks towards the simplest object of
its kind (documented per strategy): optional fields ``None``, collections empty, the
first entry of each table, exact figures, instants.

The keyword arguments take *strategies*, so tests can make objects share parts. To
generate claims that disagree about a few shared subjects, as reconciliation tests need::

    shared = [CasualtyCount(side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=498))]
    cst.claims(
        subjects=st.sampled_from(shared),
        claimants=cst.sources(sides=st.sampled_from(["RU", "UA"])),
    )

This module is never imported by ``conflictevents`` itself: Hypothesis stays optional.
With the extra installed, ``st.from_type(Claim)`` uses these strategies too (through
Hypothesis' entry point, see ``conflictevents._hypothesis_plugin``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Collection, Sequence
from typing import Any, TypeVar

import attrs
import pendulum
from hypothesis import strategies as st

from ._assessments import Assessment, Verdict
from ._claims import (
    CasualtyCount,
    Category,
    Claim,
    ControlExtent,
    EquipmentLoss,
    Group,
    LossStatus,
    Medium,
    Outcome,
    Part,
    Stance,
    Subject,
    TerritorialControl,
    Trend,
    Verification,
)
from ._datasets import (
    PRIOGRID_CELLS,
    AcledActorType,
    AcledCoding,
    AcledDisorderType,
    AcledSubEventType,
    UcdpCoding,
    ViolenceType,
)
from ._durations import Duration, TimeUnit
from ._events import (
    AircraftCount,
    AirspaceIncident,
    Attack,
    AttackKind,
    CodedEvent,
    Corridor,
    CrewFate,
    Curfew,
    Event,
    MeasureKind,
    Negotiation,
    NegotiationStatus,
    Presence,
    Sanction,
    SanctionStatus,
    Statement,
    StatementKind,
    Vote,
    VoteResult,
    Weapon,
    WeaponKind,
)
from ._external_ids import EVENT_SCHEMES, PLACE_SCHEMES, SCHEMES, SOURCE_SCHEMES
from ._locations import Coordinates, Location, LocationPrecision, Relation, RelativePlace
from ._quantity import Qualifier, Quantity
from ._records import Record
from ._sources import Credit, Publication, Source, SourceKind
from ._time import TimePrecision, TimeSpan, day_start
from ._validators import INT64_MAX

__all__ = [
    "acled_codings",
    "aircraft_counts",
    "airspace_incidents",
    "assessments",
    "attacks",
    "aware_datetimes",
    "casualty_counts",
    "claims",
    "coded_events",
    "coordinates",
    "corridors",
    "credits",
    "curfews",
    "durations",
    "equipment_losses",
    "events",
    "external_ids",
    "locations",
    "negotiations",
    "parts",
    "presences",
    "publications",
    "quantities",
    "records",
    "relative_places",
    "sanctions",
    "sources",
    "statements",
    "subjects",
    "territorial_controls",
    "time_spans",
    "time_zone_names",
    "ucdp_codings",
    "votes",
    "weapons",
]

Strategy = st.SearchStrategy
_T = TypeVar("_T")

# -- reference tables ----------------------------------------------------------------

_ZONE_NAMES: tuple[str, ...] = (
    "UTC",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/Minsk",
    "Europe/Stockholm",
    "Europe/Berlin",
    "America/New_York",
)
_MIN_YEAR = 1990
_MAX_YEAR = 2040

_SIDES: tuple[str, ...] = ("RU", "UA")

# Real ids, few per scheme, so that drawn objects share and differ by them.
_EXTERNAL_IDS: dict[str, tuple[str, ...]] = {
    "wikidata": ("Q212", "Q159", "Q1899", "Q42304"),
    "geonames": ("703448", "706483", "690791"),
    "iso3166": ("UA", "RU", "BY"),
    "ucdp-actor": ("57", "61", "1", "6711"),
    "acled-actor": (
        "Military Forces of Russia (2000-)",
        "Military Forces of Ukraine (2019-)",
        "Civilians (Ukraine)",
    ),
    "ucdp-dyad": ("14117", "920", "15100"),
    "ucdp-conflict": ("13243", "453", "13306"),
}
_STATES: tuple[str, ...] = ("RU", "UA", "BY", "SE", "US", "PL", "DE", "TR", "FI", "EE")

# (adjective, country code) x (institution, kind): "Russian Defence Ministry", ...
_NATIONS: tuple[tuple[str, str], ...] = (
    ("Russian", "RU"),
    ("Ukrainian", "UA"),
    ("Belarusian", "BY"),
    ("Swedish", "SE"),
    ("US", "US"),
    ("Polish", "PL"),
    ("German", "DE"),
)
_INSTITUTIONS: tuple[tuple[str, SourceKind], ...] = (
    ("Defence Ministry", SourceKind.MINISTRY),
    ("Foreign Ministry", SourceKind.MINISTRY),
    ("military", SourceKind.MILITARY),
    ("Air Force", SourceKind.MILITARY),
    ("government", SourceKind.GOVERNMENT),
    ("state emergency service", SourceKind.AGENCY),
    ("border guard service", SourceKind.AGENCY),
)
# name, kind, country, aliases, role
_NAMED: tuple[tuple[str, SourceKind, str | None, tuple[str, ...], str | None], ...] = (
    ("Volodymyr Zelensky", SourceKind.HEAD_OF_STATE, "UA", ("Zelenksy", "Zelenskyy"), "President"),
    ("Vladimir Putin", SourceKind.HEAD_OF_STATE, "RU", (), "President"),
    ("Alexander Lukashenko", SourceKind.HEAD_OF_STATE, "BY", ("Lukashenka",), "President"),
    ("Joe Biden", SourceKind.HEAD_OF_STATE, "US", (), "President"),
    ("Igor Konashenkov", SourceKind.SPOKESPERSON, "RU", (), "spokesman"),
    ("Vladimir Medinsky", SourceKind.OFFICIAL, "RU", (), "head of the Russian delegation"),
    ("Dmytro Kuleba", SourceKind.OFFICIAL, "UA", (), "Foreign Minister"),
    ("Ned Price", SourceKind.SPOKESPERSON, "US", (), "State Department spokesman"),
    ("Ria Novosti", SourceKind.NEWS_AGENCY, "RU", ("RIA", "RIA Novosti"), None),
    ("dpa", SourceKind.NEWS_AGENCY, "DE", ("Deutsche Presse-Agentur",), None),
    ("Reuters", SourceKind.NEWS_AGENCY, "GB", (), None),
    ("Europa Press", SourceKind.NEWS_AGENCY, "ES", ("EUROPA PRESS",), None),
    ("Ukrinform", SourceKind.NEWS_AGENCY, "UA", (), None),
    ("The Kyiv Independent", SourceKind.NEWS_OUTLET, "UA", ("Kyiv Independent",), None),
    ("Svenska Dagbladet", SourceKind.NEWS_OUTLET, "SE", ("SvD",), None),
    ("UN General Assembly", SourceKind.INTERNATIONAL_BODY, None, ("UNGA",), None),
    ("UN Security Council", SourceKind.INTERNATIONAL_BODY, None, ("UNSC",), None),
    ("European Union", SourceKind.INTERNATIONAL_BODY, None, ("EU",), None),
    ("Amnesty International", SourceKind.NGO, "GB", (), None),
    ("UCDP", SourceKind.MONITOR, "SE", ("Uppsala Conflict Data Program",), None),
    ("Oryx", SourceKind.MONITOR, None, (), None),
    ("Ukrzaliznytsia", SourceKind.COMPANY, "UA", ("Ukrainian Railways",), None),
    ("Diego Herrera", SourceKind.PERSON, "ES", (), "photographer"),
)
_ORGANISATION_KINDS: frozenset[SourceKind] = frozenset(
    {
        SourceKind.GOVERNMENT,
        SourceKind.MILITARY,
        SourceKind.MINISTRY,
        SourceKind.AGENCY,
        SourceKind.INTERNATIONAL_BODY,
        SourceKind.NEWS_AGENCY,
        SourceKind.NEWS_OUTLET,
    }
)

# Each place: its name, aliases, country, region, representative point, precision.
_PLACES: tuple[
    tuple[
        str, tuple[str, ...], str | None, str | None, tuple[float, float] | None, LocationPrecision
    ],
    ...,
] = (
    ("Kyiv", ("Kiev", "Kyjiw"), "UA", None, (50.45, 30.52), LocationPrecision.SETTLEMENT),
    ("Kharkiv", ("Kharkov",), "UA", "Kharkiv Oblast", (49.99, 36.23), LocationPrecision.SETTLEMENT),
    ("Kherson", (), "UA", "Kherson Oblast", (46.64, 32.61), LocationPrecision.SETTLEMENT),
    ("Makariv", ("Makarov",), "UA", "Kyiv Oblast", (50.46, 29.81), LocationPrecision.SETTLEMENT),
    (
        "Horlivka",
        ("Gorlovka",),
        "UA",
        "Donetsk Oblast",
        (48.30, 38.05),
        LocationPrecision.SETTLEMENT,
    ),
    ("Mariupol", (), "UA", "Donetsk Oblast", (47.10, 37.55), LocationPrecision.SETTLEMENT),
    ("Odesa", ("Odessa",), "UA", "Odesa Oblast", (46.48, 30.73), LocationPrecision.SETTLEMENT),
    (
        "Lviv",
        ("Lvov", "Lemberg"),
        "UA",
        "Lviv Oblast",
        (49.84, 24.03),
        LocationPrecision.SETTLEMENT,
    ),
    ("Sumy Oblast", ("Sumy region",), "UA", None, None, LocationPrecision.REGION),
    ("Kyiv Oblast", ("Kyiv region",), "UA", None, None, LocationPrecision.REGION),
    ("Donbas", ("Donbass",), "UA", None, None, LocationPrecision.REGION),
    ("Kyiv main railway station", (), "UA", None, (50.44, 30.49), LocationPrecision.POINT),
    ("Brest", (), "BY", "Brest Region", (52.10, 23.69), LocationPrecision.SETTLEMENT),
    ("Minsk", (), "BY", None, (53.90, 27.57), LocationPrecision.SETTLEMENT),
    ("Moscow", ("Moskva",), "RU", None, (55.76, 37.62), LocationPrecision.SETTLEMENT),
    ("Gotland", (), "SE", "Gotland County", (57.47, 18.49), LocationPrecision.REGION),
    ("Stockholm", (), "SE", None, (59.33, 18.07), LocationPrecision.SETTLEMENT),
    (
        "Washington",
        ("Washington, D.C.",),
        "US",
        None,
        (38.90, -77.04),
        LocationPrecision.SETTLEMENT,
    ),
    ("Belarusian-Ukrainian border", (), None, None, None, LocationPrecision.LINEAR),
    ("Ukraine", (), "UA", None, None, LocationPrecision.COUNTRY),
    ("Russia", (), "RU", None, None, LocationPrecision.COUNTRY),
    ("Baltic Sea", (), None, None, None, LocationPrecision.INTERNATIONAL),
)
_RELATION_WORDS: dict[Relation, str] = {
    Relation.NEAR: "near",
    Relation.NORTH_OF: "north of",
    Relation.NORTHEAST_OF: "northeast of",
    Relation.EAST_OF: "east of",
    Relation.SOUTHEAST_OF: "southeast of",
    Relation.SOUTH_OF: "south of",
    Relation.SOUTHWEST_OF: "southwest of",
    Relation.WEST_OF: "west of",
    Relation.NORTHWEST_OF: "northwest of",
    Relation.IN_NORTH_OF: "in the north of",
    Relation.IN_EAST_OF: "in the east of",
    Relation.IN_SOUTH_OF: "in the south of",
    Relation.IN_WEST_OF: "in the west of",
    Relation.WITHIN: "in",
}

_EQUIPMENT = ("tank", "aircraft", "helicopter", "APC", "drone", "artillery system", "ship")
_AIRCRAFT: tuple[tuple[str, str], ...] = (
    ("Su-27", "fighter jet"),
    ("Su-24", "fighter jet"),
    ("Su-30", "fighter jet"),
    ("Su-34", "fighter-bomber"),
    ("MiG-29", "fighter jet"),
    ("MiG-31", "interceptor"),
    ("Tu-95", "strategic bomber"),
    ("Il-20", "reconnaissance aircraft"),
    ("Ka-52", "attack helicopter"),
    ("Orlan-10", "drone"),
)
_QUOTES = (
    "The enemy will not get past.",
    "We are defending our country.",
    "Kherson is still being contested.",
    "Russian forces have taken full control of Kherson.",
    "All targets have been hit.",
)
_TARGETS = ("main railway station", "TV tower", "military airfield", "power plant", "bridge")
_DAMAGE = ("slight damage, services not halted", "heavy damage", "no damage reported")
_EFFECTS = ("air-raid sirens", "power cuts", "fires", "evacuations")
_TOPICS = ("ceasefire", "diplomatic path", "humanitarian corridors", "sanctions", "airspace")
_AGENDA = (
    "possible ceasefire",
    "humanitarian corridors",
    "exchange of prisoners",
    "security guarantees",
)
_OUTCOMES = ("no tangible results", "agreement on humanitarian corridors", "talks to continue")
_ENTITIES: tuple[tuple[str, str | None], ...] = (
    ("Russia", "RU"),
    ("Belarus", "BY"),
    ("Russian aircraft", "RU"),
    ("Russian banks", "RU"),
    ("Russian participants", "RU"),
    ("Russian oligarchs", None),
)
_PROGRAMS = ("Russia-related sanctions", "EU restrictive measures against Russia")
_PROVISIONS = (
    "strict controls on high-tech exports",
    "limits on access to the international banking system",
    "closure of airspace to Russian aircraft",
)
_SCOPES = ("much of European and American airspace", "all member states", "worldwide")
_MOTIONS = (
    "Resolution demanding that Russia withdraw its forces from Ukraine",
    "Resolution on the humanitarian consequences of the aggression against Ukraine",
)
_SESSIONS = ("11th emergency special session", "8979th meeting")
_HEADLINES = (
    "Russia says 498 soldiers killed in Ukraine",
    "Second round of talks planned in Belarus",
    "Russian jets violate Swedish airspace",
)
_CURFEW_TEXTS = ("from 20:00 to 07:00", "weekend curfew", "until further notice")
_ASSESSMENT_QUOTES = (
    "These figures cannot be independently verified",
    "the city was still being contested",
    "unlikely",
)
_WORDINGS = (
    "Russia says nearly 500 of its troops killed",
    "some 498 soldiers",
    "over 450 troops",
)
_DURATION_WORDS = ("briefly", "for a short time", "repeatedly")
_DESCRIPTIONS = ("as reported", "details unclear", "according to local officials")


def _optional(strategy: Strategy[_T]) -> Strategy[_T | None]:
    """``None`` first (so it shrinks to ``None``), else a draw of ``strategy``."""
    return st.none() | strategy


def _texts(texts: Sequence[str]) -> Strategy[str | None]:
    return _optional(st.sampled_from(texts))


def _text_tuples(texts: Sequence[str], max_size: int = 2) -> Strategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(texts), max_size=max_size, unique=True).map(tuple)


# -- time ------------------------------------------------------------------------------


@functools.cache
def time_zone_names() -> Strategy[str]:
    """IANA time-zone names: the conflict's own zones first, then any zone.

    Shrinks towards ``"UTC"``; draws ``Europe/Kyiv``, ``Europe/Moscow``,
    ``Europe/Minsk``, ``Europe/Stockholm`` … and, less often, any zone from
    :func:`hypothesis.strategies.timezones`.
    """
    return st.sampled_from(_ZONE_NAMES) | st.timezones().map(lambda zone: zone.key)


def aware_datetimes(
    *,
    min_year: int = _MIN_YEAR,
    max_year: int = _MAX_YEAR,
    zones: Strategy[str] | None = None,
) -> Strategy[pendulum.DateTime]:
    """Aware :class:`pendulum.DateTime` values between ``min_year`` and ``max_year``.

    Local times that do not exist (DST gaps) are never drawn; repeated ones (DST folds)
    are, with either ``fold``.

    Args:
        min_year: The earliest year (1990 by default).
        max_year: The latest year (2040 by default).
        zones: Strategy of IANA zone names (default :func:`time_zone_names`).

    Shrinks towards 2000-01-01 00:00 UTC.
    """
    names = time_zone_names() if zones is None else zones
    return st.datetimes(
        min_value=dt.datetime(min_year, 1, 1),  # noqa: DTZ001 - Hypothesis wants naive bounds
        max_value=dt.datetime(max_year, 12, 31, 23, 59, 59),  # noqa: DTZ001
        timezones=names.map(zoneinfo.ZoneInfo),
        allow_imaginary=False,
    ).map(pendulum.instance)


_PARTS_OF_DAY = ((0, 6), (5, 12), (12, 18), (18, 24), (0, 12), (12, 24))
_MAX_INTERVAL_MINUTES = 60 * 24 * 90


@st.composite
def _time_spans(  # noqa: PLR0911 - one return per precision
    draw: st.DrawFn,
    precision: TimePrecision,
    moments: Strategy[pendulum.DateTime],
    zones: Strategy[str],
    dates: Strategy[dt.date],
) -> TimeSpan:
    approximate = draw(st.booleans())
    match precision:
        case TimePrecision.INSTANT:
            return TimeSpan.instant(draw(moments), approximate=approximate)
        case TimePrecision.OPEN:
            which = draw(st.sampled_from(("since", "until", "anytime")))
            if which == "anytime":
                return TimeSpan.anytime(approximate=approximate)
            moment = draw(moments)
            if which == "until":
                return TimeSpan.until(moment, approximate=approximate)
            return TimeSpan.since(moment, approximate=approximate)
        case TimePrecision.INTERVAL:
            start = draw(moments)
            minutes = draw(st.integers(1, _MAX_INTERVAL_MINUTES))
            return TimeSpan.between(start, start.add(minutes=minutes), approximate=approximate)
        case _:
            pass
    tz = draw(zones)
    date = draw(dates)
    date = _existing_date(date, tz)
    match precision:
        case TimePrecision.DAY:
            return TimeSpan.day(date, tz=tz, approximate=approximate)
        case TimePrecision.MONTH:
            return TimeSpan.month(date.year, date.month, tz=tz, approximate=approximate)
        case TimePrecision.PART_OF_DAY:
            first, last = draw(st.sampled_from(_PARTS_OF_DAY))
            return TimeSpan.between(
                _local_hour(date, first, tz),
                _local_hour(date, last, tz),
                precision=TimePrecision.PART_OF_DAY,
                approximate=approximate,
            )
        case TimePrecision.WEEK:
            monday = date - dt.timedelta(days=date.weekday())
            return TimeSpan.week(monday, tz=tz, approximate=approximate)
        case _:  # YEAR
            return TimeSpan.year(date.year, tz=tz, approximate=approximate)


def _existing_date(date: dt.date, tz: str) -> dt.date:
    """``date``, or the next date that ``tz`` did not skip whole (Apia skipped 2011-12-30)."""
    while day_start(date, tz) == day_start(date + dt.timedelta(days=1), tz):
        date += dt.timedelta(days=1)
    return date


def _local_hour(date: dt.date, hour: int, tz: str) -> pendulum.DateTime:
    """The first instant at or after local ``hour`` of ``date`` (past 24: the next day)."""
    return day_start(date + dt.timedelta(days=hour // 24), tz, hour % 24)


def time_spans(
    *,
    precisions: Sequence[TimePrecision] | None = None,
    zones: Strategy[str] | None = None,
    min_year: int = _MIN_YEAR,
    max_year: int = _MAX_YEAR,
) -> Strategy[TimeSpan]:
    """Valid :class:`~conflictevents.TimeSpan` values of every precision.

    Day and month spans are built with :meth:`TimeSpan.day` and :meth:`TimeSpan.month`
    (from the first instant of a date to that of the next), weeks start on a local
    Monday, years on 1 January, each at its first instant; part-of-day spans are a
    night, morning, afternoon or evening; intervals last a minute to 90 days; open spans
    have one or both bounds unknown. Any span may be ``approximate``.

    Args:
        precisions: Only these precisions (default: every :class:`TimePrecision`).
        zones: Strategy of IANA zone names (default :func:`time_zone_names`).
        min_year: The earliest year of a bound.
        max_year: The latest year of a start (an end may fall in the next year).

    Shrinks towards a span in UTC at the start of 2000, not approximate.
    """
    names = time_zone_names() if zones is None else zones
    moments = aware_datetimes(min_year=min_year, max_year=max_year, zones=names)
    dates = st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))
    chosen = list(TimePrecision) if precisions is None else list(precisions)
    return st.one_of([_time_spans(p, moments, names, dates) for p in chosen])


@functools.cache
def _default_time_spans() -> Strategy[TimeSpan]:
    return time_spans()


# -- quantities --------------------------------------------------------------------------


@st.composite
def _quantities(
    draw: st.DrawFn, qualifier: Qualifier, values: Strategy[int], max_value: int
) -> Quantity:
    if qualifier is Qualifier.BETWEEN:
        low = draw(values)
        high = draw(st.integers(low, max(low, max_value)))
        value = draw(_optional(st.integers(low, high)))
        return Quantity(value=value, qualifier=qualifier, low=low, high=high)
    value = draw(values)
    if qualifier is Qualifier.LESS_THAN and value == 0:
        value = 1
    if qualifier is Qualifier.MORE_THAN:  # its low is value + 1, a 64-bit count too
        value = min(value, INT64_MAX - 1)
    return Quantity(value=value, qualifier=qualifier)


def quantities(
    *,
    min_value: int = 0,
    max_value: int = 100_000,
    qualifiers: Sequence[Qualifier] | None = None,
) -> Strategy[Quantity]:
    """Valid :class:`~conflictevents.Quantity` values with every qualifier.

    Hedged qualifiers (everything but ``between``) get the *default* bounds that follow
    from the qualifier, so ``Quantity(value=q.value, qualifier=q.qualifier) == q``;
    ``between`` figures have ``low <= high`` and a best value that is ``None`` or inside.
    Figures are mostly small (tens, hundreds) and at most ``max_value``.

    Args:
        min_value: The smallest figure (and the smallest ``between`` low bound).
        max_value: The largest figure (and the largest ``between`` high bound).
        qualifiers: Only these qualifiers (default: every :class:`Qualifier`).

    Shrinks towards an exact ``min_value`` (``Quantity(value=0)`` by default).
    """
    return _cached_quantities(
        min_value, max_value, None if qualifiers is None else tuple(qualifiers)
    )


@functools.cache
def _cached_quantities(
    min_value: int, max_value: int, qualifiers: tuple[Qualifier, ...] | None
) -> Strategy[Quantity]:
    values = st.integers(min_value, min(max_value, min_value + 100)) | st.integers(
        min_value, max_value
    )
    chosen = list(Qualifier) if qualifiers is None else qualifiers
    return st.one_of([_quantities(q, values, max_value) for q in chosen])


# -- external ids ----------------------------------------------------------------------


def external_ids(*, schemes: Collection[str] | None = None) -> Strategy[str]:
    """Valid external ids (``"wikidata:Q212"``, ``"ucdp-actor:57"``), a few real ones per scheme.

    Args:
        schemes: Only ids of these schemes (default: every scheme).

    Shrinks towards the first id of the first scheme in alphabetical order.
    """
    chosen = sorted(SCHEMES if schemes is None else schemes)
    return st.sampled_from([f"{s}:{value}" for s in chosen for value in _EXTERNAL_IDS[s]])


def _id_sets(schemes: frozenset[str]) -> Strategy[frozenset[str]]:
    return st.frozensets(external_ids(schemes=schemes), max_size=2)


# -- sources ---------------------------------------------------------------------------


def _source_rows() -> list[tuple[str, SourceKind, str | None, tuple[str, ...], str | None]]:
    rows = [
        (f"{adjective} {institution}", kind, country, (), None)
        for institution, kind in _INSTITUTIONS
        for adjective, country in _NATIONS
    ]
    return [*rows, *_NAMED]


_SOURCE_ROWS = _source_rows()

_UNNAMED: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.OFFICIAL: ("a senior official", "officials"),
    SourceKind.MILITARY: ("a military source",),
    SourceKind.PERSON: ("sources familiar with the matter", "a person briefed on the talks"),
}
"""How reports describe speakers they do not name, by kind."""


@st.composite
def _sources(
    draw: st.DrawFn,
    kinds: frozenset[SourceKind] | None,
    sides: Strategy[str | None] | None,
    max_depth: int,
) -> Source:
    rows = _SOURCE_ROWS if kinds is None else [r for r in _SOURCE_ROWS if r[1] in kinds]
    if not rows:
        # no table entry of these kinds: a generic one of the first kind
        kind = min(kinds or {SourceKind.OTHER})
        rows = [(f"Unnamed {kind.value.replace('_', ' ')}", kind, None, (), None)]
    name, kind, country, aliases, role = draw(st.sampled_from(rows))
    if sides is None:
        default_side = country if country in _SIDES else None
        side = draw(st.sampled_from([default_side, None]))
    else:
        side = draw(sides)
    unnamed = _UNNAMED.get(kind)
    anonymous = unnamed is not None and draw(st.booleans())
    if anonymous:
        name, aliases, role = draw(st.sampled_from(unnamed)), (), None  # type: ignore[arg-type]
    speaks_for = None
    if max_depth > 0 and kind not in _ORGANISATION_KINDS:
        speaks_for = draw(
            _optional(sources(kinds=_ORGANISATION_KINDS, sides=sides, max_depth=max_depth - 1))
        )
    return Source(
        name=name,
        kind=kind,
        country=draw(st.sampled_from([country, None])) if country else None,
        side=side,
        aliases=frozenset(draw(st.lists(st.sampled_from(aliases), unique=True)))
        if aliases
        else frozenset(),
        role=draw(st.sampled_from([role, None])) if role else None,
        speaks_for=speaks_for,
        ids=frozenset() if anonymous else draw(_id_sets(SOURCE_SCHEMES)),
        anonymous=anonymous,
        count=draw(_optional(st.integers(1, 5))) if anonymous else None,
    )


def sources(
    *,
    kinds: Collection[SourceKind] | None = None,
    sides: Strategy[str | None] | None = None,
    max_depth: int = 1,
) -> Strategy[Source]:
    """Valid :class:`~conflictevents.Source` values: real ministries, people, agencies.

    Names come from a table ("Russian Defence Ministry", "Ukrainian state emergency
    service", "Volodymyr Zelensky" with the alias "Zelenksy", "Ria Novosti", "UN General
    Assembly", …) with the matching kind and ISO country code. People may speak for an
    organisation (``speaks_for``), nested at most ``max_depth`` deep. Officials,
    soldiers and persons are sometimes anonymous ("a senior official", "sources familiar
    with the matter"), with or without a count.

    Args:
        kinds: Only sources of these kinds (default: any kind).
        sides: Strategy for ``side``; e.g. ``st.sampled_from(["RU", "UA"])`` so that
            every source belongs to one of two parties (default: the source's own
            country where it is RU or UA, or ``None``).
        max_depth: How deep ``speaks_for`` may nest (0: never).

    Sources carry up to two external ids (:func:`external_ids`), drawn independently of
    their names, so that names and ids disagree as often as they agree.

    Shrinks towards the first table entry ("Russian Defence Ministry") with a side and
    country, no aliases, no role, no ``speaks_for``, no ids, named.
    """
    return _cached_sources(None if kinds is None else frozenset(kinds), sides, max_depth)


_cached_sources = functools.cache(_sources)


def credits(*, max_size: int = 3) -> Strategy[Credit]:  # noqa: A001 - plural of Credit
    """Valid :class:`~conflictevents.Credit` lines: "Photo: Diego Herrera/EUROPA PRESS/dpa".

    Args:
        max_size: The longest chain.

    Shrinks towards a credit line that names one source.
    """
    return st.builds(
        Credit,
        item=st.sampled_from(("photo", "text", "video", "graphic")),
        chain=st.lists(sources(max_depth=0), min_size=1, max_size=max_size).map(tuple),
    )


_AUTHORITY_KINDS = (
    SourceKind.GOVERNMENT,
    SourceKind.MILITARY,
    SourceKind.MINISTRY,
    SourceKind.AGENCY,
    SourceKind.HEAD_OF_STATE,
    SourceKind.OFFICIAL,
)
_OUTLET_KINDS = (SourceKind.NEWS_AGENCY, SourceKind.NEWS_OUTLET)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@st.composite
def _publications(draw: st.DrawFn, *, figures: bool = False) -> Publication:
    outlet = draw(sources(kinds=_OUTLET_KINDS, max_depth=0))
    title = draw(_texts(_HEADLINES))
    url = None
    if draw(st.booleans()):
        path = _slug(title) if title else str(draw(st.integers(1, 10**6)))
        url = f"https://www.{_slug(outlet.name)}.example/{path}"
    return Publication(
        outlet=outlet,
        url=url,
        title=title,
        published=draw(_optional(_default_time_spans())),
        retrieved=draw(_optional(_default_time_spans())),
        credits=tuple(draw(st.lists(credits(), max_size=2))),
        wording=draw(_texts(_WORDINGS)) if figures else None,
        figure=draw(_optional(_default_quantities())) if figures else None,
    )


def publications(*, figures: bool = False) -> Strategy[Publication]:
    """Valid :class:`~conflictevents.Publication` values: an outlet, a URL, times, credits.

    Args:
        figures: Also draw the publication's own wording and figure (for a claim about
            a count: only such a claim's publications may give a figure).

    Shrinks towards a publication by a wire service or outlet, with no URL, title,
    times, credits, wording or figure.
    """
    return _publications(figures=figures)


# -- places ----------------------------------------------------------------------------


def coordinates() -> Strategy[Coordinates]:
    """Valid :class:`~conflictevents.Coordinates`: any finite WGS 84 point.

    Shrinks towards ``(0, 0)``.
    """
    return st.builds(
        Coordinates,
        latitude=st.floats(-90, 90, allow_nan=False, allow_subnormal=False),
        longitude=st.floats(-180, 180, allow_nan=False, allow_subnormal=False),
    )


def _near(lat_lon: tuple[float, float]) -> Strategy[Coordinates]:
    lat, lon = lat_lon
    return st.builds(
        Coordinates,
        latitude=st.just(lat) | st.floats(max(lat - 0.1, -90), min(lat + 0.1, 90)),
        longitude=st.just(lon) | st.floats(max(lon - 0.1, -180), min(lon + 0.1, 180)),
    )


@st.composite
def _relative_places(draw: st.DrawFn, max_depth: int) -> RelativePlace:
    return RelativePlace(
        relation=draw(st.sampled_from(Relation)),
        anchor=draw(locations(max_depth=max_depth - 1)),
        distance_km=draw(_optional(st.integers(1, 5_000).map(lambda tenths: tenths / 10))),
    )


@st.composite
def _locations(draw: st.DrawFn, max_depth: int) -> Location:
    relative = draw(_optional(relative_places(max_depth=max_depth - 1))) if max_depth > 0 else None
    if relative is not None:
        anchor = relative.anchor
        return Location(
            name=f"{_RELATION_WORDS[relative.relation]} {anchor.name}",
            country=anchor.country if relative.relation is Relation.WITHIN else None,
            precision=anchor.precision,
            relative_to=relative,
        )
    name, aliases, country, region, point, precision = draw(st.sampled_from(_PLACES))
    return Location(
        name=name,
        aliases=frozenset(draw(st.lists(st.sampled_from(aliases), unique=True)))
        if aliases
        else frozenset(),
        country=country,
        region=draw(st.sampled_from([region, None])) if region else None,
        coordinates=draw(_optional(_near(point))) if point else None,
        precision=precision,
        population=draw(
            _optional(
                quantities(
                    min_value=1_000,
                    max_value=3_000_000,
                    qualifiers=(Qualifier.EXACT, Qualifier.ABOUT, Qualifier.MORE_THAN),
                )
            )
        )
        if precision is LocationPrecision.SETTLEMENT
        else None,
        ids=draw(_id_sets(PLACE_SCHEMES)),
        district=draw(_texts(_DISTRICTS)) if country == "UA" else None,
        subdistrict=draw(_texts(_SUBDISTRICTS)) if country == "UA" else None,
    )


_DISTRICTS = ("Vasylivka raion", "Kharkivskyi raion", "Bakhmut raion")
_SUBDISTRICTS = ("Enerhodar hromada", "Kharkiv hromada")

_cached_locations = functools.cache(_locations)
_cached_relative_places = functools.cache(_relative_places)


def locations(*, max_depth: int = 1) -> Strategy[Location]:
    """Valid :class:`~conflictevents.Location` values: real places and places near them.

    Places come from a table ("Kyiv" with the aliases "Kiev"/"Kyjiw", "Kharkiv", "Kherson",
    "Horlivka", "Brest", "Gotland", …) with country, region, coordinates near the real
    ones and their precision; relative places ("east of Gotland") nest at most
    ``max_depth`` deep.

    Args:
        max_depth: How deep ``relative_to`` may nest (0: never).

    Places carry up to two external ids, drawn independently of their names.

    Shrinks towards a plain place from the table ("Kyiv", "Ukraine", "Baltic Sea" …)
    with no aliases, region, coordinates, population, relation or ids.
    """
    return _cached_locations(max_depth)


def relative_places(*, max_depth: int = 1) -> Strategy[RelativePlace]:
    """Valid :class:`~conflictevents.RelativePlace` values: "east of Gotland", "40 km near Kyiv".

    Args:
        max_depth: How deep the anchor itself may be relative (0: a plain place).

    Shrinks towards "near" a plain place, with no distance.
    """
    return _cached_relative_places(max_depth + 1)


# -- claims' subjects ------------------------------------------------------------------


def _sides_or_none(sides: Strategy[str | None] | None) -> Strategy[str | None]:
    return _optional(st.sampled_from(_SIDES)) if sides is None else sides


_COUNTED_EVENTS = (None, None, None, None, None, "ucdp-ged-446258", "ucdp-ged-446259", "acled-UKR1")
"""Event ids a count may name: ``None`` five times in eight, a few ids that recur."""


def _counted_events(events: Strategy[str | None] | None) -> Strategy[str | None]:
    return st.sampled_from(_COUNTED_EVENTS) if events is None else events


def casualty_counts(
    *,
    sides: Strategy[str | None] | None = None,
    categories: Strategy[Category] | None = None,
    outcomes: Strategy[Outcome] | None = None,
    quantities: Strategy[Quantity | None] | None = None,
    periods: Strategy[TimeSpan | None] | None = None,
    places: Strategy[Location | None] | None = None,
    events: Strategy[str | None] | None = None,
) -> Strategy[CasualtyCount]:
    """Valid :class:`~conflictevents.CasualtyCount` subjects.

    Args:
        sides: Strategy for ``side`` (default: ``None``, "RU" or "UA").
        categories: Strategy for ``category`` (default: any).
        outcomes: Strategy for ``outcome`` (default: any).
        quantities: Strategy for ``quantity`` (default: ``None`` or a figure up to 100,000).
        periods: Strategy for ``period`` (default: ``None`` or any span).
        places: Strategy for ``place`` (default: ``None`` or any place).
        events: Strategy for ``event`` (default: usually ``None``, else one of a few
            recurring event ids, so counts of one event and of different events meet).

    Shrinks towards a count of military killed with no side, figure, period, place,
    event, breakdown, holder or trend.
    """
    return _casualty_counts(
        sides=_sides_or_none(sides),
        categories=st.sampled_from(Category) if categories is None else categories,
        outcomes=st.sampled_from(Outcome) if outcomes is None else outcomes,
        quantities=_optional(_default_quantities()) if quantities is None else quantities,
        periods=_optional(_default_time_spans()) if periods is None else periods,
        places=_optional(locations()) if places is None else places,
        events=_counted_events(events),
    )


@st.composite
def _casualty_counts(
    draw: st.DrawFn,
    *,
    sides: Strategy[str | None],
    categories: Strategy[Category],
    outcomes: Strategy[Outcome],
    quantities: Strategy[Quantity | None],
    periods: Strategy[TimeSpan | None],
    places: Strategy[Location | None],
    events: Strategy[str | None],
) -> CasualtyCount:
    side = draw(sides)
    outcome = draw(outcomes)
    quantity = draw(quantities)
    holders = [s for s in _SIDES if s != side]
    captured = outcome is Outcome.CAPTURED
    return CasualtyCount(
        side=side,
        category=draw(categories),
        outcome=outcome,
        quantity=quantity,
        period=draw(periods),
        place=draw(places),
        event=draw(events),
        parts=() if quantity is None else draw(_parts_of(quantity)),
        held_by=draw(_optional(st.sampled_from(holders))) if captured else None,
        trend=draw(_optional(st.sampled_from(Trend))),
    )


_GROUPS = tuple(g for g in Group if g is not Group.OTHER)


@st.composite
def _parts(draw: st.DrawFn, whole: Quantity | None, group: Group | None) -> Part:
    top = (
        1_000 if whole is None else whole.high if whole.high is not None else (whole.low or 0) + 100
    )
    group = draw(st.sampled_from(Group)) if group is None else group
    return Part(
        group=group,
        quantity=draw(quantities(max_value=top, qualifiers=_PART_QUALIFIERS)),
        label=draw(st.sampled_from(("police officers", "firefighters")))
        if group is Group.OTHER
        else None,
    )


_PART_QUALIFIERS = (Qualifier.EXACT, Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.BETWEEN)


def parts(*, whole: Quantity | None = None) -> Strategy[Part]:
    """Valid :class:`~conflictevents.reports.Part` values: "including 7 children".

    Args:
        whole: The count the part belongs to: the part is never more than it (default:
            any part of up to 1,000 people).

    Shrinks towards no children, exactly.
    """
    return _parts(whole, None)


def _parts_of(whole: Quantity) -> Strategy[tuple[Part, ...]]:
    """A breakdown of ``whole``: up to two parts of distinct groups, each within it."""
    return st.lists(st.sampled_from(_GROUPS), unique=True, max_size=2).flatmap(
        lambda groups: st.tuples(*(_parts(whole, g) for g in groups))
    )


def _default_quantities() -> Strategy[Quantity]:
    return quantities()


def equipment_losses(
    *,
    sides: Strategy[str | None] | None = None,
    equipment: Strategy[str] | None = None,
    events: Strategy[str | None] | None = None,
) -> Strategy[EquipmentLoss]:
    """Valid :class:`~conflictevents.EquipmentLoss` subjects ("tank", "aircraft", …).

    Args:
        sides: Strategy for ``side`` (default: ``None``, "RU" or "UA").
        equipment: Strategy for ``equipment`` (default: a realistic category).
        events: Strategy for ``event`` (default: as :func:`casualty_counts`).

    Shrinks towards lost tanks with no side, figure, period, place or event.
    """
    return st.builds(
        EquipmentLoss,
        side=_sides_or_none(sides),
        equipment=st.sampled_from(_EQUIPMENT) if equipment is None else equipment,
        status=st.sampled_from(LossStatus),
        quantity=_optional(quantities(max_value=5_000)),
        period=_optional(_default_time_spans()),
        place=_optional(locations()),
        event=_counted_events(events),
    )


def territorial_controls(
    *,
    controllers: Strategy[str] | None = None,
    places: Strategy[Location] | None = None,
) -> Strategy[TerritorialControl]:
    """Valid :class:`~conflictevents.TerritorialControl` subjects ("Russia holds Kherson").

    Args:
        controllers: Strategy for ``controller`` (default: "RU" or "UA").
        places: Strategy for ``place`` (default: any place).

    Shrinks towards full, unchanged control of a plain place by "RU".
    """
    return st.builds(
        TerritorialControl,
        place=locations() if places is None else places,
        controller=st.sampled_from(_SIDES) if controllers is None else controllers,
        extent=st.sampled_from(ControlExtent),
        change=st.booleans(),
    )


# -- events ----------------------------------------------------------------------------


def _source_tuples(
    max_size: int = 2, *, kinds: Sequence[SourceKind] | None = None
) -> Strategy[tuple[Source, ...]]:
    return st.lists(sources(kinds=kinds, max_depth=0), max_size=max_size).map(tuple)


@st.composite
def _negotiations(draw: st.DrawFn) -> Negotiation:
    status = draw(st.sampled_from(NegotiationStatus))
    return Negotiation(
        round=draw(_optional(st.integers(1, 10))),
        parties=frozenset(
            draw(st.lists(st.sampled_from(_STATES), min_size=2, max_size=3, unique=True))
        ),
        delegation_heads=draw(_source_tuples(kinds=(SourceKind.OFFICIAL,))),
        mediators=draw(_source_tuples(1, kinds=(SourceKind.HEAD_OF_STATE,))),
        venue=draw(_optional(locations(max_depth=0))),
        scheduled=draw(_optional(_default_time_spans())),
        held=draw(_optional(_default_time_spans())) if status is NegotiationStatus.HELD else None,
        agenda=draw(_text_tuples(_AGENDA)),
        status=status,
        outcome=draw(_texts(_OUTCOMES)),
        description=draw(_texts(_DESCRIPTIONS)),
        corridors=tuple(draw(st.lists(corridors(), max_size=1))),
    )


def corridors() -> Strategy[Corridor]:
    """Valid :class:`~conflictevents.Corridor` values: one side's corridor for another.

    Shrinks towards a corridor set up by a military, for nobody named, with no purpose.
    """
    return st.builds(
        Corridor,
        provided_by=sources(kinds=(SourceKind.MILITARY,), max_depth=0),
        for_party=_optional(st.sampled_from(_SIDES)),
        purpose=_texts(("the delegation's passage", "civilians to reach safety")),
    )


def negotiations() -> Strategy[Negotiation]:
    """Valid :class:`~conflictevents.Negotiation` values between two or three states.

    ``held`` is only drawn for talks whose status is ``held``.

    Shrinks towards proposed talks between "RU" and "UA" with nothing else known.
    """
    return _negotiations()


@functools.cache
def _sanctioners() -> Strategy[Source]:
    """Governments and bodies that sanction Russia and Belarus (not those two)."""
    return st.sampled_from(
        [
            Source(name=name, kind=kind, country=country)
            for name, kind, country, _, _ in _SOURCE_ROWS
            if kind in {SourceKind.GOVERNMENT, SourceKind.INTERNATIONAL_BODY}
            and country not in {"RU", "BY"}
        ]
    )


@st.composite
def _sanctions(draw: st.DrawFn) -> Sanction:
    entity, entity_country = draw(st.sampled_from(_ENTITIES))
    return Sanction(
        authority=tuple(draw(st.lists(_sanctioners(), min_size=1, max_size=3, unique=True))),
        entity=entity,
        entity_country=draw(st.sampled_from([entity_country, None])) if entity_country else None,
        measures=frozenset(draw(st.lists(st.sampled_from(MeasureKind), min_size=1, max_size=3))),
        program=draw(_texts(_PROGRAMS)),
        provisions=draw(_text_tuples(_PROVISIONS)),
        scope=draw(_texts(_SCOPES)),
        announced=draw(_optional(_default_time_spans())),
        effective=draw(_optional(_default_time_spans())),
        status=draw(st.sampled_from(SanctionStatus)),
        description=draw(_texts(_DESCRIPTIONS)),
    )


def sanctions() -> Strategy[Sanction]:
    """Valid :class:`~conflictevents.Sanction` values: governments and bodies against Russia.

    Authorities are governments and international bodies other than Russia's and
    Belarus'.

    Shrinks towards an announced airspace closure by one authority, nothing optional.
    """
    return _sanctions()


@st.composite
def _aircraft_counts(draw: st.DrawFn) -> AircraftCount:
    model, role = draw(st.sampled_from(_AIRCRAFT))
    return AircraftCount(
        model=model,
        count=draw(st.integers(1, 12)),
        role=draw(st.sampled_from([role, None])),
    )


def aircraft_counts() -> Strategy[AircraftCount]:
    """Valid :class:`~conflictevents.AircraftCount` values: "two Su-27 fighter jets".

    Shrinks towards one Su-27 described as a fighter jet.
    """
    return _aircraft_counts()


@st.composite
def _airspace_incidents(draw: st.DrawFn) -> AirspaceIncident:
    aircraft = tuple(draw(st.lists(aircraft_counts(), max_size=3)))
    summed = sum(a.count for a in aircraft)
    total = draw(_optional(st.just(summed) if aircraft else st.integers(1, 20)))
    violated = draw(st.sampled_from(_STATES[2:]))
    operators = [state for state in _STATES if state != violated]
    return AirspaceIncident(
        aircraft=aircraft,
        total=total,
        operator_state=draw(_optional(st.sampled_from(operators))),
        violated_state=violated,
        place=draw(_optional(locations())),
        when=draw(_optional(_default_time_spans())),
        duration=draw(_optional(durations())),
        detected_by=draw(_source_tuples(kinds=(SourceKind.MILITARY,))),
        documented_by=draw(_source_tuples(kinds=(SourceKind.MILITARY, SourceKind.PERSON))),
        response=draw(_texts(("interception", "diplomatic protest", "none"))),
        description=draw(_texts(_DESCRIPTIONS)),
        warnings=draw(_optional(st.integers(0, 5))),
        interceptions=draw(_optional(st.integers(0, 3))),
        crew=draw(_optional(st.sampled_from(CrewFate))),
        route=tuple(draw(st.lists(locations(max_depth=0), max_size=2))),
    )


def durations(*, units: Strategy[TimeUnit] | None = None) -> Strategy[Duration]:
    """Valid :class:`~conflictevents.Duration` values: a hedged figure and a unit, or words.

    Args:
        units: Strategy for ``unit`` (default: any :class:`~conflictevents.TimeUnit`).

    Shrinks towards "0 seconds", exact, without words.
    """
    counted = st.builds(
        Duration,
        amount=_default_quantities(),
        unit=st.sampled_from(TimeUnit) if units is None else units,
        wording=st.none(),
    )
    worded = st.builds(Duration, wording=st.sampled_from(_DURATION_WORDS))
    return counted | worded


def airspace_incidents() -> Strategy[AirspaceIncident]:
    """Valid :class:`~conflictevents.AirspaceIncident` values.

    ``total`` is ``None`` or the sum of the per-type counts; the operator state is never
    the violated one.

    Shrinks towards an incident in Belarusian airspace with nothing else known.
    """
    return _airspace_incidents()


def _actors() -> Strategy[Source | str | None]:
    return _optional(st.sampled_from(_SIDES) | sources(max_depth=0))


_WEAPON_MODELS: dict[WeaponKind, tuple[str, ...]] = {
    WeaponKind.BALLISTIC_MISSILE: ("Iskander-M", "Tochka-U"),
    WeaponKind.CRUISE_MISSILE: ("Kh-101", "Kalibr"),
    WeaponKind.AIR_DEFENCE_MISSILE: ("S-300", "Patriot"),
    WeaponKind.ROCKET: ("BM-21 Grad",),
    WeaponKind.AIRCRAFT: ("Su-34",),
    WeaponKind.DRONE: ("Shahed-136", "Bayraktar TB2"),
}


@st.composite
def _weapons(draw: st.DrawFn) -> Weapon:
    kind = draw(st.sampled_from(WeaponKind))
    return Weapon(
        kind=kind,
        model=draw(_optional(st.sampled_from(_WEAPON_MODELS.get(kind, ("unnamed",))))),
        count=draw(_optional(quantities(max_value=100))),
    )


def weapons() -> Strategy[Weapon]:
    """Valid :class:`~conflictevents.reports.Weapon` values: "48 Kh-101 cruise missiles".

    Models are real designations of the weapon's kind; counts are at most 100.

    Shrinks towards a missile of unspecified type, with no model and no count.
    """
    return _weapons()


@st.composite
def _armed(draw: st.DrawFn, attack: Attack, ids: Strategy[str | None] | None) -> Attack:
    """``attack`` with means, a munitions total at least their counts, and maybe a given id."""
    means = tuple(draw(st.lists(weapons(), max_size=2)))
    counted = sum(0 if w.count is None or w.count.low is None else w.count.low for w in means)
    munitions = draw(
        _optional(
            st.builds(
                Quantity,
                value=st.integers(counted, counted + 50),
                qualifier=st.sampled_from((Qualifier.EXACT, Qualifier.AT_LEAST)),
            )
        )
    )
    given = None if ids is None else draw(ids)
    armed = attrs.evolve(attack, means=means, munitions=munitions)
    return armed if given is None else attrs.evolve(armed, id=given)


def attacks(
    *,
    attackers: Strategy[Source | str | None] | None = None,
    ids: Strategy[str | None] | None = None,
) -> Strategy[Attack]:
    """Valid :class:`~conflictevents.Attack` values: shelling, strikes, explosions.

    ``munitions`` is ``None`` or at least what the weapons' counts add up to.

    Args:
        attackers: Strategy for ``attacker``, a :class:`~conflictevents.Source` or text
            (migrated as release 0.x text is). Default: ``None``, "RU" or "UA" (the
            states), or a source from :func:`sources`.
        ids: Strategy for a given ``id`` (drawing ``None`` derives it from the
            content). Default: ids derived from the content, as for every model. Pass
            ``st.sampled_from(["przewodow-2022-11-15", ...])`` to draw several accounts
            of one identified attack.

    Shrinks towards an unspecified attack with nothing else known.
    """
    return st.builds(
        Attack,
        kind=st.sampled_from(AttackKind),
        attacker=_actors() if attackers is None else attackers,
        target=_texts(_TARGETS) | sources(max_depth=0),
        place=_optional(locations()),
        when=_optional(_default_time_spans()),
        count=_optional(quantities(max_value=50)),
        damage=_texts(_DAMAGE),
        effects=_text_tuples(_EFFECTS),
        outcome=_texts(("success for Ukrainian forces", "repelled")),
        description=_texts(_DESCRIPTIONS),
        part_of=_id_sets(EVENT_SCHEMES),
        coding=_optional(st.one_of(acled_codings(), ucdp_codings())),
    ).flatmap(lambda attack: _armed(attack, ids))


_ACTOR_NAMES = ("Military Forces of Russia (2000-)", "Protesters (Ukraine)", "Police Forces")
_TAGS = ("crowd size=around 100", "crowd size=no report", "women targeted: candidates")
_SOURCE_SCALES = ("National", "Subnational", "Local partner-Other", "National-International")


def acled_codings(
    *, sub_event_types: Strategy[AcledSubEventType] | None = None
) -> Strategy[AcledCoding]:
    """Valid :class:`~conflictevents.datasets.AcledCoding` values: every ACLED sub-event type.

    Args:
        sub_event_types: Strategy for ``sub_event_type`` (default: any).

    Shrinks towards a government regaining territory with nothing else coded.
    """
    return st.builds(
        _acled_coding,
        sub_event_type=st.sampled_from(AcledSubEventType)
        if sub_event_types is None
        else sub_event_types,
        disorder_type=_optional(st.sampled_from(AcledDisorderType)),
        inters=st.lists(st.sampled_from(AcledActorType), max_size=2).map(tuple),
        civilian_targeting=st.booleans(),
        assoc_actor_1=_text_tuples(_ACTOR_NAMES),
        assoc_actor_2=_text_tuples(_ACTOR_NAMES),
        source_scale=_texts(_SOURCE_SCALES),
        tags=_text_tuples(_TAGS),
    )


def _acled_coding(
    *,
    inters: tuple[AcledActorType, ...],
    **fields: Any,  # noqa: ANN401
) -> AcledCoding:
    padded = (*inters, None, None)
    return AcledCoding(inter1=padded[0], inter2=padded[1], **fields)


def ucdp_codings() -> Strategy[UcdpCoding]:
    """Valid :class:`~conflictevents.datasets.UcdpCoding` values: UCDP's three types of violence.

    Shrinks towards state-based violence with no count of sources, cell or geometry.
    """
    return st.builds(
        UcdpCoding,
        violence=st.sampled_from(ViolenceType),
        number_of_sources=_optional(st.integers(min_value=0, max_value=40)),
        priogrid_gid=_optional(st.integers(min_value=1, max_value=PRIOGRID_CELLS)),
        geometry=_optional(
            st.tuples(
                st.floats(min_value=-180, max_value=180, allow_nan=False),
                st.floats(min_value=-90, max_value=90, allow_nan=False),
            ).map(lambda p: f"POINT ({p[0]!r} {p[1]!r})")
        ),
    )


def coded_events() -> Strategy[CodedEvent]:
    """Valid :class:`~conflictevents.datasets.CodedEvent` values: ACLED's protests and developments.

    Shrinks towards a coded event with only its coding and every other field empty.
    """
    return st.builds(
        CodedEvent,
        coding=acled_codings(),
        actor=_optional(st.sampled_from(_ACTOR_NAMES)),
        counterpart=_optional(st.sampled_from(_ACTOR_NAMES)),
        place=_optional(locations()),
        when=_optional(_default_time_spans()),
        size=_optional(quantities(max_value=100_000)),
        description=_texts(_DESCRIPTIONS),
    )


@st.composite
def _statements(draw: st.DrawFn) -> Statement:
    text = draw(_texts(_QUOTES))
    return Statement(
        speaker=draw(sources()),
        kind=draw(st.sampled_from(StatementKind)),
        text=text,
        verbatim=draw(st.booleans()) if text is not None else False,
        addressee=draw(_optional(st.sampled_from(_SIDES))),
        topic=draw(_texts(_TOPICS)),
        concerning=tuple(draw(st.lists(locations(max_depth=0), max_size=2))),
        place=draw(_optional(locations(max_depth=0))),
        when=draw(_optional(_default_time_spans())),
        description=draw(_texts(_DESCRIPTIONS)),
    )


def statements() -> Strategy[Statement]:
    """Valid :class:`~conflictevents.Statement` values; ``verbatim`` only with a text.

    Shrinks towards a plain statement by the Russian Defence Ministry with no text.
    """
    return _statements()


def votes() -> Strategy[Vote]:
    """Valid :class:`~conflictevents.Vote` values in international bodies.

    Vote counts are at most 193 (the UN's membership).

    Shrinks towards an adopted motion in the UN General Assembly with no counts.
    """
    counts = _optional(quantities(max_value=193))
    return st.builds(
        _vote,
        body=sources(kinds=(SourceKind.INTERNATIONAL_BODY,), max_depth=0),
        session=_texts(_SESSIONS),
        motion=st.sampled_from(_MOTIONS),
        result=st.sampled_from(VoteResult),
        votes_for=counts,
        votes_against=counts,
        abstentions=counts,
        when=_optional(_default_time_spans()),
        description=_texts(("a large majority", "by consensus")),
        ordinal=st.one_of(st.none(), st.tuples(st.integers(1, 20), _optional(durations()))),
    )


def _vote(*, ordinal: tuple[int, Duration | None] | None, **fields: object) -> Vote:
    """A vote whose ``ordinal_within`` comes only with an ``ordinal``."""
    number, within = (None, None) if ordinal is None else ordinal
    return Vote(ordinal=number, ordinal_within=within, **fields)  # type: ignore[arg-type]


def curfews() -> Strategy[Curfew]:
    """Valid :class:`~conflictevents.Curfew` values declared by an authority.

    Curfews are declared by governments, ministries, armed forces, agencies or officials.

    Shrinks towards a curfew by a ministry over a plain place, with no times.
    """
    return st.builds(
        Curfew,
        authority=sources(kinds=_AUTHORITY_KINDS, max_depth=0),
        place=locations(max_depth=0),
        declared=_optional(_default_time_spans()),
        period=_optional(_default_time_spans()),
        description=_texts(_CURFEW_TEXTS),
    )


def presences(*, sides: Strategy[str | None] | None = None) -> Strategy[Presence]:
    """Valid :class:`~conflictevents.reports.Presence` values: "troops entered the town".

    Args:
        sides: Strategy for ``side`` (default: ``None``, "RU" or "UA").

    Shrinks towards unidentified forces present in a plain place, nothing else known.
    """
    return st.builds(
        Presence,
        place=locations(max_depth=0),
        side=_sides_or_none(sides),
        forces=_texts(("troops", "armed men", "a reconnaissance group")),
        entered=st.booleans(),
        when=_optional(_default_time_spans()),
        description=_texts(_DESCRIPTIONS),
    )


def events() -> Strategy[Event]:
    """Any event: talks, sanctions, airspace incidents, attacks, statements, votes, and more.

    Curfews, data sets' coded events and presences of forces too.

    Shrinks towards a simple event with every optional field empty.
    """
    return st.one_of(
        negotiations(),
        sanctions(),
        airspace_incidents(),
        attacks(),
        statements(),
        votes(),
        curfews(),
        coded_events(),
        presences(),
    )


def subjects() -> Strategy[Subject]:
    """Anything a claim is about: casualties, equipment losses, control of a place, events.

    Shrinks towards the simplest casualty count.
    """
    return st.one_of(casualty_counts(), equipment_losses(), territorial_controls(), events())


# -- claims ----------------------------------------------------------------------------


def claims(
    *,
    subjects: Strategy[Subject] | None = None,
    claimants: Strategy[Source] | None = None,
    stances: Strategy[Stance] | None = None,
    stated: Strategy[TimeSpan | None] | None = None,
    recorded: Strategy[dt.datetime | None] | None = None,
) -> Strategy[Claim]:
    """Valid :class:`~conflictevents.Claim` values with derived ids.

    Pass strategies to share parts between claims, e.g. to make several claimants
    disagree about a few subjects::

        shared = [CasualtyCount(side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=498))]
        claims(subjects=st.sampled_from(shared),
               claimants=sources(sides=st.sampled_from(["RU", "UA"])))

    Args:
        subjects: Strategy for ``subject`` (default :func:`subjects`).
        claimants: Strategy for ``claimant`` (default :func:`sources`).
        stances: Strategy for ``stance`` (default: asserts or denies).
        stated: Strategy for ``stated`` (default: ``None`` or any span).
        recorded: Strategy for ``recorded``, when the version was recorded (default:
            ``None`` or any aware datetime).

    Shrinks towards the Russian Defence Ministry asserting the simplest casualty count,
    with no time, intermediaries, publications, quote, medium or recorded time.
    """
    return st.builds(
        Claim,
        claimant=sources() if claimants is None else claimants,
        stance=st.sampled_from(Stance) if stances is None else stances,
        subject=_subjects_default() if subjects is None else subjects,
        stated=_optional(_default_time_spans()) if stated is None else stated,
        via=_source_tuples(),
        reported_in=st.lists(publications(), max_size=2).map(tuple),
        verification=st.sampled_from(Verification),
        quote=_texts(_QUOTES),
        medium=_optional(st.sampled_from(Medium)),
        recorded=_optional(aware_datetimes()) if recorded is None else recorded,
    ).flatmap(_with_wordings)


def _with_wordings(claim: Claim) -> Strategy[Claim]:
    """The claim, or (about a count) the claim as outlets worded it, with their figures."""
    if not isinstance(claim.subject, CasualtyCount | EquipmentLoss):
        return st.just(claim)
    worded = st.lists(publications(figures=True), min_size=1, max_size=2).map(
        lambda found: attrs.evolve(claim, reported_in=(*claim.reported_in, *found))
    )
    return st.just(claim) | worded


def _subjects_default() -> Strategy[Subject]:
    return subjects()


def assessments(
    *,
    subjects: Strategy[Subject] | None = None,
    assessors: Strategy[Source] | None = None,
    claim_ids: Strategy[str | None] | None = None,
) -> Strategy[Assessment]:
    """Valid :class:`~conflictevents.Assessment` values with derived ids.

    Args:
        subjects: Strategy for ``subject`` (default :func:`subjects`); share it with
            :func:`claims` to assess the subjects claims are about.
        assessors: Strategy for ``assessor`` (default :func:`sources`).
        claim_ids: Strategy for ``claim`` (default: ``None``, a judgement of the subject).

    Shrinks towards the first source confirming the simplest casualty count, with no
    claim id, time, quote or publication.
    """
    return st.builds(
        Assessment,
        assessor=sources() if assessors is None else assessors,
        verdict=st.sampled_from(Verdict),
        subject=_subjects_default() if subjects is None else subjects,
        claim=st.none() if claim_ids is None else claim_ids,
        stated=_optional(_default_time_spans()),
        quote=_texts(_ASSESSMENT_QUOTES),
        reported_in=st.lists(publications(), max_size=1).map(tuple),
    )


def records() -> Strategy[Record]:
    """Any top-level record: a claim, an event or an assessment.

    Shrinks towards a simple claim or event with every optional field empty.
    """
    return st.one_of(claims(), events(), assessments())
