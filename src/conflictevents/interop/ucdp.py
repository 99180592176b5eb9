"""UCDP Georeferenced Event Dataset (GED): read its CSV as claims by UCDP, and write it back.

Each GED row becomes two claims by UCDP (plus one per non-zero death breakdown):

* ``ucdp-ged-<id>``: the event, an :class:`~conflictevents.Attack` (UCDP asserts it
  happened), with its time, place (``adm_2`` as its district) and sides, and in its
  ``coding`` (:class:`~conflictevents.datasets.UcdpCoding`) the type of violence,
  ``number_of_sources``, ``priogrid_gid`` and ``geom_wkt``;
* ``ucdp-ged-<id>-deaths``: a :class:`~conflictevents.CasualtyCount` of everybody
  killed, ``Quantity(value=best, qualifier=between, low=low, high=high)`` exactly as
  UCDP gives it, with ``deaths_unknown`` (when not 0) as its part of group ``other``
  labelled :data:`UNKNOWN_STATUS`: the dead whose status UCDP could not tell are part
  of everybody killed, not a count of their own;
* ``ucdp-ged-<id>-deaths-a``/``-b``/``-civilians``: the breakdown columns
  ``deaths_a``, ``deaths_b`` and ``deaths_civilians`` when they are not 0 (each its
  own subject: a side's dead, whose ``side`` is the actor's side label (``"RU"``; a
  non-state actor's name), the civilian dead).

Every count names its event (``event="ucdp-ged-<id>"``), so counts of different GED
events are different subjects even on the same day at the same place.

A row whose figures break a model invariant (``low <= best <= high``) is, by default,
not imported: it is reported with its line and column according to ``on_error``, never
repaired. With ``bounds="flag"`` it is imported without its deaths total (nor that
total's part of unknown status) and listed in
:attr:`~conflictevents.interop.ImportStream.flagged`. The mapping tables are
:data:`DATE_PRECISION`, :data:`WHERE_PRECISION`, :data:`EVENT_CLARITY`,
:data:`VIOLENCE_TYPE` and :data:`ATTACK_KIND`; see the "Importing data" guide.

Cite UCDP data as Sundberg & Melander (2013), "Introducing the UCDP Georeferenced
Event Dataset", *Journal of Peace Research* 50(4); candidate events as Davies,
Pettersson & Öberg, UCDP Candidate Events Dataset.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from typing import IO, Literal, TypeVar

from conflictevents._claims import (
    CasualtyCount,
    Category,
    Claim,
    Group,
    Medium,
    Outcome,
    Part,
    Verification,
)
from conflictevents._datasets import PRIOGRID_CELLS, UcdpCoding, ViolenceType
from conflictevents._events import Attack, AttackKind
from conflictevents._external_ids import values_of
from conflictevents._locations import Location, LocationPrecision
from conflictevents._quantity import Qualifier, Quantity
from conflictevents._sources import Publication, Source, SourceKind
from conflictevents._time import TimePrecision, TimeSpan, _to_datetime

from ._build import builder
from ._common import (
    Flagged,
    ImportStream,
    Input,
    Interned,
    OnError,
    bad,
    calendar_day,
    column_ids,
    coordinates,
    day_span,
    days_span,
    first_day,
    grouped,
    integer,
    last_day,
    monitor,
    read_csv,
    write_rows,
)

__all__ = [
    "COLUMNS",
    "DATE_PRECISION",
    "ATTACK_KIND",
    "EVENT_CLARITY",
    "ROUND_TRIP_COLUMNS",
    "UCDP",
    "UNKNOWN_STATUS",
    "VIOLENCE_TYPE",
    "BoundsPolicy",
    "WHERE_PRECISION",
    "read",
    "write",
]

COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip
"""The 49 GED columns, in UCDP's order (candidate and final releases share them)."""

