"""resolve_time: time expressions of reports, grounded against the dateline."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _doc_tables import doc_table
from conflictevents import InvariantError, TimePrecision, TimeSpan, resolve_time
from conflictevents._resolve import PARTS_OF_DAY, WEEKDAYS
from conflictevents.exceptions import AmbiguousDateError, TimeExpressionError

KYIV = "Europe/Kyiv"
DATELINE = dt.date(2022, 3, 3)  # Thursday: the reference article's dateline
INVASION = dt.date(2022, 2, 24)
ANCHORS = {"invasion": INVASION, "war": INVASION}
DOC = Path(__file__).resolve().parent.parent / "docs" / "reading-reports.md"
ZONES = st.sampled_from([KYIV, "Europe/Moscow", "UTC", "America/New_York", "Asia/Kolkata"])
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))


def _resolve(text: str, reference: dt.date | dt.datetime = DATELINE, **kwargs: object) -> TimeSpan:
    kwargs.setdefault("tz", KYIV)
    kwargs.setdefault("anchors", ANCHORS)
    return resolve_time(text, reference=reference, **kwargs)  # type: ignore[arg-type]


def _local(day: dt.date, hour: int = 0, tz: str = KYIV) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, tz=tz)


def _moment(cell: str) -> pendulum.DateTime | None:
    if cell == "..":
        return None
    return pendulum.from_format(cell, "YYYY-MM-DD HH:mm", tz=KYIV)


def _wall(day: dt.date, hours: int, tz: str) -> pendulum.DateTime:
    """Local wall time ``hours`` after the start of ``day`` (past 24: the next day)."""
    later = day + dt.timedelta(days=hours // 24)
    return pendulum.datetime(later.year, later.month, later.day, hours % 24, tz=tz)


ROWS = doc_table(DOC, "These are the resolutions the tests check")


class TestDocsTable:
    """Every resolution listed in the docs is what `resolve_time` gives."""

    @pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}@{r[1]}" for r in ROWS])
    def test_row(self, row):
        """The words resolve, against the row's dateline, to the row's span."""
        words, dateline, start, end, precision = row
        span = _resolve(words, dt.date.fromisoformat(dateline))
        assert span.start == _moment(start)
        assert span.end == _moment(end)
        assert span.precision is TimePrecision(precision.rstrip("~"))
        assert span.approximate is precision.endswith("~")

    def test_table_is_long(self):
        """The table has a row for every rule (guards against a parsing slip)."""
        assert len(ROWS) >= 40


class TestReferenceArticle:
    """Every time expression of the reference article resolves as the inventory says."""

    @pytest.mark.parametrize(
        ("words", "expected"),
        [
            ("Wednesday", TimeSpan.day(dt.date(2022, 3, 2), tz=KYIV)),
            ("on Wednesday", TimeSpan.day(dt.date(2022, 3, 2), tz=KYIV)),
            ("on Monday", TimeSpan.day(dt.date(2022, 2, 28), tz=KYIV)),
            ("on Thursday", TimeSpan.day(dt.date(2022, 3, 3), tz=KYIV)),
            (
                "early Thursday",
                TimeSpan.between(
                    _local(DATELINE), _local(DATELINE, 6), precision=TimePrecision.PART_OF_DAY
                ),
            ),
            (
                "late Wednesday",
                TimeSpan.between(
                    _local(dt.date(2022, 3, 2), 18),
                    _local(DATELINE),
                    precision=TimePrecision.PART_OF_DAY,
                ),
            ),
            (
                "Thursday morning",
                TimeSpan.between(
                    _local(DATELINE, 6), _local(DATELINE, 12), precision=TimePrecision.PART_OF_DAY
                ),
            ),
            ("a week ago", TimeSpan.day(INVASION, tz=KYIV, approximate=True)),
            ("previously", TimeSpan.until(_local(dt.date(2022, 3, 4)))),
            ("since the war began", TimeSpan.since(_local(INVASION))),
            ("since Russia invaded", TimeSpan.since(_local(INVASION))),
            ("so far", TimeSpan.until(_local(dt.date(2022, 3, 4)))),
            ("Saturday. 01.04.2023", TimeSpan.day(dt.date(2023, 4, 1), tz=KYIV)),
            ("02 March 2022", TimeSpan.day(dt.date(2022, 3, 2), tz=KYIV)),
            ("as war ends first week", None),
            ("as the war ends its first week", TimeSpan.day(DATELINE, tz=KYIV, approximate=True)),
        ],
    )
    def test_expression(self, words, expected):
        """The article's words resolve (dateline 3 March 2022, Kyiv) to the inventory's span."""
        if expected is None:
            with pytest.raises(TimeExpressionError):
                _resolve(words)
        else:
            assert _resolve(words) == expected

    def test_war_began_a_week_ago(self):
        """'A week ago' contains the invasion day: the hedge widens, never moves, the day."""
        assert _resolve("a week ago").contains(TimeSpan.day(INVASION, tz=KYIV))

    def test_statement_instant_as_reference(self):
        """With an instant as reference, 'previously' ends exactly there."""
        moment = _local(DATELINE, 6)
        assert _resolve("previously", moment) == TimeSpan.until(moment)
        assert _resolve("later", moment) == TimeSpan.since(moment)


class TestWeekdays:
    """Weekday names resolve to a day near the dateline, by the rules table."""

    @given(DATES, st.sampled_from(WEEKDAYS), ZONES)
    @example(DATELINE, "wednesday", KYIV)
    @example(DATELINE, "thursday", KYIV)
    @example(dt.date(2024, 2, 29), "thursday", "UTC")
    def test_bare_weekday_on_or_before(self, reference, weekday, tz):
        """'Wednesday' is the latest Wednesday on or before the dateline (the dateline itself)."""
        span = resolve_time(weekday.title(), reference=reference, tz=tz)
        day = span.start.in_timezone(tz).date()
        assert span == TimeSpan.day(day, tz=tz)
        assert WEEKDAYS[day.weekday()] == weekday
        assert 0 <= (reference - day).days <= 6

    @given(DATES, st.sampled_from(WEEKDAYS))
    @example(DATELINE, "thursday")
    @example(DATELINE, "wednesday")
    def test_last_is_strictly_before(self, reference, weekday):
        """'last Thursday' in a report dated Thursday is a week earlier."""
        day = _resolve(f"last {weekday}", reference).start.date()
        assert WEEKDAYS[day.weekday()] == weekday
        assert 1 <= (reference - day).days <= 7

    @given(DATES, st.sampled_from(WEEKDAYS))
    @example(DATELINE, "thursday")
    @example(DATELINE, "friday")
    def test_next_is_strictly_after(self, reference, weekday):
        """'next X' looks forward: 1 to 7 days after the dateline."""
        day = _resolve(f"next {weekday}", reference).start.date()
        assert WEEKDAYS[day.weekday()] == weekday
        assert 1 <= (day - reference).days <= 7

    @given(DATES, st.sampled_from(WEEKDAYS))
    @example(DATELINE, "friday")
    @example(DATELINE, "monday")
    def test_this_is_in_the_same_week(self, reference, weekday):
        """'this X' is X of the dateline's Monday-to-Sunday week."""
        day = _resolve(f"this {weekday}", reference).start.date()
        assert day.isocalendar()[:2] == reference.isocalendar()[:2]
        assert WEEKDAYS[day.weekday()] == weekday


