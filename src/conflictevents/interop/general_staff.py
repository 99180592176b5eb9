"""The General Staff of Ukraine's daily loss series: cumulative Russian losses, as claims.

Reads the JSON files of PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (MIT, © 2022
Petro Ivaniuk): ``russia_losses_personnel.json``, ``russia_losses_equipment.json`` and
``russia_losses_equipment_correction.json``, in their current shape and in the first
published one (2022-03-06: ``day`` a string, a ``BUK`` category that later vanished).

Every figure is a claim *by the General Staff of the Armed Forces of Ukraine* about
Russian losses (side ``"RU"``), cumulative since 24 February 2022: its subject's period
runs from the invasion to the end of the record's ``date`` (Kyiv time) and the claim is
stated on that day. Personnel figures keep their qualifier (``personnel*``: ``about`` →
``about``, ``more`` → ``more_than``); ``POW`` becomes a count of captured soldiers;
every other number is an :class:`~conflictevents.EquipmentLoss` of the category named
in :data:`EQUIPMENT` (status ``lost``: the General Staff counts combat losses without
splitting them).

**Corrections and revisions.** A record of the correction file (a signed change on
``date`` to earlier figures) becomes, per non-zero category, a *newer* claim stated on
``date`` about the cumulative figure of the day before, corrected by the change: it
supersedes the claim stated the day before (same claimant, same subject, stated later).
Claim ids are ``ua-general-staff-<date>-<key>``, with ``-stated-<day>`` appended when
the claim is stated on another day than the one it counts to.
A figure a later version of the data set revised (2022-04-22: 22,000 → 21,200) is read
with ``recorded=`` set to when that version was published: both versions keep the id
``ua-general-staff-2022-04-22-personnel`` and the one recorded later is current (or,
as before, with ``stated=`` set to that day, which makes it a newer claim with an id of
its own). A corrected figure is :attr:`~conflictevents.Claim.recorded` at the start
of its correction's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from conflictevents._claims import (
    CasualtyCount,
    Category,
    Claim,
    EquipmentLoss,
    LossStatus,
    Medium,
    Outcome,
)
from conflictevents._figures import HEDGES
from conflictevents._quantity import Qualifier, Quantity
from conflictevents._sources import Publication, Source, SourceKind
from conflictevents._time import TimeSpan, _to_datetime, day_start
from conflictevents.exceptions import InvariantError

from ._build import builder
from ._common import (
    DIGITS,
    INVASION_DAY,
    MAX_COUNT,
    ImportStream,
    Input,
    Interned,
    OnError,
    RowError,
    Unreadable,
    _BadValue,
    bad,
    calendar_day,
    count,
    day_span,
    invariant,
    json_array,
    name_of,
    shown,
    since_invasion,
)

__all__ = ["DATASET", "EQUIPMENT", "GENERAL_STAFF", "QUALIFIERS", "read"]

GENERAL_STAFF = Source(
    name="General Staff of the Armed Forces of Ukraine",
    kind=SourceKind.MILITARY,
    country="UA",
    side="UA",
)
"""The claimant of every figure in the series."""

QUALIFIERS: dict[str, Qualifier] = {mark: HEDGES[mark] for mark in ("about", "more")}
"""``personnel*`` → :class:`~conflictevents.Qualifier` of the personnel figure.

The two marks the data set uses, read as :meth:`~conflictevents.Quantity.parse` reads
them; any other mark is an error, not a guess. A record without ``personnel*`` (the
first published version) gives an exact figure.
"""

EQUIPMENT: dict[str, str] = {
    "aircraft": "aircraft",
    "helicopter": "helicopter",
    "tank": "tank",
    "APC": "armoured combat vehicle",
    "field artillery": "artillery system",
    "MRL": "multiple rocket launcher",
    "military auto": "military vehicle",
    "fuel tank": "fuel tank",
    "drone": "drone",
    "naval ship": "naval ship",
    "anti-aircraft warfare": "air defence system",
    "special equipment": "special equipment",
    "mobile SRBM system": "mobile SRBM system",
    "vehicles and fuel tanks": "vehicles and fuel tanks",
    "cruise missiles": "cruise missile",
    "submarines": "submarine",
    "ground robotic systems": "ground robotic system",
    "BUK": "Buk air defence system",
}
"""Data set key → ``EquipmentLoss.equipment``: one vocabulary shared with the Oryx reader.

