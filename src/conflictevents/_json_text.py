"""What orjson does not check in JSON text: keys named twice, and text that is not UTF-8.

orjson keeps the last value of a key an object names twice, silently; and it reports
any text that is not UTF-8 as "surrogates not allowed". Both are answered here, in one
set of words for every entry point (``loads``, ``read_jsonl``, the command line, Dask).
"""

from __future__ import annotations

import functools
import json
from typing import Any

import orjson

from ._converter import _child

__all__ = ["DUPLICATE_KEY", "duplicate_keys", "not_utf8", "parse_error", "unique_keys"]

DUPLICATE_KEY = "duplicate key: the object names it twice"

_dumps = orjson.dumps
_JSON_SPACE = b" \t\r\n"


def unique_keys(text: str | bytes, tree: object) -> bool:
    r"""Whether no object in JSON ``text`` names a key twice (``tree`` is its parse).

    Cheap for text as this library writes it: ``tree`` written again gives the same
    bytes. Otherwise the colons are counted, which an escape (``\u003a``) could hide;
    only then is the text parsed again, slowly, to be sure.
    """
    try:
        again = _dumps(tree)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes: no record is
        return not duplicate_keys(text)
    raw = text.encode() if isinstance(text, str) else text  # orjson read it: no surrogates
    if raw.startswith(again) and not raw[len(again) :].strip(_JSON_SPACE):
        return True
    colons, escaped = raw.count(b":"), b"\\u" in raw
    # A colon is either a key's or inside a string; a dropped duplicate takes its own
    # colon, and those of its value, with it.
    if not escaped and colons == again.count(b":"):
        return True
    return not duplicate_keys(text)


class _Twice(dict[str, Any]):
    """An object that named some keys more than once (``keys_twice``)."""

    keys_twice: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = _Twice(obj)
    seen: set[str] = set()
    marked.keys_twice = []
    for key, _ in pairs:
        if key in seen and key not in marked.keys_twice:
            marked.keys_twice.append(key)
        seen.add(key)
    return marked


def _ignore(_: str) -> None:
    return None


def json_path(path: tuple[str | int, ...]) -> str:
    """``("via", 1, "name")`` as ``$.via[1].name``."""
    return functools.reduce(_child, path, "$")


def duplicate_keys(text: str | bytes) -> list[tuple[str | int, ...]]:
    """The path of every key that an object of valid JSON ``text`` names twice, in order."""
    try:
        tree = json.loads(text, object_pairs_hook=_pairs, parse_int=_ignore, parse_float=_ignore)
    except RecursionError:  # deeper than any record: the strict path says so
        return []
    found: list[tuple[str | int, ...]] = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), tree)]
    while stack:
        path, value = stack.pop()
        children: list[tuple[str | int, object]] = []
        if isinstance(value, dict):
            found.extend((*path, key) for key in getattr(value, "keys_twice", ()))
            children = list(value.items())
        elif isinstance(value, list):
            children = list(enumerate(value))
        stack.extend(((*path, key), child) for key, child in reversed(children))
    return found


def not_utf8(text: str | bytes | bytearray | memoryview) -> tuple[str, int, int] | None:
    """What in ``text`` is not UTF-8, and its line and column; ``None`` if all of it is.

    Bytes name their first bad byte; a ``str`` its first lone surrogate (one that stands
    for an undecodable byte, as ``errors="surrogateescape"`` makes, names that byte).
    """
    try:
        if isinstance(text, str):
            text.encode()
        else:
            bytes(text).decode()
    except (UnicodeDecodeError, UnicodeEncodeError) as exc:
        bad = exc.object[exc.start]
        if isinstance(bad, str) and "\udc80" <= bad <= "\udcff":
            bad = ord(bad) - 0xDC00
        what = repr(bad) if isinstance(bad, str) else f"byte 0x{bad:02x}"
        before = exc.object[: exc.start]
        if not isinstance(before, str):
            before = bytes(before).decode()
        return what, before.count("\n") + 1, len(before) - before.rfind("\n")
    return None


def parse_error(
    text: str | bytes | bytearray | memoryview, exc: orjson.JSONDecodeError
) -> tuple[str, int, int]:
    """Why orjson could not parse ``text`` (bytes that are not UTF-8 first), and where."""
    bad = not_utf8(text)
    if bad is None:
        return f"malformed JSON: {exc.msg}", exc.lineno, exc.colno
    return f"not valid UTF-8: {bad[0]}", bad[1], bad[2]
