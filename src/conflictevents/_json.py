"""JSON in and out: strict converters, JSON Lines streaming and readable errors.

Two paths read JSON. The fast path (``_json_fast``) is a generated function per model
class, tried first on every document or line, fused with ``orjson.loads``. When it
fails, for whatever reason, the strict path runs: one cattrs converter (built on the
orjson preset by :func:`make_converter`) whose hooks never coerce (``"false"`` is not
``True``, ``1.7`` is not ``1``, ``"abc"`` is not a list), reject unknown fields, and
raise small private exceptions that :func:`_problems` turns into ``(JSON path,
message)`` pairs for :class:`~conflictevents.exceptions.ValidationError`. So errors
always come from the strict path, and both paths build equal objects (tested).

The strict hooks are tuned too: fetched once, tagged unions dispatched through a dict,
datetimes parsed with :meth:`datetime.datetime.fromisoformat` sharing one timezone
object per offset.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import re
import types
import typing
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Literal, TypeVar, overload

import attrs
import cattrs
import orjson
import pendulum
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn
from cattrs.preconf.orjson import OrjsonConverter
from cattrs.preconf.orjson import make_converter as _make_orjson_converter

from ._json_fast import make_fast_structure, make_fast_unstructure, tag_of
from ._records import RECORD_TYPES, Document, Record
from .exceptions import (
    IgnoredFieldsWarning,
    InvariantError,
    SkippedLineWarning,
    ValidationError,
)

__all__ = [
    "FORMAT",
    "MAX_DOCUMENT_BYTES",
    "JsonLinesReader",
    "dumps",
    "from_dict",
    "loads",
    "make_converter",
    "read_jsonl",
    "to_dict",
    "write_jsonl",
]

T = TypeVar("T")

FORMAT = "conflictevents/1"
"""The wire format version that this library writes and reads.

JSON Lines files written by :func:`write_jsonl` start with the header line
``{"format": "conflictevents/1"}``. A reader refuses a file whose header names a newer
major version (``conflictevents/2``) with a :class:`ValidationError` on line 1.
"""

_FORMAT_PREFIX = "conflictevents/"
_FORMAT_MAJOR = 1

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""The largest JSON document (or JSON Lines line) accepted: 16 MiB.

Anything longer is refused with a :class:`ValidationError` before it is parsed.
"""

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})", re.ASCII
)
_NONE_TYPE = type(None)


# -- problems raised by the hooks --------------------------------------------------------