class TestPartsOfDay:
    """Parts of a day cover the hours of the table, in local time, across DST."""

    @given(DATES, st.sampled_from(sorted(PARTS_OF_DAY)), ZONES)
    @example(DATELINE, "early", KYIV)
    @example(DATELINE, "late", KYIV)
    @example(DATELINE, "morning", KYIV)
    @example(DATELINE, "afternoon", KYIV)
    @example(DATELINE, "evening", KYIV)
    @example(DATELINE, "night", KYIV)
    @example(dt.date(2022, 3, 27), "early", KYIV)
    @example(dt.date(2022, 3, 26), "night", KYIV)
    @example(dt.date(2022, 10, 30), "early", KYIV)
    def test_hours(self, day, part, tz):
        """'early X' / 'X morning' … start and end at the table's local hours of day X."""
        name = WEEKDAYS[day.weekday()]
        words = f"{part} {name}" if part in {"early", "late"} else f"{name} {part}"
        span = resolve_time(words, reference=day, tz=tz)
        first, last = PARTS_OF_DAY[part]
        assert span.precision is TimePrecision.PART_OF_DAY
        assert span.start == _wall(day, first, tz)
        assert span.end == _wall(day, last, tz)
        assert day in {span.start.in_timezone(tz).date(), span.end.in_timezone(tz).date()}

    def test_dst_gap_day(self):
        """On 27 March 2022 in Kyiv the day lasts 23 hours and 'early Sunday' five."""
        sunday = dt.date(2022, 3, 27)
        assert _resolve("today", sunday).duration == pendulum.duration(hours=23)
        assert _resolve("early Sunday", sunday).duration == pendulum.duration(hours=5)
        assert _resolve("Sunday morning", sunday).start.utcoffset() == dt.timedelta(hours=3)

    def test_dst_fold_day(self):
        """On 30 October 2022 in Kyiv the day lasts 25 hours."""
        assert _resolve("today", dt.date(2022, 10, 30)).duration == pendulum.duration(hours=25)


