"""Reading ACLED CSV exports as claims by ACLED.

ACLED's terms forbid redistribution: tests/data/acled holds fictional rows written
from the public codebook's column list, never real ACLED data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    LocationPrecision,
    Qualifier,
    Quantity,
    TimePrecision,
)
from conflictevents.interop import RowError, acled

SAMPLE = Path(__file__).parent / "data" / "acled" / "acled_fictional.csv"


@pytest.fixture(scope="module")
def imported():
    stream = acled.read(SAMPLE, on_error="collect")
    return stream, {c.id: c for c in stream}


class TestCounts:
    """Every row is imported or reported with its line and reason."""

    def test_rows_add_up(self, imported):
        """Seven rows: four events imported, three reported."""
        stream, claims = imported
        assert (stream.rows, stream.imported, stream.rejected) == (7, 4, 3)
        assert len(claims) == 8
        assert [(e.line, e.column) for e in stream.errors] == [
            (6, "event_type"),
            (7, "fatalities"),
            (8, "event_type"),
        ]
        assert "no model" in stream.errors[0].reason

    def test_raise(self):
        """By default the first row without a model stops the import."""
        with pytest.raises(RowError, match="Protests"):
            list(acled.read(SAMPLE))


class TestFields:
    """Rows checked field by field against the file."""

    def test_battle(self, imported):
        """XTS1: a battle on an exact day at a town, 4 fatalities at least, two sources."""
        _, claims = imported
        event = claims["acled-XTS1"].subject
        assert isinstance(event, Attack)
        assert event.kind is AttackKind.ENGAGEMENT
        assert event.attacker.name == "Military Forces of Russia (2000-)"
        assert event.target.name == "Military Forces of Ukraine (2019-)"
        assert event.when.precision is TimePrecision.DAY
        assert event.when.start.date() == dt.date(2022, 3, 2)
        assert event.place.name == "Kharkiv"
        assert event.place.country == "UA"
        assert event.place.precision is LocationPrecision.SETTLEMENT
        assert event.description == "Fictional row: clashes on the outskirts."
        deaths = claims["acled-XTS1-fatalities"]
        assert deaths.quantity == Quantity(value=4, qualifier=Qualifier.AT_LEAST)
        assert [p.outlet.name for p in deaths.reported_in] == ["Example Wire", "Example Daily"]
        assert deaths.claimant == acled.ACLED

    def test_week_and_month(self, imported):
        """time_precision 2 is the week around the date; 3 the calendar month."""
        _, claims = imported
        week = claims["acled-XTS2"].subject.when
        assert week.precision is TimePrecision.WEEK
        assert (week.start.date(), week.end.date()) == (dt.date(2022, 2, 28), dt.date(2022, 3, 7))
        assert claims["acled-XTS2"].subject.kind is AttackKind.SHELLING
        assert claims["acled-XTS2"].subject.place.precision is LocationPrecision.DISTRICT
        month = claims["acled-XTS3"].subject.when
        assert month.precision is TimePrecision.MONTH
        assert (month.start.date(), month.end.date()) == (dt.date(2022, 3, 1), dt.date(2022, 4, 1))
        assert claims["acled-XTS3"].subject.kind is AttackKind.AIR_STRIKE
        assert claims["acled-XTS3"].subject.place.precision is LocationPrecision.REGION


class TestDates:
    """ACLED's date styles."""

    @given(st.dates(min_value=dt.date(1997, 1, 1), max_value=dt.date(2099, 12, 31)))
    def test_styles_agree(self, day):
        """ISO, '24 February 2022' and '24-Feb-2022' give the same day."""
        styles = [
            day.isoformat(),
            f"{day.day} {day.strftime('%B')} {day.year}",
            f"{day.day:02}-{day.strftime('%b')}-{day.year}",
        ]
        assert {acled.parse_date(s) for s in styles} == {day}
