"""The span algebra of TimeSpan: overlaps, contains, precedes/follows, hull, intersection."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conflictevents import Order, TimePrecision, TimeSpan
from conflictevents.strategies import time_spans

KYIV = "Europe/Kyiv"
_ZONES = ("UTC", KYIV, "Europe/Moscow", "America/New_York")
_FINITE = tuple(p for p in TimePrecision if p not in {TimePrecision.OPEN, TimePrecision.INSTANT})

# A small pool of instants makes equal and touching bounds common; the DST gap in Kyiv
# (27 Mar 2022, 03:00 -> 04:00) and the leap day 2024 are in it.
_POOL = (
    pendulum.datetime(2022, 2, 24, 5, tz=KYIV),
    pendulum.datetime(2022, 3, 2, tz=KYIV),
    pendulum.datetime(2022, 3, 3, tz=KYIV),
    pendulum.datetime(2022, 3, 27, tz=KYIV),
    pendulum.datetime(2022, 3, 27, 4, tz=KYIV),
    pendulum.datetime(2022, 3, 28, tz=KYIV),
    pendulum.datetime(2024, 2, 29, tz="UTC"),
    pendulum.datetime(2024, 3, 1, tz="UTC"),
)


def _moments() -> st.SearchStrategy[pendulum.DateTime]:
    drawn = st.datetimes(
        min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 - Hypothesis wants naive bounds
        max_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from(_ZONES).map(pendulum.timezone),
        allow_imaginary=False,
    ).map(pendulum.instance)
    # The same instant written in another zone must behave identically.
    pooled = st.builds(
        lambda moment, zone: moment.in_timezone(zone),
        st.sampled_from(_POOL),
        st.sampled_from(_ZONES),
    )
    return st.one_of(pooled, drawn)


@st.composite
def _pooled_spans(draw: st.DrawFn) -> TimeSpan:
    """Spans over a small pool of instants, so that equal and touching bounds are common."""
    approximate = draw(st.booleans())
    kind = draw(st.sampled_from(("instant", "closed", "since", "until", "anytime")))
    if kind == "anytime":
        return TimeSpan.anytime(approximate=approximate)
    first = draw(_moments())
    if kind == "instant":
        return TimeSpan.instant(first, approximate=approximate)
    if kind == "since":
        return TimeSpan.since(first, approximate=approximate)
    if kind == "until":
        return TimeSpan.until(first, approximate=approximate)
    second = draw(_moments().filter(lambda m: m.timestamp() != first.timestamp()))
    lo, hi = sorted((first, second), key=dt.datetime.timestamp)  # instants, not wall times
    precision = draw(st.sampled_from(_FINITE))
    return TimeSpan.between(lo, hi, precision=precision, approximate=approximate)


def spans() -> st.SearchStrategy[TimeSpan]:
    """The public strategy, mixed with pooled spans that make ties and meetings likely."""
    return st.one_of(time_spans(), _pooled_spans())


def _day(day: int, month: int = 3, year: int = 2022) -> TimeSpan:
    return TimeSpan.day(dt.date(year, month, day), tz=KYIV)


def _at(day: int, hour: int = 0, month: int = 3) -> pendulum.DateTime:
    return pendulum.datetime(2022, month, day, hour, tz=KYIV)


WED = _day(2)
THU = _day(3)
EARLY_THU = TimeSpan.between(_at(3), _at(3, 6), precision=TimePrecision.PART_OF_DAY)
SINCE_WAR = TimeSpan.since(_at(24, 5, month=2))
PREVIOUSLY = TimeSpan.until(_at(3, 6))
NOON_WED = TimeSpan.instant(_at(2, 12))
DST_DAY = _day(27)
LEAP_DAY = TimeSpan.day(dt.date(2024, 2, 29), tz="UTC")


class TestOverlaps:
    """`overlaps` says whether two spans could share an instant."""

    @given(spans(), spans())
    @example(WED, THU)
    @example(NOON_WED, WED)
    @example(SINCE_WAR, PREVIOUSLY)
    @example(DST_DAY, TimeSpan.instant(_at(27, 4)))
    def test_symmetric(self, a, b):
        """a overlaps b exactly when b overlaps a."""
        assert a.overlaps(b) == b.overlaps(a)

    @given(spans(), spans())
    @example(WED, THU)
    @example(NOON_WED, NOON_WED)
    def test_disjoint_means_ordered(self, a, b):
        """Spans that cannot overlap are ordered one way or the other, and vice versa."""
        assert (not a.overlaps(b)) == (a.precedes(b) is True or a.follows(b) is True)

    @given(spans())
    def test_reflexive(self, a):
        """Every span overlaps itself (no span is empty)."""
        assert a.overlaps(a)

    def test_adjacent_days_do_not_overlap(self):
        """Wednesday and Thursday meet at midnight but share no instant (end is exclusive)."""
        assert not WED.overlaps(THU)

    def test_open_spans_reach_infinity(self):
        """'since the war began' and 'previously' overlap: both reach into the first week."""
        assert SINCE_WAR.overlaps(PREVIOUSLY)
        assert not TimeSpan.until(_at(24, 5, month=2)).overlaps(SINCE_WAR)

    def test_instant_at_a_span_end(self):
        """An instant at a span's (exclusive) end is outside it; at its start, inside."""
        assert not WED.overlaps(TimeSpan.instant(_at(3)))
        assert WED.overlaps(TimeSpan.instant(_at(2)))


