"""JSON Lines: the format header, the streaming reader and the writer.

Each line goes through the one JSON entry (:meth:`._json._Codec.decode`); a bad line is
handled by the reader's :data:`~._on_error.OnError` policy. The reader takes any
iterable of lines (a file, a Dask partition, the command line's standard input) and
applies the same rules to every one: a byte order mark before the first line is
ignored, a line over :data:`~._json.MAX_DOCUMENT_BYTES` is refused unparsed, and a
line is blank when it holds JSON whitespace only.
"""

from __future__ import annotations

import io
import os
import re
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import orjson

from ._converter import _child
from ._json import MAX_DOCUMENT_BYTES, _codec
from ._json_fast import EncodeSharing
from ._on_error import OnError, Rejecting
from .exceptions import ValidationError

__all__ = ["FORMAT", "JsonLinesReader", "read_jsonl", "write_jsonl"]

FORMAT = "conflictevents/1"
"""The wire format version that this library writes and reads.

JSON Lines files written by :func:`write_jsonl` start with the header line
``{"format": "conflictevents/1"}``. A reader refuses a file whose header names a newer
major version (``conflictevents/2``) with a :class:`ValidationError` on line 1.
"""

_FORMAT_PREFIX = "conflictevents/"
_FORMAT_MAJOR = 1
_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode()
_DIGITS = re.compile("[0-9]+")
_BINARY = "open the file in binary mode to have each bad line reported and the rest read"


def write_jsonl(objects: Iterable[object], file: str | os.PathLike[str] | IO[Any]) -> int:
    """Write objects as JSON Lines, one :func:`dumps` per line, after a format header.

    The first line is ``{"format":"conflictevents/1"}``; then one object per line.
    Objects are written as they come, so any iterable (a generator over a large data
    set) works without holding it in memory.

    Args:
        objects: Models to write (claims and events, usually).
        file: A path, or a file object open for writing (text or binary).

    Returns:
        How many objects were written.
    """
    if isinstance(file, str | os.PathLike):
        with open(file, "wb") as handle:  # noqa: PTH123 - a path or a handle
            return _write_lines(objects, handle)
    return _write_lines(objects, file)


def _write_lines(objects: Iterable[object], handle: IO[Any]) -> int:
    text = isinstance(handle, io.TextIOBase)
    write = handle.write
    for_orjson, sharing = _codec().for_orjson, EncodeSharing()
    memo, by_identity, left = None, True, 0
    count = 0
    header = orjson.dumps({"format": FORMAT}, option=orjson.OPT_APPEND_NEWLINE)
    write(header.decode() if text else header)
    for obj in objects:
        if not left:  # the memo for the next objects, while it pays (see EncodeSharing)
            memo, by_identity, left = sharing.next()
        left -= 1
        data = for_orjson(obj, memo, objects=by_identity)
        try:
            line = orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError as exc:
            msg = f"cannot be written as JSON: {exc}"
            raise ValidationError([("$", msg)], line=count + 2) from None
        write(line.decode() if text else line)
        count += 1
    return count


