"""Shared machinery of the readers: error policy, row counting, CSV and JSON streaming.

Every reader returns an :class:`ImportStream`: iterate it to get the claims one at a
time (memory does not grow with the file); once iterated, it says how many rows were
read, imported and rejected, and (with ``on_error="collect"``) why each was rejected.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import pendulum

from conflictevents._claims import Claim
from conflictevents._locations import Coordinates
from conflictevents._on_error import OnError, Rejecting
from conflictevents._sources import Source, SourceKind
from conflictevents._time import TimePrecision, TimeSpan
from conflictevents.exceptions import InvariantError, ValidationError

__all__ = [
    "ImportStream",
    "OnError",
    "RowError",
]

INVASION_DAY = dt.date(2022, 2, 24)
"""The first day of Russia's full-scale invasion of Ukraine, where cumulative series start."""


class RowError(ValidationError):
    """A row of an input file could not be imported.

    A :class:`~conflictevents.ValidationError` (so one ``except`` catches bad JSON Lines
    and bad CSV alike) whose single problem's path is the CSV column (or JSON key) that
    holds the bad value, ``"$"`` when no single column is to blame, and whose ``line``
    is the line the row starts on. Raised with ``on_error="raise"``; kept in
    :attr:`ImportStream.errors` with ``on_error="collect"``.

    Attributes:
        file: The file's name, or ``None`` for a stream without one.
        column: The column (or key) holding the bad value, if one does.
        reason: What is wrong.
    """

    def __init__(
        self, reason: str, *, line: int, column: str | None = None, file: str | None = None
    ) -> None:
        self.file = file
        self.column = column
        self.reason = reason
        super().__init__([(column or "$", reason)], line=line)

    def __str__(self) -> str:
        where = f"{self.file}, " if self.file else ""
        col = f", column {self.column!r}" if self.column else ""
        return f"{where}line {self.line}{col}: {self.reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_row_error, (self.reason, self.line, self.column, self.file))


def _rebuild_row_error(reason: str, line: int, column: str | None, file: str | None) -> RowError:
    return RowError(reason, line=line, column=column, file=file)


class _BadValue(Exception):  # noqa: N818 - internal signal, never escapes
    """A value in a row cannot be read; carries the column."""

    def __init__(self, column: str | None, reason: str, line: int = 1) -> None:
        self.column = column
        self.reason = reason
        self.line = line
        super().__init__(reason)


def bad(column: str | None, reason: str, *, line: int = 1) -> _BadValue:
    """The internal signal a row converter raises for a bad value in ``column``.

    ``line`` matters only for problems of the whole file (a bad header, bad JSON),
    which stop the import whatever ``on_error`` says.
    """
    return _BadValue(column, reason, line)


def invariant(exc: InvariantError, columns: dict[tuple[str, str], str]) -> _BadValue:
    """Translate a model's :class:`InvariantError` into the column that holds the value.

    Args:
        exc: The error a model raised.
        columns: ``(model, field) -> column`` for the fields a reader fills from a column.
    """
    column = columns.get((exc.model, exc.field))
    return _BadValue(column, f"{exc} (the value is kept as the file gives it, not repaired)")


Converter = Callable[[int, object], Iterable[Claim]]


class ImportStream(Iterable[Claim], Rejecting):
    """The claims read from one file, streamed, with a count of what was read.

    Iterate it once. While and after iterating, :attr:`rows` counts the data rows
    read, :attr:`imported` those that became claims and :attr:`rejected` those that did
    not; ``rows == imported + rejected`` always holds once iteration ends.

    Attributes:
        file: The file's name (for messages), or ``None``.
        on_error: The error policy (see :data:`OnError`).
        rows: Data rows read so far.
        imported: Rows that became claims.
        rejected: Rows that could not be imported.
        claims: Claims produced so far.
        errors: The :class:`RowError` of each rejected row (``on_error="collect"``).
    """

    def __init__(
        self,
        records: Iterator[tuple[int, object]],
        convert: Converter,
        *,
        file: str | None,
        on_error: OnError,
    ) -> None:
        super().__init__(on_error)
        self.file = file
        self.rows = 0
        self.imported = 0
        self.claims = 0
        self._records = records
        self._convert = convert
        self._started = False

    def __iter__(self) -> Iterator[Claim]:
        if self._started:
            raise RuntimeError("an ImportStream can be iterated only once; read the file again")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[Claim]:
        try:
            for line, record in self._records:
                self.rows += 1
                try:
                    claims = list(self._convert(line, record))
                except _BadValue as exc:
                    self.reject(RowError(exc.reason, line=line, column=exc.column, file=self.file))
                    continue
                except InvariantError as exc:
                    self.reject(RowError(str(exc), line=line, file=self.file))
                    continue
                self.imported += 1
                self.claims += len(claims)
                yield from claims
        except _BadValue as exc:  # the file itself is unreadable (bad JSON, bad header)
            raise RowError(exc.reason, line=exc.line, column=exc.column, file=self.file) from None


