"""The days a span is dated by: its last instant's local date, and its start day in subject keys."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from conflictevents import (
    CasualtyCount,
    Category,
    Claim,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    TimeSpan,
    dumps,
    loads,
    reconcile,
    subject_key,
)
from conflictevents import strategies as cst
from conflictevents._alignment import figure_date
from conflictevents._as_of import said_by
from conflictevents._time import _micros
from conflictevents.exceptions import InvariantError

# Zones whose clocks jump at midnight (the day after starts at 01:00), zones with odd
# offsets or half-hour changes, both sides of the date line, and plain ones.
ZONES = (
    "Asia/Gaza",
    "Asia/Hebron",
    "Asia/Beirut",
    "Asia/Damascus",
    "Asia/Amman",
    "Asia/Tehran",
    "Africa/Cairo",
    "America/Havana",
    "America/Santiago",
    "America/Asuncion",
    "America/Sao_Paulo",
    "America/Godthab",
    "Atlantic/Azores",
    "Asia/Baghdad",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Istanbul",
    "Asia/Jerusalem",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Dhaka",
    "Asia/Yangon",
    "Asia/Pyongyang",
    "Australia/Lord_Howe",
    "Australia/Eucla",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "Pacific/Auckland",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Tongatapu",
    "Pacific/Pago_Pago",
    "America/St_Johns",
    "America/New_York",
    "America/Caracas",
    "Africa/Casablanca",
    "Etc/GMT+12",
    "UTC",
)
_DAYS = st.dates(dt.date(1970, 1, 2), dt.date(2037, 12, 31))
_MINISTRY = Source(name="Gaza Health Ministry", kind=SourceKind.MINISTRY)
_A_DAY = dt.timedelta(days=1)


def _day_claim(day: dt.date, tz: str) -> Claim:
    span = TimeSpan.day(day, tz=tz)
    subject = CasualtyCount(
        side="PS",
        category=Category.CIVILIAN,
        outcome=Outcome.KILLED,
        quantity=Quantity(value=7),
        period=span,
    )
    return Claim(claimant=_MINISTRY, subject=subject, stated=span)


def _assert_dated(claim: Claim, day: dt.date) -> None:
    assert figure_date(claim) == day
    assert said_by(day)(claim)
    assert not said_by(day - _A_DAY)(claim)
    assert len(reconcile([claim], as_of=day).subjects) == 1
    assert len(reconcile([claim], as_of=day - _A_DAY).subjects) == 0
    assert reconcile([claim]).subjects[0].current[0].as_of == day


@given(st.sampled_from(ZONES), _DAYS)
@example("Asia/Gaza", dt.date(2022, 3, 26))  # clocks jump 00:00 -> 01:00 on the 27th
@example("Asia/Beirut", dt.date(2023, 3, 25))
@example("Asia/Tehran", dt.date(2022, 3, 21))
@example("Asia/Damascus", dt.date(2022, 3, 24))
@example("Asia/Amman", dt.date(2022, 2, 24))
@example("Africa/Cairo", dt.date(2023, 4, 27))
@example("America/Havana", dt.date(2022, 3, 12))
@example("America/Santiago", dt.date(2022, 9, 10))
@example("America/Asuncion", dt.date(2022, 10, 1))
@example("Pacific/Apia", dt.date(2011, 12, 29))  # the next day, 30 December, was skipped
def test_a_day_is_dated_that_day(tz, day):
    """A day's figure is as of that day, and a reconciliation as of it keeps it, before drops it."""
    try:
        claim = _day_claim(day, tz)
    except InvariantError:  # the zone skipped the day (Apia, 30 December 2011)
        return
    _assert_dated(claim, day)


