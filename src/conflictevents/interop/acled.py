"""ACLED (Armed Conflict Location & Event Data) CSV exports, as claims by ACLED.

ACLED's terms forbid redistributing its data, so no ACLED file ships with
conflictevents: export one from https://acleddata.com/data-export-tool/ (free
registration) or through its API, with the columns of ACLED's public codebook.

Every row becomes two claims by ACLED, whatever its event type:

* ``acled-<event_id_cnty>``: the event. A row of political violence (Battles,
  Explosions/Remote violence, Violence against civilians, Riots: :data:`ATTACKS`) is an
  :class:`~conflictevents.Attack` whose kind follows :data:`SUB_EVENT_TYPES`, with
  ``actor1``/``actor2`` as attacker/target (ACLED says its actors imply no direction:
  read them as "side 1"/"side 2"). Each actor carries its ACLED name as the id
  ``acled-actor:<name>``; state forces, named by ACLED "Military Forces of <state>
  (<years>)" or "Police Forces of <state> (<years>)", are that state: side and country
  its ISO code, and the id ``iso3166:<code>`` (see :func:`actor`). A protest or a
  strategic development is a :class:`~conflictevents.datasets.CodedEvent` with
  ``actor1``/``actor2`` as its actor and counterpart and, for a protest, the crowd size
  its ``tags`` give (``crowd size=around 100``) as its ``size``. Either way the event's
  ``coding`` is an :class:`~conflictevents.datasets.AcledCoding`: the typed sub-event
  type (which gives the event type), ``disorder_type``, ``inter1``/``inter2``
  (``interaction`` follows from them), ``civilian_targeting``,
  ``assoc_actor_1``/``assoc_actor_2``, ``source_scale`` and ``tags``; ``notes`` is the
  description, ``admin1``/``admin2``/``admin3`` the place's region, district and
  subdistrict;
* for a change of territory (:data:`CONTROL_CHANGES`), ``acled-<event_id_cnty>-control``:
  a :class:`~conflictevents.TerritorialControl` change to ``actor1``; for an agreement
  between two actors, ``acled-<event_id_cnty>-negotiation``: talks held
  (:class:`~conflictevents.Negotiation`) with the notes as their outcome;
* ``acled-<event_id_cnty>-fatalities``: a :class:`~conflictevents.CasualtyCount` of
  ``fatalities``, ACLED's conservative figure: ``Quantity(value=n, qualifier=at_least)``,
  naming its event (``event="acled-<event_id_cnty>"``).

``source`` becomes the publications (split on ``;``); ``time_precision`` and
``geo_precision`` map by :data:`TIME_PRECISION` and :data:`GEO_PRECISION`.
``timestamp`` (Unix seconds of the row's last change) becomes both claims'
:attr:`~conflictevents.Claim.recorded`: a row re-exported after ACLED revised it is a
newer version of the same claims, and reconciliation keeps the newer figure (an empty
``timestamp`` gives no recorded time). :func:`write` writes the claims back as rows;
the columns it gives back as read are :data:`ROUND_TRIP_COLUMNS`. ``read(...,
event_types=...)`` reads only some event types; the other rows are counted in
:attr:`~conflictevents.interop.ImportStream.filtered_out`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import IO

from conflictevents._claims import CasualtyCount, Claim, Medium, Outcome, TerritorialControl
from conflictevents._countries import COUNTRY_CODES, side_label
from conflictevents._datasets import (
    AcledActorType,
    AcledCoding,
    AcledDisorderType,
    AcledEventType,
    AcledSubEventType,
)
from conflictevents._events import (
    Attack,
    AttackKind,
    CodedEvent,
    Negotiation,
    NegotiationStatus,
)
from conflictevents._external_ids import external_id
from conflictevents._locations import Location, LocationPrecision
from conflictevents._quantity import Qualifier, Quantity
from conflictevents._sources import Publication, Source, SourceKind
from conflictevents._time import TimePrecision, TimeSpan, _to_datetime

from ._build import builder
from ._common import (
    FILTERED_OUT,
    ImportStream,
    Input,
    Interned,
    OnError,
    bad,
    calendar_day,
    coordinates,
    first_day,
    grouped,
    integer,
    monitor,
    read_csv,
    write_rows,
)

__all__ = [
    "ACLED",
    "ATTACKS",
    "COLUMNS",
    "CONTROL_CHANGES",
    "COUNTRIES",
    "EVENT_TYPES",
    "GEO_PRECISION",
    "SUB_EVENT_TYPES",
    "ROUND_TRIP_COLUMNS",
    "TIME_PRECISION",
    "actor",
    "read",
    "write",
]

ACLED = monitor("Armed Conflict Location & Event Data Project", aliases=("ACLED",))
"""The claimant of every claim read from an ACLED export."""

_CLAIM, _ATTACK, _EVENT = builder(Claim), builder(Attack), builder(CodedEvent)
_COUNT, _QUANTITY, _TALKS = builder(CasualtyCount), builder(Quantity), builder(Negotiation)

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

EVENT_TYPES: frozenset[AcledEventType] = frozenset(AcledEventType)
"""Every ``event_type`` of ACLED's codebook: each imports (see :data:`ATTACKS`)."""

