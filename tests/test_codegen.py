"""The generated constructors' shared parts (``_codegen``) do what their three users rely on.

The JSON decoder's functions and the readers' builders are held to their strict paths
by their own laws (``test_json_laws``, ``test_fast_constructors``, ``test_interop_build``);
here: the trusted constructors of ``reconcile`` store exactly what they are given, and
every generated function keeps its source where tracebacks look for it.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import given

from conflictevents import strategies as cst
from conflictevents._claims import Claim
from conflictevents._json import _structure_datetime
from conflictevents._json_fast import make_fast_structure
from conflictevents._reconcile import made
from conflictevents.interop._build import builder
from test_fast_constructors import _same
from test_interop_build import _models


@given(cst.records())
def test_a_trusted_constructor_stores_each_field_as_given(record: Any) -> None:
    """``made(cls)`` of each model in a record, given its fields, holds those very values."""
    for model in _models(record):
        cls = type(model)
        fields = {field.name: getattr(model, field.name) for field in attrs.fields(cls)}
        built = made(cls)(**fields)
        assert all(getattr(built, name) is value for name, value in fields.items())
        _same(built, model)


def test_generated_functions_keep_their_source_for_tracebacks() -> None:
    """A trusted constructor, a builder and a JSON decoder function each find their source."""
    functions: list[Callable[..., Any]] = [
        made(Claim),
        builder(Claim),
        make_fast_structure(Claim, _structure_datetime),
    ]
    for function in functions:
        source = "".join(linecache.getlines(function.__code__.co_filename))
        assert source.startswith(f"def {function.__name__}("), function.__code__.co_filename
