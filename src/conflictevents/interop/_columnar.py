"""Reconciliation over an Arrow table: :func:`reconcile_table` (documented in ``tables``).

The object path (:mod:`conflictevents._reconcile`) is the reference; this module
computes the same rows for the subjects whose rules are sorts and segment reductions
over whole columns, and hands every other subject to the object path, decoded from
its ``claim_json``. A subject is computed here only when all of these hold:

- each claim id appears once, copies dropped (a claim given twice: the same id
  and JSON), so there are no versions to order (:mod:`._recency`'s rules: the
  recorded time and content they are ordered by are not columns);
- the accounts of an identified event give its details one way (``details``: else
  they may be disputed);
- the policy is one of the built-in ones.

Then a claimant's current claim is its last by :func:`~._recency.recency` (``as_of``,
stated start, stated end, id; unknown first), the compared figures are the current
asserted ones, or in a cumulative series (:mod:`._alignment`: a claimant gives dated
figures as of two dates) each dated claimant's most recent figure as of the latest
date all of them cover (:class:`_Series`), and range, envelope, spread, status and
estimate follow the formulas of :func:`~._reconcile.range_of`, :func:`~._figures.ratio_of`,
:func:`~._figures.bounds_overlap` (a rising toll read as a floor) and the policies in
:mod:`._estimates`. Where a claim denies, the status is :func:`~._reconcile.status_of`'s:
each current denial is conceded when its party (side, else claimant) asserted the
subject later; else contested if a current claim asserts it, else denied.

Strings are compared once per distinct value: each column is ranked (:func:`_ranks`);
the rows are sorted once by claim id (Arrow's stable string sort), then stably by the
subject key's rank (integers, by radix: :func:`_stable_order`); every subject is then
a contiguous segment, every list column (claims, current, low_claims…) is a filter of
that order cut by per-subject counts, and every number a NumPy ``reduceat`` over the
segments.
"""

from __future__ import annotations

import dataclasses
import functools
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

__all__ = ["objects_needed", "reconcile_table", "result_schema", "result_table"]

_INDEPENDENT: Final = pa.array([v.value for v in Verification if v.is_independent])
_COUNTED: Final = pa.array(["casualty_count", "equipment_loss"])
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


@functools.cache
def result_schema() -> pa.Schema:
    """The schema of :func:`reconcile_table`: ``SUBJECT_COLUMNS`` as Arrow types."""
    return _arrow_schema(
        (name, _RESULT_TYPES[dtype], meaning) for name, dtype, meaning in SUBJECT_COLUMNS
    )


@functools.cache
def _input_schema() -> pa.Schema:
    return _arrow_schema(COLUMNS + RECONCILE_COLUMNS)


_DICTIONARY_NAMES: Final = frozenset(
    name for name, kind, _ in COLUMNS + RECONCILE_COLUMNS if kind.startswith("dictionary")
)


def result_table(reconciliation: Reconciliation) -> pa.Table:
    """A reconciliation's subjects as :func:`reconcile_table` gives them (the object path)."""
    rows = list(_subject_rows(reconciliation, reconciliation.policy))
    return pa.Table.from_pylist(rows, schema=result_schema())


def _checked(table: pa.Table) -> pa.Table:
    """``table``, checked (:func:`_check`); dictionaries holding a null decoded.

    Arrow cannot unify the dictionaries of a column's chunks when they hold a null
    (other writers may put one there: this library writes nulls as null indices).
    """
    _check(table)
    for index, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type) and field.name in _DICTIONARY_NAMES:
            column = table.column(index)
            if any(chunk.dictionary.null_count for chunk in column.chunks):
                text = column.cast(field.type.value_type)
                table = table.set_column(index, field.with_type(text.type), text)
    return table


def _check(table: pa.Table) -> None:
    """Raise if a column the reconciliation reads is missing or of another type."""
    schema = table.schema
    for field in _input_schema():
        index = schema.get_field_index(field.name)
        if index < 0:
            msg = (
                f"reconcile_table needs the column {field.name!r}: write the table with "
                "to_arrow(claims, reconcilable=True)"
            )
            raise ValueError(msg)
        found = schema.field(index).type
        if not _accepted(found, field.type):
            expected = (
                f"{field.type} or {field.type.value_type}"
                if pa.types.is_dictionary(field.type)
                else str(field.type)
            )
            msg = f"column {field.name!r} is {found}, expected {expected}"
            raise ValueError(msg)