Keys not in the table are kept as they are written. The General Staff's ``APC``
counts all armoured combat vehicles (tanks apart), hence the wider name.
"""

_TEXT_KEYS = frozenset({"date", "day", "personnel*", "greatest losses direction"})
"""Keys that are not figures: ``greatest losses direction`` (a place name) is not imported."""


def _date(record: dict[str, object]) -> dt.date:
    value = record.get("date")
    if not isinstance(value, str):
        raise bad("date", f"expected a date string like '2022-02-25', got {value!r}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise bad("date", f"expected a date like '2022-02-25', got {value!r}") from None
    return calendar_day(day, "date", value)


def _check_day(record: dict[str, object], date: dt.date) -> None:
    value = record.get("day")
    if value is None:
        return
    if isinstance(value, str) and DIGITS.fullmatch(value):  # the first published version
        value = count(value, "day")
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad("day", f"expected the day of the war as a number, got {_shown(value)}")
    expected = (date - INVASION_DAY).days + 1
    if value != expected:
        raise bad("day", f"day {value} disagrees with date {date} (day {expected})")


def _figure(record: dict[str, object], key: str, *, signed: bool = False) -> int:
    value = record[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad(key, f"expected a whole number, got {_shown(value)}")
    if value < 0 and not signed:
        raise bad(key, f"a cumulative count cannot be negative, got {value}")
    if abs(value) > MAX_COUNT:
        raise bad(key, f"{value} is larger than the largest count, {MAX_COUNT:,}")
    return value


def _shown(value: object) -> str:
    return shown(value) if isinstance(value, str) else shown(repr(value)).strip("'\"")


_PEOPLE = {"personnel": Outcome.KILLED, "POW": Outcome.CAPTURED}
_CLAIM, _COUNT, _LOSS = builder(Claim), builder(CasualtyCount), builder(EquipmentLoss)
_QUANTITY = builder(Quantity)


def _subject(key: str, quantity: Quantity, period: TimeSpan) -> CasualtyCount | EquipmentLoss:
    if key in _PEOPLE:
        return _COUNT(
            side="RU",
            category=Category.MILITARY,
            outcome=_PEOPLE[key],
            quantity=quantity,
            period=period,
        )
    return _LOSS(
        side="RU",
        equipment=EQUIPMENT.get(key, key),
        status=LossStatus.LOST,
        quantity=quantity,
        period=period,
    )


DATASET = Publication(
    outlet=Source(name="2022-Ukraine-Russia-War-Dataset (Petro Ivaniuk)", kind=SourceKind.OTHER),
    url="https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
)
"""Where the figures are published as data (each claim's ``reported_in``)."""


def _claim(
    key: str,
    quantity: Quantity,
    as_of: dt.date,
    stated: dt.date,
    tz: str,
    *,
    recorded: dt.datetime | None,
) -> Claim:
    claim_id = f"ua-general-staff-{as_of.isoformat()}-{key.lower().replace(' ', '-')}"
    if stated != as_of:
        claim_id += f"-stated-{stated.isoformat()}"
    try:
        return _CLAIM(
            id=claim_id,
            claimant=GENERAL_STAFF,
            subject=_subject(key, quantity, since_invasion(as_of, tz)),
            stated=day_span(stated, tz),
            reported_in=(DATASET,),
            medium=Medium.STATEMENT,
            recorded=recorded,
        )
    except InvariantError as exc:
        raise invariant(exc, {("Quantity", "value"): key}) from None


def _record(record: object) -> dict[str, object]:
    if not isinstance(record, dict):
        raise bad(None, f"expected a JSON object, got {type(record).__name__}")
    return record


def _series(
    record: object,
    *,
    stated: dt.date | None,
    recorded: dt.datetime | None,
    tz: str,
    corrections: dict[dt.date, dict[str, int]],
    cache: Interned,
) -> list[Claim]:
    data = _record(record)
    date = _date(data)
    _check_day(data, date)
    claims = []
    for key in data:
        if key in _TEXT_KEYS:
            continue
        figure = _figure(data, key)
        qualifier = Qualifier.EXACT
        if key == "personnel" and "personnel*" in data:
            mark = data["personnel*"]
            if not isinstance(mark, str) or mark not in QUALIFIERS:
                known = ", ".join(QUALIFIERS)
                raise bad("personnel*", f"unknown qualifier {mark!r} (known: {known})")
            qualifier = QUALIFIERS[mark]
        quantity = cache(("quantity", figure, qualifier), _quantity, figure, qualifier)
        claims.append(_claim(key, quantity, date, stated or date, tz, recorded=recorded))
        day = date + dt.timedelta(days=1)
        change = corrections.get(day, {}).get(key)
        if change:  # the next day's correction restates today's figure
            corrected = figure + change
            if corrected < 0:
                raise bad(key, f"the correction of {change} makes {figure} negative")
            restated = cache(("quantity", corrected, qualifier), _quantity, corrected, qualifier)
            corrected_on = day_start(day, tz)  # the correction is recorded on its day
            claims.append(_claim(key, restated, date, day, tz, recorded=corrected_on))
    return claims


def _quantity(value: int, qualifier: Qualifier) -> Quantity:
    return _QUANTITY(value=value, qualifier=qualifier)


def _load_corrections(path: Input, encoding: str | None) -> dict[dt.date, dict[str, int]]:
    """The correction file, whole: any record it cannot read stops the import."""
    corrections: dict[dt.date, dict[str, int]] = {}
    try:
        for line, record in json_array(path, encoding=encoding):
            try:
                if isinstance(record, Unreadable):
                    raise bad(None, record.reason)
                data = _record(record)
                corrections[_date(data)] = {
                    key: _figure(data, key, signed=True) for key in data if key not in _TEXT_KEYS
                }
            except _BadValue as exc:
                raise bad(exc.column, exc.reason, line=line) from None
    except _BadValue as exc:
        raise RowError(exc.reason, line=exc.line, column=exc.column, file=name_of(path)) from None
    return corrections


def _is_correction_file(source: Input) -> bool:
    return isinstance(source, str | Path) and "correction" in Path(source).name


def read(
    source: Input,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    corrections: Input | None = None,
    stated: dt.date | None = None,
    recorded: dt.datetime | None = None,
    tz: str = "Europe/Kyiv",
) -> ImportStream:
    """Stream the claims of one file of the General Staff loss series.

    The file is read as a stream of JSON objects (one at a time, not the whole file).

    Args:
        source: ``russia_losses_personnel.json`` or ``russia_losses_equipment.json``
            (or their first published versions), as a path or an open text stream.
        encoding: The file's encoding (UTF-8 if not given).
        on_error: What to do with a record that cannot be imported.
        corrections: ``russia_losses_equipment_correction.json``: each correction on
            day D also yields the corrected figure for D - 1, stated on D (the
            correction file is small and is read whole first).
        stated: The day this version of the data set was published, for a file that
            revises earlier figures; by default each figure is stated on its own day.
        recorded: When this version of the data set was recorded (an aware datetime:
            its publication or download): every figure's
            :attr:`~conflictevents.Claim.recorded`. Two versions of the file read with
            their own ``recorded`` give claims with the same ids, and reconciliation
            keeps each day's figure from the version recorded later. The corrected
            figures of ``corrections`` are recorded on their correction's day.
        tz: The time zone of the dates (the General Staff reports in Kyiv time).

    Returns:
        An :class:`~conflictevents.interop.ImportStream` of claims by
        :data:`GENERAL_STAFF`.

    Raises:
        RowError: With ``on_error="raise"``, at the first record that cannot be
            imported, naming its line and key; whatever ``on_error`` says, if the
            ``corrections`` file cannot be read whole (a correction cannot be skipped
            without altering the figures it corrects).
    """
    if _is_correction_file(source):
        raise ValueError(
            f"{name_of(source)} holds corrections, not figures: pass it as corrections= "
            "when reading the equipment or personnel series"
        )
    table = _load_corrections(corrections, encoding) if corrections is not None else {}

    cache = Interned()
    stored = _to_datetime(recorded)  # converted once, as every Claim would convert it

    def convert(_line: int, record: object) -> list[Claim]:
        return _series(
            record, stated=stated, recorded=stored, tz=tz, corrections=table, cache=cache
        )

    records: Iterator[tuple[int, object]] = json_array(source, encoding=encoding)
    return ImportStream(records, convert, file=name_of(source), on_error=on_error)
