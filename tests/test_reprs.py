"""The models' shared ``__repr__`` prints what attrs' generated one prints, and saves its compile."""

from __future__ import annotations

import functools
import subprocess
import sys
from typing import Any

import attrs
from hypothesis import given

import conflictevents as ce
from conflictevents import _validators as v
from conflictevents import strategies as cst
from conflictevents._reprs import attrs_repr


@functools.cache
def _twin(cls: type) -> type:
    """A class of the same name and fields whose ``__repr__`` attrs generates itself."""
    fields = {a.name: attrs.field(repr=a.repr) for a in attrs.fields(cls)}
    return attrs.make_class(cls.__qualname__, fields, frozen=True, kw_only=True)


def _attrs_printed(obj: Any) -> str:
    """``repr(obj)`` as attrs' generated method writes it (the fields' values as they are)."""
    twin = _twin(type(obj))
    return repr(twin(**{a.name: getattr(obj, a.name) for a in attrs.fields(type(obj))}))


def _reachable(obj: object) -> list[object]:
    """``obj`` and every attrs instance inside it (fields, tuples, frozensets)."""
    found: list[object] = []
    todo = [obj]
    while todo:
        item = todo.pop()
        if attrs.has(type(item)):
            found.append(item)
            todo.extend(getattr(item, a.name) for a in attrs.fields(type(item)))
        elif isinstance(item, tuple | frozenset):
            todo.extend(item)
    return found


@given(cst.records())
def test_every_record_prints_as_attrs_would(record: object) -> None:
    """Each record, and each model inside it, prints exactly as attrs' generated repr."""
    for obj in _reachable(record):
        assert repr(obj) == _attrs_printed(obj)


def test_validators_print_as_attrs_would() -> None:
    """The validators, nested ones included, print exactly as attrs' generated repr."""
    checks = [
        v.non_empty_str,
        v.optional_moment,
        v.finite_float(-90.0, 90.0),
        v.enum_member(ce.Medium),
        v.optional_instance_of((ce.Source, ce.Location)),
        v.tuple_of(v.optional(v.count), non_empty=True),
        v.literal("attack"),
    ]
    for check in checks:
        assert repr(check) == _attrs_printed(check)
    assert repr(v.optional_count) == "_Optional(inner=_AtLeast(minimum=0))"


def test_a_cycle_prints_dots() -> None:
    """An object met again inside its own repr prints as ``...``, as attrs prints it."""
    outer = v.optional(v.non_empty_str)
    object.__setattr__(outer, "inner", outer)  # frozen: only a forced write makes a cycle
    assert repr(outer) == "_Optional(inner=...)"
    assert attrs_repr(outer) == repr(outer)


def test_import_compiles_no_repr() -> None:
    """`import conflictevents` has attrs generate no ``__repr__`` for the package's classes."""
    code = """
import linecache, conflictevents
generated = [
    name for name, entry in linecache.cache.items()
    if name.startswith("<attrs generated") and "conflictevents" in name
    and "def __repr__" in "".join(entry[2])
]
print(len(generated), generated[:3])
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("0 "), out
