"""The strict cattrs converter: hooks that never coerce, and the errors they explain.

The hooks never coerce (``"false"`` is not ``True``, ``1.7`` is not ``1``), reject
unknown fields, and raise small private exceptions that :func:`_problems` turns into
``(JSON path, message)`` pairs; they are fetched once, dispatch tagged unions through a
dict, and share one timezone object per offset (the fast decoders share the datetime hook).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from collections.abc import Callable
from typing import Any, Literal

import attrs
import cattrs
import orjson
import pendulum
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.orjson import OrjsonConverter
from cattrs.preconf.orjson import make_converter as _make_orjson_converter

from . import _validators as v
from ._codegen import tag_of
from ._ids import LEGACY_TEXT
from ._time import DATE, parse_date
from .exceptions import InvariantError, ValidationError

__all__ = ["make_converter"]


RFC3339 = (
    DATE + r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6}0{0,3})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
"""The date-times the format holds: RFC 3339 with an offset, to the microsecond (digits past
the sixth are zeros), years 0001 to 9999. The schema states it as its ``pattern``; a day
that does not exist (30 February) is left to ``format: date-time``."""
_RFC3339 = re.compile(RFC3339)
_FINER = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7,9}(?:Z|[+-]\d{2}:\d{2})", re.ASCII)
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


def _json_type(value: object, *, quote: bool = False) -> str:
    """What ``value`` is in JSON's words (``quote``: a string is shown as itself)."""
    if quote and type(value) is str:
        return repr(value)
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
    # JSON has numbers, not integers: 498.0 is the integer 498 (as JSON Schema says).
    if type(value) is int or (type(value) is float and value.is_integer()):
        if -(2**63) <= value < 2**63:
            return int(value)
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


def _structure_date(value: object, _: object) -> dt.date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise _Invalid(str(exc)) from None


def _structure_moment(value: object, _: object) -> dt.date:
    """A date (``2025-03-21``) or a date-time: an ``as_of``, told apart by its length."""
    if isinstance(value, str) and len(value) == len("2025-03-21"):
        return _structure_date(value, None)
    return _structure_datetime(value, None)


def _moment_structure_factory(tp: Any) -> Callable[[object, object], Any]:  # noqa: ANN401
    """A date or date-time union (``as_of``), optional: not a tagged union."""
    _, optional = v.split_optional(tp)

    def structure(value: object, _: object) -> Any:  # noqa: ANN401
        return None if optional and value is None else _structure_moment(value, None)

    return structure


def _is_moment(tp: Any) -> bool:  # noqa: ANN401
    members, _ = v.split_optional(tp)
    return typing.get_origin(tp) in v.UNIONS and set(members) == {pendulum.DateTime, dt.date}


def _datetime_error(value: object) -> _Invalid:
    if type(value) is not str:
        return _Invalid(f"expected an RFC 3339 date-time string, got {_json_type(value)}")
    if _FINER.fullmatch(value):
        return _Invalid(f"{value!r} is finer than a microsecond, the finest time kept")
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
        raise _Invalid(f"expected {expected}, got {_json_type(value, quote=True)}")

    return structure