class TestContains:
    """`contains` is a partial order on spans."""

    @given(spans())
    @example(NOON_WED)
    @example(SINCE_WAR)
    @example(LEAP_DAY)
    def test_reflexive(self, a):
        """Every span contains itself."""
        assert a.contains(a)

    @given(spans(), spans())
    @example(WED, TimeSpan.between(_at(2), _at(3)))
    @example(WED, TimeSpan.day(dt.date(2022, 3, 2), tz=KYIV, approximate=True))
    def test_antisymmetric(self, a, b):
        """Two spans that contain each other are equal."""
        if a.contains(b) and b.contains(a):
            assert a == b

    @given(spans(), spans(), spans())
    def test_transitive(self, a, b, c):
        """If a contains b and b contains c, a contains c (checked on hulls, which nest)."""
        outer = a.hull(b).hull(c)
        middle = a.hull(b)
        assert outer.contains(middle)
        assert middle.contains(a)
        assert outer.contains(a)
        if a.contains(b) and b.contains(c):
            assert a.contains(c)

    @given(spans(), spans())
    def test_contains_implies_overlaps(self, a, b):
        """A span overlaps every span it contains."""
        if a.contains(b):
            assert a.overlaps(b)

    def test_day_contains_its_morning(self):
        """Thursday contains early Thursday, not the other way round."""
        assert THU.contains(EARLY_THU)
        assert not EARLY_THU.contains(THU)

    def test_open_contains_bounded(self):
        """'Since the war began' contains Wednesday; Wednesday does not contain it."""
        assert SINCE_WAR.contains(WED)
        assert not WED.contains(SINCE_WAR)

    def test_vaguer_label_wins_a_tie(self):
        """Of two spans over the same instants, the vaguer description contains the other."""
        interval = TimeSpan.between(_at(2), _at(3))
        hedged = TimeSpan.day(dt.date(2022, 3, 2), tz=KYIV, approximate=True)
        assert WED.contains(interval)
        assert not interval.contains(WED)
        assert hedged.contains(WED)
        assert not WED.contains(hedged)

    def test_dst_day_is_23_hours(self):
        """The DST-change day in Kyiv lasts 23 hours and contains 04:00 (just after the gap)."""
        assert DST_DAY.duration == pendulum.duration(hours=23)
        assert DST_DAY.contains(TimeSpan.instant(_at(27, 4)))
        assert not DST_DAY.contains(TimeSpan.instant(_at(28)))