ROUND_TRIP_COLUMNS: tuple[str, ...] = (
    "id", "type_of_violence", "conflict_new_id", "dyad_new_id", "side_a_new_id", "side_a",
    "side_b_new_id", "side_b", "number_of_sources", "source_article",
    "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)  # fmt: skip
"""The columns the models hold, which :func:`write` gives back as :func:`read` found them.

The others (UCDP's older ``*_dset_id`` ids, ``relid``, ``code_status``, Gleditsch-Ward
numbers, ``where_description``) have no place in the models and are written empty.
"""

UCDP = monitor("Uppsala Conflict Data Program", aliases=("UCDP",))
"""The claimant of every claim read from a GED file."""

_CLAIM, _ATTACK = builder(Claim), builder(Attack)
_COUNT, _QUANTITY = builder(CasualtyCount), builder(Quantity)

DATE_PRECISION: dict[str, TimePrecision] = {
    "1": TimePrecision.DAY,
    "2": TimePrecision.INTERVAL,
    "3": TimePrecision.WEEK,
    "4": TimePrecision.MONTH,
    "5": TimePrecision.YEAR,
}
"""``date_prec`` → :class:`~conflictevents.TimePrecision` of ``[date_start, date_end]``.

1 exact day; 2 a period of 2-6 days; 3 the week is known; 4 a period of 8-30 days or
the month; 5 a longer period or only the year. The span is always UCDP's own
``date_start`` … ``date_end``; the precision says how UCDP characterised it.
"""

WHERE_PRECISION: dict[str, LocationPrecision] = {
    "1": LocationPrecision.POINT,
    "2": LocationPrecision.SETTLEMENT,
    "3": LocationPrecision.DISTRICT,
    "4": LocationPrecision.REGION,
    "5": LocationPrecision.LINEAR,
    "6": LocationPrecision.COUNTRY,
    "7": LocationPrecision.INTERNATIONAL,
}
"""``where_prec`` → :class:`~conflictevents.LocationPrecision` (the ladder follows UCDP).

1 exact location; 2 within about 25 km of a known point; 3 only the second-order
administrative unit; 4 only the first-order unit; 5 a linear feature or a named
part of a country ("the front", "southern Ukraine"); 6 only the country;
7 international waters or airspace.
"""

EVENT_CLARITY: dict[str, Verification] = {
    "1": Verification.NOT_ASSESSED,
    "2": Verification.UNVERIFIED,
}
"""``event_clarity`` → :class:`~conflictevents.Verification` of both claims.

1 (high clarity: a single, clearly identified event) says nothing beyond UCDP's own
coding: ``not_assessed``. 2 (lower clarity: a summary UCDP could not pin down to one
event) is marked ``unverified``.
"""

VIOLENCE_TYPE: dict[str, ViolenceType] = {
    "1": ViolenceType.STATE_BASED,
    "2": ViolenceType.NON_STATE,
    "3": ViolenceType.ONE_SIDED,
}
"""``type_of_violence`` → :class:`~conflictevents.datasets.ViolenceType` of the event's coding.

1 state-based conflict, 2 non-state conflict, 3 one-sided violence; kept in
``Attack.coding`` (a :class:`~conflictevents.datasets.UcdpCoding`).
"""

ATTACK_KIND: dict[ViolenceType, AttackKind] = {
    ViolenceType.STATE_BASED: AttackKind.ENGAGEMENT,
    ViolenceType.NON_STATE: AttackKind.ENGAGEMENT,
    ViolenceType.ONE_SIDED: AttackKind.ATTACK,
}
"""The :class:`~conflictevents.AttackKind` of each type of violence.

Fighting between two sides (state-based or non-state) is an ``engagement``; one-sided
violence is an ``attack`` (GED does not say how it was done).
"""

BoundsPolicy = Literal["reject", "flag"]
"""What :func:`read` does with a row whose figures break ``low <= best <= high``."""

COUNTRIES: dict[str, str] = {
    "Armenia": "AM", "Azerbaijan": "AZ", "Belarus": "BY", "Georgia": "GE", "Moldova": "MD",
    "Poland": "PL", "Russia (Soviet Union)": "RU", "Russia": "RU", "Syria": "SY",
    "Ukraine": "UA",
}  # fmt: skip
"""UCDP country names → ISO codes; other names leave ``Location.country`` empty."""

_COUNTRY_NAMES = {code: name for name, code in COUNTRIES.items() if name != "Russia"}

_REQUIRED = (
    "id", "best", "low", "high", "date_prec", "date_start", "date_end", "where_prec",
    "event_clarity", "type_of_violence",
)  # fmt: skip

_INVARIANT_COLUMNS = {
    ("Quantity", "value"): "best",
    ("Quantity", "low"): "low",
    ("Quantity", "high"): "high",
    ("Quantity", "qualifier"): "best",
    ("Coordinates", "latitude"): "latitude",
    ("Coordinates", "longitude"): "longitude",
    ("TimeSpan", "end"): "date_end",
    ("TimeSpan", "start"): "date_start",
    ("CasualtyCount", "parts"): "deaths_unknown",
}

_DATE = re.compile(
    r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"
    r"(?: (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?: ?(?P<p>[AP]M))?)?"
)
_ISO_DATE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ T](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_DAY_FIRST = re.compile(r"(?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4})")
_ARTICLE = re.compile(r"(?P<office>.*?),(?P<date>\d{4}-\d{2}-\d{2}),(?P<title>.*)", re.DOTALL)
_BREAKDOWN = (
    ("deaths_a", "a"),
    ("deaths_b", "b"),
    ("deaths_civilians", "civilians"),
)
"""The breakdown columns read as claims of their own (``ucdp-ged-<id>-deaths-<suffix>``)."""

UNKNOWN_STATUS = "unknown status"
"""The label of the part of an event's deaths total that ``deaths_unknown`` gives.

``deaths_unknown`` counts the dead whose status (which side, civilian or not) UCDP could
not tell: a part of everybody killed, so a :class:`~conflictevents.Part` of group
``other`` of the ``ucdp-ged-<id>-deaths`` count, never a count of everybody killed.
"""


def parse_date(text: str, column: str) -> dt.date:
    """A GED date: ``2022-09-01``, ``09/01/2022 00:00`` or ``9/1/2022 12:00:00 AM``.

    The slash forms are month first. A time other than midnight is an error: GED
    dates are days.
    """
    match = _ISO_DATE.fullmatch(text.strip()) or _DATE.fullmatch(text.strip())
    if match is None:
        raise bad(column, f"expected a date like 2022-09-01 or 09/01/2022, got {text!r}")
    parts = match.groupdict()
    hour, minute, second = int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0)
    if parts.get("p") == "AM" and hour == 12:
        hour = 0
    if (hour, minute, second) != (0, 0, 0):
        raise bad(column, f"GED dates are days, got the time of day in {text!r}")
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError as exc:
        raise bad(column, f"{text!r} is not a date: {exc}") from None
    return calendar_day(day, column, text)


