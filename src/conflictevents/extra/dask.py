"""Reconciling claims with Dask: partition by partition, then merge.

Install the extra (``pip install conflictevents[dask]``). Because
:meth:`~conflictevents.Reconciliation.merge` is commutative, associative and
idempotent, a bag of claims reconciles partition by partition and the partial results
merge in any order or tree shape into exactly what :func:`~conflictevents.reconcile`
gives in one process::

    import dask
    from conflictevents.extra.dask import read_claims, reconcile_bag

    bag = read_claims("claims-*.jsonl")
    with dask.config.set(scheduler="processes", num_workers=2):
        result = reconcile_bag(bag)

Each partition's claims must fit in one worker's memory; the partial results hold
every claim, so the merged result must fit in the caller's.

For data sets larger than the caller's memory, :func:`reconcile_files` reconciles by
subject where the data is: each line travels once (as bytes, in one ``bytes`` object
per block and partition) to the partition that holds its subject, each subject is
reconciled there, and the results are written by the workers (JSON Lines or Parquet,
one file per partition, on any fsspec path); the caller receives only a
:class:`Summary`::

    from conflictevents.extra.dask import reconcile_files

    summary = reconcile_files("s3://bucket/claims-*.jsonl", "s3://bucket/reconciled/")
"""

from __future__ import annotations

import collections
import functools
import io
import itertools
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, NamedTuple

import attrs
import dask
import dask.bag as db
from dask.bytes import read_bytes  # type: ignore[attr-defined,unused-ignore]

from conflictevents import (
    CONSERVATIVE,
    Claim,
    EstimatePolicy,
    JsonLinesReader,
    Reconciliation,
    ValidationError,
    dumps,
    loads,
    reconcile,
    subject_key,
)
from conflictevents._as_of import AsOf
from conflictevents._assessments import Assessment
from conflictevents._json import MAX_DOCUMENT_BYTES, _codec
from conflictevents._json_fast import Memo
from conflictevents._jsonl import _BOM_BYTES, _read_lines
from conflictevents._shards import collector_paused, line_keyer, read_shard, shard_of

__all__ = ["Summary", "read_claims", "reconcile_bag", "reconcile_files"]


def _parse_block(
    block: bytes,
    *,
    first: bool,
    lenient: bool,
    type: Any = Claim,  # noqa: A002, ANN401 - read_jsonl's word
) -> list[Any]:
    """The claims of one block of bytes, read as :func:`~conflictevents.read_jsonl` reads.

    Blank lines are skipped, and so is a format header, but only as a file's first line
    (``first``: the block at offset 0). Line numbers would count from the block, not the
    file, so errors carry none. The lines are cut as ``read_jsonl`` cuts a file's, as
    bytes with their line ends (which count towards the document limit), so that a line
    is refused, or not, exactly as it would be there.
    """
    lines = _read_lines(io.BytesIO(block))
    reader = JsonLinesReader(
        lines if first else itertools.chain([b""], lines), type=type, lenient=lenient
    )
    try:
        return list(reader)
    except ValidationError as error:
        raise ValidationError(error.errors) from None


def _byte_blocks(paths: str | Sequence[str], blocksize: int | str | None) -> list[tuple[Any, bool]]:
    """Each block of the files, cut at line ends (a delayed ``bytes``); is it a file's first?"""
    _sample, files = read_bytes(  # type: ignore[no-untyped-call,unused-ignore]
        paths, delimiter=b"\n", blocksize=blocksize, sample=False
    )
    return [(block, i == 0) for blocks in files for i, block in enumerate(blocks)]


def read_claims(
    paths: str | Sequence[str], *, blocksize: int | str | None = "64MiB", lenient: bool = False
) -> db.Bag:
    """A bag of the claims in JSON Lines files, one partition per block.

    Lines are read as :func:`~conflictevents.read_jsonl` reads them: blank lines and the
    format header that :func:`~conflictevents.write_jsonl` writes first are skipped, and
    a header naming a newer format or any other line that is not a valid claim raises
    :class:`~conflictevents.ValidationError` when the bag is computed.

    Args:
        paths: A path, a glob (``"claims-*.jsonl"``) or a list of paths.
        blocksize: Bytes per partition (``None``: one partition per file).
        lenient: Ignore unknown fields (files from a newer version).

    Returns:
        A :class:`dask.bag.Bag` of :class:`~conflictevents.Claim`.
    """
    parts = [
        dask.delayed(_parse_block)(block, first=first, lenient=lenient)  # type: ignore[attr-defined]
        for block, first in _byte_blocks(paths, blocksize)
    ]
    if not parts:  # empty files only
        empty: db.Bag = db.from_sequence([], npartitions=1)  # type: ignore[no-untyped-call]
        return empty
    claims: db.Bag = db.from_delayed(parts)  # type: ignore[no-untyped-call]
    return claims


