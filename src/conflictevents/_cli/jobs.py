"""``reconcile --jobs N``: the claims of JSON Lines files reconciled by N processes.

Two rounds over a pool of processes, with the shards of :mod:`conflictevents._shards`
(the partition :mod:`conflictevents.extra.dask` uses too):

1. *Scan*: each file is cut into blocks of whole lines; a process reads a block, keys
   each claim and assessment line by its subject alone and writes its text to the
   block's spill file, grouped by the shard of that key (the line numbers beside it);
   any other line (an event, a bad line, the header) is read whole there, as the
   one-process reader reads it.
2. *Reconcile*: a process reads the lines of one shard from every block's spill file,
   decodes, checks and reconciles them, and writes its subjects, rendered in the output
   format, to the shard's spill file.

The spill files are in a private temporary folder (``tempfile``: ``TMPDIR`` or the
system's), removed when the run ends, however it ends. This process never holds a
line: it cuts the files, hands out where each shard's lines are, and writes the
subjects of all shards in key order, read back one at a time: exactly what ``--jobs 1``
writes, problems included (printed in file and line order once all is read).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import csv
import functools
import heapq
import io
import itertools
import os
import pickle
import stat
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast

from conflictevents._as_of import AsOf, said_in
from conflictevents._assessments import Assessment
from conflictevents._claims import Claim
from conflictevents._estimates import BUILTIN_POLICIES
from conflictevents._json import _codec, dumps, loads
from conflictevents._jsonl import _BOM_BYTES, JsonLinesReader, _read_lines
from conflictevents._reconcile import Reconciliation, SubjectReconciliation, reconcile
from conflictevents._shards import KeyMemo, collector_paused, line_keyer, read_shard, shard_of
from conflictevents._subject_keys import subject_key
from conflictevents.exceptions import ReconciliationError, ValidationError

from .io import STDIN, InputFormat, Problem, detect_format
from .output import OutputError
from .render import _csv_rows, write_csv, write_table

__all__ = ["MIN_BLOCK_BYTES", "Outcome", "applies", "jobs_count", "run"]

MIN_BLOCK_BYTES = 1 << 20
"""A file is cut into blocks of at least this many bytes (a small file is one block)."""

_MAX_BLOCK_BYTES = 64 << 20  # a block is read whole by its process: its memory
_BLOCKS_PER_JOB = 4
_SHARDS_PER_JOB = 8  # many small shards, largest first, even out the processes' work
_LINES = ".lines"  # a block's spill file: its keyed lines, shard after shard
_NUMBERS = ".numbers"  # their line numbers in the block (``array("q")``), alike


def jobs_count(text: str) -> int:
    """Read ``--jobs``: a number of processes (at least 1), or ``auto`` (one per core)."""
    if text == "auto":
        return (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        )
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} processes: give 1 or more (or auto)")
    return count


def applies(names: Sequence[str], input_format: InputFormat | None) -> bool:
    """Whether the files can be read in blocks: regular JSON Lines files that can be opened.

    Standard input, pipes (``<(zcat claims.jsonl.gz)``) and other files that cannot
    be read at an offset, JSON documents, and files that cannot be read go through one
    process, which reports them as it always does.
    """
    for name in names:
        if name == STDIN or detect_format(name, input_format) is not InputFormat.JSONL:
            return False
        try:
            # Never open a pipe here: that would block, or take its data from the reader.
            if not stat.S_ISREG(Path(name).stat().st_mode):
                return False
            with Path(name).open("rb"):
                pass
        except OSError:
            return False
    return True


# -- round 1: scan blocks -----------------------------------------------------------------


class _Block(NamedTuple):
    file: int  # its place among the files given
    name: str
    start: int
    end: int


class _Scan(NamedTuple):
    """What one block holds: line and record counts, its problems, where its shards are."""

    lines: int
    records: int
    events: int
    problems: list[tuple[int, list[Problem]]]  # (line in the block, the record's problems)
    fatal: bool  # a header naming a newer format: the file stops here
    shards: list[tuple[int, int]]  # per shard: (bytes, lines) in the block's spill files


class _SpillError(OSError):
    """The spill folder could not be written (a full disk): raised in a worker."""


def _blocks(index: int, name: str, size: int, jobs: int) -> list[_Block]:
    """The file cut into blocks of whole lines, each starting right after a newline.

    At least ``_BLOCKS_PER_JOB`` blocks per process, none larger than about
    ``_MAX_BLOCK_BYTES`` (a process holds its block), none smaller than
    :data:`MIN_BLOCK_BYTES`.
    """
    wanted = max(jobs * _BLOCKS_PER_JOB, -(-size // _MAX_BLOCK_BYTES))
    count = max(1, min(wanted, size // MIN_BLOCK_BYTES))
    cuts = [0]
    with Path(name).open("rb") as handle:
        for i in range(1, count):
            handle.seek(size * i // count - 1)
            handle.readline()
            cut = handle.tell()
            if cuts[-1] < cut < size:
                cuts.append(cut)
    cuts.append(size)
    return [_Block(index, name, a, b) for a, b in itertools.pairwise(cuts)]


def _problems(error: ValidationError, name: str, *, debug: bool) -> list[Problem]:
    """The problems of a bad record (and its traceback on stderr with ``--debug``)."""
    _report(error, debug=debug)
    return [Problem(file=name, line=error.line, path=p, message=m) for p, m in error.errors]


_MEMO: KeyMemo = {}  # a worker's subjects met, shared by the blocks it scans


@collector_paused()
def _scan(block: _Block, index: int, shards: int, spill: str, *, debug: bool) -> _Scan:
    """Round 1 for one block, the ``index``-th (in a worker process).

    Its keyed lines go to its spill files, each ending in a newline, shard by shard.
    """
    with Path(block.name).open("rb") as handle:
        handle.seek(block.start)
        data = handle.read(block.end - block.start)
    decode = _codec().decode
    found: list[list[bytes]] = [[] for _ in range(shards)]
    numbers = [array("q") for _ in range(shards)]
    problems: list[tuple[int, list[Problem]]] = []
    records = events = number = 0
    key_of = line_keyer(_MEMO)
    lines = cast("Iterator[bytes]", _read_lines(io.BytesIO(data)))
    for number, line in enumerate(lines, 1):
        header = number == 1 and block.start == 0
        key = None if header else key_of(line)
        if key is not None:
            records += 1
            shard = shard_of(key, shards)
            found[shard].append(_ended(line))
            numbers[shard].append(number)
            continue
        if header:
            # A file's first line: its BOM and header as the one-process reader sees them.
            reader = JsonLinesReader([line], on_error="collect")
            try:
                items = list(reader)
            except ValidationError as fatal:
                problems.append((1, _problems(fatal, block.name, debug=debug)))
                return _Scan(1, 1, 0, problems, True, [(0, 0)] * shards)  # noqa: FBT003
            errors = reader.errors
        else:
            try:
                items, errors = [decode(line, None, line=number)], []
            except ValidationError as bad:
                if not line.strip(b" \t\r\n"):
                    continue  # blank
                items, errors = [], [bad]
        for error in errors:
            records += 1
            problems.append((number, _problems(error, block.name, debug=debug)))
        for item in items:
            records += 1
            if isinstance(item, Claim | Assessment):
                text = line.removeprefix(_BOM_BYTES) if number == 1 else line
                shard = shard_of(subject_key(item.subject), shards)
                found[shard].append(_ended(text))
                numbers[shard].append(number)
            else:
                events += 1
    spans = _spill(spill, index, found, numbers)
    return _Scan(number, records, events, problems, False, spans)  # noqa: FBT003


def _spill_file(spill: str, name: str) -> Path:
    """A file of the spill folder."""
    return Path(spill, name)


def _ended(line: bytes) -> bytes:
    """The line with its newline (only a file's last line may have none)."""
    return line if line.endswith(b"\n") else line + b"\n"


def _spill(
    spill: str, index: int, found: list[list[bytes]], numbers: list[array[int]]
) -> list[tuple[int, int]]:
    """Write a block's lines by shard, and their numbers: each shard's (bytes, lines)."""
    try:
        with _spill_file(spill, f"{index}{_LINES}").open("wb") as lines:
            for shard in found:
                lines.writelines(shard)
        with _spill_file(spill, f"{index}{_NUMBERS}").open("wb") as handle:
            for shard_numbers in numbers:
                shard_numbers.tofile(handle)
    except OSError as exc:
        raise _SpillError(exc.errno, exc.strerror) from None
    return [(sum(map(len, lines)), len(lines)) for lines in found]


def _report(error: ValidationError, *, debug: bool) -> None:
    if debug:
        import traceback  # noqa: PLC0415

        traceback.print_exception(error, file=sys.stderr)


# -- round 2: reconcile shards ------------------------------------------------------------


class _Part(NamedTuple):
    """Where the lines of one shard from one block are, with where the block starts."""

    file: int
    name: str
    first_line: int  # the file's line number of the block's line 1
    block: int  # the block's index: its spill files
    byte_start: int  # the shard's first byte in the block's lines
    byte_size: int  # and its bytes
    line_start: int  # the shard's first line among the block's numbers
    line_count: int  # and its lines


class _Reconciled(NamedTuple):
    """What one shard gives back: its problems, counts, and its subjects rendered."""

    problems: list[tuple[int, int, list[Problem]]]  # (file, line, problems)
    invalid: int
    claims: int
    kept_claims: int
    assessments: int
    kept_assessments: int
    subjects: int  # how many (key, text) pairs, sorted by key, its spill file holds
    path: str  # that file
    rest: Reconciliation  # the shard's assessments of subjects no claim is about
    error: str | None


def _render(result: Reconciliation, output_format: str) -> list[tuple[str, str]]:
    """Each subject's text in the output (a table is laid out whole: JSON then)."""
    if output_format != "csv":
        return [(s.key, dumps(s)) for s in result]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    pieces: list[tuple[str, str]] = []
    key = None
    for row in _csv_rows(result):
        if row[0] != key and key is not None:
            pieces.append((key, out.getvalue()))
            out.seek(0)
            out.truncate()
        key = cast("str", row[0])
        writer.writerow(row)
    if key is not None:
        pieces.append((key, out.getvalue()))
    return pieces


def _part_lines(spill: str, part: _Part) -> Iterator[tuple[int, bytes]]:
    """The lines of a part, each with its line number in the file."""
    with _spill_file(spill, f"{part.block}{_LINES}").open("rb") as handle:
        handle.seek(part.byte_start)
        lines = handle.read(part.byte_size).split(b"\n")
    lines.pop()  # after the last newline
    numbers = array("q")
    with _spill_file(spill, f"{part.block}{_NUMBERS}").open("rb") as handle:
        handle.seek(part.line_start * numbers.itemsize)
        numbers.fromfile(handle, part.line_count)
    return zip(map((part.first_line - 1).__add__, numbers), lines, strict=True)


@collector_paused()
def _reconcile_shard(
    shard: tuple[int, list[_Part]],
    spill: str,
    policy: str,
    as_of: AsOf | None,
    output_format: str,
    *,
    debug: bool,
) -> _Reconciled:
    """Round 2 for one shard (in a worker process): its subjects go to its spill file."""
    index, parts = shard
    path = str(_spill_file(spill, f"shard-{index}"))
    problems: list[tuple[int, int, list[Problem]]] = []
    records: list[Claim | Assessment] = []
    memo = _codec().memo()  # one for the whole shard, as one reader keeps for a file
    for part in parts:
        decoded, errors = read_shard(_part_lines(spill, part), memo=memo)
        records += decoded
        problems.extend(
            (part.file, error.line or 0, _problems(error, part.name, debug=debug))
            for error in errors
        )
    invalid = len(problems)
    claims = sum(1 for r in records if not isinstance(r, Assessment))
    assessments = len(records) - claims
    kept_claims, kept_assessments = claims, assessments
    if as_of is not None:
        records = list(said_in(records, as_of))
        kept_claims = sum(1 for r in records if not isinstance(r, Assessment))
        kept_assessments = len(records) - kept_claims
    counts = (invalid, claims, kept_claims, assessments, kept_assessments)
    try:
        result = reconcile(records, policy=BUILTIN_POLICIES[policy], as_of=as_of)
    except ReconciliationError as exc:
        return _Reconciled(problems, *counts, 0, path, Reconciliation(policy=policy), str(exc))
    del records
    rest = Reconciliation(
        policy=result.policy, unmatched_assessments=result.unmatched_assessments, as_of=result.as_of
    )
    subjects = _render(result, output_format)
    try:
        with Path(path).open("wb") as handle:
            for subject in subjects:
                pickle.dump(subject, handle, pickle.HIGHEST_PROTOCOL)
    except OSError as exc:
        raise _SpillError(exc.errno, exc.strerror) from None
    return _Reconciled(problems, *counts, len(subjects), path, rest, None)


# -- the whole run ------------------------------------------------------------------------


class Outcome(NamedTuple):
    """What the run found, for the command to report and write like ``--jobs 1`` does."""

    files: int
    records: int
    invalid: int
    empty: int
    events: int
    problems: list[Problem]  # in file and line order
    claims: int  # the claims read (valid ones), before ``as_of``
    kept_claims: int
    assessments: int
    kept_assessments: int
    error: str | None  # a ReconciliationError's message
    write: Any  # the writer of the output: ``write(out)``


@contextlib.contextmanager
def run(args: argparse.Namespace, jobs: int) -> Iterator[Outcome]:
    """Read and reconcile ``args.files`` with ``jobs`` processes (see the module).

    The outcome's ``write`` reads the spill folder, which is removed when the block
    ends (normally, on an error or on an interrupt). A spill file that cannot be
    written (a full disk) is an :class:`OutputError` naming the folder.
    """
    names = list(args.files)
    blocks = [
        block
        for index, name in enumerate(names)
        for block in _blocks(index, name, Path(name).stat().st_size, jobs)
    ]
    shards = jobs * _SHARDS_PER_JOB
    debug = bool(getattr(args, "debug", False))
    with tempfile.TemporaryDirectory(prefix="conflictevents-jobs-") as spill:
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs)
        try:
            scan = functools.partial(_scan, shards=shards, spill=spill, debug=debug)
            scans = list(pool.map(scan, blocks, range(len(blocks))))
            found = _gather(blocks, scans, shards, len(names))
            reconcile_one = functools.partial(
                _reconcile_shard,
                spill=spill,
                policy=args.policy,
                as_of=args.as_of,
                output_format=args.output_format,
                debug=debug,
            )
            results = _largest_first(pool, reconcile_one, found.parts)
        except _SpillError as exc:
            raise OutputError(f"{spill} (the spill folder of --jobs)", exc) from None
        finally:  # workers still running would write into a folder being removed
            pool.shutdown(wait=True, cancel_futures=True)
        yield _outcome(names, found, results, args.output_format)


