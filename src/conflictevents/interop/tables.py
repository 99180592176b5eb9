"""Claims as flat tables: Arrow, Parquet and a UCDP-like CSV for spreadsheets.

:func:`to_arrow` gives one row per claim with the columns of :data:`COLUMNS`;
:func:`write_parquet` streams the same rows to a Parquet file in batches;
:func:`write_csv` writes them in the ``best``/``low``/``high`` shape UCDP users know.
pyarrow is an optional extra (``pip install conflictevents[arrow]``), imported only
when an Arrow or Parquet function is called.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from conflictevents._alignment import figure_day
from conflictevents._claims import (
    CasualtyCount,
    Claim,
    EquipmentLoss,
    Subject,
    TerritorialControl,
    Trend,
    subject_place,
    subject_time,
)
from conflictevents._details import _IDENTIFIED_ONLY, DETAILS
from conflictevents._estimates import CONSERVATIVE, EstimatePolicy, side_of
from conflictevents._ids import given_id
from conflictevents._json import _encode
from conflictevents._locations import LocationPrecision
from conflictevents._subject_keys import subject_key
from conflictevents._time import TimePrecision
from conflictevents._time import _instant_key as _micros  # epoch microseconds, or None

from ._common import first_day, last_day

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from conflictevents._as_of import AsOf
    from conflictevents._reconcile import Reconciliation
    from conflictevents.rollups import Rollup

__all__ = [
    "COLUMNS",
    "CSV_COLUMNS",
    "RECONCILE_COLUMNS",
    "reconcile_table",
    "rows",
    "to_arrow",
    "to_pandas",
    "write_csv",
    "write_parquet",
]

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("claim_id", "string", "The claim's id."),
    ("claimant", "string", "Who makes the claim (its name)."),
    ("claimant_kind", "string", "What kind of source the claimant is (monitor, military…)."),
    ("stance", "string", "asserts or denies."),
    ("subject_type", "string", "casualty_count, equipment_loss, … or an event type (attack…)."),
    ("subject_id", "string", "The event's id: the event claimed, or the one a count counts."),
    ("side", "string", "Whose people or equipment (counts); the controller (territory)."),
    ("category", "string", "military, civilian or unspecified (casualty counts)."),
    ("outcome", "string", "killed, wounded, casualties, captured or missing (casualty counts)."),
    ("equipment", "string", "The equipment category (equipment losses)."),
    ("status", "string", "lost, destroyed, damaged, abandoned or captured (equipment losses)."),
    ("figure", "int64", "The figure as written (UCDP's best); null when no figure."),
    ("qualifier", "string", "exact, about, at_least, between, …"),
    ("low", "int64", "The smallest count the words allow; null if open."),
    ("high", "int64", "The largest count the words allow; null if open."),
    ("time_start", "timestamp[us, UTC]", "Start of the period counted or of the event."),
    ("time_end", "timestamp[us, UTC]", "End of that period (exclusive)."),
    ("time_precision", "string", "What the width of that span means (day, week, interval…)."),
    ("place", "string", "The place's name."),
    ("place_country", "string", "ISO 3166-1 alpha-2 code of the place's country."),
    ("place_region", "string", "First-order administrative region."),
    ("latitude", "double", "Latitude of the place's point."),
    ("longitude", "double", "Longitude of the place's point."),
    ("place_precision", "string", "point, settlement, district, region, linear, country…"),
    ("stated_start", "timestamp[us, UTC]", "When the claim was made: start."),
    ("stated_end", "timestamp[us, UTC]", "When the claim was made: end (exclusive)."),
    ("verification", "string", "not_assessed, unverified, corroborated, documented, …"),
    ("medium", "string", "How the claim was made public (statement, dataset…)."),
    ("via", "list<string>", "Intermediaries, claimant's side first (names)."),
    ("sources", "list<string>", "Outlets it was published in (provenance)."),
    ("urls", "list<string>", "Addresses of those publications, where known."),
)  # fmt: skip
"""The flat columns of :func:`to_arrow`: ``(name, Arrow type, meaning)``."""

RECONCILE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("subject_key", "dictionary<string>", "subject_key(): the claims reconciled together."),
    ("claimant_id", "dictionary<string>", "Source.identity: whose claims supersede."),
    ("claimant_side", "string", "The side the claimant speaks from; null for a third party."),
    ("as_of", "timestamp[us, UTC]", "When what the claim says holds (Claim.as_of)."),
    ("figure_date", "date32", "The date a dated figure is as of (cumulative series), else null."),
    ("stated_end_wall", "timestamp[us]", "stated_end on the claim's own wall clock."),
    ("details", "string", "An identified event's details as JSON (what accounts can dispute)."),
    ("rising", "bool", "A toll expected to rise: its figure is a floor for the status."),
    ("claim_json", "string", "The claim as JSON (dumps), for subjects reconciled as objects."),
)  # fmt: skip
"""The columns ``to_arrow(claims, reconcilable=True)`` adds after :data:`COLUMNS`.