def _source_date(text: str) -> dt.date:
    text = text.strip()
    match = _DAY_FIRST.fullmatch(text)
    if match is not None:  # single-source rows of the candidate file write 01/09/2022
        try:
            day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError as exc:
            raise bad("source_date", f"{text!r} is not a date: {exc}") from None
        return calendar_day(day, "source_date", text)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise bad("source_date", f"expected 2022-09-01 or 01/09/2022, got {text!r}") from None
    return calendar_day(day, "source_date", text)


def _code(row: dict[str, str], column: str, table: Mapping[str, object]) -> str:
    code = row[column].strip()
    if code not in table:
        raise bad(column, f"unknown code {row[column]!r} (known: {', '.join(table)})")
    return code


def _publications(row: dict[str, str], tz: str) -> tuple[Publication, ...]:
    offices = row.get("source_office", "").split(";")
    if not any(o.strip() for o in offices):
        return ()
    dates = row.get("source_date", "").split(";")
    if dates == [""]:
        dates = [""] * len(offices)
    article = row.get("source_article", "").strip()
    items = article[1:-1].split('";"') if article.startswith('"') else []
    headlines = row.get("source_headline", "").split(";")
    if len(dates) != len(offices):
        raise bad("source_date", f"{len(dates)} dates for {len(offices)} sources in source_office")
    publications = []
    for i, office in enumerate(offices):
        title: str | None = None
        if len(headlines) == len(offices):
            title = headlines[i].strip() or None
        elif len(items) == len(offices):  # a headline holds ';': take it from the citation
            match = _ARTICLE.fullmatch(items[i])  # UCDP does not escape inner quotes
            if match is not None:
                title = match["title"].strip() or None
        date = _source_date(dates[i]) if dates[i].strip() else None
        publications.append(
            Publication(
                outlet=_outlet(office.strip() or "unknown outlet"),
                title=title,
                published=day_span(date, tz) if date is not None else None,
            )
        )
    return tuple(publications)


_OUTLETS: dict[str, Source] = {}


def _outlet(name: str) -> Source:
    source = _OUTLETS.get(name)
    if source is None:
        if len(_OUTLETS) > 10_000:  # keep memory bounded on huge files
            _OUTLETS.clear()
        source = _OUTLETS[name] = Source(name=name, kind=SourceKind.NEWS_OUTLET)
    return source


