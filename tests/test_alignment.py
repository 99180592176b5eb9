"""Cumulative series are compared at one date: the latest date every claimant covers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import (
    Claim,
    EquipmentLoss,
    Quantity,
    Reconciliation,
    ReconciliationStatus,
    Source,
    SourceKind,
    Stance,
    SubjectReconciliation,
    TimeSpan,
    dumps,
    loads,
    reconcile,
)
from conflictevents.exceptions import ReconciliationError
from conflictevents.interop import general_staff, oryx

DATA = Path(__file__).parent / "data"
KYIV = "Europe/Kyiv"
START = pendulum.datetime(2022, 2, 24, tz=KYIV)
GS = Source(name="General Staff of Ukraine", kind=SourceKind.MILITARY, country="UA", side="UA")
ORYX = Source(name="Oryx", kind=SourceKind.NGO)
UK = Source(name="UK Defence Intelligence", kind=SourceKind.MILITARY, country="GB")
_LAWS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _tanks(by: Source, day: dt.date, value: int, *, stance: Stance = Stance.ASSERTS) -> Claim:
    """``by``'s count of Russian tanks lost since 24 Feb 2022, as of the end of ``day``."""
    end = pendulum.datetime(day.year, day.month, day.day, tz=KYIV).add(days=1)
    loss = EquipmentLoss(
        side="RU",
        equipment="tank",
        quantity=Quantity(value=value),
        period=TimeSpan.between(START, end),
    )
    return Claim(claimant=by, subject=loss, stance=stance, stated=TimeSpan.day(day, tz=KYIV))


def _march(general_staff: dict[int, int], oryx: dict[int, int]) -> list[Claim]:
    """The two claimants' figures by day of March 2025."""
    return [
        _tanks(by, dt.date(2025, 3, day), value)
        for by, figures in ((GS, general_staff), (ORYX, oryx))
        for day, value in figures.items()
    ]


def _tank_subject(result: Reconciliation):
    [subject] = [
        s for s in result if s.key.startswith("equipment_loss/side=RU/equipment=tank/status=lost/")
    ]
    return subject


@pytest.fixture(scope="module")
def gs_and_oryx() -> list[Claim]:
    return [
        *general_staff.read(DATA / "general-staff" / "russia_losses_equipment.json"),
        *oryx.read(DATA / "oryx" / "daily_count.csv"),
    ]


class TestGeneralStaffAndOryx:
    """The acceptance: the two series imported and reconciled."""

    def test_no_options_never_put_two_dates_into_one_spread(self, gs_and_oryx):
        """With no options, every subject's compared figures are as of one date."""
        for subject in reconcile(gs_and_oryx):
            dates = {s.as_of for s in subject.figures}
            assert len(dates) <= 1, (subject.key, dates)
            if subject.aligned_on is not None:
                assert dates == {subject.aligned_on}

    def test_tanks_compared_at_oryxs_last_date(self, gs_and_oryx):
        """Russian tanks: the General Staff's figure of Oryx's last day, not of a year later."""
        tanks = _tank_subject(reconcile(gs_and_oryx))
        assert tanks.aligned_on == dt.date(2025, 7, 19)
        assert tanks.range is not None
        assert tanks.range.low == 4074
        assert tanks.range.high != 12251  # the General Staff's 8 August 2026 figure
        [latest] = [s for s in tanks.current if s.claimant.startswith("General Staff")]
        assert (latest.quantity.value, latest.as_of, latest.aligned) == (
            12251,
            dt.date(2026, 8, 8),
            False,
        )
        [then] = tanks.aligned_earlier
        assert then.as_of == dt.date(2025, 7, 19)
        assert then.aligned
        assert tanks.range.high == then.quantity.value

    def test_as_of_21_march_2025(self, gs_and_oryx):
        """As of 21 Mar 2025: exactly 10,394 and one Oryx figure, both of that date."""
        tanks = _tank_subject(reconcile(gs_and_oryx, as_of=dt.date(2025, 3, 21)))
        assert tanks.aligned_on == dt.date(2025, 3, 21)
        figures = {(s.claimant, s.quantity.value, s.as_of) for s in tanks.figures}
        assert figures == {
            ("General Staff of the Armed Forces of Ukraine (UA)", 10394, dt.date(2025, 3, 21)),
            ("Oryx", 3812, dt.date(2025, 3, 21)),
        }
        assert tanks.status is ReconciliationStatus.DIVERGENT
        assert (tanks.range.low, tanks.range.high) == (3812, 10394)


