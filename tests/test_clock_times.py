"""resolve_time: clock times, their zones and hedges, dawn, counts from an anchor, quarters."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from conflictevents import TimePrecision, TimeSpan, resolve_time
from conflictevents._resolve import CLOCK_REACH, DAWN, PARTS_OF_DAY, WEEKDAYS
from conflictevents.exceptions import TimeExpressionError

KYIV = "Europe/Kyiv"
DATELINE = dt.date(2022, 3, 3)
ZONES = st.sampled_from(
    [
        KYIV,
        "Europe/Moscow",
        "UTC",
        "Asia/Jerusalem",
        "Asia/Gaza",
        "Asia/Tehran",
        "Asia/Beirut",
        "America/Havana",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
    ]
)
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31))
HOURS = st.integers(0, 23)
MINUTES = st.integers(0, 59)


def _wall_instants(day: dt.date, hour: int, minute: int, tz: str) -> list[dt.datetime]:
    """The UTC instants at which ``tz`` showed that wall time (the zoneinfo oracle)."""
    wall = dt.datetime(day.year, day.month, day.day, hour, minute)  # noqa: DTZ001
    found = []
    for fold in (0, 1):
        moment = wall.replace(tzinfo=zoneinfo.ZoneInfo(tz), fold=fold).astimezone(dt.UTC)
        back = moment.astimezone(zoneinfo.ZoneInfo(tz)).replace(tzinfo=None)
        if back == wall and moment not in found:
            found.append(moment)
    return sorted(found)


def _minute(moment: dt.datetime) -> TimeSpan:
    return TimeSpan.between(moment, moment + dt.timedelta(minutes=1))


class TestClockTimes:
    """A clock time is the minute it names, on the dateline's day, in every zone."""

    @given(DATES, HOURS, MINUTES, ZONES)
    @example(dt.date(2022, 3, 27), 3, 30, KYIV)  # skipped by the clocks
    @example(dt.date(2022, 10, 30), 3, 30, KYIV)  # shown twice
    @example(dt.date(2022, 3, 22), 0, 30, "Asia/Tehran")  # Tehran's last spring change
    @example(dt.date(2022, 9, 22), 0, 30, "Asia/Tehran")  # and its autumn one
    @example(dt.date(2023, 3, 24), 2, 30, "Asia/Jerusalem")
    @example(dt.date(2023, 10, 29), 1, 30, "Asia/Jerusalem")
    @example(dt.date(2023, 4, 29), 0, 30, "Asia/Gaza")
    @example(dt.date(2023, 10, 28), 1, 30, "Asia/Gaza")
    def test_minute_in_every_zone(self, day, hour, minute, tz):
        """'HH:MM' covers each instant that showed it; a skipped one is an error saying so."""
        oracle = _wall_instants(day, hour, minute, tz)
        text = f"at {hour:02}:{minute:02}"
        if not oracle:
            with pytest.raises(TimeExpressionError, match="did not happen"):
                resolve_time(text, reference=day, tz=tz)
            return
        span = resolve_time(text, reference=day, tz=tz)
        expected = _minute(oracle[0]).hull(_minute(oracle[-1])) if len(oracle) > 1 else None
        assert span == (expected or _minute(oracle[0]))
        assert span.approximate is False
        assert span.precision is TimePrecision.INTERVAL

    @given(DATES, st.integers(1, 12), MINUTES, st.sampled_from(["a.m.", "am", "p.m.", "pm"]))
    @example(DATELINE, 7, 45, "a.m.")
    @example(DATELINE, 12, 30, "a.m.")
    @example(DATELINE, 12, 30, "p.m.")
    def test_twelve_hour_clock(self, day, hour, minute, suffix):
        """'7:45 a.m.' is 07:45 and '7:45 p.m.' 19:45; 12:30 a.m. is 00:30; 12 a.m. is refused."""
        text = f"{hour}:{minute:02} {suffix}"
        if hour == 12 and minute == 0:
            with pytest.raises(TimeExpressionError, match="noon"):
                resolve_time(text, reference=day, tz=KYIV)
            return
        as_24 = hour % 12 + (12 if suffix.startswith("p") else 0)
        expected = resolve_time(f"{as_24:02}:{minute:02}", reference=day, tz=KYIV)
        assert resolve_time(text, reference=day, tz=KYIV) == expected

    @given(DATES, HOURS, st.sampled_from([0, 5, 30, 45]), ZONES)
    @example(DATELINE, 7, 45, KYIV)
    @example(DATELINE, 8, 0, KYIV)
    def test_about_widens_never_moves(self, day, hour, minute, tz):
        """'about 7:45' is 07:30-08:00, approximate, and holds the exact reading of 7:45."""
        try:
            exact = resolve_time(f"{hour:02}:{minute:02}", reference=day, tz=tz)
        except TimeExpressionError:
            assume(False)
        about = resolve_time(f"at about {hour:02}:{minute:02}", reference=day, tz=tz)
        assert about.approximate
        assert about.contains(exact)
        width = 60 if minute == 0 else 30
        if exact.duration == pendulum.duration(minutes=1):  # not a repeated hour
            assert about.duration == pendulum.duration(minutes=width)

    @given(DATES, HOURS, MINUTES, ZONES)
    @example(dt.date(2022, 3, 27), 0, 30, KYIV)
    @example(dt.date(2022, 3, 22), 20, 45, "Asia/Tehran")
    def test_gmt_is_utc_on_that_date(self, day, hour, minute, tz):
        """'HHMM GMT' is that UTC wall time on the dateline's date, whatever the report's zone."""
        span = resolve_time(f"at {hour:02}{minute:02} GMT", reference=day, tz=tz)
        start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)
        assert span == _minute(start)

    @given(DATES, HOURS, st.integers(-12, 14), st.sampled_from([0, 30, 45]))
    @example(DATELINE, 15, 3, 0)
    @example(DATELINE, 15, 3, 30)
    def test_offsets(self, day, hour, offset, minutes):
        """'15:00 UTC+3' and 'GMT+03:30' are that wall time at that fixed offset."""
        sign = "+" if offset >= 0 else "-"
        text = f"{hour:02}:00 UTC{sign}{abs(offset)}:{minutes:02}"
        delta = (1 if offset >= 0 else -1) * dt.timedelta(hours=abs(offset), minutes=minutes)
        wall = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone(delta))
        assert resolve_time(text, reference=day, tz=KYIV) == _minute(wall)

    @pytest.mark.parametrize(
        ("text", "tz", "utc"),
        [
            ("14:00 Kyiv time", "UTC", "2022-03-03T12:00"),
            ("14:00 Kiev time", "UTC", "2022-03-03T12:00"),
            ("14:00 Jerusalem time", KYIV, "2022-03-03T12:00"),
            ("14:00 Israel time", KYIV, "2022-03-03T12:00"),
            ("14:00 Gaza time", KYIV, "2022-03-03T12:00"),
            ("14:00 Tehran time", KYIV, "2022-03-03T10:30"),
            ("2 p.m. local time", "Asia/Tehran", "2022-03-03T10:30"),
            ("at 14:00", "Asia/Tehran", "2022-03-03T10:30"),
            ("14:00 CET", "Europe/Berlin", "2022-03-03T13:00"),
            ("14:00 EET", KYIV, "2022-03-03T12:00"),
            ("14:00 MSK", KYIV, "2022-03-03T11:00"),
            ("14:00 Moscow time", KYIV, "2022-03-03T11:00"),
            ("14:00 Z", KYIV, "2022-03-03T14:00"),
            ("1400Z", KYIV, "2022-03-03T14:00"),
        ],
    )
    def test_named_zones(self, text, tz, utc):
        """A zone's city, an accepted abbreviation or 'local time' sets the clock's zone."""
        span = resolve_time(text, reference=DATELINE, tz=tz)
        assert span.start == pendulum.parse(utc + "Z")

    def test_moscow_time_by_its_era(self):
        """MSK is +04:00 in 2012, +03:00 in 2022, and refused in the summer of 2010 (MSD)."""
        in_2012 = resolve_time("14:00 MSK", reference=dt.date(2012, 7, 1), tz=KYIV)
        assert in_2012.start == pendulum.datetime(2012, 7, 1, 10)
        with pytest.raises(TimeExpressionError, match="Moscow kept MSD"):
            resolve_time("14:00 MSK", reference=dt.date(2010, 7, 1), tz=KYIV)

    @pytest.mark.parametrize(
        ("text", "tz", "reference"),
        [
            ("14:00 EET", KYIV, dt.date(2022, 7, 14)),
            ("14:00 EEST", KYIV, dt.date(2022, 1, 14)),
            ("14:00 CET", "Europe/Paris", dt.date(2022, 7, 14)),
            ("14:00 CEST", "Europe/Paris", dt.date(2022, 1, 14)),
            ("14:00 EET", "Asia/Gaza", dt.date(2023, 7, 14)),
        ],
    )
    def test_season_contradicting_the_report_zone(self, text, tz, reference):
        """'14:00 EET' in July in a Kyiv report: Kyiv kept EEST then, so it is an error."""
        with pytest.raises(TimeExpressionError, match="kept"):
            resolve_time(text, reference=reference, tz=tz)

    def test_season_name_where_the_zone_keeps_it(self):
        """'14:00 EET' in July in a Cairo report of 2022 (no summer time then) is +02:00."""
        span = resolve_time("14:00 EET", reference=dt.date(2022, 7, 14), tz="Africa/Cairo")
        assert span.start == pendulum.datetime(2022, 7, 14, 12)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("at 7:45 EST", "EST is ambiguous"),
            ("at 14:00 IST", r"India \+05:30, Israel \+02:00 or Irish \+01:00"),
            ("at 14:00 BST", "BST is ambiguous"),
            ("at 14:00 CST", "CST is ambiguous"),
            ("at 14:00 IDT", "IDT is ambiguous"),
            ("at 14:00 IRST", "IRST is ambiguous"),
            ("14:00 Atlantis time", "names no IANA time zone"),
            ("14:00 Eastern time", "may be any of"),
            ("at 14:00 UTC+15", "not a UTC offset"),
            ("at midnight", "'midnight' alone"),
            ("12 a.m.", "noon"),
            ("12 p.m.", "noon"),
            ("at 13 p.m.", "not a 12-hour clock time"),
            ("at 25:00", "not a clock time"),
            ("at 7:60", "not a clock time"),
            ("Thursday morning, at 16:00", "contradict"),
            ("early Thursday at 11:00", "contradict"),
            ("a week ago at 7:45", "one day or part of a day"),
            ("last week at 7:45", "one day or part of a day"),
        ],
    )
    def test_refused(self, text, message):
        """What would be a guess is a TimeExpressionError quoting the text and saying why."""
        with pytest.raises(TimeExpressionError, match=message) as info:
            resolve_time(text, reference=DATELINE, tz=KYIV)
        assert info.value.text == text

    def test_fold_with_an_abbreviation_is_one_minute(self):
        """03:30 EEST on 30 October 2022 is one instant, although Kyiv showed 03:30 twice."""
        day = dt.date(2022, 10, 30)
        assert resolve_time("at 3:30", reference=day, tz=KYIV).duration.in_minutes() == 61
        once = resolve_time("at 3:30 EEST", reference=day, tz=KYIV)
        assert once == _minute(pendulum.datetime(2022, 10, 30, 0, 30))

    def test_bracket_names_the_same_moment(self):
        """'7:45 a.m. (0545 GMT)' is 07:45 in Kyiv; '(0645 GMT)' contradicts it: an error."""
        span = resolve_time("at 7:45 a.m. (0545 GMT)", reference=DATELINE, tz=KYIV)
        assert span == _minute(pendulum.datetime(2022, 3, 3, 5, 45))
        with pytest.raises(TimeExpressionError, match="names another moment"):
            resolve_time("at 7:45 a.m. (0645 GMT)", reference=DATELINE, tz=KYIV)
        with pytest.raises(TimeExpressionError, match="not one clock time"):
            resolve_time("at 7:45 a.m. (about 0545 GMT)", reference=DATELINE, tz=KYIV)

    @pytest.mark.parametrize(("utc", "hour"), [("0030", 0), ("0130", 1)])
    def test_bracket_settles_a_repeated_hour(self, utc, hour):
        """03:30 shown twice in Kyiv on 30 October 2022: '(0030 GMT)' picks the first."""
        day = dt.date(2022, 10, 30)
        span = resolve_time(f"at 3:30 ({utc} GMT)", reference=day, tz=KYIV)
        assert span == _minute(pendulum.datetime(2022, 10, 30, hour, 30))

    def test_clock_on_a_named_day(self):
        """'at 0300 GMT on Wednesday' and 'Thursday at 2300 GMT' take that date in GMT."""
        wednesday = resolve_time("at 0300 GMT on Wednesday", reference=DATELINE, tz=KYIV)
        assert wednesday == _minute(pendulum.datetime(2022, 3, 2, 3))
        thursday = resolve_time("Thursday at 2300 GMT", reference=DATELINE, tz=KYIV)
        assert thursday == _minute(pendulum.datetime(2022, 3, 3, 23))


