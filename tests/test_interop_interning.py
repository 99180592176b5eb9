"""The readers' intern cache changes nothing but speed: reading with it equals reading without.

Rows are generated from the real files of tests/data, each column of a row drawn from
the values that column takes in the file (and blank or padded variants), so that rows
share some cells and differ in others: a cache keyed on fewer cells than a value is
built from would hand one row another row's value, and these laws would fail.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from conflictevents import dumps
from conflictevents._ids import derive_id
from conflictevents.interop import ImportStream, _common, acled, oryx, ucdp

DATA = Path(__file__).parent / "data"
UCDP = DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"
ACLED = DATA / "acled" / "acled_every_type.csv"
ORYX_ITEMS = DATA / "oryx" / "data_2022-03-13.csv"
_DAY = dt.date(2022, 3, 13)


@functools.cache
def _table(path: Path, encoding: str) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or ()), list(reader)


def _pool(rows: list[dict[str, str]], column: str) -> list[str]:
    """A few of the values ``column`` takes in the file, blank and padded variants beside."""
    seen = list(dict.fromkeys(row[column] for row in rows))[:6]
    return [*seen, "", f" {seen[0]} "]


def _rows(path: Path, encoding: str, varied: tuple[str, ...]) -> st.SearchStrategy[str]:
    """CSV text of rows made from one or two rows of ``path``, each varying a few cells.

    Rows of one base row share every cell but the few each varies, so that a key
    missing one cell a value is built from would be shared by rows that differ in it.
    """
    columns, rows = _table(path, encoding)
    cells = {column: st.sampled_from(_pool(rows, column)) for column in varied}

    @st.composite
    def table(draw: st.DrawFn) -> list[dict[str, str]]:
        bases = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=2))
        drawn = []
        for _ in range(draw(st.integers(min_value=1, max_value=12))):
            row = dict(draw(st.sampled_from(bases)))
            for column in draw(st.sets(st.sampled_from(varied), max_size=3)):
                row[column] = draw(cells[column])
            drawn.append(row)
        return drawn

    def text(drawn: list[dict[str, str]]) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(drawn)
        return out.getvalue()

    return table().map(text)


def _outcome(stream: ImportStream) -> tuple[object, ...]:
    claims = [dumps(claim) for claim in stream]
    assert stream.rows == stream.imported + stream.rejected + stream.filtered_out
    return (
        claims,
        (stream.rows, stream.imported, stream.rejected, stream.filtered_out),
        [str(error) for error in stream.errors],
        [str(flag) for flag in stream.flagged],
    )


def _same_with_and_without_cache(read: Callable[[io.StringIO], ImportStream], text: str) -> None:
    cached = _outcome(read(io.StringIO(text)))
    with mock.patch.object(_common, "INTERN_LIMIT", 0):
        uncached = _outcome(read(io.StringIO(text)))
    assert cached == uncached


_UCDP_VARIED = (
    "side_a", "side_a_new_id", "side_b", "side_b_new_id", "dyad_new_id", "conflict_new_id",
    "source_office", "source_date", "source_article", "source_headline", "source_original",
    "where_prec", "where_coordinates", "country", "adm_1", "adm_2", "latitude", "longitude",
    "type_of_violence", "priogrid_gid", "geom_wkt", "number_of_sources",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "low", "high",
)  # fmt: skip

_ACLED_VARIED = (
    "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "tags", "timestamp",
)  # fmt: skip


@given(text=_rows(UCDP, "cp1252", _UCDP_VARIED))
def test_ucdp_reads_the_same_with_and_without_its_cache(
    text: str,
) -> None:
    """UCDP rows sharing some cells give the same claims, errors and flags uncached."""
    _same_with_and_without_cache(lambda f: ucdp.read(f, on_error="collect", bounds="flag"), text)


@given(text=_rows(ACLED, "utf-8", _ACLED_VARIED))
def test_acled_reads_the_same_with_and_without_its_cache(
    text: str,
) -> None:
    """ACLED rows sharing some cells give the same claims and errors uncached."""
    _same_with_and_without_cache(lambda f: acled.read(f, on_error="collect"), text)


@given(text=_rows(ORYX_ITEMS, "utf-8", ("country", "system", "status", "url")))
def test_oryx_items_read_the_same_with_and_without_the_cache(
    text: str,
) -> None:
    """Oryx items sharing a system or an image give the same claims uncached."""
    _same_with_and_without_cache(lambda f: oryx.read(f, on_error="collect", as_of=_DAY), text)


@given(text=_rows(ORYX_ITEMS, "utf-8", ("country", "system", "status", "url")))
def test_ids_derived_while_reading_equal_ids_derived_alone(text: str) -> None:
    """A claim's id derived inside a reader (shared values hashed once) is its id derived alone."""
    for claim in oryx.read(io.StringIO(text), on_error="collect", as_of=_DAY):
        assert claim.id == derive_id("claim", claim)