_PLACE_COLUMNS = (
    "where_prec", "where_coordinates", "country", "adm_1", "adm_2", "latitude", "longitude",
)  # fmt: skip
"""The columns :func:`_location` reads (the key of a place in the intern cache)."""

_PUBLICATION_COLUMNS = ("source_office", "source_date", "source_article", "source_headline")
"""The columns :func:`_publications` reads."""


def _via(row: dict[str, str]) -> tuple[Source, ...]:
    original = row.get("source_original", "").strip()
    return (Source(name=original, kind=SourceKind.OTHER),) if original else ()


def _location(row: dict[str, str]) -> Location:
    code = _code(row, "where_prec", WHERE_PRECISION)
    name = row.get("where_coordinates", "").strip() or row.get("country", "").strip() or "unknown"
    return Location(
        name=name,
        country=COUNTRIES.get(row.get("country", "").strip()),
        region=row.get("adm_1", "").strip() or None,
        district=row.get("adm_2", "").strip() or None,
        coordinates=coordinates(row),
        precision=WHERE_PRECISION[code],
    )


def _when(row: dict[str, str], tz: str) -> TimeSpan:
    code = _code(row, "date_prec", DATE_PRECISION)
    first = parse_date(row["date_start"], "date_start")
    last = parse_date(row["date_end"], "date_end")
    if last < first:
        raise bad("date_end", f"{row['date_end']!r} is before date_start {row['date_start']!r}")
    return days_span(first, last, DATE_PRECISION[code], tz)


_PART_OF = {"dyad_new_id": "ucdp-dyad", "conflict_new_id": "ucdp-conflict"}
_GOVERNMENT = "Government of "


def _actor(row: dict[str, str], side: str) -> Source | None:
    """Side A or B of a GED row as an actor: its name, its UCDP actor id, and its state.

    A government (``"Government of Ukraine"``) is that state: kind ``government``, its
    ISO code as country and side, and the id ``iso3166:<code>`` (when UCDP's country
    name is in :data:`COUNTRIES`); any other side (``"DPR"``, ``"Civilians"``) is an
    actor of kind ``other``.
    """
    name = row.get(f"side_{side}", "").strip()
    if not name:
        return None
    ids = column_ids(row, {f"side_{side}_new_id": "ucdp-actor"})
    code = COUNTRIES.get(name.removeprefix(_GOVERNMENT)) if name.startswith(_GOVERNMENT) else None
    if code is None:
        return Source(name=name, kind=SourceKind.OTHER, ids=ids)
    return Source(
        name=name,
        kind=SourceKind.GOVERNMENT,
        country=code,
        side=code,
        ids=ids | {f"iso3166:{code}"},
    )


def _optional_integer(row: dict[str, str], column: str) -> int | None:
    return integer(row, column) if row.get(column, "").strip() else None


def _coding(row: dict[str, str]) -> UcdpCoding:
    violence = VIOLENCE_TYPE[_code(row, "type_of_violence", VIOLENCE_TYPE)]
    gid = _optional_integer(row, "priogrid_gid")
    if gid is not None and not 1 <= gid <= PRIOGRID_CELLS:
        raise bad("priogrid_gid", f"PRIO-GRID cells are 1 to {PRIOGRID_CELLS:,}, got {gid}")
    geometry = row.get("geom_wkt", "").strip() or None
    if geometry is not None and not geometry.startswith(_WKT_TYPES):
        raise bad("geom_wkt", f"expected a WKT geometry like 'POINT (30.5 50.4)', got {geometry!r}")
    return UcdpCoding(
        violence=violence,
        number_of_sources=_optional_integer(row, "number_of_sources"),
        priogrid_gid=gid,
        geometry=geometry,
    )


_CODING_COLUMNS = ("type_of_violence", "priogrid_gid", "geom_wkt", "number_of_sources")
"""The columns :func:`_coding` reads."""

_WKT_TYPES = ("POINT", "LINESTRING", "POLYGON", "MULTI", "GEOMETRYCOLLECTION")


def _side(row: dict[str, str], side: str, cache: Interned) -> Source | None:
    key = ("side", side, row.get(f"side_{side}"), row.get(f"side_{side}_new_id"))
    return cache(key, _actor, row, side)


