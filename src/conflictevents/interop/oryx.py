"""Oryx's visually confirmed equipment losses (scarnecchia/oryx_data CSV), as claims by Oryx.

Oryx lists every loss it can document with a photograph or video; the scrape by
scarnecchia/oryx_data (CC BY 4.0; cite it and Oryx) counts them. Each figure becomes a
claim *by Oryx* whose verification is ``documented`` (documented with imagery).

Three files are read, told apart by their header:

* ``daily_count.csv`` (``country, equipment_type, destroyed, …, date_recorded``): per
  row, one claim per status (``destroyed``, ``abandoned``, ``captured``, ``damaged``,
  and ``type_total`` as ``lost``), cumulative from 24 February 2022 to the end of
  ``date_recorded``, stated that day. The ``*_diff`` columns are derived and not read.
* ``totals_by_type.csv`` (no date): the same, as of the day given with ``as_of=``.
* ``data_<date>.csv`` (one row per documented item, with the image ``url``): one claim
  of one item of ``system`` with ``status``, reported in the image's address, as of the
  date in the file name or ``as_of=``. Items are evidence, not counts: pass them
  through :func:`count_items` before reconciling them.

Labels that embed figures ("Losses excluding Recon Drones and Trucks - 14057, of
which: …") are cut before the figures; equipment types shared with the General Staff's
series are named as :data:`EQUIPMENT` says, so that both series meet in reconciliation.

Known defect kept on purpose: on 2022-03-28 the scrape gives Russia "All Types"
destroyed = 100 (between 959 and 1041). It is imported as Oryx gave it; reconciliation
flags it as an outlier.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, cast

import attrs

from conflictevents._claims import Claim, EquipmentLoss, LossStatus, Medium, Verification
from conflictevents._quantity import Quantity
from conflictevents._sources import Publication, Source, SourceKind
from conflictevents._subject_keys import subject_key
from conflictevents.exceptions import InvariantError

from ._build import builder
from ._common import (
    DEFAULT_ENCODING,
    ImportStream,
    Input,
    Interned,
    OnError,
    RowError,
    bad,
    calendar_day,
    day_span,
    integer,
    invariant,
    monitor,
    name_of,
    open_text,
    read_csv,
    since_invasion,
)

__all__ = ["COUNTRIES", "DATASET", "EQUIPMENT", "ORYX", "STATUSES", "count_items", "read"]

ORYX = monitor("Oryx")
"""The claimant: Oryx (Stijn Mitzer and Joost Oliemans)."""

_CLAIM, _LOSS, _PUBLICATION = builder(Claim), builder(EquipmentLoss), builder(Publication)

DATASET = Publication(
    outlet=Source(name="scarnecchia/oryx_data", kind=SourceKind.OTHER),
    url="https://github.com/scarnecchia/oryx_data",
)
"""Where the counts are published as data (each count's ``reported_in``)."""

COUNTRIES: dict[str, str] = {"Russia": "RU", "Ukraine": "UA"}
"""``country`` (whose equipment) → side label."""

STATUSES: dict[str, LossStatus] = {
    "destroyed": LossStatus.DESTROYED,
    "abandoned": LossStatus.ABANDONED,
    "captured": LossStatus.CAPTURED,
    "damaged": LossStatus.DAMAGED,
    "type_total": LossStatus.LOST,
}
"""Count column (or ``status`` value) → :class:`~conflictevents.LossStatus`."""

EQUIPMENT: dict[str, str] = {
    "All Types": "all types",
    "Tanks": "tank",
    "Aircraft": "aircraft",
    "Helicopters": "helicopter",
    "Naval Ships": "naval ship",
    "Submarines": "submarine",
    "Unmanned Aerial Vehicles": "drone",
    "Multiple Rocket Launchers": "multiple rocket launcher",
}
"""Oryx ``equipment_type`` → ``EquipmentLoss.equipment`` where the General Staff's
series has the same category; other types keep Oryx's label."""

_DAILY = ("country", "equipment_type", "date_recorded", *STATUSES)
_TOTALS = ("country", "equipment_type", *STATUSES)
_ITEMS = ("country", "system", "status", "url")
# (?<!\s): a match starts only at the first space of a run (else quadratic in a run).
_EMBEDDED = re.compile(r"(?<!\s)\s+-\s+\d[\d,]*,\s+of which:.*$", re.DOTALL)
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def label(text: str) -> str:
    """An equipment type without the figures some labels embed."""
    return _EMBEDDED.sub("", text).strip()


def _side(row: dict[str, str]) -> str:
    country = row["country"].strip()
    if country not in COUNTRIES:
        raise bad("country", f"unknown country {country!r} (known: Russia, Ukraine)")
    return COUNTRIES[country]


def _counts(row: dict[str, str], as_of: dt.date, tz: str, cache: Interned) -> list[Claim]:
    side = _side(row)
    equipment_type = label(row["equipment_type"])
    if not equipment_type:
        raise bad("equipment_type", "the equipment type is empty")
    equipment = EQUIPMENT.get(equipment_type, equipment_type)
    figures = {column: integer(row, column) for column in STATUSES}
    parts = sum(v for k, v in figures.items() if k != "type_total")
    if parts != figures["type_total"]:
        raise bad(
            "type_total",
            f"{figures['type_total']} is not the sum of the statuses ({parts})",
        )
    slug = equipment_type.lower().replace(" ", "-")
    stem = f"oryx-{side}-{as_of.isoformat()}-{slug}"
    claims = []
    period = stated = None  # once a row, not once a claim, after the first figure's check
    for column, status in STATUSES.items():
        try:
            quantity = cache(("quantity", figures[column]), _quantity, figures[column])
            if period is None:
                period, stated = since_invasion(as_of, tz), day_span(as_of, tz)
            claims.append(
                _CLAIM(
                    id=f"{stem}-{status.value}",
                    claimant=ORYX,
                    subject=_LOSS(
                        side=side,
                        equipment=equipment,
                        status=status,
                        quantity=quantity,
                        period=period,
                    ),
                    stated=stated,
                    reported_in=(DATASET,),
                    verification=Verification.DOCUMENTED,
                    medium=Medium.DATASET,
                )
            )
        except InvariantError as exc:
            raise invariant(exc, {("Quantity", "value"): column}) from None
    return claims


def _quantity(value: int) -> Quantity:
    return Quantity(value=value)


def _one_item(row: dict[str, str], as_of: dt.date, tz: str) -> EquipmentLoss:
    """What one item row says was lost (the same for every item of a system and status)."""
    side = _side(row)
    status_text = row["status"].strip()
    if status_text not in STATUSES or status_text == "type_total":
        raise bad("status", f"unknown status {status_text!r}")
    system = row["system"].strip()
    if not system:
        raise bad("system", "the system is empty")
    return EquipmentLoss(
        side=side,
        equipment=system,
        status=STATUSES[status_text],
        quantity=Quantity(value=1),
        period=since_invasion(as_of, tz),
    )


def _item(row: dict[str, str], as_of: dt.date, tz: str, cache: Interned) -> list[Claim]:
    key = ("item", row["country"], row["status"], row["system"])
    subject = cache(key, _one_item, row, as_of, tz)
    url = row["url"].strip() or None
    evidence = _PUBLICATION(outlet=ORYX, url=url)
    return [
        _CLAIM(
            claimant=ORYX,
            subject=subject,
            stated=day_span(as_of, tz),
            reported_in=(evidence,),
            verification=Verification.DOCUMENTED,
            medium=Medium.DATASET,
        )
    ]


def count_items(claims: Iterable[Claim]) -> list[Claim]:
    """Count the items of a ``data_<date>.csv`` file: one claim per side, system and status.

    Items are grouped as :func:`~conflictevents.reconcile` groups claims (by
    :func:`~conflictevents.subject_key`, so spellings of one system that key alike,
    "T-72B", "t-72b", "T72B", are one count, named as its first item names it), and by
    period and the day stated.

    Each item claim says "Oryx documents this one loss" (quantity 1, its image as the
    publication). Items are evidence, not counts: two items of one system are two
    losses, while :func:`~conflictevents.reconcile` would read them as one claim
    restating the other. Count them first; each count keeps every image.
    This holds the groups in memory (one per side, system, status and day).

    Args:
        claims: Item claims from :func:`read` on a ``data_<date>.csv`` file.

    Returns:
        One claim per group, in the order groups first appear, whose figure is the
        number of items and whose ``reported_in`` lists their images.

    Raises:
        ValueError: If a claim is not an Oryx item claim.
    """
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in claims:
        subject = claim.subject
        if (
            claim.claimant != ORYX
            or not isinstance(subject, EquipmentLoss)
            or subject.quantity != _ONE
        ):
            raise ValueError(f"claim {claim.id} is not an Oryx item claim")
        # by subject as reconcile groups them (the equipment by its name key: "T-72B",
        # "t-72b" and "T72B" are one system), and by the period and day stated
        key = (subject_key(subject), subject.period, claim.stated)
        groups.setdefault(key, []).append(claim)
    counted = []
    for items in groups.values():
        first = items[0]
        assert isinstance(first.subject, EquipmentLoss)  # noqa: S101 - checked above
        counted.append(
            attrs.evolve(
                first,
                id=f"{first.id}-count",
                subject=attrs.evolve(first.subject, quantity=Quantity(value=len(items))),
                reported_in=tuple(p for item in items for p in item.reported_in),
            )
        )
    return counted


_ONE = Quantity(value=1)


def _is_item(claim: Claim) -> bool:
    """Whether ``claim`` is one item of a ``data_<date>.csv`` file (its image cited by Oryx).

    A count cites :data:`DATASET`; an item cites its own image, published by Oryx. A file
    is one kind or the other (its header says which), so its first claim tells.
    """
    cited = claim.reported_in
    return claim.claimant == ORYX and bool(cited) and all(p.outlet == ORYX for p in cited)


def _date(row: dict[str, str]) -> dt.date:
    text = row["date_recorded"].strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise bad("date_recorded", f"expected a date like 2022-03-28, got {text!r}") from None
    return calendar_day(day, "date_recorded", text)


def _header(source: Input, encoding: str | None) -> tuple[list[str], Input]:
    """The header's column names, and the source to read (a stream gets its line back)."""
    try:
        for stream in open_text(source, encoding, DEFAULT_ENCODING):
            first = stream.readline()
    except UnicodeDecodeError as exc:  # only from a stream the caller opened
        reason = f"cannot decode the header ({exc}): pass encoding="
        raise RowError(reason, line=1, file=name_of(source)) from None
    header = next(csv.reader([first]), [])
    if isinstance(source, str | Path):
        return header, source
    return header, cast("IO[str]", _Prepended(first, source))


class _Prepended:
    """The lines of a text stream whose first line was already read, put back in front."""

    def __init__(self, first: str, rest: IO[str]) -> None:
        self._lines = itertools.chain([first] if first else [], rest)
        self.name = getattr(rest, "name", None)

    def __iter__(self) -> Iterator[str]:
        return self._lines


def read(
    source: Input,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    as_of: dt.date | None = None,
    tz: str = "Europe/Kyiv",
) -> ImportStream:
    """Stream the claims of an Oryx CSV file (daily counts, totals, or items).

    Args:
        source: A path (the kind of file is told from its header), or an open text
            stream of ``daily_count.csv``.
        encoding: The file's encoding (UTF-8 if not given).
        on_error: What to do with a row that cannot be imported.
        as_of: The day a file without ``date_recorded`` counts to (required for
            ``totals_by_type.csv``; for ``data_<date>.csv`` the file name's date is
            used if not given).
        tz: The time zone of the dates (Kyiv, to line up with the General Staff).

    Returns:
        An :class:`~conflictevents.interop.ImportStream` of claims by :data:`ORYX`.

    Raises:
        RowError: With ``on_error="raise"``, at the first row that cannot be imported.
        RowError: If a file without dates is read without ``as_of`` (a
            :class:`~conflictevents.ValidationError`, so a ``ValueError`` as before).
    """
    name = name_of(source)
    cache = Interned()
    header, source = _header(source, encoding)
    header = [column.lstrip("\ufeff") for column in header]
    if "date_recorded" not in header:
        if as_of is None and name is not None and (found := _FILE_DATE.search(name)):
            as_of = dt.date.fromisoformat(found.group(1))
        if as_of is None:
            reason = "the header has no date_recorded column: pass as_of= (the day it counts to)"
            raise RowError(reason, line=1, file=name)
        day = as_of
        convert, required = (_item, _ITEMS) if "url" in header else (_counts, _TOTALS)
        return read_csv(
            source,
            lambda row: convert(row, day, tz, cache),
            encoding=encoding,
            on_error=on_error,
            required=required,
        )
    return read_csv(
        source,
        lambda row: _counts(row, as_of or _date(row), tz, cache),
        encoding=encoding,
        on_error=on_error,
        required=_DAILY,
    )
