"""The JSON Schema: generated from the models, shipped current, and true of every dump."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given

from conflictevents import dumps, json_schema
from conflictevents import strategies as cst
from conflictevents._schema import main, schema_text, shipped_schema

ROOT = Path(__file__).resolve().parents[1]
REGENERATE = "python examples/regenerate.py"
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


class TestShippedSchema:
    def test_package_file_is_current(self):
        """The schema shipped in the package equals the one generated from the models."""
        assert shipped_schema() == json_schema(), f"stale schema.json: run `{REGENERATE}`"

    def test_docs_file_is_current(self):
        """docs/schema.json is byte-identical to the generated schema."""
        text = (ROOT / "docs" / "schema.json").read_text(encoding="utf-8")
        assert text == schema_text(), f"stale docs/schema.json: run `{REGENERATE}`"

    def test_regenerate_writes_the_files(self, tmp_path, capsys):
        """The regeneration entry point writes the schema to the paths given."""
        target = tmp_path / "schema.json"
        main([str(target)])
        assert json.loads(target.read_text(encoding="utf-8")) == json_schema()
        assert capsys.readouterr().out == f"wrote {target}\n"


class TestSchemaContent:
    def test_is_a_valid_draft_2020_12_schema(self):
        """The schema itself passes the draft 2020-12 meta-schema."""
        jsonschema.Draft202012Validator.check_schema(json_schema())
        assert json_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_records_are_told_apart_by_their_type_constant(self):
        """The root is a oneOf of records, each pinning "type" with const and requiring it."""
        schema = json_schema()
        names = [ref["$ref"].rsplit("/", 1)[1] for ref in schema["oneOf"]]
        assert names[0] == "Claim"
        for name in names:
            definition = schema["$defs"][name]
            assert "const" in definition["properties"]["type"]
            assert "type" in definition["required"]
            assert definition["additionalProperties"] is False

    def test_descriptions_come_from_docstrings(self):
        """Classes and fields are described by their docstrings."""
        claim = json_schema()["$defs"]["Claim"]
        assert claim["description"].startswith("A claimant asserts or denies something")
        assert claim["properties"]["claimant"]["description"].startswith("Who makes the claim")

    def test_enums_and_minimums(self):
        """Enums list their values; counts and coordinates carry their bounds."""
        defs = json_schema()["$defs"]
        assert defs["SourceKind"]["enum"][:2] == ["government", "military"]
        assert defs["Quantity"]["properties"]["value"]["anyOf"][0] == {
            "type": "integer",
            "minimum": 0,
            "maximum": 2**63 - 1,
        }
        assert defs["AircraftCount"]["properties"]["count"]["minimum"] == 1
        latitude = defs["Coordinates"]["properties"]["latitude"]
        assert (latitude["minimum"], latitude["maximum"]) == (-90.0, 90.0)
        assert defs["Sanction"]["properties"]["measures"]["minItems"] == 1
        assert "UA" in defs["CountryCode"]["enum"]

    def test_required_fields(self):
        """Fields without a default are required; defaulted ones carry their default."""
        source = json_schema()["$defs"]["Source"]
        assert source["required"] == ["name", "kind"]
        assert source["properties"]["aliases"]["default"] == []


class TestDumpsValidates:
    @given(cst.records())
    def test_every_dump_validates(self, record):
        """Everything dumps() writes validates against json_schema()."""
        VALIDATOR.validate(json.loads(dumps(record)))

    @pytest.mark.parametrize(
        ("change", "keyword"),
        [
            ({"type": "atack"}, "oneOf"),
            ({"colour": "red"}, "oneOf"),
        ],
    )
    def test_the_schema_rejects_what_loads_rejects(self, change, keyword):
        """A bad tag or an unknown field fails the schema too."""
        from conflictevents import Attack  # noqa: PLC0415

        doc = json.loads(dumps(Attack())) | change
        errors = list(VALIDATOR.iter_errors(doc))
        assert [e.validator for e in errors] == [keyword]
