"""Regenerate the files the library writes: the JSON Schema and the example data.

Run from the repository root after changing the models or the examples::

    python examples/regenerate.py

It writes ``src/conflictevents/schema.json``, ``docs/schema.json`` and
``examples/first-week-2022.jsonl``; the test suite fails while any of them is stale.
"""

from __future__ import annotations

from pathlib import Path

from conflictevents import write_jsonl
from conflictevents._schema import main as write_schema
from conflictevents.examples import first_week_2022_records

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    write_schema([str(ROOT / "src" / "conflictevents" / "schema.json"), str(ROOT / "docs" / "schema.json")])
    target = ROOT / "examples" / "first-week-2022.jsonl"
    count = write_jsonl(first_week_2022_records(), target)
    print(f"wrote {target} ({count} records)")  # noqa: T201
