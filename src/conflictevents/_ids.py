"""Stable, content-derived identifiers.

An id is ``<prefix>-<20 hex digits>``: the first 80 bits of the SHA-256 of the object's
canonical form, which is its fields (``id`` excepted) as JSON with sorted keys, enums
as their values, datetimes as UTC instants, frozensets sorted. Equal objects therefore
get equal ids, whatever time zone their datetimes are written in, on every machine and
in every process (no ``hash()`` involved, so ``PYTHONHASHSEED`` does not matter).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib

import attrs
import orjson

_UTC = dt.UTC


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
        return {
            f.name: canonical(getattr(value, f.name, None))
            for f in attrs.fields(cls)
            if f.name != "id"
        }
    if isinstance(value, frozenset | set):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda item: orjson.dumps(item, option=orjson.OPT_SORT_KEYS))
    if isinstance(value, tuple | list):
        return [canonical(v) for v in value]
    return repr(value)


def derive_id(prefix: str, obj: object) -> str:
    """The stable id of ``obj``, e.g. ``"claim-3f2a…"``."""
    digest = hashlib.sha256(
        orjson.dumps(canonical(obj), option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    ).hexdigest()
    return f"{prefix}-{digest[:20]}"
