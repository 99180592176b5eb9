"""JSON Schema (draft 2020-12) of the wire format, generated from the models.

A small walker over :func:`attrs.fields`: types give the JSON types, enums and the
``"type"`` discriminator; the field validators declare the constraints a schema can
say (``_validators.Check.json_schema``: non-empty strings, minimums, country codes,
non-empty arrays); docstrings give the descriptions. A field whose validator declares
nothing adds its constraints with
``attrs.field(metadata={"json_schema": {"minimum": 0}})``.

The package ships the result as ``conflictevents/schema.json`` (and ``docs/schema.json``);
regenerate both with ``python examples/regenerate.py``.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
import re
import sys
import typing
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs
import pendulum

from . import _validators as v
from ._converter import RFC3339
from ._countries import COUNTRY_CODES
from ._jsonl import FORMAT
from ._reconcile import Reconciliation, SubjectReconciliation
from ._records import RECORD_TYPES
from ._time import DATE

__all__ = ["SCHEMA_ID", "json_schema", "shipped_schema"]

SCHEMA_ID = "https://conflictevents.readthedocs.io/en/latest/schema.json"
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    pendulum.DateTime: {"type": "string", "format": "date-time", "pattern": f"^{RFC3339}$"},
    dt.date: {"type": "string", "format": "date", "pattern": f"^{DATE}$"},
}


def _doc_sections(cls: type) -> tuple[str, dict[str, str]]:
    """The description of ``cls`` and of each attribute, from its Google docstring."""
    doc = inspect.getdoc(cls) or ""
    head, _, attributes = doc.partition("\nAttributes:\n")
    description = _plain(" ".join(head.split("\n\n")[0].split()))
    fields: dict[str, str] = {}
    current: str | None = None
    for line in attributes.splitlines():
        match = re.match(r"^    (\w+): (.*)$", line)
        if match:
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif current is not None and line.startswith("        "):
            fields[current] += " " + line.strip()
        elif line.strip():
            current = None
    return description, {name: _plain(text) for name, text in fields.items()}


def _plain(text: str) -> str:
    """Drop reStructuredText roles and literals: ``:class:`X``` → ``X``."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", text)
    return text.replace("``", "")