They carry what :func:`reconcile_table` needs beyond the flat columns: the key and the
claimant's identity the object path groups by, the instants it ranks claims by, and
the claim itself for the subjects whose rules the columns cannot carry.

``subject_key`` and ``claimant_id`` are dictionary-encoded (``dictionary<int32,
string>``: each distinct value stored once per batch); :func:`reconcile_table` also
reads them as plain ``string`` too, as earlier versions wrote them.
"""


def _subject_columns(subject: Subject) -> dict[str, Any]:
    """The columns of :data:`COLUMNS` that describe the subject (type, side, time, place).

    Times are microseconds since 1970-01-01 UTC (``int``), as Arrow stores them.
    """
    span, place = subject_time(subject), subject_place(subject)
    if isinstance(subject, TerritorialControl):
        side: str | None = subject.controller
        subject_id = None
    elif isinstance(subject, CasualtyCount | EquipmentLoss):
        side, subject_id = subject.side, subject.event
    else:
        side, subject_id = None, subject.id
    coordinates = place.coordinates if place is not None else None
    return {
        "subject_type": subject.type,
        "subject_id": subject_id,
        "side": side,
        "category": subject.category.value if isinstance(subject, CasualtyCount) else None,
        "outcome": subject.outcome.value if isinstance(subject, CasualtyCount) else None,
        "equipment": subject.equipment if isinstance(subject, EquipmentLoss) else None,
        "status": subject.status.value if isinstance(subject, EquipmentLoss) else None,
        "time_start": _micros(span.start) if span is not None else None,
        "time_end": _micros(span.end) if span is not None else None,
        "time_precision": span.precision.value if span is not None else None,
        "place": place.name if place is not None else None,
        "place_country": place.country if place is not None else None,
        "place_region": place.region if place is not None else None,
        "latitude": coordinates.latitude if coordinates is not None else None,
        "longitude": coordinates.longitude if coordinates is not None else None,
        "place_precision": place.precision.value if place is not None else None,
    }


def rows(claims: Iterable[Claim]) -> Iterator[dict[str, Any]]:
    """One flat dict per claim, keyed by the names in :data:`COLUMNS`.

    Times are microseconds since 1970-01-01 UTC (``int``), as Arrow stores them.

    Raises:
        TypeError: If an object is not a :class:`~conflictevents.Claim`.
    """
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"expected Claim objects, got {type(claim).__name__}")
        quantity = claim.quantity
        stated = claim.stated
        row = {
            "claim_id": claim.id,
            "claimant": claim.claimant.name,
            "claimant_kind": claim.claimant.kind.value,
            "stance": claim.stance.value,
            **_subject_columns(claim.subject),
            "figure": quantity.value if quantity is not None else None,
            "qualifier": quantity.qualifier.value if quantity is not None else None,
            "low": quantity.low if quantity is not None else None,
            "high": quantity.high if quantity is not None else None,
            "stated_start": _micros(stated.start) if stated is not None else None,
            "stated_end": _micros(stated.end) if stated is not None else None,
            "verification": claim.verification.value,
            "medium": claim.medium.value if claim.medium is not None else None,
            "via": [source.name for source in claim.via],
            "sources": [p.outlet.name for p in claim.reported_in],
            "urls": [p.url for p in claim.reported_in if p.url is not None],
        }
        yield {name: row[name] for name, _, _ in COLUMNS}


def _rising(subject: Subject) -> bool:
    """Whether a count's toll is expected to rise: the status reads its figure as a floor."""
    return isinstance(subject, CasualtyCount) and subject.trend is Trend.RISING