class _Invalid(ValueError):  # noqa: N818 - private, never escapes
    """A problem at the current value (or at its ``key``, when given)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


class _ItemErrors(ValueError):  # noqa: N818 - private, never escapes
    """Problems inside items of an array: ``(index, exception)`` pairs."""

    def __init__(self, errors: list[tuple[int, Exception]]) -> None:
        super().__init__(f"{len(errors)} bad items")
        self.errors = errors


_JSON_TYPE_NAMES: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    _NONE_TYPE: "null",
}


def _json_type(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{orjson.dumps(key).decode()}]"


def _problems(exc: BaseException, path: str = "$") -> list[tuple[str, str]]:  # noqa: C901, PLR0911
    """Every ``(path, message)`` pair inside ``exc``, in document order."""
    if isinstance(exc, ClassValidationError):
        out: list[tuple[str, str]] = []
        with_notes, without_notes = exc.group_exceptions()
        for sub, note in with_notes:
            name = str(getattr(note, "name", getattr(note, "index", "?")))
            if isinstance(sub, KeyError) and not isinstance(sub, _Invalid):
                out.append((_child(path, name), "required field missing"))
            else:
                out.extend(_problems(sub, _child(path, name)))
        for sub in without_notes:
            out.extend(_problems(sub, path))
        return out
    if isinstance(exc, _ItemErrors):
        return [p for index, sub in exc.errors for p in _problems(sub, _child(path, index))]
    if isinstance(exc, _Invalid):
        return [(path if exc.key is None else _child(path, exc.key), exc.message)]
    if isinstance(exc, ForbiddenExtraKeysError):
        name = exc.cl.__name__
        return [
            (_child(path, key), f"unknown field ({name} has no field {key!r})")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, InvariantError):
        return [(_child(path, exc.field), exc.reason)]
    if isinstance(exc, RecursionError):
        return [(path, "nested too deeply")]
    if isinstance(exc, cattrs.BaseValidationError):
        return [p for sub in exc.exceptions for p in _problems(sub, path)]
    return [(path, f"{type(exc).__name__}: {exc}")]


def _validation_error(exc: BaseException, line: int | None = None) -> ValidationError:
    problems = _problems(exc)
    if any(message == "nested too deeply" for _, message in problems):
        problems = [("$", "nested too deeply")]
    return ValidationError(problems, line=line)


# -- structure hooks ---------------------------------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return value
    raise _Invalid(f"expected a string, got {_json_type(value)}")


def _structure_int(value: object, _: object) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer() and abs(value) >= 2**63:
        raise _Invalid(f"{value:.0f} is too large (integers must fit in 64 bits)")
    raise _Invalid(f"expected an integer, got {_json_type(value)}")


def _structure_float(value: object, _: object) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _Invalid(f"expected a number, got {_json_type(value)}")


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise _Invalid(f"expected a boolean, got {_json_type(value)}")


_TIMEZONES: dict[dt.tzinfo | None, pendulum.FixedTimezone] = {}
_fromisoformat = dt.datetime.fromisoformat
_match_rfc3339 = _RFC3339.fullmatch
_DateTime = pendulum.DateTime


def _timezone(tzinfo: dt.tzinfo | None) -> pendulum.FixedTimezone:
    """One shared pendulum zone per offset (the parser gives ``datetime.timezone``)."""
    offset = dt.timedelta(0) if tzinfo is None else tzinfo.utcoffset(None)
    assert offset is not None  # noqa: S101 - the pattern requires an offset
    tz = _TIMEZONES[tzinfo] = pendulum.FixedTimezone(offset.days * 86400 + offset.seconds)
    return tz


def _structure_datetime(value: object, _: object) -> pendulum.DateTime:
    if value.__class__ is not str or _match_rfc3339(value) is None:
        raise _datetime_error(value)
    try:
        p = _fromisoformat(value)
    except ValueError as exc:
        raise _Invalid(f"{value!r} is not a valid date-time ({exc})") from None
    tz = _TIMEZONES.get(p.tzinfo) or _timezone(p.tzinfo)
    return _DateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, p.microsecond, tzinfo=tz)


def _datetime_error(value: object) -> _Invalid:
    if type(value) is not str:
        return _Invalid(f"expected an RFC 3339 date-time string, got {_json_type(value)}")
    return _Invalid(
        f"{value!r} is not an RFC 3339 date-time with an offset (like '2022-03-03T08:00:00+02:00')"
    )


def _structure_enum(value: object, enum_type: type[enum.Enum]) -> Any:  # noqa: ANN401
    try:
        return enum_type._value2member_map_[value]
    except (KeyError, TypeError):
        if type(value) is not str:
            raise _Invalid(f"expected a string, got {_json_type(value)}") from None
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise _Invalid(f"{value!r} is not one of {allowed}") from None


def _literal_structure_factory(literal: Any) -> Callable[[object, object], Any]:  # noqa: ANN401
    allowed = typing.get_args(literal)

    def structure(value: object, _: object) -> Any:  # noqa: ANN401
        if type(value) is str and value in allowed:
            return value
        expected = " or ".join(repr(a) for a in allowed)
        got = repr(value) if type(value) is str else _json_type(value)
        raise _Invalid(f"expected {expected}, got {got}")

    return structure


def _is_union(tp: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _union_structure_factory(
    union: Any,  # noqa: ANN401
    converter: cattrs.Converter,
) -> Callable[[object, object], Any]:
    args = typing.get_args(union)
    members = [a for a in args if a is not _NONE_TYPE]
    optional = len(members) < len(args)
    if len(members) == 1:
        inner = converter.get_structure_hook(members[0])
        member = members[0]
        if not optional:
            return inner

        def structure_optional(value: object, _: object) -> Any:  # noqa: ANN401
            return None if value is None else inner(value, member)

        return structure_optional
    tags = {tag_of(cls): cls for cls in members}
    if None in tags or len(tags) != len(members):
        msg = f"conflictevents can only structure unions of tagged classes, not {union}"
        raise TypeError(msg)
    hooks = {tag: (converter.get_structure_hook(cls), cls) for tag, cls in tags.items()}
    allowed = ", ".join(typing.cast("str", t) for t in tags)

    def structure(value: object, _: object) -> Any:  # noqa: ANN401
        if value is None and optional:
            return None
        if type(value) is not dict:
            raise _Invalid(f"expected an object, got {_json_type(value)}")
        tag = value.get("type")
        try:
            hook, cls = hooks[tag]
        except (KeyError, TypeError):
            if "type" not in value:
                raise _Invalid("required field missing", key="type") from None
            got = repr(tag) if type(tag) is str else _json_type(tag)
            raise _Invalid(f"{got} is not one of {allowed}", key="type") from None
        return hook(value, cls)

    return structure


def _sequence_structure_factory(
    tp: Any,  # noqa: ANN401
    converter: cattrs.Converter,
) -> Callable[[object, object], Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
        msg = f"conflictevents structures only homogeneous tuples, not {tp}"
        raise TypeError(msg)
    item_type = args[0]
    item = converter.get_structure_hook(item_type)
    build: Callable[[list[Any]], Any] = tuple if origin is tuple else frozenset

    def structure(value: object, _: object) -> Any:  # noqa: ANN401
        if type(value) is not list:
            raise _Invalid(f"expected an array, got {_json_type(value)}")
        try:
            return build([item(x, item_type) for x in value])
        except Exception:  # noqa: BLE001 - redone item by item to find every bad index
            errors: list[tuple[int, Exception]] = []
            for index, x in enumerate(value):
                try:
                    item(x, item_type)
                except Exception as exc:  # noqa: BLE001
                    errors.append((index, exc))
            raise _ItemErrors(errors) from None

    return structure


def _attrs_structure_factory(
    cls: type,
    converter: cattrs.Converter,
) -> Callable[[object, object], Any]:
    forbid = not getattr(converter, "_conflictevents_lenient", False)
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=forbid,
        _cattrs_detailed_validation=True,
    )
    tag = tag_of(cls)
    name = cls.__name__

    def structure(value: object, _: object) -> Any:  # noqa: ANN401
        if type(value) is not dict:
            raise _Invalid(f"expected an object ({name}), got {_json_type(value)}")
        if tag is not None and value.get("type") != tag:
            if "type" not in value:
                raise _Invalid("required field missing", key="type")
            got = value["type"]
            got = repr(got) if type(got) is str else _json_type(got)
            raise _Invalid(f"expected {tag!r}, got {got}", key="type")
        return inner(value, cls)

    return structure


# -- unstructure hooks -------------------------------------------------------------------


def _identity(value: Any) -> Any:  # noqa: ANN401
    return value


_RFC3339_LENGTHS = frozenset({25, 32})  # YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM


def _unstructure_datetime(value: dt.datetime) -> str:
    text = value.isoformat()
    if len(text) in _RFC3339_LENGTHS:
        return text
    # An offset with seconds (historical local mean time) is not RFC 3339: write UTC.
    return value.astimezone(dt.UTC).isoformat()


def _unstructure_enum(value: enum.Enum) -> Any:  # noqa: ANN401
    return value._value_


def _is_identity(hook: Callable[[Any], Any], converter: cattrs.Converter) -> bool:
    return hook is _identity or hook is getattr(converter, "_unstructure_identity", None)


def _union_unstructure_factory(
    union: Any,  # noqa: ANN401
    converter: cattrs.Converter,
) -> Callable[[Any], Any]:
    args = typing.get_args(union)
    members = [a for a in args if a is not _NONE_TYPE]
    if len(members) == 1:
        inner = converter.get_unstructure_hook(members[0])
        if _is_identity(inner, converter):
            return _identity

        def unstructure_optional(value: Any) -> Any:  # noqa: ANN401
            return None if value is None else inner(value)

        return unstructure_optional
    hooks: dict[type, Callable[[Any], Any]] = {
        cls: converter.get_unstructure_hook(cls) for cls in members
    }

    def unstructure(value: Any) -> Any:  # noqa: ANN401
        if value is None:
            return None
        return hooks[value.__class__](value)

    return unstructure


def _sequence_unstructure_factory(
    tp: Any,  # noqa: ANN401
    converter: cattrs.Converter,
) -> Callable[[Any], Any]:
    origin = typing.get_origin(tp)
    item = converter.get_unstructure_hook(typing.get_args(tp)[0])
    identity = _is_identity(item, converter)
    if origin is frozenset:
        if identity:
            return sorted
        return lambda value: sorted([item(x) for x in value])
    if identity:
        return list
    return lambda value: [item(x) for x in value]


# -- the converter -----------------------------------------------------------------------


def _is_sequence(tp: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(tp) in (tuple, frozenset)


def _is_literal(tp: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(tp) is Literal


_SCALAR_STRUCTURE_HOOKS: dict[type, Callable[[object, object], Any]] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
    pendulum.DateTime: _structure_datetime,
    dt.datetime: _structure_datetime,
}


def make_converter(*, lenient: bool = False) -> OrjsonConverter:
    """Build a new strict converter for conflictevents models.

    The converter is a :class:`cattrs.preconf.orjson.OrjsonConverter` with hooks that
    never coerce, reject unknown fields, write frozensets sorted and datetimes as RFC
    3339 strings, and dispatch tagged unions on their ``"type"``. Register your own
    hooks on it to serialize classes that extend the models; the global cattrs
    converter is never touched.

    Args:
        lenient: Ignore unknown fields instead of rejecting them.

    Returns:
        A fresh converter; every call builds a new one.

    Example:
        >>> from conflictevents import make_converter, Quantity
        >>> converter = make_converter()
        >>> converter.unstructure(Quantity(value=5))
        {'value': 5, 'qualifier': 'exact', 'low': 5, 'high': 5}
    """
    converter = _make_orjson_converter(forbid_extra_keys=not lenient)
    converter._conflictevents_lenient = lenient  # type: ignore[attr-defined]  # noqa: SLF001
    # structure: strict scalars first, then the factories (later registrations win)
    # Class hooks go through functools.singledispatch, which cattrs consults first and
    # which matches subclasses: the str hook would catch every StrEnum, hence the hooks
    # for Enum and StrEnum (StrEnum comes before str in their MRO).
    for scalar, hook in _SCALAR_STRUCTURE_HOOKS.items():
        converter.register_structure_hook(scalar, hook)
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_structure_hook_factory(_is_literal, _literal_structure_factory)
    converter.register_structure_hook_factory(_is_sequence, _sequence_structure_factory)
    converter.register_structure_hook_factory(_is_union, _union_structure_factory)
    converter.register_structure_hook_factory(attrs.has, _attrs_structure_factory)
    # unstructure
    for scalar in (str, int, float, bool):
        converter.register_unstructure_hook(scalar, _identity)
    converter.register_unstructure_hook(pendulum.DateTime, _unstructure_datetime)
    converter.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    converter.register_unstructure_hook(enum.Enum, _unstructure_enum)
    converter.register_unstructure_hook(enum.StrEnum, _unstructure_enum)
    converter.register_unstructure_hook_func(_is_literal, _identity)
    converter.register_unstructure_hook_factory(_is_sequence, _sequence_unstructure_factory)
    converter.register_unstructure_hook_factory(_is_union, _union_unstructure_factory)
    converter.register_unstructure_hook_factory(attrs.has, make_dict_unstructure_fn)
    return converter


class _Codec:
    """A converter with its hooks fetched once, and the fused encode/decode paths.

    Decoding tries the generated fast path (``_json_fast``) first and falls back to the
    strict cattrs hooks, which explain what is wrong; encoding for :func:`dumps` uses
    generated functions too, :func:`to_dict` the converter.
    """

    def __init__(self, *, lenient: bool) -> None:
        self.converter = make_converter(lenient=lenient)
        self.record = self.converter.get_structure_hook(Record)
        self.unstructure_by_class: dict[type, Callable[[Any], Any]] = {
            cls: self.converter.get_unstructure_hook(cls) for cls in RECORD_TYPES
        }
        self.fast: dict[Any, Callable[[Any], Any]] = {}
        self.fast_unstructure: dict[type, Callable[[Any], Any]] = {}
        if not lenient:
            self.fast[None] = make_fast_structure(Record, _structure_datetime)
            self.fast_unstructure = make_fast_unstructure(list(RECORD_TYPES), _unstructure_datetime)

    def fast_decoder(self, tp: Any) -> Callable[[Any], Any] | None:  # noqa: ANN401
        """The generated decoder for ``tp``, built on first use; ``None`` if there is none.

        The lenient codec has none: the generated code rejects unknown fields.
        """
        fast = self.fast.get(tp)
        if fast is None and tp is not None and self.fast and _fast_supported(tp):
            fast = self.fast[tp] = make_fast_structure(tp, _structure_datetime)
        return fast

    def structure(self, data: object, tp: Any) -> Any:  # noqa: ANN401
        fast = self.fast_decoder(tp)
        if fast is not None:
            try:
                return fast(data)
            except Exception:  # noqa: BLE001, S110 - the strict path below explains it
                pass
        if tp is None:
            return self.record(data, Record)
        return self.converter.get_structure_hook(tp)(data, tp)

    def strict_structure(self, data: object, tp: Any) -> Any:  # noqa: ANN401
        """The strict cattrs path alone (for tests comparing both paths)."""
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

    def for_orjson(self, obj: object) -> Any:  # noqa: ANN401
        """What orjson writes as :func:`dumps` output (enums may stay members)."""
        hook = self.fast_unstructure.get(obj.__class__)
        if hook is None:
            return self.unstructure(obj)
        return hook(obj)


_orjson_loads = orjson.loads


def _fast_decoder(tp: Any) -> Callable[[Any], Any] | None:  # noqa: ANN401
    """The generated decoder for ``tp``, if there is one (see ``_json_fast``)."""
    return _codec().fast_decoder(tp)


def _fast_supported(tp: Any) -> bool:  # noqa: ANN401
    if isinstance(tp, type) and attrs.has(tp):
        return tp.__module__.startswith("conflictevents.")
    if _is_union(tp):
        return all(
            isinstance(m, type) and attrs.has(m) and tag_of(m) is not None
            for m in typing.get_args(tp)
        )
    return False


_CODECS: dict[bool, _Codec] = {}


def _codec(*, lenient: bool = False) -> _Codec:
    codec = _CODECS.get(lenient)
    if codec is None:
        codec = _CODECS[lenient] = _Codec(lenient=lenient)
    return codec


def _parse(text: str | bytes, line: int | None = None) -> Any:  # noqa: ANN401
    if not isinstance(text, str | bytes | bytearray | memoryview):
        msg = f"expected JSON text (str or bytes), got {type(text).__name__}"
        raise TypeError(msg)
    if len(text) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            [("$", f"document is larger than the limit of {MAX_DOCUMENT_BYTES} bytes")],
            line=line,
        )
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        where = (
            f"column {exc.colno}" if line is not None else f"line {exc.lineno} column {exc.colno}"
        )
        message = f"malformed JSON: {exc.msg} at {where}"
        raise ValidationError([("$", message)], line=line) from None


def _decode(
    data: object,
    tp: Any,  # noqa: ANN401
    *,
    lenient: bool,
    line: int | None = None,
    fast_failed: bool = False,
) -> Any:  # noqa: ANN401
    codec = _codec()
    try:
        # A caller whose generated decoder already failed on ``data`` goes straight to
        # the strict path, which explains the failure; running the fast one again is waste.
        if fast_failed:
            return codec.strict_structure(data, tp)
        return codec.structure(data, tp)
    except Exception as exc:  # noqa: BLE001 - every failure (RecursionError too) becomes one error
        error = _validation_error(exc, line)
    unknown = [path for path, message in error.errors if message.startswith("unknown field")]
    if not lenient or not unknown:
        raise error
    try:
        obj = _codec(lenient=True).structure(data, tp)
    except Exception as exc:  # noqa: BLE001
        raise _validation_error(exc, line) from None
    where = f"line {line}: " if line is not None else ""
    warnings.warn(
        IgnoredFieldsWarning(f"{where}ignored unknown fields: {', '.join(unknown)}", unknown),
        stacklevel=3,
    )
    return obj


def _encode(obj: object) -> bytes:
    data = _codec().for_orjson(obj)
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
def loads(text: str | bytes, type: None = None, *, lenient: bool = False) -> Document: ...
@overload
def loads(text: str | bytes, type: type[T], *, lenient: bool = False) -> T: ...
@overload
def loads(text: str | bytes, type: Any, *, lenient: bool = False) -> Any: ...  # noqa: ANN401
def loads(text: str | bytes, type: Any = None, *, lenient: bool = False) -> Any:  # noqa: A002
    """Read one object from JSON text.

    Without ``type`` the ``"type"`` tag decides what comes back (a :class:`Claim`, an
    event, or a reconciliation result: :class:`Reconciliation`,
    :class:`SubjectReconciliation`); with ``type=Claim`` anything but a claim is an
    error. Parts of records (``type=Source``, ``type=TimeSpan``) are read the same way.

    Args:
        text: JSON text, ``str`` or UTF-8 ``bytes``.
        type: The class (or union) expected; ``None`` for any :data:`Document` (a
            record or a reconciliation result).
        lenient: Ignore unknown fields (from files written by a newer version) instead
            of rejecting them; an :class:`IgnoredFieldsWarning` names them.

    Returns:
        The object.

    Raises:
        ValidationError: The text is not valid JSON, too large, nested too deeply, or
            does not describe a valid object; the error lists every problem with its
            JSON path.
    """
    if type is None:
        type = Document  # noqa: A001
    fast = _fast_decoder(type)
    fast_failed = False
    if fast is not None and isinstance(text, str | bytes) and len(text) <= MAX_DOCUMENT_BYTES:
        try:
            return fast(_orjson_loads(text))
        except Exception:  # noqa: BLE001 - the strict path below explains it
            fast_failed = True
    return _decode(_parse(text), type, lenient=lenient, fast_failed=fast_failed)


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
        type: The class (or union) expected; ``None`` for any :data:`Document` (a
            record or a reconciliation result).
        lenient: Ignore unknown fields instead of rejecting them.

    Returns:
        The object.

    Raises:
        ValidationError: ``data`` does not describe a valid object.
    """
    return _decode(data, Document if type is None else type, lenient=lenient)


