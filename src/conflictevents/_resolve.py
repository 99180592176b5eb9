"""Time expressions as news writes them, grounded against the report: :func:`resolve_time`.

The rules are tables (``PARTS_OF_DAY``, ``WEEKDAYS``, ``MONTHS``) and one ordered list of
patterns; the docs page "Reading reports" prints the same rules and the tests check
every row of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Final, NamedTuple

import pendulum

from . import _clock
from ._figures import parse_quantity
from ._patterns import LazyPattern
from ._quantity import Qualifier
from ._time import TimePrecision, TimeSpan, _micros, as_instant, check_zone, day_start, zone
from .exceptions import (
    AmbiguousDateError,
    FigureParseError,
    InvariantError,
    TimeExpressionError,
)

__all__ = ["CLOCK_REACH", "DAWN", "MAX_TIME_LENGTH", "PARTS_OF_DAY", "resolve_time"]

MAX_TIME_LENGTH: Final = 256
"""The longest time expression :func:`resolve_time` reads, in characters.

A time phrase is short ("as the invasion enters its second week"): anything longer is
refused before it is read. Every rule reads in time linear in the phrase all the same.
"""

Anchor = dt.date | dt.datetime | TimeSpan
"""What a named anchor may be: a day, an aware instant, or a span."""

PARTS_OF_DAY: Final[dict[str, tuple[int, int]]] = {
    "early": (0, 6),
    "morning": (6, 12),
    "afternoon": (12, 18),
    "evening": (18, 24),
    "late": (18, 24),
    "night": (18, 30),
}
"""Local hours each part of a day covers, ``[start, end)``; hours past 24 run into the
next day ("Monday night" lasts until Tuesday 06:00)."""

DAWN: Final = (3, 9)
"""Local hours "at dawn" covers, ``[start, end)``: the twilight and sunrise at the
latitudes of Europe and the Middle East in every season (Moscow's December sunrise is
near 09:00, Tehran's June twilight near 04:00). conflictevents does not compute sunrise."""

CLOCK_REACH: Final = dt.timedelta(hours=3)
"""How far a clock time may lie outside the part of the day given with it for the same
event (half of a six-hour part): "early Thursday, at about 7:45 a.m." is 07:45, while
"Thursday morning, at 16:00" contradicts itself and is an error."""

WEEKDAYS: Final[tuple[str, ...]] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_MONTH_WORDS: Final = (
    "january february march april may june july august september october november december"
)
MONTHS: Final[dict[str, int]] = {
    name: number
    for number, full in enumerate(
        _MONTH_WORDS.split(),
        start=1,
    )
    for name in (full, full[:3], *(("sept",) if full == "september" else ()))
}

_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATES: Final = (
    LazyPattern(r"(?P<year>\d{4})-(?P<mm>\d{2})-(?P<dd>\d{2})"),
    LazyPattern(rf"(?P<day>\d{{1,2}}){_ORDINAL} (?:of )?{_MONTH}(?:,? (?P<year>\d{{4}}))?"),
    LazyPattern(rf"{_MONTH} (?P<day>\d{{1,2}}){_ORDINAL}(?:,? (?P<year>\d{{4}}))?"),
    LazyPattern(r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"),
)
_NAMED_WEEKDAY = LazyPattern(rf"(?:(?P<mod>last|this|next) )?{_WEEKDAY}")
_ANCHOR_START = LazyPattern(r"^(?:the )?(?:start|beginning|outbreak) of ")
_ANCHOR_BEGAN = LazyPattern(r" (?:began|begun|started|broke out|was launched)$")
_INVADED = LazyPattern(r"(?:\w+ )?invaded")
# Every pattern of this module runs in linear time (see the regex audit in the tests):
# a lazy group is followed by fixed words, never by another quantifier over its
# characters, and "\D*\d" below finds the first digit without backtracking.
_WEEKDAY_THEN_DATE = LazyPattern(rf"{_WEEKDAY}[.,]? (?:the )?(?P<date>\D*\d.*)")


class _Context(NamedTuple):
    text: str
    now_start: pendulum.DateTime  # the earliest the report can have been written
    now_end: pendulum.DateTime  # the latest (equal to now_start for an instant)
    today: dt.date
    tz: str
    anchors: Mapping[str, Anchor]
    day_first: bool | None

    def fail(self, reason: str) -> TimeExpressionError:
        return TimeExpressionError(self.text, reason)

    def hours(self, day: dt.date, start: int, end: int) -> TimeSpan:
        """Local hours ``[start, end)`` of ``day``; hours past 24 run into the next day.

        Each bound is the first instant at or after that wall time (see ``day_start``).
        """
        return TimeSpan.between(
            _at_hour(day, start, self.tz),
            _at_hour(day, end, self.tz),
            precision=TimePrecision.PART_OF_DAY,
        )


def _at_hour(day: dt.date, hour: int, tz: str) -> pendulum.DateTime:
    """The first instant of local ``hour`` after the start of ``day`` (DST-safe)."""
    return day_start(day + dt.timedelta(days=hour // 24), tz, hour % 24)


# -- days ---------------------------------------------------------------------------------


def _weekday_day(ctx: _Context, modifier: str | None, weekday: str) -> dt.date:
    """Which date a weekday name means, relative to the reference date."""
    target = WEEKDAYS.index(weekday)
    back = (ctx.today.weekday() - target) % 7
    match modifier:
        case None | "on":
            return ctx.today - dt.timedelta(days=back)
        case "last":
            return ctx.today - dt.timedelta(days=back or 7)
        case "next":
            return ctx.today + dt.timedelta(days=(target - ctx.today.weekday()) % 7 or 7)
        case _:  # "this": the day of the reference's Monday-to-Sunday week
            monday = ctx.today - dt.timedelta(days=ctx.today.weekday())
            return monday + dt.timedelta(days=target)


def _calendar_date(ctx: _Context, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ctx.fail(f"there is no such date ({exc})") from exc


def _without_year(ctx: _Context, month: int, day: int, weekday: str | None) -> dt.date:
    """Day and month without a year: the one within half a year of the reference.

    A weekday given beside it must match that date; it never moves the date to
    another year.
    """
    candidates = []
    for year in (ctx.today.year - 1, ctx.today.year, ctx.today.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if abs((candidate - ctx.today).days) <= _HALF_YEAR:
            candidates.append(candidate)
    if not candidates:
        raise ctx.fail(f"there is no day {day} of month {month} within half a year")
    found = min(candidates, key=lambda d: abs((d - ctx.today).days))
    if weekday is not None and WEEKDAYS[found.weekday()] != weekday:
        raise ctx.fail(f"{found.isoformat()} is a {found:%A}, not a {weekday.title()}")
    return found


_HALF_YEAR: Final = 183


def _numeric(ctx: _Context, match: re.Match[str], weekday: str | None) -> dt.date:
    """A numeric date like 01.04.2023: never guessed."""
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    readings: dict[str, dt.date] = {}
    for name, (day, month) in (("day-first", (a, b)), ("month-first", (b, a))):
        try:
            readings[name] = dt.date(year, month, day)
        except ValueError:
            continue
    if ctx.day_first is not None:
        chosen = readings.get("day-first" if ctx.day_first else "month-first")
        if chosen is None:
            order = "day-first" if ctx.day_first else "month-first"
            raise ctx.fail(f"read {order}, {match[0]} is not a date")
        readings = {"chosen": chosen}
    if not readings:
        raise ctx.fail(f"{match[0]} is not a date either way round")
    dates = sorted(set(readings.values()), key=lambda d: d != readings.get("day-first"))
    if weekday is not None:
        matching = [d for d in dates if WEEKDAYS[d.weekday()] == weekday]
        if not matching:
            listed = " or ".join(f"{d:%A} {d.isoformat()}" for d in dates)
            raise ctx.fail(f"{weekday.title()} matches no reading of it ({listed})")
        dates = matching
    if len(dates) > 1:
        raise AmbiguousDateError(ctx.text, dates)
    return dates[0]


def _absolute(ctx: _Context, phrase: str, weekday: str | None) -> dt.date | None:
    for pattern in _DATES:
        match = pattern.fullmatch(phrase)
        if match is None:
            continue
        if "a" in pattern.groupindex:
            return _numeric(ctx, match, weekday)
        if "mm" in pattern.groupindex:
            found = _calendar_date(ctx, int(match["year"]), int(match["mm"]), int(match["dd"]))
        elif match["year"] is None:
            return _without_year(ctx, MONTHS[match["month"]], int(match["day"]), weekday)
        else:
            month = MONTHS[match["month"]]
            found = _calendar_date(ctx, int(match["year"]), month, int(match["day"]))
        if weekday is not None and WEEKDAYS[found.weekday()] != weekday:
            raise ctx.fail(f"{found.isoformat()} is a {found:%A}, not a {weekday.title()}")
        return found
    return None


def _day(ctx: _Context, phrase: str) -> dt.date | None:
    """The date a day phrase names, or ``None`` if it names no day."""
    phrase = phrase.removeprefix("on ").strip(" ,.")
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if phrase in relative:
        return ctx.today + dt.timedelta(days=relative[phrase])
    if match := _NAMED_WEEKDAY.fullmatch(phrase):
        return _weekday_day(ctx, match["mod"], match["weekday"])
    if match := _WEEKDAY_THEN_DATE.fullmatch(phrase):
        return _absolute(ctx, match["date"], match["weekday"])
    return _absolute(ctx, phrase, None)


# -- rules -----------------------------------------------------------------------------


Rule = Callable[[_Context, re.Match[str]], TimeSpan | None]


def _count(ctx: _Context, words: str) -> int:
    if words in {"a", "an"}:
        return 1
    try:
        quantity = parse_quantity(words)
    except FigureParseError as exc:
        raise ctx.fail(f"{words!r} is not a count") from exc
    if quantity.value is None or not quantity.is_exact:
        raise ctx.fail(f"{words!r} is not an exact count")
    return quantity.value


def _ago(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    """Read "N units ago": "three days ago" is that day, "a week ago" about that day."""
    n, unit = _count(ctx, m["n"]), m["unit"]
    today = pendulum.date(ctx.today.year, ctx.today.month, ctx.today.day)
    match unit:
        case "day":
            day = today.subtract(days=n)
        case "week":
            day = today.subtract(weeks=n)
        case "month":
            day = today.subtract(months=n)
        case _:
            day = today.subtract(years=n)
    return TimeSpan.day(day, tz=ctx.tz, approximate=unit != "day")


def _year(ctx: _Context, year: int, *, approximate: bool = False) -> TimeSpan:
    return TimeSpan.year(year, tz=ctx.tz, approximate=approximate)


def _week(ctx: _Context, offset: int) -> TimeSpan:
    monday = ctx.today - dt.timedelta(days=ctx.today.weekday() - 7 * offset)
    return TimeSpan.week(monday, tz=ctx.tz)


def _calendar_unit(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    offset = {"last": -1, "this": 0, "next": 1}[m["mod"]]
    if m["unit"] == "week":
        return _week(ctx, offset)
    if m["unit"] == "year":
        return _year(ctx, ctx.today.year + offset)
    first = pendulum.date(ctx.today.year, ctx.today.month, 1).add(months=offset)
    return TimeSpan.month(first.year, first.month, tz=ctx.tz)


def _earlier_this(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    unit = _calendar_unit(ctx, m)
    if unit.start is None or _micros(unit.start) >= _micros(ctx.now_end):  # fold-proof
        raise ctx.fail(f"the reference is at the very start of this {m['unit']}")
    return TimeSpan.between(unit.start, ctx.now_end)


def _anchor(ctx: _Context, phrase: str) -> TimeSpan:
    """The span of a named anchor, found by its name in ``phrase``."""
    name = phrase.strip()
    name = _ANCHOR_START.sub("", name)
    name = _ANCHOR_BEGAN.sub("", name)
    name = name.removeprefix("the ")
    if _INVADED.fullmatch(name):  # "since Russia invaded"
        name = "invasion"
    anchors = {key.lower(): value for key, value in ctx.anchors.items()}
    if name not in anchors:
        known = ", ".join(sorted(anchors)) or "none were given"
        raise ctx.fail(f"no anchor named {name!r} (anchors: {known})")
    value = anchors[name]  # checked by _checked_anchors
    if isinstance(value, TimeSpan):
        return value
    if isinstance(value, dt.datetime):
        return TimeSpan.instant(value)
    return TimeSpan.day(value, tz=ctx.tz)


def _only_anchor(ctx: _Context) -> str:
    if len(ctx.anchors) != 1:
        known = ", ".join(sorted(ctx.anchors)) or "none were given"
        raise ctx.fail(f"say which anchor it counts from (anchors: {known})")
    return next(iter(ctx.anchors))


def _since(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    anchor = _anchor(ctx, m["anchor"])
    if anchor.start is None:
        raise ctx.fail("the anchor has no known start")
    return TimeSpan.since(anchor.start, approximate=anchor.approximate)


def _before(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    anchor = _anchor(ctx, m["anchor"])
    if anchor.start is None:
        raise ctx.fail("the anchor has no known start")
    return TimeSpan.until(anchor.start, approximate=anchor.approximate)


def _first(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    anchor = _anchor(ctx, m["anchor"] or _only_anchor(ctx))
    if anchor.start is None:
        raise ctx.fail("the anchor has no known start")
    n = _count(ctx, m["n"] or "one")
    days = n * (7 if m["unit"].startswith("week") else 1)
    start = anchor.start.in_timezone(zone(ctx.tz))
    end = _days_after(ctx, start, days)
    return TimeSpan.between(start, end, approximate=anchor.approximate)


def _days_after(ctx: _Context, moment: pendulum.DateTime, days: int) -> pendulum.DateTime:
    """``moment`` moved by ``days`` local days in the report's zone.

    A day's first instant goes to the first instant of the day ``days`` later (see
    ``day_start``); any other instant to the same wall time.
    """
    local = moment.in_timezone(zone(ctx.tz))
    first = local.date()
    if _micros(local) == _micros(day_start(first, ctx.tz)):  # whole days: day starts
        return day_start(first + dt.timedelta(days=days), ctx.tz)
    return local.add(days=days)


def _ends_its(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    anchor = _anchor(ctx, m["anchor"])
    if anchor.start is None:
        raise ctx.fail("the anchor has no known start")
    n = _ORDINALS[m["nth"]]
    days = n * (7 if m["unit"] == "week" else 1)
    day = anchor.start.in_timezone(zone(ctx.tz)).date() + dt.timedelta(days=days)
    return TimeSpan.day(day, tz=ctx.tz, approximate=True)


_ORDINALS: Final = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def _part(ctx: _Context, day_phrase: str, part: str | tuple[int, int]) -> TimeSpan | None:
    day = _day(ctx, day_phrase)
    if day is None:
        return None
    start, end = PARTS_OF_DAY[part] if isinstance(part, str) else part
    return ctx.hours(day, start, end)


def _whole_day(ctx: _Context, m: re.Match[str]) -> TimeSpan | None:
    day = _day(ctx, m["day"])
    return None if day is None else TimeSpan.day(day, tz=ctx.tz)


def _month(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    month = MONTHS[m["month"]]
    if m["year"] is not None:
        return TimeSpan.month(int(m["year"]), month, tz=ctx.tz)
    year = ctx.today.year if month <= ctx.today.month else ctx.today.year - 1
    return TimeSpan.month(year, month, tz=ctx.tz)


def _quarter(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    """A calendar quarter; without a year, the latest one that starts by the dateline."""
    quarter = int(m["q"]) if m["q"] else _ORDINALS[m["nth"]]
    month = 3 * quarter - 2
    if m["year"] is not None:
        year = int(m["year"])
    else:
        year = ctx.today.year if month <= ctx.today.month else ctx.today.year - 1
    first, last = TimeSpan.month(year, month, tz=ctx.tz), TimeSpan.month(year, month + 2, tz=ctx.tz)
    assert first.start is not None  # noqa: S101 - a month is bounded
    assert last.end is not None  # noqa: S101
    return TimeSpan.between(first.start, last.end)


_UNITS: Final = {
    "minute": (dt.timedelta(minutes=1), 60),
    "hour": (dt.timedelta(hours=1), 24),
    "day": (dt.timedelta(days=1), 7),
}
"""Each unit of "N units later" and how many of it make the next unit."""


def _later(ctx: _Context, m: re.Match[str]) -> TimeSpan:
    """Read "N hours later" / "several minutes after the strike": counted from an anchor.

    The span runs from the anchor's start plus the fewest units to its end plus the
    most: "two hours later" is the anchor moved by two hours, "several hours later" 3 to
    9 hours after it (the vague amounts of "Reading reports"), bare "hours later" at
    least two and fewer than 24, all approximate but an exact count. Minutes and hours
    are elapsed time; days are local days ("two days later" of a day is that day).
    """
    anchor = _anchor(ctx, m["anchor"] or _only_anchor(ctx))
    if anchor.start is None or anchor.end is None:
        raise ctx.fail("the anchor has no known start and end to count from")
    unit, next_unit = _UNITS[m["unit"]]
    if m["n"] is None:
        if not m["plural"]:
            raise ctx.fail(f"say how many {m['unit']}s")
        low, high, exact = 2, next_unit, False
    else:
        low, high, exact = _counted(ctx, m["n"])
    if m["unit"] == "day":  # local days: the same wall time, or day start to day start
        start, end = _days_after(ctx, anchor.start, low), _days_after(ctx, anchor.end, high)
    else:  # elapsed time
        start, end = anchor.start + low * unit, anchor.end + high * unit
    approximate = anchor.approximate or not exact
    if _micros(start) == _micros(end):
        return TimeSpan.instant(start, approximate=approximate)
    return TimeSpan.between(start, end, approximate=approximate)


def _counted(ctx: _Context, words: str) -> tuple[int, int, bool]:
    """The fewest and most units ``words`` count, and whether the count is exact."""
    if words in {"a", "an"}:
        return 1, 1, True
    try:
        quantity = parse_quantity(words)
    except FigureParseError as exc:
        raise ctx.fail(f"{words!r} is not a count") from exc
    if quantity.is_exact and quantity.value is not None:
        return quantity.value, quantity.value, True
    low, high = quantity.low, quantity.high
    if quantity.qualifier in {Qualifier.ABOUT, Qualifier.BETWEEN} and None not in (low, high):
        return low or 0, high or 0, False
    raise ctx.fail(f"{words!r} does not say how many: give a count or a range")


# -- clock times -----------------------------------------------------------------------


def _clock_time(ctx: _Context, m: re.Match[str], day_words: str | None) -> TimeSpan | None:
    """A clock time, on the day its words give or the dateline's.

    With a part of the day for the same event, the clock time is read on the one date
    that puts it within the part's reach (``CLOCK_REACH``); none is an error.
    """
    clock = _clock.read(ctx.text, m)
    if clock is None:
        return None
    if day_words is None:
        moments = _clock.instants(ctx.text, clock, ctx.today, ctx.tz)
    else:
        span = _day_words(ctx, day_words)
        if span is None:
            return None
        moments = _on(ctx, clock, span, day_words)
    if m["also"] is not None:
        moments = _clock.confirmed(ctx.text, moments, m["also"], ctx.tz)
    low, high = clock.minutes
    spans = [
        TimeSpan.between(
            t + dt.timedelta(minutes=low),  # pendulum adds in absolute time: fold-safe
            t + dt.timedelta(minutes=high),
            approximate=clock.hedge is not None,
        )
        for t in moments
    ]
    return spans[0] if len(spans) == 1 else spans[0].hull(spans[-1])


def _day_words(ctx: _Context, words: str) -> TimeSpan | None:
    """The day or part of a day that ``words`` name, or ``None`` if they name none."""
    phrase = words.strip(" ,")
    for pattern, rule in _RULES:
        match = pattern.fullmatch(phrase)
        if match is not None and (span := rule(ctx, match)) is not None:
            break
    else:
        return None
    if span.approximate or span.precision not in {TimePrecision.DAY, TimePrecision.PART_OF_DAY}:
        raise ctx.fail(
            f"a clock time goes with one day or part of a day, and {words!r} is"
            f" {'about ' if span.approximate else ''}a {span.precision.value} span"
        )
    return span


def _on(
    ctx: _Context, clock: _clock.Clock, span: TimeSpan, words: str
) -> tuple[pendulum.DateTime, ...]:
    """The instants of ``clock`` on the day ``span`` names, or within its reach."""
    assert span.start is not None  # noqa: S101 - a day or a part of one is bounded
    assert span.end is not None  # noqa: S101
    local = zone(ctx.tz)
    if span.precision is TimePrecision.DAY:
        return _clock.instants(ctx.text, clock, span.start.in_timezone(local).date(), ctx.tz)
    where = clock.where or local
    lo, hi = span.start - CLOCK_REACH, span.end + CLOCK_REACH
    first, last = lo.in_timezone(where), hi.in_timezone(where)
    wall_lo, wall_hi = first.replace(tzinfo=None), last.replace(tzinfo=None)
    found: list[pendulum.DateTime] = []
    for offset in range((last.date() - first.date()).days + 2):
        day = first.date() + dt.timedelta(days=offset - 1)
        if wall_lo <= clock.wall(day) <= wall_hi:
            found.extend(
                t
                for t in _clock.instants(ctx.text, clock, day, ctx.tz)
                if _micros(lo) <= _micros(t) < _micros(hi)
            )
    if not found:
        local_hours = f"{span.start.in_timezone(local):%H:%M}-{span.end.in_timezone(local):%H:%M}"
        raise ctx.fail(
            f"the clock time is not within {words!r} ({local_hours} {ctx.tz}) nor three hours"
            " of it: the two contradict each other (two events? resolve them apart)"
        )
    return tuple(found)


_ANCHOR = r"(?P<anchor>.+)"
_DAWN = "(?:dawn|daybreak|first light)"
_RULES: Final[tuple[tuple[LazyPattern, Rule], ...]] = tuple(
    (LazyPattern(pattern), rule)
    for pattern, rule in (
        # open-ended words
        (
            r"previously|earlier|before|before now|in the past|until now|up to now",
            lambda ctx, _: TimeSpan.until(ctx.now_end),
        ),
        (r"so far|to date|thus far|as yet", lambda ctx, _: TimeSpan.until(ctx.now_end)),
        (r"later|afterwards|subsequently", lambda ctx, _: TimeSpan.since(ctx.now_start)),
        (r"now|currently|at present", lambda ctx, _: _now(ctx)),
        # counted back
        (r"(?P<n>.+?) (?P<unit>day|week|month|year)s? ago", _ago),
        (r"(?P<mod>last|this|next) (?P<unit>week|month|year)", _calendar_unit),
        (r"earlier (?P<mod>this) (?P<unit>week|month|year)", _earlier_this),
        # parts of today and yesterday
        (r"tonight", lambda ctx, _: _part(ctx, "today", "night")),
        (r"last night|overnight", lambda ctx, _: _part(ctx, "yesterday", "night")),
        (
            r"this (?P<part>morning|afternoon|evening)",
            lambda ctx, m: _part(ctx, "today", m["part"]),
        ),
        # counted from an anchor
        (
            (
                r"(?:(?P<n>.+?) )?(?P<unit>minute|hour|day)(?P<plural>s)?"
                r" (?:later|after (?P<anchor>.+))"
            ),
            _later,
        ),
        # named anchors
        (rf"(?:ever )?since {_ANCHOR}", _since),
        (rf"before {_ANCHOR}", _before),
        (
            (
                rf"(?:in|during|over) the first (?:(?P<n>[\w-]+) )?(?P<unit>days?|weeks?)"
                rf"(?: (?:of|since) {_ANCHOR})?"
            ),
            _first,
        ),
        (
            (
                r"as (?:the )?(?P<anchor>.+?) (?:ends|enters|completes|marks) its"
                r" (?P<nth>first|second|third|fourth|fifth|sixth) (?P<unit>week|day)"
            ),
            _ends_its,
        ),
        # quarters and months
        (
            (
                r"(?:in )?(?:the )?(?:q(?P<q>[1-4])|(?P<nth>first|second|third|fourth) quarter)"
                r"(?:,? (?:of )?(?P<year>\d{4}))?"
            ),
            _quarter,
        ),
        (rf"(?:in )?{_MONTH}(?: (?P<year>\d{{4}}))?", _month),
        (r"(?:in )?(?P<year>\d{4})", lambda ctx, m: _year(ctx, int(m["year"]))),
        # dawn, of the dateline's day or a named one
        (rf"(?:at )?{_DAWN}", lambda ctx, _: _part(ctx, "today", DAWN)),
        (rf"(?:at )?{_DAWN},? (?:on )?(?P<day>.+)", lambda ctx, m: _part(ctx, m["day"], DAWN)),
        (rf"(?P<day>.+?),? at {_DAWN}", lambda ctx, m: _part(ctx, m["day"], DAWN)),
        # parts of a named day
        (
            r"(?:on )?(?P<part>early|late) (?:on )?(?P<day>.+)",
            lambda ctx, m: _part(ctx, m["day"], m["part"]),
        ),
        (
            r"(?:on )?(?P<day>.+?),? (?:in the )?(?P<part>morning|afternoon|evening|night)",
            lambda ctx, m: _part(ctx, m["day"], m["part"]),
        ),
        # a whole day
        (r"(?P<day>.+)", _whole_day),
    )
)


_CLOCK_RULES: Final[tuple[tuple[LazyPattern, Rule], ...]] = tuple(
    (LazyPattern(pattern), rule)
    for pattern, rule in (
        (_clock.CLOCK, lambda ctx, m: _clock_time(ctx, m, None)),
        (rf"{_clock.CLOCK},? (?:on )?(?P<day>.+)", lambda ctx, m: _clock_time(ctx, m, m["day"])),
        (rf"(?P<day>.+?),? {_clock.CLOCK}", lambda ctx, m: _clock_time(ctx, m, m["day"])),
    )
)
"""Clock times, alone or with the day words of the same event; tried before ``_RULES``,
which read those day words."""


def _now(ctx: _Context) -> TimeSpan:
    if ctx.now_start == ctx.now_end:
        return TimeSpan.instant(ctx.now_start)
    return TimeSpan.between(ctx.now_start, ctx.now_end, precision=TimePrecision.DAY)


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split()).strip(" .,;:")


def _context(
    text: str,
    reference: dt.datetime | dt.date,
    tz: str,
    anchors: Mapping[str, Anchor] | None,
    day_first: bool | None,
) -> _Context:
    if not isinstance(text, str):
        raise TimeExpressionError(repr(text), f"expected a string, got {type(text).__name__}")
    if len(text) > MAX_TIME_LENGTH:
        raise TimeExpressionError(
            text,
            f"a time expression is at most {MAX_TIME_LENGTH} characters, this is {len(text):,}",
        )
    check_zone(tz, text)
    anchors = _checked_anchors(text, anchors)
    if day_first is not None and not isinstance(day_first, bool):
        raise TimeExpressionError(
            text, f"the argument day_first must be True, False or None, not {day_first!r}"
        )
    if isinstance(reference, dt.datetime):
        if reference.tzinfo is None or reference.utcoffset() is None:
            raise TimeExpressionError(
                text,
                f"the reference {reference.isoformat()} is a naive datetime; pass an aware one",
            )
        now = as_instant(reference).in_timezone(zone(tz))
        return _Context(text, now, now, now.date(), tz, anchors, day_first)
    if not isinstance(reference, dt.date):
        raise TimeExpressionError(
            text, f"the reference must be a datetime or a date, not {type(reference).__name__}"
        )
    day = TimeSpan.day(reference, tz=tz)
    assert day.start is not None  # noqa: S101 - a day span is bounded
    assert day.end is not None  # noqa: S101
    return _Context(text, day.start, day.end, reference, tz, anchors, day_first)


def _checked_anchors(text: str, anchors: object) -> Mapping[str, Anchor]:
    """``anchors`` if it maps names to days, aware instants or spans; else the error."""
    if anchors is None:
        return {}
    if not isinstance(anchors, Mapping):
        raise TimeExpressionError(
            text, f"the argument anchors must be a mapping of names, not {type(anchors).__name__}"
        )
    for name, value in anchors.items():
        if not isinstance(name, str):
            raise TimeExpressionError(
                text,
                f"the argument anchors has the key {name!r} ({type(name).__name__}); anchors"
                " are named by strings",
            )
        if isinstance(value, dt.datetime) and (value.tzinfo is None or value.utcoffset() is None):
            raise TimeExpressionError(
                text, f"the argument anchors[{name!r}] is a naive datetime; pass an aware one"
            )
        if not isinstance(value, dt.date | TimeSpan):
            raise TimeExpressionError(
                text,
                f"the argument anchors[{name!r}] is a {type(value).__name__}, not a date, an"
                " aware datetime or a TimeSpan",
            )
    return anchors


def resolve_time(
    text: str,
    *,
    reference: dt.datetime | dt.date,
    tz: str,
    anchors: Mapping[str, Anchor] | None = None,
    day_first: bool | None = None,
) -> TimeSpan:
    """The fuzzy span a time expression of a report denotes.

    The words are grounded against ``reference`` (usually the report's dateline) in
    the report's time zone ``tz``, by the rules of the docs page "Reading reports":
    weekdays ("Wednesday", "on Monday", "last Friday", "next Tuesday"), parts of a day
    ("early Thursday", "late Wednesday", "Thursday morning", "Monday night"), relative
    days and weeks ("yesterday", "a week ago", "three days ago", "last week", "earlier
    this week"), open-ended words ("previously", "earlier", "so far", "later"), named
    anchors ("since the invasion began", "in the first six days", "as the war ends its
    first week"), months and years, and dates as news writes them ("2 March 2022",
    "March 2, 2022", "2022-03-02", "Wednesday, March 2", "Saturday. 01.04.2023").

    A weekday in a report dated that weekday is that same day. Local hours become
    instants in ``tz``, so a day across a DST change lasts 23 or 25 hours.

    Args:
        text: The time expression alone, e.g. ``"late Wednesday"``.
        reference: When the report was written: an aware datetime (that instant), or a
            date (some time that day in ``tz``: "previously" then ends at the end of
            the day, "later" starts at its beginning). Naive datetimes are rejected.
        tz: The report's IANA time zone, e.g. ``"Europe/Kyiv"``.
        anchors: Named moments the text may refer to, e.g.
            ``{"invasion": date(2022, 2, 24), "war": date(2022, 2, 24)}``: a date is
            that whole day in ``tz``, a datetime an instant, a span itself.
        day_first: How to read numeric dates like ``01.04.2023``: ``True`` for
            day-first, ``False`` for month-first, ``None`` to accept only dates that
            one reading (or a weekday beside them) settles.

    Returns:
        The span the words denote.

    Raises:
        AmbiguousDateError: A numeric date has two readings and nothing settles it; the
            message lists both.
        TimeExpressionError: The text is not understood, names an impossible date or a
            weekday that does not match the date, or the reference is naive. The message
            quotes the text.
    """
    try:
        return _resolve(text, _context(text, reference, tz, anchors, day_first))
    except TimeExpressionError:
        raise
    except InvariantError as exc:
        raise TimeExpressionError(text, exc.reason) from exc
    except (OverflowError, ValueError) as exc:  # calendar arithmetic past year 1 or 9999
        raise TimeExpressionError(text, f"it is out of the range of dates ({exc})") from exc


def _resolve(text: str, ctx: _Context) -> TimeSpan:
    phrase = _normalise(text)
    if not phrase:
        raise ctx.fail("it is empty")
    for pattern, rule in (*_CLOCK_RULES, *_RULES):
        match = pattern.fullmatch(phrase)
        if match is not None and (span := rule(ctx, match)) is not None:
            return span
    raise ctx.fail("not a time expression conflictevents knows (see 'Reading reports')")