ATTACKS: frozenset[AcledEventType] = frozenset(
    {
        AcledEventType.BATTLES,
        AcledEventType.EXPLOSIONS,
        AcledEventType.VIOLENCE_AGAINST_CIVILIANS,
        AcledEventType.RIOTS,
    }
)
"""The event types read as an :class:`~conflictevents.Attack`; the others (protests,
strategic developments) are read as a :class:`~conflictevents.datasets.CodedEvent`."""

_S = AcledSubEventType
SUB_EVENT_TYPES: dict[AcledSubEventType, AttackKind] = {
    _S.ARMED_CLASH: AttackKind.ENGAGEMENT,
    _S.GOVERNMENT_REGAINS_TERRITORY: AttackKind.GROUND_ASSAULT,
    _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: AttackKind.GROUND_ASSAULT,
    _S.AIR_DRONE_STRIKE: AttackKind.AIR_STRIKE,
    _S.SHELLING_ARTILLERY_MISSILE_ATTACK: AttackKind.SHELLING,
    _S.REMOTE_EXPLOSIVE_LANDMINE_IED: AttackKind.EXPLOSION,
    _S.SUICIDE_BOMB: AttackKind.EXPLOSION,
    _S.GRENADE: AttackKind.EXPLOSION,
    _S.ATTACK: AttackKind.ATTACK,
    _S.CHEMICAL_WEAPON: AttackKind.OTHER,
    _S.SEXUAL_VIOLENCE: AttackKind.OTHER,
    _S.ABDUCTION_FORCED_DISAPPEARANCE: AttackKind.OTHER,
    _S.VIOLENT_DEMONSTRATION: AttackKind.OTHER,
    _S.MOB_VIOLENCE: AttackKind.OTHER,
}
"""``sub_event_type`` → :class:`~conflictevents.AttackKind`, for the :data:`ATTACKS` types.

Where no kind fits (sexual violence, an abduction, a chemical weapon, a riot) the kind
is ``other``; the sub-event type itself is always kept in ``Attack.coding``.
"""

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
COUNTRIES: dict[str, str] = {"Ukraine": "UA", "Russia": "RU", "Belarus": "BY", "Moldova": "MD"}
"""ACLED country names → ISO codes of ``Location.country``; other names leave it empty."""

_COUNTRY_NAMES = {code: name for name, code in COUNTRIES.items()}

ROUND_TRIP_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
"""The columns :func:`write` gives back as :func:`read` found them.

``event_date`` is written ``YYYY-MM-DD`` (the same day); ``inter1``/``inter2`` and
``interaction`` as ACLED's numbers (the same types); ``country`` for the names of
:data:`COUNTRIES`; ``year`` follows ``event_date``. ``iso`` and ``region`` are written
empty.
"""

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
        country=COUNTRIES.get(row["country"].strip()),
        region=row.get("admin1", "").strip() or None,
        district=row.get("admin2", "").strip() or None,
        subdistrict=row.get("admin3", "").strip() or None,
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
    return _to_datetime(dt.datetime.fromtimestamp(seconds, tz=dt.UTC))  # as Claim stores it


