"""Input handling for the command line: files, formats, line numbers, progress.

Everything here streams: a JSON Lines file is read one line at a time in binary mode, so
memory does not grow with the file. A problem with one record is a :class:`Problem`
(reported, then reading goes on); a problem with a whole file that stops it from being
read (missing, a directory, unreadable) is an :class:`FileError`.
"""

from __future__ import annotations

import enum
import json
import os
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

import attrs
import orjson

from conflictevents._json import from_dict
from conflictevents._json_text import (
    DUPLICATE_KEY,
    duplicate_keys,
    json_path,
    parse_error,
    unique_keys,
)
from conflictevents._jsonl import read_jsonl
from conflictevents._records import Record
from conflictevents.exceptions import ValidationError

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROGRESS_MIN_BYTES",
    "STDIN",
    "FileError",
    "InputFormat",
    "Invalid",
    "Problem",
    "Progress",
    "detect_format",
    "display_name",
    "iter_records",
    "plural",
]

EXIT_OK: Final = 0
"""Everything went well (``diff``: the inputs are equal)."""
EXIT_INVALID: Final = 1
"""Invalid data was found (``diff``: the inputs differ)."""
EXIT_USAGE: Final = 2
"""A bad command line, or a file that cannot be read (``diff``: or an invalid record)."""
EXIT_INTERNAL: Final = 3
"""A bug in conflictevents."""

STDIN: Final = "-"
"""The file name that means standard input."""

PROGRESS_MIN_BYTES: Final = 16 * 1024 * 1024
"""Files at least this large get a progress bar (when stderr is a terminal)."""

_BOM: Final = b"\xef\xbb\xbf"
_JSONL_SUFFIXES: Final = frozenset({".jsonl", ".ndjson", ".jsonlines"})


class InputFormat(enum.StrEnum):
    """How an input file is laid out."""

    JSON = "json"
    """One JSON document: an object, or an array of objects."""
    JSONL = "jsonl"
    """JSON Lines: one object per line; blank lines are ignored."""


class FileError(Exception):
    """A file cannot be read (missing, a directory, no permission) or written."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with the input, printed as ``FILE:LINE: $.path: message``."""

    file: str
    line: int | None = None
    path: str | None = None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = self.message if self.path is None else f"{self.path}: {self.message}"
        return f"{where}: {what}"


@attrs.frozen(kw_only=True)
class Invalid:
    """A record that is not valid (or, ``file_level``, a file with no records at all)."""

    problems: tuple[Problem, ...]
    file_level: bool = False


