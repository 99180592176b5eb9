"""The schema and the loader agree: what the schema accepts, loads reads (or a model rule refuses)."""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _doc_tables import doc_table
from _jsonschema_strategies import documents
from conflictevents import (
    Location,
    Quantity,
    Relation,
    RelativePlace,
    Source,
    SourceKind,
    TimeSpan,
    ValidationError,
    dumps,
    json_schema,
    loads,
)
from conflictevents import _validators as v
from conflictevents._reconcile import Reconciliation, SubjectReconciliation
from conflictevents._records import RECORD_TYPES

SCHEMA = json_schema()
DOCS = Path(__file__).resolve().parents[1] / "docs" / "json-format.md"
RULES = "Rules the schema cannot state"


def _models() -> dict[str, type]:
    """Every model the wire format holds, by name."""
    found: dict[str, type] = {}
    todo = [*RECORD_TYPES, Reconciliation, SubjectReconciliation]
    while todo:
        cls = todo.pop()
        if cls.__name__ in found:
            continue
        found[cls.__name__] = cls
        for tp in typing.get_type_hints(cls).values():
            args = typing.get_args(tp) if typing.get_origin(tp) in (tuple, frozenset) else ()
            classes = v.classes_of(tp) | frozenset(c for a in args for c in v.classes_of(a))
            todo.extend(c for c in classes if attrs.has(c))
    return found


MODELS = _models()