def _largest_first(
    pool: concurrent.futures.Executor,
    reconcile_one: Callable[[tuple[int, list[_Part]]], _Reconciled],
    parts: list[list[_Part]],
) -> list[_Reconciled]:
    """Round 2: the shards handed out largest first (in bytes), their results in order.

    A process that is done takes the next largest: the last shards to start are the
    smallest, so the processes end close together.
    """
    order = sorted(range(len(parts)), key=lambda s: -sum(p.byte_size for p in parts[s]))
    done = pool.map(reconcile_one, ((shard, parts[shard]) for shard in order))
    by_shard = dict(zip(order, done, strict=True))
    return [by_shard[shard] for shard in range(len(parts))]


class _Gathered(NamedTuple):
    """What round 1 found in all blocks, and the parts of each shard for round 2."""

    records: int
    events: int
    per_file: list[int]  # records
    problems: list[tuple[int, int, list[Problem]]]  # (file, line, problems)
    parts: list[list[_Part]]  # by shard


def _gather(blocks: list[_Block], scans: list[_Scan], shards: int, files: int) -> _Gathered:
    """The scans of all blocks put together, line numbers counted from each file's start."""
    problems: list[tuple[int, int, list[Problem]]] = []
    parts: list[list[_Part]] = [[] for _ in range(shards)]
    records = events = 0
    per_file = [0] * files
    first_line = 1
    stopped: set[int] = set()
    for index, (block, scan) in enumerate(zip(blocks, scans, strict=True)):
        if block.start == 0:
            first_line = 1
        if block.file in stopped:
            continue
        records += scan.records
        per_file[block.file] += scan.records
        events += scan.events
        offset = first_line - 1
        for number, found in scan.problems:
            problems.append((block.file, offset + number, _at(found, offset + number)))
        start = first = 0
        for shard, (size, count) in enumerate(scan.shards):
            if count:
                part = _Part(block.file, block.name, first_line, index, start, size, first, count)
                parts[shard].append(part)
            start += size
            first += count
        if scan.fatal:
            stopped.add(block.file)
        first_line += scan.lines
    return _Gathered(records, events, per_file, problems, parts)


