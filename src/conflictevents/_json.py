"""JSON in and out: one codec, tried fast and explained strictly.

Two paths read JSON, behind one entry, :meth:`_Codec.decode`. The fast path
(``_json_fast``) is a generated function per model class, fused with ``orjson.loads``.
Only when it fails, for whatever reason, does the strict path run, to explain why: the
cattrs converter of :mod:`._converter`, whose errors become one
:class:`~conflictevents.exceptions.ValidationError` with a JSON path per problem. So
errors always come from the strict path, and both paths build equal objects (tested).
JSON Lines files are read and written by :mod:`._jsonl`, through the same entry.
"""

from __future__ import annotations

import functools
import typing
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, overload

import attrs
import orjson

from ._codegen import tag_of
from ._converter import (
    _is_union,
    _structure_datetime,
    _unstructure_datetime,
    _validation_error,
    make_converter,
)
from ._json_fast import (
    Memo,
    make_fast_structure,
    make_fast_unstructure,
    new_encode_memo,
    new_memo,
    unshared_memo,
)
from ._json_text import DUPLICATE_KEY, duplicate_keys, json_path, parse_error, unique_keys
from ._locations import Location
from ._quantity import Quantity
from ._reconcile import SubjectReconciliation
from ._records import RECORD_TYPES, Document, Record
from ._sources import Publication, Source
from ._time import TimeSpan
from .exceptions import IgnoredFieldsWarning, ValidationError

__all__ = ["MAX_DOCUMENT_BYTES", "dumps", "from_dict", "loads", "to_dict"]

T = TypeVar("T")

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""The largest JSON document (or JSON Lines line) accepted: 16 MiB.