def _part_words(day: dt.date, part: str) -> str:
    name = WEEKDAYS[day.weekday()]
    if part == "dawn":
        return f"{name} at dawn"
    return f"{part} {name}" if part in {"early", "late"} else f"{name} {part}"


class TestPartOfDayWithClockTime:
    """A part of the day and a clock time of one event combine, never contradicting."""

    @given(
        DATES,
        st.sampled_from([*sorted(PARTS_OF_DAY), "dawn"]),
        HOURS,
        MINUTES,
        st.sampled_from(["", "about ", "shortly after "]),
        ZONES,
    )
    @example(dt.date(2022, 3, 3), "early", 7, 45, "about ", KYIV)
    @example(dt.date(2022, 3, 3), "late", 1, 30, "", KYIV)
    @example(dt.date(2022, 2, 28), "night", 2, 0, "", KYIV)
    @example(dt.date(2022, 3, 27), "early", 3, 30, "", KYIV)
    @example(dt.date(2022, 10, 30), "early", 3, 30, "", KYIV)
    @example(dt.date(2022, 3, 26), "night", 3, 30, "", KYIV)
    @example(dt.date(2023, 10, 28), "night", 1, 30, "", "Asia/Gaza")
    @example(dt.date(2022, 3, 21), "night", 0, 30, "", "Asia/Tehran")
    @example(dt.date(2022, 3, 3), "morning", 16, 0, "", KYIV)
    def test_clock_time_inside_or_error(self, day, part, hour, minute, hedge, tz):  # noqa: PLR0917
        """The result holds the clock time, within three hours of the part; else an error.

        A clock time that lies inside the part of the day itself is always read.
        """
        words = _part_words(day, part)
        part_span = resolve_time(words, reference=day, tz=tz)
        lo, hi = part_span.start - CLOCK_REACH, part_span.end + CLOCK_REACH
        candidates = [
            t
            for offset in (-1, 0, 1)
            for t in _wall_instants(day + dt.timedelta(days=offset), hour, minute, tz)
        ]
        inside = [t for t in candidates if part_span.overlaps(_minute(t))]
        reachable = [t for t in candidates if lo <= t < hi]
        text = f"{words}, at {hedge}{hour:02}:{minute:02}"
        try:
            span = resolve_time(text, reference=day, tz=tz)
        except TimeExpressionError as error:
            assert not inside or "did not happen" in error.reason  # noqa: PT017
            assert "contradict" in error.reason or "did not happen" in error.reason  # noqa: PT017
            return
        assert reachable
        assert all(span.contains(_minute(t)) for t in reachable)
        assert span.duration >= pendulum.duration(minutes=1)
        assert span.approximate is bool(hedge)

    def test_the_reference_articles_case(self):
        """'early Thursday' (00:00-06:00) with 'at about 7:45 a.m.' for one event is 07:30-08:00."""
        span = resolve_time("early Thursday, at about 7:45 a.m.", reference=DATELINE, tz=KYIV)
        start = pendulum.datetime(2022, 3, 3, 7, 30, tz=KYIV)
        assert span == TimeSpan.between(start, start.add(minutes=30), approximate=True)

    def test_night_takes_the_next_date(self):
        """'Monday night at 2:00' is Tuesday 02:00, 'late Wednesday, at 1:30 a.m.' Thursday's."""
        night = resolve_time("Monday night at 2:00", reference=DATELINE, tz=KYIV)
        assert night.start == pendulum.datetime(2022, 3, 1, 2, tz=KYIV)
        late = resolve_time("late Wednesday, at 1:30 a.m.", reference=DATELINE, tz=KYIV)
        assert late.start == pendulum.datetime(2022, 3, 3, 1, 30, tz=KYIV)


