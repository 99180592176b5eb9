"""The commands of the ``conflictevents`` command line (see :mod:`conflictevents.cli`)."""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import enum
import io
import itertools
import sys
import traceback
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final, TextIO, TypeVar

import attrs
import orjson

from conflictevents._as_of import AsOf, said_in
from conflictevents._assessments import Assessment
from conflictevents._claims import Claim
from conflictevents._compare import diff as compare
from conflictevents._datasets import AcledEventType
from conflictevents._estimates import BUILTIN_POLICIES, EstimatePolicy
from conflictevents._json import loads, to_dict
from conflictevents._jsonl import write_jsonl
from conflictevents._recency import settle
from conflictevents._reconcile import reconcile as reconcile_claims
from conflictevents._records import Record
from conflictevents._schema import schema_text
from conflictevents._shards import collector_paused
from conflictevents.exceptions import ReconciliationError, ValidationError
from conflictevents.interop import FORMATS, ImportStream, RowError, oryx
from conflictevents.interop._common import DEFAULT_ENCODING

from .io import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    STDIN,
    FileError,
    InputFormat,
    Invalid,
    Problem,
    display_name,
    iter_records,
    plural,
)
from .output import EXIT_OUTPUT, OutputError, binary_output
from .output import output as _output
from .render import write_csv, write_json, write_table

ACLED_EVENT_TYPES: frozenset[str] = frozenset(t.value for t in AcledEventType)
"""The values of ``import acled --event-type``."""

__all__ = [
    "ACLED_EVENT_TYPES",
    "FORMATS",
    "POLICIES",
    "diff",
    "example",
    "import_",
    "plot",
    "reconcile",
    "schema",
    "validate",
]

# -- shared plumbing ------------------------------------------------------------------


def _progress_stream(args: argparse.Namespace) -> TextIO | None:
    if getattr(args, "no_progress", False) or not sys.stderr.isatty():
        return None
    return sys.stderr


@attrs.define
class _Tally:
    """What reading files found."""

    files: int = 0
    records: int = 0
    invalid: int = 0
    empty: int = 0
    unread: int = 0

    @property
    def exit_code(self) -> int:
        if self.unread:
            return EXIT_USAGE
        if self.invalid or self.empty:
            return EXIT_INVALID
        return EXIT_OK

    def summary(self) -> str:
        head = f"{plural(self.files, 'file')}, {plural(self.records, 'record')}"
        parts = []
        if self.invalid:
            parts.append(f"{plural(self.invalid, 'invalid record')}")
        if self.empty:
            parts.append(f"{plural(self.empty, 'empty file')}")
        if self.unread:
            parts.append(f"{plural(self.unread, 'file')} not read")
        return f"{head}: {', '.join(parts) if parts else 'all valid'}"


def _read(
    names: Iterable[str],
    input_format: InputFormat | None,
    *,
    report: TextIO,
    tally: _Tally,
    progress: TextIO | None,
    debug: bool,
) -> Iterator[Record]:
    """Yield every valid record of the files; report every problem on ``report``."""
    for name in names:
        tally.files += 1
        try:
            for item in iter_records(name, input_format, progress_stream=progress, debug=debug):
                if not isinstance(item, Invalid):
                    tally.records += 1
                    yield item
                    continue
                if item.file_level:
                    tally.empty += 1
                else:
                    tally.records += 1
                    tally.invalid += 1
                for problem in item.problems:
                    print(problem, file=report)
        except FileError as exc:
            tally.unread += 1
            print(exc, file=report)


# -- validate ---------------------------------------------------------------------------


def validate(args: argparse.Namespace) -> int:
    """``conflictevents validate FILE…``."""
    tally = _Tally()
    out = sys.stdout
    for _ in _read(
        args.files,
        args.input_format,
        report=out,
        tally=tally,
        progress=_progress_stream(args),
        debug=args.debug,
    ):
        pass
    print(tally.summary(), file=out)
    return tally.exit_code


# -- schema and example -----------------------------------------------------------------


def schema(args: argparse.Namespace) -> int:
    """``conflictevents schema``."""
    with _output(args.output) as out:
        out.write(schema_text())
    return EXIT_OK


def example(args: argparse.Namespace) -> int:
    """``conflictevents example``."""
    from conflictevents.examples import first_week_2022_records  # noqa: PLC0415

    with _output(args.output) as out:
        write_jsonl(first_week_2022_records(), out)
    return EXIT_OK


# -- reconcile, diff, import: wired as their modules land -------------------------------


_C = TypeVar("_C", Claim, Claim | Assessment)