class TestOrder:
    """`precedes`, `follows` and `compare` answer only where the spans decide it."""

    @given(spans(), spans())
    @example(WED, THU)
    @example(NOON_WED, NOON_WED)
    @example(PREVIOUSLY, SINCE_WAR)
    def test_follows_is_converse(self, a, b):
        """a follows b exactly when b precedes a."""
        assert a.follows(b) == b.precedes(a)

    @given(spans(), spans())
    def test_asymmetric(self, a, b):
        """If a precedes b, b does not precede a."""
        if a.precedes(b):
            assert b.precedes(a) is False

    @given(spans(), spans())
    def test_compare_agrees(self, a, b):
        """`compare` gives BEFORE/AFTER from precedes/follows, and reverses with the arguments."""
        order = a.compare(b)
        reverse = {Order.BEFORE: Order.AFTER, Order.AFTER: Order.BEFORE}
        assert b.compare(a) == reverse.get(order, order)
        if order is Order.SIMULTANEOUS:
            assert a.precision is b.precision is TimePrecision.INSTANT
            assert a.start == b.start

    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            (WED, THU, True),
            (THU, WED, False),
            (EARLY_THU, THU, None),
            (PREVIOUSLY, WED, None),
            (SINCE_WAR, WED, None),
            (TimeSpan.until(_at(2)), WED, True),
            (NOON_WED, NOON_WED, False),
            (NOON_WED, THU, True),
            (WED, NOON_WED, None),
        ],
    )
    def test_cases(self, a, b, expected):
        """Meeting spans are ordered; overlapping or open ones are undecided."""
        assert a.precedes(b) is expected

    def test_simultaneous(self):
        """The same instant written in two zones is simultaneous with itself."""
        utc = TimeSpan.instant(_at(2, 12).in_timezone("UTC"))
        assert NOON_WED.compare(utc) is Order.SIMULTANEOUS
        assert WED.compare(THU) is Order.BEFORE
        assert WED.compare(NOON_WED) is Order.UNDECIDED


class TestHull:
    """`hull` joins spans: commutative, associative, idempotent, containing both."""

    @given(spans(), spans())
    @example(NOON_WED, TimeSpan.instant(_at(3, 1)))
    @example(WED, THU)
    @example(SINCE_WAR, PREVIOUSLY)
    @example(DST_DAY, LEAP_DAY)
    def test_commutative_and_contains_both(self, a, b):
        """a v b == b v a, and it contains a and b."""
        joined = a.hull(b)
        assert joined == b.hull(a)
        assert joined.contains(a)
        assert joined.contains(b)

    @given(spans(), spans(), spans())
    @example(WED, THU, TimeSpan.between(_at(2), _at(4), precision=TimePrecision.WEEK))
    def test_associative(self, a, b, c):
        """(a v b) v c == a v (b v c)."""
        assert a.hull(b).hull(c) == a.hull(b.hull(c))

    @given(spans())
    @example(NOON_WED)
    @example(LEAP_DAY)
    def test_idempotent(self, a):
        """a v a == a."""
        assert a.hull(a) == a

    def test_two_days(self):
        """Wednesday v Thursday is the interval from Wednesday 00:00 to Friday 00:00."""
        assert WED.hull(THU) == TimeSpan.between(_at(2), _at(4))

    def test_instants_include_the_later_one(self):
        """The hull of two instants ends one microsecond after the later one."""
        later = TimeSpan.instant(_at(2, 13))
        joined = NOON_WED.hull(later)
        assert joined.contains(later)
        assert joined.end == _at(2, 13).add(microseconds=1)

    def test_open_bound_wins(self):
        """The hull of 'previously' and Wednesday is still open at the start."""
        assert PREVIOUSLY.hull(THU) == TimeSpan.until(_at(4))

    def test_previously_and_since_is_anytime(self):
        """'Previously' v 'since the war began' has no bound at all, and contains everything."""
        joined = PREVIOUSLY.hull(SINCE_WAR)
        assert joined == TimeSpan.anytime()
        assert joined.contains(NOON_WED)
        assert not NOON_WED.contains(joined)


