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
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, TypeVar

import attrs

from conflictevents._claims import Claim
from conflictevents._external_ids import external_id
from conflictevents._ids import FORMS
from conflictevents._locations import Coordinates
from conflictevents._on_error import OnError, Rejecting
from conflictevents._sources import Source, SourceKind
from conflictevents._time import TimePrecision, TimeSpan, day_start
from conflictevents.exceptions import InvariantError, ValidationError

__all__ = [
    "ImportStream",
    "OnError",
    "RowError",
]

_V = TypeVar("_V")

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


class _FilteredOut(list[Claim]):
    """The claims of a row a reader's filter leaves out: none."""


FILTERED_OUT = _FilteredOut()
"""What a converter returns for a row its reader's filter leaves out (counted, not an error)."""


class Flagged(list[Claim]):
    """A row's claims, imported with a problem the stream lists in :attr:`ImportStream.flagged`.

    A converter returns it instead of a plain list when it imports a row but must say
    what it left out (UCDP's figures that break ``low <= best <= high``).
    """

    def __init__(self, claims: Iterable[Claim], *, column: str | None, reason: str) -> None:
        super().__init__(claims)
        self.column = column
        self.reason = reason


Converter = Callable[[int, object], Iterable[Claim]]


class ImportStream(Iterable[Claim], Rejecting):
    """The claims read from one file, streamed, with a count of what was read.

    Iterate it once. While and after iterating, :attr:`rows` counts the data rows
    read, :attr:`imported` those that became claims, :attr:`rejected` those that did
    not and :attr:`filtered_out` those a reader's filter left out (ACLED's
    ``event_types=``); ``rows == imported + rejected + filtered_out`` always holds once
    iteration ends.

    Attributes:
        file: The file's name (for messages), or ``None``.
        on_error: The error policy (see :data:`OnError`).
        rows: Data rows read so far.
        imported: Rows that became claims.
        rejected: Rows that could not be imported.
        claims_made: Claims produced so far (``claims`` before 0.1, deprecated).
        errors: The :class:`RowError` of each rejected row (``on_error="collect"``).
        filtered_out: Rows a reader's filter left out, on purpose (not errors).
        flagged: A :class:`RowError` for each row imported with a problem it states
            (what was left out of it and why), whatever ``on_error`` says.
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
        self.claims_made = 0
        self.filtered_out = 0
        self.flagged: list[RowError] = []
        self._records = records
        self._convert = convert
        self._started = False
        self._forms: dict[int, tuple[object, object]] = {}

    @property
    def claims(self) -> int:
        """Deprecated: the count of claims made, now :attr:`claims_made` (a count, not claims)."""
        warnings.warn(
            "ImportStream.claims is deprecated: it is a count; use ImportStream.claims_made",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.claims_made

    def __iter__(self) -> Iterator[Claim]:
        if self._started:
            raise RuntimeError("an ImportStream can be iterated only once; read the file again")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[Claim]:
        try:
            for line, record in self._records:
                self.rows += 1
                if isinstance(record, Unreadable):  # a row the file holds but cannot give
                    self.reject(
                        RowError(record.reason, line=line, column=record.column, file=self.file)
                    )
                    continue
                forms = FORMS.set(self._forms)  # ids hash a shared value's fields once
                try:
                    produced = self._convert(line, record)
                    claims = produced if isinstance(produced, list) else list(produced)
                except _BadValue as exc:
                    self.reject(RowError(exc.reason, line=line, column=exc.column, file=self.file))
                    continue
                except InvariantError as exc:
                    self.reject(RowError(str(exc), line=line, file=self.file))
                    continue
                finally:
                    FORMS.reset(forms)
                if claims is FILTERED_OUT:
                    self.filtered_out += 1
                    continue
                if isinstance(claims, Flagged):
                    self.flagged.append(
                        RowError(claims.reason, line=line, column=claims.column, file=self.file)
                    )
                self.imported += 1
                self.claims_made += len(claims)
                yield from claims
        except _BadValue as exc:  # the file itself is unreadable (bad JSON, bad header)
            raise RowError(exc.reason, line=exc.line, column=exc.column, file=self.file) from None
        finally:
            self._forms.clear()  # a stream kept for its counts holds no claim's values


INTERN_LIMIT = 4096
"""The most values one reader call keeps in its :class:`Interned` cache (emptied when full)."""

_MISSING: Final = object()


class Interned:
    """The values one reader call built from rows, by the raw text they were built from.

    Real files repeat themselves: the same outlet, place, actor and dates on row after
    row. A reader builds each such value once and looks it up afterwards (a dict keyed
    by the tuple of raw cell texts, with a tag naming what is built), so that a repeated
    value costs a look-up and every row holding it shares one object (and its fields
    are hashed once for an id, see :data:`~conflictevents._ids.FORMS`). The key must
    hold every text the value is built from, and nothing else may vary within one
    call (the reader's own arguments, such as ``tz``, are fixed for a call). A value
    that cannot be built raises every time (never cached), so every bad row is
    reported with its own line. At most :data:`INTERN_LIMIT` values are kept.
    """

    __slots__ = ("_limit", "_values")

    def __init__(self) -> None:
        self._values: dict[tuple[object, ...], object] = {}
        self._limit = INTERN_LIMIT

    def __call__(self, key: tuple[object, ...], build: Callable[..., _V], *args: object) -> _V:
        """The value built by ``build(*args)`` from the texts in ``key``, built once."""
        found = self._values.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = build(*args)
        if self._limit:
            if len(self._values) >= self._limit:
                self._values.clear()
            self._values[key] = value
        return value


# -- opening files --------------------------------------------------------------------

DEFAULT_ENCODING = "utf-8"
"""The encoding every reader assumes when none is given."""

Input = str | Path | IO[str]
"""A path, or a text stream already open (opened with ``newline=""`` for CSV)."""


def name_of(source: Input) -> str | None:
    """The file name to show in messages."""
    if isinstance(source, str | Path):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else None


def open_text(source: Input, encoding: str | None, default: str) -> Iterator[IO[str]]:
    """Yield the open text stream for ``source`` and close it afterwards if we opened it.

    A file opened here keeps the bytes its encoding cannot decode as lone surrogates
    (``errors="surrogateescape"``), so that the row holding them is reported by
    :func:`undecoded` and the other rows are still read.
    """
    if isinstance(source, str | Path):
        with Path(source).open(
            encoding=encoding or default, errors="surrogateescape", newline=""
        ) as stream:
            yield stream
    else:
        yield source


@attrs.frozen
class Unreadable:
    """A record the file holds but that cannot be read: the stream rejects it as a row."""

    reason: str
    column: str | None = None


_UNDECODED = re.compile("[\udc80-\udcff]+")
"""What ``errors="surrogateescape"`` makes of bytes the encoding cannot decode."""


def undecoded(values: list[str], columns: Iterable[str | None], encoding: str) -> Unreadable | None:
    """Why ``values`` cannot be read, if one holds bytes ``encoding`` cannot decode."""
    if _UNDECODED.search("".join(values)) is None:  # the usual case: one search a row
        return None
    for value, column in zip(values, columns, strict=False):
        found = _UNDECODED.search(value)
        if found is not None:
            raw = found.group().encode("utf-8", "surrogateescape")
            where = f" in column {column!r}" if column is not None else ""
            reason = f"cannot decode the bytes {raw!r}{where} as {encoding}: pass encoding="
            return Unreadable(reason, column)
    return None


def shown(value: str, limit: int = 60) -> str:
    """``repr(value)``, cut short for a value too long to print whole."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"


class _Lines:
    """The lines fed to :func:`csv.reader`, counted, with those of the current record kept.

    When the ``csv`` module gives up on a record (a field over its size limit) it drops
    the rest of that line only; :meth:`skip_record` reads on to the record's real end,
    so that the next row starts where the file's next record does.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._lines = iter(stream)
        self.count = 0
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        self.record.append(line)
        return line

    def skip_record(self) -> None:
        """Read past the end of the record that the ``csv`` module gave up on."""
        inside = _ends_inside_quotes(self.record)
        while inside:
            line = next(self._lines, None)
            if line is None:
                break
            self.count += 1
            inside = _ends_inside_quotes([line], inside=True)
        self.record.clear()


_QUOTED = re.compile(r'[^"]*')
_UNQUOTED = re.compile(r"[^,\r\n]*")


def _ends_inside_quotes(lines: Iterable[str], *, inside: bool = False) -> bool:
    """Whether a record of these lines goes on past the last one (a quoted field is open).

    The ``csv`` module's default dialect, not strict: a quote opens a quoted field only
    at the start of a field, ``""`` is a quote inside one, and anything after the
    closing quote belongs to the field.
    """
    for line in lines:
        position = 0
        while True:
            if inside:
                position = _QUOTED.match(line, position).end() + 1  # type: ignore[union-attr]
                if position > len(line):
                    break  # the quoted field goes on in the next line
                if line.startswith('"', position):
                    position += 1  # a doubled quote
                    continue
                inside = False
            elif line.startswith('"', position):
                inside = True
                position += 1
                continue
            position = _UNQUOTED.match(line, position).end()  # type: ignore[union-attr]
            if not line.startswith(",", position):
                break  # the end of the line ends the record
            position += 1
    return inside


MAX_FIELD: Final = 131_072
"""The longest CSV field the readers take (128 Ki characters): a longer one rejects its row.

Checked by the readers themselves, so that another library raising the process-wide
:func:`csv.field_size_limit` (some do, at import) cannot lift it.
"""

_TOO_LONG: Final = f"a field is longer than {MAX_FIELD:,} characters: the row is not read"


def _csv_error(exc: csv.Error) -> str:
    return _TOO_LONG if "field limit" in str(exc) else f"malformed CSV: {exc}"


def csv_rows(  # noqa: C901 - one branch per way a CSV file can be broken
    source: Input, *, encoding: str | None, default_encoding: str, required: Iterable[str]
) -> Iterator[tuple[int, object]]:
    """Stream ``(first line, row dict)`` for each data row of a CSV file.

    The header must hold every ``required`` column; a missing one stops the import
    with a clear message (no row can be read without it). A row that cannot be read
    (the wrong number of fields, bytes the encoding cannot decode, a field longer than
    the ``csv`` module's limit) is an :class:`Unreadable` record, and reading goes on.
    """
    for stream in open_text(source, encoding, default_encoding):
        lines = _Lines(stream)
        reader = csv.reader(lines)
        codec = encoding or getattr(stream, "encoding", None) or default_encoding
        try:
            header = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            reason = f"cannot decode the file at or after this line ({exc}): pass encoding="
            raise bad(None, reason, line=lines.count + 1) from None
        except csv.Error as exc:
            raise bad(None, f"cannot read the header: {_csv_error(exc)}") from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0].removeprefix("\ufeff")
        problem = undecoded(header, [None] * len(header), codec)
        if problem is not None:
            raise bad(None, f"the header: {problem.reason}")
        missing = [c for c in required if c not in header]
        if missing:
            raise bad(None, f"the header lacks the column(s) {', '.join(missing)}")
        lines.record.clear()
        start = lines.count + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:  # only from a stream the caller opened
                reason = f"cannot decode the file at or after this line ({exc}): pass encoding="
                raise bad(None, reason, line=start) from None
            except csv.Error as exc:
                lines.skip_record()
                yield start, Unreadable(_csv_error(exc))
            else:
                lines.record.clear()
                yield start, _csv_record(values, header, codec)
            start = lines.count + 1


def _csv_record(values: list[str], header: list[str], codec: str) -> object:
    if values and max(map(len, values)) > MAX_FIELD:
        return Unreadable(_TOO_LONG)
    problem = undecoded(values, [*header, *[None] * len(values)], codec)
    if problem is not None:
        return problem
    if len(values) != len(header):
        return Unreadable(f"the row has {len(values)} fields, the header {len(header)}")
    return dict(zip(header, values, strict=True))


def as_row(record: object) -> dict[str, str]:
    """The row dict of a CSV record."""
    assert isinstance(record, dict)  # noqa: S101 - csv_rows yields dicts or Unreadable
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

    records = csv_rows(
        source, encoding=encoding, default_encoding=DEFAULT_ENCODING, required=required
    )
    return ImportStream(records, convert_record, file=name_of(source), on_error=on_error)


_CHUNK = 65536

MAX_RECORD_CHARS = 16 * 1024 * 1024
"""The largest element of a JSON array a reader decodes, in characters (16 Mi, as
``loads`` takes 16 MiB): a larger one is scanned past, not kept, and rejected as a row."""

MAX_RECORD_DEPTH = 64
"""The deepest nesting of arrays and objects in one element of a JSON array: a deeper
element is rejected as a row (a record of any data set read here is one or two deep)."""

_WS = re.compile(r"[ \t\n\r]*")
_OUTSIDE = re.compile(r'[^"\[\]{}]*')
_STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)
_SCALAR = re.compile(r"[^,\]\s]*")
_OPENERS = re.compile(r"[\[{]+")
_CLOSERS = re.compile(r"[\]}]+")
_LONG_NUMBER = 64


class _LongNumber:
    """An integer too long to be a count: kept as text, so that no one converts it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"a {len(self.text.lstrip('-')):,}-digit number"


def _parse_int(text: str) -> int | _LongNumber:
    return int(text) if len(text) <= _LONG_NUMBER else _LongNumber(text)


class _JsonArray:
    """Decode the elements of a top-level JSON array from a text stream, chunk by chunk.

    Each element's extent is found by one pass over its characters (strings, brackets
    and depth counted, never recursing), then the element alone is decoded: the work
    is linear in the file, and memory holds one chunk and one element.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.buffer = ""
        self.position = 0
        self.line = 1
        self.eof = False
        self.decoder = json.JSONDecoder(parse_int=_parse_int)
        self._start = 1
        self._depth = self._deepest = 0
        self._in_string = self._scalar = False

    def fill(self, keep: str = "") -> bool:
        """Replace the buffer by ``keep`` and the next chunk; ``False`` at the end."""
        if self.eof:
            return False
        try:
            chunk = self.stream.read(_CHUNK)
        except UnicodeDecodeError as exc:  # only from a stream the caller opened
            reason = f"cannot decode the file at or after this line ({exc}): pass encoding="
            raise bad(None, reason, line=self.line) from None
        if not chunk:
            self.eof = True
            return False
        self.buffer = keep + chunk
        self.position = 0
        return True

    def skip_whitespace(self) -> str:
        """Skip whitespace, counting lines; return the next character ('' at the end)."""
        while True:
            end = _WS.match(self.buffer, self.position).end()  # type: ignore[union-attr]
            self.line += self.buffer.count("\n", self.position, end)
            self.position = end
            if self.position < len(self.buffer) or not self.fill():
                return self.buffer[self.position : self.position + 1]

    def _step(self, buffer: str, position: int) -> tuple[int, bool]:
        """Scan ``buffer`` from ``position``: where the scan stopped, and if the element ended."""
        end = len(buffer)
        while position < end:
            if self._in_string:
                position = _STRING_BODY.match(buffer, position).end()  # type: ignore[union-attr]
                if position == end or buffer[position] != '"':
                    return position, False  # the string (or a backslash) goes on in the next chunk
                position += 1
                self._in_string = False
                if self._depth == 0:
                    return position, True
            elif self._scalar:
                position = _SCALAR.match(buffer, position).end()  # type: ignore[union-attr]
                return position, position < end
            else:
                position = _OUTSIDE.match(buffer, position).end()  # type: ignore[union-attr]
                if position == end:
                    return position, False
                char = buffer[position]
                if char == '"':
                    self._in_string = True
                    position += 1
                elif char in "[{":  # a run of openers at once: "[[[[" is one step
                    run = _OPENERS.match(buffer, position).end()  # type: ignore[union-attr]
                    self._depth += run - position
                    self._deepest = max(self._deepest, self._depth)
                    position = run
                else:
                    run = _CLOSERS.match(buffer, position).end()  # type: ignore[union-attr]
                    if run - position >= self._depth:
                        return position + max(self._depth, 1), True
                    self._depth -= run - position
                    position = run
        return position, False

    def _scan(self) -> tuple[list[str] | None, int]:
        """Move past the element at the current position; return its text and depth.

        The text (in pieces) is ``None`` for an element over :data:`MAX_RECORD_CHARS`.
        """
        pieces: list[str] | None = []
        size = self._depth = self._deepest = 0
        position = begin = self.position
        first = self.buffer[position]
        self._in_string = first == '"'
        self._scalar = first not in '"[{'
        if self._in_string:
            position += 1
        while True:
            buffer = self.buffer
            position, done = self._step(buffer, position)
            self.line += buffer.count("\n", begin, position)
            size += position - begin
            if pieces is not None:
                pieces.append(buffer[begin:position])
                if size > MAX_RECORD_CHARS:
                    pieces = None
            if done:
                self.position = position
                return pieces, self._deepest
            if not self.fill(buffer[position:]):
                if self._scalar:
                    self.position = len(self.buffer)
                    return pieces, self._deepest
                raise bad(None, "invalid JSON: the file ends inside this element", line=self._start)
            begin = position = 0

    def element(self) -> object:
        """Decode the element that starts at the current position."""
        self._start = start = self.line
        pieces, deepest = self._scan()
        if pieces is None:
            return Unreadable(
                f"the element is longer than {MAX_RECORD_CHARS:,} characters: it is not read"
            )
        if deepest > MAX_RECORD_DEPTH:
            return Unreadable(
                f"the element is nested more than {MAX_RECORD_DEPTH} levels deep: it is not read"
            )
        text = "".join(pieces)
        problem = undecoded([text], [None], getattr(self.stream, "encoding", None) or "utf-8")
        if problem is not None:
            return problem
        try:
            element, end = self.decoder.raw_decode(text)
        except json.JSONDecodeError as exc:
            raise bad(None, f"invalid JSON: {exc.msg}", line=start + exc.lineno - 1) from None
        if end != len(text):
            line = start + text.count("\n", 0, end)
            raise bad(None, "invalid JSON: extra data after the element", line=line)
        return element

    def __iter__(self) -> Iterator[tuple[int, object]]:
        if self.skip_whitespace() != "[":
            raise bad(None, "expected a JSON array ('[') at the start of the file")
        self.position += 1
        if self.skip_whitespace() == "]":
            self.position += 1
            self._end()
            return
        while True:
            if self.skip_whitespace() in ",]":
                raise bad(None, "invalid JSON: expected a value", line=self.line)
            line = self.line
            yield line, self.element()
            separator = self.skip_whitespace()
            self.position += 1
            if separator == "]":
                self._end()
                return
            if separator != ",":
                raise bad(None, "expected ',' or ']' after the element", line=self.line)

    def _end(self) -> None:
        """Only whitespace may follow the array."""
        if self.skip_whitespace():
            raise bad(None, "invalid JSON: extra data after the array", line=self.line)


def json_array(source: Input, *, encoding: str | None) -> Iterator[tuple[int, object]]:
    """Stream ``(line, element)`` for each element of a top-level JSON array.

    The file is read in chunks of 64 KiB and each element is decoded as soon as it is
    complete, so memory holds one chunk and one element, not the file. An element
    longer than :data:`MAX_RECORD_CHARS` or deeper than :data:`MAX_RECORD_DEPTH` is
    an :class:`Unreadable` record (a rejected row); malformed JSON stops the file.
    """
    for stream in open_text(source, encoding, DEFAULT_ENCODING):
        yield from _JsonArray(stream)


# -- values ----------------------------------------------------------------------------

DIGITS = re.compile(r"[0-9]+")
"""A whole number as files write it: ASCII digits (``str.isdigit`` also takes "²")."""

MAX_COUNT = 2**63 - 1
"""The largest count a reader imports: the largest integer of the JSON format (64-bit)."""


def integer(row: dict[str, str], column: str) -> int:
    """The non-negative integer in ``column`` (ASCII digits, at most :data:`MAX_COUNT`)."""
    text = row[column].strip()
    if DIGITS.fullmatch(text) is None:
        raise bad(column, f"expected a whole number, got {shown(row[column])}")
    return count(text, column)


def count(text: str, column: str) -> int:
    """``text`` (ASCII digits) as a count, refused beyond :data:`MAX_COUNT`."""
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        raise bad(column, f"{shown(text)} is larger than the largest count, {MAX_COUNT:,}")
    return int(digits)


FIRST_DAY = dt.date(2, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)
"""The days a file's date may name: a day's span (and a week around it) must stay within
the years 1 to 9999 that Python's dates can hold, in any time zone."""


def calendar_day(day: dt.date, column: str, text: str) -> dt.date:
    """``day``, or a bad value in ``column`` if its span would leave the calendar."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise bad(
            column, f"{shown(text)} is outside the days a span can hold ({FIRST_DAY} to {LAST_DAY})"
        )
    return day


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
    """The days ``first`` to ``last`` inclusive, first instant to first instant.

    From the first instant of ``first`` to that of the day after ``last`` (see
    ``TimeSpan.day``).
    """
    start, end = day_start(first, tz), day_start(last + dt.timedelta(days=1), tz)
    return TimeSpan(start=start, end=end, precision=precision)


@functools.lru_cache(maxsize=4096)
def since_invasion(as_of: dt.date, tz: str) -> TimeSpan:
    """A cumulative period: from the invasion (24 Feb 2022) to the end of ``as_of``.

    A count recorded before the invasion covers no time at all: it becomes the
    instant the period starts (its figure is a baseline, usually 0).
    """
    start = day_start(INVASION_DAY, tz)
    if as_of < INVASION_DAY:
        return TimeSpan.instant(start)
    end = day_start(as_of + dt.timedelta(days=1), tz)
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


def grouped(claims: Iterable[Claim], key: Callable[[Claim], str]) -> Iterator[list[Claim]]:
    """Runs of consecutive claims with the same ``key`` (a row's claims, as read)."""
    group: list[Claim] = []
    current: str | None = None
    for claim in claims:
        this = key(claim)
        if this != current and group:
            yield group
            group = []
        current = this
        group.append(claim)
    if group:
        yield group


def write_rows(target: IO[str], columns: Iterable[str], rows: Iterable[dict[str, str]]) -> int:
    """Write a CSV header of ``columns`` and ``rows`` to ``target``; the number of rows."""
    writer = csv.DictWriter(target, fieldnames=list(columns))
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def column_ids(row: dict[str, str], columns: dict[str, str]) -> frozenset[str]:
    """The external ids a row holds in ``columns`` (column name → id scheme).

    An empty or missing cell gives no id; a value without its scheme's format is a bad
    value of its column (never dropped).
    """
    ids: set[str] = set()
    for column, scheme in columns.items():
        text = row.get(column, "").strip()
        if text:
            try:
                ids.add(external_id(scheme, text))
            except ValueError as exc:
                raise bad(column, str(exc)) from None
    return frozenset(ids)


def monitor(name: str, *, aliases: Iterable[str] = ()) -> Source:
    """A monitoring project as a claimant (UCDP, ACLED, Oryx)."""
    return Source(name=name, kind=SourceKind.MONITOR, aliases=frozenset(aliases))