@given(st.sampled_from(ZONES), _DAYS)
@example("Asia/Gaza", dt.date(2022, 3, 26))
@example("America/Havana", dt.date(2022, 3, 12))
@example("America/Santiago", dt.date(2022, 9, 10))
def test_a_day_read_from_json_is_dated_that_day(tz, day):
    """JSON keeps offsets, not zones: a day read back is still dated that day.

    Except a day whose next day the zone skipped (Apia, 29 December 2011): written in
    fixed offsets it cannot be told from a month across the skip (a documented limit).
    """
    try:
        claim = _day_claim(day, tz)
        TimeSpan.day(day + _A_DAY, tz=tz)
    except InvariantError:
        return
    _assert_dated(loads(dumps(claim), type=Claim), day)


@pytest.mark.parametrize("tz", ["Asia/Gaza", "America/Havana"])
def test_a_span_ending_at_the_jump_in_utc_keeps_its_utc_date(tz):
    """A span written in UTC is dated by the UTC clock, whatever zone its bounds came from."""
    span = TimeSpan.day(dt.date(2022, 3, 26 if tz == "Asia/Gaza" else 12), tz=tz)
    assert span.start is not None
    assert span.end is not None
    utc = TimeSpan.between(
        span.start.in_timezone("UTC"), span.end.in_timezone("UTC"), precision=span.precision
    )
    last = (span.end.in_timezone("UTC") - dt.timedelta(microseconds=1)).date()
    claim = attrs.evolve(_day_claim(dt.date(2022, 3, 26), "Asia/Gaza"), stated=utc)
    assert said_by(last)(claim)
    assert not said_by(last - _A_DAY)(claim)


@given(cst.time_spans())
def test_an_end_off_a_clock_change_keeps_its_own_wall_time(span):
    """Where the clock just before the end shows the end's offset, the key is as before the fix.

    Also for the span read back from JSON (fixed offsets).
    """
    end, start = span.end, span.start
    assume(end is not None)
    offset = end.utcoffset()
    before = (end.in_timezone("UTC") - dt.timedelta(microseconds=1)).astimezone(end.tzinfo)
    assume(before.utcoffset() == offset)
    assume(start is None or start.utcoffset() == offset)
    old = _micros(end) + offset // dt.timedelta(microseconds=1)
    assert span._end_wall_key == old
    assert loads(dumps(span), type=TimeSpan)._end_wall_key == old


@given(
    st.sampled_from(ZONES),
    _DAYS,
    st.integers(1, 400),
    st.sampled_from([dt.time(1), dt.time(0, 30), dt.time(2), dt.time(23)]),
)
@example("Europe/Kyiv", dt.date(2022, 2, 24), 141, dt.time(1))  # to 15 July 01:00, across DST
@example("Europe/London", dt.date(2022, 1, 1), 180, dt.time(1))
@example("Asia/Gaza", dt.date(2022, 1, 1), 200, dt.time(1))
def test_an_interval_is_dated_alike_in_memory_and_from_json(tz, day, days, at):
    """An interval across a clock change keeps its last day when read back from JSON."""
    start = pendulum.datetime(day.year, day.month, day.day, tz=tz)
    end = pendulum.instance(dt.datetime.combine(day + dt.timedelta(days=days), at), tz=tz)
    assume(end > start)
    span = TimeSpan.between(start, end)
    assert loads(dumps(span), type=TimeSpan)._end_wall_key == span._end_wall_key


@given(cst.time_spans(), st.sampled_from(ZONES))
def test_one_period_in_any_offset_keys_one_start_day(span, tz):
    """Equal periods key one start day: the subject key reads the start instant, not its offset."""
    assume(span.start is not None)
    try:
        moved = attrs.evolve(
            span,
            start=span.start.in_timezone(tz),
            end=None if span.end is None else span.end.in_timezone(tz),
        )
    except (OverflowError, ValueError):  # years 1 and 9999 do not move across offsets
        return
    assert moved == span
    count = CasualtyCount(
        side="UA", category=Category.CIVILIAN, outcome=Outcome.KILLED, period=span
    )
    assert subject_key(attrs.evolve(count, period=moved)) == subject_key(count)