class TestRelative:
    """Days and weeks counted back from the dateline."""

    @given(DATES, st.integers(0, 60))
    @example(DATELINE, 3)
    @example(dt.date(2024, 3, 1), 1)
    def test_days_ago(self, reference, n):
        """'N days ago' is the day N days before the dateline, with N in digits or words."""
        words = {0: "zero", 1: "one", 3: "three", 12: "twelve", 21: "twenty-one"}.get(n, str(n))
        span = _resolve(f"{words} days ago", reference)
        assert span == TimeSpan.day(reference - dt.timedelta(days=n), tz=KYIV)

    @given(DATES)
    @example(DATELINE)
    def test_weeks(self, reference):
        """'last week' ends where 'this week' starts, on a Monday, and both are weeks."""
        last, this = _resolve("last week", reference), _resolve("this week", reference)
        assert last.end == this.start
        assert this.start.weekday() == 0
        assert last.precision is this.precision is TimePrecision.WEEK
        assert this.contains(TimeSpan.day(reference, tz=KYIV))

    @given(DATES)
    @example(DATELINE)
    def test_open_words(self, reference):
        """'previously' and 'later' meet around the dateline and are open at the far side."""
        before, after = _resolve("previously", reference), _resolve("later", reference)
        assert before.start is None
        assert after.end is None
        assert before.hull(after) == TimeSpan.anytime()
        day = TimeSpan.day(reference, tz=KYIV)
        assert before.intersection(after) == TimeSpan.between(day.start, day.end)