_PROCESS_SCHEDULERS = frozenset({"processes", "multiprocessing"})


def _reconcile_partition(
    claims: Iterable[Claim], *, policy: EstimatePolicy, pack: bool
) -> list[Reconciliation | bytes]:
    result = reconcile(claims, policy=policy)
    return [pickle.dumps(result, pickle.HIGHEST_PROTOCOL) if pack else result]


def _unpack(part: Reconciliation | bytes) -> Reconciliation:
    if isinstance(part, bytes):
        # Bytes this module's own tasks pickled, never outside input.
        result: Reconciliation = pickle.loads(part)  # noqa: S301
        return result
    return part


def reconcile_bag(
    bag: db.Bag, *, policy: EstimatePolicy = CONSERVATIVE, pack: bool | None = None
) -> Reconciliation:
    """Reconcile a bag of claims: each partition on its own, then merge the results.

    The result equals ``reconcile(bag.compute(), policy=policy)`` whatever the
    partitioning and scheduler. The partitions are reconciled by Dask's current
    scheduler (set it with ``dask.config.set(scheduler=...)`` or a
    ``distributed.Client``); their results are merged here, in the caller, which
    takes a small fraction of the time (subjects found in one partition only are
    taken as they are). With processes, the claims, the results and ``policy`` travel
    by pickle.

    Args:
        bag: A bag of :class:`~conflictevents.Claim`.
        policy: The estimate policy (see :func:`~conflictevents.reconcile`).
        pack: Return each partition's result as pickled bytes. Dask's process
            scheduler moves one bytes object several times faster than the many small
            objects of a result; ``None`` (the default) packs exactly when the
            configured scheduler is ``"processes"``.

    Returns:
        The :class:`~conflictevents.Reconciliation` of every claim in the bag.
    """
    if pack is None:
        pack = dask.config.get("scheduler", None) in _PROCESS_SCHEDULERS
    partials = bag.map_partitions(  # type: ignore[no-untyped-call]
        functools.partial(_reconcile_partition, policy=policy, pack=pack)
    ).compute()
    result = Reconciliation(policy=policy.name)
    for part in partials:
        result = result.merge(_unpack(part), policy=policy)
    return result


# -- by subject, where the data is ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class Summary:
    """What :func:`reconcile_files` wrote: counts only, never the results themselves.

    Attributes:
        output: The folder the results were written to.
        files: The files written, one per partition (an empty partition writes none).
        subjects: How many subjects were reconciled (one result each).
        claims: How many distinct claims the results hold.
        statuses: How many subjects have each status (its value, e.g. ``"divergent"``).
        assessments: How many assessments the results hold: those listed with their
            subjects, and the unmatched ones (of subjects no claim is about), which are
            written to ``unmatched-assessments.jsonl`` (or ``.parquet``), the last of
            ``files``.
        unmatched_assessments: How many of those are unmatched.
    """

    output: str
    files: tuple[str, ...]
    subjects: int
    claims: int
    statuses: Mapping[str, int]
    assessments: int = 0
    unmatched_assessments: int = 0


_RECORDS = Claim | Assessment  # what reconcile_files reads, as the CLI's reconcile does


_PIECES = 8  # pieces per partition, reconciled one after the other (a worker holds one)


