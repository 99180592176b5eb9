"""Reconciliation over an Arrow table: :func:`reconcile_table` (documented in ``tables``).

The object path (:mod:`conflictevents._reconcile`) is the reference; this module
computes the same rows for the subjects whose rules are sorts and segment reductions
over whole columns, and hands every other subject to the object path, decoded from
its ``claim_json``. A subject is computed here only when all of these hold:

- each claim id appears once (no versions, no duplicates: :mod:`._recency`'s rules);
- no claimant gives dated figures as of two dates (not a cumulative series, so every
  current figure is compared: :mod:`._alignment`);
- the accounts of an identified event give its details one way (``details``: else
  they may be disputed);
- the policy is one of the built-in ones.

Then a claimant's current claim is its last by :func:`~._recency.recency` (``as_of``,
stated start, stated end, id; unknown first), the compared figures are the current
asserted ones, and range, envelope, spread, status and estimate follow the formulas of
:func:`~._reconcile.range_of`, :func:`~._figures.ratio_of`,
:func:`~._figures.bounds_overlap` (a rising toll read as a floor) and the policies in
:mod:`._estimates`. Where a claim denies, the status is :func:`~._reconcile.status_of`'s:
each current denial is conceded when its party (side, else claimant) asserted the
subject later; else contested if a current claim asserts it, else denied.

Rows are sorted once by (subject key, claim id): every subject is then a contiguous
segment, every list column (claims, current, low_claims…) is a filter of that order
cut by per-subject counts, and every number a NumPy ``reduceat`` over the segments.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

from conflictevents._as_of import _limit
from conflictevents._claims import Claim, Stance, Verification
from conflictevents._estimates import (
    ConservativePolicy,
    EstimatePolicy,
    MedianOfIndependentPolicy,
    UcdpPolicy,
)
from conflictevents._json import loads
from conflictevents._reconcile import Reconciliation, ReconciliationStatus, reconcile

from ._frames import SUBJECT_COLUMNS, _subject_rows
from .tables import COLUMNS, RECONCILE_COLUMNS, _arrow_schema

if TYPE_CHECKING:
    import numpy.typing as npt

    from conflictevents._as_of import AsOf

__all__ = ["reconcile_table", "result_schema", "result_table"]

_INDEPENDENT: Final = [v.value for v in Verification if v.is_independent]
_COUNTED: Final = ["casualty_count", "equipment_loss"]
_EXACT_FLOAT: Final = 2**53
"""Integers up to this convert to ``float64`` exactly (a spread divides two of them)."""

_RESULT_TYPES: Final = {
    "string": "string",
    "category": "string",
    "object": "list<string>",
    "Int64": "int64",
    "Float64": "double",
    "boolean": "bool",
    "datetime64[us, tz]": "timestamp[us, UTC]",
}
_SUBJECT_NAMES: Final = [n for n, _, _ in SUBJECT_COLUMNS if n in {c for c, _, _ in COLUMNS}]


def result_schema() -> pa.Schema:
    """The schema of :func:`reconcile_table`: ``SUBJECT_COLUMNS`` as Arrow types."""
    return _arrow_schema(
        (name, _RESULT_TYPES[dtype], meaning) for name, dtype, meaning in SUBJECT_COLUMNS
    )


def result_table(reconciliation: Reconciliation) -> pa.Table:
    """A reconciliation's subjects as :func:`reconcile_table` gives them (the object path)."""
    rows = list(_subject_rows(reconciliation, reconciliation.policy))
    return pa.Table.from_pylist(rows, schema=result_schema())


def _check(table: pa.Table) -> None:
    """Raise if a column the reconciliation reads is missing or of another type."""
    expected = _arrow_schema(COLUMNS + RECONCILE_COLUMNS)
    for field in expected:
        if field.name not in table.column_names:
            msg = (
                f"reconcile_table needs the column {field.name!r}: write the table with "
                "to_arrow(claims, reconcilable=True)"
            )
            raise ValueError(msg)
        found = table.schema.field(field.name).type
        if found != field.type:
            msg = f"column {field.name!r} is {found}, expected {field.type}"
            raise ValueError(msg)


def _said_by(table: pa.Table, as_of: AsOf) -> pa.Table:
    """The rows certainly said by ``as_of`` (the rule of :mod:`._as_of`)."""
    by_wall, limit = _limit(as_of)
    column = table.column("stated_end_wall" if by_wall else "stated_end")
    micros = pc.cast(column, pa.int64())
    return table.filter(pc.less_equal(micros, pa.scalar(limit, pa.int64())))