class TestRule:
    """What "covers" means, on small series."""

    def test_the_latest_date_every_claimant_covers(self):
        """Compared at the last date both give; the later figure is kept but not aligned."""
        claims = _march({20: 10380, 21: 10394, 22: 10400}, {20: 3800, 21: 3812})
        tanks = _tank_subject(reconcile(claims))
        assert tanks.aligned_on == dt.date(2025, 3, 21)
        assert sorted(s.quantity.value for s in tanks.figures) == [3812, 10394]
        assert {s.claim: s.aligned for s in tanks.current} == {
            claims[2].id: False,
            claims[4].id: True,
        }
        assert (tanks.range.low, tanks.range.high) == (3812, 10394)
        assert tanks.spread == pytest.approx(10394 / 3812)

    def test_a_gap_is_not_bridged(self):
        """A date one claimant skipped is not covered: the last date both give is used."""
        claims = _march({20: 10380, 22: 10400}, {20: 3800, 21: 3812, 23: 3820})
        tanks = _tank_subject(reconcile(claims))
        assert tanks.aligned_on == dt.date(2025, 3, 20)
        assert sorted(s.quantity.value for s in tanks.figures) == [3800, 10380]

    def test_one_figure_is_compared_at_its_date(self):
        """A one-off figure is compared with the series' figure of its date."""
        claims = [_tanks(GS, dt.date(2023, 6, d), 2000 + d) for d in range(1, 8)] + [
            _tanks(UK, dt.date(2023, 6, 3), 1800)
        ]
        tanks = _tank_subject(reconcile(claims))
        assert tanks.aligned_on == dt.date(2023, 6, 3)
        assert sorted(s.quantity.value for s in tanks.figures) == [1800, 2003]

    def test_no_common_date_compares_nothing(self):
        """Series with no date in common: no range, no spread, status unknown, all kept."""
        claims = [
            _tanks(GS, dt.date(2025, 3, 20), 10380),
            _tanks(GS, dt.date(2025, 3, 21), 10394),
            _tanks(ORYX, dt.date(2024, 1, 1), 3000),
        ]
        tanks = _tank_subject(reconcile(claims))
        assert tanks.aligned_on is None
        assert tanks.figures == ()
        assert (tanks.range, tanks.spread, tanks.estimate) == (None, None, None)
        assert tanks.status is ReconciliationStatus.UNKNOWN
        assert not any(s.aligned for s in tanks.current)
        assert tanks.envelope is not None
        assert tanks.envelope.high == 10394

    def test_one_claimant_is_its_latest_figure(self):
        """One claimant's series: compared as before, at its latest date."""
        claims = [_tanks(GS, dt.date(2025, 3, d), 10000 + d) for d in range(1, 5)]
        tanks = _tank_subject(reconcile(claims))
        assert tanks.aligned_on == dt.date(2025, 3, 4)
        assert [s.quantity.value for s in tanks.figures] == [10004]
        assert tanks.current[0].aligned
        assert tanks.aligned_earlier == ()

    def test_a_colliding_version_of_another_date_is_not_aligned(self):
        """Of versions that cannot be ordered, one not as of the aligned date is not compared."""
        first = attrs.evolve(_tanks(ORYX, dt.date(2025, 3, 1), 50), id="oryx-tanks")
        second = attrs.evolve(_tanks(ORYX, dt.date(2025, 3, 2), 112), id="oryx-tanks")
        claims = [*_march({1: 100, 2: 110}, {}), first, second]
        tanks = _tank_subject(reconcile(claims))
        assert tanks.version_collisions == ("oryx-tanks",)
        assert tanks.aligned_on == dt.date(2025, 3, 2)
        assert sorted(s.quantity.value for s in tanks.figures) == [110, 112]
        assert (tanks.range.low, tanks.range.high) == (110, 112)
        assert sorted((s.quantity.value, s.aligned) for s in tanks.current) == [
            (50, False),
            (110, True),
            (112, True),
        ]
        last = tanks.timeline()[-1]
        assert (last.status, last.range) == (tanks.status, tanks.range)

    def test_single_statements_are_compared_as_before(self):
        """Each claimant speaking once (the reference article): every figure compared."""
        claims = [_tanks(GS, dt.date(2022, 3, 2), 30), _tanks(ORYX, dt.date(2022, 3, 3), 10)]
        tanks = _tank_subject(reconcile(claims))
        assert tanks.aligned_on is None
        assert sorted(s.quantity.value for s in tanks.figures) == [10, 30]
        assert all(s.aligned for s in tanks.current)
        assert {s.as_of for s in tanks.current} == {dt.date(2022, 3, 2), dt.date(2022, 3, 3)}


