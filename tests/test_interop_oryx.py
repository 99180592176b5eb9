"""Reading Oryx's visually confirmed equipment losses as claims by Oryx.

Data: scarnecchia/oryx_data (CC BY 4.0) and Oryx, see tests/data/oryx.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import EquipmentLoss, LossStatus, Medium, Quantity, Verification, reconcile
from conflictevents.interop import oryx

DATA = Path(__file__).parent / "data" / "oryx"
DAILY = DATA / "daily_count.csv"
TOTALS = DATA / "totals_by_type.csv"
ITEMS = DATA / "data_2022-03-13.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def daily():
    stream = oryx.read(DAILY, on_error="collect")
    return stream, list(stream)


class TestCounts:
    """Every row is imported or reported with its line and reason."""

    def test_daily_count(self, daily):
        """1365 rows, all imported, five claims (four statuses and the total) each."""
        stream, claims = daily
        assert (stream.rows, stream.imported, stream.rejected) == (1365, 1365, 0)
        assert len(_rows(DAILY)) == 1365
        assert len(claims) == 5 * 1365

    def test_totals_need_a_date(self):
        """totals_by_type.csv has no date: as_of= is required, then all rows import."""
        with pytest.raises(ValueError, match="as_of="):
            oryx.read(TOTALS)
        stream = oryx.read(TOTALS, as_of=dt.date(2025, 7, 19))
        assert len(list(stream)) == 5 * len(_rows(TOTALS))
        assert stream.rejected == 0

    def test_items(self):
        """One claim per documented item; the two rows with status 'NA' are reported."""
        stream = oryx.read(ITEMS, on_error="collect")
        claims = list(stream)
        assert (stream.rows, stream.imported, stream.rejected) == (1402, 1400, 2)
        assert [(e.line, e.column) for e in stream.errors] == [(1330, "status"), (1331, "status")]
        assert len(claims) == 1400
        first = claims[0]
        assert first.subject.equipment == "T-64BV"
        assert first.subject.status is LossStatus.DAMAGED
        assert first.reported_in[0].url == "https://i.postimg.cc/DfYzLMQ3/v60.png"
        assert first.stated.start.date() == dt.date(2022, 3, 13)


class TestFields:
    """Rows checked field by field against the file."""

    def test_the_scrape_glitch_is_kept(self, daily):
        """2022-03-28, Russia, All Types: destroyed 100 is imported as Oryx gave it."""
        _, claims = daily
        claim = next(c for c in claims if c.id == "oryx-RU-2022-03-28-all-types-destroyed")
        assert claim.quantity == Quantity(value=100)
        assert claim.claimant == oryx.ORYX
        assert claim.verification is Verification.DOCUMENTED
        assert claim.medium is Medium.DATASET

    def test_tanks(self, daily):
        """A tank row: each status, and type_total as 'lost', cumulative since 24 Feb."""
        _, claims = daily
        row = next(
            r
            for r in _rows(DAILY)
            if r["equipment_type"] == "Tanks"
            and r["country"] == "Russia"
            and r["date_recorded"] == "2025-03-21"
        )
        by_status = {
            c.subject.status: c for c in claims if c.id.startswith("oryx-RU-2025-03-21-tanks-")
        }
        for column, status in oryx.STATUSES.items():
            subject = by_status[status].subject
            assert isinstance(subject, EquipmentLoss)
            assert (subject.side, subject.equipment) == ("RU", "tank")
            assert subject.quantity == Quantity(value=int(row[column]))
            assert subject.period.start.date() == dt.date(2022, 2, 24)

    def test_labels_with_embedded_figures(self, daily):
        """Labels that embed figures are cut before them."""
        _, claims = daily
        equipment = {c.subject.equipment for c in claims}
        assert "Losses excluding Recon Drones and Trucks" in equipment
        assert not any("of which" in e for e in equipment)
        assert oryx.label("Naval Ships") == "Naval Ships"

    def test_before_the_invasion(self, daily):
        """The 2022-02-23 baseline row counts over the instant the period starts."""
        _, claims = daily
        claim = next(c for c in claims if c.id == "oryx-RU-2022-02-23-aircraft-lost")
        assert claim.subject.period.start == claim.subject.period.end
        assert claim.quantity == Quantity(value=0)


class TestErrors:
    """Bad rows are reported with line and column."""

    HEADER = (
        "country,equipment_type,destroyed,abandoned,captured,damaged,type_total,date_recorded\n"
    )

    def _read(self, body: str):
        stream = oryx.read(io.StringIO(self.HEADER + body, newline=""), on_error="collect")
        return stream, list(stream)

    def test_total_is_the_sum(self):
        """A type_total that is not the sum of the statuses is reported, not repaired."""
        stream, claims = self._read("Russia,Tanks,1,1,1,1,5,2022-03-01\n")
        assert claims == []
        assert [(e.line, e.column) for e in stream.errors] == [(2, "type_total")]

    def test_unknown_country_and_bad_number(self):
        """An unknown country and a non-number are each reported on their line."""
        stream, _ = self._read(
            "Belarus,Tanks,0,0,0,0,0,2022-03-01\nRussia,Tanks,x,0,0,0,0,2022-03-01\n"
        )
        assert [(e.line, e.column) for e in stream.errors] == [(2, "country"), (3, "destroyed")]

    def test_short_row(self):
        """A row with too few fields is reported, not padded."""
        stream, _ = self._read("Russia,Tanks,1\n")
        assert [e.line for e in stream.errors] == [2]
        assert "fields" in stream.errors[0].reason


@st.composite
def daily_rows(draw: st.DrawFn) -> dict[str, str]:
    """A daily_count row whose total is the sum of its statuses."""
    figures = draw(st.lists(st.integers(0, 10**5), min_size=4, max_size=4))
    day = draw(st.dates(min_value=dt.date(2022, 2, 1), max_value=dt.date(2030, 1, 1)))
    row = {
        "country": draw(st.sampled_from(sorted(oryx.COUNTRIES))),
        "equipment_type": draw(
            st.sampled_from(["Tanks", "Aircraft", "Trucks, Vehicles and Jeeps"])
        ),
        "date_recorded": day.isoformat(),
        "type_total": str(sum(figures)),
    }
    row.update(
        zip(["destroyed", "abandoned", "captured", "damaged"], map(str, figures), strict=True)
    )
    return row


class TestLaws:
    """For any daily rows, five claims each, with the row's figures."""

    @given(st.lists(daily_rows(), min_size=1, max_size=5))
    def test_figures_survive(self, rows):
        """Every status column becomes one claim with its figure and the row's side."""
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=[*rows[0]])
        writer.writeheader()
        writer.writerows(rows)
        out.seek(0)
        claims = list(oryx.read(out))
        assert len(claims) == 5 * len(rows)
        for i, row in enumerate(rows):
            for claim, (column, status) in zip(
                claims[5 * i : 5 * i + 5], oryx.STATUSES.items(), strict=True
            ):
                assert claim.subject.status is status
                assert claim.quantity == Quantity(value=int(row[column]))
                assert claim.subject.side == oryx.COUNTRIES[row["country"]]


