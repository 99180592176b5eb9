"""ACLED (Armed Conflict Location & Event Data) CSV exports, as claims by ACLED.

ACLED's terms forbid redistributing its data, so no ACLED file ships with
conflictevents: export one from https://acleddata.com/data-export-tool/ (free
registration) or through its API, with the columns of ACLED's public codebook.

Each row of a political-violence event type (:data:`EVENT_TYPES`) becomes two claims
by ACLED:

* ``acled-<event_id_cnty>``: the event, an :class:`~conflictevents.Attack` whose kind
  follows :data:`SUB_EVENT_TYPES`, with ``actor1``/``actor2`` as attacker/target (ACLED
  says its actors imply no direction: read them as "side 1"/"side 2"), the place and
  ``notes`` as its description;
* ``acled-<event_id_cnty>-fatalities``: a :class:`~conflictevents.CasualtyCount` of
  ``fatalities``, ACLED's conservative figure: ``Quantity(value=n, qualifier=at_least)``,
  naming its event (``event="acled-<event_id_cnty>"``).

``source`` becomes the publications (split on ``;``); ``time_precision`` and
``geo_precision`` map by :data:`TIME_PRECISION` and :data:`GEO_PRECISION`.
``timestamp`` (Unix seconds of the row's last change) becomes both claims'
:attr:`~conflictevents.Claim.recorded`: a row re-exported after ACLED revised it is a
newer version of the same claims, and reconciliation keeps the newer figure (an empty
``timestamp`` gives no recorded time). Demonstration
and strategic-development rows (``Protests``, ``Strategic developments``) have no model
here: they are reported per ``on_error`` with that reason, never dropped silently.
Not imported: ``inter1``/``inter2``/``interaction`` (actor-type codes),
``source_scale``, ``assoc_actor_*``, ``admin2``/``admin3``, ``tags``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from conflictevents._claims import CasualtyCount, Claim, Medium, Outcome
from conflictevents._events import Attack, AttackKind
from conflictevents._locations import Location, LocationPrecision
from conflictevents._quantity import Qualifier, Quantity
from conflictevents._sources import Publication, Source, SourceKind
from conflictevents._time import TimePrecision, TimeSpan

from ._common import (
    ImportStream,
    Input,
    OnError,
    bad,
    calendar_day,
    coordinates,
    integer,
    monitor,
    read_csv,
)

__all__ = [
    "ACLED",
    "COLUMNS",
    "EVENT_TYPES",
    "GEO_PRECISION",
    "SUB_EVENT_TYPES",
    "TIME_PRECISION",
    "read",
]

ACLED = monitor("Armed Conflict Location & Event Data Project", aliases=("ACLED",))
"""The claimant of every claim read from an ACLED export."""

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
"""The columns of ACLED's export, in the order of its 2023 codebook."""

_REQUIRED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "location", "geo_precision", "source", "fatalities",
)  # fmt: skip

TIME_PRECISION: dict[str, TimePrecision] = {
    "1": TimePrecision.DAY,
    "2": TimePrecision.WEEK,
    "3": TimePrecision.MONTH,
}
"""``time_precision`` → :class:`~conflictevents.TimePrecision`.

1 the source gives the day: that day. 2 the source gives a week or a range of days,
and ACLED codes its middle: the seven days centred on ``event_date``. 3 only the
month is known: that calendar month.
"""

GEO_PRECISION: dict[str, LocationPrecision] = {
    "1": LocationPrecision.SETTLEMENT,
    "2": LocationPrecision.DISTRICT,
    "3": LocationPrecision.REGION,
}
"""``geo_precision`` → :class:`~conflictevents.LocationPrecision`.

1 the town or village named by the source; 2 a part of a region, coded to a nearby
town; 3 only a larger region, coded to its capital or centroid.
"""

EVENT_TYPES: frozenset[str] = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)
"""The ``event_type`` values that become events; the others are reported, not imported."""

SUB_EVENT_TYPES: dict[str, AttackKind] = {
    "Armed clash": AttackKind.ENGAGEMENT,
    "Government regains territory": AttackKind.GROUND_ASSAULT,
    "Non-state actor overtakes territory": AttackKind.GROUND_ASSAULT,
    "Air/drone strike": AttackKind.AIR_STRIKE,
    "Shelling/artillery/missile attack": AttackKind.SHELLING,
    "Remote explosive/landmine/IED": AttackKind.EXPLOSION,
    "Suicide bomb": AttackKind.EXPLOSION,
    "Grenade": AttackKind.EXPLOSION,
    "Attack": AttackKind.ATTACK,
    "Chemical weapon": AttackKind.OTHER,
    "Sexual violence": AttackKind.OTHER,
    "Abduction/forced disappearance": AttackKind.OTHER,
    "Violent demonstration": AttackKind.OTHER,
    "Mob violence": AttackKind.OTHER,
}
"""``sub_event_type`` → :class:`~conflictevents.AttackKind` of the event."""

_DMY = re.compile(r"(?P<d>\d{1,2})[ -](?P<m>[A-Za-z]+)[ -](?P<y>\d{4})")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_COUNTRIES = {"Ukraine": "UA", "Russia": "RU", "Belarus": "BY", "Moldova": "MD"}

_INVARIANT_COLUMNS = {
    ("Quantity", "value"): "fatalities",
    ("Coordinates", "latitude"): "latitude",
    ("Coordinates", "longitude"): "longitude",
}


