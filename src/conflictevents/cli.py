"""The ``conflictevents`` command line: validate, reconcile, compare and convert data.

Run ``conflictevents --help`` (or ``python -m conflictevents --help``) for the commands,
and ``conflictevents COMMAND --help`` for each one. Exit codes:

* 0 — everything went well (for ``diff``: no differences);
* 1 — invalid data was found (for ``diff``: differences were found);
* 2 — usage error: a bad option, or a file that cannot be read (missing, a directory);
  for ``diff`` also an invalid record (nothing can be compared);
* 3 — an internal error, a bug in conflictevents (``--debug`` shows the traceback);
* 4 — the output could not be written (a full disk, a lost permission): the system's
  error, not a bug. A file given with ``-o`` is then left as it was.

Problems are reported one per line, as ``FILE:LINE: $.path: message``, never as a
traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Final, NoReturn

from ._as_of import AsOf, parse_as_of
from ._cli.io import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    FileError,
    InputFormat,
)
from ._cli.output import EXIT_OUTPUT, OutputError, guarded

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_OUTPUT", "EXIT_USAGE", "main"]

_PROG: Final = "conflictevents"

_EPILOG: Final = """\
exit codes:
  0  ok (diff: no differences)
  1  invalid data found (diff: differences found)
  2  usage error: bad options, or a file that cannot be read
     (diff: or an invalid record, so that nothing can be compared)
  3  internal error: a bug in conflictevents (--debug shows the traceback)
  4  the output could not be written (disk full, no permission): a file
     given with -o is written whole or left as it was

Files ending in .json hold one JSON document (an object or an array of objects);
anything else, and standard input (-), is read as JSON Lines unless --input-format says
otherwise. See https://conflictevents.readthedocs.io/en/latest/cli.html"""

Handler = Callable[[argparse.Namespace], int]