class TestItems:
    """Items are counted before they are reconciled."""

    def test_count_items(self):
        """The 1400 items of 2022-03-13 make one count per side, system and status."""
        items = list(oryx.read(ITEMS, on_error="collect"))
        counts = oryx.count_items(items)
        rows = [r for r in _rows(ITEMS) if r["status"] != "NA"]
        assert len(counts) == len({(r["country"], r["system"], r["status"]) for r in rows})
        assert sum(c.quantity.value for c in counts) == len(items) == 1400
        t64 = [
            c
            for c in counts
            if c.subject.equipment == "T-64BV"
            and c.subject.side == "RU"
            and c.subject.status is LossStatus.CAPTURED
        ]
        [count] = t64
        expected = [
            r["url"]
            for r in rows
            if (r["country"], r["system"], r["status"]) == ("Russia", "T-64BV", "captured")
        ]
        assert count.quantity.value == len(expected)
        assert [p.url for p in count.reported_in] == expected

    @given(st.lists(st.sampled_from(["T-64BV", "t-64bv", "T64BV", "T-64\u00a0BV", "T-64 BV"])))
    def test_spellings_of_one_system_are_one_count(self, spellings):
        """Items spelling one system differently (case, hyphen, spaces) are one count of all."""
        items = list(oryx.read(ITEMS, on_error="collect"))
        group = [
            c
            for c in items
            if c.subject.equipment == "T-64BV"
            and c.subject.side == "RU"
            and c.subject.status is LossStatus.CAPTURED
        ]
        respelled = [
            attrs.evolve(c, subject=attrs.evolve(c.subject, equipment=name))
            for c, name in zip(group, spellings, strict=False)
        ] + group[len(spellings) :]
        [count] = oryx.count_items(respelled)
        assert count.quantity.value == len(group)
        [result] = reconcile(oryx.count_items(respelled)).subjects
        assert result.estimate is not None
        assert result.estimate.best == len(group)

    def test_counts_only_items(self, daily):
        """Count claims are refused: only item claims can be counted."""
        _, claims = daily
        with pytest.raises(ValueError, match="not an Oryx item claim"):
            oryx.count_items(claims[:10])


class TestStreams:
    """Open streams are told apart by their header too (standard input has no name)."""

    def test_totals_from_a_stream(self):
        """totals_by_type.csv read from a stream needs as_of= and then reads every row."""
        text = TOTALS.read_text(encoding="utf-8")
        with pytest.raises(ValueError, match="as_of="):
            oryx.read(io.StringIO(text, newline=""))
        stream = oryx.read(io.StringIO(text, newline=""), as_of=dt.date(2025, 7, 19))
        assert len(list(stream)) == 5 * len(_rows(TOTALS))

    def test_items_from_a_stream(self):
        """Item rows read from a stream, with as_of=, give the same claims as the file."""
        text = ITEMS.read_text(encoding="utf-8")
        stream = oryx.read(
            io.StringIO(text, newline=""), as_of=dt.date(2022, 3, 13), on_error="collect"
        )
        from_file = list(oryx.read(ITEMS, on_error="collect"))
        assert list(stream) == from_file
        assert stream.rejected == 2