POLICIES: Final[Mapping[str, EstimatePolicy]] = BUILTIN_POLICIES
"""The policies ``reconcile --policy`` knows, by name: the built-in ones."""


def _read_claims(
    args: argparse.Namespace, *, progress: TextIO | None
) -> tuple[list[Claim | Assessment], _Tally]:
    """The claims and assessments of ``args.files`` (problems on stderr), and the tally."""
    tally = _Tally()
    records = _read(
        args.files,
        args.input_format,
        report=sys.stderr,
        tally=tally,
        progress=progress,
        debug=args.debug,
    )
    return [record for record in records if isinstance(record, Claim | Assessment)], tally


def reconcile(args: argparse.Namespace) -> int:
    """``conflictevents reconcile FILE…``."""
    policy = POLICIES[args.policy]
    jobs = getattr(args, "jobs", 1)
    if jobs > 1:
        from . import jobs as parallel  # noqa: PLC0415 - only --jobs needs it

        if parallel.applies(args.files, args.input_format):
            return _reconcile_jobs(args, jobs)
    with collector_paused():  # millions of objects kept to the end, no cycles: see there
        return _reconcile_here(args, policy)


def _reconcile_here(args: argparse.Namespace, policy: EstimatePolicy) -> int:
    """``reconcile`` in this process: read, reconcile, write."""
    claims, tally = _read_claims(args, progress=_progress_stream(args))
    refused = _refused(args, tally, len(claims))
    if refused is not None:
        return refused
    if args.as_of is not None:
        claims = _said_by(claims, args.as_of, "reconciled")
    try:
        result = reconcile_claims(claims, policy=policy, as_of=args.as_of)
    except ReconciliationError as exc:
        print(f"conflictevents reconcile: {exc}", file=sys.stderr)
        return EXIT_INVALID
    writer = {"table": write_table, "json": write_json, "csv": write_csv}[args.output_format]
    with _output(args.output) as out:
        writer(result, out)
    return EXIT_OK


def _reconcile_jobs(args: argparse.Namespace, jobs: int) -> int:
    """``reconcile --jobs N`` (N > 1) of JSON Lines files: the same output, N processes."""
    from . import jobs as parallel  # noqa: PLC0415

    with parallel.run(args, jobs) as found:  # its spill folder lasts until the output is written
        for problem in found.problems:
            print(problem, file=sys.stderr)
        tally = _Tally(
            files=found.files, records=found.records, invalid=found.invalid, empty=found.empty
        )
        refused = _refused(args, tally, found.claims + found.assessments)
        if refused is not None:
            return refused
        if args.as_of is not None:
            _say_left_out(
                args.as_of,
                "reconciled",
                (found.claims, found.kept_claims),
                (found.assessments, found.kept_assessments),
            )
        if found.error is not None:
            print(f"conflictevents reconcile: {found.error}", file=sys.stderr)
            return EXIT_INVALID
        with _output(args.output) as out:
            found.write(out)
    return EXIT_OK


def _refused(args: argparse.Namespace, tally: _Tally, claims: int) -> int | None:
    """The exit code when what was read cannot be reconciled; else say what is left out."""
    if tally.unread:
        return EXIT_USAGE
    left_out = tally.invalid
    if tally.invalid or tally.empty:
        if not args.skip_invalid:
            print(
                f"{tally.summary()}: nothing reconciled "
                "(--skip-invalid reconciles the valid records)",
                file=sys.stderr,
            )
            return EXIT_INVALID
        if left_out:
            print(f"left out {plural(left_out, 'invalid record')}", file=sys.stderr)
    events = tally.records - left_out - claims
    if events:
        print(
            f"{plural(events, 'event')} read but not reconciled: only claims are",
            file=sys.stderr,
        )
    return None


def _said_by(records: list[_C], as_of: AsOf, what: str) -> list[_C]:
    """The claims and assessments certainly made by ``as_of``.

    Says on stderr how many claims were left out, and how many assessments.
    """
    kept = list(said_in(records, as_of))
    claims = sum(1 for r in records if not isinstance(r, Assessment))
    kept_claims = sum(1 for r in kept if not isinstance(r, Assessment))
    assessments = len(records) - claims
    _say_left_out(as_of, what, (claims, kept_claims), (assessments, len(kept) - kept_claims))
    return kept