def _keyed_block(
    block: bytes, *, first: bool, shards: int, lenient: bool
) -> tuple[tuple[bytes, ...], ...]:
    """The claim lines of one block of bytes, by shard and piece: ``bytes`` per piece.

    Each claim line goes to the shard of its subject key, read from its subject alone
    (:func:`~conflictevents._shards.line_keyer`, one memo per block); the claim
    is decoded, and checked, once, in its shard. Within its shard, a line goes to one of
    :data:`_PIECES` pieces, by the same hash (:func:`~conflictevents._shards.shard_of`
    with ``shards * _PIECES``, whose remainder by ``shards`` is the shard), so that a
    subject's lines are in one piece of every block. Item ``i`` holds shard ``i``'s
    pieces, each its lines joined by newlines: a few big ``bytes`` cost next to nothing
    to move between workers, where millions of small strings cost more than the work.
    A line keyed no such way (a blank line; a bad one; one at the document limit, its
    newline counted; a file's first line, ``first``, which may start with a byte order
    mark and be the format header) is read whole here, with its newline, as
    :func:`~conflictevents.read_jsonl` reads it.
    """
    with collector_paused():
        fine = shards * _PIECES
        found: list[list[bytes]] = [[] for _ in range(fine)]
        key_of = line_keyer({})
        where: dict[str, int] = {}  # each key's fine shard, hashed once per block
        lines = block.split(b"\n")
        for number, line in enumerate(lines, 1):
            header = first and number == 1
            # A line's newline counts towards the document limit, as read_jsonl counts it.
            key = None if header or len(line) >= MAX_DOCUMENT_BYTES else key_of(line)
            if key is None:
                if not line:
                    continue  # the end of the block, or an empty line
                ended = line + b"\n" if number < len(lines) else line
                key = _read_key(ended, header=header, lenient=lenient)
                if key is None:
                    continue  # a header, or a blank line
                if header:
                    line = line.removeprefix(_BOM_BYTES)  # noqa: PLW2901
            shard = where.get(key)
            if shard is None:
                shard = where[key] = shard_of(key, fine)
            found[shard].append(line)
        # found[piece * shards + shard]: the remainder by shards of the fine shard.
        return tuple(
            tuple(b"\n".join(found[piece * shards + shard]) for piece in range(_PIECES))
            for shard in range(shards)
        )


def _read_key(line: bytes, *, header: bool, lenient: bool) -> str | None:
    """The subject key of a line read whole, as read_jsonl reads it (``None``: skip it)."""
    records = _parse_block(line, first=header, lenient=lenient, type=_RECORDS)
    return subject_key(records[0].subject) if records else None


class _Row(NamedTuple):
    """One subject's result as written, with what the summary and Parquet need of it."""

    key: str
    status: str
    low: int | None
    high: int | None
    claims: int
    json: str
    assessments: int


class _Shard(NamedTuple):
    """One partition's rows, and its assessments of subjects no claim is about."""

    rows: list[_Row]
    unmatched: Reconciliation


def _reconcile_shard(
    parts: Sequence[Sequence[bytes]],
    *,
    policy: EstimatePolicy,
    as_of: AsOf | None,
    lenient: bool,
) -> _Shard:
    """The rows of the subjects of one shard, sorted by key (each result encoded once).

    ``parts`` are the shard's pieces from each block, as :func:`_keyed_block` made them.
    The pieces are reconciled one after the other (piece ``p`` of every block together:
    a subject's claims are all in one piece), so that only one piece's claims and
    results are held as objects at a time; their rows, encoded, are then sorted.
    """
    memo = _codec().memo()  # one for the whole shard, as one reader keeps for a file
    rows: list[_Row] = []
    unmatched: list[Reconciliation] = []
    for piece in range(_PIECES):
        lines = ((None, line) for part in parts if part[piece] for line in part[piece].split(b"\n"))
        piece_rows, piece_unmatched = _reconcile_piece(
            lines, policy=policy, as_of=as_of, lenient=lenient, memo=memo
        )
        rows += piece_rows
        unmatched.append(piece_unmatched)
    rows.sort(key=lambda row: row.key)
    return _Shard(rows, functools.reduce(Reconciliation.merge, unmatched))


def _reconcile_piece(
    lines: Iterable[tuple[int | None, bytes]],
    *,
    policy: EstimatePolicy,
    as_of: AsOf | None,
    lenient: bool,
    memo: Memo,
) -> _Shard:
    """The rows of the subjects of one piece of a shard, and its unmatched assessments."""
    records, errors = read_shard(lines, type=_RECORDS, lenient=lenient, memo=memo)
    if errors:
        raise ValidationError(errors[0].errors)
    result = reconcile(records, policy=policy, as_of=as_of)
    del records
    rows = [
        _Row(
            key=subject.key,
            status=subject.status.value,
            low=None if subject.range is None else subject.range.low,
            high=None if subject.range is None else subject.range.high,
            claims=len(subject.claims),
            json=dumps(subject),
            assessments=len(subject.assessments),
        )
        for subject in result
    ]
    unmatched = Reconciliation(
        policy=result.policy, unmatched_assessments=result.unmatched_assessments, as_of=result.as_of
    )
    return _Shard(rows, unmatched)


def _subject_type() -> Any:  # noqa: ANN401 - the class, imported late (lazy namespace)
    from conflictevents import SubjectReconciliation  # noqa: PLC0415

    return SubjectReconciliation


