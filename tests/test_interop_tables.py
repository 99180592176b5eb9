"""Claims as tables: Arrow, Parquet and the UCDP-shaped CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import strategies
from conflictevents.interop import general_staff, oryx, tables, ucdp

DATA = Path(__file__).parent / "data"
UCDP_SAMPLE = DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"


@pytest.fixture(scope="module")
def ucdp_claims():
    return list(ucdp.read(UCDP_SAMPLE, encoding="cp1252", on_error="collect"))


class TestArrow:
    """to_arrow() gives one row per claim with the documented flat columns."""

    def test_columns_are_the_documented_ones(self, ucdp_claims):
        """The schema's names are COLUMNS' names, in order, each with its meaning."""
        table = tables.to_arrow(ucdp_claims[:10])
        assert table.column_names == [name for name, _, _ in tables.COLUMNS]
        assert all(field.metadata[b"description"] for field in table.schema)

    def test_one_row_per_claim(self, ucdp_claims):
        """The table has a row per claim, in order, keyed by claim id."""
        table = tables.to_arrow(ucdp_claims, batch_size=1000)
        assert table.num_rows == len(ucdp_claims)
        assert table.column("claim_id").to_pylist() == [c.id for c in ucdp_claims]

    def test_a_ucdp_row(self, ucdp_claims):
        """The deaths claim of GED 446152 flattens to its figure, bounds, time and place."""
        table = tables.to_arrow(ucdp_claims[:2])
        row = table.slice(1, 1).to_pylist()[0]
        assert row["claim_id"] == "ucdp-ged-446152-deaths"
        event = table.slice(0, 1).to_pylist()[0]
        assert row["subject_id"] == event["subject_id"] == "ucdp-ged-446152"
        assert (row["figure"], row["qualifier"], row["low"], row["high"]) == (3, "between", 2, 3)
        assert row["time_start"] == dt.datetime(2022, 9, 1, tzinfo=dt.UTC)
        assert row["time_end"] == dt.datetime(2022, 9, 2, tzinfo=dt.UTC)
        assert row["time_precision"] == "day"
        assert (row["place"], row["place_country"], row["place_precision"]) == (
            "Enerhodar village",
            "UA",
            "point",
        )
        assert row["sources"] == ["Ukrinform", "Unified news feed", "AOAV"]
        assert row["claimant"] == "Uppsala Conflict Data Program"

    @given(st.lists(strategies.claims(), max_size=5))
    def test_any_claims(self, claims):
        """Any claims convert: one row each, figures and stated times as in the claims."""
        table = tables.to_arrow(claims)
        assert table.num_rows == len(claims)
        for row, claim in zip(table.to_pylist(), claims, strict=True):
            assert row["claim_id"] == claim.id
            quantity = claim.quantity
            assert row["figure"] == (quantity.value if quantity is not None else None)
            if claim.stated is not None and claim.stated.start is not None:
                # the same instant (== is always False across zones for a DST fold)
                assert row["stated_start"].timestamp() == claim.stated.start.timestamp()

    def test_rejects_non_claims(self):
        """Events that are not claims are refused with a TypeError."""
        with pytest.raises(TypeError, match="Claim"):
            tables.to_arrow(["not a claim"])  # type: ignore[list-item]

    def test_missing_pyarrow(self, monkeypatch):
        """Without pyarrow the error says which extra to install."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(ImportError, match=r"conflictevents\[arrow\]"):
            tables.to_arrow([])


class TestParquet:
    """Parquet written and read back gives the same rows."""

    def test_round_trip(self, ucdp_claims, tmp_path):
        """UCDP claims written to Parquet come back equal to to_arrow()'s table."""
        path = tmp_path / "ucdp.parquet"
        assert tables.write_parquet(ucdp_claims, path, batch_size=500) == len(ucdp_claims)
        back = pq.read_table(path)
        assert back.equals(tables.to_arrow(ucdp_claims))
        assert back.schema.field("time_start").type == pa.timestamp("us", tz="UTC")

    def test_general_staff_and_oryx(self, tmp_path):
        """The General Staff series and Oryx counts stream to one file and read back."""
        path = tmp_path / "losses.parquet"
        staff = general_staff.read(DATA / "general-staff" / "russia_losses_personnel.json")
        seen = oryx.read(DATA / "oryx" / "totals_by_type.csv", as_of=dt.date(2025, 7, 19))
        claims = [*staff, *seen]
        tables.write_parquet(iter(claims), path, batch_size=300)
        back = pq.read_table(path)
        assert back.to_pylist() == tables.to_arrow(claims).to_pylist()


class TestCsv:
    """write_csv() writes the UCDP-like best/low/high shape."""

    def test_ucdp_shape(self, ucdp_claims):
        """Deaths claims come out with UCDP's best, low, high, dates and precision codes."""
        out = io.StringIO(newline="")
        assert tables.write_csv(ucdp_claims, out) == len(ucdp_claims)
        out.seek(0)
        rows = {row["id"]: row for row in csv.DictReader(out)}
        row = rows["ucdp-ged-446258-deaths"]
        assert (row["best"], row["low"], row["high"]) == ("1", "1", "1")
        assert (row["date_start"], row["date_end"], row["date_prec"]) == (
            "2022-08-31",
            "2022-09-01",
            "2",
        )
        assert row["where_prec"] == "1"
        assert row["source_date"] == "2022-09-01"
        assert list(rows["ucdp-ged-446258-deaths"]) == list(tables.CSV_COLUMNS)

    def test_qualified_figures(self):
        """A figure 'about 21,200' is written with its qualifier and its implied bounds."""
        claims = [
            c
            for c in general_staff.read(DATA / "general-staff" / "russia_losses_personnel.json")
            if c.id == "ua-general-staff-2022-04-22-personnel"
        ]
        out = io.StringIO(newline="")
        tables.write_csv(claims, out)
        out.seek(0)
        [row] = list(csv.DictReader(out))
        assert (row["best"], row["low"], row["high"], row["qualifier"]) == (
            "21200",
            "19080",
            "23320",
            "about",
        )
        assert (row["date_start"], row["date_end"], row["stated"]) == (
            "2022-02-24",
            "2022-04-22",
            "2022-04-22",
        )
        assert row["url"] == general_staff.DATASET.url