def _say_left_out(
    as_of: AsOf, what: str, claims: tuple[int, int], assessments: tuple[int, int]
) -> None:
    """Say on stderr how many claims and assessments ``as_of`` left out: (read, kept) each."""
    read, kept = claims
    if kept < read:
        print(
            f"as of {as_of.isoformat()}: {plural(kept, 'claim')} of {read:,} "
            f"{what}; {plural(read - kept, 'claim')} not certainly made by then "
            "(stated later, or with no known time) left out",
            file=sys.stderr,
        )
    read, kept = assessments
    if kept < read:
        print(
            f"as of {as_of.isoformat()}: "
            f"{plural(read - kept, 'assessment')} of {read:,} "
            "not certainly made by then left out",
            file=sys.stderr,
        )


def _said_records(records: list[Record], as_of: AsOf | None, name: str) -> list[Record]:
    """``records`` without the claims not certainly made by ``as_of`` (events stay)."""
    if as_of is None:
        return records
    claims = [r for r in records if isinstance(r, Claim)]
    kept = {id(c) for c in _said_by(claims, as_of, f"in {name} compared")}
    return [r for r in records if not isinstance(r, Claim) or id(r) in kept]


def _render(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """A value of a difference as compact JSON, as the serializer would write it."""
    if attrs.has(type(value)):
        return orjson.dumps(to_dict(value)).decode()
    if isinstance(value, enum.Enum):
        return _render(value.value)
    if isinstance(value, dt.datetime):
        return _render(value.isoformat())
    if isinstance(value, frozenset | set):
        return "[" + ", ".join(sorted(_render(item) for item in value)) + "]"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_render(item) for item in value) + "]"
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # pragma: no cover - every model value is one of the above
        return repr(value)


def _side(arg: str, args: argparse.Namespace, tally: _Tally) -> tuple[str, list[Record]]:
    """The records of one side of ``diff``: a file, ``-``, or an inline JSON object."""
    if arg.lstrip().startswith("{"):  # a file name never starts with a brace here
        tally.files += 1
        tally.records += 1
        try:
            return "inline object", [loads(arg, Record)]
        except ValidationError as exc:
            tally.invalid += 1
            for path, message in exc.errors:
                print(Problem(file="<inline>", path=path, message=message), file=sys.stderr)
            return "inline object", []
    records = list(
        _read(
            [arg],
            args.input_format,
            report=sys.stderr,
            tally=tally,
            progress=None,
            debug=args.debug,
        )
    )
    return display_name(arg), records


_RECORDED = "$.recorded"
"""The path of a claim's recorded time: a difference there alone is no change of content."""


def _print_differences(a: Record, b: Record, prefix: str = "") -> int:
    """Print the field differences of two versions; how many, ``0`` if only recorded differs."""
    found = compare(a, b)
    if all(path == _RECORDED for path, _, _ in found):
        return 0
    for path, left, right in found:
        print(f"{prefix}{path}: {_render(left)} -> {_render(right)}")
    return len(found)


def _latest_by_id(records: list[Record], name: str) -> tuple[dict[str, Record], set[str]]:
    """One record per id, and the ids whose versions cannot be ordered.

    Of a claim's versions the latest by recorded time stands for it; ids whose versions
    cannot be ordered are reported on stdout, never one of them picked silently.
    """
    by_id: dict[str, Record] = {}
    versions: dict[str, list[Record]] = {}
    for record in records:
        known = by_id.setdefault(record.id, record)
        if known is not record and known != record:
            versions.setdefault(record.id, []).append(record)
    collided: set[str] = set()
    for record_id, extra in versions.items():
        found = [by_id[record_id], *extra]
        claims = [r for r in found if isinstance(r, Claim)]
        settled = None
        if len(claims) == len(found):
            settled = settle({record_id: claims[0]}, {record_id: claims[1:]})
        if settled is None or settled.collisions:
            count = len(set(found))
            print(f"{record_id}: version collision in {name} ({count} versions, no order)")
            collided.add(record_id)
        else:
            by_id[record_id] = settled.latest[0]
    return by_id, collided


