"""Read the rules tables of a docs page, so that the tests check exactly what the docs say."""

from __future__ import annotations

from pathlib import Path


def doc_table(path: Path, marker: str) -> list[list[str]]:
    """The rows of the table that follows ``marker`` in the Markdown page ``path``.

    A row is a table line whose first cell is code (``| `...` |``); its cells come back
    stripped of spaces and backticks. The table ends at the next heading.
    """
    text = path.read_text(encoding="utf-8")
    rows = []
    for line in text[text.index(marker) :].splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.startswith("| `"):
            rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows
