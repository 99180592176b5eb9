"""The readers' generated constructors build what ``cls(**fields)`` builds and fail as it fails.

Two laws: on models from the strategies (every nested model rebuilt from its fields,
as given or with one field replaced by a bad or foreign value), and on rows generated
from the real files, each reader run with the builders and again with every model
built through its attrs ``__init__`` (:func:`~conflictevents.interop._build.strict`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import orjson
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import strategies as cst
from conflictevents._ids import _NO_DEFAULT, _plan, canonical
from conflictevents.interop import ImportStream, acled, general_staff, oryx, ucdp
from conflictevents.interop._build import builder, strict
from test_fast_constructors import _same
from test_interop_interning import (
    _ACLED_VARIED,
    _DAY,
    _UCDP_VARIED,
    ACLED,
    DATA,
    ORYX_ITEMS,
    UCDP,
    _rows,
)

ORYX_DAILY = DATA / "oryx" / "daily_count.csv"
STAFF = DATA / "general-staff" / "russia_losses_equipment.json"


def _models(value: object) -> Iterator[object]:
    """Every attrs model inside ``value``, itself included, innermost first."""
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _models(getattr(value, field.name))
        yield value
    elif isinstance(value, tuple | frozenset):
        for item in value:
            yield from _models(item)


def _fields(model: object) -> dict[str, object]:
    return {f.alias: getattr(model, f.name) for f in attrs.fields(type(model))}


def _outcome(make: Callable[..., object], fields: dict[str, object]) -> object:
    try:
        return make(**fields)
    except Exception as exc:  # noqa: BLE001 - the error is the outcome compared
        return (type(exc), str(exc))


def _agree(cls: type, fields: dict[str, object]) -> None:
    """Assert the builder of ``cls`` gives what ``cls`` gives: an equal object or the same error."""
    expected, got = _outcome(cls, fields), _outcome(builder(cls), fields)
    if isinstance(expected, tuple):
        assert got == expected
    else:
        _same(got, expected)


class _Text(str):
    __slots__ = ()


_FOREIGN: list[object] = [
    None,
    "",
    " ",
    "x",
    _Text("x"),
    0,
    -1,
    2**70,
    1.5,
    float("nan"),
    float("inf"),
    True,
    (),
    ("x",),
    frozenset(),
    dt.date(2022, 3, 1),
    dt.datetime(2022, 3, 1, 12),  # noqa: DTZ001 - a naive one, on purpose
    dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC),
    pendulum.naive(2022, 3, 1),
]


def _near(value: object) -> list[object]:  # noqa: PLR0911 - one return per kind
    """Values of nearly ``value``'s kind that a model may refuse (or a subclass may hide)."""
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None)
        return [naive, pendulum.instance(naive).naive(), dt.datetime.fromtimestamp(0, dt.UTC)]
    if isinstance(value, enum.Enum):
        return [value.value, str(value.value)]
    if isinstance(value, bool):
        return [int(value), str(value)]
    if isinstance(value, int):
        return [-value - 1, float(value), bool(value), 2**63, _Int(value)]
    if isinstance(value, float):
        return [float("nan"), float("-inf"), int(value), str(value)]
    if isinstance(value, str):
        return ["", " \t", _Text(value), f"{value} ", value.lower(), value.upper()]
    if isinstance(value, tuple | frozenset):
        items = list(value)
        return [items, (*items, None), (*items, "x"), tuple(value)[:1], type(value)()]
    return [None, value]


class _Int(int):
    __slots__ = ()


class TestBuilderLaws:
    @given(cst.records())
    def test_rebuilding_every_model_gives_it_back(self, record: Any) -> None:
        """Every model inside a record, rebuilt from its fields by its builder, is itself."""
        for model in _models(record):
            _same(builder(type(model))(**_fields(model)), model)

    @given(cst.records())
    def test_every_bad_value_fails_as_init_fails(self, record: Any) -> None:
        """Each field of each model in a record, given each foreign or near value, agrees."""
        for model in _models(record):
            fields = _fields(model)
            for key, value in fields.items():
                for bad in (*_near(value), *_FOREIGN):
                    _agree(type(model), {**fields, key: bad})

    @given(cst.records(), st.data())
    def test_crossed_values_fail_as_init_fails(self, record: Any, data: st.DataObject) -> None:
        """A model's fields with one taken from elsewhere in the record (or left out) agree."""
        model = data.draw(st.sampled_from(list(_models(record))))
        fields = _fields(model)
        key = data.draw(st.sampled_from(sorted(fields)))
        fields[key] = data.draw(st.sampled_from([*fields.values(), *_models(record)]))
        defaulted = sorted(
            f.alias for f in attrs.fields(type(model)) if f.default is not attrs.NOTHING
        )
        if defaulted and data.draw(st.booleans()):  # left to its default (or its factory)
            fields.pop(data.draw(st.sampled_from(defaulted)), None)
        _agree(type(model), fields)


_CALLS: list[object] = []