def diff(args: argparse.Namespace) -> int:
    """``conflictevents diff A B``."""
    tally = _Tally()
    name_a, left = _side(args.a, args, tally)
    name_b, right = _side(args.b, args, tally)
    if tally.unread:
        return EXIT_USAGE
    if tally.invalid or tally.empty:
        print("cannot compare: fix the problems above first", file=sys.stderr)
        return EXIT_USAGE
    left = _said_records(left, args.as_of, name_a)
    right = _said_records(right, args.as_of, name_b)
    if len(left) == 1 and len(right) == 1:
        return EXIT_INVALID if _print_differences(left[0], right[0]) else EXIT_OK
    by_id_a, collided = _latest_by_id(left, name_a)
    by_id_b, collided_b = _latest_by_id(right, name_b)
    collided |= collided_b
    removed = changed = 0
    for record_id, record in by_id_a.items():
        other = by_id_b.get(record_id)
        if record_id in collided:
            continue
        if other is None:
            print(f"{record_id}: removed (only in {name_a})")
            removed += 1
        elif _print_differences(record, other, f"{record_id}: "):
            changed += 1
    added = [r for r in by_id_b if r not in by_id_a and r not in collided]
    for record_id in added:
        print(f"{record_id}: added (only in {name_b})")
    unchanged = len(set(by_id_a) - collided) - removed - changed
    counts = f"{plural(len(added), 'id')} added, {removed} removed, {changed} changed"
    if collided:
        counts += f", {len(collided)} with a version collision"
    print(f"{counts}, {unchanged} unchanged", file=sys.stderr)
    return EXIT_INVALID if added or removed or changed or collided else EXIT_OK


def _import_source(name: str, encoding: str) -> IO[str] | str:
    """The file to import (checked), or standard input as text for ``-``."""
    if name == STDIN:
        # undecodable bytes are kept (as lone surrogates) so that their row is reported
        return io.TextIOWrapper(
            sys.stdin.buffer, encoding=encoding, errors="surrogateescape", newline=""
        )
    path = Path(name)
    if path.is_dir():
        raise FileError(name, "is a directory")
    if not path.exists():
        raise FileError(name, "no such file")
    return name


def _imported(stream: ImportStream, name: str, tally: _Tally, *, debug: bool) -> Iterator[Claim]:
    """The claims of ``stream``; each rejected row is reported on stderr as it is met."""

    def warn() -> None:
        for flagged in stream.flagged:
            print(
                Problem(
                    file=name,
                    line=flagged.line,
                    path=flagged.column or "$",
                    message=f"warning: {flagged.reason}",
                ),
                file=sys.stderr,
            )
        stream.flagged.clear()

    for item in stream.with_errors():
        if not isinstance(item, ValidationError):
            warn()
            yield item
            continue
        tally.invalid += 1
        if debug:
            traceback.print_exception(item, file=sys.stderr)
        for path, message in item.errors:
            print(Problem(file=name, line=item.line, path=path, message=message), file=sys.stderr)
    warn()


def _recorded(claims: Iterator[Claim], moment: dt.datetime | None) -> Iterator[Claim]:
    """The claims, each without a recorded time of its own recorded at ``moment``."""
    if moment is None:
        return claims
    return (c if c.recorded is not None else attrs.evolve(c, recorded=moment) for c in claims)


_FORMAT_OPTIONS = (("event_types", "--event-type", "acled"), ("bounds", "--bounds", "ucdp"))


def _import_options(args: argparse.Namespace) -> dict[str, object] | None:
    """The reader's options the command line gives (``None``: one is not the format's)."""
    options: dict[str, object] = {}
    defaults = {"event_types": [], "bounds": "reject"}
    for name, flag, owner in _FORMAT_OPTIONS:
        value = getattr(args, name)
        if value == defaults[name]:
            continue
        if args.format != owner:
            print(
                f"conflictevents import: error: {flag} is an option of the {owner} format",
                file=sys.stderr,
            )
            return None
        options[name] = value
    return options


def _first_and_rest(
    format_name: str, claims: Iterator[Claim]
) -> tuple[Claim | None, Iterator[Claim], int | None]:
    """The first claim, the rest, and for an Oryx items file the number of counts written.

    Items are evidence, not counts: written one claim per item, ``reconcile`` would read
    four items of one system as one claim restating another (estimate 1), so an items
    file is written as :func:`~conflictevents.interop.oryx.count_items` counts it.
    """
    first = next(claims, None)
    if format_name != "oryx" or first is None or not oryx._is_item(first):  # noqa: SLF001
        return first, claims, None
    counts = oryx.count_items(itertools.chain([first], claims))
    return counts[0], iter(counts[1:]), len(counts)


