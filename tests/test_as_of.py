"""Reconciliation in time: what had been said as of a date, and how a subject changed."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conflictevents import (
    Claim,
    Location,
    ReconciliationStatus,
    Source,
    SourceKind,
    Stance,
    TerritorialControl,
    TimeSpan,
    reconcile,
)
from conflictevents import strategies as cst
from conflictevents._as_of import parse_as_of, said_by, said_in, said_time
from conflictevents._time import _micros
from test_reconcile import _shared_subjects

KYIV = "Europe/Kyiv"
RU = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU", side="RU")
UA = Source(name="General Staff of Ukraine", kind=SourceKind.MILITARY, country="UA", side="UA")
KHERSON = TerritorialControl(place=Location(name="Kherson", country="UA"), controller="RU")


def _at(*moment: int) -> TimeSpan:
    return TimeSpan.instant(pendulum.datetime(*moment, tz=KYIV))


def _day(year: int, month: int, day: int) -> TimeSpan:
    return TimeSpan.day(dt.date(year, month, day), tz=KYIV)


_SINCE = TimeSpan.since(pendulum.datetime(2022, 2, 24, tz=KYIV))
_STATED = st.one_of(
    st.none(),
    st.sampled_from(
        [
            _at(2022, 3, 2, 9),
            _at(2022, 3, 2, 21),
            _day(2022, 3, 2),
            _day(2022, 3, 3),
            _at(2022, 3, 4, 12),
            TimeSpan.since(pendulum.datetime(2022, 3, 1, tz=KYIV)),
            TimeSpan.until(pendulum.datetime(2022, 3, 3, tz=KYIV)),
        ]
    ),
    cst.time_spans(),
)
_MOMENTS = st.one_of(
    st.sampled_from(
        [span.end for span in (_at(2022, 3, 2, 9), _day(2022, 3, 2), _day(2022, 3, 3))]
    ),
    cst.aware_datetimes(),
    st.dates(dt.date(2022, 2, 20), dt.date(2022, 3, 10)),
)


CLAIMS = st.lists(
    cst.claims(
        subjects=_shared_subjects(),
        claimants=st.sampled_from([RU, UA, Source(name="Oryx", kind=SourceKind.NGO)]),
        stated=_STATED,
    ),
    max_size=10,
)
_LAWS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class TestSaidBy:
    """A claim counts as of t when its stated span ends at or before t."""

    def test_an_instant_counts_from_that_instant(self):
        """A claim stated at 09:00 counts as of 09:00, not as of 08:59."""
        claim = Claim(claimant=RU, subject=KHERSON, stated=_at(2022, 3, 2, 9))
        assert said_by(pendulum.datetime(2022, 3, 2, 9, tz=KYIV))(claim)
        assert not said_by(pendulum.datetime(2022, 3, 2, 8, 59, tz=KYIV))(claim)

    def test_a_day_counts_once_it_is_over(self):
        """A claim dated 2 March counts as of the date 2 March and its end, not before."""
        claim = Claim(claimant=RU, subject=KHERSON, stated=_day(2022, 3, 2))
        assert said_by(dt.date(2022, 3, 2))(claim)
        assert not said_by(dt.date(2022, 3, 1))(claim)
        assert said_by(pendulum.datetime(2022, 3, 3, tz=KYIV))(claim)
        assert not said_by(pendulum.datetime(2022, 3, 2, 23, tz=KYIV))(claim)

    def test_a_date_is_read_in_each_claims_own_zone(self):
        """As of a date, a claim dated that day counts in whatever zone it was made."""
        for zone in ("Pacific/Kiritimati", "America/New_York", KYIV):
            day = TimeSpan.day(dt.date(2025, 3, 21), tz=zone)
            claim = Claim(claimant=RU, subject=KHERSON, stated=day)
            assert said_by(dt.date(2025, 3, 21))(claim)
            assert not said_by(dt.date(2025, 3, 20))(claim)

    def test_no_time_never_counts(self):
        """A claim with no stated time, or an open end, is not certainly made by any time."""
        undated = Claim(claimant=RU, subject=KHERSON)
        ongoing = Claim(claimant=RU, subject=KHERSON, stated=_SINCE)
        late = pendulum.datetime(2100, 1, 1, tz="UTC")
        assert not said_by(late)(undated)
        assert not said_by(late)(ongoing)

    def test_a_naive_datetime_is_refused(self):
        """An instant needs a zone: a naive datetime is an error, not a guess."""
        with pytest.raises(ValueError, match="needs a time zone"):
            said_by(dt.datetime(2022, 3, 2, 9))  # noqa: DTZ001 - the point of the test

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2025-03-21", dt.date(2025, 3, 21)),
            ("2025-03-21T18:00+02:00", pendulum.datetime(2025, 3, 21, 16, tz="UTC")),
            ("2025-03-21T16:00Z", pendulum.datetime(2025, 3, 21, 16, tz="UTC")),
        ],
    )
    def test_parse_as_of(self, text, expected):
        """--as-of reads a date, or a datetime with its offset."""
        assert parse_as_of(text) == expected

    @pytest.mark.parametrize("text", ["2025-03-21T18:00", "2025-03", "21/03/2025", ""])
    def test_parse_as_of_refuses(self, text):
        """A datetime without an offset, a partial or foreign date is refused."""
        with pytest.raises(ValueError, match=r"2025-03-21"):
            parse_as_of(text)


class TestTimeline:
    """A subject's status and range at each instant its claims were made."""

    def test_consistent_contested_conceded(self):
        """Asserted in the morning, denied in the evening, conceded two days later."""
        morning = Claim(claimant=RU, subject=KHERSON, stated=_at(2022, 3, 2, 9))
        evening = Claim(
            claimant=UA, subject=KHERSON, stance=Stance.DENIES, stated=_at(2022, 3, 2, 21)
        )
        conceded = Claim(claimant=UA, subject=KHERSON, stated=_at(2022, 3, 4, 12))
        changes = reconcile([conceded, evening, morning]).of(KHERSON).timeline()
        assert [(c.at, c.claims, c.status) for c in changes] == [
            (_at(2022, 3, 2, 9).end, (morning.id,), ReconciliationStatus.CONSISTENT),
            (_at(2022, 3, 2, 21).end, (evening.id,), ReconciliationStatus.CONTESTED),
            (_at(2022, 3, 4, 12).end, (conceded.id,), ReconciliationStatus.CONCEDED),
        ]


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _certainly_said(claim: Claim, moment: dt.datetime | dt.date) -> bool:
    """The rule of the docs, read off ``claim.stated`` (independently of ``said_by``).

    The stated span must have an end; as of an instant, that end is at or before it
    (compared as instants: subtracting a UTC datetime honours ``fold``); as of a date,
    the end's wall clock, in its own offset, is at or before the next midnight.
    """
    end = None if claim.stated is None else claim.stated.end
    if end is None:
        return False
    if isinstance(moment, dt.datetime):
        return end - _EPOCH <= moment - _EPOCH
    next_midnight = dt.datetime.combine(moment + dt.timedelta(days=1), dt.time())
    return end.replace(tzinfo=None) <= next_midnight


