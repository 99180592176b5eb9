"""Roll-ups by area and period that carry ranges, policies and the claims behind each total."""

from __future__ import annotations

import datetime as dt
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
    Coordinates,
    Location,
    LocationPrecision,
    Outcome,
    Qualifier,
    Quantity,
    Source,
    SourceKind,
    Stance,
    TimePrecision,
    TimeSpan,
    reconcile,
)
from conflictevents import strategies as ces
from conflictevents.interop import tables
from conflictevents.interop._frames import ROLLUP_COLUMNS
from conflictevents.rollups import Area, Period, rollup

KYIV = "Europe/Kyiv"

PLACES = (
    Location(name="Kharkiv", country="UA", region="Kharkiv oblast",
             coordinates=Coordinates(latitude=49.99, longitude=36.23),
             precision=LocationPrecision.SETTLEMENT),
    Location(name="Izium", country="UA", region="Kharkiv oblast",
             coordinates=Coordinates(latitude=49.21, longitude=37.26),
             precision=LocationPrecision.SETTLEMENT),
    Location(name="Donetsk oblast", country="UA", region="Donetsk oblast",
             precision=LocationPrecision.REGION),
    Location(name="Ukraine", country="UA", precision=LocationPrecision.COUNTRY),
)  # fmt: skip


def _days():
    """Days around month and quarter ends of 2022, in Kyiv, some of them two days long."""
    day = st.dates(dt.date(2022, 1, 25), dt.date(2022, 4, 5))
    one = day.map(lambda d: TimeSpan.day(d, tz=KYIV))
    two = day.map(
        lambda d: TimeSpan.between(
            TimeSpan.day(d, tz=KYIV).start, TimeSpan.day(d + dt.timedelta(days=1), tz=KYIV).end
        )
    )
    month = st.sampled_from([1, 2, 3]).map(lambda m: TimeSpan.month(2022, m, tz=KYIV))
    return st.one_of(one, two, month, st.none())


def _subjects():
    return ces.casualty_counts(
        sides=st.sampled_from(["UA", None]),
        periods=_days(),
        places=st.one_of(st.sampled_from(PLACES), st.none()),
        events=st.none(),
    )


@st.composite
def claim_sets(draw):
    """Claims about a small pool of subjects, so that claimants share subjects."""
    pool = draw(st.lists(_subjects(), min_size=1, max_size=6))
    return draw(st.lists(ces.claims(subjects=st.sampled_from(pool)), max_size=12))


ROLLUPS = st.sampled_from([(p, a) for p in Period for a in Area])


def _claim(
    figure, day, place=PLACES[0], claimant="Somebody", qualifier=Qualifier.EXACT, **quantity
):
    return Claim(
        claimant=Source(name=claimant, kind=SourceKind.MONITOR),
        subject=CasualtyCount(
            side="UA",
            outcome=Outcome.KILLED,
            quantity=None
            if figure is None
            else Quantity(value=figure, qualifier=qualifier, **quantity),
            period=TimeSpan.day(day, tz=KYIV),
            place=place,
        ),
    )