class JsonLinesReader(Iterator[Any], Rejecting):
    """An iterator over the records of JSON Lines; see :func:`read_jsonl`.

    Build one from any iterable of lines (``str`` or UTF-8 ``bytes``, with or without
    their line ends) to read them as :func:`read_jsonl` reads a file (the same ``type``,
    ``on_error`` and ``lenient``); ``close`` is called once the lines are done.

    Attributes:
        errors: With ``on_error="collect"``, one :class:`ValidationError` per bad line
            (each with its ``line``), in file order.
        rejected: How many bad lines were left out (``skipped`` is its deprecated name).
        format: The format named by the file's header line (``"conflictevents/1"``
            when the file has no header).
    """

    def __init__(
        self,
        lines: Iterable[str | bytes],
        *,
        type: Any = None,  # noqa: A002, ANN401
        on_error: OnError = "raise",
        lenient: bool = False,
        close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(on_error)
        self._lines = iter(lines)
        self._type = type
        self._lenient = lenient
        self._close = close
        self._decode = _codec().decode
        self._memo = _codec().memo()  # repeated values: one object per distinct text
        self._number = 0
        self.format = FORMAT

    def __iter__(self) -> typing.Self:
        return self

    def __next__(self) -> Any:  # noqa: ANN401
        decode, tp, lenient, memo = self._decode, self._type, self._lenient, self._memo
        try:
            for line in self._lines:
                self._number += 1
                number = self._number
                try:
                    if number == 1:
                        line = line.removeprefix(_BOM if isinstance(line, str) else _BOM_BYTES)  # type: ignore[arg-type]  # noqa: PLW2901
                        if self._header(line):
                            continue
                    return decode(line, tp, line=number, lenient=lenient, memo=memo)
                except ValidationError as error:
                    if not line.strip(" \t\r\n" if isinstance(line, str) else b" \t\r\n"):  # type: ignore[arg-type]
                        continue  # blank: JSON whitespace only
                    if number == 1 and error.errors[0][0].startswith("$.format"):
                        raise
                    self.reject(error)
        except UnicodeDecodeError as exc:  # from a text handle, which cannot read past it
            byte = exc.object[exc.start]
            reason = f"not valid UTF-8: byte 0x{byte:02x} at or after this line ({_BINARY})"
            self.close()
            raise ValidationError([("$", reason)], line=self._number + 1) from None
        except ValidationError:
            self.close()
            raise
        self.close()
        raise StopIteration

    def _header(self, line: str | bytes) -> bool:
        """Whether ``line`` is a format header, which is checked (a line 1 only)."""
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError:
            return False
        if type(data) is not dict or "format" not in data:
            return False
        version = data["format"]
        extra = sorted(set(data) - {"format"})
        if extra:
            raise ValidationError([(_child("$", extra[0]), "unknown header field")], line=1)
        if not isinstance(version, str) or not version.startswith(_FORMAT_PREFIX):
            problem = "is not a conflictevents format"
        elif not _DIGITS.fullmatch(major := version.removeprefix(_FORMAT_PREFIX)):
            problem = "has no version number"
        elif len(major := major.lstrip("0")) > 9 or int(major or "0") > _FORMAT_MAJOR:
            problem = f"is newer than this library reads ({FORMAT}): upgrade"
        else:
            self.format = version
            return True
        shown = repr(version)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ValidationError([("$.format", f"{shown} {problem}")], line=1)

    def __enter__(self) -> typing.Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file if :func:`read_jsonl` opened it (also on leaving a ``with``)."""
        if self._close is not None:
            self._close()
            self._close = None


def _read_lines(handle: IO[Any]) -> Iterator[str | bytes]:
    """Every line of ``handle``, never more than one line's worth in memory.

    A line longer than :data:`MAX_DOCUMENT_BYTES` is cut just past the limit (so that
    the reader refuses it without parsing it) and the rest of it is skipped unread.
    """
    readline = handle.readline
    while line := readline(MAX_DOCUMENT_BYTES + 1):
        if len(line) > MAX_DOCUMENT_BYTES and line[-1:] not in ("\n", b"\n"):
            while (rest := readline(MAX_DOCUMENT_BYTES)) and rest[-1:] not in ("\n", b"\n"):
                pass
        yield line


def read_jsonl(
    file: str | os.PathLike[str] | IO[Any],
    *,
    type: Any = None,  # noqa: A002, ANN401
    on_error: OnError = "raise",
    lenient: bool = False,
) -> JsonLinesReader:
    """Stream the objects of a JSON Lines file, one line at a time.

    Memory does not grow with the file. Blank lines are ignored; a first line
    ``{"format": ...}`` is the header (optional, see :data:`FORMAT`).

    Args:
        file: A path, or a file object open for reading (text or binary).
        type: The class (or union) every line must hold; ``None`` for any
            claim or event (a reconciliation result is not a record: pass
            ``type=Reconciliation`` or ``type=SubjectReconciliation`` to read those).
        on_error: What a bad line does. ``"raise"``: raise its
            :class:`ValidationError` (with ``.line``) at once. ``"skip"``: skip it and
            issue a :class:`SkippedLineWarning`. ``"collect"``: skip it and keep its
            error in :attr:`JsonLinesReader.errors` to inspect after the loop.
        lenient: Ignore unknown fields (a file from a newer version) instead of
            rejecting the line; an :class:`IgnoredFieldsWarning` names them.

    Returns:
        An iterator of objects with the bookkeeping of :class:`JsonLinesReader`. A file
        opened from a path is closed when the iteration ends; use ``with
        read_jsonl(path) as reader:`` to close it when stopping early.

    Raises:
        ValidationError: A bad line with ``on_error="raise"``, or a header that names a
            newer format (whatever ``on_error`` says).
    """
    options: dict[str, Any] = {"type": type, "on_error": on_error, "lenient": lenient}
    if isinstance(file, str | os.PathLike):
        handle = open(file, "rb")  # noqa: PTH123, SIM115 - closed by the reader
        return JsonLinesReader(_read_lines(handle), close=handle.close, **options)
    lines = _read_lines(file) if hasattr(file, "readline") else file
    return JsonLinesReader(lines, **options)