def _convert(
    row: dict[str, str],
    tz: str,
    bounds: BoundsPolicy,
    recorded: dt.datetime | None = None,
    *,
    cache: Interned | None = None,
) -> list[Claim]:
    ged_id = row["id"].strip()
    if not ged_id:
        raise bad("id", "the event has no id")
    best, low, high = integer(row, "best"), integer(row, "low"), integer(row, "high")
    broken = _broken_bounds(low, best, high) if bounds == "flag" else None
    verification = EVENT_CLARITY[_code(row, "event_clarity", EVENT_CLARITY)]
    cache = cache or Interned()
    get = row.get
    coding = cache(
        ("coding", *map(get, _CODING_COLUMNS)),
        _coding,
        row,
    )
    kind = ATTACK_KIND[coding.violence]
    when = cache(("when", *map(get, ("date_prec", "date_start", "date_end"))), _when, row, tz)
    place = cache(("place", *map(get, _PLACE_COLUMNS)), _location, row)
    reported_in = cache(("publications", *map(get, _PUBLICATION_COLUMNS)), _publications, row, tz)
    via = cache(("via", get("source_original")), _via, row)
    claim = functools.partial(
        _CLAIM,
        claimant=UCDP,
        via=via,
        reported_in=reported_in,
        verification=verification,
        medium=Medium.DATASET,
        recorded=recorded,
    )
    event = _ATTACK(
        id=f"ucdp-ged-{ged_id}",
        kind=kind,
        attacker=_side(row, "a", cache),
        target=_side(row, "b", cache),
        place=place,
        when=when,
        coding=coding,
        part_of=cache(("part_of", *map(get, _PART_OF)), column_ids, row, _PART_OF),
    )
    claims = [claim(id=f"ucdp-ged-{ged_id}", subject=event)]
    if broken is None:
        deaths = _QUANTITY(value=best, qualifier=Qualifier.BETWEEN, low=low, high=high)
        unknown = _breakdown_figure(row, "deaths_unknown")
        subject = _COUNT(
            outcome=Outcome.KILLED,
            quantity=deaths,
            period=when,
            place=place,
            event=event.id,
            parts=() if not unknown else cache(("unknown", unknown), _unknown_part, unknown),
        )
        claims.append(claim(id=f"ucdp-ged-{ged_id}-deaths", subject=subject))
    for column, suffix in _BREAKDOWN:
        figure = _breakdown_figure(row, column)
        if not figure:
            continue
        actor = {"a": event.attacker, "b": event.target}.get(suffix)
        side = None if actor is None else actor.side or actor.name  # "RU", or "DPR"
        category = Category.CIVILIAN if suffix == "civilians" else Category.UNSPECIFIED
        subject = _COUNT(
            side=side,
            category=category,
            outcome=Outcome.KILLED,
            quantity=cache(("quantity", figure), _figure, figure),
            period=when,
            place=place,
            event=event.id,
        )
        claims.append(claim(id=f"ucdp-ged-{ged_id}-deaths-{suffix}", subject=subject))
    if broken is not None:
        column, reason = broken
        return Flagged(claims, column=column, reason=reason)
    return claims


def _figure(value: int) -> Quantity:
    return _QUANTITY(value=value)


def _breakdown_figure(row: dict[str, str], column: str) -> int:
    """A breakdown column's figure; 0 when the column is missing or empty."""
    if column not in row or not row[column].strip():
        return 0
    return integer(row, column)


def _unknown_part(value: int) -> tuple[Part, ...]:
    return (Part(group=Group.OTHER, label=UNKNOWN_STATUS, quantity=_figure(value)),)


def _broken_bounds(low: int, best: int, high: int) -> tuple[str, str] | None:
    """The column to blame and why, if ``low <= best <= high`` fails."""
    if low <= best <= high:
        return None
    column = "low" if low > best else "high"
    return column, (
        f"low <= best <= high fails (low {low}, best {best}, high {high}): the row is "
        "imported without its deaths total (ucdp-ged-<id>-deaths), which UCDP's figures "
        "cannot state, nor deaths_unknown, a part of that total; its event and other death "
        "breakdowns are imported"
    )


