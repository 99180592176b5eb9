"""Laws of the JSON wire format, checked with the public Hypothesis strategies."""

from __future__ import annotations

import datetime as dt
import enum
import io
from typing import Any

import attrs
import orjson
import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conflictevents import (
    Location,
    Publication,
    Quantity,
    Source,
    SourceKind,
    TimeSpan,
    ValidationError,
    dumps,
    from_dict,
    loads,
    read_jsonl,
    to_dict,
    write_jsonl,
)
from conflictevents import strategies as cst
from conflictevents._json import _codec
from conflictevents._records import RECORD_TYPES
from conflictevents._time import _micros

pytestmark = pytest.mark.usefixtures("each_decode_path")  # engine and pure path

LMT_INSTANT = TimeSpan.instant(pendulum.datetime(1900, 1, 1, 12, tz="Europe/Amsterdam"))
"""An instant whose zone offset has seconds (local mean time): written in UTC."""

PARTS: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Source, cst.sources()),
    (Location, cst.locations(max_depth=2)),
    (TimeSpan, cst.time_spans()),
    (Quantity, cst.quantities()),
]


class TestRoundTripLaws:
    @given(cst.records())
    def test_loads_dumps_is_identity(self, record):
        """loads(dumps(x)) == x for every record."""
        assert loads(dumps(record)) == record

    @given(cst.records())
    def test_from_dict_to_dict_is_identity(self, record):
        """from_dict(to_dict(x)) == x for every record."""
        assert from_dict(to_dict(record)) == record

    @given(cst.records())
    def test_dumps_loads_is_identity_on_output(self, record):
        """dumps(loads(s)) == s for every s that dumps produced."""
        text = dumps(record)
        assert dumps(loads(text)) == text

    @given(cst.records())
    def test_to_dict_is_what_dumps_writes(self, record):
        """orjson.dumps(to_dict(x)) gives the bytes of dumps(x)."""
        assert orjson.dumps(to_dict(record)).decode() == dumps(record)

    @pytest.mark.parametrize(("tp", "strategy"), PARTS, ids=[tp.__name__ for tp, _ in PARTS])
    @given(data=st.data())
    def test_parts_round_trip(self, tp, strategy, data):
        """Parts of records round-trip when their type is given."""
        value = data.draw(strategy)
        assert loads(dumps(value), tp) == value
        assert from_dict(to_dict(value), tp) == value

    @given(cst.time_spans())
    @example(LMT_INSTANT)
    def test_spans_keep_precision_and_instants(self, span):
        """A span comes back with its precision, its flag and the same instants."""
        back = loads(dumps(span), TimeSpan)
        assert (back.precision, back.approximate) == (span.precision, span.approximate)

        # Instants, not ==: Python never calls two aware datetimes of different zones
        # equal inside a repeated hour (PEP 495), even when they are the same instant.
        def instants(s: TimeSpan) -> list[int | None]:
            return [None if t is None else _micros(t) for t in (s.start, s.end)]

        assert instants(back) == instants(span)


# -- mutations -------------------------------------------------------------------------


Path = tuple[str | int, ...]


def _render(path: Path) -> str:
    out = "$"
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else f".{key}"
    return out