_STATE_FORCES = re.compile(
    r"(?P<force>Military|Police) Forces of (?P<state>.+?) \(\d{4}-(?:\d{4})?\).*"
)


def actor(name: str) -> Source:
    """An ACLED actor (``actor1``, ``actor2``), identified by its name as ACLED writes it.

    Its id is ``acled-actor:<name>``. State forces ("Military Forces of Russia (2000-)",
    "Police Forces of Ukraine (2019-)") are the state: kind ``military`` (``agency`` for
    police), side and country the state's ISO code, and the id ``iso3166:<code>``; any
    other actor ("Civilians (Ukraine)", "Wagner Group") is of kind ``other``.

    Raises:
        ValueError: If the name is not an ACLED actor name (blank, control characters).
    """
    ids = frozenset({external_id("acled-actor", name)})
    match = _STATE_FORCES.fullmatch(name)
    code = side_label(match["state"]) if match else None
    if match is None or code not in COUNTRY_CODES:
        return Source(name=name, kind=SourceKind.OTHER, ids=ids)
    return Source(
        name=name,
        kind=SourceKind.MILITARY if match["force"] == "Military" else SourceKind.AGENCY,
        country=code,
        side=code,
        ids=ids | {f"iso3166:{code}"},
    )


def _actor(row: dict[str, str], n: int) -> Source | None:
    name = row[f"actor{n}"].strip()
    if not name:
        return None
    try:
        return actor(name)
    except ValueError as exc:
        raise bad(f"actor{n}", str(exc)) from None


def _names(row: dict[str, str], column: str) -> tuple[str, ...]:
    """A ``;``-separated list of names (``assoc_actor_1``, ``tags``)."""
    return tuple(name.strip() for name in row.get(column, "").split(";") if name.strip())


_ACTOR_TYPES = {str(t.code): t for t in AcledActorType} | {t.value: t for t in AcledActorType}


def _actor_type(row: dict[str, str], column: str) -> AcledActorType | None:
    text = row.get(column, "").strip()
    if text in {"", "0"}:
        return None
    found = _ACTOR_TYPES.get(text)
    if found is None:
        known = ", ".join(f"{t.code} {t.value!r}" for t in AcledActorType)
        raise bad(column, f"unknown actor type {text!r} (known: 0 or empty for none, {known})")
    return found


def _sub_event_type(row: dict[str, str]) -> AcledSubEventType:
    text = row["sub_event_type"].strip()
    try:
        sub_event_type = AcledSubEventType(text)
    except ValueError:
        raise bad("sub_event_type", f"unknown sub-event type {text!r}") from None
    event_type = row["event_type"].strip()
    if event_type != sub_event_type.event_type:
        raise bad(
            "event_type",
            f"{event_type!r} disagrees with the sub-event type {text!r}, which is one of "
            f"{sub_event_type.event_type.value!r}",
        )
    return sub_event_type


