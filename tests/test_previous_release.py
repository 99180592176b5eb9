"""Files written by release 0.x (main on 2026-11-29, before issues 12-16) keep loading."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from conflictevents import SubjectReconciliation, loads, read_jsonl

pytestmark = pytest.mark.usefixtures("each_decode_path")  # engine and pure path

PREVIOUS = Path(__file__).parent / "data" / "previous-release"
FILES = sorted(p for p in PREVIOUS.glob("*.jsonl") if ".reconciled." not in p.name)
RECONCILED = PREVIOUS / "first-week-2022.reconciled.jsonl"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_record_of_a_previous_release_file_loads(path: Path) -> None:
    """Every line that release wrote loads, as many records as the file has lines."""
    lines = [line for line in path.read_bytes().splitlines()[1:] if line.strip()]
    loaded = list(read_jsonl(path))
    assert len(loaded) == len(lines)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_ids_written_by_a_previous_release_are_kept(path: Path) -> None:
    """A record's id, as that release wrote it, is the id it has once loaded."""
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines()[1:] if line.strip()]
    loaded = list(read_jsonl(path))
    written = [line.get("id") for line in lines]
    assert [getattr(record, "id", None) for record in loaded] == written


def test_a_reconciliation_written_by_a_previous_release_loads() -> None:
    """Each subject of `conflictevents reconcile --format json` as that release wrote it loads."""
    lines = [line for line in RECONCILED.read_bytes().splitlines() if line.strip()]
    subjects = [loads(line, SubjectReconciliation) for line in lines]
    assert [s.key for s in subjects] == [orjson.loads(line)["key"] for line in lines]
