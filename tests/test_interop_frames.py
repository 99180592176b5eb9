"""Claims and reconciliations as pandas data frames: dtypes that keep the data."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _doc_tables import doc_table
from conflictevents import (
    UCDP,
    CasualtyCount,
    Claim,
    Outcome,
    Qualifier,
    Quantity,
    Source,
    SourceKind,
    reconcile,
)
from conflictevents import strategies as ces
from conflictevents._claims import subject_time
from conflictevents.examples import first_week_2022, samples
from conflictevents.interop import general_staff, oryx, tables
from conflictevents.interop._frames import CLAIM_DTYPES, SUBJECT_COLUMNS

DOCS = Path(__file__).parents[1] / "docs" / "importing" / "tables.md"


def _same(cell, value):
    """A frame cell holds ``value``: <NA> (or NaT) for None, else equal."""
    if value is None:
        return cell is pd.NA or cell is pd.NaT or (isinstance(cell, float) and math.isnan(cell))
    return cell == value


def _instant(cell):
    """The instant of a timestamp cell, in microseconds since the epoch (None for NaT)."""
    return None if cell is pd.NaT else tables._micros(cell.to_pydatetime())


def _micros(moment):
    return None if moment is None else tables._micros(moment)


class TestClaimFrame:
    """to_pandas(claims) gives one row per claim whose figures, bounds, times and ids come back."""

    @given(st.lists(ces.claims(), max_size=8), ces.time_zone_names())
    def test_round_trip(self, claims, tz):
        """Each row gives back its claim's id, figure, bounds (nullable ints) and instants, in any zone."""
        frame = tables.to_pandas(claims, tz=tz)
        assert list(frame.columns) == [name for name, _, _ in tables.COLUMNS]
        assert len(frame) == len(claims)
        for row, claim in zip(frame.itertuples(index=False), claims, strict=True):
            assert row.claim_id == claim.id
            quantity = claim.quantity
            for name in ("value", "low", "high"):
                cell = getattr(row, "figure" if name == "value" else name)
                expected = None if quantity is None else getattr(quantity, name)
                assert _same(cell, expected), (name, cell, expected)
                assert cell is pd.NA or type(cell) is not float
            span = subject_time(claim.subject)
            for cell, moment in (
                (row.time_start, None if span is None else span.start),
                (row.time_end, None if span is None else span.end),
                (row.stated_start, None if claim.stated is None else claim.stated.start),
                (row.stated_end, None if claim.stated is None else claim.stated.end),
            ):
                assert _instant(cell) == _micros(moment)
                assert cell is pd.NaT or str(cell.tz) == tz

    def test_dtypes_are_the_documented_ones(self):
        """Every column has the dtype the docs' table gives it, even for no claims at all."""
        documented = dict(doc_table(DOCS, "Claims give **one row per claim**"))
        assert documented == {n: d.replace("tz", "UTC") for n, d in CLAIM_DTYPES.items()}
        for claims in ((), first_week_2022()):
            frame = tables.to_pandas(claims)
            assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == documented

    def test_figures_beyond_float_precision_stay_exact(self):
        """A figure of 2**53 + 1, which float64 cannot hold, comes back exactly."""
        huge = 2**53 + 1
        claim = Claim(
            claimant=Source(name="Somebody", kind=SourceKind.MONITOR),
            subject=CasualtyCount(outcome=Outcome.KILLED, quantity=Quantity(value=huge)),
        )
        frame = tables.to_pandas([claim])
        assert frame.figure[0] == huge
        assert int(frame.low[0]) == huge
        assert tables.to_arrow([claim]).to_pandas().figure[0] == huge  # int64 without nulls
        with_null = [
            claim,
            Claim(
                claimant=Source(name="X", kind=SourceKind.MONITOR),
                subject=CasualtyCount(outcome=Outcome.KILLED),
            ),
        ]
        assert tables.to_pandas(with_null).figure[0] == huge
        assert int(tables.to_arrow(with_null).to_pandas().figure[0]) != huge  # float64: the bug

    def test_categories_are_every_enum_member(self):
        """Enum columns list every member, so frames of different claims concatenate as categories."""
        claims = first_week_2022()
        both = pd.concat([tables.to_pandas(claims[:2]), tables.to_pandas(claims[-3:])])
        assert str(both.qualifier.dtype) == "category"
        assert list(both.qualifier.cat.categories) == [q.value for q in Qualifier]
        assert "territorial_control" in both.subject_type.cat.categories

    def test_rejects_what_is_not_a_claim(self):
        """A non-claim item raises TypeError naming its type."""
        with pytest.raises(TypeError, match="got str"):
            tables.to_pandas(["claim"])