class TestDawn:
    """'At dawn' is 03:00 to 09:00 of its day, in local time, in every zone."""

    @given(DATES, ZONES)
    @example(dt.date(2022, 3, 27), KYIV)
    @example(dt.date(2022, 3, 22), "Asia/Tehran")
    def test_hours(self, day, tz):
        """'X at dawn' and 'at dawn on X' are X's first instants at or after 03:00 and 09:00."""
        name = WEEKDAYS[day.weekday()]
        span = resolve_time(f"{name} at dawn", reference=day, tz=tz)
        assert span == resolve_time(f"at dawn on {name}", reference=day, tz=tz)
        assert span == resolve_time("at dawn", reference=day, tz=tz)
        assert span.precision is TimePrecision.PART_OF_DAY
        first, last = DAWN
        assert span.start.in_timezone(tz).hour >= first
        assert span.end.in_timezone(tz).hour >= last
        assert span.start.in_timezone(tz).date() == day


class TestCountedFromAnAnchor:
    """'Two hours after the strike', 'several hours later' count from an anchor."""

    STRIKE = pendulum.datetime(2022, 3, 3, 7, 45, tz=KYIV)

    @given(st.integers(1, 48), st.sampled_from(["minute", "hour"]))
    @example(2, "hour")
    def test_exact_count_moves_the_anchor(self, n, unit):
        """'N hours after the strike' of an instant is the instant N hours later."""
        anchors = {"strike": self.STRIKE}
        plural = "s" if n > 1 else ""
        span = resolve_time(
            f"{n} {unit}{plural} after the strike", reference=DATELINE, tz=KYIV, anchors=anchors
        )
        assert span == TimeSpan.instant(self.STRIKE + dt.timedelta(**{f"{unit}s": n}))

    @pytest.mark.parametrize(
        ("words", "low", "high"),
        [
            ("several hours later", 3, 9),
            ("a few hours later", 2, 5),
            ("hours later", 2, 24),
            ("minutes later", 2 / 60, 1),
        ],
    )
    def test_vague_counts(self, words, low, high):
        """A vague count covers its table range after the anchor, approximate."""
        span = resolve_time(words, reference=DATELINE, tz=KYIV, anchors={"x": self.STRIKE})
        assert span.approximate
        assert span.start == self.STRIKE + dt.timedelta(hours=low)
        assert span.end == self.STRIKE + dt.timedelta(hours=high)

    @given(DATES, st.integers(1, 40), ZONES)
    @example(dt.date(2022, 3, 25), 2, KYIV)
    @example(dt.date(2022, 3, 20), 2, "Asia/Tehran")
    def test_days_are_local_days(self, start, n, tz):
        """'N days after the war began' of a day is the day N days later, across clock changes."""
        later = start + dt.timedelta(days=n)
        span = resolve_time(
            f"{n} days after the war began", reference=DATELINE, tz=tz, anchors={"war": start}
        )
        day = TimeSpan.day(later, tz=tz)
        assert (span.start, span.end) == (day.start, day.end)

    def test_days_keep_the_wall_time(self):
        """'two days later' of 07:45 on 26 March 2022 in Kyiv is 07:45 on 28 March (+03:00)."""
        anchor = resolve_time("at 07:45", reference=dt.date(2022, 3, 26), tz=KYIV)
        span = resolve_time("two days later", reference=DATELINE, tz=KYIV, anchors={"a": anchor})
        assert span.start == pendulum.datetime(2022, 3, 28, 7, 45, tz=KYIV)
        assert span.duration == pendulum.duration(minutes=1)

    def test_across_a_clock_change(self):
        """Hours are counted in elapsed time: 02:00 + 2 hours on 27 March 2022 is 05:00 in Kyiv."""
        anchor = resolve_time("at 2:00", reference=dt.date(2022, 3, 27), tz=KYIV)
        span = resolve_time("two hours later", reference=DATELINE, tz=KYIV, anchors={"a": anchor})
        assert span.start.in_timezone(KYIV).hour == 5

    @pytest.mark.parametrize(
        ("anchors", "message"),
        [
            ({}, "say which anchor"),
            ({"a": DATELINE, "b": DATELINE}, "say which anchor"),
            ({"a": TimeSpan.since(STRIKE)}, "no known start and end"),
        ],
    )
    def test_needs_one_bounded_anchor(self, anchors, message):
        """Without a named anchor there must be exactly one, with both ends known."""
        with pytest.raises(TimeExpressionError, match=message):
            resolve_time("several hours later", reference=DATELINE, tz=KYIV, anchors=anchors)

    def test_count_without_a_number(self):
        """'more than two hours later' does not say how many: an error, not a guess."""
        with pytest.raises(TimeExpressionError, match="does not say how many"):
            resolve_time(
                "more than two hours later", reference=DATELINE, tz=KYIV, anchors={"x": self.STRIKE}
            )


