"""Stable, content-derived identifiers.

An id is ``<prefix>-<20 hex digits>``: the first 80 bits of the SHA-256 of the object's
canonical form, which is its fields (``id`` excepted) as JSON with sorted keys, enums
as their values, datetimes as UTC instants, frozensets sorted. Equal objects therefore
get equal ids, whatever time zone their datetimes are written in, on every machine and
in every process (no ``hash()`` involved, so ``PYTHONHASHSEED`` does not matter).

Forward compatibility: a field added to a model after its ids were first published is
declared with ``metadata={ADDED: True}`` and a plain default, and the canonical form
leaves it out while it holds that default. Objects that do not use the new field keep
the ids they had before it existed, and the form still tells every two objects of a
class apart (the key is present exactly when the value is not the default). Fields
known from the start are always written, ``None`` included, and the ``type`` tag is
never left out, so objects of different classes never share a form.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib

import attrs
import orjson

_UTC = dt.UTC

ADDED = "conflictevents.added"
"""Field metadata key: the field was added later; omitted from ids while at its default."""

_NO_DEFAULT = object()
_PLANS: dict[type, tuple[tuple[str, object], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, object], ...]:
    """``(name, default to omit or _NO_DEFAULT)`` for each field of ``cls`` but ``id``."""
    plan = _PLANS.get(cls)
    if plan is None:
        for f in attrs.fields(cls):
            if f.metadata.get(ADDED) and (
                f.default is attrs.NOTHING or isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
            ):
                raise TypeError(f"{cls.__name__}.{f.name}: an added field needs a plain default")
        plan = _PLANS[cls] = tuple(
            (f.name, f.default if f.metadata.get(ADDED) else _NO_DEFAULT)
            for f in attrs.fields(cls)
            if f.name != "id"
        )
    return plan


def canonical(value: object) -> object:  # noqa: PLR0911 - one return per kind
    """The JSON-ready canonical form of ``value``: total, never raises."""
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.isoformat()
        return value.astimezone(_UTC).isoformat()
    cls = type(value)
    if attrs.has(cls):
        return _fields(value, cls)
    if isinstance(value, frozenset | set):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda item: orjson.dumps(item, option=orjson.OPT_SORT_KEYS))
    if isinstance(value, tuple | list):
        return [canonical(v) for v in value]
    return repr(value)


def _fields(value: object, cls: type) -> dict[str, object]:
    form: dict[str, object] = {}
    for name, omit in _plan(cls):
        item = getattr(value, name, None)
        if omit is _NO_DEFAULT or item != omit:
            form[name] = canonical(item)
    return form


def derive_id(prefix: str, obj: object) -> str:
    """The stable id of ``obj``, e.g. ``"claim-3f2a…"``."""
    digest = hashlib.sha256(
        orjson.dumps(canonical(obj), option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    ).hexdigest()
    return f"{prefix}-{digest[:20]}"