class TestLaws:
    """The laws of a roll-up, under Hypothesis."""

    @given(claim_sets(), ROLLUPS, st.data())
    def test_range_contains_any_choice_within_bounds(self, claims, grouping, data):
        """A total's range holds the sum of any figure chosen within each current claim's bounds."""
        period, area = grouping
        result = rollup(claims, period=period, area=area, tz=KYIV)
        reconciled = reconcile(claims)
        for total in result.totals:
            chosen = 0
            for key in total.subjects:
                figures = reconciled.subject(key).figures
                if not figures:
                    assert key in total.unknown
                    continue
                standing = data.draw(st.sampled_from(figures))
                low = standing.quantity.low or 0
                high = standing.quantity.high
                chosen += data.draw(st.integers(low, low + 1000 if high is None else high))
            assert total.low <= chosen
            assert total.high is None or chosen <= total.high
            if total.unknown:
                assert total.high is None

    @given(claim_sets(), st.sampled_from(Area))
    def test_week_then_month_is_month(self, claims, area):
        """Rolling up by week, then that by month, equals rolling up by month."""
        weekly = rollup(claims, period="week", area=area, tz=KYIV)
        assert rollup(weekly, period="month", area=area, tz=KYIV) == rollup(
            claims, period="month", area=area, tz=KYIV
        )

    @given(claim_sets(), ROLLUPS)
    def test_nothing_is_lost(self, claims, grouping):
        """Every subject is in exactly one total or unplaced; every claim stays behind one."""
        period, area = grouping
        result = rollup(claims, period=period, area=area, tz=KYIV)
        placed = [key for total in result.totals for key in total.subjects]
        unplaced = [u.subject for u in result.unplaced]
        assert sorted(placed + unplaced) == list(reconcile(claims).keys)
        behind = [i for total in result.totals for i in total.claims]
        behind += [i for u in result.unplaced for i in u.claims]
        assert sorted(behind) == sorted({c.id for c in claims})

    @given(claim_sets(), ROLLUPS)
    def test_periods_hold_their_subjects(self, claims, grouping):
        """Each subject's time lies inside its total's period, and its place in its area."""
        period, area = grouping
        result = rollup(claims, period=period, area=area, tz=KYIV)
        reconciled = reconcile(claims)
        for total in result.totals:
            assert total.period.start.weekday() == 0 or period is not Period.WEEK
            for key in total.subjects:
                subject = reconciled.subject(key).subject
                assert total.period.contains(subject.period)
                assert total.area.startswith("grid:") or total.area.startswith(
                    subject.place.country
                )

    @given(claim_sets())
    def test_policies_sit_side_by_side(self, claims):
        """Each total has every policy's estimate; UCDP's and the conservative best lie in the range."""
        result = rollup(claims, period="month", area="country", tz=KYIV)
        for total in result.totals:
            assert [e.policy for e in total.estimates] == [
                "conservative",
                "ucdp",
                "median_of_independent",
            ]
            for name in ("conservative", "ucdp"):
                estimate = total.estimate(name)
                if not estimate.missing:
                    assert total.low <= estimate.best
                    assert total.high is None or estimate.best <= total.high


