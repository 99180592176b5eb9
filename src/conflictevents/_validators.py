"""attrs validators that raise :class:`~conflictevents.exceptions.InvariantError`.

Every validator names the model, the field and the bad value, so that a caller (and
the JSON reader, which turns ``field`` into a JSON path) can say exactly what is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import reprlib
from collections.abc import Callable
from typing import Any

import attrs

from ._countries import COUNTRY_CODES
from .exceptions import InvariantError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def fail(instance: object, name: str, value: object, reason: str) -> InvariantError:
    """Build the error for ``instance.name`` holding ``value``."""
    return InvariantError(type(instance).__name__, name, value, reason)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _type_name(value: object) -> str:
    """The type and a short repr of ``value``, e.g. ``str 'Kyiv'``: names the bad value."""
    return f"{type(value).__name__} {_SHORT.repr(value)}"


def non_empty_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A string with at least one non-blank character."""
    if not isinstance(value, str):
        raise fail(instance, attribute.name, value, f"expected a string, got {_type_name(value)}")
    if not value.strip():
        raise fail(instance, attribute.name, value, f"must not be empty (got {value!r})")


def optional_non_empty_str(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """``None`` or a non-blank string."""
    if value is not None:
        non_empty_str(instance, attribute, value)


def country_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An upper-case ISO 3166-1 alpha-2 code such as ``"UA"``."""
    if not isinstance(value, str):
        raise fail(instance, attribute.name, value, f"expected a string, got {_type_name(value)}")
    if value not in COUNTRY_CODES:
        raise fail(
            instance,
            attribute.name,
            value,
            f"{value!r} is not an ISO 3166-1 alpha-2 country code",
        )


def optional_country_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or an ISO 3166-1 alpha-2 code."""
    if value is not None:
        country_code(instance, attribute, value)


def count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-negative integer (``bool`` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(instance, attribute.name, value, f"expected an integer, got {_type_name(value)}")
    if value < 0:
        raise fail(instance, attribute.name, value, f"must not be negative (got {value})")


def optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a non-negative integer."""
    if value is not None:
        count(instance, attribute, value)


def positive_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An integer of at least 1."""
    count(instance, attribute, value)
    if value == 0:
        raise fail(instance, attribute.name, value, "must be at least 1 (got 0)")


def optional_positive_count(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """``None`` or an integer of at least 1."""
    if value is not None:
        positive_count(instance, attribute, value)


def finite_float(low: float, high: float) -> Validator:
    """A finite number between ``low`` and ``high`` inclusive."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(
                instance, attribute.name, value, f"expected a number, got {_type_name(value)}"
            )
        if not math.isfinite(value):
            raise fail(instance, attribute.name, value, f"must be finite (got {value})")
        if not low <= value <= high:
            raise fail(
                instance,
                attribute.name,
                value,
                f"{value} is outside {low:g}..{high:g}",
            )

    return validate


def aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a timezone-aware datetime."""
    if value is None:
        return
    if not isinstance(value, dt.datetime):
        raise fail(instance, attribute.name, value, f"expected a datetime, got {_type_name(value)}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise fail(
            instance,
            attribute.name,
            value,
            f"naive datetime {value.isoformat()} has no time zone; pass tz=",
        )


def enum_member(enum_type: type) -> Validator:
    """A member of ``enum_type`` (not its plain value)."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            values = [str(m.value) for m in enum_type]  # type: ignore[attr-defined]
            allowed = ", ".join(values)
            if isinstance(value, str) and value in values:
                raise fail(
                    instance,
                    attribute.name,
                    value,
                    f"expected {enum_type.__name__}, got the string {value!r}"
                    f" (use {enum_type.__name__}({value!r}))",
                )
            raise fail(
                instance,
                attribute.name,
                value,
                f"{value!r} is not one of {allowed}",
            )

    return validate


def optional_enum_member(enum_type: type) -> Validator:
    """``None`` or a member of ``enum_type``."""
    inner = enum_member(enum_type)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return validate


def instance_of(cls: type | tuple[type, ...]) -> Validator:
    """An instance of ``cls``."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            expected = (
                " or ".join(c.__name__ for c in cls) if isinstance(cls, tuple) else cls.__name__
            )
            raise fail(
                instance,
                attribute.name,
                value,
                f"expected {expected}, got {_type_name(value)}",
            )

    return validate


def optional_instance_of(cls: type | tuple[type, ...]) -> Validator:
    """``None`` or an instance of ``cls``."""
    inner = instance_of(cls)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return validate


def _members(container: type, member: Validator, *, non_empty: bool) -> Validator:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, container):
            raise fail(
                instance,
                attribute.name,
                value,
                f"expected a {container.__name__}, got {_type_name(value)}",
            )
        if non_empty and not value:
            raise fail(instance, attribute.name, value, f"must not be empty (got {value!r})")
        for item in value:  # type: ignore[attr-defined]
            member(instance, attribute, item)

    return validate


def tuple_of(member: Validator, *, non_empty: bool = False) -> Validator:
    """A tuple whose every item passes ``member``."""
    return _members(tuple, member, non_empty=non_empty)


def frozenset_of(member: Validator, *, non_empty: bool = False) -> Validator:
    """A frozenset whose every item passes ``member``."""
    return _members(frozenset, member, non_empty=non_empty)


def literal(expected: str) -> Validator:
    """The ``type`` tag of a model: exactly ``expected``."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value != expected:
            raise fail(instance, attribute.name, value, f"must be {expected!r} (got {value!r})")

    return validate
