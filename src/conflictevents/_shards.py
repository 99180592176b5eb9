"""Claims in shards by subject: what ``reconcile --jobs`` and ``extra.dask`` share.

Every claim (and assessment) of one subject must be reconciled in one place. Both
parallel paths send each JSON Lines line, as its text, to the shard of its subject
(:func:`shard_of` of its :func:`~conflictevents.subject_key`), then reconcile each shard
on its own (:func:`read_shard`, then :func:`~conflictevents.reconcile`). The key is
read from the line's subject alone (:func:`line_key`): the whole claim is decoded, and
checked, once, in its shard. Since subjects never straddle shards, the shards' results
side by side are the result of one process.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson

from ._claims import Subject
from ._json import MAX_DOCUMENT_BYTES, _codec
from ._json_fast import Memo
from ._subject_keys import subject_key
from .exceptions import ValidationError

__all__ = ["KeyMemo", "collector_paused", "line_key", "line_keyer", "read_shard", "shard_of"]

_KEYED = frozenset({"claim", "assessment"})
_MEMO_SUBJECTS = 1 << 16

KeyMemo = dict[bytes, str | None]
"""Subject keys by the JSON text of their subject, for :func:`line_key` to share."""


def shard_of(key: str, shards: int) -> int:
    """The shard (``0`` to ``shards - 1``) of a subject key, the same in every process.

    Python's own ``hash`` of a string differs from process to process; CRC-32 does not.
    """
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % shards


def line_key(line: str | bytes, memo: KeyMemo | None = None) -> str | None:
    """The subject key of a claim or assessment line, decoding its subject alone.

    ``None`` when the line is anything else: blank, a header, an event, not JSON, a
    record whose subject is not valid, or a line (its newline counted) over the
    document limit, which the reader refuses whole. The caller then reads that line whole (the
    reader's rules decide what it is); a claim keyed here is still checked whole, where
    it is decoded, in its shard.

    With a ``memo`` (one per block of lines), a subject already met, written the same
    way, is not decoded again: claims of one subject repeat it on every line, and
    decoding it is most of the cost. The memo is keyed by the subject's JSON text (as
    written, read by msgspec with the rest of the line skipped, when the decode engine is
    on; else as ``orjson`` writes it again), the text the key is decoded from, so its
    answer is the one decoding would give; it holds at most 65,536 subjects.
    A caller keying many lines takes :func:`line_keyer` once instead.
    """
    return line_keyer(memo)(line)


def line_keyer(memo: KeyMemo | None = None) -> Callable[[str | bytes], str | None]:
    """:func:`line_key` for many lines: ``line_keyer(memo)(line) == line_key(line, memo)``.

    Whether msgspec reads the subject (the decode engine is on) is decided once, here,
    and the memo (a new one when ``None``) is bound: keying a line is one call.
    """
    subject_of = _engine_subject(_splitter()) if _codec().wants_engine() else _orjson_subject
    known: KeyMemo = {} if memo is None else memo
    limit = MAX_DOCUMENT_BYTES
    keyed = _KEYED

    def key(line: str | bytes) -> str | None:
        if len(line) > limit:
            return None
        try:
            type_, text, tree = subject_of(line)
        except Exception:  # noqa: BLE001 - any failure: the line is read whole instead
            return None
        if type_ not in keyed:
            return None
        try:
            return known[text]
        except KeyError:
            if len(known) >= _MEMO_SUBJECTS:
                known.clear()
            found = known[text] = _subject_key(text, tree)
            return found

    return key


def _engine_subject(
    split: Callable[[str | bytes], Any],
) -> Callable[[str | bytes], tuple[object, bytes, object]]:
    """A line's ``type`` and its subject's JSON text, read by msgspec (the rest skipped in C)."""

    def subject_of(line: str | bytes) -> tuple[object, bytes, object]:
        found = split(line)
        return found.type, bytes(found.subject), None

    return subject_of


def _orjson_subject(line: str | bytes) -> tuple[object, bytes, object]:
    """A line's ``type``, its subject written again by ``orjson``, and the subject parsed."""
    tree = orjson.loads(line)
    if tree.__class__ is not dict or tree.get("type") not in _KEYED:
        return None, b"", None  # not keyed (an unhashable type raises: not keyed either)
    subject = tree["subject"]
    return tree["type"], orjson.dumps(subject), subject


@functools.cache
def _splitter() -> Callable[[str | bytes], Any]:
    """A msgspec decoder of a line's ``type`` and its subject's text (the engine is on)."""
    import msgspec  # noqa: PLC0415 - only with the engine: import time

    keyed = msgspec.defstruct("_Keyed", [("type", str), ("subject", msgspec.Raw)])
    decode: Callable[[str | bytes], Any] = msgspec.json.Decoder(keyed).decode
    return decode


def _subject_key(text: bytes, tree: object) -> str | None:
    """The key of the subject ``text`` (``tree`` when already parsed); ``None`` if invalid."""
    try:
        if tree is None:
            subject = _codec().decode(text, Subject)
        else:
            subject = _codec().decode(tree, Subject, parsed=True)
    except Exception:  # noqa: BLE001 - any failure: the line is read whole instead
        return None
    return subject_key(subject)


def read_shard(
    lines: Iterable[tuple[int | None, str | bytes]],
    *,
    type: Any = None,  # noqa: A002, ANN401 - read_jsonl's word
    lenient: bool = False,
    memo: Memo | None = None,
) -> tuple[list[Any], list[ValidationError]]:
    """Decode a shard's lines, each with its line number: the records, and the errors.

    Each line is decoded as :func:`~conflictevents.read_jsonl` decodes a line (``type``
    and ``lenient`` alike, repeated values shared through one memo), and a bad one gives
    its :class:`ValidationError`, carrying the line number given with it, in order.
    A shard read in several calls (one per block) passes one ``memo`` (from
    ``_codec().memo()``) to them all, so that its values are shared across blocks.
    """
    codec = _codec()
    decode = codec.decode
    if memo is None:
        memo = codec.memo()  # a shard shares repeated values as a reader does
    records: list[Any] = []
    errors: list[ValidationError] = []
    for number, line in lines:
        try:
            records.append(decode(line, type, line=number, lenient=lenient, memo=memo))
        except ValidationError as error:
            errors.append(error)
    return records, errors


class _Pause:
    """Who is inside :func:`collector_paused`, and whether the collector ran before."""

    lock = threading.Lock()
    inside = 0
    was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a shard's objects are made and used.

    Decoding and reconciling a shard makes millions of objects that live until the shard
    is done, and no reference cycles to speak of: the collector's passes over them (full
    ones over every object the process holds, again and again as they grow) find nothing
    to free, and cost a fifth of the work. Reference counting still frees everything that
    is dropped. Threads running shards at once share one pause: the collector runs again,
    if it ran before the first of them entered, once the last of them leaves.
    """
    with _Pause.lock:
        if not _Pause.inside:
            _Pause.was_enabled = gc.isenabled()
            gc.disable()
        _Pause.inside += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.inside -= 1
            if not _Pause.inside and _Pause.was_enabled:
                gc.enable()