def parse_date(text: str) -> dt.date:
    """An ACLED ``event_date``: ``2022-02-24``, ``24 February 2022`` or ``24-Feb-2022``."""
    value = text.strip()
    try:
        return calendar_day(dt.date.fromisoformat(value), "event_date", text)
    except ValueError:
        pass
    match = _DMY.fullmatch(value)
    month = _MONTHS.get(match["m"].lower()) if match else None
    if match is None or month is None:
        raise bad(
            "event_date", f"expected a date like 2022-02-24 or 24 February 2022, got {text!r}"
        )
    try:
        day = dt.date(int(match["y"]), month, int(match["d"]))
    except ValueError as exc:
        raise bad("event_date", f"{text!r} is not a date: {exc}") from None
    return calendar_day(day, "event_date", text)


def _when(row: dict[str, str], tz: str) -> TimeSpan:
    code = row["time_precision"].strip()
    if code not in TIME_PRECISION:
        raise bad("time_precision", f"unknown code {code!r} (known: 1, 2, 3)")
    day = parse_date(row["event_date"])
    precision = TIME_PRECISION[code]
    if precision is TimePrecision.DAY:
        return TimeSpan.day(day, tz=tz)
    if precision is TimePrecision.MONTH:
        return TimeSpan.month(day.year, day.month, tz=tz)
    return TimeSpan.week(day - dt.timedelta(days=3), tz=tz)  # ACLED's week is centred on it


def _place(row: dict[str, str]) -> Location:
    code = row["geo_precision"].strip()
    if code not in GEO_PRECISION:
        raise bad("geo_precision", f"unknown code {code!r} (known: 1, 2, 3)")
    point = coordinates(row)
    name = row["location"].strip() or row["country"].strip()
    if not name:
        raise bad("location", "the event has neither a location nor a country")
    return Location(
        name=name,
        country=_COUNTRIES.get(row["country"].strip()),
        region=row.get("admin1", "").strip() or None,
        coordinates=point,
        precision=GEO_PRECISION[code],
    )


def _publications(row: dict[str, str]) -> tuple[Publication, ...]:
    names = [n.strip() for n in row["source"].split(";")]
    return tuple(Publication(outlet=Source(name=n, kind=SourceKind.OTHER)) for n in names if n)


_LAST_SECOND = int(dt.datetime(9999, 12, 31, tzinfo=dt.UTC).timestamp())


def _recorded(row: dict[str, str]) -> dt.datetime | None:
    """``timestamp``: when ACLED last changed the row (Unix seconds, UTC); empty: unknown."""
    text = row.get("timestamp", "").strip()
    if not text:
        return None
    seconds = integer(row, "timestamp")
    if seconds > _LAST_SECOND:
        raise bad("timestamp", f"{seconds} seconds is after the year 9999")
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _convert(row: dict[str, str], tz: str) -> list[Claim]:
    event_id = row["event_id_cnty"].strip()
    if not event_id:
        raise bad("event_id_cnty", "the event has no id")
    event_type = row["event_type"].strip()
    if event_type not in EVENT_TYPES:
        raise bad(
            "event_type",
            f"{event_type!r} events have no model in conflictevents (only "
            f"{', '.join(sorted(EVENT_TYPES))} are imported)",
        )
    sub_event_type = row["sub_event_type"].strip()
    if sub_event_type not in SUB_EVENT_TYPES:
        raise bad("sub_event_type", f"unknown sub-event type {sub_event_type!r}")
    fatalities = integer(row, "fatalities")
    when, place = _when(row, tz), _place(row)
    claim = functools.partial(
        Claim,
        claimant=ACLED,
        reported_in=_publications(row),
        medium=Medium.DATASET,
        recorded=_recorded(row),
    )
    event = Attack(
        id=f"acled-{event_id}",
        kind=SUB_EVENT_TYPES[sub_event_type],
        attacker=row["actor1"].strip() or None,
        target=row["actor2"].strip() or None,
        place=place,
        when=when,
        description=row.get("notes", "").strip() or None,
    )
    count = CasualtyCount(
        outcome=Outcome.KILLED,
        quantity=Quantity(value=fatalities, qualifier=Qualifier.AT_LEAST),
        period=when,
        place=place,
        event=event.id,
    )
    return [
        claim(id=f"acled-{event_id}", subject=event),
        claim(id=f"acled-{event_id}-fatalities", subject=count),
    ]


def read(
    source: Input,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    tz: str = "UTC",
) -> ImportStream:
    """Stream the claims of an ACLED CSV export.

    Args:
        source: A path, or a text stream opened with ``newline=""``.
        encoding: The file's encoding (UTF-8, ACLED's, if not given).
        on_error: What to do with a row that cannot be imported (bad values, or an
            event type without a model).
        tz: The time zone of ACLED's calendar days (ACLED gives none).

    Returns:
        An :class:`~conflictevents.interop.ImportStream` of claims by :data:`ACLED`.

    Raises:
        RowError: With ``on_error="raise"``, at the first row that cannot be imported.
    """
    return read_csv(
        source,
        lambda row: _convert(row, tz),
        encoding=encoding,
        on_error=on_error,
        required=_REQUIRED,
        columns=_INVARIANT_COLUMNS,
    )