def read(
    source: Input,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    tz: str = "UTC",
    bounds: BoundsPolicy = "reject",
    recorded: dt.datetime | None = None,
) -> ImportStream:
    """Stream the claims of a UCDP GED CSV file (candidate or final release).

    Args:
        source: A path, or a text stream opened with ``newline=""``.
        encoding: The file's encoding; UTF-8 if not given (UCDP's own downloads are
            UTF-8; re-saved files are often ``"cp1252"``).
        on_error: What to do with a row that cannot be imported (see
            :data:`~conflictevents.interop.OnError`).
        tz: The time zone of UCDP's calendar days (UCDP gives none).
        bounds: What to do with a row whose figures break ``low <= best <= high``:
            ``"reject"`` it (per ``on_error``), or ``"flag"`` it: import its event and
            death breakdown without the deaths total (and ``deaths_unknown``, a part of
            that total), and list the row, with its line,
            column and figures, in :attr:`ImportStream.flagged
            <conflictevents.interop.ImportStream.flagged>`.
        recorded: When this version was published (GED 25.1, a monthly candidate
            file), an aware datetime: every claim's
            :attr:`~conflictevents.Claim.recorded`. A GED row carries no version of
            its own; read two versions each with its time, and reconciliation keeps
            each event's figures from the later one (ids do not change).

    Returns:
        An :class:`~conflictevents.interop.ImportStream` of claims by :data:`UCDP`.

    Raises:
        RowError: With ``on_error="raise"``, at the first row that cannot be imported,
            naming its line and column.
    """
    if bounds not in ("reject", "flag"):
        raise ValueError(f"bounds must be 'reject' or 'flag', not {bounds!r}")
    cache = Interned()
    stored = _to_datetime(recorded)  # converted once, as every Claim would convert it
    return read_csv(
        source,
        lambda row: _convert(row, tz, bounds, stored, cache=cache),
        encoding=encoding,
        on_error=on_error,
        required=_REQUIRED,
        columns=_INVARIANT_COLUMNS,
    )


# -- writing --------------------------------------------------------------------------


def _ged_id(claim: Claim) -> str | None:
    if claim.claimant != UCDP or not claim.id.startswith("ucdp-ged-"):
        return None
    return claim.id.removeprefix("ucdp-ged-").split("-", 1)[0]


def _row_id(claim: Claim) -> str:
    ged_id = _ged_id(claim)
    if ged_id is None:
        raise ValueError(f"claim {claim.id} was not read from a UCDP GED file")
    return ged_id


_V = TypeVar("_V")


def _reverse(table: Mapping[str, _V]) -> dict[_V, str]:
    return {value: code for code, value in table.items()}


_DATE_CODES = _reverse(DATE_PRECISION)
_WHERE_CODES = _reverse(WHERE_PRECISION)
_CLARITY_CODES = _reverse(EVENT_CLARITY)
_VIOLENCE_CODES = _reverse(VIOLENCE_TYPE)
_KIND_CODES = {AttackKind.ENGAGEMENT: "1", AttackKind.OTHER: "2", AttackKind.ATTACK: "3"}
"""``type_of_violence`` of an attack without a coding (as releases before 0.2 read it)."""


def _first(ids: Iterable[str], scheme: str) -> str:
    """The value of the first id of ``scheme`` (a GED cell holds one), or ``""``."""
    values = values_of(ids, scheme)
    return values[0] if values else ""


def _number(value: float) -> str:
    return repr(value).removesuffix(".0") if value == int(value) else repr(value)


def _coding_columns(attack: Attack) -> dict[str, str]:
    """``type_of_violence`` and the columns of an attack's UCDP coding."""
    coding = attack.coding
    if not isinstance(coding, UcdpCoding):  # read before 0.2: the kind says it
        return {"type_of_violence": _KIND_CODES.get(attack.kind, "")}
    sources, gid = coding.number_of_sources, coding.priogrid_gid
    return {
        "type_of_violence": _VIOLENCE_CODES[coding.violence],
        "priogrid_gid": "" if gid is None else str(gid),
        "geom_wkt": coding.geometry or "",
        "number_of_sources": "" if sources is None else str(sources),
    }


def _actor_columns(attack: Attack) -> dict[str, str]:
    """The sides, their UCDP actor ids and the dyad and conflict ids of an attack."""
    columns = {column: _first(attack.part_of, scheme) for column, scheme in _PART_OF.items()}
    for side, actor in (("a", attack.attacker), ("b", attack.target)):
        columns[f"side_{side}"] = actor.name if actor else ""
        columns[f"side_{side}_new_id"] = _first(actor.ids if actor else (), "ucdp-actor")
    return columns