class TestNewsDates:
    """Dates as news writes them resolve to that day in the report's zone."""

    FORMATS = (
        "{d.day} {d:%B %Y}",
        "{d:%d %B %Y}",
        "{d:%B} {d.day}, {d.year}",
        "{d:%b}. {d.day}, {d.year}",
        "{d:%Y-%m-%d}",
        "on {d:%A}, {d:%B} {d.day}, {d.year}",
    )

    @given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.sampled_from(FORMATS), ZONES)
    @example(dt.date(2022, 3, 2), "{d.day} {d:%B %Y}", KYIV)
    @example(dt.date(2022, 3, 2), "{d:%d %B %Y}", KYIV)
    @example(dt.date(2022, 3, 2), "{d:%B} {d.day}, {d.year}", KYIV)
    @example(dt.date(2022, 3, 2), "{d:%Y-%m-%d}", KYIV)
    @example(dt.date(2024, 2, 29), "{d:%d %B %Y}", "UTC")
    @example(dt.date(2022, 3, 27), "{d:%Y-%m-%d}", KYIV)
    def test_formats(self, day, form, tz):
        """'2 March 2022', '02 March 2022', 'March 2, 2022', '2022-03-02' … are that day."""
        text = form.format(d=day)
        assert resolve_time(text, reference=DATELINE, tz=tz) == TimeSpan.day(day, tz=tz)

    @given(DATES, st.integers(-150, 150))
    @example(DATELINE, -1)
    @example(dt.date(2023, 1, 2), -3)
    @example(dt.date(2024, 3, 1), -1)
    def test_without_year(self, reference, offset):
        """'Wednesday, March 2' without a year is the date within half a year of the dateline."""
        day = reference + dt.timedelta(days=offset)
        text = f"{day:%A}, {day:%B} {day.day}"
        assert _resolve(text, reference) == TimeSpan.day(day, tz=KYIV)

    @given(DATES)
    @example(DATELINE)
    @example(dt.date(2024, 3, 1))
    @example(dt.date(2022, 3, 27))
    def test_today_yesterday_tomorrow(self, reference):
        """'today', 'yesterday' and 'tomorrow' are the dateline's day and its neighbours."""
        for word, shift in (("today", 0), ("yesterday", -1), ("tomorrow", 1)):
            expected = TimeSpan.day(reference + dt.timedelta(days=shift), tz=KYIV)
            assert _resolve(word, reference) == expected


class TestAnchors:
    """Named anchors: 'since the invasion began', 'in the first six days', 'ends its first week'."""

    @given(DATES, st.integers(0, 400), st.sampled_from(["invasion", "war", "offensive"]))
    @example(INVASION, 7, "invasion")
    @example(INVASION, 7, "war")
    def test_since(self, start, days_later, name):
        """'since the X began' runs from the anchor's first instant on, open-ended."""
        reference = start + dt.timedelta(days=days_later)
        anchors = {name: start}
        for words in (f"since the {name} began", f"since the start of the {name}", f"since {name}"):
            span = resolve_time(words, reference=reference, tz=KYIV, anchors=anchors)
            assert span == TimeSpan.since(_local(start))

    @given(DATES, st.integers(1, 60))
    @example(INVASION, 6)
    def test_first_days(self, start, n):
        """'in the first N days of the war' is N local days from the anchor's start."""
        span = _resolve(f"in the first {n} days of the war", anchors={"war": start})
        assert span == TimeSpan.between(_local(start), _local(start + dt.timedelta(days=n)))
        only = resolve_time(
            f"in the first {n} days", reference=DATELINE, tz=KYIV, anchors={"x": start}
        )
        assert only == span

    @given(DATES, st.sampled_from(["first", "second", "third"]))
    @example(INVASION, "first")
    def test_ends_its_week(self, start, nth):
        """'as the war ends its Nth week' is about the day N weeks after the anchor."""
        weeks = ["first", "second", "third"].index(nth) + 1
        span = _resolve(f"as the war ends its {nth} week", anchors={"war": start})
        assert span == TimeSpan.day(start + dt.timedelta(weeks=weeks), tz=KYIV, approximate=True)

    def test_anchor_instant_and_span(self):
        """An anchor may be an aware instant or a span; 'before the war' ends at its start."""
        moment = pendulum.datetime(2022, 2, 24, 5, tz=KYIV)
        assert _resolve("since the war began", anchors={"war": moment}) == TimeSpan.since(moment)
        week = TimeSpan.between(moment, moment.add(weeks=1))
        assert _resolve("before the war", anchors={"war": week}) == TimeSpan.until(moment)


