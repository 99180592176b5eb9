"""Days in every time zone: from the first instant of a date to the first instant of the next.

The oracle is the standard library's :mod:`zoneinfo`: an instant's local date and wall
time are what ``astimezone`` gives. The rule is checked on every transition of every
zone from 2000 to 2030 (exhaustive, about 15,000 transitions), and as a Hypothesis law
over zones, dates and hours outside that range.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import zoneinfo

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conflictevents import InvariantError, TimePrecision, TimeSpan, resolve_time
from conflictevents._time import day_start
from conflictevents.exceptions import TimeExpressionError
from conflictevents.interop._common import days_span, since_invasion
from conflictevents.rollups import Period, _bucket, _bucket_start
from conflictevents.strategies import time_spans

ZONES = tuple(sorted(zoneinfo.available_timezones()))
FIRST_YEAR, LAST_YEAR = 2000, 2030
_US = dt.timedelta(microseconds=1)
_SECOND = dt.timedelta(seconds=1)
_WEEK = 7 * 86_400


def _utc(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _wall(moment: dt.datetime, name: str) -> dt.datetime:
    """The oracle: the local wall time of an instant in zone ``name``, naive."""
    return moment.astimezone(zoneinfo.ZoneInfo(name)).replace(tzinfo=None, fold=0)


@functools.cache
def transitions(name: str) -> tuple[int, ...]:
    """Every instant (Unix seconds) the zone's UTC offset changed, 2000 to 2030.

    Sampled weekly and bisected to the second (tz data has whole-second transitions).
    """
    zone = zoneinfo.ZoneInfo(name)

    def offset(seconds: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(seconds, zone).utcoffset()

    start = int(dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC).timestamp())
    stop = int(dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=dt.UTC).timestamp())
    found = []
    previous = offset(start)
    for seconds in range(start + _WEEK, stop + _WEEK, _WEEK):
        current = offset(seconds)
        if current != previous:
            lo, hi = seconds - _WEEK, seconds  # offset(lo) == previous != offset(hi)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(mid) == previous else (lo, mid)
            found.append(hi)
        previous = current
    return tuple(found)


def _check_first_instant(name: str, day: dt.date, hour: int, start: dt.datetime) -> None:
    """``start`` is the first instant whose wall time in ``name`` is ``day`` ``hour``:00 or later."""
    target = dt.datetime(day.year, day.month, day.day, hour)  # noqa: DTZ001 - a wall time
    assert _wall(start, name) >= target, (name, day, hour, start)
    assert _wall(start - _US, name) < target, (name, day, hour, start)
    # No earlier instant reaches it: between transitions the wall clock only moves on,
    # so the latest wall time before ``start`` is just before one of them (or ``start``).
    changes = transitions(name)
    seconds = start.timestamp()
    lo = bisect.bisect_left(changes, seconds - 2 * 86_400)
    hi = bisect.bisect_left(changes, seconds)
    for change in changes[lo:hi]:
        assert _wall(_utc(change) - _US, name) < target, (name, day, hour, start, change)


def _local_dates(name: str) -> set[dt.date]:
    """The local dates on either side of each transition: the days a change can shift."""
    dates = set()
    for change in transitions(name):
        moment = _utc(change)
        for side in (moment - _SECOND, moment):
            local = _wall(side, name).date()
            dates.update((local, local + dt.timedelta(days=1)))
    return dates


class TestEveryTransition:
    """Every zone, every transition 2000-2030: day spans start at a date's first instant."""

    def test_transitions_found(self):
        """The sampler finds the known ones (Havana's midnight changes, Kyiv's 03:00)."""
        havana = {_utc(s).isoformat() for s in transitions("America/Havana")}
        assert "2022-03-13T05:00:00+00:00" in havana
        assert "2022-11-06T05:00:00+00:00" in havana
        assert "2022-03-27T01:00:00+00:00" in {
            _utc(s).isoformat() for s in transitions("Europe/Kyiv")
        }
        assert sum(len(transitions(name)) for name in ZONES) > 10_000

    def test_day_spans(self):
        """Each day touched by a transition runs from its first instant to the next day's."""
        checked = 0
        for name in ZONES:
            for day in _local_dates(name):
                try:
                    span = TimeSpan.day(day, tz=name)
                except InvariantError:  # a date the zone skipped whole (Apia, 2011-12-30)
                    assert day_start(day, name) == day_start(day + dt.timedelta(days=1), name)
                    continue
                assert span.start is not None
                assert span.end is not None
                _check_first_instant(name, day, 0, span.start)
                _check_first_instant(name, day + dt.timedelta(days=1), 0, span.end)
                checked += 1
        assert checked > 20_000