def plural(count: int, noun: str) -> str:
    """``"1 record"``, ``"2,000 records"``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def display_name(name: str) -> str:
    """The name problems are reported under (``<stdin>`` for ``-``)."""
    return "<stdin>" if name == STDIN else name


def detect_format(name: str, given: InputFormat | None) -> InputFormat:
    """The format given, else ``.json`` → JSON and anything else (stdin too) → JSON Lines."""
    if given is not None:
        return given
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return InputFormat.JSON
    return InputFormat.JSONL


class Progress:
    """A one-line progress bar on a terminal stream, redrawn at most ten times a second."""

    def __init__(self, label: str, total: int, stream: IO[str]) -> None:
        self._label = label
        self._total = max(total, 1)
        self._stream = stream
        self._started = time.monotonic()
        self._drawn = 0.0

    def update(self, done: int) -> None:
        """Redraw the bar for ``done`` bytes read, unless it was redrawn just now."""
        now = time.monotonic()
        if now - self._drawn < 0.1:
            return
        self._drawn = now
        fraction = min(done / self._total, 1.0)
        width = 30
        filled = int(fraction * width)
        rate = done / max(now - self._started, 1e-9) / 1e6
        self._stream.write(
            f"\r{self._label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{fraction:4.0%} {done / 1e6:,.0f}/{self._total / 1e6:,.0f} MB {rate:,.1f} MB/s"
        )
        self._stream.flush()

    def close(self) -> None:
        """Erase the bar."""
        self._stream.write("\r\x1b[K")
        self._stream.flush()


def _open(name: str) -> tuple[IO[bytes], int | None]:
    """Open ``name`` for binary reading; return the stream and its size if it is a file."""
    if name == STDIN:
        return sys.stdin.buffer, None
    path = Path(name)
    try:
        if path.is_dir():
            raise FileError(name, "is a directory")
        stream = path.open("rb")
    except FileNotFoundError:
        raise FileError(name, "no such file") from None
    except PermissionError:
        raise FileError(name, "permission denied") from None
    except IsADirectoryError:  # pragma: no cover - caught by is_dir above
        raise FileError(name, "is a directory") from None
    except OSError as exc:
        raise FileError(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        size = os.fstat(stream.fileno()).st_size
    except OSError:  # pragma: no cover - fstat on an open file does not fail in practice
        size = None
    return stream, size


def _problems(error: ValidationError, name: str, line: int | None) -> tuple[Problem, ...]:
    return tuple(
        Problem(file=name, line=line, path=path, message=message) for path, message in error.errors
    )


def _invalid(error: ValidationError, name: str, line: int | None, *, debug: bool) -> Invalid:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    return Invalid(problems=_problems(error, name, line))


def _iter_jsonl(
    stream: IO[bytes], name: str, progress: Progress | None, *, debug: bool
) -> Iterator[Record | Invalid]:
    try:
        for item in read_jsonl(stream).with_errors():
            if isinstance(item, ValidationError):
                yield _invalid(item, name, item.line, debug=debug)
            else:
                yield item
            if progress is not None:
                progress.update(stream.tell())
    except ValidationError as fatal:  # a header naming a newer format: stop reading
        yield _invalid(fatal, name, fatal.line, debug=debug)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_of(starts: list[int], position: int) -> int:
    from bisect import bisect_right  # noqa: PLC0415 - only JSON documents need it

    return bisect_right(starts, position)


def _iter_json(stream: IO[bytes], name: str, *, debug: bool) -> Iterator[Record | Invalid]:
    raw = stream.read()
    raw = raw.removeprefix(_BOM)
    if not raw.strip(b" \t\r\n"):
        return
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        what, line, column = parse_error(raw, exc)
        problem = Problem(file=name, line=line, path="$", message=f"{what} at column {column}")
        yield Invalid(problems=(problem,))
        return
    duplicated: dict[int, list[tuple[str, str]]] = {}
    for path in [] if unique_keys(raw, document) else duplicate_keys(raw):
        index, path = (path[0], path[1:]) if isinstance(document, list) else (0, path)  # noqa: PLW2901
        duplicated.setdefault(int(index), []).append((json_path(path), DUPLICATE_KEY))
    text = raw.decode()  # orjson checked that it is UTF-8
    if isinstance(document, list):
        items, position = document, text.index("[") + 1
    else:
        items, position = [document], 0
    # Where an element starts is needed only to report it: the text (known to be valid)
    # is scanned up to a bad element when one is met, never for the good ones.
    decoder = json.JSONDecoder()
    starts: list[int] | None = None
    scanned = 0  # the elements before ``position``
    for index, item in enumerate(items):
        try:
            if index in duplicated:
                raise ValidationError(duplicated[index])  # noqa: TRY301 - reported below
            record: Record = from_dict(item, Record)  # a data set holds records only
        except ValidationError as error:
            for _ in range(index - scanned):
                position = decoder.raw_decode(text, _skip_separators(text, position))[1]
            scanned = index
            if starts is None:
                starts = _line_starts(text)
            line = _line_of(starts, _skip_separators(text, position))
            yield _invalid(error, name, line, debug=debug)
            continue
        yield record


def _skip_separators(text: str, position: int) -> int:
    """The position of the next value at or after ``position`` (JSON whitespace, commas)."""
    while text[position] in " \t\r\n,":
        position += 1
    return position


def iter_records(
    name: str,
    input_format: InputFormat | None = None,
    *,
    progress_stream: IO[str] | None = None,
    debug: bool = False,
) -> Iterator[Record | Invalid]:
    """Yield each record of a file (or ``-``), or an :class:`Invalid` for each bad one.

    An empty file (no records at all) gives one file-level :class:`Invalid`.

    Args:
        name: The file name, or ``-`` for standard input.
        input_format: The layout; by default it follows the extension.
        progress_stream: Where to draw a progress bar for a large file (pass a terminal).
        debug: Print each bad record's traceback on stderr.

    Raises:
        FileError: The file cannot be opened (missing, a directory, no permission).
    """
    fmt = detect_format(name, input_format)
    stream, size = _open(name)
    shown = display_name(name)
    progress = None
    if progress_stream is not None and size is not None and size >= PROGRESS_MIN_BYTES:
        progress = Progress(shown, size, progress_stream)
    seen = False
    try:
        items = (
            _iter_jsonl(stream, shown, progress, debug=debug)
            if fmt is InputFormat.JSONL
            else _iter_json(stream, shown, debug=debug)
        )
        for item in items:
            seen = True
            yield item
    except OSError as exc:
        raise FileError(shown, f"cannot read: {exc.strerror or exc}") from None
    finally:
        if progress is not None:
            progress.close()
        if name != STDIN:
            stream.close()
    if not seen:
        problem = Problem(file=shown, message="empty file, no records")
        yield Invalid(problems=(problem,), file_level=True)
