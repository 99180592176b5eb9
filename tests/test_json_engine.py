"""The msgspec decode engine builds what the pure path builds, and fails where it fails."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import Attack, Claim, ValidationError, dumps, read_jsonl
from conflictevents import strategies as cst
from conflictevents._json import _Codec, _codec
from conflictevents._json_engine import PURE_ENV
from conflictevents._records import Document
from test_fast_constructors import _same
from test_json_laws import _drawn_member, _keys, _parent

pytest.importorskip("msgspec")


def _codecs() -> tuple[_Codec, _Codec]:
    """A codec with the engine, and one forced onto the pure path."""
    engine, pure = _Codec(lenient=False), _Codec(lenient=False)
    engine.use_engine, pure.use_engine = True, False
    return engine, pure


ENGINE, PURE = _codecs()


def _outcome(codec: _Codec, lines: list[bytes]) -> list[object]:
    """What one reader's memo makes of ``lines`` with ``codec``: objects or errors."""
    memo, found = codec.memo(), []
    for line in lines:
        try:
            found.append(codec.decode(line, None, line=1, memo=memo))
        except ValidationError as error:
            found.append(error)
    return found


def _sharing(objects: list[object]) -> list[int]:
    """Which values are one object: each value's number, in walk order, by identity."""
    seen: dict[int, int] = {}
    order: list[int] = []
    keep: list[object] = []

    def walk(value: object) -> None:
        if attrs.has(type(value)) or type(value).__name__ == "DateTime":
            order.append(seen.setdefault(id(value), len(seen)))
            keep.append(value)
        if attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))
        elif isinstance(value, tuple | frozenset):
            for item in sorted(value, key=repr) if isinstance(value, frozenset) else value:
                walk(item)

    for obj in objects:
        walk(obj)
    return order


def _agree(lines: list[bytes]) -> None:
    """Assert the engine and the pure path give the same objects (marks, sharing) or errors."""
    got, expected = _outcome(ENGINE, lines), _outcome(PURE, lines)
    for a, b in zip(got, expected, strict=True):
        if isinstance(b, ValidationError):
            assert isinstance(a, ValidationError), a
            assert (a.errors, a.line) == (b.errors, b.line)
        else:
            _same(a, b)
    assert _sharing(got) == _sharing(expected)


def _engine_accepts(line: bytes) -> bool:
    engine = ENGINE.engine(None)
    assert engine is not None
    try:
        engine(line, ENGINE.memo())
    except Exception:  # noqa: BLE001
        return False
    return True


def _write(node: Any, twice: tuple[Any, ...] | None, path: tuple[Any, ...] = ()) -> bytes:
    """``node`` as orjson writes it, but the object at path ``twice`` names its first key twice."""
    if isinstance(node, dict):
        items = [orjson.dumps(k) + b":" + _write(v, twice, (*path, k)) for k, v in node.items()]
        if path == twice and node:
            key, value = next(iter(node.items()))
            items.insert(0, orjson.dumps(key) + b":" + orjson.dumps(value))
        return b"{" + b",".join(items) + b"}"
    if isinstance(node, list):
        return b"[" + b",".join(_write(v, twice, (*path, i)) for i, v in enumerate(node)) + b"]"
    if type(node) is int:  # also beyond 64 bits, which orjson does not write
        return str(node).encode()
    return orjson.dumps(node)