def _accepted(found: pa.DataType, wanted: pa.DataType) -> bool:
    """Whether a column of type ``found`` is read as ``wanted``.

    A dictionary-encoded column (``subject_key``, ``claimant_id``) is also read as
    plain text, as earlier versions wrote it to tables and Parquet files, and with
    any integer index type.
    """
    if found == wanted:
        return True
    if not pa.types.is_dictionary(wanted):
        return False
    values: pa.DataType = wanted.value_type
    return bool(found == values or (pa.types.is_dictionary(found) and found.value_type == values))


def _text(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A text column as plain strings (a dictionary-encoded one decoded)."""
    if pa.types.is_dictionary(column.type):
        return pc.cast(column, column.type.value_type)
    return column


def _said_by(table: pa.Table, as_of: AsOf) -> pa.Table:
    """The rows certainly said by ``as_of`` (the rule of :mod:`._as_of`)."""
    by_wall, limit = _limit(as_of)
    column = table.column("stated_end_wall" if by_wall else "stated_end")
    micros = pc.cast(column, pa.int64())
    return table.filter(pc.less_equal(micros, pa.scalar(limit, pa.int64())))


def _ints(column: pa.ChunkedArray, fill: int) -> npt.NDArray[np.int64]:
    return np.asarray(pc.fill_null(pc.cast(column, pa.int64()), fill), dtype=np.int64)


def _bools(column: pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    return np.asarray(pc.fill_null(column, pa.scalar(value=False)), dtype=np.bool_)


def _valid(column: pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    return np.asarray(pc.is_valid(column), dtype=np.bool_)


def _ranks(column: pa.ChunkedArray) -> npt.NDArray[np.int64]:
    """Each row's rank among the column's distinct values, sorted (nulls last).

    Equal values get equal ranks, so integers sort the rows as the strings do
    (``pc.sort_indices`` orders strings by their UTF-8 bytes: code point order, as
    Python sorts them); each distinct string is compared once, not once per row.
    A dictionary-encoded column is read through its dictionary (a value given twice
    in it ranks as its equal; none holds a null: :func:`_checked`).
    """
    # a dictionary column is returned as it is: only its dictionaries are unified
    encoded = pc.dictionary_encode(column).unify_dictionaries()  # one for every chunk
    dictionary = encoded.chunk(0).dictionary  # no null in it
    by_value = np.asarray(pc.sort_indices(dictionary), dtype=np.int64)
    ordered = dictionary.take(pa.array(by_value))
    new = np.ones(len(ordered) + 1, dtype=np.bool_)  # and a null index, after all
    if len(ordered) > 1:
        new[1:-1] = _bools(pc.not_equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1)))
    dense = np.cumsum(new) - 1
    rank = np.empty(len(dictionary) + 1, dtype=np.int64)
    rank[by_value] = dense[:-1]
    rank[-1] = dense[-1]  # a null: index -1
    indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks])
    ranked: npt.NDArray[np.int64] = rank[np.asarray(pc.fill_null(indices, -1), np.int64)]
    return ranked


_DIGIT: Final = 16
"""Bits sorted per pass by :func:`_stable_order` (NumPy sorts 16-bit integers by radix)."""


def _stable_order(keys: npt.NDArray[np.int64], bound: int) -> npt.NDArray[np.int64]:
    """``numpy.argsort(keys, kind="stable")`` for integers in ``[0, bound)``.

    Least significant digit first, 16 bits a pass: each pass is a stable radix sort,
    linear in the rows, where a comparison sort of ``int64`` is not.
    """
    order = np.arange(len(keys), dtype=np.int64)
    shift = 0
    while True:
        digit = ((keys[order] >> shift) & (2**_DIGIT - 1)).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += _DIGIT
        if bound <= 1 << shift:
            return order


def _claim_ranks(ids: pa.Array, subject: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Dense ranks of ``ids`` sorted by (``subject``, id): equal ids of a subject, equal ranks."""
    new = np.ones(len(ids), dtype=np.bool_)
    if len(ids) > 1:
        new[1:] = _bools(pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1)))
        new[1:] |= subject[1:] != subject[:-1]
    ranks: npt.NDArray[np.int64] = np.cumsum(new) - 1
    return ranks