class TestLaws:
    """The rule, as Hypothesis laws over every zone, dates and hours."""

    @given(
        st.sampled_from(ZONES),
        st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)),
        st.integers(0, 23),
    )
    @example("America/Havana", dt.date(2022, 3, 13), 0)
    @example("America/Havana", dt.date(2022, 11, 6), 0)
    @example("Asia/Gaza", dt.date(2022, 3, 27), 0)
    @example("America/Santiago", dt.date(2022, 9, 11), 0)
    @example("Europe/Kyiv", dt.date(2022, 3, 27), 3)
    @example("Europe/Kyiv", dt.date(2022, 10, 30), 3)
    def test_first_instant_at_or_after_a_wall_time(self, name, day, hour):
        """``day_start`` is the first instant whose wall time is that date and hour or later."""
        start = day_start(day, name, hour)
        assert start.timezone_name == name
        target = dt.datetime(day.year, day.month, day.day, hour)  # noqa: DTZ001
        assert _wall(start, name) >= target
        assert _wall(start - _US, name) < target

    @given(st.sampled_from(ZONES), st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 30)))
    @example("America/Havana", dt.date(2022, 3, 13))
    @example("America/Havana", dt.date(2022, 11, 6))
    def test_days_tile(self, name, day):
        """A day ends where the next begins; the day, EDTF and "today" agree."""
        try:
            span = TimeSpan.day(day, tz=name)
        except InvariantError:
            return  # a skipped date: checked in TestEveryTransition
        after = TimeSpan.day(day + dt.timedelta(days=1), tz=name)
        assert span.end == after.start
        assert TimeSpan.from_edtf(day.isoformat(), tz=name) == span
        assert resolve_time("today", reference=day, tz=name) == span
        assert TimeSpan.from_edtf(span.to_edtf(), tz=name) == span