def import_(args: argparse.Namespace) -> int:
    """``conflictevents import FORMAT FILE``."""
    encoding = args.encoding or DEFAULT_ENCODING
    options = _import_options(args)
    if options is None:
        return EXIT_USAGE
    try:
        codecs.lookup(encoding)
    except LookupError:
        print(f"conflictevents import: error: unknown encoding {encoding!r}", file=sys.stderr)
        return EXIT_USAGE
    shown = display_name(args.file)
    source = _import_source(args.file, encoding)
    tally = _Tally(files=1)
    stream: ImportStream | None = None
    written = False
    counted: int | None = None  # the claims written for Oryx's items, counted
    try:
        stream = FORMATS[args.format](source, encoding=encoding, on_error="collect", **options)
        claims = _recorded(_imported(stream, shown, tally, debug=args.debug), args.recorded)
        # a file-level problem shows before anything is written
        first, claims, counted = _first_and_rest(args.format, claims)
        if first is not None:
            with _output(args.output) as out:
                written = True
                write_jsonl(itertools.chain([first], claims), out)
    except OutputError as exc:
        print(exc, file=sys.stderr)
        print(
            _count_line(stream, shown) + "; stopped: the output could not be written",
            file=sys.stderr,
        )
        exc.reported = True
        raise
    except BrokenPipeError:
        raise
    except OSError as exc:  # reading the input (the output's errors are OutputError)
        raise FileError(shown, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # the file as a whole is unreadable: bad header, bad JSON
        _report_file_problem(exc, shown, debug=args.debug)
        left = "the output is incomplete" if written and args.output == STDIN else "nothing written"
        print(
            _count_line(stream, shown) + f"; stopped by the problem above: {left}", file=sys.stderr
        )
        return EXIT_INVALID
    if stream.rows == 0:
        print(_count_line(stream, shown) + ": empty file", file=sys.stderr)
        return EXIT_INVALID
    line = _count_line(stream, shown)
    if counted is not None:
        line += f"; items counted: {plural(counted, 'claim')} written"
    print(line, file=sys.stderr)
    return EXIT_INVALID if stream.rejected else EXIT_OK


def _report_file_problem(exc: ValueError, shown: str, *, debug: bool) -> None:
    """Print what stopped the import of ``shown`` (a :class:`RowError` at its line)."""
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if not isinstance(exc, RowError):
        print(f"{shown}: {exc}", file=sys.stderr)
        return
    for path, message in exc.errors:
        print(Problem(file=shown, line=exc.line, path=path, message=message), file=sys.stderr)


def _count_line(stream: ImportStream | None, shown: str) -> str:
    """``FILE: N rows, I imported as C claims, R rejected`` (and the rows a filter left out)."""
    rows, imported, claims, rejected = (
        (stream.rows, stream.imported, stream.claims_made, stream.rejected)
        if stream
        else (0, 0, 0, 0)
    )
    line = (
        f"{shown}: {plural(rows, 'row')}, {imported:,} imported "
        f"as {plural(claims, 'claim')}, {rejected:,} rejected"
    )
    if stream and stream.filtered_out:
        line += f", {stream.filtered_out:,} of other event types left out"
    return line


def _valid_claims(args: argparse.Namespace, nothing: str) -> list[Claim] | int:
    """The claims of the files, or the exit code when a file is unreadable or invalid."""
    claims, tally = _read_claims(args, progress=None)
    if tally.unread:
        return EXIT_USAGE
    if tally.invalid or tally.empty:
        print(f"{tally.summary()}: {nothing}", file=sys.stderr)
        return EXIT_INVALID
    return [c for c in claims if isinstance(c, Claim)]


def _save_figure(figure: Any, output: Path, name: str) -> int:  # noqa: ANN401 - matplotlib's
    """Write the picture whole or not at all, like every ``-o`` file (:func:`binary_output`)."""
    try:
        with binary_output(name) as stream:
            figure.savefig(stream, format=output.suffix[1:].lower())
    except (FileError, OutputError) as exc:
        print(f"conflictevents plot: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    return EXIT_OK


def plot(args: argparse.Namespace) -> int:
    """``conflictevents plot FILE… --subject KEY -o OUT``: draw the figures to a PNG or SVG."""
    output = Path(args.output)
    if output.suffix.lower() not in {".png", ".svg"}:
        print(
            f"conflictevents plot: {args.output}: the output must end in .png or .svg",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from conflictevents.plot import plot_divergence, plot_figures  # noqa: PLC0415 - optional

    claims = _valid_claims(args, "nothing drawn")
    if isinstance(claims, int):
        return claims
    try:
        if args.subject:
            figure = plot_figures(claims, args.subject, width=args.width)
        else:
            figure = plot_divergence(claims, top=args.top, width=args.width)
    except KeyError as exc:
        print(f"conflictevents plot: no claim is about {exc.args[0]!r}", file=sys.stderr)
        return EXIT_INVALID
    except ImportError as exc:  # pragma: no cover - only without the plot extra
        print(f"conflictevents plot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _save_figure(figure, output, args.output)
