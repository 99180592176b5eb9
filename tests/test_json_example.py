"""examples/first-week-2022.jsonl: the reference article's claims, written by the library."""

from __future__ import annotations

from pathlib import Path

from conflictevents import dumps, read_jsonl
from conflictevents._jsonl import FORMAT
from conflictevents.examples import first_week_2022_records

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "first-week-2022.jsonl"


class TestFirstWeekExample:
    def test_file_reads_back_as_first_week_2022(self):
        """Reading the example file gives the example's claims and assessments; else regenerate."""
        assert tuple(read_jsonl(EXAMPLE)) == first_week_2022_records()

    def test_file_is_what_the_library_writes(self):
        """The file is byte for byte the header plus one dumps() per record."""
        expected = [f'{{"format":"{FORMAT}"}}'] + [dumps(r) for r in first_week_2022_records()]
        assert EXAMPLE.read_text(encoding="utf-8").splitlines() == expected