class TestExamples:
    """Worked examples, one behaviour each."""

    def test_two_claimants_on_one_subject_count_once(self):
        """Two claimants on one subject add its reconciled range once, not twice."""
        day = dt.date(2022, 3, 2)
        claims = [_claim(10, day), _claim(14, day, claimant="Other")]
        [total] = rollup(claims, period="week", area="region", tz=KYIV).totals
        assert (total.low, total.high) == (10, 14)
        assert total.estimate("conservative").best == 10
        assert total.estimate("ucdp").best == 10
        assert total.claims == tuple(sorted(c.id for c in claims))

    def test_interval_arithmetic(self):
        """The low of a sum is the sum of lows; an open high keeps the total open."""
        claims = [
            _claim(100, dt.date(2022, 3, 2), qualifier=Qualifier.ABOUT),
            _claim(50, dt.date(2022, 3, 3), place=PLACES[1], qualifier=Qualifier.AT_LEAST),
        ]
        [total] = rollup(claims, period="month", area="region", tz=KYIV).totals
        assert (total.low, total.high) == (90 + 50, None)
        assert total.area == "UA/Kharkiv oblast"
        assert total.period == TimeSpan.month(2022, 3, tz=KYIV)

    def test_unknown_is_not_zero(self):
        """A subject without a figure leaves the total's high open and is listed as unknown."""
        claims = [_claim(5, dt.date(2022, 3, 2)), _claim(None, dt.date(2022, 3, 3))]
        [total] = rollup(claims, period="month", area="region", tz=KYIV).totals
        assert (total.low, total.high) == (5, None)
        assert len(total.unknown) == 1

    def test_unplaced_says_why(self):
        """Subjects that fit no cell are kept with the reason."""
        country = _claim(7, dt.date(2022, 3, 2), place=PLACES[3])
        across = Claim(
            claimant=Source(name="Somebody", kind=SourceKind.MONITOR),
            subject=CasualtyCount(
                outcome=Outcome.KILLED,
                quantity=Quantity(value=3),
                period=TimeSpan.between(
                    TimeSpan.day(dt.date(2022, 2, 28), tz=KYIV).start,
                    TimeSpan.day(dt.date(2022, 3, 1), tz=KYIV).end,
                ),
                place=PLACES[0],
            ),
        )
        result = rollup([country, across], period="month", area="region", tz=KYIV)
        assert result.totals == ()
        assert sorted(u.reason for u in result.unplaced) == ["no region", "spans several periods"]
        assert len(rollup([across], period="week", area="region", tz=KYIV).totals) == 1

    def test_precision_filters(self):
        """time_precisions and place_precisions keep only subjects that precise."""
        claims = [_claim(5, dt.date(2022, 3, 2)), _claim(9, dt.date(2022, 3, 2), place=PLACES[2])]
        result = rollup(claims, area="region", tz=KYIV, place_precisions={"settlement", "point"})
        assert [t.low for t in result.totals] == [5]
        assert [u.reason for u in result.unplaced] == ["place precision"]
        result = rollup(claims, area="region", tz=KYIV, time_precisions={TimePrecision.MONTH})
        assert result.totals == ()

    def test_grid_cells(self):
        """A grid cell is named by its row and column and holds the point."""
        [total] = rollup([_claim(5, dt.date(2022, 3, 2))], area="grid", grid=0.5, tz=KYIV).totals
        assert total.area == "grid:0.5/279/432"  # (49.99 + 90) / 0.5, (36.23 + 180) / 0.5

    def test_quarters_and_lookup(self):
        """Quarters start in January, April, July, October; total() finds a cell by a day in it."""
        result = rollup([_claim(5, dt.date(2022, 3, 2))], period="quarter", tz=KYIV)
        total = result.total(result.totals[0].measure, "UA/Kharkiv oblast", dt.date(2022, 2, 1))
        assert total.period.start.isoformat() == "2022-01-01T00:00:00+02:00"
        with pytest.raises(KeyError):
            result.total(total.measure, "UA/Kharkiv oblast", dt.date(2022, 4, 1))

    def test_bad_arguments(self):
        """Unknown periods, areas, zones, grid sizes and no policy are refused."""
        with pytest.raises(ValueError, match="'fortnight' is not a valid Period"):
            rollup([], period="fortnight")
        with pytest.raises(ValueError, match="grid"):
            rollup([], area="grid", grid=0)
        with pytest.raises(ValueError, match="policies"):
            rollup([], policies=())
        with pytest.raises(ValueError, match=r"tz: 'Kyiv' is not an IANA time zone name"):
            rollup([], tz="Kyiv")

    def test_denials_and_ucdp(self):
        """A denial gives no figure; the policies are computed on the current asserted ones."""
        day = dt.date(2022, 3, 2)
        denial = Claim(
            claimant=Source(name="Denier", kind=SourceKind.MINISTRY, side="RU"),
            stance=Stance.DENIES,
            subject=_claim(4, day).subject,
        )
        result = rollup([_claim(4, day), denial], period="month", tz=KYIV, policies=[UCDP])
        [total] = result.totals
        assert (total.low, total.high, total.estimate("ucdp").best) == (4, 4, 4)


class TestFrame:
    """to_pandas(rollup) gives one row per total, with each policy's columns side by side."""

    def test_dtypes_are_the_documented_ones(self):
        """The fixed columns have the docs' dtypes; each policy adds low, best, high, missing."""

        page = Path(__file__).parents[1] / "docs" / "rollups.md"
        documented = {row[0]: row[1] for row in doc_table(page, "one row per total")}
        assert documented == {n: d.replace("tz", "UTC") for n, d, _ in ROLLUP_COLUMNS}
        claims = [_claim(5, dt.date(2022, 3, 2)), _claim(None, dt.date(2022, 3, 9))]
        frame = tables.to_pandas(rollup(claims, period="week", tz=KYIV, policies=[UCDP]))
        dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
        assert dtypes == {
            **{n: d.replace("tz", KYIV) for n, d in documented.items()},
            "ucdp_low": "Int64",
            "ucdp_best": "Int64",
            "ucdp_high": "Int64",
            "ucdp_missing": "object",
        }
        assert list(frame.low) == [5, 0]
        assert frame.high[1] is pd.NA
        assert frame.ucdp_missing[1] == list(frame.unknown[1])
