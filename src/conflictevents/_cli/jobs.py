"""``reconcile --jobs N``: the claims of JSON Lines files reconciled by N processes.

Two rounds over a pool of processes, with the shards of :mod:`conflictevents._shards`
(the partition :mod:`conflictevents.extra.dask` uses too):

1. *Scan*: each file is cut into blocks of whole lines; a process reads a block, keys
   each claim and assessment line by its subject alone and puts its text in the shard
   of that key; any other line (an event, a bad line, the header) is read whole there,
   as the one-process reader reads it.
2. *Reconcile*: a process decodes, checks and reconciles the lines of one shard and
   renders its subjects in the output format.

This process only cuts the files, hands the lines on, and writes the subjects of all
shards in key order: exactly what ``--jobs 1`` writes, problems included (printed in
file and line order once all is read).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import functools
import heapq
import io
import itertools
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast

from conflictevents._as_of import AsOf, said_in
from conflictevents._assessments import Assessment
from conflictevents._claims import Claim
from conflictevents._estimates import BUILTIN_POLICIES
from conflictevents._json import _codec, dumps, loads
from conflictevents._jsonl import JsonLinesReader, _read_lines
from conflictevents._reconcile import Reconciliation, SubjectReconciliation, reconcile
from conflictevents._shards import KeyMemo, line_key, read_shard, shard_of
from conflictevents._subject_keys import subject_key
from conflictevents.exceptions import ReconciliationError, ValidationError

from .io import STDIN, InputFormat, Problem, detect_format
from .render import _csv_rows, write_csv, write_table

__all__ = ["MIN_BLOCK_BYTES", "Outcome", "applies", "jobs_count", "run"]

MIN_BLOCK_BYTES = 1 << 20
"""A file is cut into blocks of at least this many bytes (a small file is one block)."""

_BOM = b"\xef\xbb\xbf"
_BLOCKS_PER_JOB = 4
_SHARDS_PER_JOB = 2


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
    """What one block holds: line and record counts, its problems, its lines by shard."""

    lines: int
    records: int
    events: int
    problems: list[tuple[int, list[Problem]]]  # (line in the block, the record's problems)
    fatal: bool  # a header naming a newer format: the file stops here
    shards: list[list[tuple[int, bytes]]]


def _blocks(index: int, name: str, size: int, jobs: int) -> list[_Block]:
    """The file cut into blocks of whole lines, each starting right after a newline."""
    count = max(1, min(jobs * _BLOCKS_PER_JOB, size // MIN_BLOCK_BYTES))
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


def _scan(block: _Block, shards: int, *, debug: bool) -> _Scan:
    """Round 1 for one block (in a worker process)."""
    with Path(block.name).open("rb") as handle:
        handle.seek(block.start)
        data = handle.read(block.end - block.start)
    decode = _codec().decode
    found: list[list[tuple[int, bytes]]] = [[] for _ in range(shards)]
    problems: list[tuple[int, list[Problem]]] = []
    records = events = number = 0
    memo: KeyMemo = {}
    lines = cast("Iterator[bytes]", _read_lines(io.BytesIO(data)))
    for number, line in enumerate(lines, 1):
        key = None if number == 1 and block.start == 0 else line_key(line, memo)
        if key is not None:
            records += 1
            found[shard_of(key, shards)].append((number, line))
            continue
        if number == 1 and block.start == 0:
            # A file's first line: its BOM and header as the one-process reader sees them.
            reader = JsonLinesReader([line], on_error="collect")
            try:
                items = list(reader)
            except ValidationError as fatal:
                problems.append((1, _problems(fatal, block.name, debug=debug)))
                return _Scan(1, 1, 0, problems, True, found)  # noqa: FBT003
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
                text = line.removeprefix(_BOM) if number == 1 else line
                found[shard_of(subject_key(item.subject), shards)].append((number, text))
            else:
                events += 1
    return _Scan(number, records, events, problems, False, found)  # noqa: FBT003


def _report(error: ValidationError, *, debug: bool) -> None:
    if debug:
        import traceback  # noqa: PLC0415

        traceback.print_exception(error, file=sys.stderr)


# -- round 2: reconcile shards ------------------------------------------------------------


class _Part(NamedTuple):
    """The lines of one shard from one block, with where the block starts."""

    file: int
    name: str
    first_line: int  # the file's line number of the block's line 1
    lines: list[tuple[int, bytes]]


class _Reconciled(NamedTuple):
    """What one shard gives back: its problems, counts, and its subjects rendered."""

    problems: list[tuple[int, int, list[Problem]]]  # (file, line, problems)
    invalid: int
    claims: int
    kept_claims: int
    assessments: int
    kept_assessments: int
    subjects: list[tuple[str, str]]  # (key, text) sorted by key
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


def _reconcile_shard(
    parts: list[_Part], policy: str, as_of: AsOf | None, output_format: str, *, debug: bool
) -> _Reconciled:
    """Round 2 for one shard (in a worker process)."""
    problems: list[tuple[int, int, list[Problem]]] = []
    records: list[Claim | Assessment] = []
    for part in parts:
        offset = part.first_line - 1
        decoded, errors = read_shard(((offset + n, line) for n, line in part.lines))
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
        return _Reconciled(problems, *counts, [], Reconciliation(policy=policy), str(exc))
    rest = Reconciliation(
        policy=result.policy, unmatched_assessments=result.unmatched_assessments, as_of=result.as_of
    )
    return _Reconciled(problems, *counts, _render(result, output_format), rest, None)


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


def run(args: argparse.Namespace, jobs: int) -> Outcome:
    """Read and reconcile ``args.files`` with ``jobs`` processes (see the module)."""
    names = list(args.files)
    blocks = [
        block
        for index, name in enumerate(names)
        for block in _blocks(index, name, Path(name).stat().st_size, jobs)
    ]
    shards = jobs * _SHARDS_PER_JOB
    debug = bool(getattr(args, "debug", False))
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        scans = list(pool.map(functools.partial(_scan, shards=shards, debug=debug), blocks))
        problems: list[tuple[int, int, list[Problem]]] = []
        parts: list[list[_Part]] = [[] for _ in range(shards)]
        records = events = 0
        per_file = [0] * len(names)
        first_line = 1
        stopped: set[int] = set()
        for block, scan in zip(blocks, scans, strict=True):
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
            for shard, lines in enumerate(scan.shards):
                if lines:
                    parts[shard].append(_Part(block.file, block.name, first_line, lines))
            if scan.fatal:
                stopped.add(block.file)
            first_line += scan.lines
        del scans
        reconcile_one = functools.partial(
            _reconcile_shard,
            policy=args.policy,
            as_of=args.as_of,
            output_format=args.output_format,
            debug=debug,
        )
        results = list(pool.map(reconcile_one, parts))
    for result in results:
        problems += result.problems
    invalid = len(problems)
    empty = [index for index, count in enumerate(per_file) if not count]
    for index in empty:  # after the file's other problems, as one process reports it
        problem = Problem(file=names[index], message="empty file, no records")
        problems.append((index, sys.maxsize, [problem]))
    problems.sort(key=lambda found: found[:2])
    return Outcome(
        files=len(names),
        records=records,
        invalid=invalid,
        empty=len(empty),
        events=events,
        problems=[problem for _file, _line, found in problems for problem in found],
        claims=sum(r.claims for r in results),
        kept_claims=sum(r.kept_claims for r in results),
        assessments=sum(r.assessments for r in results),
        kept_assessments=sum(r.kept_assessments for r in results),
        error=next((r.error for r in results if r.error is not None), None),
        write=functools.partial(_write, results, args.output_format),
    )


def _at(found: list[Problem], line: int) -> list[Problem]:
    return [Problem(file=p.file, line=line, path=p.path, message=p.message) for p in found]


def _in_key_order(results: list[_Reconciled]) -> Iterator[tuple[str, str]]:
    """The subjects of every shard in key order (a key in two shards is a bug: it stops)."""
    previous = None
    for key, text in heapq.merge(*(r.subjects for r in results)):
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