_FOLD = pendulum.datetime(2022, 10, 30, 3, 30, tz=KYIV, fold=0)  # in the repeated hour
_FOLD_LATER = pendulum.datetime(2022, 10, 30, 3, 30, tz=KYIV, fold=1)  # an hour later
_FIXED = pendulum.datetime(2022, 3, 2, 9, tz=pendulum.fixed_timezone(7200))


@_LAWS
@given(CLAIMS, _MOMENTS)
@example(  # a day counts as of that date
    [Claim(claimant=RU, subject=KHERSON, stated=_day(2022, 3, 2))], dt.date(2022, 3, 2)
)
@example(  # the next day in Kyiv, still 2 March in UTC: not said as of 2 March
    [Claim(claimant=RU, subject=KHERSON, stated=_at(2022, 3, 3, 1))], dt.date(2022, 3, 2)
)
@example(  # said at the very instant: counts
    [Claim(claimant=RU, subject=KHERSON, stated=_at(2022, 3, 2, 9))], _at(2022, 3, 2, 9).end
)
@example(  # the same, in a fixed offset (as read from JSON), as of the instant in UTC
    [Claim(claimant=RU, subject=KHERSON, stated=TimeSpan.instant(_FIXED))],
    _FIXED.in_timezone("UTC"),
)
@example(  # the second 03:30 of the repeated hour is after the first
    [Claim(claimant=RU, subject=KHERSON, stated=TimeSpan.instant(_FOLD_LATER))], _FOLD
)
def test_as_of_is_reconcile_of_what_had_been_said(claims, moment):
    """reconcile(c, as_of=t) equals reconcile of the claims certainly made by t, and says t."""
    said = [c for c in claims if _certainly_said(c, moment)]
    result = reconcile(claims, as_of=moment)
    assert result.as_of == moment
    assert result == attrs.evolve(reconcile(said), as_of=moment)