class TestSubjectFrame:
    """to_pandas(reconciliation) gives one row per subject with range and estimate."""

    @given(
        st.lists(
            ces.claims(
                subjects=ces.casualty_counts(
                    sides=st.just("RU"), periods=st.none(), places=st.none(), events=st.none()
                )
            ),
            max_size=8,
        )
    )
    def test_round_trip(self, claims):
        """Each row gives back its subject's key, claim ids, range and estimate bounds."""
        result = reconcile(claims, policy=UCDP)
        frame = tables.to_pandas(result)
        assert list(frame.subject_key) == list(result.keys)
        for row, subject in zip(frame.itertuples(index=False), result, strict=True):
            assert row.claims == [c.id for c in subject.claims]
            assert row.reconciliation == subject.status.value
            figures = subject.range
            assert _same(row.low, None if figures is None else figures.low)
            assert _same(row.high, None if figures is None else figures.high)
            estimate = subject.estimate
            assert _same(row.estimate_best, None if estimate is None else estimate.best)
            assert _same(row.estimate_high, None if estimate is None else estimate.high)
            dates = [None if s.as_of is None else s.as_of.isoformat() for s in subject.current]
            assert row.current_as_of == dates
            assert row.not_aligned == [s.claim for s in subject.current if not s.aligned]

    def test_general_staff_against_oryx_shows_each_figures_date(self):
        """Tanks: the aligned date, each claimant's figure date, the later figure not aligned."""
        claims = [
            *general_staff.read(samples() / "general-staff" / "russia_losses_equipment.json"),
            *oryx.read(samples() / "oryx" / "daily_count.csv"),
        ]
        frame = tables.to_pandas(reconcile(claims))
        tanks = frame[frame.subject_key.str.contains("equipment=tank/status=lost")]
        row = next(r for r in tanks.itertuples(index=False) if len(r.current) == 2)
        assert row.aligned_on == "2025-07-19"
        assert "2025-07-19" in row.current_as_of
        assert len(row.not_aligned) == 1

    def test_dtypes_are_the_documented_ones(self):
        """Every column has the dtype the docs' table gives it."""
        documented = {row[0]: row[1] for row in doc_table(DOCS, "gives **one row per subject**")}
        assert documented == {n: d.replace("tz", "UTC") for n, d, _ in SUBJECT_COLUMNS}
        frame = tables.to_pandas(reconcile(first_week_2022()))
        assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == documented


class TestSamples:
    """samples() is the folder of the shipped sample files."""

    def test_has_every_format(self):
        """The folder has a sub-folder per format, with the files the docs read."""
        folder = samples()
        assert (folder / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv").is_file()
        assert (folder / "general-staff" / "LICENSE").is_file()
        assert (folder / "oryx" / "daily_count.csv").is_file()

    def test_wheel_ships_them(self):
        """pyproject's force-include copies each sample folder into the wheel's package."""
        root = Path(__file__).parents[1]
        config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
        assert included == {
            f"tests/data/{name}": f"conflictevents/_samples/{name}"
            for name in ("acled", "general-staff", "oryx", "ucdp")
        }
