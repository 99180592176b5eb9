"""attrs validators that say what they check.

Each validator is a small frozen object (as ``attrs.validators`` builds them) that states
its rule once, three ways side by side: called as attrs calls it, it raises
:class:`~conflictevents.exceptions.InvariantError` naming the model, the field and the
bad value; :meth:`Check.json_schema` gives the rule to ``_schema``, :meth:`Check.inline`
to the generated constructors (the plan of ``_codegen``: the JSON decoders' and the
readers' builders'). ``tests/test_validators.py`` holds the three
together with a law over generated values.
"""

from __future__ import annotations

import abc
import datetime as dt
import math
import re
import reprlib
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

import attrs

from ._countries import COUNTRY_CODES, did_you_mean, optional_side_label
from ._external_ids import pattern, problem
from ._reprs import attrs_repr
from .exceptions import InvariantError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
Bind = Callable[[object], str]
"""Gives the name under which generated code finds a Python object."""

_NONE = type(None)
INT64_MAX = 2**63 - 1
"""The largest integer the wire format holds (64-bit signed, as most JSON readers)."""
UNIONS = (typing.Union, types.UnionType)


def fail(instance: object, name: str, value: object, reason: str) -> InvariantError:
    """Build the error for ``instance.name`` holding ``value``."""
    return InvariantError(type(instance).__name__, name, value, reason)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _type_name(value: object) -> str:
    """The type and a short repr of ``value``, e.g. ``str 'Kyiv'``: names the bad value."""
    return f"{type(value).__name__} {_SHORT.repr(value)}"


def _bad(instance: object, attribute: attrs.Attribute[Any], value: object, why: str) -> Exception:
    return fail(instance, attribute.name, value, why)


def _wrong_type(
    instance: object, attribute: attrs.Attribute[Any], value: object, expected: str
) -> Exception:
    return _bad(instance, attribute, value, f"expected {expected}, got {_type_name(value)}")


def classes_of(tp: Any) -> frozenset[type]:  # noqa: ANN401
    """The classes the values of annotation ``tp`` can have (``object``: anything)."""
    origin = typing.get_origin(tp)
    if origin in UNIONS:
        return frozenset().union(*(classes_of(arg) for arg in typing.get_args(tp)))
    if origin is Literal:
        return frozenset(type(arg) for arg in typing.get_args(tp))
    if isinstance(origin, type):
        return frozenset({origin})  # tuple[str, ...] -> tuple
    return frozenset({tp}) if isinstance(tp, type) else frozenset({object})


def split_optional(tp: Any) -> tuple[list[Any], bool]:  # noqa: ANN401
    """The annotations union ``tp`` joins but ``None``, and whether ``None`` is one of them."""
    args = typing.get_args(tp) if typing.get_origin(tp) in UNIONS else (tp,)
    members = [arg for arg in args if arg is not _NONE]
    return members, len(members) < len(args)


def _only(tp: Any, allowed: type | tuple[type, ...]) -> bool:  # noqa: ANN401
    return all(issubclass(c, allowed) for c in classes_of(tp))


def _fails(condition: str) -> list[str]:
    return [f"if {condition}: raise _Fail"]


def _not_instance(x: str, cls: type | tuple[type, ...], bind: Bind) -> list[str]:
    return _fails(f"not isinstance({x}, {bind(cls)})")


