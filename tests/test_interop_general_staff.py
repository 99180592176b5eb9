"""Reading the General Staff of Ukraine's loss series as claims by the General Staff.

Data: PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (MIT, © 2022 Petro Ivaniuk), see
tests/data/general-staff.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    CasualtyCount,
    Category,
    EquipmentLoss,
    LossStatus,
    Outcome,
    Qualifier,
    Quantity,
    TimePrecision,
    reconcile,
    subject_key,
)
from conflictevents.interop import RowError, general_staff

DATA = Path(__file__).parent / "data" / "general-staff"
EQUIPMENT = DATA / "russia_losses_equipment.json"
PERSONNEL = DATA / "russia_losses_personnel.json"
CORRECTIONS = DATA / "russia_losses_equipment_correction.json"
FIRST_EQUIPMENT = DATA / "russia_losses_equipment.first-commit-2022-03-06.json"
FIRST_PERSONNEL = DATA / "russia_losses_personnel.first-commit-2022-03-06.json"
REVISION = DATA / "revision-2022-04-22.json"

_TEXT = {"date", "day", "personnel*", "greatest losses direction"}


def _figures(path: Path) -> int:
    """How many figures a file holds, counted with the json module."""
    return sum(1 for record in json.loads(path.read_text()) for key in record if key not in _TEXT)


def _as_of(claim) -> dt.date:
    return claim.subject.period.end.in_timezone("Europe/Kyiv").subtract(days=1).date()


@pytest.fixture(scope="module")
def equipment():
    stream = general_staff.read(EQUIPMENT, corrections=CORRECTIONS, on_error="collect")
    return stream, list(stream)


@pytest.fixture(scope="module")
def personnel():
    stream = general_staff.read(PERSONNEL, corrections=CORRECTIONS, on_error="collect")
    return stream, list(stream)


def _corrections(key_filter) -> int:
    records = json.loads(CORRECTIONS.read_text())
    return sum(1 for r in records for k, v in r.items() if k not in _TEXT and v and key_filter(k))


class TestCounts:
    """Every record is imported; every figure and correction becomes one claim."""

    def test_equipment(self, equipment):
        """1626 records, none rejected; one claim per figure plus one per correction."""
        stream, claims = equipment
        assert (stream.rows, stream.imported, stream.rejected) == (1626, 1626, 0)
        expected = _figures(EQUIPMENT) + _corrections(lambda k: k != "personnel")
        assert len(claims) == expected

    def test_personnel(self, personnel):
        """1626 records; personnel, POW and the personnel corrections."""
        stream, claims = personnel
        assert (stream.rows, stream.imported, stream.rejected) == (1626, 1626, 0)
        assert len(claims) == _figures(PERSONNEL) + _corrections(lambda k: k == "personnel")

    def test_first_published_versions(self):
        """The first published files (string `day`, a `BUK` field) read completely."""
        stream = general_staff.read(FIRST_EQUIPMENT)
        claims = list(stream)
        assert (stream.rows, stream.rejected) == (8, 0)
        assert len(claims) == _figures(FIRST_EQUIPMENT)
        buk = [c for c in claims if c.subject.equipment == "Buk air defence system"]
        assert len(buk) == 8
        assert all(c.quantity == Quantity(value=1) for c in buk)
        people = list(general_staff.read(FIRST_PERSONNEL))
        assert len(people) == _figures(FIRST_PERSONNEL)
        assert people[0].quantity == Quantity(value=4300)  # no qualifier then: exact


class TestFields:
    """Records checked field by field against the file."""

    def test_first_tank_figure(self, equipment):
        """2022-02-25: 80 tanks lost, cumulative since 24 Feb, stated that day, side RU."""
        _, claims = equipment
        claim = next(c for c in claims if c.id == "ua-general-staff-2022-02-25-tank")
        assert claim.claimant == general_staff.GENERAL_STAFF
        subject = claim.subject
        assert isinstance(subject, EquipmentLoss)
        assert (subject.side, subject.equipment, subject.status) == ("RU", "tank", LossStatus.LOST)
        assert subject.quantity == Quantity(value=80)
        assert subject.period.precision is TimePrecision.INTERVAL
        assert subject.period.start.date() == dt.date(2022, 2, 24)
        assert _as_of(claim) == dt.date(2022, 2, 25)
        assert claim.stated.start.date() == dt.date(2022, 2, 25)
        assert claim.reported_in == (general_staff.DATASET,)

    def test_personnel_about(self, personnel):
        """2022-04-22: 'about' 21,200 killed, as the current file gives it."""
        _, claims = personnel
        claim = next(c for c in claims if c.id == "ua-general-staff-2022-04-22-personnel")
        subject = claim.subject
        assert isinstance(subject, CasualtyCount)
        assert (subject.side, subject.category, subject.outcome) == (
            "RU",
            Category.MILITARY,
            Outcome.KILLED,
        )
        assert subject.quantity == Quantity(value=21200, qualifier=Qualifier.ABOUT)

    def test_personnel_more(self, personnel):
        """Records marked 'more' become 'more than' figures."""
        _, claims = personnel
        marked = {r["date"] for r in json.loads(PERSONNEL.read_text()) if r["personnel*"] == "more"}
        more = {
            _as_of(c).isoformat()
            for c in claims
            if c.quantity is not None and c.quantity.qualifier is Qualifier.MORE_THAN
        }
        assert more == marked

    def test_prisoners(self, personnel):
        """POW becomes a count of captured soldiers."""
        _, claims = personnel
        claim = next(c for c in claims if c.id == "ua-general-staff-2022-03-01-pow")
        assert claim.subject.outcome is Outcome.CAPTURED
        assert claim.quantity == Quantity(value=200)


class TestSupersession:
    """Corrections and revisions are newer claims by the same claimant."""

    def test_correction_restates_the_day_before(self, equipment):
        """The 2022-10-13 APC correction (-25) restates 2022-10-12's 5181 as 5156."""
        _, claims = equipment
        original = next(c for c in claims if c.id == "ua-general-staff-2022-10-12-apc")
        restated = next(
            c for c in claims if c.id == "ua-general-staff-2022-10-12-apc-stated-2022-10-13"
        )
        assert original.quantity == Quantity(value=5181)
        assert restated.quantity == Quantity(value=5156)
        assert subject_key(original) == subject_key(restated)
        assert restated.claimant == original.claimant
        assert restated.stated.start > original.stated.start
        [result] = reconcile([original, restated])
        assert [s.quantity for s in result.current] == [Quantity(value=5156)]

    def test_revision_of_2022_04_22(self, personnel):
        """22,000 as first published is superseded by the revised 21,200, stated later."""
        old = [c for c in general_staff.read(REVISION) if c.subject.outcome is Outcome.KILLED]
        revised = [
            c
            for c in general_staff.read(PERSONNEL, stated=dt.date(2026, 8, 8))
            if c.id.startswith("ua-general-staff-2022-04-22-personnel")
        ]
        assert [c.quantity.value for c in old + revised] == [22000, 21200]
        [result] = reconcile(old + revised)
        assert [s.quantity.value for s in result.current] == [21200]
        assert len(result.claims) == 2  # the first-published 22,000 is kept, superseded

    def test_corrections_file_is_not_a_series(self):
        """Reading the correction file as a series fails with a message saying what to do."""
        with pytest.raises(ValueError, match="corrections="):
            general_staff.read(CORRECTIONS)