def _coding(row: dict[str, str]) -> AcledCoding:
    sub_event_type = _sub_event_type(row)
    disorder = row.get("disorder_type", "").strip()
    try:
        disorder_type = AcledDisorderType(disorder) if disorder else None
    except ValueError:
        known = ", ".join(repr(d.value) for d in AcledDisorderType)
        raise bad("disorder_type", f"unknown disorder type {disorder!r} (known: {known})") from None
    targeting = row.get("civilian_targeting", "").strip()
    if targeting not in {"", "Civilian targeting"}:
        raise bad(
            "civilian_targeting", f"expected 'Civilian targeting' or empty, got {targeting!r}"
        )
    inter1, inter2 = _actor_type(row, "inter1"), _actor_type(row, "inter2")
    if inter1 is None and inter2 is not None:
        raise bad("inter1", "inter2 is given without inter1")
    coding = AcledCoding(
        sub_event_type=sub_event_type,
        disorder_type=disorder_type,
        inter1=inter1,
        inter2=inter2,
        civilian_targeting=bool(targeting),
        assoc_actor_1=_names(row, "assoc_actor_1"),
        assoc_actor_2=_names(row, "assoc_actor_2"),
        source_scale=row.get("source_scale", "").strip() or None,
        tags=_names(row, "tags"),
    )
    interaction = row.get("interaction", "").strip()
    numeric = interaction.isascii() and interaction.isdigit() and interaction != "0"
    if numeric and int(interaction) != coding.interaction:
        raise bad(
            "interaction",
            f"{interaction} disagrees with inter1/inter2, which give {coding.interaction}",
        )
    return coding


_CROWD = "crowd size="


def _crowd_size(tags: tuple[str, ...]) -> Quantity | None:
    """The crowd size a ``crowd size=…`` tag gives as a figure ("around 100"), if it does.

    ``crowd size=no report`` and sizes in words no figure can state ("large") give
    ``None``; the tag itself is kept in the coding either way.
    """
    for tag in tags:
        if tag.startswith(_CROWD):
            try:
                return Quantity.parse(tag.removeprefix(_CROWD))
            except ValueError:
                return None
    return None


_CODING_COLUMNS = (
    "sub_event_type", "event_type", "disorder_type", "civilian_targeting", "inter1", "inter2",
    "assoc_actor_1", "assoc_actor_2", "source_scale", "tags", "interaction",
)  # fmt: skip
"""The columns :func:`_coding` reads (the key of a coding in the intern cache)."""

_PLACE_COLUMNS = (
    "geo_precision", "latitude", "longitude", "location", "country", "admin1", "admin2",
    "admin3",
)  # fmt: skip
"""The columns :func:`_place` reads."""


def _convert(
    row: dict[str, str],
    tz: str,
    event_types: frozenset[AcledEventType] | None,
    cache: Interned | None = None,
) -> list[Claim]:
    event_id = row["event_id_cnty"].strip()
    if not event_id:
        raise bad("event_id_cnty", "the event has no id")
    cache = cache or Interned()
    get = row.get
    coding = cache(("coding", *map(get, _CODING_COLUMNS)), _coding, row)
    if event_types is not None and coding.event_type not in event_types:
        return FILTERED_OUT
    fatalities = integer(row, "fatalities")
    when = cache(("when", get("time_precision"), get("event_date")), _when, row, tz)
    place = cache(("place", *map(get, _PLACE_COLUMNS)), _place, row)
    claim = functools.partial(
        _CLAIM,
        claimant=ACLED,
        reported_in=cache(("publications", get("source")), _publications, row),
        medium=Medium.DATASET,
        recorded=cache(("recorded", get("timestamp")), _recorded, row),
    )
    actor1 = cache(("actor1", get("actor1")), _actor, row, 1)
    actor2 = cache(("actor2", get("actor2")), _actor, row, 2)
    notes = row.get("notes", "").strip() or None
    event: Attack | CodedEvent
    if coding.event_type in ATTACKS:
        event = _ATTACK(
            id=f"acled-{event_id}",
            kind=SUB_EVENT_TYPES[coding.sub_event_type],
            attacker=actor1,
            target=actor2,
            place=place,
            when=when,
            description=notes,
            coding=coding,
        )
    else:
        event = _EVENT(
            id=f"acled-{event_id}",
            coding=coding,
            actor=actor1,
            counterpart=actor2,
            place=place,
            when=when,
            size=_crowd_size(coding.tags),
            description=notes,
        )
    count = _COUNT(
        outcome=Outcome.KILLED,
        quantity=_QUANTITY(value=fatalities, qualifier=Qualifier.AT_LEAST),
        period=when,
        place=place,
        event=event.id,
    )
    return [
        claim(id=f"acled-{event_id}", subject=event),
        claim(id=f"acled-{event_id}-fatalities", subject=count),
        *(claim(id=f"acled-{event_id}-{kind}", subject=s) for kind, s in _what_it_is(event)),
    ]


