"""The generated decoder builds what the attrs ``__init__`` path builds, and fails as it does."""

from __future__ import annotations

import attrs
import orjson
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import ValidationError, dumps, read_jsonl
from conflictevents import strategies as cst
from conflictevents._converter import _validation_error
from conflictevents._json import _codec
from test_json_laws import _drawn_member


def _same(a: object, b: object, path: str = "$") -> None:
    """Assert ``a`` and ``b`` are equal down to the class of every value (marks included).

    A derived id (``_Derived``) and an implied bound (``_Implied``) are ``str`` and
    ``int`` subclasses that compare equal to plain ones: ``==`` alone cannot see them.
    """
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            _same(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), path  # type: ignore[arg-type]
        for index, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[call-overload]
            _same(x, y, f"{path}[{index}]")
    elif isinstance(a, frozenset):
        assert a == b, path
        assert sorted(map(repr, a)) == sorted(map(repr, b)), path  # type: ignore[call-overload]
    else:
        assert a == b, path


def _strict(tree: object) -> object:
    """What the strict path alone (cattrs, through each class's attrs ``__init__``) gives."""
    try:
        return _codec().strict_structure(tree, None)
    except Exception as exc:  # noqa: BLE001 - every failure becomes one error
        return _validation_error(exc, None)


def _decoded(text: bytes) -> object:
    """What the one JSON entry (generated decoder first) gives, or the error it raises."""
    try:
        return _codec().decode(text, None)
    except ValidationError as error:
        return error


def _agree(doc: object) -> None:
    """Assert the one JSON entry decodes ``doc`` as the strict path alone: object or errors."""
    expected, got = _strict(doc), _decoded(orjson.dumps(doc))
    if isinstance(expected, ValidationError):
        assert isinstance(got, ValidationError)
        assert got.errors == expected.errors
    else:
        _same(got, expected)


class TestFastConstructorLaws:
    @given(cst.records())
    def test_fast_path_builds_what_init_builds(self, record):
        """Decoding a record's JSON gives the object ``__init__`` gives, marks and all."""
        tree = orjson.loads(dumps(record))
        strict = _strict(tree)
        _same(_codec().fast[None](tree), strict)
        _same(_codec().fast[None](tree, _codec().memo()), strict)

    @given(st.lists(cst.records(), min_size=1, max_size=4))
    def test_shared_values_build_what_init_builds(self, records):
        """Records read together (sharing values) equal the ``__init__`` path's, marks and all."""
        lines = [dumps(r).encode() for r in records + records]
        for line, obj in zip(lines, read_jsonl(lines), strict=True):
            _same(obj, _strict(orjson.loads(line)))

    @given(cst.records(), st.data())
    def test_invalid_input_fails_as_init_fails(self, record, data):
        """A mutated record decodes to what the ``__init__`` path gives: object or same errors."""
        doc, parent, key = _drawn_member(record, data)
        mutation = data.draw(
            st.sampled_from(
                ["drop", "null", "string", "number", "blank", "list", "swap", "id", "first"]
            )
        )
        if mutation == "drop":
            del parent[key]
        elif mutation == "first":  # a list cut to its first item: "at least two" invariants
            parent[key] = parent[key][:1] if isinstance(parent[key], list) else parent[key]
        elif mutation == "swap":  # another member's value: breaks cross-field invariants
            other = data.draw(st.sampled_from(sorted(parent)))
            parent[key], parent[other] = parent[other], parent[key]
        elif mutation == "id":  # an id of the derived form, of this class or another
            prefix = data.draw(st.sampled_from([str(parent.get("type", "x")), "claim", "x"]))
            parent[key] = f"{prefix}-{data.draw(st.from_regex('[0-9a-f]{20}', fullmatch=True))}"
        else:
            parent[key] = {"null": None, "string": "x", "number": 0, "blank": " ", "list": []}[
                mutation
            ]
        _agree(doc)

    @given(cst.records(), st.data())
    def test_crossed_records_fail_as_init_fails(self, record, data):
        """Members of two records of one class, crossed, decode as the ``__init__`` path says."""
        other = data.draw(st.from_type(type(record)))
        mine, theirs = orjson.loads(dumps(record)), orjson.loads(dumps(other))
        doc = {
            key: theirs[key] if data.draw(st.booleans(), label=key) else value
            for key, value in mine.items()
            if key != "id"  # derived again from the crossed content
        }
        _agree(doc)