def _counted(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator without an inline form that keeps the values it is called with."""
    _CALLS.append(value)


@attrs.frozen(kw_only=True)
class _Counted:
    value: int = attrs.field(validator=_counted)


@given(st.integers(), st.booleans())
def test_a_builder_runs_validators_only_when_attrs_does(value: int, off: bool) -> None:
    """A builder calls a field's validator once when attrs' validators are on, never when off."""
    _CALLS.clear()
    with attrs.validators.disabled() if off else contextlib.nullcontext():
        built = builder(_Counted)(value=value)
    assert ([] if off else [value]) == _CALLS
    assert built.value == value


def _read_both(read: Callable[[io.StringIO], ImportStream], text: str) -> None:
    """Assert ``read`` gives the same claims (marks and all), counts, errors and flags."""

    def outcome() -> tuple[list[object], tuple[int, ...], list[str], list[str]]:
        stream = read(io.StringIO(text))
        claims = list(stream)
        counts = (stream.rows, stream.imported, stream.rejected, stream.filtered_out)
        return claims, counts, [str(e) for e in stream.errors], [str(f) for f in stream.flagged]

    fast = outcome()
    with strict():
        slow = outcome()
    assert fast[1:] == slow[1:]
    assert len(fast[0]) == len(slow[0])
    for got, expected in zip(fast[0], slow[0], strict=True):
        _same(got, expected)


@given(text=_rows(UCDP, "cp1252", _UCDP_VARIED))
def test_ucdp_reads_the_same_built_either_way(text: str) -> None:
    """UCDP rows give the same claims, errors and flags with the builders as through ``__init__``."""
    _read_both(lambda f: ucdp.read(f, on_error="collect", bounds="flag"), text)


@given(text=_rows(ACLED, "utf-8", _ACLED_VARIED))
def test_acled_reads_the_same_built_either_way(text: str) -> None:
    """ACLED rows give the same claims and errors with the builders as through ``__init__``."""
    _read_both(lambda f: acled.read(f, on_error="collect"), text)


@given(text=_rows(ORYX_ITEMS, "utf-8", ("country", "system", "status", "url")))
def test_oryx_items_read_the_same_built_either_way(text: str) -> None:
    """Oryx items give the same claims with the builders as through ``__init__``."""
    _read_both(lambda f: oryx.read(f, on_error="collect", as_of=_DAY), text)


_DAILY_VARIED = (
    "country", "equipment_type", "destroyed", "abandoned", "captured", "damaged",
    "type_total", "date_recorded",
)  # fmt: skip


@given(text=_rows(ORYX_DAILY, "utf-8", _DAILY_VARIED))
def test_oryx_daily_counts_read_the_same_built_either_way(text: str) -> None:
    """Oryx daily counts give the same claims and errors with the builders as through ``__init__``."""
    _read_both(lambda f: oryx.read(f, on_error="collect"), text)


@functools.cache
def _staff() -> list[dict[str, object]]:
    records: list[dict[str, object]] = json.loads(STAFF.read_text(encoding="utf-8"))
    return records


_STAFF_VALUES: list[object] = [0, 1, -1, 7, 2**62, 2**70, "12", "", None, True, 1.5, [], {}]


@st.composite
def _staff_text(draw: st.DrawFn) -> str:
    """A General Staff file of real records, some values replaced (good, bad or foreign)."""
    records = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        record = dict(draw(st.sampled_from(_staff())))
        for key in draw(st.sets(st.sampled_from(sorted(record)), max_size=3)):
            record[key] = draw(st.sampled_from([*_STAFF_VALUES, record["date"], record["day"]]))
        records.append(record)
    return json.dumps(records)


@given(text=_staff_text(), corrected=st.booleans())
def test_general_staff_reads_the_same_built_either_way(text: str, corrected: bool) -> None:
    """General Staff records give the same claims and errors with the builders as through ``__init__``."""
    corrections = DATA / "general-staff" / "russia_losses_equipment_correction.json"
    _read_both(
        lambda f: general_staff.read(
            f, on_error="collect", corrections=corrections if corrected else None
        ),
        text,
    )


def _reference_form(value: object) -> object:  # noqa: PLR0911 - as it was
    """The canonical form as the previous release computed it (an isinstance chain, no memo)."""
    cls = type(value)
    if attrs.has(cls):
        return _reference_fields(value, cls)
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.isoformat()
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, frozenset | set):
        items = [_reference_form(v) for v in value]
        return sorted(items, key=lambda item: orjson.dumps(item, option=orjson.OPT_SORT_KEYS))
    if isinstance(value, tuple | list):
        return [_reference_form(v) for v in value]
    return repr(value)


def _reference_fields(value: object, cls: type) -> dict[str, object]:
    form: dict[str, object] = {}
    for name, omit, legacy in _plan(cls):
        item = getattr(value, name, None)
        if omit is _NO_DEFAULT or item != omit:
            text = None if legacy is None or item is None else legacy(item)
            form[name] = _reference_form(item) if text is None else text
    return form


@given(cst.records(), st.lists(st.sampled_from([*_FOREIGN, _Int(3), _Text("x"), 2**63, -(2**63)])))
def test_the_canonical_form_is_the_previous_releases(record: Any, leaves: list[object]) -> None:
    """Every model's canonical form (so its derived id) is what the previous release computed."""
    for model in _models(record):
        assert orjson.dumps(canonical(model)) == orjson.dumps(_reference_form(model))
    assert orjson.dumps(canonical(leaves)) == orjson.dumps(_reference_form(leaves))
    assert [type(x) for x in canonical(leaves)] == [type(x) for x in _reference_form(leaves)]  # type: ignore[union-attr, attr-defined]