class _Formatter(argparse.HelpFormatter):
    """Wraps one-paragraph descriptions; keeps text with line breaks (the epilog) as is."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=24)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors say which command they belong to."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _input_format_option(parser: argparse.ArgumentParser, *names: str) -> None:
    parser.add_argument(
        *names,
        dest="input_format",
        type=InputFormat,
        choices=list(InputFormat),
        metavar="{json,jsonl}",
        default=None,
        help="how the input is laid out (default: by extension: .json is JSON, "
        "anything else JSON Lines)",
    )


def _progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw a progress bar (by default one is drawn on stderr for large "
        "files when stderr is a terminal)",
    )


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="write to FILE instead of standard output (FILE is replaced only when "
        "everything was written: a command that stops leaves it as it was)",
    )


def _as_of(text: str) -> AsOf:
    try:
        return parse_as_of(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _recorded(text: str) -> dt.datetime:
    """Read ``--recorded``: a datetime with its offset, or a date (its first instant, UTC)."""
    moment = _as_of(text)
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time(), tzinfo=dt.UTC)


def _jobs(text: str) -> int:
    from ._cli.jobs import jobs_count  # noqa: PLC0415 - keep --help fast

    return jobs_count(text)


def _as_of_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--as-of",
        type=_as_of,
        metavar="DATE|DATETIME",
        help=f"{what} only the claims certainly made by then: whose stated time ends at "
        "or before it. A date (2025-03-21) means the end of that day in each claim's own "
        "zone; a datetime needs its offset (2025-03-21T18:00+02:00). Claims with no "
        "stated time never count",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``conflictevents`` command."""
    from ._cli import commands  # noqa: PLC0415 - keep --help fast

    common = _Parser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show a traceback with internal errors and with each invalid record",
    )
    parser = _Parser(
        prog=_PROG,
        description="Validate, reconcile, compare and convert conflictevents data "
        "(claims and events as JSON or JSON Lines).",
        epilog=_EPILOG,
        formatter_class=_Formatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(
        title="commands", metavar="COMMAND", required=True, parser_class=_Parser
    )

    def command(
        name: str, handler: Handler, summary: str, description: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=summary,
            description=description,
            epilog=_EPILOG,
            formatter_class=_Formatter,
            parents=[common],
        )
        p.set_defaults(handler=handler)
        return p

    validate = command(
        "validate",
        commands.validate,
        "check files of claims and events",
        "Check every record of each FILE and report each problem as "
        "FILE:LINE: $.path: message, then a summary. Exits 1 if any record is invalid. "
        "Streams: memory does not grow with the file.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="a file, or - for stdin")
    _input_format_option(validate, "--format", "--input-format")
    _progress_option(validate)

    reconcile = command(
        "reconcile",
        commands.reconcile,
        "show what the claims say, subject by subject",
        "Reconcile the claims of each FILE: group them by subject and show each "
        "claimant's current figure, the range, the status (consistent, divergent, "
        "contested...) and whether any figure is independently verified. Events are "
        "read and checked but not reconciled. Invalid records are reported like "
        "`validate` does and nothing is reconciled, unless --skip-invalid is given.",
    )
    reconcile.add_argument("files", nargs="+", metavar="FILE", help="a file, or - for stdin")
    reconcile.add_argument(
        "--policy",
        default="conservative",
        choices=list(commands.POLICIES),
        help="how the best estimate of each subject is chosen: the lowest current figure "
        "(conservative, the default, as ACLED codes fatalities), UCDP-style low/best/high "
        "(ucdp), or the median of independent figures (median_of_independent)",
    )
    reconcile.add_argument(
        "--format",
        dest="output_format",
        choices=["table", "json", "csv"],
        default="table",
        help="table for people (default), json (JSON Lines, one subject a line) or csv",
    )
    reconcile.add_argument(
        "--skip-invalid",
        action="store_true",
        help="reconcile the valid records, report the invalid ones and say how many "
        "were left out (exit 0)",
    )
    reconcile.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="use N processes (auto: one per core) to read and reconcile JSON Lines "
        "files; the output is the same as with one (default 1). Standard input, pipes and "
        ".json documents are read by one process",
    )
    _as_of_option(reconcile, "reconcile")
    _input_format_option(reconcile, "--input-format")
    _progress_option(reconcile)
    _output_option(reconcile)

    schema = command(
        "schema",
        commands.schema,
        "print the JSON Schema",
        "Print the JSON Schema (draft 2020-12) of every record type.",
    )
    _output_option(schema)

    example = command(
        "example",
        commands.example,
        "write the reference article's data set",
        "Write the reference article's data set (the first week of Russia's 2022 "
        "invasion of Ukraine: casualty claims, control of Kherson, talks, sanctions...) "
        "as JSON Lines.",
    )
    _output_option(example)

    diff = command(
        "diff",
        commands.diff,
        "show field differences between two objects or two files",
        "Compare A and B: two files, or two JSON objects given inline ('{...}'). With one "
        "record on each side the two records are compared; otherwise records are matched "
        "by id: an id on one side only is listed as removed (only in A) or added (only "
        "in B), and a summary line on stderr counts the added, removed and changed ids. "
        "Each difference is printed as `$.path: left -> right` (prefixed by the id when "
        "records are matched by id). "
        "Exits 0 if A and B are equal, 1 if they differ, 2 if either cannot be read or "
        "holds an invalid record (reported like `validate` does, on stderr).",
    )
    diff.add_argument("a", metavar="A", help="a file, - for stdin, or an inline JSON object")
    diff.add_argument("b", metavar="B", help="a file, - for stdin, or an inline JSON object")
    _as_of_option(diff, "compare")
    _input_format_option(diff, "--input-format")

    importer = command(
        "import",
        commands.import_,
        "convert another data set's file to JSON Lines",
        "Read FILE in FORMAT (a data set people already use: UCDP GED or ACLED CSV, the "
        "General Staff of Ukraine's loss series, Oryx's losses) and write its claims as "
        "JSON Lines. Rows that cannot be imported are reported on stderr like `validate` "
        "does (FILE:LINE: column: message) and left out; a last line counts the rows "
        "read, imported and rejected. Exits 1 if any row was rejected.",
    )
    importer.add_argument(
        "format",
        metavar="FORMAT",
        choices=sorted(commands.FORMATS),
        help=f"the format of FILE: {', '.join(sorted(commands.FORMATS))}",
    )
    importer.add_argument("file", metavar="FILE", help="the file to read, or - for stdin")
    importer.add_argument(
        "--encoding",
        default=None,
        help="the file's text encoding (default: the format's, UTF-8; the UCDP sample "
        "shipped in some repositories is cp1252)",
    )
    importer.add_argument(
        "--recorded",
        type=_recorded,
        metavar="DATE|DATETIME",
        help="when this version of the data set was recorded (published or downloaded): "
        "every claim without a recorded time of its own gets it, so that two imports of "
        "one data set are ordered versions. A datetime needs its offset; a date means "
        "00:00 UTC that day. Rows that carry their own time (ACLED's timestamp) keep it",
    )
    importer.add_argument(
        "--event-type",
        dest="event_types",
        action="append",
        default=[],
        metavar="TYPE",
        choices=sorted(commands.ACLED_EVENT_TYPES),
        help="acled: import only rows of this event type (repeat for several: "
        "'Battles', 'Protests', ...); the other rows are counted as left out, not rejected",
    )
    importer.add_argument(
        "--bounds",
        choices=("reject", "flag"),
        default="reject",
        help="ucdp: a row whose figures break low <= best <= high is rejected (default) or "
        "imported without its deaths total and reported on stderr as a warning (flag)",
    )
    _output_option(importer)

    plot = command(
        "plot",
        commands.plot,
        "draw each claimant's figures over time, or the divergence overview",
        "Draw, for each --subject (a subject key, or a measure such as "
        "equipment_loss/side=RU/equipment=tank/status=lost), each claimant's figures over "
        "time with their qualifier bands, superseded figures faded, the reconciled range at "
        "each date and the status changes, one panel per subject. Without --subject, draw "
        "the subjects whose current figures diverge most. Needs matplotlib: pip install "
        "'conflictevents[plot]'.",
    )
    plot.add_argument("files", nargs="+", metavar="FILE", help="a file, or - for stdin")
    plot.add_argument(
        "--subject",
        action="append",
        default=[],
        metavar="KEY",
        help="a subject key or measure to draw (repeat for several panels)",
    )
    plot.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the picture: FILE.png or FILE.svg"
    )
    plot.add_argument(
        "--top", type=int, default=15, help="subjects on the divergence overview (default 15)"
    )
    plot.add_argument(
        "--width", type=float, default=10.0, help="width in inches, at 100 dpi (default 10)"
    )
    _input_format_option(plot, "--input-format")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("conflictevents")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _silence_stdout() -> None:
    """Point stdout at /dev/null after a broken pipe or a full disk, so that exit is quiet.

    Nothing to do when stdout is not a file (as under a test runner).
    """
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one return per outcome
    """Run the ``conflictevents`` command line.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code: 0 ok, 1 invalid data found (``diff``: differences), 2 usage
        error, 3 internal error, 4 the output could not be written.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    debug = bool(getattr(args, "debug", False))
    args.debug = debug
    handler: Handler = args.handler
    stdout = sys.stdout
    sys.stdout = guarded(stdout, "<stdout>")  # a full disk is an OutputError, not a bug
    try:
        code = handler(args)
        sys.stdout.flush()
    except FileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        if not exc.reported:
            print(exc, file=sys.stderr)
        sys.stdout = stdout
        if exc.name == "<stdout>":
            _silence_stdout()
        return EXIT_OUTPUT
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"{_PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if debug:
            traceback.print_exc()
        print(
            f"{_PROG}: internal error: {type(exc).__name__}: {exc}"
            + ("" if debug else " (run with --debug for the traceback)"),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        sys.stdout = stdout
    return code