def _row(group: list[Claim], tz: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    by_suffix = {c.id.removeprefix("ucdp-ged-").partition("-")[2]: c for c in group}
    first = group[0]
    row["id"] = first.id.removeprefix("ucdp-ged-").split("-", 1)[0]
    event = by_suffix.get("")
    deaths = by_suffix.get("deaths")
    row["event_clarity"] = _CLARITY_CODES.get(first.verification, "")
    if event is not None and isinstance(event.subject, Attack):
        attack = event.subject
        row.update(_coding_columns(attack))
        row.update(_actor_columns(attack))
        when, place = attack.when, attack.place
    elif deaths is not None and isinstance(deaths.subject, CasualtyCount):
        when, place = deaths.subject.period, deaths.subject.place
    else:
        when = place = None
    if when is not None:
        row["date_prec"] = _DATE_CODES.get(when.precision, "")
        start, end = first_day(when, tz), last_day(when, tz)
        row["date_start"] = start.isoformat() if start else ""
        row["date_end"] = end.isoformat() if end else ""
    if place is not None:
        row["where_prec"] = _WHERE_CODES.get(place.precision, "")
        row["where_coordinates"] = place.name
        row["adm_1"] = place.region or ""
        row["adm_2"] = place.district or ""
        row["country"] = _COUNTRY_NAMES.get(place.country or "", "")
        if place.coordinates is not None:
            row["latitude"] = _number(place.coordinates.latitude)
            row["longitude"] = _number(place.coordinates.longitude)
    if deaths is not None and deaths.quantity is not None:
        q = deaths.quantity
        row["best"] = "" if q.value is None else str(q.value)
        row["low"] = "" if q.low is None else str(q.low)
        row["high"] = "" if q.high is None else str(q.high)
    if deaths is not None or event is not None:
        for column, suffix in _BREAKDOWN:
            part = by_suffix.get(f"deaths-{suffix}")
            figure = part.quantity if part is not None else None
            row[column] = str(figure.value) if figure is not None else "0"
        row["deaths_unknown"] = _unknown_column(deaths, by_suffix.get("deaths-unknown"))
    pubs = first.reported_in
    if not (event is not None and isinstance(event.subject, Attack) and event.subject.coding):
        row["number_of_sources"] = str(len(pubs)) if pubs else ""  # as releases before 0.2
    row["source_office"] = ";".join(p.outlet.name for p in pubs)
    dates = [first_day(p.published, tz) for p in pubs]
    row["source_date"] = ";".join(d.isoformat() if d else "" for d in dates)
    row["source_headline"] = ";".join(p.title or "" for p in pubs)
    row["source_article"] = ";".join(
        f'"{p.outlet.name},{d.isoformat() if d else ""},{p.title or ""}"'
        for p, d in zip(pubs, dates, strict=True)
    )
    row["source_original"] = first.via[0].name if first.via else ""
    return row


def _unknown_column(deaths: Claim | None, legacy: Claim | None) -> str:
    """``deaths_unknown``: the total's part of unknown status, or its claim of its own.

    Claims imported before the part existed carry it as ``ucdp-ged-<id>-deaths-unknown``.
    """
    if deaths is not None and isinstance(deaths.subject, CasualtyCount):
        for part in deaths.subject.parts:
            if part.group is Group.OTHER and part.label == UNKNOWN_STATUS:
                return str(part.quantity.value)
    figure = legacy.quantity if legacy is not None else None
    return str(figure.value) if figure is not None and figure.value is not None else "0"


def write(claims: Iterable[Claim], target: IO[str], *, tz: str = "UTC") -> int:
    """Write claims read by :func:`read` back as GED rows (all 49 columns, in order).

    Claims must come grouped by event, as :func:`read` yields them. Only the
    :data:`ROUND_TRIP_COLUMNS` are filled; dates are written as ``YYYY-MM-DD``.

    Args:
        claims: Claims from :func:`read`.
        target: A text stream opened with ``newline=""``.
        tz: The time zone the claims were read with.

    Returns:
        The number of rows written.

    Raises:
        ValueError: If a claim did not come from a GED file.
    """
    groups = grouped(claims, _row_id)
    return write_rows(target, COLUMNS, (_row(group, tz) for group in groups))