def _details(subject: Subject) -> str | None:
    """The details accounts of one identified event can give differently, as JSON.

    ``None`` when the subject has none (:func:`~conflictevents._details.disputed_details`
    compares them only between accounts of one identified event).
    """
    details = DETAILS.get(type(subject))
    if details is None or (type(subject) in _IDENTIFIED_ONLY and given_id(subject) is None):
        return None
    values = [read(subject) for _, read in details]
    return None if all(value is None for value in values) else json.dumps(values)


def _reconcile_values(claim: Claim) -> dict[str, Any]:
    """The values of :data:`RECONCILE_COLUMNS` for one claim."""
    stated = claim.stated
    wall = None if stated is None or stated.end is None else stated._end_wall_key  # noqa: SLF001
    day = figure_day(claim)
    return {
        "subject_key": subject_key(claim.subject),
        "claimant_id": claim.claimant.identity,
        "claimant_side": side_of(claim.claimant),
        "as_of": _micros(claim.as_of),
        "figure_date": day,
        "stated_end_wall": wall,
        "details": _details(claim.subject),
        "rising": _rising(claim.subject),
        "claim_json": _encode(claim).decode(),
    }


def _pyarrow() -> Any:  # noqa: ANN401 - the module, typed only when installed
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "conflictevents.interop.tables needs pyarrow: pip install 'conflictevents[arrow]'"
        ) from None
    return pa


def _arrow_schema(columns: Iterable[tuple[str, str, str]]) -> pa.Schema:
    pa = _pyarrow()
    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "date32": pa.date32(),
        "timestamp[us]": pa.timestamp("us"),
        "timestamp[us, UTC]": pa.timestamp("us", tz="UTC"),
        "list<string>": pa.list_(pa.string()),
        "dictionary<string>": pa.dictionary(pa.int32(), pa.string()),
    }
    fields = [
        pa.field(name, types[kind], metadata={"description": meaning})
        for name, kind, meaning in columns
    ]
    return pa.schema(fields)


def schema(*, reconcilable: bool = False) -> pa.Schema:
    """The Arrow schema of :data:`COLUMNS` (needs pyarrow).

    Args:
        reconcilable: Add :data:`RECONCILE_COLUMNS` (what :func:`reconcile_table` reads).
    """
    return _arrow_schema(COLUMNS + RECONCILE_COLUMNS if reconcilable else COLUMNS)


def _flat(claims: Iterable[Claim], *, reconcilable: bool) -> Iterator[dict[str, Any]]:
    if not reconcilable:
        yield from rows(claims)
        return
    for claim in claims:
        row = next(rows([claim]))
        row.update(_reconcile_values(claim))
        yield row


def _batches(
    claims: Iterable[Claim], batch_size: int, *, reconcilable: bool = False
) -> Iterator[pa.RecordBatch]:
    pa = _pyarrow()
    arrow_schema = schema(reconcilable=reconcilable)
    batch: list[dict[str, Any]] = []
    for row in _flat(claims, reconcilable=reconcilable):
        batch.append(row)
        if len(batch) >= batch_size:
            yield pa.RecordBatch.from_pylist(batch, schema=arrow_schema)
            batch = []
    if batch:
        yield pa.RecordBatch.from_pylist(batch, schema=arrow_schema)