# -- opening files --------------------------------------------------------------------

Input = str | Path | IO[str]
"""A path, or a text stream already open (opened with ``newline=""`` for CSV)."""


def name_of(source: Input) -> str | None:
    """The file name to show in messages."""
    if isinstance(source, str | Path):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else None


def open_text(source: Input, encoding: str | None, default: str) -> Iterator[IO[str]]:
    """Yield the open text stream for ``source`` and close it afterwards if we opened it."""
    if isinstance(source, str | Path):
        with Path(source).open(encoding=encoding or default, newline="") as stream:
            yield stream
    else:
        yield source


def csv_rows(  # noqa: C901 - one branch per way a CSV file can be broken
    source: Input, *, encoding: str | None, default_encoding: str, required: Iterable[str]
) -> Iterator[tuple[int, object]]:
    """Stream ``(first line, row dict)`` for each data row of a CSV file.

    The header must hold every ``required`` column; a missing one stops the import
    with a clear message (no row can be read without it).
    """
    for stream in open_text(source, encoding, default_encoding):
        reader = csv.reader(stream)
        try:
            header = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise bad(None, f"cannot decode the header ({exc}): pass encoding=") from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0].removeprefix("\ufeff")
        missing = [c for c in required if c not in header]
        if missing:
            raise bad(None, f"the header lacks the column(s) {', '.join(missing)}")
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                reason = f"cannot decode the file at or after this line ({exc}): pass encoding="
                raise bad(None, reason, line=start) from None
            except csv.Error as exc:
                raise bad(None, f"malformed CSV: {exc}", line=start) from None
            if len(values) != len(header):
                yield start, _WrongWidth(len(values), len(header))
            else:
                yield start, dict(zip(header, values, strict=True))
            start = reader.line_num + 1


@attrs.frozen
class _WrongWidth:
    got: int
    expected: int


def as_row(record: object) -> dict[str, str]:
    """The row dict of a CSV record, or the reason it has the wrong number of fields."""
    if isinstance(record, _WrongWidth):
        raise bad(None, f"the row has {record.got} fields, the header {record.expected}")
    assert isinstance(record, dict)  # noqa: S101 - csv_rows yields dicts otherwise
    return record


def read_csv(
    source: Input,
    convert: Callable[[dict[str, str]], Iterable[Claim]],
    *,
    encoding: str | None,
    on_error: OnError,
    required: Iterable[str],
    columns: dict[tuple[str, str], str] | None = None,
) -> ImportStream:
    """The :class:`ImportStream` of a UTF-8 (by default) CSV file, ``convert`` per row.

    Args:
        source: A path, or a text stream opened with ``newline=""``.
        convert: A data row's claims (raises :func:`bad` for a bad value).
        encoding: The file's encoding (UTF-8 if not given).
        on_error: The error policy.
        required: The columns the header must hold.
        columns: If given, a model's :class:`InvariantError` is reported at its column
            through :func:`invariant` (``(model, field) -> column``).
    """

    def convert_record(_line: int, record: object) -> Iterable[Claim]:
        row = as_row(record)
        if columns is None:
            return convert(row)
        try:
            return convert(row)
        except InvariantError as exc:
            raise invariant(exc, columns) from None

    records = csv_rows(source, encoding=encoding, default_encoding="utf-8", required=required)
    return ImportStream(records, convert_record, file=name_of(source), on_error=on_error)


_WS = re.compile(r"\s*")
_CHUNK = 65536