class TestReported:
    """The cases of the issue, one by one."""

    def test_havana_spring_forward(self):
        """Havana skipped midnight on 13 March 2022: the day is 01:00 to the next 00:00."""
        span = resolve_time("today", reference=dt.date(2022, 3, 13), tz="America/Havana")
        assert span.start is not None
        assert span.end is not None
        assert span.start.isoformat() == "2022-03-13T01:00:00-04:00"
        assert span.end.isoformat() == "2022-03-14T00:00:00-04:00"
        assert span.duration == pendulum.duration(hours=23)

    def test_havana_fall_back(self):
        """Havana's clocks went back over midnight on 6 November 2022: the first midnight."""
        span = TimeSpan.day(dt.date(2022, 11, 6), tz="America/Havana")
        assert span.start is not None
        assert span.start.astimezone(dt.UTC).isoformat() == "2022-11-06T04:00:00+00:00"
        assert span.duration == pendulum.duration(hours=25)

    @pytest.mark.parametrize(
        ("name", "day"),
        [
            ("Asia/Gaza", dt.date(2022, 3, 27)),
            ("Asia/Beirut", dt.date(2022, 3, 27)),
            ("Asia/Damascus", dt.date(2022, 3, 25)),
            ("Asia/Amman", dt.date(2022, 2, 25)),
            ("Asia/Tehran", dt.date(2022, 3, 22)),
            ("America/Santiago", dt.date(2022, 9, 11)),
        ],
    )
    def test_midnight_zones(self, name, day):
        """Zones that change at midnight: days, parts of days and months, rule by rule."""
        span = TimeSpan.day(day, tz=name)
        nxt = TimeSpan.day(day + dt.timedelta(days=1), tz=name)
        assert span.start is not None
        assert span.end == nxt.start
        _check_first_instant(name, day, 0, span.start)
        early = resolve_time(f"early {day.isoformat()}", reference=day, tz=name)
        assert early.start == span.start
        evening = resolve_time(f"{day.isoformat()} evening", reference=day, tz=name)
        assert evening.end == span.end
        month = TimeSpan.month(day.year, day.month, tz=name)
        assert month.start == TimeSpan.day(day.replace(day=1), tz=name).start

    def test_now_in_a_gap(self):
        """'now' at 03:30 Kyiv on 27 March 2022 (skipped) is the instant Python gives it."""
        reference = dt.datetime(2022, 3, 27, 3, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Kyiv"))
        span = resolve_time("now", reference=reference, tz="Europe/Kyiv")
        assert span.start is not None
        assert span.start.astimezone(dt.UTC) == reference.astimezone(dt.UTC)
        instant = TimeSpan.instant(reference).start
        assert instant is not None
        assert instant.astimezone(dt.UTC) == reference.astimezone(dt.UTC)

    def test_edtf_local_times(self):
        """EDTF date-times without an offset are read as Python reads them (fold=0)."""
        kyiv = zoneinfo.ZoneInfo("Europe/Kyiv")
        for stamp in ("2022-10-30T03:30:00", "2022-03-27T03:30:00", "2022-03-27T02:30:00"):
            span = TimeSpan.from_edtf(stamp, tz="Europe/Kyiv")
            assert span.start is not None
            expected = dt.datetime.fromisoformat(stamp).replace(tzinfo=kyiv)
            assert span.start.astimezone(dt.UTC) == expected.astimezone(dt.UTC)

    def test_skipped_date(self):
        """Samoa skipped 30 December 2011 whole: that day is an error, not an empty span."""
        with pytest.raises(InvariantError, match="Pacific/Apia skipped 2011-12-30"):
            TimeSpan.day(dt.date(2011, 12, 30), tz="Pacific/Apia")
        with pytest.raises(TimeExpressionError, match="skipped"):
            resolve_time("2011-12-30", reference=dt.date(2012, 1, 1), tz="Pacific/Apia")


class TestEverywhere:
    """The importers' day ranges and the Hypothesis strategies follow the same rule."""

    def test_importer_day_ranges(self):
        """A range of days and the period since the invasion start and end at day starts."""
        first, last = dt.date(2022, 3, 12), dt.date(2022, 3, 13)
        span = days_span(first, last, TimePrecision.INTERVAL, "America/Havana")
        assert span.start == TimeSpan.day(first, tz="America/Havana").start
        assert span.end == TimeSpan.day(last, tz="America/Havana").end
        period = since_invasion(dt.date(2022, 3, 13), "America/Havana")
        assert period.end == TimeSpan.day(dt.date(2022, 3, 13), tz="America/Havana").end

    @given(
        time_spans(
            precisions=[TimePrecision.WEEK, TimePrecision.YEAR], zones=st.sampled_from(ZONES)
        )
    )
    def test_strategy_spans_start_at_day_starts(self, span):
        """Generated weeks and years run from a date's first instant to another's."""
        assert span.start is not None
        assert span.end is not None
        for bound in (span.start, span.end):
            local = _wall(bound, bound.timezone_name).date()
            assert bound == day_start(local, bound.timezone_name)

    def test_rollup_periods(self):
        """A roll-up's month starts at the month's first instant (Havana, 1 November 2026)."""
        havana = "America/Havana"
        day = TimeSpan.day(dt.date(2026, 11, 1), tz=havana)
        bucket = _bucket(day, Period.MONTH, havana)
        assert bucket is not None
        assert bucket.start == TimeSpan.month(2026, 11, tz=havana).start == day.start
        assert bucket.end == TimeSpan.month(2026, 11, tz=havana).end
        assert _bucket_start(dt.date(2026, 11, 15), Period.MONTH, havana) == day.start


@given(
    day=st.one_of(
        st.dates(max_value=dt.date(1, 1, 31)),
        st.dates(min_value=dt.date(9999, 12, 1)),
        st.dates(),
    ),
    zone=st.sampled_from(ZONES),
    kind=st.sampled_from(["day", "week", "month", "year"]),
)
@example(day=dt.date(1, 1, 1), zone="Europe/Kyiv", kind="month")
@example(day=dt.date(9999, 12, 31), zone="UTC", kind="day")
@example(day=dt.date(9999, 12, 30), zone="America/Havana", kind="week")
def test_calendar_spans_at_the_ends_of_time_are_spans_or_invariant_errors(day, zone, kind):
    """Days, weeks, months and years at years 1 and 9999 are spans or InvariantError, never OverflowError."""
    build = {
        "day": lambda: TimeSpan.day(day, tz=zone),
        "week": lambda: TimeSpan.week(day, tz=zone),
        "month": lambda: TimeSpan.month(day.year, day.month, tz=zone),
        "year": lambda: TimeSpan.year(day.year, tz=zone),
    }[kind]
    try:
        span = build()
    except InvariantError as error:
        refused = error
    else:
        assert span.start is not None
        assert span.end is not None
        assert span.start < span.end
        return
    assert refused.model == "TimeSpan"