def to_arrow(
    claims: Iterable[Claim], *, batch_size: int = 50_000, reconcilable: bool = False
) -> pa.Table:
    """An Arrow table with one row per claim and the columns of :data:`COLUMNS`.

    Args:
        claims: Claims (from any reader, or built by hand).
        batch_size: Rows converted at a time (bounds the Python objects held at once).
        reconcilable: Add the columns of :data:`RECONCILE_COLUMNS`, which
            :func:`reconcile_table` reads (the claim's JSON among them: about twice the
            size).

    Returns:
        A :class:`pyarrow.Table`; each field carries its meaning as metadata.

    Raises:
        ImportError: If pyarrow is not installed.
    """
    pa = _pyarrow()
    batches = list(_batches(claims, batch_size, reconcilable=reconcilable))
    return pa.Table.from_batches(batches, schema=schema(reconcilable=reconcilable))


def write_parquet(
    claims: Iterable[Claim],
    path: str | Path,
    *,
    batch_size: int = 50_000,
    reconcilable: bool = False,
) -> int:
    """Stream claims to a Parquet file, ``batch_size`` rows at a time.

    ``reconcilable=True`` adds :data:`RECONCILE_COLUMNS`, as :func:`to_arrow` does:
    ``reconcile_table(pyarrow.parquet.read_table(path))`` then reconciles the file.

    Returns:
        The number of rows written.

    Raises:
        ImportError: If pyarrow is not installed.
    """
    _pyarrow()
    import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415

    written = 0
    with pq.ParquetWriter(str(path), schema(reconcilable=reconcilable)) as writer:
        for batch in _batches(claims, batch_size, reconcilable=reconcilable):
            writer.write_batch(batch)
            written += batch.num_rows
    return written


def to_pandas(data: Iterable[Claim] | Reconciliation | Rollup, *, tz: str = "UTC") -> pd.DataFrame:
    """A pandas data frame: one row per claim, per subject of a reconciliation, or per total.

    Unlike ``to_arrow(claims).to_pandas()``, which turns a nullable ``int64`` column
    into ``float64``, every column keeps its data: figures and bounds are nullable
    integers (``Int64``: a missing figure is ``<NA>``, never ``NaN``), times are
    timezone-aware ``datetime64[us, tz]``, enum columns are categoricals whose
    categories are every member of the enum (so frames concatenate), text is
    ``string``, lists of ids or names are Python lists. Needs pandas only, not pyarrow.

    Args:
        data: Claims: one row each, the columns of :data:`COLUMNS`. Or a
            :class:`~conflictevents.Reconciliation`: one row per subject, with the
            subject's columns, its status, range, envelope, spread and the policy's
            estimate. Or a :class:`~conflictevents.rollups.Rollup`: one row per total,
            each policy's estimate in columns of its own (``ucdp_best``…). The docs
            pages "Tables" and "Roll-ups" list every column with its dtype.
        tz: The IANA time zone the time columns are shown in (the instants do not
            depend on it).

    Returns:
        A :class:`pandas.DataFrame`, rows in the order given (subjects by key,
        totals by measure, area and period).

    Raises:
        ImportError: If pandas is not installed (``pip install 'conflictevents[pandas]'``).
        TypeError: If an item of ``data`` is not a claim.

    .. versionadded:: 0.1.0
    """
    from ._frames import frame  # noqa: PLC0415 - pandas is optional; _frames reads COLUMNS

    return frame(data, tz=tz)


def reconcile_table(
    table: pa.Table, *, policy: EstimatePolicy = CONSERVATIVE, as_of: AsOf | None = None
) -> pa.Table:
    """Reconcile claims held in an Arrow table: what :func:`~conflictevents.reconcile` gives.

    The table is one row per claim with :data:`COLUMNS` and :data:`RECONCILE_COLUMNS`
    (``to_arrow(claims, reconcilable=True)``, or a Parquet file written with
    ``write_parquet(..., reconcilable=True)``). The result is one row per subject,
    sorted by key, with the columns of ``to_pandas(reconcile(claims, ...))``
    (``SUBJECT_COLUMNS``) and the same values, exactly: subjects whose rules the
    columns carry (cumulative series included) are computed with pyarrow compute
    and NumPy over whole columns; the others (versions of one id, details of identified
    events given differently, or a policy that is not built in) are decoded from
    ``claim_json`` and reconciled by the object path. Assessments are not in claim
    tables, so none is shown.

    Args:
        table: The claims.
        policy: The estimate policy, as for :func:`~conflictevents.reconcile`.
        as_of: Only the claims certainly made by then, as for
            :func:`~conflictevents.reconcile`.

    Returns:
        A :class:`pyarrow.Table`: one row per subject, sorted by ``subject_key``.

    Raises:
        ImportError: If pyarrow is not installed.
        ValueError: A column :func:`reconcile_table` reads is missing or of another
            type, or ``as_of`` is a datetime without a time zone.
    """
    from ._columnar import reconcile_table as run  # noqa: PLC0415 - needs pyarrow

    return run(table, policy=policy, as_of=as_of)