def _outcome(
    names: list[str], found: _Gathered, results: list[_Reconciled], output_format: str
) -> Outcome:
    problems = found.problems
    for result in results:
        problems += result.problems
    invalid = len(problems)
    empty = [index for index, count in enumerate(found.per_file) if not count]
    for index in empty:  # after the file's other problems, as one process reports it
        problem = Problem(file=names[index], message="empty file, no records")
        problems.append((index, sys.maxsize, [problem]))
    problems.sort(key=lambda problem: problem[:2])
    return Outcome(
        files=len(names),
        records=found.records,
        invalid=invalid,
        empty=len(empty),
        events=found.events,
        problems=[problem for _file, _line, found in problems for problem in found],
        claims=sum(r.claims for r in results),
        kept_claims=sum(r.kept_claims for r in results),
        assessments=sum(r.assessments for r in results),
        kept_assessments=sum(r.kept_assessments for r in results),
        error=next((r.error for r in results if r.error is not None), None),
        write=functools.partial(_write, results, output_format),
    )


def _at(found: list[Problem], line: int) -> list[Problem]:
    return [Problem(file=p.file, line=line, path=p.path, message=p.message) for p in found]


def _subjects(result: _Reconciled) -> Iterator[tuple[str, str]]:
    """The (key, text) pairs of one shard, read back from its spill file one at a time."""
    if not result.subjects:
        return
    with Path(result.path).open("rb") as handle:
        for _ in range(result.subjects):
            yield pickle.load(handle)  # noqa: S301 - written by this run, in a private folder


def _in_key_order(results: list[_Reconciled]) -> Iterator[tuple[str, str]]:
    """The subjects of every shard in key order (a key in two shards is a bug: it stops)."""
    previous = None
    for key, text in heapq.merge(*map(_subjects, results)):
        if previous is not None and key <= previous:
            msg = f"subject {key!r} was reconciled in two shards"
            raise AssertionError(msg)
        previous = key
        yield key, text


def _write(results: list[_Reconciled], output_format: str, out: Any) -> None:  # noqa: ANN401
    rest = functools.reduce(Reconciliation.merge, (r.rest for r in results))
    if output_format == "json":
        for _key, text in _in_key_order(results):
            out.write(text + "\n")
        for assessment in rest.unmatched_assessments:
            out.write(dumps(assessment) + "\n")
    elif output_format == "csv":
        write_csv(Reconciliation(policy=rest.policy), out)  # the header row
        for _key, text in _in_key_order(results):
            out.write(text)
    else:
        subjects = tuple(loads(text, SubjectReconciliation) for _k, text in _in_key_order(results))
        write_table(
            Reconciliation(
                policy=rest.policy,
                subjects=subjects,
                unmatched_assessments=rest.unmatched_assessments,
                as_of=rest.as_of,
            ),
            out,
        )