def _lists(values: pa.Array, counts: npt.NDArray[np.int64]) -> pa.ListArray:
    """``values`` cut into consecutive lists of ``counts`` items."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _take_rows(table: pa.Table, indices: npt.NDArray[np.int64]) -> pa.Table:
    """``table.take(indices)``, each record batch read where it is.

    Arrow's ``take`` concatenates a column's chunks first, copying every row; this
    takes each batch's rows from that batch, then puts them in the order asked.
    """
    batches = table.to_batches()
    if len(batches) <= 1:
        return table.take(pa.array(indices))
    ends = np.cumsum([batch.num_rows for batch in batches])
    which = np.searchsorted(ends, indices, side="right")
    by_batch = np.argsort(indices)  # by batch, and each batch read in its order
    counts = np.bincount(which, minlength=len(batches))
    parts = []
    for batch, picked, end in zip(
        batches, np.split(indices[by_batch], np.cumsum(counts)[:-1]), ends, strict=True
    ):
        parts.append(batch.take(pa.array(picked - (end - batch.num_rows))))
    back = np.empty(len(indices), dtype=np.int64)
    back[by_batch] = np.arange(len(indices))
    gathered = pa.Table.from_batches(parts, schema=table.schema).combine_chunks()
    return gathered.take(pa.array(back))


def _empty_lists(n: int) -> pa.ListArray:
    return _lists(pa.array([], pa.string()), np.zeros(n, np.int64))


class _Segments:
    """Rows in subject order: per-subject reductions and lists of any row subset."""

    def __init__(self, subject: npt.NDArray[np.int64]) -> None:
        n = len(subject)
        change = np.ones(n, dtype=np.bool_)
        change[1:] = subject[1:] != subject[:-1]
        self.starts = np.flatnonzero(change)
        self.lengths = np.diff(np.append(self.starts, n))
        self.subject_of_row: npt.NDArray[np.int64] = np.cumsum(change) - 1

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


_READ: Final = (
    "subject_key", "claim_id", "claimant_id", "claimant_side", "as_of", "stated_start",
    "stated_end", "figure_date", "details", "rising", "stance", "qualifier", "low", "high",
    "figure", "verification",
)  # fmt: skip
"""The columns read row by row (the subject's own columns are read once per subject)."""

_UNKNOWN: Final = np.iinfo(np.int64).min
"""Where a time is unknown: before every instant, as recency's dawn."""


@dataclasses.dataclass(frozen=True)
class _Rows:
    """The claims as NumPy columns, sorted by (subject key, claim id).

    Strings are ranks (:func:`_ranks`); times are microseconds (:func:`_times`);
    ``order`` is each row's index in the table read.
    """

    order: npt.NDArray[np.int64]
    ids: pa.Array
    """The claim ids, in this order."""
    subject: npt.NDArray[np.int64]
    claim: npt.NDArray[np.int64]
    """Per row, the rank of its id among the ids of its subject and the subjects before."""
    claimant: npt.NDArray[np.int64]
    party: npt.NDArray[np.int64]
    """Who asserts or denies, for concessions: the side, else the claimant."""
    details: npt.NDArray[np.int64]
    told: npt.NDArray[np.bool_]
    """Whether the row gives an identified event's details."""
    as_of: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    day: npt.NDArray[np.int64]
    dated: npt.NDArray[np.bool_]
    asserts: npt.NDArray[np.bool_]
    denies: npt.NDArray[np.bool_]
    quantity: npt.NDArray[np.bool_]
    low: npt.NDArray[np.int64]
    high: npt.NDArray[np.int64]
    open_high: npt.NDArray[np.bool_]
    point: npt.NDArray[np.int64]
    rising: npt.NDArray[np.bool_]
    independent: npt.NDArray[np.bool_]
    third: npt.NDArray[np.bool_]

    @classmethod
    def read(cls, table: pa.Table) -> _Rows:
        """The rows of ``table`` (the columns :func:`_check` checked), in key and id order."""
        col = {name: table.column(name) for name in _READ}  # chunks left as they are
        subject = _ranks(col["subject_key"])
        # ids are mostly distinct: one stable string sort, then the subject ranks
        # (small integers) sorted stably by radix: rows in (key, id) order
        by_id = np.asarray(pc.sort_indices(col["claim_id"]), dtype=np.int64)
        bound = int(subject.max(initial=0)) + 1
        order = by_id[_stable_order(subject[by_id], bound)]
        ids = table.column("claim_id").take(pa.array(order)).combine_chunks()
        claimant = _ranks(col["claimant_id"])
        side_known = _valid(col["claimant_side"])
        side = _ranks(col["claimant_side"])
        start = pc.coalesce(col["stated_start"], col["stated_end"])
        low = _ints(col["low"], 0)
        high = _ints(col["high"], 0)
        open_high = ~_valid(col["high"])
        value = _ints(col["figure"], 0)
        point = np.where(open_high, low, low + (high - low) // 2)
        point = np.where(_valid(col["figure"]), value, point)
        point = np.maximum(point, low)
        point = np.where(open_high, point, np.minimum(point, high))
        stance = col["stance"]
        values: dict[str, npt.NDArray[Any]] = {
            "subject": subject,
            "claimant": claimant,
            "party": np.where(side_known, side, side.max(initial=0) + 1 + claimant),
            "details": _ranks(col["details"]),
            "told": _valid(col["details"]),
            "as_of": _ints(col["as_of"], _UNKNOWN),
            "start": _ints(start, _UNKNOWN),
            "end": _ints(pc.coalesce(col["stated_end"], start), _UNKNOWN),
            "day": _ints(pc.cast(col["figure_date"], pa.int32()), 0),
            "dated": _valid(col["figure_date"]),
            "asserts": _bools(pc.equal(stance, Stance.ASSERTS.value)),
            "denies": _bools(pc.equal(stance, Stance.DENIES.value)),
            "quantity": _valid(col["qualifier"]),
            "low": low,
            "high": high,
            "open_high": open_high,
            "point": point,
            "rising": _bools(col["rising"]),
            "independent": _bools(pc.is_in(col["verification"], value_set=_INDEPENDENT)),
            "third": ~side_known,
        }
        sorted_values = {name: v[order] for name, v in values.items() if name != "subject"}
        # in key order, each rank repeated as many times as it occurs: no gather
        sorted_values["subject"] = np.repeat(
            np.arange(bound, dtype=np.int64), np.bincount(subject, minlength=bound)
        )
        return cls(
            order=order,
            ids=ids,
            claim=_claim_ranks(ids, sorted_values["subject"]),
            **sorted_values,
        )

    @functools.cached_property
    def seg(self) -> _Segments:
        return _Segments(self.subject)

    def take(self, keep: npt.NDArray[np.bool_]) -> _Rows:
        """The rows in ``keep``, still in order."""
        kept = {
            f.name: getattr(self, f.name)[keep] for f in dataclasses.fields(self) if f.name != "ids"
        }
        return _Rows(ids=self.ids.filter(pa.array(keep)), **kept)

    def when(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Per row of ``rows``, its rank among them by :func:`~._recency.recency`'s times.

        Equal times, equal ranks.
        """
        as_of, start, end = self.as_of[rows], self.start[rows], self.end[rows]
        order = np.lexsort((end, start, as_of))
        step = np.ones(len(order), dtype=np.bool_)
        for times in (as_of[order], start[order], end[order]):
            step[1:] &= times[1:] == times[:-1]
        step = ~step
        step[:1] = False
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.cumsum(step)
        return rank

    def current(self) -> npt.NDArray[np.bool_]:
        """Each claimant's latest row per subject (:func:`~._recency.latest`).

        Latest by ``as_of``, then stated start, then stated end, then id (the row
        order): each a per-group maximum among the rows still tied, no sort.
        """
        group = self.subject * (int(self.claimant.max(initial=0)) + 1) + self.claimant
        current = np.zeros(len(group), dtype=np.bool_)
        current[_last_of(group, (self.as_of, self.start, self.end))] = True
        return current

    def repeats(self) -> npt.NDArray[np.bool_]:
        """Per row but the first, whether it has the same id and subject as the row before.

        Rows are in (key, id) order: a repeated id is next to its twin.
        """
        same: npt.NDArray[np.bool_] = (self.claim[1:] == self.claim[:-1]) & (
            self.subject[1:] == self.subject[:-1]
        )
        return same

    def objects_needed(self) -> npt.NDArray[np.bool_]:
        """Per subject, whether the object path must compute it (the module's conditions)."""
        seg = self.seg
        row = np.zeros(len(self.order), dtype=np.bool_)
        row[1:] = self.repeats()
        needed = seg.count(row) > 0
        # accounts that give an identified event's details differently
        lowest, told = seg.reduce(np.minimum, self.details, self.told)
        highest, _ = seg.reduce(np.maximum, self.details, self.told)
        needed |= told & (lowest != highest)
        return needed


def _last_of(
    group: npt.NDArray[np.int64], keys: tuple[npt.NDArray[np.int64], ...]
) -> npt.NDArray[np.int64]:
    """The index of each group's last row by ``keys`` (compared in turn), ties the last row.

    No sort: per group, the largest first key, then among the rows holding it the
    largest second key, and so on; the row index decides what is still tied. In
    ascending row order; every key is above ``_UNKNOWN`` or equal to it.
    """
    encoded = pc.dictionary_encode(pa.array(group, type=pa.int64()))
    dense = np.asarray(encoded.indices, dtype=np.int64)
    tied = np.arange(len(dense), dtype=np.int64)
    for values in (*keys, None):
        key = tied if values is None else values[tied]
        best = np.full(len(encoded.dictionary), _UNKNOWN, dtype=np.int64)
        np.maximum.at(best, dense[tied], key)
        tied = tied[key == best[dense[tied]]]
    return tied


_PACKED: Final = 2**62
"""Below this, a group and a rank are packed in one int64 and sorted in one pass."""


def _latest(group: npt.NDArray[np.int64], when: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The index of each group's last row by ``when``, of tied rows the last given.

    Sorted by group.
    """
    span = int(when.max(initial=0)) + 1
    if (int(group.max(initial=0)) + 1) * span < _PACKED:
        order = np.argsort(group * span + when, kind="stable")
    else:  # pragma: no cover - only for trillions of (group, time) pairs
        order = np.lexsort((when, group))
    last = np.ones(len(order), dtype=np.bool_)
    ordered = group[order]
    last[:-1] = ordered[1:] != ordered[:-1]
    latest: npt.NDArray[np.int64] = order[last]
    return latest


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


_STATUSES: Final = pa.array([status.value for status in ReconciliationStatus], pa.string())
_CODE: Final = {status: code for code, status in enumerate(ReconciliationStatus)}
"""Each status's index in ``_STATUSES``: statuses are computed as these integers."""


def _denial_status(
    rows: _Rows, current: npt.NDArray[np.bool_], denied: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Per subject, the status :func:`~._reconcile.status_of` gives when a claim denies.

    Read only where a claim of the subject denies (``denied``, per subject); as
    ``_CODE`` integers.

    Conceded when each current denial's party (its side, else its claimant) asserted
    the subject later (by recency's times); else contested when a current claim
    asserts it; else denied.
    """
    seg = rows.seg
    key = seg.subject_of_row * (int(rows.party.max(initial=0)) + 1) + rows.party
    # only the subjects where a claim denies are read (the caller's answer elsewhere)
    read = np.flatnonzero(seg.broadcast(denied))
    when = np.zeros(len(rows.order), dtype=np.int64)
    when[read] = rows.when(read)
    asserts = np.flatnonzero(rows.asserts & seg.broadcast(denied))
    latest = asserts[_latest(key[asserts], when[asserts])]  # each party's last, by key
    standing = np.flatnonzero(current & rows.denies)
    at = np.searchsorted(key[latest], key[standing])
    found = at < len(latest)
    found[found] = key[latest][at[found]] == key[standing][found]
    conceded = np.zeros(len(standing), dtype=np.bool_)
    conceded[found] = when[latest[at[found]]] > when[standing[found]]
    every = np.bincount(seg.subject_of_row[standing], minlength=len(seg.starts))
    ceded = np.bincount(seg.subject_of_row[standing[conceded]], minlength=len(seg.starts))
    return np.where(
        every == ceded,
        _CODE[ReconciliationStatus.CONCEDED],
        np.where(
            seg.count(current & rows.asserts) > 0,
            _CODE[ReconciliationStatus.CONTESTED],
            _CODE[ReconciliationStatus.DENIED],
        ),
    )


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


@dataclasses.dataclass(frozen=True)
class _Series:
    """The cumulative series of every subject (the rule of :mod:`._alignment`).

    A dated figure (``figure_date``) is as of its date; a subject is a series when a
    claimant gives dated figures as of two dates; its aligned date is the latest date
    every claimant with a dated figure covers, and each of them is compared by its most
    recent figure (by recency) as of that date.
    """

    grows: npt.NDArray[np.bool_]
    """Per subject, whether it is a cumulative series."""
    day: npt.NDArray[np.int64]
    has_day: npt.NDArray[np.bool_]
    """Per subject, the aligned date (days since the epoch), and whether there is one."""
    chosen: npt.NDArray[np.bool_]
    """Per row, whether it is its claimant's figure as of the aligned date."""

    @classmethod
    def of(cls, rows: _Rows, figure: npt.NDArray[np.bool_]) -> _Series:
        """The series of ``rows`` (each claim id once), ``figure`` the asserted figures."""
        seg = rows.seg
        n_subjects = len(seg.starts)
        dated = np.flatnonzero(rows.dated & figure)
        by = dated[
            np.lexsort(
                tuple(
                    key[dated]
                    for key in (
                        rows.claim, rows.end, rows.start, rows.as_of, rows.day, rows.claimant,
                        rows.subject,
                    )
                )
            )
        ]  # fmt: skip
        subject, claimant, day = seg.subject_of_row[by], rows.claimant[by], rows.day[by]
        new_claimant = np.ones(len(by), dtype=np.bool_)
        new_claimant[1:] = (subject[1:] != subject[:-1]) | (claimant[1:] != claimant[:-1])
        new_day = new_claimant.copy()
        new_day[1:] |= day[1:] != day[:-1]
        grows = np.zeros(n_subjects, dtype=np.bool_)
        grows[subject[new_day & ~new_claimant]] = True
        # each claimant's most recent figure per date: the last of its (claimant, date) run
        last = np.append(new_day[1:], values=True) if len(by) else new_day
        candidate = by[last]
        c_subject, c_day = seg.subject_of_row[candidate], rows.day[candidate]
        claimants = np.bincount(subject[new_claimant], minlength=n_subjects)
        by_day = np.lexsort((c_day, c_subject))
        s, d = c_subject[by_day], c_day[by_day]
        run = np.ones(len(s), dtype=np.bool_)
        run[1:] = (s[1:] != s[:-1]) | (d[1:] != d[:-1])
        starts = np.flatnonzero(run)
        covered = np.diff(np.append(starts, len(s)))  # claimants covering each (subject, date)
        full = covered == claimants[s[starts]]
        s_full, d_full = s[starts][full], d[starts][full]  # sorted by subject, then date
        latest = np.append(s_full[1:] != s_full[:-1], values=True) if len(s_full) else full[:0]
        aligned = np.zeros(n_subjects, dtype=np.int64)
        has_day = np.zeros(n_subjects, dtype=np.bool_)
        aligned[s_full[latest]] = d_full[latest]
        has_day[s_full[latest]] = True
        chosen = np.zeros(len(rows.order), dtype=np.bool_)
        at = candidate[has_day[c_subject] & (c_day == aligned[c_subject])]
        chosen[at] = True
        return cls(grows=grows, day=aligned, has_day=has_day, chosen=chosen)

    def aligned_on(self) -> pa.Array:
        """Per subject, the aligned date as ISO text; null when not a series or none."""
        days = pa.array(self.day.astype(np.int32), mask=~(self.grows & self.has_day))
        return pc.cast(days.view(pa.date32()), pa.string())


def _fast(rows: _Rows, table: pa.Table, policy: EstimatePolicy) -> pa.Table:
    """The result rows of subjects the columns carry (the module's conditions hold)."""
    seg = rows.seg
    n_subjects = len(seg.starts)
    current = rows.current()
    figure = rows.quantity & rows.asserts
    series = _Series.of(rows, figure)
    in_series = seg.broadcast(series.grows)
    compared = np.where(in_series, series.chosen, figure & current)
    low, high, open_high = rows.low, rows.high, rows.open_high

    def bounds(mask: npt.NDArray[np.bool_]) -> tuple[Any, ...]:
        lo, has = seg.reduce(np.minimum, low, mask)
        any_open = seg.count(mask & open_high) > 0
        hi, _ = seg.reduce(np.maximum, high, mask & ~open_high)
        closed = has & ~any_open
        return lo, hi, has, closed

    lo, hi, has, closed = bounds(compared)
    env_lo, env_hi, env_has, env_closed = bounds(figure)
    ids = rows.ids
    low_claims = seg.lists(ids, compared & (low == seg.broadcast(lo)))
    high_claims = seg.lists(
        ids,
        compared
        & np.where(seg.broadcast(closed), ~open_high & (high == seg.broadcast(hi)), open_high),
    )
    p_lo, _ = seg.reduce(np.minimum, rows.point, compared)
    p_hi, _ = seg.reduce(np.maximum, rows.point, compared)

    # status: a rising toll is a floor (its high open); details differ: object path
    floor = open_high | rows.rising
    highest_low, _ = seg.reduce(np.maximum, low, compared)
    lowest_high, any_closed = seg.reduce(np.minimum, high, compared & ~floor)
    overlap = ~any_closed | (highest_low <= lowest_high)
    first = _take_rows(table.select(["subject_key", *_SUBJECT_NAMES]), rows.order[seg.starts])
    counted = _bools(pc.is_in(first.column("subject_type"), value_set=_COUNTED))
    status = np.where(
        has,
        np.where(
            overlap, _CODE[ReconciliationStatus.CONSISTENT], _CODE[ReconciliationStatus.DIVERGENT]
        ),
        np.where(
            counted, _CODE[ReconciliationStatus.UNKNOWN], _CODE[ReconciliationStatus.CONSISTENT]
        ),
    )
    if rows.denies.any():
        denied = seg.count(rows.denies) > 0
        status = np.where(denied, _denial_status(rows, current, denied), status)
    figures = _Figures(seg, ids, rows, compared, (lo, hi, has, closed))
    estimate = _estimate(policy, figures)
    columns: dict[str, Any] = {name: _text(first.column(name)) for name in first.column_names}
    standing = np.flatnonzero(current)
    by_claimant = standing[np.lexsort((rows.claimant[standing], rows.subject[standing]))]
    claimants = table.column("claimant_id").take(pa.array(rows.order[by_claimant]))
    figure_dates = table.column("figure_date").take(pa.array(rows.order[standing]))
    columns |= {
        "reconciliation": _STATUSES.take(pa.array(status)),
        "claims": _lists(ids, seg.lengths),
        "current": seg.lists(ids, current),
        "superseded": seg.lists(ids, ~current),
        "version_collisions": _empty_lists(n_subjects),
        "claimants": _lists(_text(claimants.combine_chunks()), seg.count(current)),
        "current_as_of": _lists(
            pc.cast(figure_dates.combine_chunks(), pa.string()), seg.count(current)
        ),
        "not_aligned": seg.lists(ids, in_series & current & figure & ~series.chosen),
        "aligned_on": series.aligned_on(),
        "low": _nullable(lo, has),
        "high": _nullable(hi, closed),
        "low_claims": low_claims,
        "high_claims": high_claims,
        "envelope_low": _nullable(env_lo, env_has),
        "envelope_high": _nullable(env_hi, env_closed),
        "spread": _spread(p_lo, p_hi, has),
        "verified": pa.array(seg.count(rows.independent) > 0),
        "policy": pa.repeat(pa.scalar(policy.name, pa.string()), n_subjects),
        **estimate,
    }
    return pa.table(columns, schema=result_schema())


@dataclasses.dataclass(frozen=True)
class _Figures:
    """The compared figures of every subject, as the policies read them."""

    seg: _Segments
    ids: pa.Array
    rows: _Rows
    compared: npt.NDArray[np.bool_]
    bounds: tuple[Any, ...]
    """The range per subject: low, high, whether it has figures, whether high is closed."""


def _estimate(policy: EstimatePolicy, f: _Figures) -> dict[str, pa.Array]:
    """The estimate columns under a built-in policy (:mod:`._estimates`)."""
    seg, point, compared = f.seg, f.rows.point, f.compared
    independent, third = f.rows.independent, f.rows.third
    lo, hi, has, closed = f.bounds
    if isinstance(policy, ConservativePolicy):
        best, has = seg.reduce(np.minimum, point, compared)
        claims = seg.lists(f.ids, compared & (point == seg.broadcast(best)))
        return _estimate_columns(best, best, best, valid=has, high_valid=has, claims=claims)
    if isinstance(policy, UcdpPolicy):
        rank = np.where(independent, 2, np.where(third, 1, 0))
        top, _ = seg.reduce(np.maximum, rank, compared)
        best = _median_low(seg, point, compared & (rank == seg.broadcast(top)))
        best = np.maximum(best, lo)
        best = np.where(closed, np.minimum(best, hi), best)
        claims = seg.lists(f.ids, compared)
        return _estimate_columns(lo, best, hi, valid=has, high_valid=closed, claims=claims)
    chosen = compared & (independent | third)
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
    return {
        "estimate_low": _nullable(low, valid),
        "estimate_best": _nullable(best, valid),
        "estimate_high": _nullable(high, valid & high_valid),
        "estimate_claims": pc.if_else(pa.array(valid), claims, _empty_lists(len(valid))),
    }


_BUILT_IN: Final = (ConservativePolicy, UcdpPolicy, MedianOfIndependentPolicy)


def _objects(texts: pa.ChunkedArray | pa.Array, policy: EstimatePolicy) -> pa.Table:
    """The result rows of the claims in ``texts`` (JSON) through the object path."""
    claims = [loads(text, Claim) for text in texts.to_pylist()]
    return result_table(reconcile(claims, policy=policy))


def reconcile_table(table: pa.Table, *, policy: EstimatePolicy, as_of: AsOf | None) -> pa.Table:
    """What :func:`conflictevents.interop.tables.reconcile_table` returns (documented there)."""
    table = _checked(table)
    if as_of is not None:
        table = _said_by(table, as_of)
    if table.num_rows == 0:
        return result_schema().empty_table()
    if type(policy) not in _BUILT_IN:
        return _objects(table.column("claim_json"), policy)
    rows = _distinct_rows(table)
    needed = rows.seg.broadcast(rows.objects_needed())
    parts = []
    if not needed.all():
        parts.append(_fast(rows.take(~needed) if needed.any() else rows, table, policy))
    if needed.any():
        texts = table.column("claim_json").take(pa.array(rows.order[needed]))
        parts.append(_objects(texts, policy))
    if len(parts) == 1:
        return parts[0]
    result = pa.concat_tables(parts)
    return result.take(pc.sort_indices(result, sort_keys=[("subject_key", "ascending")]))


def _distinct_rows(table: pa.Table) -> _Rows:
    """The rows of a checked, non-empty ``table``, a claim given twice kept once."""
    return _without_duplicates(_Rows.read(table), table.column("claim_json"))


def _without_duplicates(rows: _Rows, texts: pa.ChunkedArray) -> _Rows:
    """The rows without the copies of a claim given twice (the same id and JSON).

    The object path keeps one of equal claims (:func:`~._recency.add`); equal JSON is
    the same claim. Versions of one id that differ stay, for the object path.
    """
    twin = np.flatnonzero(rows.repeats())
    if len(twin) == 0:
        return rows
    later = texts.take(pa.array(rows.order[twin + 1]))
    earlier = texts.take(pa.array(rows.order[twin]))
    copy = np.zeros(len(rows.order), dtype=np.bool_)
    copy[twin + 1] = _bools(pc.equal(later, earlier))
    return rows.take(~copy)


def objects_needed(table: pa.Table) -> int:
    """How many subjects of ``table`` :func:`reconcile_table` hands to the object path."""
    table = _checked(table)
    if table.num_rows == 0:
        return 0
    return int(_distinct_rows(table).objects_needed().sum())