class TestEngineLaws:
    @given(st.lists(cst.records(), min_size=1, max_size=4))
    def test_records_decode_as_on_the_pure_path(self, records):
        """Records read together give the pure path's objects, marks and sharing."""
        lines = [dumps(r).encode() + b"\n" for r in records + records]
        # the engine itself decodes these (else this compares the pure path with itself)
        assert all(_engine_accepts(line) for line in lines if b"\\" not in line)
        _agree(lines)

    @given(cst.records())
    def test_the_engine_reads_records_without_escapes(self, record):
        """The engine itself accepts every record this library writes without an escape."""
        line = dumps(record).encode()
        if b"\\" not in line:
            assert _engine_accepts(line)

    @given(cst.records(), st.data())
    def test_duplicate_keys_at_any_depth(self, record, data):
        """A key named twice in any object is refused as on the pure path, never dropped."""
        doc = orjson.loads(dumps(record))
        objects = [()] + [p for p in _keys(doc) if isinstance(_parent(doc, p)[p[-1]], dict)]
        path = data.draw(st.sampled_from(objects))
        line = _write(doc, path)
        assert not _engine_accepts(line)
        _agree([dumps(record).encode(), line])

    @given(cst.records(), st.data())
    def test_mutated_records_fail_as_on_the_pure_path(self, record, data):
        """A record with one value changed (type, size, tag, field) gives the pure path's result."""
        doc, parent, key = _drawn_member(record, data)
        value = data.draw(
            st.sampled_from(
                [
                    None,
                    "x",
                    " ",
                    0,
                    -0.0,
                    1.5,
                    True,
                    [],
                    {},
                    2**63,
                    2**64,
                    -(2**63) - 1,
                    10**30,
                    "2024-01-01T00:00:00+00:00",
                    "unknown_tag",
                ]
            )
        )
        how = data.draw(st.sampled_from(["set", "drop", "unknown field", "tag", "repeat"]))
        if how == "repeat":  # a list's first item twice: a set refuses it
            items = parent[key]
            parent[key] = [*items, items[0]] if isinstance(items, list) and items else items
        elif how == "set":
            parent[key] = value
        elif how == "drop":
            del parent[key]
        elif how == "unknown field":
            parent[f"{key}_extra"] = value
        elif "type" in parent:
            parent["type"] = value
        _agree([_write(doc, None)])

    @given(cst.records(), st.data())
    def test_text_that_is_not_canonical(self, record, data):
        """Spacing, escapes and number spellings give the pure path's result."""
        line = dumps(record).encode()
        edits = [
            (b'":', b'" :'),
            (b'":', b'": '),
            (b",", b" ,"),
            (b"{", b"{ "),
            (b'"a', b'"\\u0061'),
            (b'"e', b'"\\u0065'),
            (b"e", b"\\u0065"),
            (b":0,", b":-0,"),
            (b":1", b":1.0"),
            (b":2", b":2e0"),
            (b":3", b":30000000000000000000000"),
            (b'"type":"', b'"type":"x'),
        ]
        old, new = data.draw(st.sampled_from(edits))
        count = line.count(old)
        if count:
            nth = data.draw(st.integers(0, count - 1))
            at = -1
            for _ in range(nth + 1):
                at = line.index(old, at + 1)
            line = line[:at] + new + line[at + len(old) :]
        _agree([line, line.decode().encode("utf-8")])

    @given(cst.records())
    def test_one_class_decodes_as_on_the_pure_path(self, record):
        """``loads(text, type=TheClass)`` gives the pure path's object, marks included."""
        line = dumps(record).encode()
        assert ENGINE.engine(type(record)) is not None
        _same(ENGINE.decode(line, type(record)), PURE.decode(line, type(record)))
        _same(ENGINE.decode(line, Document), PURE.decode(line, Document))
        other = Claim if type(record) is not Claim else Attack
        with pytest.raises(ValidationError) as engine_error:
            ENGINE.decode(line, other)
        with pytest.raises(ValidationError) as pure_error:
            PURE.decode(line, other)
        assert engine_error.value.errors == pure_error.value.errors

    @given(cst.records())
    def test_text_lines_decode_as_bytes(self, record):
        """A ``str`` line gives what its UTF-8 bytes give."""
        line = dumps(record)
        _same(ENGINE.decode(line, None), PURE.decode(line.encode(), None))


def test_pure_path_forced_by_the_environment():
    """With CONFLICTEVENTS_PURE_DECODE set, no engine is built (the pure path decodes)."""
    code = (
        "from conflictevents._json import _codec; import conflictevents as ce;"
        "ce.loads(ce.dumps(ce.Quantity(value=1)), ce.Quantity);"
        "print(_codec().use_engine, sorted(map(repr, _codec().engines.values())))"
    )
    env = {**os.environ, PURE_ENV: "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "['None']"]


@given(cst.records())
def test_the_engine_is_used_when_installed(record):
    """Without the variable, msgspec installed, the reader's codec decodes with an engine."""
    assert list(read_jsonl([dumps(record).encode()])) == [record]
    assert _codec().use_engine is True
    assert _codec().engines[None] is not None


def test_msgspec_is_imported_on_the_first_decode_only():
    """``import conflictevents`` (and its JSON codec) does not import msgspec: import time."""
    code = (
        "import sys, conflictevents, conflictevents._json;"
        "print('msgspec' in sys.modules, 'conflictevents._json_engine' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