class TestNumericDates:
    """Numeric dates are never guessed."""

    @given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    @example(dt.date(2023, 4, 1))
    @example(dt.date(2023, 1, 1))
    @example(dt.date(2022, 2, 24))
    def test_day_first(self, day):
        """With day_first=True, dd.mm.yyyy is that day; without it, only if unambiguous."""
        text = f"{day:%d.%m.%Y}"
        assert _resolve(text, day_first=True) == TimeSpan.day(day, tz=KYIV)
        ambiguous = day.day <= 12 and day.day != day.month
        if ambiguous:
            with pytest.raises(AmbiguousDateError) as info:
                _resolve(text)
            assert day in info.value.readings
            assert len(info.value.readings) == 2
        else:
            assert _resolve(text) == TimeSpan.day(day, tz=KYIV)

    @given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    @example(dt.date(2023, 4, 1))
    def test_weekday_settles(self, day):
        """A weekday beside the date picks the reading that falls on it (or says it cannot)."""
        text = f"{day:%A}. {day:%d.%m.%Y}"
        other = dt.date(day.year, day.day, day.month) if day.day <= 12 else None
        if other is not None and other != day and other.weekday() == day.weekday():
            with pytest.raises(AmbiguousDateError):
                _resolve(text)
        else:
            assert _resolve(text) == TimeSpan.day(day, tz=KYIV)

    def test_weekday_matching_neither_reading(self):
        """'Friday. 01.04.2023' is an error: 1 April was a Saturday, 4 January a Wednesday."""
        with pytest.raises(TimeExpressionError, match="Saturday 2023-04-01"):
            _resolve("Friday. 01.04.2023")

    def test_both_readings_listed(self):
        """The error for '01.04.2023' lists both readings with their weekdays."""
        with pytest.raises(AmbiguousDateError) as info:
            _resolve("01.04.2023")
        assert info.value.readings == (dt.date(2023, 4, 1), dt.date(2023, 1, 4))
        assert "Saturday 2023-04-01 or Wednesday 2023-01-04" in str(info.value)
        assert "'01.04.2023'" in str(info.value)

    def test_month_first(self):
        """day_first=False reads 01.04.2023 as 4 January."""
        assert _resolve("01.04.2023", day_first=False) == TimeSpan.day(dt.date(2023, 1, 4), tz=KYIV)