CONTROL_CHANGES: frozenset[AcledSubEventType] = frozenset(
    {
        _S.GOVERNMENT_REGAINS_TERRITORY,
        _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
        _S.NON_VIOLENT_TRANSFER_OF_TERRITORY,
    }
)
"""Sub-event types by which ACLED says ``actor1`` took control of the place."""


def _what_it_is(event: Attack | CodedEvent) -> list[tuple[str, TerritorialControl | Negotiation]]:
    """The claims a row makes beside its event, as the models' own subjects.

    A change of territory (:data:`CONTROL_CHANGES`) is a control claim: ``actor1``
    holds the place (a state's forces as the state's side label, "RU"), control changed
    hands. An agreement between two actors is talks
    held, with ACLED's notes as their outcome.
    """
    coding = event.coding
    if not isinstance(coding, AcledCoding) or event.place is None:
        return []
    first, second = (
        (event.attacker, event.target)
        if isinstance(event, Attack)
        else (event.actor, event.counterpart)
    )
    if coding.sub_event_type in CONTROL_CHANGES and first is not None:
        controller = first.side or first.name  # state forces: the state's side label
        control = TerritorialControl(place=event.place, controller=controller, change=True)
        return [("control", control)]
    if coding.sub_event_type is _S.AGREEMENT and first is not None and second is not None:
        talks = _TALKS(
            parties=frozenset({first.side or first.name, second.side or second.name}),
            venue=event.place,
            held=event.when,
            status=NegotiationStatus.HELD,
            outcome=event.description or "an agreement",
        )
        return [("negotiation", talks)]
    return []


def _event_types(names: Iterable[str] | None) -> frozenset[AcledEventType] | None:
    if names is None:
        return None
    if isinstance(names, str):
        names = [names]
    chosen = set()
    for name in names:
        try:
            chosen.add(AcledEventType(name))
        except ValueError:
            known = ", ".join(repr(t.value) for t in AcledEventType)
            raise ValueError(f"unknown ACLED event type {name!r} (known: {known})") from None
    return frozenset(chosen)


def read(
    source: Input,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    tz: str = "UTC",
    event_types: Iterable[str] | None = None,
) -> ImportStream:
    """Stream the claims of an ACLED CSV export.

    Args:
        source: A path, or a text stream opened with ``newline=""``.
        encoding: The file's encoding (UTF-8, ACLED's, if not given).
        on_error: What to do with a row that cannot be imported (bad values).
        tz: The time zone of ACLED's calendar days (ACLED gives none).
        event_types: If given, only rows of these event types (ACLED's names,
            :class:`~conflictevents.datasets.AcledEventType`) are imported; the other
            rows are counted in :attr:`~conflictevents.interop.ImportStream.filtered_out`.

    Returns:
        An :class:`~conflictevents.interop.ImportStream` of claims by :data:`ACLED`.

    Raises:
        RowError: With ``on_error="raise"``, at the first row that cannot be imported.
        ValueError: If ``event_types`` names an event type ACLED does not have.
    """
    chosen = _event_types(event_types)
    cache = Interned()
    return read_csv(
        source,
        lambda row: _convert(row, tz, chosen, cache),
        encoding=encoding,
        on_error=on_error,
        required=_REQUIRED,
        columns=_INVARIANT_COLUMNS,
    )


# -- writing --------------------------------------------------------------------------


def _event_id(claim: Claim) -> str:
    if claim.claimant != ACLED or not claim.id.startswith("acled-"):
        raise ValueError(f"claim {claim.id} was not read from an ACLED export")
    event_id = claim.id.removeprefix("acled-")
    for suffix in _SUFFIXES:
        event_id = event_id.removesuffix(suffix)
    return event_id


_SUFFIXES = ("-fatalities", "-control", "-negotiation")


