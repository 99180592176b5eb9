"""Each validator states one rule three ways (check, schema fragment, inline code): they agree."""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import traceback
import types
import typing
from typing import Any, Literal

import attrs
import jsonschema
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import InvariantError, Quantity, SourceKind, json_schema
from conflictevents import _validators as v
from conflictevents._converter import _structure_datetime
from conflictevents._countries import COUNTRY_CODES
from conflictevents._json_fast import FastPathError, make_fast_structure
from conflictevents._reconcile import Reconciliation, SubjectReconciliation
from conflictevents._records import RECORD_TYPES

DEFS = json_schema()["$defs"]
BLANKS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u202f\u3000"


def _field_checks() -> dict[tuple[v.Check, Any], str]:
    """Every (validator, annotation) pair on the models the wire format holds."""
    found: dict[tuple[v.Check, Any], str] = {}
    todo, seen = [*RECORD_TYPES, Reconciliation, SubjectReconciliation], set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            tp = hints[field.name]
            todo.extend(c for c in v.classes_of(tp) | _item_classes(tp) if attrs.has(c))
            if isinstance(field.validator, v.Check):
                found.setdefault((field.validator, tp), f"{cls.__name__}.{field.name}")
    return found


def _item_classes(tp: Any) -> frozenset[type]:
    if typing.get_origin(tp) in (tuple, frozenset):
        return v.classes_of(typing.get_args(tp)[0])
    return frozenset()


FIELD_CHECKS = _field_checks()
# Shapes no field has today, so that every branch of every declaration is held to its check.
MORE_CHECKS: list[tuple[v.Check, Any]] = [
    (v.finite_float(1.0, math.inf), float),  # the reconciliation's unbounded ratio
    (v.finite_float(-math.inf, 0.0), float),
    (v.optional(v.finite_float(0.0, 1.0)), float | None),
    (v.frozenset_of(v.country_code, non_empty=True), frozenset[str]),
    (v.optional(v.tuple_of(v.positive_count)), tuple[int, ...] | None),
    (v.literal("claim"), str),
]
INLINE_ONLY: list[tuple[v.Check, Any]] = [  # wider annotations: a check JSON Schema cannot see
    (v.instance_of(int), int | str),
    (v.optional_instance_of((int, bool)), int | str | None),
    (v.enum_member(SourceKind), SourceKind | str),
    (v.optional_enum_member(SourceKind), SourceKind | str | None),
]