class _JsonArray:
    """Decode the elements of a top-level JSON array from a text stream, chunk by chunk."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.buffer = ""
        self.position = 0
        self.line = 1
        self.eof = False
        self.decoder = json.JSONDecoder()

    def fill(self) -> bool:
        """Append the next chunk (dropping what was consumed); ``False`` at the end."""
        if self.eof:
            return False
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def skip_whitespace(self) -> str:
        """Skip whitespace, counting lines; return the next character ('' at the end)."""
        while True:
            match = _WS.match(self.buffer, self.position)
            end = match.end() if match else self.position
            self.line += self.buffer.count("\n", self.position, end)
            self.position = end
            if self.position < len(self.buffer) or not self.fill():
                return self.buffer[self.position : self.position + 1]

    def element(self) -> object:
        """Decode the element that starts at the current position."""
        start_line = self.line
        while True:
            try:
                element, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as exc:
                if self.fill():
                    continue
                raise bad(None, f"invalid JSON: {exc.msg}", line=start_line) from None
            if end == len(self.buffer) and self.fill():
                continue  # a number may go on in the next chunk: decode it again
            self.line += self.buffer.count("\n", self.position, end)
            self.position = end
            return element

    def __iter__(self) -> Iterator[tuple[int, object]]:
        if self.skip_whitespace() != "[":
            raise bad(None, "expected a JSON array ('[') at the start of the file")
        self.position += 1
        if self.skip_whitespace() == "]":
            return
        while True:
            self.skip_whitespace()
            line = self.line
            yield line, self.element()
            separator = self.skip_whitespace()
            self.position += 1
            if separator == "]":
                return
            if separator != ",":
                raise bad(None, "expected ',' or ']' after the element", line=self.line)


def json_array(source: Input, *, encoding: str | None) -> Iterator[tuple[int, object]]:
    """Stream ``(line, element)`` for each element of a top-level JSON array.

    The file is read in chunks of 64 KiB and each element is decoded as soon as it is
    complete, so memory holds one chunk and one element, not the file.
    """
    for stream in open_text(source, encoding, "utf-8"):
        yield from _JsonArray(stream)


# -- values ----------------------------------------------------------------------------


def integer(row: dict[str, str], column: str) -> int:
    """The non-negative integer in ``column``."""
    text = row[column].strip()
    if not text.isdigit():
        raise bad(column, f"expected a whole number, got {row[column]!r}")
    return int(text)


def coordinates(row: dict[str, str]) -> Coordinates | None:
    """The point in the ``latitude`` and ``longitude`` columns, if both are filled."""
    lat, lon = row.get("latitude", "").strip(), row.get("longitude", "").strip()
    if not (lat and lon):
        return None
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise bad("latitude", f"expected numbers, got {lat!r}, {lon!r}") from None
    return Coordinates(latitude=latitude, longitude=longitude)


@functools.lru_cache(maxsize=4096)
def day_span(day: dt.date, tz: str) -> TimeSpan:
    """One calendar day in ``tz``."""
    return TimeSpan.day(day, tz=tz)


def days_span(first: dt.date, last: dt.date, precision: TimePrecision, tz: str) -> TimeSpan:
    """The days ``first`` to ``last`` inclusive, as ``[first 00:00, last + 1 day 00:00)``."""
    start = pendulum.datetime(first.year, first.month, first.day, tz=tz)
    end = pendulum.datetime(last.year, last.month, last.day, tz=tz).add(days=1)
    return TimeSpan(start=start, end=end, precision=precision)


@functools.lru_cache(maxsize=4096)
def since_invasion(as_of: dt.date, tz: str) -> TimeSpan:
    """A cumulative period: from the invasion (24 Feb 2022) to the end of ``as_of``.

    A count recorded before the invasion covers no time at all: it becomes the
    instant the period starts (its figure is a baseline, usually 0).
    """
    start = pendulum.datetime(2022, 2, 24, tz=tz)
    if as_of < INVASION_DAY:
        return TimeSpan.instant(start)
    end = pendulum.datetime(as_of.year, as_of.month, as_of.day, tz=tz).add(days=1)
    return TimeSpan(start=start, end=end, precision=TimePrecision.INTERVAL)


def first_day(span: TimeSpan | None, tz: str | None = None) -> dt.date | None:
    """The calendar day a span starts on (in ``tz``, or the span's own offset)."""
    if span is None or span.start is None:
        return None
    start = span.start if tz is None else span.start.in_timezone(tz)
    return start.date()


def last_day(span: TimeSpan | None, tz: str | None = None) -> dt.date | None:
    """The last calendar day a span covers (its exclusive end minus one day)."""
    if span is None or span.end is None:
        return None
    end = span.end if tz is None else span.end.in_timezone(tz)
    if span.start is not None and span.end == span.start:
        return end.date()
    return (end.subtract(microseconds=1)).date()


def monitor(name: str, *, aliases: Iterable[str] = ()) -> Source:
    """A monitoring project as a claimant (UCDP, ACLED, Oryx)."""
    return Source(name=name, kind=SourceKind.MONITOR, aliases=frozenset(aliases))