def _header() -> bytes:
    return orjson.dumps({"format": FORMAT}) + b"\n"


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
    unstructure = _codec().for_orjson
    count = 0
    write(_header().decode() if text else _header())
    for obj in objects:
        data = unstructure(obj)
        try:
            line = orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError as exc:
            msg = f"cannot be written as JSON: {exc}"
            raise ValidationError([("$", msg)], line=count + 2) from None
        write(line.decode() if text else line)
        count += 1
    return count


OnError = Literal["raise", "skip", "collect"]


class JsonLinesReader(Iterator[Any]):
    """An iterator over the records of a JSON Lines file; see :func:`read_jsonl`.

    Attributes:
        errors: With ``on_error="collect"``, one :class:`ValidationError` per bad line
            (each with its ``line``), in file order.
        skipped: How many bad lines were skipped (``"skip"`` and ``"collect"``).
        format: The format named by the file's header line (``"conflictevents/1"``
            when the file has no header).
    """

    def __init__(
        self,
        lines: Iterator[str | bytes],
        *,
        type: Any,  # noqa: A002, ANN401
        on_error: OnError,
        lenient: bool,
        close: Callable[[], None] | None,
    ) -> None:
        if on_error not in ("raise", "skip", "collect"):
            msg = f"on_error must be 'raise', 'skip' or 'collect', not {on_error!r}"
            raise ValueError(msg)
        self._lines = lines
        self._type = type
        self._on_error = on_error
        self._lenient = lenient
        self._close = close
        self._fast = _fast_decoder(type)
        self._number = 0
        self.errors: list[ValidationError] = []
        self.skipped = 0
        self.format = FORMAT

    def __iter__(self) -> typing.Self:
        return self

    def __next__(self) -> Any:  # noqa: ANN401
        fast = self._fast
        for line in self._lines:
            self._number += 1
            fast_failed = False
            if fast is not None and len(line) <= MAX_DOCUMENT_BYTES:
                try:
                    return fast(_orjson_loads(line))
                except Exception:  # noqa: BLE001 - blank, header or bad: see below
                    fast_failed = True
            number = self._number
            raw = line.strip()
            if not raw:
                continue
            try:
                data = _parse(raw, number)
                if number == 1 and type(data) is dict and "format" in data:
                    self._check_header(data)
                    continue
                return _decode(
                    data, self._type, lenient=self._lenient, line=number, fast_failed=fast_failed
                )
            except ValidationError as error:
                self._bad_line(error)
        self.close()
        raise StopIteration

    def _check_header(self, data: dict[str, Any]) -> None:
        version = data["format"]
        extra = sorted(set(data) - {"format"})
        if extra:
            raise ValidationError([(_child("$", extra[0]), "unknown header field")], line=1)
        if not isinstance(version, str) or not version.startswith(_FORMAT_PREFIX):
            raise ValidationError(
                [("$.format", f"{version!r} is not a conflictevents format")], line=1
            )
        major = version.removeprefix(_FORMAT_PREFIX)
        if not major.isdigit():
            raise ValidationError([("$.format", f"{version!r} has no version number")], line=1)
        if int(major) > _FORMAT_MAJOR:
            raise ValidationError(
                [
                    (
                        "$.format",
                        f"{version!r} is newer than this library reads ({FORMAT}): upgrade",
                    )
                ],
                line=1,
            )
        self.format = version

    def _bad_line(self, error: ValidationError) -> None:
        if self._on_error == "raise" or (
            error.line == 1 and error.errors and error.errors[0][0].startswith("$.format")
        ):
            self.close()
            raise error
        self.skipped += 1
        if self._on_error == "collect":
            self.errors.append(error)
        else:
            warnings.warn(SkippedLineWarning(str(error), error), stacklevel=3)

    def __enter__(self) -> typing.Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file if :func:`read_jsonl` opened it (also on leaving a ``with``)."""
        if self._close is not None:
            self._close()
            self._close = None


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
            :data:`Record` (a reconciliation result is not a record: pass
            ``type=Reconciliation`` or ``type=Document`` to read those).
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
    if isinstance(file, str | os.PathLike):
        handle = open(file, "rb")  # noqa: PTH123, SIM115 - closed by the reader
        return JsonLinesReader(
            iter(handle), type=type, on_error=on_error, lenient=lenient, close=handle.close
        )
    return JsonLinesReader(iter(file), type=type, on_error=on_error, lenient=lenient, close=None)