class TestErrors:
    """Bad records are reported with line and key."""

    def _read(self, text: str, **kwargs):
        stream = general_staff.read(io.StringIO(text), on_error="collect", **kwargs)
        return stream, list(stream)

    def test_day_disagrees_with_date(self):
        """A `day` that is not the day of the war on `date` is reported."""
        stream, claims = self._read('[{"date": "2022-02-25", "day": "7", "tank": 1}]')
        assert claims == []
        assert [(e.line, e.column) for e in stream.errors] == [(1, "day")]

    def test_negative_figure_and_line_numbers(self):
        """A negative cumulative count is reported on the line its record starts."""
        text = (
            '[\n  {"date": "2022-02-25", "tank": 1},\n\n  {"date": "2022-02-26",\n "tank": -3}\n]'
        )
        stream, claims = self._read(text)
        assert len(claims) == 1
        assert [(e.line, e.column) for e in stream.errors] == [(4, "tank")]

    def test_unknown_qualifier(self):
        """An unknown `personnel*` mark is reported, not guessed."""
        stream, _ = self._read('[{"date": "2022-02-25", "personnel": 5, "personnel*": "approx"}]')
        assert [e.column for e in stream.errors] == ["personnel*"]

    def test_mark_not_a_string(self):
        """A `personnel*` mark that is not a string is reported, not a crash."""
        stream, _ = self._read('[{"date": "2022-02-25", "personnel": 5, "personnel*": ["about"]}]')
        assert [e.column for e in stream.errors] == ["personnel*"]

    def test_only_the_data_sets_marks(self):
        """A hedge `Quantity.parse` knows but the data set never uses is still reported."""
        stream, _ = self._read('[{"date": "2022-02-25", "personnel": 5, "personnel*": "over"}]')
        assert [e.column for e in stream.errors] == ["personnel*"]

    def test_broken_json_stops(self):
        """Broken JSON stops the import with its line, whatever on_error says."""
        with pytest.raises(RowError, match="invalid JSON") as info:
            self._read('[\n{"date": "2022-02-25", "tank": 1},\n{"date": ]')
        assert info.value.line == 3

    def test_not_an_array(self):
        """A file that is not a JSON array is refused."""
        with pytest.raises(RowError, match="JSON array"):
            self._read('{"date": "2022-02-25"}')


_KEYS = st.sampled_from([*sorted(general_staff.EQUIPMENT), "personnel", "POW"])


@st.composite
def series(draw: st.DrawFn) -> list[dict[str, object]]:
    """Records of consecutive days with figures under known keys."""
    start = draw(st.dates(min_value=dt.date(2022, 2, 24), max_value=dt.date(2026, 1, 1)))
    records = []
    for i in range(draw(st.integers(1, 5))):
        day = start + dt.timedelta(days=i)
        war_day = (day - dt.date(2022, 2, 24)).days + 1
        record: dict[str, object] = {"date": day.isoformat(), "day": war_day}
        for key in draw(st.lists(_KEYS, min_size=1, max_size=4, unique=True)):
            record[key] = draw(st.integers(0, 10**6))
        records.append(record)
    return records


class TestLaws:
    """For any series, one claim per figure, with the figure and the day it counts to."""

    @given(series(), st.sampled_from([0, 2, 4]))
    def test_one_claim_per_figure(self, records, indent):
        """Each figure becomes one claim with its value, as of its record's date."""
        text = json.dumps(records, indent=indent or None)
        claims = list(general_staff.read(io.StringIO(text)))
        expected = sorted(
            (r["date"], k.lower().replace(" ", "-"), v)
            for r in records
            for k, v in r.items()
            if k not in _TEXT
        )
        prefix = len("ua-general-staff-2022-02-24-")
        got = sorted((_as_of(c).isoformat(), c.id[prefix:], c.quantity.value) for c in claims)
        assert got == expected
        assert len(claims) == len(expected)