Anything longer is refused with a :class:`ValidationError` before it is parsed.
"""

_orjson_loads = orjson.loads

SHARED: tuple[type, ...] = (Source, Location, Publication, TimeSpan, Quantity)
"""The values that repeat across records: one object per distinct JSON text while
decoding (per call, per reader), one dict per object while encoding (``_json_fast``)."""
_UNSHARED_MEMO = unshared_memo(len(SHARED))


class _Codec:
    """A converter with its hooks fetched once, and the one way JSON is decoded.

    :meth:`decode` tries the generated fast path (``_json_fast``) and runs the strict
    cattrs hooks only to explain its failure; encoding for :func:`dumps` uses generated
    functions too, :func:`to_dict` the converter.
    """

    def __init__(self, *, lenient: bool) -> None:
        self.converter = make_converter(lenient=lenient)
        self.record = self.converter.get_structure_hook(Record)
        self.unstructure_by_class: dict[type, Callable[[Any], Any]] = {
            cls: self.converter.get_unstructure_hook(cls) for cls in RECORD_TYPES
        }
        self.lenient = lenient
        self.fast: dict[Any, Callable[..., Any]] = {}
        self.fast_unstructure: dict[type, Callable[..., Any]] = {}
        self.engines: dict[Any, Any] = {}  # tp -> engine (or None: the pure path)
        self.use_engine: bool | None = None  # decided on the first decode (_json_engine)
        if not lenient:
            self.fast[None] = make_fast_structure(Record, _structure_datetime, SHARED)
            self.fast_unstructure = make_fast_unstructure(
                list(RECORD_TYPES), _unstructure_datetime, SHARED
            )

    @functools.cached_property
    def fast_unstructure_plain(self) -> dict[type, Callable[..., Any]]:
        """The generated encoders without a memo, built on first use.

        Only a writer whose memo does not pay, and :meth:`for_orjson` without one, use them.
        """
        if self.lenient:
            return {}
        return make_fast_unstructure(list(RECORD_TYPES), _unstructure_datetime, memo=False)

    @staticmethod
    def memo() -> Memo:
        """A new decoding memo: a reader keeps one for all its lines (see ``_json_fast``)."""
        return new_memo(len(SHARED))

    encode_memo = staticmethod(new_encode_memo)

    def fast_decoder(self, tp: Any) -> Callable[..., Any] | None:  # noqa: ANN401
        """The generated decoder for ``tp``, built on first use; ``None`` if there is none.

        The lenient codec has none: the generated code rejects unknown fields.
        """
        fast = self.fast.get(tp)
        if fast is None and tp is not None and self.fast and _fast_supported(tp):
            fast = self.fast[tp] = make_fast_structure(tp, _structure_datetime, SHARED)
        return fast

    def decode(
        self,
        data: object,
        tp: Any,  # noqa: ANN401
        *,
        line: int | None = None,
        lenient: bool = False,
        parsed: bool = False,
        max_bytes: int = MAX_DOCUMENT_BYTES,
        memo: Memo | None = None,
    ) -> Any:  # noqa: ANN401
        """The ``tp`` that JSON text ``data`` (``parsed``: already parsed JSON) describes.

        The generated decoder runs first; when it fails, the strict path runs once, to
        explain the failure (or, ``lenient``, to ignore unknown fields). ``line`` is the
        JSON Lines line number that errors and warnings carry. Repeated values share one
        object through ``memo`` (a new one per call without it); parsed input, whose
        values need not be JSON's own types, shares nothing.

        Raises:
            ValidationError: ``data`` is not JSON, or not a valid ``tp``.
        """
        fast = self.fast.get(tp) or self.fast_decoder(tp)
        if fast is not None and (parsed or (data.__class__ in _TEXT and len(data) <= max_bytes)):
            obj = self.fast_decode(data, tp, fast, memo, parsed=parsed)
            if obj is not _DECLINED:
                return obj
        if not parsed:
            data = _parse(data, line, max_bytes)
        try:
            return self.strict_structure(data, tp)
        except Exception as exc:  # noqa: BLE001 - every failure (RecursionError too) becomes one error
            error = _validation_error(exc, line)
        unknown = [path for path, message in error.errors if message.startswith("unknown field")]
        if not lenient or not unknown:
            raise error
        try:
            obj = _codec(lenient=True).strict_structure(data, tp)
        except Exception as exc:  # noqa: BLE001
            raise _validation_error(exc, line) from None
        where = f"line {line}: " if line is not None else ""
        warnings.warn(
            IgnoredFieldsWarning(f"{where}ignored unknown fields: {', '.join(unknown)}", unknown),
            stacklevel=3,
        )
        return obj

    def fast_decode(
        self,
        data: object,
        tp: Any,  # noqa: ANN401
        fast: Callable[..., Any],
        memo: Memo | None,
        *,
        parsed: bool,
    ) -> Any:  # noqa: ANN401
        """The engine (text only), then the generated decoder; ``_DECLINED`` if both fail."""
        if not parsed:
            memo = memo or self.memo()
            engine = self.engines.get(tp, _UNBUILT)
            if engine is _UNBUILT:
                engine = self.engine(tp)
            if engine is not None:
                try:
                    return engine(data, memo)
                except Exception:  # noqa: BLE001, S110 - the pure path decodes it
                    pass
        try:
            if parsed:
                tree, memo = data, _UNSHARED_MEMO
            else:
                tree = _orjson_loads(data)  # type: ignore[arg-type]
            obj = fast(tree, memo)
            if parsed or unique_keys(data, tree):  # type: ignore[arg-type]
                return obj
        except Exception:  # noqa: BLE001, S110 - the strict path explains it
            pass
        return _DECLINED

    def wants_engine(self) -> bool:
        """Whether the msgspec engine reads (installed, not switched off), decided once."""
        if self.use_engine is None:
            from . import _json_engine  # noqa: PLC0415 - msgspec on first decode: import time

            self.use_engine = _json_engine.wanted()
        return bool(self.use_engine and self.fast)

    def engine(self, tp: Any) -> Callable[..., Any] | None:  # noqa: ANN401
        """The msgspec engine for ``tp`` (``_json_engine``), built on first use.

        ``None`` without msgspec, with ``CONFLICTEVENTS_PURE_DECODE`` set, or for a type
        other than a record class or the union of them.
        """
        made = None
        # Records only (what the laws of tests/test_json_engine.py cover); results and
        # parts of records take the pure path. A document (loads without a type) is
        # tried as a record: a result fails msgspec at its tag and goes the pure way.
        root = Record if tp is None or tp is Document else tp
        if self.wants_engine() and (root is Record or root in RECORD_TYPES):
            from . import _json_engine  # noqa: PLC0415

            made = _json_engine.make_engine(root, _structure_datetime, SHARED)
        self.engines[tp] = made
        return made

    def strict_structure(self, data: object, tp: Any) -> Any:  # noqa: ANN401
        """The strict cattrs path alone (it explains failures; tests compare both paths)."""
        if tp is None:
            return self.record(data, Record)
        return self.converter.get_structure_hook(tp)(data, tp)

    def unstructure(self, obj: object) -> Any:  # noqa: ANN401
        hook = self.unstructure_by_class.get(obj.__class__)
        if hook is None:
            if not attrs.has(obj.__class__):
                msg = f"expected a conflictevents model, got {type(obj).__name__}"
                raise TypeError(msg)
            hook = self.converter.get_unstructure_hook(obj.__class__)
        return hook(obj)

    def for_orjson(
        self,
        obj: object,
        memo: dict[Any, Any] | None = None,
        *,
        objects: bool = True,
    ) -> Any:  # noqa: ANN401
        """What orjson writes as :func:`dumps` output (enums may stay members).

        A writer passes one ``memo`` (:meth:`encode_memo`) for all its objects: repeated
        timestamps and shared models are then written from what it keeps; with
        ``objects=False``, timestamps only, by the functions without object look-ups.
        Without a memo, nothing is kept.
        """
        if memo is None or not objects:
            hook = self.fast_unstructure_plain.get(obj.__class__) or self._result_hook(obj, False)  # noqa: FBT003
            if hook is None:
                return self.unstructure(obj)
            return hook(obj) if memo is None else hook(obj, memo)
        hook = self.fast_unstructure.get(obj.__class__) or self._result_hook(obj, True)  # noqa: FBT003
        return self.unstructure(obj) if hook is None else hook(obj, memo)

    def _result_hook(self, obj: object, memo: bool) -> Callable[..., Any] | None:
        """The generated encoder of a subject's result, made on its first use (else ``None``).

        A result holds its claims: written by the records' generated functions (with the
        writer's memo), not by cattrs, it costs a third. Built on first use, as import
        and reading never need it (``tests/test_json_encode.py`` holds it to the strict path).
        """
        if obj.__class__ is not SubjectReconciliation or self.lenient:
            return None
        table = self.fast_unstructure if memo else self.fast_unstructure_plain
        made = make_fast_unstructure(
            [SubjectReconciliation], _unstructure_datetime, SHARED, memo=memo
        )
        hook = table[SubjectReconciliation] = made[SubjectReconciliation]
        return hook


_TEXT = frozenset({str, bytes})
_UNBUILT, _DECLINED = object(), object()


def _fast_supported(tp: Any) -> bool:  # noqa: ANN401
    if isinstance(tp, type) and attrs.has(tp):
        return tp.__module__.startswith("conflictevents.")
    if _is_union(tp):
        return all(
            isinstance(m, type) and attrs.has(m) and tag_of(m) is not None
            for m in typing.get_args(tp)
        )
    return False


@functools.cache
def _codec(*, lenient: bool = False) -> _Codec:
    return _Codec(lenient=lenient)


def _parse(text: object, line: int | None = None, limit: int = MAX_DOCUMENT_BYTES) -> Any:  # noqa: ANN401
    if not isinstance(text, str | bytes | bytearray | memoryview):
        msg = f"expected JSON text (str or bytes), got {type(text).__name__}"
        raise TypeError(msg)
    if len(text) > limit:
        where = "" if line is not None else " (loads(..., max_bytes=) reads a larger one)"
        problem = f"document is larger than the limit of {limit} bytes{where}"
        raise ValidationError([("$", problem)], line=line)
    if line is not None:  # a JSON Lines line: its end is not part of the document
        text = text.rstrip(" \t\r\n") if isinstance(text, str) else bytes(text).rstrip(b" \t\r\n")
    try:
        tree = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        what, row, column = parse_error(text, exc)
        where = f"column {column}" if line is not None else f"line {row} column {column}"
        raise ValidationError([("$", f"{what} at {where}")], line=line) from None
    text = text if isinstance(text, str | bytes) else bytes(text)
    if not unique_keys(text, tree):
        problems = [(json_path(path), DUPLICATE_KEY) for path in duplicate_keys(text)]
        raise ValidationError(problems, line=line)
    return tree


def _encode(obj: object) -> bytes:
    codec = _codec()
    data = codec.for_orjson(obj, codec.encode_memo())
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError as exc:
        raise ValidationError([("$", f"cannot be written as JSON: {exc}")]) from None


# -- public API --------------------------------------------------------------------------


def dumps(obj: object) -> str:
    """Serialize one model (a claim, an event, or any part of one) to a JSON string.

    Every object carries its ``"type"`` tag, wire names are the field names, times are
    RFC 3339 strings with their offset, enums are their lowercase values, and the same
    object always gives the same string (frozensets are written sorted).

    Args:
        obj: A conflictevents model.

    Returns:
        Compact JSON text.

    Raises:
        TypeError: ``obj`` is not a conflictevents model.
        ValidationError: ``obj`` holds a value JSON cannot represent (an integer
            beyond 64 bits).

    Example:
        >>> from conflictevents import Quantity, dumps
        >>> dumps(Quantity(value=498))
        '{"value":498,"qualifier":"exact","low":498,"high":498}'
    """
    return _encode(obj).decode()


@overload
def loads(
    text: str | bytes, type: None = None, *, lenient: bool = False, max_bytes: int = ...
) -> Document: ...
@overload
def loads(
    text: str | bytes, type: type[T], *, lenient: bool = False, max_bytes: int = ...
) -> T: ...
@overload
def loads(
    text: str | bytes,
    type: Any,  # noqa: ANN401
    *,
    lenient: bool = False,
    max_bytes: int = ...,
) -> Any: ...  # noqa: ANN401
def loads(
    text: str | bytes,
    type: Any = None,  # noqa: A002
    *,
    lenient: bool = False,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Any:
    """Read one object from JSON text.

    Without ``type`` the ``"type"`` tag decides what comes back (a :class:`Claim`, an
    event, or a reconciliation result: :class:`Reconciliation`,
    :class:`SubjectReconciliation`); with ``type=Claim`` anything but a claim is an
    error. Parts of records (``type=Source``, ``type=TimeSpan``) are read the same way.

    Args:
        text: JSON text, ``str`` or UTF-8 ``bytes``.
        type: The class (or union) expected; ``None`` for whatever the ``"type"``
            tag names: a claim, an event or a reconciliation result.
        lenient: Ignore unknown fields (from files written by a newer version) instead
            of rejecting them; an :class:`IgnoredFieldsWarning` names them.
        max_bytes: The largest document read (16 MiB: a guard against hostile input).
            :func:`dumps` writes a larger one for a big reconciliation (from some 5,000
            claims); pass its length, or more, to read it back.

    Returns:
        The object.

    Raises:
        ValidationError: The text is not valid JSON, too large, nested too deeply, or
            does not describe a valid object; the error lists every problem with its
            JSON path.
    """
    tp = Document if type is None else type
    return _codec().decode(text, tp, lenient=lenient, max_bytes=max_bytes)


def to_dict(obj: object) -> dict[str, Any]:
    """The JSON-ready ``dict`` of a model, for tools that embed it in their own JSON.

    Values are only ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and
    ``None``; ``orjson.dumps(to_dict(x))`` gives the bytes of ``dumps(x)``.

    Args:
        obj: A conflictevents model.

    Returns:
        A new dict.

    Raises:
        TypeError: ``obj`` is not a conflictevents model.
    """
    result: dict[str, Any] = _codec().unstructure(obj)
    return result


@overload
def from_dict(data: object, type: None = None, *, lenient: bool = False) -> Document: ...
@overload
def from_dict(data: object, type: type[T], *, lenient: bool = False) -> T: ...
@overload
def from_dict(data: object, type: Any, *, lenient: bool = False) -> Any: ...  # noqa: ANN401
def from_dict(data: object, type: Any = None, *, lenient: bool = False) -> Any:  # noqa: A002
    """Build a model from JSON-ready data (the inverse of :func:`to_dict`).

    The data must hold JSON types only: lists, not tuples; strings for enums and times.

    Args:
        data: Parsed JSON (a ``dict``).
        type: The class (or union) expected; ``None`` for whatever the ``"type"``
            tag names: a claim, an event or a reconciliation result.
        lenient: Ignore unknown fields instead of rejecting them.

    Returns:
        The object.

    Raises:
        ValidationError: ``data`` does not describe a valid object.
    """
    tp = Document if type is None else type
    return _codec().decode(data, tp, lenient=lenient, parsed=True)