def _is_union(tp: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(tp) in v.UNIONS


def _union_structure_factory(
    union: Any,  # noqa: ANN401
    converter: cattrs.Converter,
) -> Callable[[object, object], Any]:
    members, optional = v.split_optional(union)
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
            got = _json_type(tag, quote=True)
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
            items = [item(x, item_type) for x in value]
        except Exception:  # noqa: BLE001 - redone item by item to find every bad index
            errors: list[tuple[int, Exception]] = []
            for index, x in enumerate(value):
                try:
                    item(x, item_type)
                except Exception as exc:  # noqa: BLE001
                    errors.append((index, exc))
            raise _ItemErrors(errors) from None
        built = build(items)
        if len(built) != len(items):  # a set's items are unique ("uniqueItems" in the schema)
            first: dict[Any, int] = {}
            repeated = [(i, x) for i, x in enumerate(items) if first.setdefault(x, i) != i]
            raise _ItemErrors([(i, _Invalid(f"duplicate of item {first[x]}")) for i, x in repeated])
        return built

    return structure


def _legacy_text_overrides(cls: type, converter: cattrs.Converter) -> dict[str, Any]:
    """Hooks for the fields earlier releases wrote as text: the text goes to the field's converter.

    The converter makes the value of the text (``conflictevents._ids.LEGACY_TEXT``).
    """
    hints = typing.get_type_hints(cls)
    overrides: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if LEGACY_TEXT not in field.metadata:
            continue
        tp = hints[field.name]
        hook = converter.get_structure_hook(tp)

        def structure(value: object, _: object, hook: Any = hook, tp: Any = tp) -> Any:  # noqa: ANN401
            return value if type(value) is str else hook(value, tp)

        overrides[field.name] = override(struct_hook=structure)
    return overrides


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
        **_legacy_text_overrides(cls, converter),
    )
    tag = tag_of(cls)
    name = cls.__name__

    def structure(value: object, _: object) -> Any:  # noqa: ANN401
        if type(value) is not dict:
            raise _Invalid(f"expected an object ({name}), got {_json_type(value)}")
        if tag is not None and value.get("type") != tag:
            if "type" not in value:
                raise _Invalid("required field missing", key="type")
            got = _json_type(value["type"], quote=True)
            raise _Invalid(f"expected {tag!r}, got {got}", key="type")
        return inner(value, cls)

    return structure


# -- unstructure hooks -------------------------------------------------------------------


def _identity(value: Any) -> Any:  # noqa: ANN401
    return value


_RFC3339_LENGTHS = frozenset({25, 32})  # YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM


def _unstructure_str(value: str) -> str:
    return value if value.__class__ is str else str.__str__(value)


def _unstructure_int(value: int) -> int:
    return value if value.__class__ is int else int.__int__(value)


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
    members, _ = v.split_optional(union)
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


# A derived id or implied bound is a str or int subclass marking how it was made
# (conflictevents._ids, _quantity): to_dict gives the plain value.
_CLASS_HOOKS: tuple[tuple[tuple[type, ...], Any, Any], ...] = (
    ((str,), _structure_str, _unstructure_str),
    ((int,), _structure_int, _unstructure_int),
    ((float,), _structure_float, _identity),
    ((bool,), _structure_bool, _identity),
    ((pendulum.DateTime, dt.datetime), _structure_datetime, _unstructure_datetime),
    ((dt.date,), _structure_date, dt.date.isoformat),
    ((enum.Enum, enum.StrEnum), _structure_enum, _unstructure_enum),
)
"""Classes with their structure and unstructure hooks."""
_HOOK_FACTORIES: tuple[tuple[Callable[[Any], bool], Any, Any], ...] = (
    (_is_sequence, _sequence_structure_factory, _sequence_unstructure_factory),
    (_is_union, _union_structure_factory, _union_unstructure_factory),
    (attrs.has, _attrs_structure_factory, make_dict_unstructure_fn),
    (_is_moment, _moment_structure_factory, _union_unstructure_factory),
)
"""Annotations matched by a test, with their structure and unstructure hook factories."""


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
    # Class hooks go through functools.singledispatch, which cattrs consults first and
    # which matches subclasses: the str hook would catch every StrEnum, hence the hooks
    # for Enum and StrEnum (StrEnum comes before str in their MRO). The factories come
    # after them (later registrations win).
    for classes, structure, unstructure in _CLASS_HOOKS:
        for cls in classes:
            converter.register_structure_hook(cls, structure)
            converter.register_unstructure_hook(cls, unstructure)
    converter.register_structure_hook_factory(_is_literal, _literal_structure_factory)
    converter.register_unstructure_hook_func(_is_literal, _identity)
    for test, structure_factory, unstructure_factory in _HOOK_FACTORIES:
        converter.register_structure_hook_factory(test, structure_factory)
        converter.register_unstructure_hook_factory(test, unstructure_factory)
    return converter