def _ints(column: pa.ChunkedArray | pa.Array, fill: int) -> npt.NDArray[np.int64]:
    return np.asarray(pc.fill_null(pc.cast(column, pa.int64()), fill), dtype=np.int64)


def _bools(column: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.bool_]:
    return np.asarray(pc.fill_null(column, pa.scalar(value=False)), dtype=np.bool_)


def _lists(values: pa.Array, counts: npt.NDArray[np.int64]) -> pa.ListArray:
    """``values`` cut into consecutive lists of ``counts`` items."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), values)


class _Segments:
    """Rows in subject order: per-subject reductions and lists of any row subset."""

    def __init__(self, starts: npt.NDArray[np.int64], n: int) -> None:
        self.starts = starts
        self.lengths = np.diff(np.append(starts, n))
        self.subject_of_row = np.repeat(np.arange(len(starts)), self.lengths)

    def count(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return np.bincount(self.subject_of_row[mask], minlength=len(self.starts))

    def reduce(
        self, ufunc: np.ufunc, values: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """``ufunc`` over each subject's rows in ``mask``; and which subjects have any."""
        counts = self.count(mask)
        has = counts > 0
        out = np.zeros(len(self.starts), dtype=np.int64)
        if has.any():
            picked = values[mask]
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))[has]
            out[has] = ufunc.reduceat(picked, starts)
        return out, has

    def broadcast(self, per_subject: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return per_subject[self.subject_of_row]

    def lists(self, values: pa.Array, mask: npt.NDArray[np.bool_]) -> pa.ListArray:
        return _lists(values.filter(pa.array(mask)), self.count(mask))


def _median_low(
    seg: _Segments, points: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Per subject, the lower middle of its points in ``mask`` (0 where none)."""
    rows = seg.subject_of_row[mask]
    picked = points[mask]
    order = np.lexsort((picked, rows))
    counts = np.bincount(rows, minlength=len(seg.starts))
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = np.zeros(len(seg.starts), dtype=np.int64)
    has = counts > 0
    out[has] = picked[order][first[has] + (counts[has] - 1) // 2]
    return out


def _nullable(values: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_]) -> pa.Array:
    return pa.array(values, type=pa.int64(), mask=~valid)


def _times(table: pa.Table) -> tuple[npt.NDArray[np.int64], ...]:
    """Each row's :func:`~._recency.recency` times: as of, stated start, stated end.

    Unknown times come first, as recency's dawn does (no instant is this far back).
    """
    unknown = np.iinfo(np.int64).min
    start = pc.coalesce(table.column("stated_start"), table.column("stated_end"))
    end = pc.coalesce(table.column("stated_end"), start)
    return (
        _ints(table.column("as_of"), unknown),
        _ints(start, unknown),
        _ints(end, unknown),
    )


def _current(
    table: pa.Table, seg: _Segments, times: tuple[npt.NDArray[np.int64], ...]
) -> npt.NDArray[np.bool_]:
    """Each claimant's latest row per subject (:func:`~._recency.latest`).

    Rows are in subject order, so the subject's index sorts as its key does (integers,
    not strings, compared).
    """
    ranked = pa.table(
        {
            "k": seg.subject_of_row,
            "c": table.column("claimant_id"),
            "a": times[0],
            "s": times[1],
            "e": times[2],
            "i": table.column("claim_id"),
        }
    )
    order = pc.sort_indices(
        ranked, sort_keys=[(name, "ascending") for name in ("k", "c", "a", "s", "e", "i")]
    )
    keys = ranked.take(order)
    n = table.num_rows
    last = np.ones(n, dtype=np.bool_)
    if n > 1:
        same = pc.and_(
            pc.equal(keys.column("k").slice(1), keys.column("k").slice(0, n - 1)),
            pc.equal(keys.column("c").slice(1), keys.column("c").slice(0, n - 1)),
        )
        last[:-1] = ~_bools(same)
    current = np.zeros(n, dtype=np.bool_)
    current[np.asarray(order)[last]] = True
    return current


def _later(
    x: tuple[npt.NDArray[np.int64], ...], y: tuple[npt.NDArray[np.int64], ...]
) -> npt.NDArray[np.bool_]:
    """Row by row, whether the times ``x`` are after ``y`` (compared as tuples)."""
    later = np.zeros(len(x[0]), dtype=np.bool_)
    tied = np.ones(len(x[0]), dtype=np.bool_)
    for a, b in zip(x, y, strict=True):
        later |= tied & (a > b)
        tied &= a == b
    return later


def _denial_status(
    table: pa.Table,
    seg: _Segments,
    *,
    times: tuple[npt.NDArray[np.int64], ...],
    current: npt.NDArray[np.bool_],
    asserts: npt.NDArray[np.bool_],
    denies: npt.NDArray[np.bool_],
) -> npt.NDArray[Any]:
    """Per subject, the status :func:`~._reconcile.status_of` gives when a claim denies.

    Conceded when each current denial's party (its side, else its claimant) asserted
    the subject later (by recency's times); else contested when a current claim
    asserts it; else denied.
    """
    side = table.column("claimant_side")
    party = pc.if_else(
        pc.is_valid(side),
        pc.binary_join_element_wise("side:", side, ""),
        pc.binary_join_element_wise("claimant:", table.column("claimant_id"), ""),
    )
    codes = np.asarray(pc.dictionary_encode(party).combine_chunks().indices, dtype=np.int64)
    key = seg.subject_of_row.astype(np.int64) * (int(codes.max(initial=0)) + 1) + codes
    rows = np.flatnonzero(asserts)
    order = rows[np.lexsort((times[2][rows], times[1][rows], times[0][rows], key[rows]))]
    last = np.ones(len(order), dtype=np.bool_)
    last[:-1] = key[order][1:] != key[order][:-1]
    latest = order[last]  # each party's last assertion, by key
    standing = np.flatnonzero(current & denies)
    at = np.searchsorted(key[latest], key[standing])
    found = at < len(latest)
    found[found] = key[latest][at[found]] == key[standing][found]
    conceded = np.zeros(len(standing), dtype=np.bool_)
    asserted = latest[at[found]]
    conceded[found] = _later(
        tuple(t[asserted] for t in times), tuple(t[standing[found]] for t in times)
    )
    every = np.bincount(seg.subject_of_row[standing], minlength=len(seg.starts))
    ceded = np.bincount(seg.subject_of_row[standing[conceded]], minlength=len(seg.starts))
    return np.where(
        every == ceded,
        ReconciliationStatus.CONCEDED.value,
        np.where(
            seg.count(current & asserts) > 0,
            ReconciliationStatus.CONTESTED.value,
            ReconciliationStatus.DENIED.value,
        ),
    )


def _objects_needed(table: pa.Table, seg: _Segments) -> npt.NDArray[np.bool_]:
    """Per subject, whether the object path must compute it (the module's conditions)."""
    n = table.num_rows
    row = np.zeros(n, dtype=np.bool_)
    if n > 1:  # rows are in (key, id) order: a repeated id is next to its twin
        ids = table.column("claim_id")
        twin = _bools(pc.equal(ids.slice(1), ids.slice(0, n - 1)))
        twin &= seg.subject_of_row[1:] == seg.subject_of_row[:-1]
        row[1:] |= twin
    needed = seg.count(row) > 0
    dated = table.select(["subject_key", "claimant_id", "figure_date"])
    per_claimant = dated.group_by(["subject_key", "claimant_id"], use_threads=False).aggregate(
        [("figure_date", "count_distinct")]
    )
    flagged = per_claimant.filter(pc.greater(per_claimant.column("figure_date_count_distinct"), 1))
    told = table.select(["subject_key", "details"]).filter(pc.is_valid(table.column("details")))
    if told.num_rows:  # accounts that may give an identified event's details differently
        per_subject = told.group_by("subject_key", use_threads=False).aggregate(
            [("details", "count_distinct")]
        )
        differ = pc.greater(per_subject.column("details_count_distinct"), 1)
        flagged = pa.concat_tables(
            [flagged.select(["subject_key"]), per_subject.filter(differ).select(["subject_key"])]
        )
    if flagged.num_rows:
        keys = table.column("subject_key").take(pa.array(seg.starts))
        needed |= _bools(pc.is_in(keys, value_set=flagged.column("subject_key").unique()))
    return needed


def _spread(
    lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64], has: npt.NDArray[np.bool_]
) -> pa.Array:
    """:func:`~._figures.ratio_of` per subject: ``hi / lo`` as Python divides integers."""
    values = np.ones(len(lo), dtype=np.float64)
    valid = has & ~((lo == 0) & (hi != 0))
    positive = has & (lo > 0)
    values[positive] = hi[positive].astype(np.float64) / lo[positive].astype(np.float64)
    for i in np.flatnonzero(positive & (hi > _EXACT_FLOAT)):  # beyond float64's integers
        values[i] = int(hi[i]) / int(lo[i])
    return pa.array(values, type=pa.float64(), mask=~valid)


def _fast(table: pa.Table, seg: _Segments, policy: EstimatePolicy) -> pa.Table:
    """The result rows of subjects the columns carry (the module's conditions hold)."""
    n_subjects = len(seg.starts)
    ids = table.column("claim_id").combine_chunks()
    times = _times(table)
    current = _current(table, seg, times)
    quantity = _bools(pc.is_valid(table.column("qualifier")))
    asserts = _bools(pc.equal(table.column("stance"), Stance.ASSERTS.value))
    denies = _bools(pc.equal(table.column("stance"), Stance.DENIES.value))
    figure = quantity & asserts
    compared = figure & current
    low = _ints(table.column("low"), 0)
    open_high = ~_bools(pc.is_valid(table.column("high")))
    high = _ints(table.column("high"), 0)
    value = table.column("figure")
    middle = np.where(open_high, low, low + (high - low) // 2)
    point = np.where(_bools(pc.is_valid(value)), _ints(value, 0), middle)
    point = np.maximum(point, low)
    point = np.where(open_high, point, np.minimum(point, high))

    def bounds(mask: npt.NDArray[np.bool_]) -> tuple[Any, ...]:
        lo, has = seg.reduce(np.minimum, low, mask)
        any_open = seg.count(mask & open_high) > 0
        hi, _ = seg.reduce(np.maximum, high, mask & ~open_high)
        closed = has & ~any_open
        return lo, hi, has, closed

    lo, hi, has, closed = bounds(compared)
    env_lo, env_hi, env_has, env_closed = bounds(figure)
    low_claims = seg.lists(ids, compared & (low == seg.broadcast(lo)))
    high_claims = seg.lists(
        ids,
        compared
        & np.where(seg.broadcast(closed), ~open_high & (high == seg.broadcast(hi)), open_high),
    )
    p_lo, _ = seg.reduce(np.minimum, point, compared)
    p_hi, _ = seg.reduce(np.maximum, point, compared)

    # status: a rising toll is a floor (its high open); details differ: object path
    floor = open_high | _bools(table.column("rising"))
    highest_low, _ = seg.reduce(np.maximum, low, compared)
    lowest_high, any_closed = seg.reduce(np.minimum, high, compared & ~floor)
    overlap = ~any_closed | (highest_low <= lowest_high)
    first = table.take(pa.array(seg.starts))
    counted = _bools(pc.is_in(first.column("subject_type"), value_set=pa.array(_COUNTED)))
    status = np.where(
        has,
        np.where(
            overlap, ReconciliationStatus.CONSISTENT.value, ReconciliationStatus.DIVERGENT.value
        ),
        np.where(
            counted, ReconciliationStatus.UNKNOWN.value, ReconciliationStatus.CONSISTENT.value
        ),
    )
    if denies.any():
        denied = seg.count(denies) > 0
        by_denial = _denial_status(
            table, seg, times=times, current=current, asserts=asserts, denies=denies
        )
        status = np.where(denied, by_denial, status)
    independent = _bools(pc.is_in(table.column("verification"), value_set=pa.array(_INDEPENDENT)))
    third = ~_bools(pc.is_valid(table.column("claimant_side")))
    figures = _Figures(seg, ids, point, compared, independent, third, (lo, hi, has, closed))
    estimate = _estimate(policy, figures)
    columns: dict[str, Any] = {"subject_key": first.column("subject_key")}
    columns |= {name: first.column(name) for name in _SUBJECT_NAMES}
    cur_order = np.asarray(
        pc.sort_indices(
            pa.table({"k": seg.subject_of_row, "c": table.column("claimant_id")}),
            sort_keys=[("k", "ascending"), ("c", "ascending")],
        )
    )
    claimants = table.column("claimant_id").combine_chunks().take(pa.array(cur_order))
    columns |= {
        "reconciliation": pa.array(status, type=pa.string()),
        "claims": _lists(ids, seg.lengths),
        "current": seg.lists(ids, current),
        "superseded": seg.lists(ids, ~current),
        "version_collisions": _lists(pa.array([], pa.string()), np.zeros(n_subjects, np.int64)),
        "claimants": _lists(claimants.filter(pa.array(current[cur_order])), seg.count(current)),
        "current_as_of": seg.lists(
            pc.cast(table.column("figure_date").combine_chunks(), pa.string()), current
        ),
        "not_aligned": _lists(pa.array([], pa.string()), np.zeros(n_subjects, np.int64)),
        "aligned_on": pa.nulls(n_subjects, pa.string()),
        "low": _nullable(lo, has),
        "high": _nullable(hi, closed),
        "low_claims": low_claims,
        "high_claims": high_claims,
        "envelope_low": _nullable(env_lo, env_has),
        "envelope_high": _nullable(env_hi, env_closed),
        "spread": _spread(p_lo, p_hi, has),
        "verified": pa.array(seg.count(independent) > 0),
        "policy": pa.array([policy.name] * n_subjects, type=pa.string()),
        **estimate,
    }
    return pa.table(columns, schema=result_schema())


@dataclasses.dataclass(frozen=True)
class _Figures:
    """The compared figures of every subject, as the policies read them."""

    seg: _Segments
    ids: pa.Array
    point: npt.NDArray[np.int64]
    compared: npt.NDArray[np.bool_]
    independent: npt.NDArray[np.bool_]
    third: npt.NDArray[np.bool_]
    bounds: tuple[Any, ...]
    """The range per subject: low, high, whether it has figures, whether high is closed."""


def _estimate(policy: EstimatePolicy, f: _Figures) -> dict[str, pa.Array]:
    """The estimate columns under a built-in policy (:mod:`._estimates`)."""
    seg, point, compared = f.seg, f.point, f.compared
    lo, hi, has, closed = f.bounds
    if isinstance(policy, ConservativePolicy):
        best, has = seg.reduce(np.minimum, point, compared)
        claims = seg.lists(f.ids, compared & (point == seg.broadcast(best)))
        return _estimate_columns(best, best, best, valid=has, high_valid=has, claims=claims)
    if isinstance(policy, UcdpPolicy):
        rank = np.where(f.independent, 2, np.where(f.third, 1, 0))
        top, _ = seg.reduce(np.maximum, rank, compared)
        best = _median_low(seg, point, compared & (rank == seg.broadcast(top)))
        best = np.maximum(best, lo)
        best = np.where(closed, np.minimum(best, hi), best)
        claims = seg.lists(f.ids, compared)
        return _estimate_columns(lo, best, hi, valid=has, high_valid=closed, claims=claims)
    chosen = compared & (f.independent | f.third)
    p_lo, has = seg.reduce(np.minimum, point, chosen)
    p_hi, _ = seg.reduce(np.maximum, point, chosen)
    best = _median_low(seg, point, chosen)
    claims = seg.lists(f.ids, chosen)
    return _estimate_columns(p_lo, best, p_hi, valid=has, high_valid=has, claims=claims)


def _estimate_columns(
    low: npt.NDArray[np.int64],
    best: npt.NDArray[np.int64],
    high: npt.NDArray[np.int64],
    *,
    valid: npt.NDArray[np.bool_],
    high_valid: npt.NDArray[np.bool_],
    claims: pa.ListArray,
) -> dict[str, pa.Array]:
    empty = pa.array([[]] * len(valid), type=pa.list_(pa.string()))
    return {
        "estimate_low": _nullable(low, valid),
        "estimate_best": _nullable(best, valid),
        "estimate_high": _nullable(high, valid & high_valid),
        "estimate_claims": pc.if_else(pa.array(valid), claims, empty),
    }


_BUILT_IN: Final = (ConservativePolicy, UcdpPolicy, MedianOfIndependentPolicy)


def _objects(table: pa.Table, policy: EstimatePolicy) -> pa.Table:
    """The result rows of the table's claims through the object path."""
    claims = [loads(text, Claim) for text in table.column("claim_json").to_pylist()]
    return result_table(reconcile(claims, policy=policy))


def reconcile_table(table: pa.Table, *, policy: EstimatePolicy, as_of: AsOf | None) -> pa.Table:
    """What :func:`conflictevents.interop.tables.reconcile_table` returns (documented there)."""
    _check(table)
    if as_of is not None:
        table = _said_by(table, as_of)
    if table.num_rows == 0:
        return result_schema().empty_table()
    order = pc.sort_indices(
        table, sort_keys=[("subject_key", "ascending"), ("claim_id", "ascending")]
    )
    table = table.take(order).combine_chunks()
    seg = _Segments(_starts(table.column("subject_key")), table.num_rows)
    if type(policy) not in _BUILT_IN:
        return _objects(table, policy)
    needed = _objects_needed(table, seg)
    by_objects = seg.broadcast(needed)
    parts = []
    if not needed.all():
        fast = table.filter(pa.array(~by_objects))
        parts.append(
            _fast(fast, _Segments(_starts(fast.column("subject_key")), fast.num_rows), policy)
        )
    if needed.any():
        parts.append(_objects(table.filter(pa.array(by_objects)), policy))
    result = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    if len(parts) > 1:
        result = result.take(pc.sort_indices(result, sort_keys=[("subject_key", "ascending")]))
    return result


def _starts(keys: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.int64]:
    """The first row of each run of equal keys."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.ones(n, dtype=np.bool_)
    if n > 1:
        change[1:] = _bools(pc.not_equal(keys.slice(1), keys.slice(0, n - 1)))
    return np.flatnonzero(change)