class TestIntersection:
    """`intersection` keeps what both spans share."""

    @given(spans(), spans())
    @example(WED, THU)
    @example(SINCE_WAR, PREVIOUSLY)
    @example(NOON_WED, WED)
    @example(DST_DAY, TimeSpan.since(_at(27, 4)))
    def test_inside_both(self, a, b):
        """The intersection lies inside both spans, exists iff they overlap, and commutes."""
        shared = a.intersection(b)
        assert (shared is not None) == a.overlaps(b)
        assert shared == b.intersection(a)
        if shared is not None:
            assert a.contains(shared)
            assert b.contains(shared)

    @given(spans(), spans())
    def test_absorption(self, a, b):
        """a ^ (a v b) covers the same instants as a."""
        shared = a.intersection(a.hull(b))
        assert shared is not None
        assert (shared.start, shared.end) == (a.start, a.end)

    def test_first_week_and_previously(self):
        """'Since the war began' ^ 'previously' is the closed interval between them."""
        assert SINCE_WAR.intersection(PREVIOUSLY) == TimeSpan.between(_at(24, 5, 2), _at(3, 6))

    def test_disjoint(self):
        """Wednesday and Thursday share nothing."""
        assert WED.intersection(THU) is None


class TestSortKey:
    """`sort_key` orders spans totally and agrees with `precedes`."""

    @given(spans(), spans())
    @example(WED, TimeSpan.between(_at(2), _at(3)))
    @example(SINCE_WAR, PREVIOUSLY)
    def test_equal_keys_iff_equal(self, a, b):
        """Two spans have the same key exactly when they are equal."""
        assert (a.sort_key() == b.sort_key()) == (a == b)

    @given(spans(), spans())
    def test_consistent_with_precedes(self, a, b):
        """A span that precedes another sorts before it."""
        if a.precedes(b):
            assert a.sort_key() < b.sort_key()

    def test_open_start_first(self):
        """'Previously' sorts before Wednesday, 'since the war began' after the day it began."""
        ordered = sorted([THU, SINCE_WAR, WED, PREVIOUSLY], key=TimeSpan.sort_key)
        assert ordered == [PREVIOUSLY, SINCE_WAR, WED, THU]


def _fixed(moment: dt.datetime, zone: dt.tzinfo) -> pendulum.DateTime:
    """The same instant written with the fixed-offset ``zone``."""
    return pendulum.instance(moment.astimezone(zone))


_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: pendulum.FixedTimezone(m * 60))


class TestConstructionChecksInstants:
    @given(_moments(), _moments(), _OFFSETS, _OFFSETS, st.booleans())
    @example(
        pendulum.datetime(2022, 3, 2, 8, tz="UTC"),
        pendulum.datetime(2022, 3, 2, 8, tz="UTC"),
        pendulum.FixedTimezone(7200),
        pendulum.FixedTimezone(-3600),
        True,
    )
    @example(  # the same wall time in Kyiv's autumn fold: two instants an hour apart
        pendulum.instance(dt.datetime(2022, 10, 30, 3, 30, tzinfo=pendulum.timezone(KYIV))),
        pendulum.instance(dt.datetime(2022, 10, 30, 3, 30, fold=1, tzinfo=pendulum.timezone(KYIV))),
        pendulum.FixedTimezone(7200),
        pendulum.FixedTimezone(7200),
        True,
    )
    def test_bounds_in_one_fixed_zone_are_checked_like_any_others(self, a, b, zone, other, shared):
        """Whether a span's bounds are accepted depends on their instants, not on their zones."""
        start, end = _fixed(a, zone), _fixed(b, zone if shared else other)
        for precision in (TimePrecision.INSTANT, TimePrecision.INTERVAL):
            try:
                TimeSpan(start=start, end=end, precision=precision)
            except ValueError:
                accepted = False
            else:
                accepted = True
            # timestamps, not ``a < b``: that compares wall times when a and b share a zone
            earlier, equal = a.timestamp() < b.timestamp(), a.timestamp() == b.timestamp()
            expected = equal if precision is TimePrecision.INSTANT else earlier
            assert accepted == expected

    def test_fold_is_moot_in_a_fixed_zone(self):
        """An instant whose bounds differ only in ``fold`` within a fixed zone is valid."""
        zone = pendulum.FixedTimezone(7200)
        start = pendulum.DateTime(2022, 3, 2, 8, tzinfo=zone)
        end = pendulum.DateTime(2022, 3, 2, 8, tzinfo=zone, fold=1)
        assert TimeSpan(start=start, end=end, precision=TimePrecision.INSTANT).end == start