def _write_parquet(rows: list[_Row], path: str) -> None:
    """One Parquet file of results: key, status, range and the whole result as JSON."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415

    types = {"low": pa.int64(), "high": pa.int64(), "claims": pa.int64()}
    _write_table(
        {
            name: pa.array([getattr(r, name) for r in rows], types.get(name, pa.string()))
            for name in _PARQUET_COLUMNS
        },
        path,
    )


_PARQUET_COLUMNS = ("key", "status", "low", "high", "claims", "json")


def _write_table(columns: Mapping[str, Any], path: str) -> None:
    """One Parquet file of these columns (Arrow arrays, or lists of strings)."""
    import fsspec  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415
    import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415

    with fsspec.open(path, "wb") as handle:
        pq.write_table(pa.table(dict(columns)), handle)


def reconcile_files(
    inputs: str | Sequence[str],
    output: str,
    *,
    policy: EstimatePolicy = CONSERVATIVE,
    as_of: AsOf | None = None,
    partitions: int | None = None,
    blocksize: int | str | None = "64MiB",
    format: Literal["jsonl", "parquet"] = "jsonl",  # noqa: A002 - the CLI's word
    lenient: bool = False,
) -> Summary:
    """Reconcile JSON Lines files by subject on the workers and write the results there.

    Each block of input bytes is read (:func:`dask.bytes.read_bytes`) and split by
    partition where Dask schedules it: every claim line goes, as its bytes, to the
    partition of its subject (a stable hash of :func:`~conflictevents.subject_key`),
    the lines of one block for one partition joined into one ``bytes`` object; each
    partition takes its object from every block, reconciles its subjects and writes
    them, sorted by key, to one file in ``output``. Every subject is reconciled from
    all its claims in one place, so the files hold exactly what ``reconcile`` of all
    the claims in one process holds: read every file and sort by key, and each line
    equals ``dumps`` of that subject. The caller holds only the :class:`Summary`.

    A partition is reconciled in 8 pieces by subject key, one after the other, so that a
    worker holds one piece's claims as objects at a time. Python's cyclic garbage
    collector is paused while a block is keyed and while a partition is reconciled (in
    the whole worker process; it runs again when the task ends): those objects hold no
    reference cycles, and its passes over them cost a fifth of the work.

    Paths are fsspec URLs (``s3://``, ``gs://``, ``memory://``, local paths), as Dask
    reads them: a glob, a list, or one big file split into ``blocksize`` blocks.

    Args:
        inputs: JSON Lines files of claims and assessments (as ``conflictevents
            reconcile`` reads them; an event is refused).
        output: A folder: ``part-00000.jsonl`` (or ``.parquet``) … are written in it.
        policy: The estimate policy (see :func:`~conflictevents.reconcile`).
        as_of: What had been said by then (see :func:`~conflictevents.reconcile`).
        partitions: How many partitions the claims are shuffled into, and so how many
            result files at most (default: as many as input blocks).
        blocksize: Bytes per input block (``None``: one block per file).
        format: ``"jsonl"`` (one result per line, as ``conflictevents reconcile
            --format json`` writes) or ``"parquet"`` (columns ``key``, ``status``,
            ``low``, ``high``, ``claims`` and the whole result as ``json``).
        lenient: Ignore unknown fields (files from a newer version).

    Returns:
        The :class:`Summary` of what was written.

    Raises:
        conflictevents.ValidationError: A line is neither a valid claim nor a valid
            assessment: the first such line of the inputs in order, with its line number
            and (in a note) its file, as ``read_jsonl`` reports it; to find it, the caller
            reads the files again once a run has failed.
    """
    if format not in ("jsonl", "parquet"):
        raise ValueError(f"format: {format!r} is neither 'jsonl' nor 'parquet'")
    blocks = _byte_blocks(inputs, blocksize)
    shards = partitions or max(1, len(blocks))
    keyed = [
        dask.delayed(_keyed_block, nout=shards)(  # type: ignore[attr-defined]
            block, first=first, shards=shards, lenient=lenient
        )
        for block, first in blocks
    ]
    root = output.rstrip("/")
    names = [f"{root}/part-{i:05}.{format}" for i in range(shards)]
    shard = functools.partial(_reconcile_shard, policy=policy, as_of=as_of, lenient=lenient)
    # The all-to-all: partition i takes item i of every block's shards (a getitem task
    # beside each block, so that only that item moves to the partition's worker).
    writes = [
        dask.delayed(_write_partition)(  # type: ignore[attr-defined]
            [parts[i] for parts in keyed], name, format, shard
        )
        for i, name in enumerate(names)
    ]
    unmatched_name = f"{root}/unmatched-assessments.{format}"
    gathered = dask.delayed(_write_unmatched)(writes, unmatched_name, format)  # type: ignore[attr-defined]
    try:
        written, unmatched = gathered.compute()
    except ValidationError as error:
        raise (_first_bad_line(inputs, lenient=lenient) or error) from None
    subjects = claims = assessments = 0
    statuses: collections.Counter[str] = collections.Counter()
    files = []
    for name, (n_subjects, n_claims, counts, n_assessments) in zip(names, written, strict=True):
        if n_subjects:
            files.append(name)
        subjects += n_subjects
        claims += n_claims
        assessments += n_assessments
        statuses.update(counts)
    if unmatched:
        files.append(unmatched_name)
    return Summary(
        output=root,
        files=tuple(files),
        subjects=subjects,
        claims=claims,
        statuses=dict(statuses),
        assessments=assessments + unmatched,
        unmatched_assessments=unmatched,
    )


def _first_bad_line(inputs: str | Sequence[str], *, lenient: bool) -> ValidationError | None:
    """The error ``read_jsonl`` raises for the first bad line of the inputs, read in order.

    A worker's error names no line (its lines come from several blocks and files): the
    caller reads the files again, only when a run failed, to say which line of which file
    (a note on the error) is the first one read as ``reconcile`` reads them refuses.
    """
    import fsspec  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415

    for file in fsspec.open_files(inputs, "rb"):
        with file as handle:
            reader = JsonLinesReader(_read_lines(handle), type=_RECORDS, lenient=lenient)
            try:
                for _record in reader:
                    pass
            except ValidationError as error:
                error.add_note(f"in {file.full_name}")
                return error
    return None


class _Written(NamedTuple):
    """What one partition wrote (counts), and its unmatched assessments (not written)."""

    counts: tuple[int, int, dict[str, int], int]  # subjects, claims, statuses, assessments
    unmatched: Reconciliation


def _write_partition(
    parts: list[tuple[bytes, ...]],
    path: str,
    format: str,  # noqa: A002
    reconcile_shard: Callable[[list[tuple[bytes, ...]]], _Shard],
) -> _Written:
    """Reconcile one partition's shard and write its results (none: no file); count them."""
    with collector_paused():
        rows, unmatched = reconcile_shard(parts)
    if not rows:
        return _Written((0, 0, {}, 0), unmatched)
    if format == "parquet":
        _write_parquet(rows, path)
    else:
        _write_lines((row.json for row in rows), path)
    statuses = collections.Counter(row.status for row in rows)
    counts = (
        len(rows),
        sum(row.claims for row in rows),
        dict(statuses),
        sum(row.assessments for row in rows),
    )
    return _Written(counts, unmatched)


def _write_lines(lines: Iterable[str], path: str) -> None:
    import fsspec  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415

    with fsspec.open(path, "w", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)


def _write_unmatched(
    written: list[_Written],
    path: str,
    format: str,  # noqa: A002
) -> tuple[list[tuple[int, int, dict[str, int], int]], int]:
    """Write the assessments no claim's subject matches, gathered from every partition.

    They are merged as :meth:`~conflictevents.Reconciliation.merge` merges them (of
    two with one id, the later stated is kept), as one process keeps them, and written
    sorted by id: JSON Lines (as ``conflictevents reconcile --format json`` writes them
    after the subjects), or Parquet (columns ``key`` of the subject, ``id`` and ``json``).
    Every partition's counts are handed on.
    """
    rest = functools.reduce(Reconciliation.merge, (w.unmatched for w in written))
    unmatched = rest.unmatched_assessments
    if unmatched and format == "parquet":
        _write_table(
            {
                "key": [subject_key(a.subject) for a in unmatched],
                "id": [a.id for a in unmatched],
                "json": [dumps(a) for a in unmatched],
            },
            path,
        )
    elif unmatched:
        _write_lines((dumps(a) for a in unmatched), path)
    return [w.counts for w in written], len(unmatched)


def read_results(output: str) -> Iterator[Any]:
    """The results :func:`reconcile_files` wrote in ``output``, sorted by subject key."""
    import fsspec  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415

    fs, root = fsspec.core.url_to_fs(output)
    found: list[Any] = []
    for path in sorted(fs.glob(f"{root.rstrip('/')}/part-*.jsonl")):
        with fs.open(path, "r", encoding="utf-8") as handle:
            found.extend(loads(line, type=_subject_type()) for line in handle if line.strip())
    return iter(sorted(found, key=lambda s: s.key))