@_LAWS
@given(CLAIMS, _MOMENTS, st.integers(0, 10))
def test_merged_partitions_as_of_equal_the_whole(claims, moment, cut):
    """Reconciling two partitions as of t and merging equals the whole as of t."""
    left = reconcile(claims[:cut], as_of=moment)
    right = reconcile(claims[cut:], as_of=moment)
    assert left.merge(right) == reconcile(claims, as_of=moment)


@_LAWS
@given(CLAIMS)
def test_each_change_is_the_result_as_of_its_instant(claims):
    """At every instant a claim was made, the timeline holds the result as of then."""
    for key_result in reconcile(claims):
        changes = key_result.timeline()
        dated = [c for c in changes if c.at is not None]
        for claim in key_result.claims:
            moment = said_time(claim)
            if moment is None:
                continue
            then = reconcile(key_result.claims, as_of=moment).subject(key_result.key)
            entry = [c for c in dated if c.at <= moment][-1]
            assert (entry.status, entry.range) == (then.status, then.range)


@_LAWS
@given(CLAIMS)
def test_the_last_change_is_the_result(claims):
    """The timeline ends in the status and range of the result without as_of."""
    for result in reconcile(claims):
        last = result.timeline()[-1]
        assert (last.status, last.range) == (result.status, result.range)


@_LAWS
@given(CLAIMS, _MOMENTS, _MOMENTS)
def test_nothing_said_later_appears(claims, first, second):
    """For t1 <= t2: as of t1 holds no claim made after t1, and all of them as of t2."""
    early = {c.id for s in reconcile(claims, as_of=first) for c in s.claims}
    late = {c.id for s in reconcile(claims, as_of=second) for c in s.claims}
    for claim in claims:
        if claim.id in early:
            assert said_by(first)(claim)
    if isinstance(first, dt.datetime) and isinstance(second, dt.datetime) and first <= second:
        assert early <= late


@given(cst.time_spans(), cst.aware_datetimes())
def test_said_by_an_instant_compares_instants(span, moment):
    """The wall-clock shortcut for fixed offsets agrees with comparing instants."""
    claim = Claim(claimant=RU, subject=KHERSON, stated=span)
    expected = span.end is not None and _micros(span.end) <= _micros(moment)
    assert said_by(moment)(claim) is expected
    fixed = moment.astimezone(dt.timezone(moment.utcoffset()))
    assert said_by(fixed)(claim) is expected


@given(cst.time_spans(), st.dates())
def test_said_by_a_date_compares_wall_clocks(span, day):
    """As of a date, a span counts when its end on its own wall clock is by midnight after it."""
    claim = Claim(claimant=RU, subject=KHERSON, stated=span)
    end = span.end
    expected = end is not None and (
        end.date() <= day or ((end.date() - day).days == 1 and end.time() == dt.time())
    )
    assert said_by(day)(claim) is expected
    assert list(said_in([claim], day)) == ([claim] if expected else [])


@given(cst.time_spans())
def test_said_in_an_instant_keeps_spans_ended_by_then(span):
    """As of an instant, a span counts from its end on; a span with no end never counts."""
    claim = Claim(claimant=RU, subject=KHERSON, stated=span)
    late = pendulum.datetime(9999, 12, 31, tz="UTC")
    assert list(said_in([claim], late)) == ([] if span.end is None else [claim])
    if span.end is not None:
        assert list(said_in([claim], span.end)) == [claim]