class TestQuarters:
    """'Q3 2018' and 'the third quarter of 2018' are the quarter's three months."""

    @given(st.integers(1990, 2040), st.integers(1, 4), ZONES)
    @example(2018, 3, KYIV)
    @example(2022, 1, "America/Havana")
    def test_three_months(self, year, quarter, tz):
        """Each spelling is the hull of the quarter's months in the report's zone."""
        months = [TimeSpan.month(year, 3 * quarter - m, tz=tz) for m in (2, 1, 0)]
        expected = TimeSpan.between(months[0].start, months[2].end)
        nth = ["first", "second", "third", "fourth"][quarter - 1]
        for words in (
            f"Q{quarter} {year}",
            f"the {nth} quarter of {year}",
            f"in Q{quarter}, {year}",
        ):
            assert resolve_time(words, reference=DATELINE, tz=tz) == expected

    @given(DATES, st.integers(1, 4))
    @example(DATELINE, 2)
    def test_without_a_year(self, reference, quarter):
        """'Q2' is the latest second quarter that starts on or before the dateline."""
        span = resolve_time(f"Q{quarter}", reference=reference, tz=KYIV)
        start = span.start.in_timezone(KYIV).date()
        assert start <= reference
        assert (reference - start).days < 366


@given(st.text(alphabet="0123456789:. apmAPMatboushrtfeilngGMTUCZ+-", max_size=24))
@example("at 7:45 a.m. on 12:00")
@example("0300 GMT 0300 GMT")
def test_never_crashes(words):
    """Any clock-like text either resolves or raises TimeExpressionError quoting it."""
    try:
        span = resolve_time(words, reference=DATELINE, tz=KYIV, anchors={"a": DATELINE})
    except TimeExpressionError as exc:
        assert exc.text == words  # noqa: PT017
    else:
        assert isinstance(span, TimeSpan)