_TIME_CODES = {precision: code for code, precision in TIME_PRECISION.items()}
_GEO_CODES = {precision: code for code, precision in GEO_PRECISION.items()}


def _event_date(when: TimeSpan, tz: str) -> str:
    day = first_day(when, tz)
    if day is None:
        return ""
    if when.precision is TimePrecision.WEEK:
        day += dt.timedelta(days=3)  # ACLED's date is the middle of the week
    return day.isoformat()


def _actor_columns(event: Attack | CodedEvent) -> dict[str, str]:
    first, second = (
        (event.attacker, event.target)
        if isinstance(event, Attack)
        else (event.actor, event.counterpart)
    )
    coding = event.coding
    columns = {
        "actor1": first.name if first else "",
        "actor2": second.name if second else "",
        "notes": event.description or "",
    }
    if not isinstance(coding, AcledCoding):
        return columns
    inter1, inter2 = coding.inter1, coding.inter2
    return columns | {
        "disorder_type": coding.disorder_type or "",
        "event_type": coding.event_type.value,
        "sub_event_type": coding.sub_event_type.value,
        "assoc_actor_1": "; ".join(coding.assoc_actor_1),
        "assoc_actor_2": "; ".join(coding.assoc_actor_2),
        "inter1": _inter_code(inter1, none=""),
        "inter2": "0"
        if inter2 is None and inter1 is not None
        else str(inter2.code)
        if inter2
        else "",
        "interaction": "" if coding.interaction is None else str(coding.interaction),
        "civilian_targeting": "Civilian targeting" if coding.civilian_targeting else "",
        "source_scale": coding.source_scale or "",
        "tags": "; ".join(coding.tags),
    }


def _inter_code(actor_type: AcledActorType | None, *, none: str) -> str:
    return none if actor_type is None else str(actor_type.code)


def _place_columns(place: Location) -> dict[str, str]:
    point = place.coordinates
    return {
        "country": _COUNTRY_NAMES.get(place.country or "", ""),
        "admin1": place.region or "",
        "admin2": place.district or "",
        "admin3": place.subdistrict or "",
        "location": place.name,
        "latitude": "" if point is None else repr(point.latitude),
        "longitude": "" if point is None else repr(point.longitude),
        "geo_precision": _GEO_CODES.get(place.precision, ""),
    }


def _acled_row(group: list[Claim], tz: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    first = group[0]
    row["event_id_cnty"] = _event_id(first)
    row["source"] = "; ".join(p.outlet.name for p in first.reported_in)
    if first.recorded is not None:
        row["timestamp"] = str(int(first.recorded.timestamp()))
    for claim in group:
        subject = claim.subject
        if isinstance(subject, Attack | CodedEvent):
            row.update(_actor_columns(subject))
            if subject.when is not None:
                row["event_date"] = _event_date(subject.when, tz)
                row["year"] = row["event_date"][:4]
                row["time_precision"] = _TIME_CODES.get(subject.when.precision, "")
            if subject.place is not None:
                row.update(_place_columns(subject.place))
        elif isinstance(subject, CasualtyCount) and subject.quantity is not None:
            row["fatalities"] = (
                "" if subject.quantity.value is None else str(subject.quantity.value)
            )
    return row


def write(claims: Iterable[Claim], target: IO[str], *, tz: str = "UTC") -> int:
    """Write claims read by :func:`read` back as ACLED rows (all :data:`COLUMNS`, in order).

    Claims must come grouped by event, as :func:`read` yields them. The
    :data:`ROUND_TRIP_COLUMNS` are filled; ``event_date`` is written ``YYYY-MM-DD``.

    Args:
        claims: Claims from :func:`read`.
        target: A text stream opened with ``newline=""``.
        tz: The time zone the claims were read with.

    Returns:
        The number of rows written.

    Raises:
        ValueError: If a claim did not come from an ACLED export.
    """
    groups = grouped(claims, _event_id)
    return write_rows(target, COLUMNS, (_acled_row(group, tz) for group in groups))