class TestRecorded:
    """A reconciliation says what it was computed for, and old files still load."""

    @pytest.mark.parametrize(
        "moment", [None, dt.date(2025, 3, 21), pendulum.datetime(2025, 3, 21, 18, tz=KYIV)]
    )
    def test_as_of_and_alignment_round_trip(self, moment):
        """as_of (a date or an instant), aligned_on and the standings survive JSON."""
        claims = [
            _tanks(GS, dt.date(2025, 3, 20), 10380),
            _tanks(GS, dt.date(2025, 3, 21), 10394),
            _tanks(GS, dt.date(2025, 3, 22), 10400),
            _tanks(ORYX, dt.date(2025, 3, 21), 3812),
        ]
        result = reconcile(claims, as_of=moment)
        assert result.as_of == moment
        text = dumps(result)
        loaded = loads(text, Reconciliation)
        assert loaded == result
        assert isinstance(loaded.as_of, dt.datetime) is isinstance(moment, dt.datetime)

    def test_old_reconciliations_load_without_as_of(self):
        """Results written before as_of and alignment load with their defaults."""
        path = DATA / "previous-release" / "first-week-2022.reconciled.jsonl"
        old = [loads(ln, SubjectReconciliation) for ln in path.read_text("utf-8").splitlines()]
        assert all(s.aligned_on is None and s.aligned_earlier == () for s in old)
        assert all(standing.aligned for s in old for standing in s.current)
        whole = json.loads(dumps(Reconciliation(subjects=tuple(old))))
        del whole["as_of"]
        assert loads(json.dumps(whole), Reconciliation).as_of is None

    def test_merging_different_as_of_is_refused(self):
        """Results as of two dates do not merge (nor a date with an instant)."""
        claims = [_tanks(GS, dt.date(2025, 3, 21), 10394)]
        day = reconcile(claims, as_of=dt.date(2025, 3, 21))
        with pytest.raises(ReconciliationError, match="as of"):
            day.merge(reconcile(claims))
        with pytest.raises(ReconciliationError, match="as of"):
            day.merge(reconcile(claims, as_of=pendulum.datetime(2025, 3, 22, tz=KYIV)))
        assert day.merge(day) == day


# -- laws -------------------------------------------------------------------------------

_DAYS = [dt.date(2025, 3, d) for d in range(18, 24)]
SERIES = st.lists(
    st.builds(
        _tanks,
        st.sampled_from([GS, ORYX, UK]),
        st.sampled_from(_DAYS),
        st.integers(0, 20_000),
        stance=st.sampled_from([Stance.ASSERTS, Stance.ASSERTS, Stance.DENIES]),
    ),
    max_size=14,
)


@_LAWS
@given(
    SERIES,
    st.randoms(use_true_random=False),
    st.integers(0, 14),
    st.none() | st.sampled_from(_DAYS),
)
def test_order_and_partitions_do_not_matter(claims, random, cut, day):
    """Alignment depends on the set of claims: any order, any partition merged (as of any day)."""
    whole = reconcile(claims, as_of=day)
    shuffled = list(claims)
    random.shuffle(shuffled)
    assert reconcile(shuffled, as_of=day) == whole
    assert reconcile(shuffled[:cut], as_of=day).merge(reconcile(shuffled[cut:], as_of=day)) == whole
    for subject in whole:
        dates = {s.as_of for s in subject.figures}
        assert len(dates) <= 1 or subject.aligned_on is None


@_LAWS
@given(SERIES)
def test_the_timeline_follows_the_alignment(claims):
    """Each timeline entry is the result as of its instant, and the last is the result."""
    for subject in reconcile(claims):
        changes = subject.timeline()
        assert (changes[-1].status, changes[-1].range) == (subject.status, subject.range)
        for change in changes:
            then = reconcile(subject.claims, as_of=change.at).subject(subject.key)
            assert (change.status, change.range) == (then.status, then.range)


@_LAWS
@given(SERIES)
def test_results_pass_their_validators(claims):
    """The trusted constructor builds what the validators accept."""
    for subject in reconcile(claims):
        assert attrs.evolve(subject) == subject
        for standing in (*subject.current, *subject.aligned_earlier):
            assert attrs.evolve(standing) == standing