def values(tp: Any) -> st.SearchStrategy[Any]:  # noqa: C901, PLR0911
    """Values of annotation ``tp`` as the JSON decoder makes them, rich in edge cases."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([values(arg) for arg in typing.get_args(tp)])
    if origin is Literal:
        return st.sampled_from(typing.get_args(tp)) | st.text(max_size=3)
    if origin is tuple:
        return st.lists(values(typing.get_args(tp)[0]), max_size=3).map(tuple)
    if origin is frozenset:
        return st.frozensets(values(typing.get_args(tp)[0]), max_size=3)
    if tp is str:
        codes = st.sampled_from(sorted(COUNTRY_CODES))
        return st.text() | st.text(BLANKS) | codes | codes.map(str.lower)
    if tp is int:
        return st.integers() | st.integers(-2, 2)
    if tp is float:
        edges = st.integers(-200, 200).map(float) | st.sampled_from([40_075.0, 1.0 - 1e-16])
        return st.floats(allow_nan=False, allow_infinity=False) | edges
    if tp is bool or tp is type(None):
        return st.from_type(tp)
    if tp is pendulum.DateTime:
        return st.datetimes(timezones=st.timezones(), allow_imaginary=False).map(pendulum.instance)
    if tp is dt.date:
        return st.dates()
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(tp)
    if attrs.has(tp):  # the checks on a model-typed field look no further than its class
        return st.builds(object.__new__, st.just(tp))
    raise NotImplementedError(tp)


def to_json(value: object) -> Any:
    """``value`` as JSON: a model stands as an empty object (see ``values``)."""
    if isinstance(value, tuple | frozenset):
        return [to_json(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return {} if attrs.has(type(value)) else value


def breaks(check: v.Check, value: object) -> bool:
    """Whether ``check``, called as attrs calls it, refuses ``value``."""
    try:
        check(object(), attrs.fields(Quantity).value, value)
    except InvariantError:
        return True
    return False


def inline_breaks(check: v.Check, tp: Any, value: object) -> bool:
    """Whether the inline code ``check`` declares for ``tp`` refuses ``value``."""
    names: dict[str, object] = {"_Fail": FastPathError}

    def bind(obj: object) -> str:
        names[f"_k{len(names)}"] = obj
        return f"_k{len(names) - 1}"

    lines = check.inline("x", tp, bind)
    assert lines is not None, f"{check!r} has no inline form for {tp}"
    exec("def run(x):\n" + "".join(f"    {line}\n" for line in lines or ["pass"]), names)  # noqa: S102
    try:
        names["run"](value)  # type: ignore[operator]
    except FastPathError:
        return True
    return False


def _id(pair: tuple[v.Check, Any]) -> str:
    # A frozenset's repr follows string hashing, which differs from process to process: its
    # members are sorted so that every pytest-xdist worker collects the same ids in one order.
    return re.sub(
        r"frozenset\(\{([^{}]*)\}\)",
        lambda found: "frozenset({" + ", ".join(sorted(found[1].split(", "))) + "})",
        f"{pair[0]!r} on {pair[1]}",
    )


def _ids(pairs: list[tuple[v.Check, Any]]) -> list[str]:
    return [_id(pair) for pair in pairs]


SCHEMA_CASES = sorted([*FIELD_CHECKS, *MORE_CHECKS], key=_id)


class TestOneRuleThreeWays:
    def test_the_models_use_declared_checks(self):
        """Every field the wire format holds has a validator that says what it checks."""
        assert len(FIELD_CHECKS) > 20
        assert {type(check).__name__ for check, _ in FIELD_CHECKS} >= {
            "_NonEmptyStr", "_CountryCode", "_AtLeast", "_FiniteFloat", "_Aware",
            "_EnumMember", "_InstanceOf", "_Optional", "_Members", "_Literal",
        }  # fmt: skip

    @pytest.mark.parametrize(("check", "tp"), SCHEMA_CASES, ids=_ids(SCHEMA_CASES))
    @given(data=st.data())
    def test_schema_fragment_agrees_with_the_check(self, check, tp, data):
        """A value keeps the check exactly when its JSON passes the declared schema fragment."""
        value = data.draw(values(tp))
        schema = {"$defs": DEFS, "allOf": [check.json_schema()]}
        if type(None) in v.classes_of(tp):  # as the schema builder wraps an optional field
            schema = {"$defs": DEFS, "anyOf": [{"type": "null"}, schema]}
        assert jsonschema.Draft202012Validator(schema).is_valid(to_json(value)) != breaks(
            check, value
        )

    @pytest.mark.parametrize(
        ("check", "tp"), SCHEMA_CASES + INLINE_ONLY, ids=_ids(SCHEMA_CASES + INLINE_ONLY)
    )
    @given(data=st.data())
    def test_inline_code_agrees_with_the_check(self, check, tp, data):
        """The decoder's inline code refuses a value exactly when the check does."""
        value = data.draw(values(tp))
        assert inline_breaks(check, tp, value) == breaks(check, value)

    def test_validators_are_values(self):
        """Validators are frozen, hashable and equal when they state the same rule."""
        assert v.tuple_of(v.non_empty_str) == v.tuple_of(v.non_empty_str)
        assert len({v.finite_float(0, 1), v.finite_float(0, 1), v.finite_float(0, 2)}) == 2
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            v.count.minimum = 5  # type: ignore[attr-defined]

    def test_no_inline_form_for_a_shape_it_does_not_know(self):
        """A check asked about a type it cannot read inline says so (the decoder calls it)."""
        assert v.tuple_of(v.non_empty_str).inline("x", frozenset[str], str) is None
        assert v.non_empty_str.inline("x", int, str) is None


def test_generated_decoders_show_their_code_in_tracebacks():
    """A traceback through a generated decoder quotes its lines (they are in linecache)."""

    def refuse(instance, attribute, value):
        raise ZeroDivisionError

    @attrs.frozen(kw_only=True)
    class Named:
        name: str = attrs.field(validator=refuse)

    with pytest.raises(ZeroDivisionError) as info:
        make_fast_structure(Named, _structure_datetime)({"name": "x"})
    text = "".join(traceback.format_exception(info.value))
    assert "fast structure" in text
    assert "(self, _a" in text  # the generated line that called the validator