def _keys(node: object, path: Path = ()) -> list[Path]:
    """The path of every object member in a JSON document."""
    found: list[Path] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*path, key))
            found.extend(_keys(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_keys(value, (*path, index)))
    return found


def _enum_paths(obj: object, path: Path = ()) -> list[Path]:
    """The path of every enum-valued field (outside sets) of a model."""
    found: list[Path] = []
    if not attrs.has(type(obj)):
        return found
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        here = (*path, field.name)
        if isinstance(value, enum.Enum):
            found.append(here)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                found.extend(_enum_paths(item, (*here, index)))
        else:
            found.extend(_enum_paths(value, here))
    return found


def _parent(doc: Any, path: Path) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _drawn_member(record: object, data: st.DataObject) -> tuple[Any, Any, Any]:
    """``record``'s JSON tree and one of its object members, drawn: (tree, parent, key)."""
    doc = orjson.loads(dumps(record))
    path = data.draw(st.sampled_from(_keys(doc)))
    return doc, _parent(doc, path), path[-1]


def _error_paths(text: str | bytes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        loads(text)
    assert info.value.errors
    paths = [path for path, _ in info.value.errors]
    assert all(path.startswith("$") for path in paths)
    return paths


class TestMutationLaws:
    @given(cst.records(), st.data())
    def test_extra_key(self, record, data):
        """An extra key in any object is reported at its own path."""
        doc = orjson.loads(dumps(record))
        objects = [()] + [p for p in _keys(doc) if isinstance(_parent(doc, p)[p[-1]], dict)]
        path = data.draw(st.sampled_from(objects))
        target = _parent(doc, path)[path[-1]] if path else doc
        target["unexpected_field"] = 1
        assert _render((*path, "unexpected_field")) in _error_paths(orjson.dumps(doc))

    @given(cst.records(), st.data())
    def test_wrong_type(self, record, data):
        """A value of the wrong JSON type is reported at its path."""
        doc = orjson.loads(dumps(record))
        path = data.draw(st.sampled_from(_keys(doc)))
        parent = _parent(doc, path)
        parent[path[-1]] = 12345 if isinstance(parent[path[-1]], dict) else {"x": 1}
        where = _render(path)
        assert any(
            p == where or p.startswith((f"{where}.", f"{where}["))
            for p in _error_paths(orjson.dumps(doc))
        )

    @given(cst.records(), st.data())
    def test_bad_enum(self, record, data):
        """A value outside its enum is reported at its path."""
        paths = _enum_paths(record)
        if not paths:
            return
        path = data.draw(st.sampled_from(paths))
        doc = orjson.loads(dumps(record))
        _parent(doc, path)[path[-1]] = "no_such_member"
        assert _error_paths(orjson.dumps(doc)) == [_render(path)]

    @given(cst.records(), st.data())
    def test_dropped_field(self, record, data):
        """A dropped field gives back a valid record or a ValidationError, nothing else."""
        doc = orjson.loads(dumps(record))
        path = data.draw(st.sampled_from(_keys(doc)))
        del _parent(doc, path)[path[-1]]
        try:
            loads(orjson.dumps(doc))
        except ValidationError as error:
            problems = error.errors
        else:
            problems = (("$", "valid"),)
        assert problems
        assert all(p.startswith("$") for p, _ in problems)

    @given(cst.records(), st.data())
    def test_truncated_json(self, record, data):
        """Truncated JSON is reported as malformed at the root."""
        text = dumps(record)
        cut = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
        assert _error_paths(text[:cut]) == ["$"]

    @given(st.binary(max_size=200) | st.text(max_size=200))
    def test_garbage(self, blob):
        """Arbitrary bytes or text give a record or ValidationError, nothing else."""
        try:
            result: object = loads(blob)
        except ValidationError as error:
            result = error
        assert isinstance(result, (ValidationError, *RECORD_TYPES))


class TestSourceKindIsChecked:
    def test_enum_paths_helper_finds_nested_enums(self):
        """The mutation helper finds enum fields inside nested models."""
        source = Source(name="a", kind=SourceKind.OTHER)
        assert _enum_paths(source) == [("kind",)]


# -- the fast path agrees with the strict path -----------------------------------------


def _both(data: object) -> tuple[object, object]:
    """(fast result or its exception type, strict result or ValidationError)."""
    codec = _codec()
    try:
        fast: object = codec.fast[None](data)
    except Exception as exc:  # noqa: BLE001 - any failure sends the input to the strict path
        fast = type(exc)
    try:
        strict: object = codec.strict_structure(data, None)
    except Exception:  # noqa: BLE001
        strict = ValidationError
    return fast, strict


class TestFastPathLaws:
    @given(cst.records())
    def test_decoders_agree_on_valid_input(self, record):
        """The generated decoder and the strict cattrs decoder build equal objects."""
        fast, strict = _both(to_dict(record))
        assert fast == strict == record
        assert dumps(fast) == dumps(strict)

    @given(cst.records())
    def test_encoders_agree(self, record):
        """The generated encoder writes the same bytes as the cattrs unstructure hooks."""
        codec = _codec()
        assert orjson.dumps(codec.for_orjson(record)) == orjson.dumps(codec.unstructure(record))

    @given(cst.records(), st.data())
    def test_fast_path_is_never_laxer(self, record, data):
        """Whatever the fast decoder accepts after a mutation, the strict one accepts too."""
        doc = orjson.loads(dumps(record))
        path = data.draw(st.sampled_from(_keys(doc)))
        parent = _parent(doc, path)
        mutation = data.draw(st.sampled_from(["drop", "null", "string", "number", "blank", "list"]))
        if mutation == "drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = {"null": None, "string": "x", "number": 0, "blank": " ", "list": []}[
                mutation
            ]
        fast, strict = _both(doc)
        if not isinstance(fast, type):
            assert fast == strict


# -- sharing what repeats never changes a value ----------------------------------------

KYIV_FOLD = tuple(  # 03:30 before the clocks go back (+03:00), and again after (+02:00)
    pendulum.datetime(2024, 10, 27, 3, 30, tz="Europe/Kyiv", fold=fold) for fold in (0, 1)
)


def _read_together(texts: list[str], tp: Any = None) -> list[Any]:
    """The objects of ``texts`` read as lines of one file (one reader shares one memo)."""
    return list(read_jsonl([text.encode() for text in texts], type=tp))


class TestSharingLaws:
    @given(st.lists(cst.records(), min_size=1, max_size=6), st.data())
    def test_reading_together_is_reading_alone(self, records, data):
        """Records read from one file equal, and write back as, each record read alone."""
        lines = [dumps(r) for r in data.draw(st.permutations(records + records))]
        together = _read_together(lines)
        assert together == [loads(line) for line in lines]
        assert [dumps(r) for r in together] == lines

    @given(st.lists(cst.records(), min_size=1, max_size=6))
    def test_writing_together_is_writing_alone(self, records):
        """A file written at once holds the lines each record writes alone."""
        buffer = io.BytesIO()
        write_jsonl(records + records, buffer)
        assert buffer.getvalue().splitlines()[1:] == [dumps(r).encode() for r in records * 2]

    @given(
        st.datetimes(
            min_value=dt.datetime(1970, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
            timezones=st.timezones(),
            allow_imaginary=False,
        ),
        st.timezones(),
    )
    @example(KYIV_FOLD[0], dt.timezone(dt.timedelta(hours=2)))  # the fold's other 03:30
    def test_equal_instants_in_other_offsets_are_not_shared(self, moment, zone):
        """Times equal as instants but written with other offsets keep their own offset."""
        spans = [
            TimeSpan.instant(pendulum.instance(moment)),
            TimeSpan.instant(pendulum.instance(moment.astimezone(zone))),
        ]
        texts = [dumps(s) for s in spans]
        read = _read_together(texts + texts, TimeSpan)
        assert [dumps(s) for s in read] == texts + texts
        for got, span in zip(read, spans * 2, strict=True):
            assert got.start.utcoffset() == span.start.utcoffset()
        assert (read[0].start is read[1].start) == (texts[0] == texts[1])
        assert read[0].start is read[2].start  # the same text: one object

    def test_the_fold_is_read_as_two_times(self):
        """The two 03:30 of a night the clocks go back are two times, not one shared."""
        first, second = (TimeSpan.instant(t) for t in KYIV_FOLD)
        texts = [dumps(first), dumps(second)]
        assert texts[0] != texts[1]
        read = _read_together(texts, TimeSpan)
        assert [dumps(s) for s in read] == texts
        assert read[0].start is not read[1].start

    @given(cst.claims(), cst.sources(), cst.time_spans(), st.timezones())
    def test_equal_but_different_publications_are_not_shared(self, claim, outlet, span, zone):
        """A publication equal by == to another but written differently is read as itself."""

        def move(moment):
            return None if moment is None else pendulum.instance(moment.astimezone(zone))

        moved = attrs.evolve(span, start=move(span.start), end=move(span.end))
        one = Publication(outlet=outlet, published=span)
        other = Publication(outlet=outlet, published=moved)
        assert one == other  # the same instants
        text = dumps(attrs.evolve(claim, reported_in=(one, other)))
        read = loads(text).reported_in
        assert [dumps(p) for p in read] == [dumps(one), dumps(other)]
        assert (read[0] is read[1]) == (dumps(one) == dumps(other))

    @given(cst.sources(), st.sampled_from(["side", "role", "count"]))
    def test_sources_differing_in_a_field_are_not_shared(self, source, field):
        """Two sources that differ in one field are two objects, each as written."""
        changed = {
            "side": {"side": (source.side or "") + "x"},
            "role": {"role": (source.role or "") + "x"},
            "count": {"anonymous": True, "count": (source.count or 0) + 1},
        }[field]
        other = attrs.evolve(source, **changed)
        sources = [source, other, source]
        texts = [dumps(Publication(outlet=s)) for s in sources]
        read = [p.outlet for p in _read_together(texts, Publication)]
        assert read == sources
        assert [dumps(s) for s in read] == [dumps(s) for s in sources]
        assert read[0] is read[2]
        assert read[1] is not read[0]