class TestErrors:
    """What is not understood is an error quoting the text, never a guess."""

    @pytest.mark.parametrize(
        "words",
        [
            "",
            "soon",
            "the other day",
            "Blursday",
            "30 February 2022",
            "Thursday, March 2",
            "since the ceasefire",
            "in the first six days",
            "in the first six days of the ceasefire",
            "13.13.2022",
            "early",
        ],
    )
    def test_rejected(self, words):
        """Each raises TimeExpressionError quoting the words."""
        anchors = {"invasion": INVASION, "war": INVASION}
        with pytest.raises(TimeExpressionError) as info:
            resolve_time(words, reference=DATELINE, tz=KYIV, anchors=anchors)
        assert repr(words) in str(info.value)
        assert info.value.text == words

    def test_earlier_this_after_a_repeated_midnight(self):
        """'earlier this month' counts from the first of two local midnights.

        Havana's clocks went back from 01:00 to 00:00 on 1 November 2026: the month
        starts at the first midnight (04:00Z), so 00:30 of the first pass is half an hour
        into it, and the first midnight itself is its very start.
        """
        reference = pendulum.parse("2026-11-01T04:30:00Z")  # 00:30-04:00, first pass
        span = resolve_time("earlier this month", reference=reference, tz="America/Havana")
        assert span == TimeSpan.between(pendulum.parse("2026-11-01T04:00:00Z"), reference)
        with pytest.raises(TimeExpressionError, match="very start of this month"):
            resolve_time(
                "earlier this month",
                reference=pendulum.parse("2026-11-01T04:00:00Z"),
                tz="America/Havana",
            )

    def test_naive_reference(self):
        """A naive reference datetime is rejected."""
        with pytest.raises(TimeExpressionError, match="naive"):
            resolve_time("Wednesday", reference=dt.datetime(2022, 3, 3, 12), tz=KYIV)  # noqa: DTZ001

    def test_naive_anchor(self):
        """A naive anchor datetime is rejected."""
        anchors = {"war": dt.datetime(2022, 2, 24, 5)}  # noqa: DTZ001
        with pytest.raises(TimeExpressionError, match="naive"):
            resolve_time("since the war began", reference=DATELINE, tz=KYIV, anchors=anchors)

    def test_wrong_types(self):
        """Text that is not a string, and an anchor that is no date, are errors too."""
        with pytest.raises(TimeExpressionError, match="expected a string"):
            resolve_time(None, reference=DATELINE, tz=KYIV)  # type: ignore[arg-type]
        with pytest.raises(TimeExpressionError, match=r"anchors\['war'\] is a str, not a date"):
            resolve_time("since the war", reference=DATELINE, tz=KYIV, anchors={"war": "2022"})

    @pytest.mark.parametrize(
        ("kwargs", "named"),
        [
            ({"anchors": {1: dt.date(2022, 2, 24)}}, r"anchors has the key 1 \(int\)"),
            ({"anchors": [("war", dt.date(2022, 2, 24))]}, "anchors must be a mapping"),
            ({"anchors": {"war": "2022-02-24"}}, r"anchors\['war'\] is a str"),
            ({"anchors": {"war": dt.datetime(2022, 2, 24)}}, r"anchors\['war'\] is a naive"),  # noqa: DTZ001
            ({"tz": "Kyiv"}, "the argument tz: 'Kyiv' is not an IANA time zone"),
            ({"tz": None}, "the argument tz: None is not an IANA time zone"),
            ({"day_first": "yes"}, "the argument day_first must be True, False or None"),
        ],
    )
    def test_wrong_arguments_are_named(self, kwargs, named):
        """A wrong argument is a TimeExpressionError that names it, checked before use."""
        arguments = {"reference": DATELINE, "tz": KYIV, **kwargs}
        with pytest.raises(TimeExpressionError, match=named):
            resolve_time("since the invasion began", **arguments)  # type: ignore[arg-type]
        with pytest.raises(TimeExpressionError, match=named):  # even when the text needs none
            resolve_time("yesterday", **arguments)  # type: ignore[arg-type]

    def test_span_constructors_name_their_arguments(self):
        """TimeSpan.day and TimeSpan.month raise InvariantError naming tz, date or month."""
        with pytest.raises(InvariantError, match=r"TimeSpan\.tz: 'Kyiv' is not an IANA time zone"):
            TimeSpan.day(dt.date(2022, 3, 2), tz="Kyiv")
        with pytest.raises(InvariantError, match=r"TimeSpan\.tz: 'Kyiv'"):
            TimeSpan.month(2022, 3, tz="Kyiv")
        with pytest.raises(InvariantError, match=r"TimeSpan\.date: expected a date"):
            TimeSpan.day("2022-03-02", tz=KYIV)  # type: ignore[arg-type]
        with pytest.raises(InvariantError, match=r"TimeSpan\.month: no such month"):
            TimeSpan.month(2022, 13, tz=KYIV)
        with pytest.raises(TimeExpressionError, match="the argument tz: 'Kyiv'"):
            TimeSpan.from_edtf("2022-03-02", tz="Kyiv")

    def test_bad_zone(self):
        """An unknown time zone name is rejected."""
        with pytest.raises(TimeExpressionError, match="IANA"):
            resolve_time("Wednesday", reference=DATELINE, tz="Europe/Kiyv")

    @given(st.text(max_size=30))
    @example("Wednesday at noon")
    @example("0.0.0")
    def test_never_crashes(self, words):
        """Any text either resolves to a span or raises TimeExpressionError."""
        try:
            span = resolve_time(words, reference=DATELINE, tz=KYIV, anchors=ANCHORS)
        except TimeExpressionError as exc:
            assert exc.text == words  # noqa: PT017 - any text, so no pytest.raises
        else:
            assert isinstance(span, TimeSpan)

    def test_pickles(self):
        """The ambiguity error survives pickling with its readings."""
        with pytest.raises(AmbiguousDateError) as info:
            _resolve("01.04.2023")
        again = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own bytes
        assert again.readings == info.value.readings
        assert str(again) == str(info.value)