# -- CSV in UCDP's shape -------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "id", "claimant", "subject_type", "side", "category", "outcome", "equipment", "status",
    "best", "low", "high", "qualifier", "date_start", "date_end", "date_prec",
    "where_coordinates", "where_prec", "latitude", "longitude", "country", "adm_1",
    "verification", "stated", "source_office", "source_date", "source_headline", "url",
)  # fmt: skip
"""The columns of :func:`write_csv`, named after UCDP GED's where there is one."""

_DATE_PREC = {
    TimePrecision.INSTANT: "1",
    TimePrecision.PART_OF_DAY: "1",
    TimePrecision.DAY: "1",
    TimePrecision.INTERVAL: "2",
    TimePrecision.WEEK: "3",
    TimePrecision.MONTH: "4",
    TimePrecision.YEAR: "5",
}
_WHERE_PREC = {precision: str(i) for i, precision in enumerate(LocationPrecision, start=1)}


def _day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def write_csv(claims: Iterable[Claim], target: IO[str]) -> int:
    """Write claims as a CSV table in UCDP's ``best``/``low``/``high`` shape.

    ``best`` is the figure as written, ``low``/``high`` its bounds (empty when open);
    ``date_start``/``date_end`` are the first and last calendar day of the period or
    event (in the span's own offset), ``date_prec`` and ``where_prec`` UCDP's codes
    (``date_prec`` is empty for an open span). Several publications are joined with
    ``;`` as UCDP does.

    Args:
        claims: The claims, written in order (streamed).
        target: A text stream opened with ``newline=""``.

    Returns:
        The number of rows written.
    """
    writer = csv.DictWriter(target, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    written = 0
    for claim in claims:
        subject = claim.subject
        quantity = claim.quantity
        span, place = subject_time(subject), subject_place(subject)
        flat = next(rows([claim]))
        coordinates = place.coordinates if place is not None else None
        writer.writerow(
            {
                "id": claim.id,
                "claimant": claim.claimant.name,
                "subject_type": subject.type,
                "side": flat["side"] or "",
                "category": flat["category"] or "",
                "outcome": flat["outcome"] or "",
                "equipment": flat["equipment"] or "",
                "status": flat["status"] or "",
                "best": "" if quantity is None or quantity.value is None else quantity.value,
                "low": "" if quantity is None or quantity.low is None else quantity.low,
                "high": "" if quantity is None or quantity.high is None else quantity.high,
                "qualifier": flat["qualifier"] or "",
                "date_start": _day(first_day(span)),
                "date_end": _day(last_day(span)),
                "date_prec": _DATE_PREC.get(span.precision, "") if span is not None else "",
                "where_coordinates": place.name if place is not None else "",
                "where_prec": _WHERE_PREC[place.precision] if place is not None else "",
                "latitude": coordinates.latitude if coordinates is not None else "",
                "longitude": coordinates.longitude if coordinates is not None else "",
                "country": (place.country or "") if place is not None else "",
                "adm_1": (place.region or "") if place is not None else "",
                "verification": claim.verification.value,
                "stated": _day(first_day(claim.stated)),
                "source_office": ";".join(p.outlet.name for p in claim.reported_in),
                "source_date": ";".join(_day(first_day(p.published)) for p in claim.reported_in),
                "source_headline": ";".join(p.title or "" for p in claim.reported_in),
                "url": ";".join(p.url or "" for p in claim.reported_in)
                if any(p.url for p in claim.reported_in)
                else "",
            }
        )
        written += 1
    return written
