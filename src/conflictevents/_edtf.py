"""EDTF (ISO 8601-2, Library of Congress levels 0 and 1) in and out for :class:`TimeSpan`.

EDTF dates have no time zone and their intervals include both end days; a
:class:`TimeSpan` is a half-open range of aware instants. The two meet through a time
zone: writing uses the zone of the span's own bounds, reading takes ``tz``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, NamedTuple

import pendulum

from ._time import (
    TimePrecision,
    TimeSpan,
    _micros,
    as_instant,
    check_zone,
    day_start,
    first_of_month_after,
    zone,
)
from .exceptions import InvariantError, TimeExpressionError

__all__ = ["span_from_edtf", "span_to_edtf"]

_DAY: Final = dt.timedelta(days=1)
_MICROSECOND: Final = dt.timedelta(microseconds=1)
_OPEN: Final = ".."
_SEASONS: Final[dict[int, tuple[int, int]]] = {21: (3, 3), 22: (6, 3), 23: (9, 3), 24: (12, 3)}
"""EDTF season codes: (first month, number of months); northern-hemisphere meteorological
seasons, winter running from December into February of the next year."""

_POINT = re.compile(
    r"(?P<year>\d{4}|\d{3}X|\d{2}XX)"
    r"(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?"
    r"(?P<qualifier>[~?%])?"
)
_DATETIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})"
    r"(?P<offset>Z|[+-]\d{2}(?::\d{2})?)?"
)


# -- writing -----------------------------------------------------------------------------


def _starts_its_day(
    moment: pendulum.DateTime, where: pendulum.Timezone | pendulum.FixedTimezone
) -> bool:
    """Whether ``moment`` is the first instant of its date (see ``day_start``)."""
    return _micros(moment) == _micros(day_start(moment.date(), where))  # fold-proof


def _whole_instant(moment: pendulum.DateTime) -> str | None:
    """``2022-03-02T10:00:00+02:00``, or ``None`` if EDTF cannot write it exactly."""
    offset = moment.utcoffset()
    if moment.microsecond or offset is None or offset % dt.timedelta(minutes=1):
        return None
    if not offset:
        return f"{moment:%Y-%m-%dT%H:%M:%S}Z"
    return moment.isoformat(timespec="seconds")


def _calendar_unit(
    start: pendulum.DateTime, end: pendulum.DateTime, precision: TimePrecision
) -> str | None:
    """``2022``, ``2022-03`` or ``2022-03-02`` when the span is exactly that unit.

    Both bounds are day starts (checked by the caller), so their dates tell the unit.
    """
    first, after = start.date(), end.date()
    if precision is TimePrecision.YEAR and (first.month, first.day) == (1, 1):
        if (after.year, after.month, after.day) == (first.year + 1, 1, 1):
            return f"{first.year:04d}"
    elif precision is TimePrecision.MONTH and first.day == 1:
        if after == first_of_month_after(first, 1):
            return f"{first.year:04d}-{first.month:02d}"
    elif precision is TimePrecision.DAY and after == first + _DAY:
        return first.isoformat()
    return None


def _first_day(start: pendulum.DateTime) -> str:
    return start.date().isoformat()


def _last_day(end: pendulum.DateTime) -> str:
    """The last day an exclusive ``end`` still covers."""
    return (end - _MICROSECOND).date().isoformat()


def span_to_edtf(span: TimeSpan) -> str:
    """Write ``span`` as EDTF; see :meth:`TimeSpan.to_edtf`."""
    mark = "~" if span.approximate else ""
    known = span.start if span.start is not None else span.end
    if known is None:
        return f"{_OPEN}/{_OPEN}"
    zone = known.tz or pendulum.UTC
    start = None if span.start is None else span.start.in_timezone(zone)
    end = None if span.end is None else span.end.in_timezone(zone)
    if start is None or end is None:
        lo = _OPEN if start is None else _first_day(start) + mark
        hi = _OPEN if end is None else _last_day(end) + mark
        return f"{lo}/{hi}"
    if span.precision is TimePrecision.INSTANT:
        written = None if span.approximate else _whole_instant(start)
        return written if written is not None else f"{_first_day(start)}{mark}"
    if _starts_its_day(start, zone) and _starts_its_day(end, zone):
        unit = _calendar_unit(start, end, span.precision)
        if unit is not None:
            return unit + mark
    first, last = _first_day(start), _last_day(end)
    if first == last and span.precision is not TimePrecision.INTERVAL:
        return first + mark
    return f"{first}{mark}/{last}{mark}"


# -- reading -------------------------------------------------------------------------------


class _Point(NamedTuple):
    start: pendulum.DateTime
    end: pendulum.DateTime
    precision: TimePrecision
    approximate: bool


def _fail(text: str, reason: str) -> TimeExpressionError:
    return TimeExpressionError(text, f"not EDTF levels 0-1 that conflictevents reads: {reason}")


def _date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _fail(text, f"there is no such date ({exc})") from exc


def _days(
    first: dt.date, after: dt.date, precision: TimePrecision, approximate: bool, tz: str
) -> _Point:
    """The days ``first`` to ``after`` (excluded): from day start to day start in ``tz``."""
    return _Point(day_start(first, tz), day_start(after, tz), precision, approximate)


def _instant(text: str, match: re.Match[str], tz: str) -> _Point:
    offset = match["offset"]
    stamp = f"{match['date']}T{match['time']}"
    try:
        if offset is None:  # local wall time, read as Python reads it: fold=0 (the
            # first of a repeated hour; a skipped one with the offset before the jump)
            wall = dt.datetime.fromisoformat(stamp).replace(tzinfo=zone(tz))
            parsed: object = as_instant(wall)
        else:
            parsed = pendulum.parse(stamp + offset.replace("Z", "+00:00"), strict=True)
    except ValueError as exc:
        raise _fail(text, f"{stamp!r} is not a date and time ({exc})") from exc
    assert isinstance(parsed, pendulum.DateTime)  # noqa: S101 - the regex admits only these
    return _Point(parsed, parsed, TimePrecision.INSTANT, approximate=False)


def _point(text: str, part: str, tz: str) -> _Point:
    if match := _DATETIME.fullmatch(part):
        return _instant(text, match, tz)
    match = _POINT.fullmatch(part)
    if match is None:
        raise _fail(text, f"{part!r} is not a date")
    approximate = match["qualifier"] is not None
    year, month, day = match["year"], match["month"], match["day"]
    if "X" in year:
        if month is not None:
            raise _fail(text, "a year with unspecified digits takes no month")
        width = 10 ** year.count("X")
        first = int(year.replace("X", "0"))
        return _days(
            _date(text, first, 1, 1),
            _date(text, first + width, 1, 1),
            TimePrecision.INTERVAL,
            approximate,
            tz,
        )
    jan1 = _date(text, int(year), 1, 1)
    if month is None or month == "XX":
        if day not in {None, "XX"}:
            raise _fail(text, "a day needs a month")
        return _days(jan1, first_of_month_after(jan1, 12), TimePrecision.YEAR, approximate, tz)
    if int(month) in _SEASONS:
        if day is not None:
            raise _fail(text, "a season takes no day")
        first_month, months = _SEASONS[int(month)]
        first_day = _date(text, int(year), first_month, 1)
        after = first_of_month_after(first_day, months)
        return _days(first_day, after, TimePrecision.INTERVAL, approximate, tz)
    first_day = _date(text, int(year), int(month), 1)
    if day is None or day == "XX":
        return _days(
            first_day, first_of_month_after(first_day, 1), TimePrecision.MONTH, approximate, tz
        )
    the_day = _date(text, int(year), int(month), int(day))
    return _days(the_day, the_day + _DAY, TimePrecision.DAY, approximate, tz)


def span_from_edtf(text: str, *, tz: str) -> TimeSpan:
    """Read an EDTF string; see :meth:`TimeSpan.from_edtf`."""
    if not isinstance(text, str):
        raise _fail(repr(text), f"expected a string, got {type(text).__name__}")
    check_zone(tz, text)
    stripped = text.strip()
    try:
        if "/" not in stripped:
            point = _point(text, stripped, tz)
            return TimeSpan(
                start=point.start,
                end=point.end,
                precision=point.precision,
                approximate=point.approximate,
            )
        first, last = stripped.split("/", 1)
        lo = None if first in {"", _OPEN} else _point(text, first, tz)
        hi = None if last in {"", _OPEN} else _point(text, last, tz)
        approximate = any(p is not None and p.approximate for p in (lo, hi))
        start = None if lo is None else lo.start
        end = None
        if hi is not None:  # an instant at the end is included: EDTF intervals are closed
            end = hi.end + _MICROSECOND if hi.precision is TimePrecision.INSTANT else hi.end
        bounded = start is not None and end is not None
        precision = TimePrecision.INTERVAL if bounded else TimePrecision.OPEN
        return TimeSpan(start=start, end=end, precision=precision, approximate=approximate)
    except TimeExpressionError:
        raise
    except InvariantError as exc:
        raise _fail(text, exc.reason) from exc
    except (OverflowError, ValueError) as exc:  # past year 9999
        raise _fail(text, f"it is out of the range of dates ({exc})") from exc