def _indented(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


class Check(abc.ABC):
    """A validator that states its rule once: as a check, a schema and inline code."""

    __slots__ = ()
    __repr__ = attrs_repr

    @abc.abstractmethod
    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        """Raise :class:`InvariantError` unless ``value`` keeps the rule (attrs calls this)."""

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema keywords the rule adds to the schema of its field's type.

        For an optional field they apply to the values that are not null.
        """
        return {}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        """Python statements that raise ``_Fail`` when the value in variable ``x`` breaks the rule.

        ``x`` holds a value of the field's type ``tp`` as the JSON decoder makes it (its
        datetimes are aware, its numbers finite). ``[]``: every such value keeps the rule.
        ``None``: there is no inline form, and the decoder calls the validator.
        """
        return None

    def exact(self) -> bool:
        """Whether :meth:`inline` holds for any value whose class is exactly one of ``tp``'s.

        The JSON decoder's values are more than of their type (aware datetimes, finite
        numbers); code that builds a model from values of any origin (the readers'
        constructors, ``interop._build``) checks each value's exact class and uses the
        inline form only of a rule for which that is enough. Otherwise it calls the rule.
        """
        return False


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _NonEmptyStr(Check):
    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise _wrong_type(instance, attribute, value, "a string")
        if not value.strip():
            raise _bad(instance, attribute, value, f"must not be empty (got {value!r})")

    def json_schema(self) -> dict[str, Any]:
        return {"minLength": 1, "pattern": r"\S"}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        return _fails(f"not {x} or {x}.isspace()") if _only(tp, str) else None

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _CountryCode(Check):
    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise _wrong_type(instance, attribute, value, "a string")
        if value not in COUNTRY_CODES:
            raise _bad(
                instance,
                attribute,
                value,
                f"{value!r} is not an ISO 3166-1 alpha-2 country code{did_you_mean(value)}",
            )

    def json_schema(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/CountryCode"}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        return _fails(f"{x} not in {bind(COUNTRY_CODES)}") if _only(tp, str) else None

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _AtLeast(Check):
    """An integer from ``minimum`` up to the largest 64-bit signed one (what JSON tools read)."""

    minimum: int

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(instance, attribute, value, "an integer")
        if value < 0:
            raise _bad(instance, attribute, value, f"must not be negative (got {value})")
        if value < self.minimum:
            raise _bad(instance, attribute, value, f"must be at least {self.minimum} (got {value})")
        if value > INT64_MAX:
            raise _bad(instance, attribute, value, f"{value} does not fit in 64 bits")

    def json_schema(self) -> dict[str, Any]:
        return {"minimum": self.minimum, "maximum": INT64_MAX}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        condition = f"not ({self.minimum} <= {x} <= {INT64_MAX})"
        return _fails(condition) if classes_of(tp) <= {int} else None

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _FiniteFloat(Check):
    """A finite number between ``low`` and ``high`` inclusive."""

    low: float
    high: float

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _wrong_type(instance, attribute, value, "a number")
        if not math.isfinite(value):
            raise _bad(instance, attribute, value, f"must be finite (got {value})")
        if not self.low <= value <= self.high:
            raise _bad(
                instance, attribute, value, f"{value} is outside {self.low:g}..{self.high:g}"
            )

    def json_schema(self) -> dict[str, Any]:
        bounds = {"minimum": self.low, "maximum": self.high}
        return {key: bound for key, bound in bounds.items() if math.isfinite(bound)}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        low, high = (repr(b) if math.isfinite(b) else bind(b) for b in (self.low, self.high))
        return _fails(f"not ({low} <= {x} <= {high})") if _only(tp, float) else None

    def exact(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)  # NaN fails too


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _Aware(Check):
    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if not isinstance(value, dt.datetime):
            raise _wrong_type(instance, attribute, value, "a datetime")
        if value.tzinfo is None or value.utcoffset() is None:
            raise _bad(
                instance,
                attribute,
                value,
                f"naive datetime {value.isoformat()} has no time zone; pass tz=",
            )

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        return [] if _only(tp, (dt.datetime, _NONE)) else None  # the decoder's are aware


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _Date(Check):
    """A calendar date, not a datetime (which is a date in Python)."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise _wrong_type(instance, attribute, value, "a date")

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        return [] if _only(tp, (dt.date, _NONE)) else None  # the decoder's are dates

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _Moment(Check):
    """A date, or an aware datetime: an ``as_of``."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, dt.datetime):
            aware(instance, attribute, value)
        elif not isinstance(value, dt.date):
            raise _wrong_type(instance, attribute, value, "a date or a datetime")

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        return [] if _only(tp, (dt.date, _NONE)) else None  # the decoder's are aware


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _EnumMember(Check):
    """A member of ``enum_type`` (not its plain value)."""

    enum_type: type

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, self.enum_type):
            return
        name = self.enum_type.__name__
        values = [str(m.value) for m in self.enum_type]  # type: ignore[attr-defined]
        if isinstance(value, str) and value in values:
            raise _bad(
                instance,
                attribute,
                value,
                f"expected {name}, got the string {value!r} (use {name}({value!r}))",
            )
        raise _bad(instance, attribute, value, f"{value!r} is not one of {', '.join(values)}")

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        return [] if _only(tp, self.enum_type) else _not_instance(x, self.enum_type, bind)

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _InstanceOf(Check):
    """An instance of ``types``."""

    types: type | tuple[type, ...]

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.types):
            cls = self.types
            names = [c.__name__ for c in cls] if isinstance(cls, tuple) else [cls.__name__]
            raise _wrong_type(instance, attribute, value, " or ".join(names))

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        return [] if _only(tp, self.types) else _not_instance(x, self.types, bind)

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _Optional(Check):
    """``None`` or a value that passes ``inner``."""

    inner: Check

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            self.inner(instance, attribute, value)

    def json_schema(self) -> dict[str, Any]:
        return self.inner.json_schema()

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        present, optional = split_optional(tp)
        some = present[0] if len(present) == 1 else typing.Union[tuple(present)]  # noqa: UP007
        lines = self.inner.inline(x, some, bind)
        return [f"if {x} is not None:", *_indented(lines)] if lines and optional else lines

    def exact(self) -> bool:
        return self.inner.exact()


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _Members(Check):
    container: type
    member: Check
    non_empty: bool

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.container):
            raise _wrong_type(instance, attribute, value, f"a {self.container.__name__}")
        if self.non_empty and not value:
            raise _bad(instance, attribute, value, f"must not be empty (got {value!r})")
        for item in value:  # type: ignore[attr-defined]
            self.member(instance, attribute, item)

    def json_schema(self) -> dict[str, Any]:
        return {"items": self.member.json_schema()} | ({"minItems": 1} if self.non_empty else {})

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        if typing.get_origin(tp) is not self.container:
            return None
        item = f"{x}_"
        lines = self.member.inline(item, typing.get_args(tp)[0], bind)
        if lines is None:
            return None
        loop = [f"for {item} in {x}:", *_indented(lines)] if lines else []
        return (_fails(f"not {x}") if self.non_empty else []) + loop

    def exact(self) -> bool:
        return self.member.exact()


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _Literal(Check):
    """The ``type`` tag of a model: exactly ``expected``."""

    expected: str

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value != self.expected:
            raise _bad(instance, attribute, value, f"must be {self.expected!r} (got {value!r})")

    def json_schema(self) -> dict[str, Any]:
        return {"const": self.expected}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401, ARG002
        return _fails(f"{x} != {self.expected!r}")

    def exact(self) -> bool:
        return True


@attrs.frozen(repr=False)  # Check's repr: attrs compiles none
class _ExternalId(Check):
    """An external id ``"<scheme>:<value>"`` of one of ``schemes`` (see ``_external_ids``)."""

    schemes: frozenset[str]

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise _wrong_type(instance, attribute, value, "a string")
        why = problem(value, self.schemes)
        if why is not None:
            raise _bad(instance, attribute, value, why)

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": pattern(self.schemes)}

    def inline(self, x: str, tp: Any, bind: Bind) -> list[str] | None:  # noqa: ANN401
        if not _only(tp, str):
            return None
        return _fails(f"{bind(re.compile(pattern(self.schemes)).match)}({x}) is None")

    def exact(self) -> bool:
        return True


non_empty_str: Check = _NonEmptyStr()
"""A string with at least one non-blank character."""
country_code: Check = _CountryCode()
"""An upper-case ISO 3166-1 alpha-2 code such as ``"UA"``."""
count: Check = _AtLeast(0)
"""A non-negative integer (``bool`` is not a number here)."""
positive_count: Check = _AtLeast(1)
"""An integer of at least 1."""
aware: Check = _Aware()
"""``None`` or a timezone-aware datetime."""
optional_date: Check = _Optional(_Date())
"""``None`` or a calendar date (not a datetime)."""
optional_moment: Check = _Optional(_Moment())
"""``None``, a calendar date, or a timezone-aware datetime."""
finite_float = _FiniteFloat
enum_member = _EnumMember
instance_of = _InstanceOf
literal = _Literal
optional = _Optional
optional_non_empty_str = optional(non_empty_str)
optional_country_code = optional(country_code)
optional_count = optional(count)
optional_positive_count = optional(positive_count)


def type_tag(tag: str) -> Any:  # noqa: ANN401 - an attrs field, as attrs.field() is typed
    """A model's ``type`` field: ``tag`` by default, and only ``tag`` (:func:`literal`)."""
    return attrs.field(default=tag, validator=_Literal(tag))


def optional_side(metadata: dict[str, object] | None = None) -> Any:  # noqa: ANN401 - a field
    """An optional side field: ``None`` by default, else a side label (``"RU"`` for "Russia")."""
    return attrs.field(
        default=None,
        converter=optional_side_label,
        validator=optional_non_empty_str,
        metadata=metadata,
    )


def optional_enum_member(enum_type: type) -> Check:
    """``None`` or a member of ``enum_type``."""
    return _Optional(_EnumMember(enum_type))


def optional_instance_of(cls: type | tuple[type, ...]) -> Check:
    """``None`` or an instance of ``cls``."""
    return _Optional(_InstanceOf(cls))


def tuple_of(member: Check, *, non_empty: bool = False) -> Check:
    """A tuple whose every item passes ``member``."""
    return _Members(tuple, member, non_empty)


def frozenset_of(member: Check, *, non_empty: bool = False) -> Check:
    """A frozenset whose every item passes ``member``."""
    return _Members(frozenset, member, non_empty)


def external_ids(schemes: frozenset[str]) -> Check:
    """A frozenset of external ids, each of one of ``schemes`` (``"wikidata:Q1899"``)."""
    return _Members(frozenset, _ExternalId(schemes), non_empty=False)