def checker(name: str, *, formats: bool = True) -> jsonschema.Draft202012Validator:
    """A validator of ``#/$defs/<name>``, checking formats (as the docs tell users to)."""
    schema = {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    format_checker = jsonschema.FormatChecker() if formats else None
    return jsonschema.Draft202012Validator(schema, format_checker=format_checker)


def refusals(text: str, cls: type, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What ``loads`` says is wrong with ``text``; a model's own rule is marked [model rule]."""

    def marked(instance: object, name: str, value: object, reason: str) -> Exception:
        return real(instance, name, value, f"{reason} [model rule]")

    real = v.fail
    with monkeypatch.context() as patch:
        patch.setattr(v, "fail", marked)
        try:
            loads(text, type=cls)
        except ValidationError as error:
            return list(error.errors)
    return []


# A subject (of a claim, of an assessment) may be any event: hypothesis-jsonschema takes
# minutes over that union (an assessment with it: 67 s of CPU for 15 documents, 4 s
# without), so every model with a subject is drawn with one kind of subject (each kind is
# drawn as a model of its own, and the strategies' laws decode every kind inside claims
# and assessments), and the reconciliation results, which hold claims, are left to their
# parts.
NARROW = copy.deepcopy(SCHEMA)
for _definition in NARROW["$defs"].values():
    if "oneOf" in _definition.get("properties", {}).get("subject", {}):
        _definition["properties"]["subject"] = {"$ref": "#/$defs/TerritorialControl"}
DRAWN = sorted(set(MODELS) - {"Reconciliation", "SubjectReconciliation"})


class TestGeneratedDocuments:
    @pytest.mark.parametrize("name", DRAWN)
    @settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
    @given(data=st.data())
    def test_what_the_schema_accepts_loads(self, name, data, monkeypatch):
        """A document valid against a model's schema loads, or breaks a documented model rule."""
        document = data.draw(documents(NARROW, name))
        if not checker(name).is_valid(document):
            return  # hypothesis-jsonschema does not know every format
        problems = refusals(json.dumps(document), MODELS[name], monkeypatch)
        assert [p for p in problems if not p[1].endswith("[model rule]")] == []

    def test_every_model_rule_is_documented(self):
        """Each model whose fields are checked together is listed in the docs' rules table."""
        documented = {row[0] for row in doc_table(DOCS, RULES)}
        with_rules = {
            name
            for name, cls in MODELS.items()
            if "_check" in vars(cls) or "__attrs_post_init__" in vars(cls)
        }
        assert documented == with_rules


def _document(record: object) -> dict[str, object]:
    return json.loads(dumps(record))


QUANTITY = _document(Quantity(value=498))
SOURCE = _document(Source(name="General Staff", kind=SourceKind.MILITARY))


class TestIntegers:
    def test_a_whole_number_with_a_fraction_is_an_integer(self):
        """498.0 passes the schema's "integer", so loads reads it as 498 (both paths)."""
        text = json.dumps(QUANTITY | {"value": 498.0, "low": 498.0, "high": 498})
        assert checker("Quantity").is_valid(json.loads(text))
        assert loads(text, type=Quantity) == Quantity(value=498)
        with pytest.raises(ValidationError, match=r"\$\.value: expected an integer, got a number"):
            loads(json.dumps(QUANTITY | {"value": 498.5}), type=Quantity)

    @pytest.mark.parametrize("value", [2**63, 2**64 - 1, 1e19])
    def test_past_64_bit_signed_is_refused_by_both(self, value):
        """Integers from 2^63 up are refused by the schema and by loads (docs: 64-bit signed)."""
        document = QUANTITY | {"value": value, "low": value, "high": value}
        assert not checker("Quantity").is_valid(document)
        with pytest.raises(ValidationError, match=r"\$\.value: .*64 bits"):
            loads(json.dumps(document), type=Quantity)

    def test_the_largest_64_bit_integer_is_read_by_both(self):
        """2^63 - 1 passes the schema and round-trips."""
        document = QUANTITY | {"value": 2**63 - 1, "low": 2**63 - 1, "high": 2**63 - 1}
        assert checker("Quantity").is_valid(document)
        assert loads(json.dumps(document), type=Quantity).value == 2**63 - 1


class TestSets:
    def test_a_repeated_item_is_refused_by_both(self):
        """uniqueItems in the schema; loads refuses the repeat instead of dropping it."""
        document = SOURCE | {"aliases": ["GS", "ZSU", "GS"]}
        assert not checker("Source").is_valid(document)
        with pytest.raises(ValidationError, match=r"^\$\.aliases\[2\]: duplicate of item 0$"):
            loads(json.dumps(document), type=Source)

    def test_distinct_items_load(self):
        """Distinct aliases load as a set (the happy path is unchanged)."""
        document = SOURCE | {"aliases": ["ZSU", "GS"]}
        assert loads(json.dumps(document), type=Source).aliases == {"GS", "ZSU"}


class TestDateTimes:
    @pytest.mark.parametrize(
        "text",
        [
            "2022-02-30T00:00:00+02:00",  # no such day: format checking
            "2022-03-02T00:00:00+24:00",  # offset hour 24
            "2022-03-02T23:59:60Z",  # leap second
            "2022-03-02T24:00:00Z",  # hour 24
            "0000-03-02T00:00:00Z",  # year 0
            "2022-13-02T00:00:00Z",  # month 13
            "\u0662022-03-02T00:00:00Z",  # an Arabic-Indic digit
        ],
    )
    def test_what_loads_refuses_the_schema_refuses(self, text):
        """A date-time loads refuses fails the schema with format checking on."""
        span = {"start": text, "end": text, "precision": "instant", "approximate": False}
        assert not checker("TimeSpan").is_valid(span)
        with pytest.raises(ValidationError, match=r"^\$\.start: "):
            loads(json.dumps(span), type=TimeSpan)

    def test_the_pattern_alone_refuses_all_but_impossible_days(self):
        """Without format checking, only a day that does not exist gets past the schema."""
        span = {"precision": "instant", "approximate": False}
        lenient = checker("TimeSpan", formats=False)
        for text in ["2022-03-02T00:00:00+24:00", "2022-03-02T23:59:60Z", "0000-03-02T00:00:00Z"]:
            assert not lenient.is_valid(span | {"start": text, "end": text})
        impossible = "2022-02-30T00:00:00+02:00"
        assert lenient.is_valid(span | {"start": impossible, "end": impossible})


class TestDeclaredFloatBounds:
    def test_a_spread_below_one_fails_the_schema(self):
        """SubjectReconciliation.spread is at least 1 in the schema, as in the model."""
        spread = SCHEMA["$defs"]["SubjectReconciliation"]["properties"]["spread"]
        assert spread["anyOf"][0] == {"type": "number", "minimum": 1.0}

    def test_a_negative_distance_is_refused_by_both(self):
        """RelativePlace.distance_km: 0 to 40,075 in the schema and in loads."""
        place = RelativePlace(
            relation=Relation.NORTH_OF, anchor=Location(name="Kyiv"), distance_km=5
        )
        document = _document(place) | {"distance_km": -1.0}
        assert not checker("RelativePlace").is_valid(document)
        with pytest.raises(ValidationError, match=r"^\$\.distance_km: -1\.0 is outside 0\.\.40075"):
            loads(json.dumps(document), type=RelativePlace)


class TestSize:
    def test_a_document_dumps_writes_can_always_be_read_back(self):
        """A reconciliation over the size limit is refused by default and read with max_bytes."""
        from conflictevents import reconcile  # noqa: PLC0415
        from conflictevents.examples import first_week_2022  # noqa: PLC0415

        text = dumps(reconcile(first_week_2022()))
        limit = len(text) // 2  # stands for MAX_DOCUMENT_BYTES: 100,000 claims exceed it
        with pytest.raises(ValidationError, match=r"larger than the limit .*max_bytes="):
            loads(text, max_bytes=limit)
        assert loads(text, max_bytes=len(text)) == loads(text)