def _constraints(validator: Any) -> dict[str, Any]:  # noqa: ANN401
    """The schema keywords a field's validator declares (see ``_validators.Check``)."""
    inner = getattr(validator, "_validators", None)  # attrs' and_()
    if inner is not None:
        merged: dict[str, Any] = {}
        for each in inner:
            merged |= _constraints(each)
        return merged
    return validator.json_schema() if isinstance(validator, v.Check) else {}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def type_schema(self, tp: Any, constraints: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN401, PLR0911
        origin = typing.get_origin(tp)
        if origin in v.UNIONS:
            return self.union_schema(tp, constraints)
        if origin in (tuple, frozenset):
            return self.array_schema(tp, constraints)
        if origin is Literal:
            (value,) = typing.get_args(tp)
            return {"const": value}
        if "$ref" in constraints:
            return dict(constraints)
        if tp in _SCALARS:
            return _SCALARS[tp] | constraints
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            self.enum_def(tp)
            return self.ref(tp.__name__)
        if isinstance(tp, type) and attrs.has(tp):
            self.class_def(tp)
            return self.ref(tp.__name__)
        msg = f"no JSON Schema for {tp!r}"
        raise TypeError(msg)

    def union_schema(self, tp: Any, constraints: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN401
        members, optional = v.split_optional(tp)
        if len(members) == 1:
            inner = self.type_schema(members[0], constraints)
        else:
            inner = {"oneOf": [self.type_schema(m, {}) for m in members]}
        return {"anyOf": [inner, {"type": "null"}]} if optional else inner

    def array_schema(self, tp: Any, constraints: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN401
        schema: dict[str, Any] = {
            "type": "array",
            "items": self.type_schema(typing.get_args(tp)[0], constraints.get("items", {})),
        }
        if typing.get_origin(tp) is frozenset:
            schema["uniqueItems"] = True
        if "minItems" in constraints:
            schema["minItems"] = constraints["minItems"]
        return schema

    def enum_def(self, tp: type[enum.Enum]) -> None:
        if tp.__name__ in self.defs:
            return
        schema: dict[str, Any] = {"title": tp.__name__}
        doc = inspect.getdoc(tp)
        if doc:
            schema["description"] = " ".join(_plain(doc).split())
        schema |= {"type": "string", "enum": [m.value for m in tp]}
        self.defs[tp.__name__] = schema

    def class_def(self, cls: type) -> None:
        name = cls.__name__
        if name in self.defs:
            return
        self.defs[name] = {}  # reserve: classes can be recursive
        description, field_docs = _doc_sections(cls)
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            constraints = _constraints(field.validator) | field.metadata.get("json_schema", {})
            schema = self.type_schema(hints[field.name], constraints)
            doc = field_docs.get(field.name)
            if field.name == "type" and doc is None:
                doc = "The record type: the discriminator of the union."
            if doc:
                schema = {"description": doc} | schema
            default = _json_default(field.default)
            if default is not attrs.NOTHING and field.name != "type":
                schema["default"] = default
            properties[field.name] = schema
            if field.default is attrs.NOTHING or field.name == "type":
                required.append(field.name)
        self.defs[name] = {
            "title": name,
            "description": description,
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def _json_default(default: object) -> Any:  # noqa: ANN401
    if default is attrs.NOTHING or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return attrs.NOTHING
    if isinstance(default, enum.Enum):
        return default.value
    if isinstance(default, tuple | frozenset):
        return sorted(default) if isinstance(default, frozenset) else list(default)
    return default


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document as :func:`dumps` writes it.

    The root accepts what :func:`loads` reads without ``type=``: a record (a claim or
    an event) or a reconciliation result (``Reconciliation``,
    ``SubjectReconciliation``). One line of a JSON Lines data set is a record only:
    validate lines against ``#/$defs/Record``.

    Generated from the models: every class is a ``$defs`` entry with its docstring as
    description, enums list their values, counts have their minimums, required fields
    are listed, unknown fields are not allowed, and documents are told apart by their
    ``"type"`` constant (``oneOf``). The same schema ships with the package as
    ``conflictevents/schema.json``.

    Returns:
        A new dict, ready for ``json.dumps`` or a validator such as
        ``jsonschema.Draft202012Validator``.

    Example:
        >>> from conflictevents import json_schema
        >>> json_schema()["$defs"]["Quantity"]["properties"]["low"]["anyOf"][0]
        {'type': 'integer', 'minimum': 0, 'maximum': 9223372036854775807}
    """
    builder = _Builder()
    records = [builder.type_schema(cls, {}) for cls in RECORD_TYPES]
    results = [builder.type_schema(cls, {}) for cls in (Reconciliation, SubjectReconciliation)]
    builder.defs["CountryCode"] = {
        "title": "CountryCode",
        "description": "An ISO 3166-1 alpha-2 country code.",
        "type": "string",
        "enum": sorted(COUNTRY_CODES),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "conflictevents document",
        "description": (
            f"One JSON document in the {FORMAT} wire format: a record (a claim or an "
            "event) or a reconciliation result. One line of a JSON Lines file, after its "
            f'{{"format": "{FORMAT}"}} header, is a record: #/$defs/Record.'
        ),
        "oneOf": records + results,
        "$defs": dict(sorted((builder.defs | {"Record": _record_def(records)}).items())),
    }


def _record_def(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "title": "Record",
        "description": (
            "Anything that stands on its own in a data set: a claim or an event. One line "
            "of a JSON Lines file."
        ),
        "oneOf": records,
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    """The schema as the shipped file holds it: indented JSON with a final newline."""
    return (
        json.dumps(json_schema() if schema is None else schema, indent=2, ensure_ascii=False) + "\n"
    )


def shipped_schema() -> dict[str, Any]:
    """The schema file shipped in the package (``conflictevents/schema.json``)."""
    text = resources.files("conflictevents").joinpath("schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def _write(paths: list[Path], out: Callable[[str], object]) -> None:
    text = schema_text()
    for path in paths:
        path.write_text(text, encoding="utf-8")
        out(f"wrote {path}")


def main(argv: list[str] | None = None) -> None:
    """Write the schema to the package and to ``docs/`` (or to the paths given)."""
    args = sys.argv[1:] if argv is None else argv
    package = Path(__file__).with_name("schema.json")
    paths = [Path(a) for a in args] or [package, package.parents[2] / "docs" / "schema.json"]
    _write(paths, print)
