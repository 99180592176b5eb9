"""Fuzzy time: :class:`TimeSpan` and its :class:`TimePrecision`."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import zoneinfo
from typing import TYPE_CHECKING, Final

import attrs

from . import _validators as v
from ._lazy import lazy_module
from ._reprs import attrs_repr
from .exceptions import InvariantError, TimeExpressionError

if TYPE_CHECKING:
    import pendulum
else:  # pendulum (and dateutil under it) loads with the first datetime a span holds
    pendulum = lazy_module("pendulum", globals())

__all__ = ["Order", "TimePrecision", "TimeSpan"]


class TimePrecision(enum.StrEnum):
    """How precisely a :class:`TimeSpan` is known: what its width means.

    The precision is kept apart from the bounds because the same bounds can come from
    different words: a span from 00:00 to 24:00 is "on Wednesday" (``day``), while
    06:00 to 12:00 is "Thursday morning" (``part_of_day``).
    """

    INSTANT = "instant"
    """A single moment: ``start == end``."""
    PART_OF_DAY = "part_of_day"
    """Part of one day: "early Thursday", "late Wednesday", "Thursday morning"."""
    DAY = "day"
    """One calendar day in the report's time zone."""
    WEEK = "week"
    """One week: "last week", "earlier this week"."""
    MONTH = "month"
    """One calendar month: "in March"."""
    YEAR = "year"
    """One calendar year."""
    INTERVAL = "interval"
    """A range with both ends known: "2-3 March", "since the invasion began" (until the
    statement)."""
    OPEN = "open"
    """At least one end is unknown: "previously", "since the war began" (no end given)."""


class Order(enum.StrEnum):
    """How two fuzzy times are ordered, as :meth:`TimeSpan.compare` decides it.

    A span says *when something may have happened*, somewhere inside it. Two spans are
    ordered only when every instant of one lies before every instant of the other.
    """

    BEFORE = "before"
    """Every instant of the first span is before every instant of the second."""
    AFTER = "after"
    """Every instant of the first span is after every instant of the second."""
    SIMULTANEOUS = "simultaneous"
    """Both are the same single instant (so neither can be before the other)."""
    UNDECIDED = "undecided"
    """The spans overlap or touch in a way that allows either order: the text does not
    say which came first."""


# How vague a precision label is, used only to break ties between spans that cover the
# same instants (see TimeSpan.contains). INTERVAL is the bottom: it is what hull() and
# intersection() produce when no input already covers the result.
_RANK: Final[dict[TimePrecision, int]] = {
    TimePrecision.INTERVAL: 0,
    TimePrecision.INSTANT: 1,
    TimePrecision.PART_OF_DAY: 2,
    TimePrecision.DAY: 3,
    TimePrecision.WEEK: 4,
    TimePrecision.MONTH: 5,
    TimePrecision.YEAR: 6,
    TimePrecision.OPEN: 7,
}
_UTC_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND: Final = dt.timedelta(microseconds=1)
_DAY: Final = dt.timedelta(days=1)
_EPOCH_DAY: Final = _UTC_EPOCH.toordinal()
_MICROSECONDS_A_DAY: Final = 86_400_000_000
_since: Final = dt.datetime.__sub__  # the C subtraction (pendulum's own returns an Interval)
_before: Final = dt.datetime.__lt__


@functools.lru_cache(maxsize=512)
def zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    """The time zone called ``name``, loaded once (pendulum reads the zone file each time)."""
    return pendulum.timezone(name)


def check_zone(tz: str, text: str) -> None:
    """Raise :class:`TimeExpressionError` (quoting ``text``) unless ``tz`` is an IANA zone."""
    try:
        zone(tz)
    except Exception as exc:  # pendulum raises several kinds for a bad name
        raise TimeExpressionError(text, f"the argument tz: {_not_a_zone(tz)}") from exc


def _not_a_zone(tz: object) -> str:
    return f"{tz!r} is not an IANA time zone name (such as 'Europe/Kyiv')"


def _argument_zone(tz: str) -> None:
    """Raise :class:`InvariantError` naming ``tz`` unless it is an IANA zone."""
    try:
        zone(tz)
    except Exception as exc:  # pendulum raises several kinds for a bad name
        raise InvariantError("TimeSpan", "tz", tz, _not_a_zone(tz)) from exc


def _argument_date(value: object) -> dt.date:
    """The date ``value`` is (a datetime's own date), or :class:`InvariantError` naming it."""
    if not isinstance(value, dt.date):
        raise InvariantError("TimeSpan", "date", value, f"expected a date, got {value!r}")
    return value.date() if isinstance(value, dt.datetime) else value


def day_start(
    day: dt.date, tz: str | pendulum.Timezone | pendulum.FixedTimezone, hour: int = 0
) -> pendulum.DateTime:
    """The first instant of ``day`` in the zone ``tz`` (or of its local ``hour``, 0-23).

    That is local midnight (``hour``:00) where the wall clock shows it; on a day whose
    clocks go back over it, its first occurrence; where the clocks skip it (Havana, Gaza,
    Beirut, Santiago, ... change at midnight), the instant the clocks jump, the first
    whose wall time is later. A day runs from ``day_start(d)`` to ``day_start(d + 1)``.
    """
    where = zone(tz) if isinstance(tz, str) else tz
    wall = dt.datetime(day.year, day.month, day.day, hour)  # noqa: DTZ001 - a wall time
    found = wall_instants(wall, where)
    if found:  # the wall time exists (once, or twice: the first)
        return found[0]
    # The clocks skip it: the first instant whose wall time is later, the jump itself.
    before, after = _offsets(wall, where)
    utc = _jump(wall, where, wall - after, wall - before)
    return pendulum.instance(utc.replace(tzinfo=dt.UTC)).in_timezone(where)


def wall_instants(
    wall: dt.datetime, where: pendulum.Timezone | pendulum.FixedTimezone
) -> tuple[pendulum.DateTime, ...]:
    """The instants at which the clocks of ``where`` show the naive ``wall`` time.

    One instant; two where the clocks go back over it (earlier first); none where they
    skip it.
    """
    before, after = _offsets(wall, where)
    if before < after:  # a gap: Python reads it with the offset from before the jump
        return ()
    moments = (wall - before,) if before == after else (wall - before, wall - after)
    return tuple(pendulum.instance(m.replace(tzinfo=dt.UTC)).in_timezone(where) for m in moments)


def _offsets(wall: dt.datetime, where: dt.tzinfo) -> tuple[dt.timedelta, dt.timedelta]:
    """The UTC offsets of the naive ``wall`` in ``where`` read with ``fold=0`` and ``1``."""
    before = wall.replace(tzinfo=where, fold=0).utcoffset()
    after = wall.replace(tzinfo=where, fold=1).utcoffset()
    assert before is not None  # noqa: S101 - a zone has offsets
    assert after is not None  # noqa: S101
    return before, after


def first_of_month_after(first: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``first``'s month."""
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _jump(
    wall: dt.datetime, where: dt.tzinfo, early: dt.datetime, late: dt.datetime
) -> dt.datetime:
    """The first UTC instant in ``(early, late]`` whose wall time in ``where`` is >= ``wall``.

    Before the jump the wall time is below ``wall``, from it on above: a bisection over
    microseconds (about 33 steps for a one-hour gap) finds it exactly.
    """
    lo, hi = 0, (late - early) // _MICROSECOND  # the jump is in (early + lo, early + hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        moment = (early + mid * _MICROSECOND).replace(tzinfo=dt.UTC).astimezone(where)
        if moment.replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return early + hi * _MICROSECOND


def as_instant(value: dt.datetime) -> pendulum.DateTime:
    """An aware datetime as a :class:`pendulum.DateTime` of the same instant and zone.

    ``pendulum.instance`` moves a wall time that the clocks skip (03:30 in Kyiv on
    27 March 2022, read with the offset before the jump as Python does) an hour early;
    here the instant is the one ``value.utcoffset()`` gives, always.
    """
    moment = pendulum.instance(value)
    if _micros(moment) != _micros(value):
        moment = pendulum.instance(value.astimezone(dt.UTC)).in_timezone(moment.tz or pendulum.UTC)
    return moment


_OFFSETS: dict[tuple[int, int, int, int], tuple[dt.tzinfo, int]] = {}
"""Zone offsets in microseconds by ``(id(zone), wall day, wall second, fold)`` (the zone
is kept in the value, so its id is not reused while its entries live)."""
_MAX_OFFSETS: Final = 100_000
_WALL_SECOND_ZONES: dict[type, bool] = {}


def _offset_by_wall_second(cls: type) -> bool:
    """Whether a zone's offset is a function of the wall time to the second and ``fold``.

    True of the stdlib's fixed offsets and ``zoneinfo`` (pendulum's zones are both
    kinds): their transitions fall on whole seconds. Other ``tzinfo`` classes may do
    anything, and are asked every time.
    """
    known = _WALL_SECOND_ZONES.get(cls)
    if known is None:
        known = _WALL_SECOND_ZONES[cls] = (
            cls is dt.timezone
            or issubclass(cls, zoneinfo.ZoneInfo)
            or (cls.__module__, cls.__qualname__) == ("pendulum.tz.timezone", "FixedTimezone")
        )
    return known


def _micros(moment: dt.datetime) -> int:
    """Microseconds since the Unix epoch: an exact, fold-proof key for an aware instant.

    Comparing two aware datetimes that share a ``tzinfo`` compares wall times and
    ignores ``fold``; going through UTC integers avoids that trap. (Subtracting the UTC
    epoch, a different ``tzinfo``, goes through ``utcoffset()``, which honours ``fold``.)
    The wall time's integer minus its offset is that subtraction; the offset, the costly
    part (pendulum's zones compute it in Python), is memoised per zone, wall second and
    fold for the zones whose offset depends on nothing else.
    """
    zone = moment.tzinfo
    if zone is None or not _offset_by_wall_second(zone.__class__):
        return _since(moment, _UTC_EPOCH) // _MICROSECOND
    day = moment.toordinal()
    second = moment.hour * 3600 + moment.minute * 60 + moment.second
    memo = (id(zone), day, second, moment.fold)
    found = _OFFSETS.get(memo)
    if found is None or found[0] is not zone:
        offset = moment.utcoffset()
        if offset is None:  # not aware: the subtraction raises as it always did
            return _since(moment, _UTC_EPOCH) // _MICROSECOND
        if len(_OFFSETS) >= _MAX_OFFSETS:
            _OFFSETS.clear()
        found = _OFFSETS[memo] = (zone, offset // _MICROSECOND)
    return ((day - _EPOCH_DAY) * 86_400 + second) * 1_000_000 + moment.microsecond - found[1]


DATE: Final = r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
"""A calendar date as JSON writes it (``2025-03-21``), years 0001 to 9999: the schema's
``pattern``; a day that does not exist (30 February) is left to ``format: date``."""
_match_date = re.compile(DATE).fullmatch


def parse_date(text: object) -> dt.date:
    """A date written ``YYYY-MM-DD``, strictly (no week dates, no basic format).

    Raises:
        ValueError: ``text`` is not such a string, or names no day.
    """
    if not isinstance(text, str) or _match_date(text) is None:
        msg = f"expected a date written YYYY-MM-DD, got {text!r}"
        raise ValueError(msg)
    return dt.date.fromisoformat(text)


_UNKNOWN_END: Final = 2**63
"""After every wall time or instant a datetime can hold, in microseconds since the epoch."""


def wall_key(date: dt.date) -> int:
    """Midnight at the start of ``date`` as a wall time, in microseconds since the epoch."""
    return (date.toordinal() - _EPOCH_DAY) * _MICROSECONDS_A_DAY


@functools.cache
def _fixed_zones() -> tuple[type, ...]:
    """The classes of fixed offsets (pendulum's named at first use: it loads on demand)."""
    return (pendulum.FixedTimezone, dt.timezone)


_BEFORE: dict[tuple[int, int], tuple[dt.tzinfo, int]] = {}
"""The offset in microseconds a zone shows 1 µs before an instant, by ``(id(zone),
instant)`` (the zone is kept in the value, as in ``_OFFSETS``)."""


_CALENDAR: Final = frozenset(
    {TimePrecision.DAY, TimePrecision.WEEK, TimePrecision.MONTH, TimePrecision.YEAR}
)
"""Precisions of spans made of whole calendar units (their end is a local midnight)."""


def _end_wall(end: dt.datetime, start: dt.datetime | None) -> int:
    """``end`` as a wall time on the clock its zone shows 1 µs earlier, in microseconds.

    A zone (``Asia/Gaza``) is asked about that instant (once per zone and instant). A
    fixed offset (what JSON keeps: ``+03:00``) knows no clock change, so the span's
    start tells: an end that falls on a local midnight on the start's clock and not on
    its own is where the clocks jumped at midnight (a day in Gaza, read back from JSON,
    ends at 01:00+03:00 on the new clock, 00:00+02:00 on its start's): its last instant
    shows the start's offset. Otherwise the end's own offset. The caller passes a start
    only for a calendar span (a day, week, month, year), whose end is a local midnight
    by construction: an interval that crosses a clock change and ends at 01:00 is not
    one that skipped midnight.
    """
    instant = _micros(end)
    zone = end.tzinfo
    offset = end.utcoffset()
    if zone is None or offset is None:  # not aware: _micros has raised already
        return instant
    own = offset // _MICROSECOND
    if isinstance(zone, _fixed_zones()):
        if start is None or start.tzinfo is zone:
            return instant + own
        first = start.utcoffset()
        if first is None or first == offset:
            return instant + own
        other = instant + first // _MICROSECOND
        if (instant + own) % _MICROSECONDS_A_DAY and not other % _MICROSECONDS_A_DAY:
            return other
        return instant + own
    memo = (id(zone), instant)
    found = _BEFORE.get(memo)
    if found is None or found[0] is not zone:
        before = (_UTC_EPOCH + (instant - 1) * _MICROSECOND).astimezone(zone).utcoffset()
        if len(_BEFORE) >= _MAX_OFFSETS:
            _BEFORE.clear()
        found = _BEFORE[memo] = (zone, own if before is None else before // _MICROSECOND)
    return instant + found[1]


def _instant_key(value: dt.datetime | None) -> int | None:
    """Compare and hash span bounds as instants (fold-proof; see :func:`_micros`)."""
    return None if value is None else _micros(value)


def _to_datetime(value: dt.datetime | None) -> pendulum.DateTime | None:
    """Accept any aware datetime and store it as a :class:`pendulum.DateTime`.

    Naive datetimes and other types pass through unchanged so that the validator can
    reject them with a message that names the field.
    """
    if (
        isinstance(value, dt.datetime)
        and not isinstance(value, pendulum.DateTime)
        and value.tzinfo is not None
        and value.utcoffset() is not None
    ):
        return as_instant(value)
    return value  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class TimeSpan:
    """A fuzzy time: the earliest and latest instants a report's words may denote.

    ``start`` is inclusive and ``end`` exclusive (``[start, end)``), except for an
    :attr:`~TimePrecision.INSTANT`, where ``start == end``. Either bound may be
    ``None`` (unknown), which makes the precision :attr:`~TimePrecision.OPEN`; with both
    unknown the span is :meth:`anytime`, the hull of "previously" and "since the war
    began". A claim with no time at all has no span (``None``), not this one.
    Both bounds are timezone-aware; a naive datetime is rejected. Two spans are equal
    when they denote the same instants, whatever offset they are written in.

    Build spans with the class methods (:meth:`instant`, :meth:`day`, :meth:`week`,
    :meth:`month`, :meth:`year`, :meth:`between`, :meth:`since`, :meth:`until`) or from text with
    :func:`conflictevents.resolve_time`.

    Attributes:
        start: The earliest instant, or ``None`` if unknown.
        end: The instant just after the latest one, or ``None`` if unknown.
        precision: What the width of the span means.
        approximate: The source hedges the time itself ("about 2 March"; EDTF ``~``).
    """

    __repr__ = attrs_repr

    start: pendulum.DateTime | None = attrs.field(
        default=None, converter=_to_datetime, validator=v.aware, eq=_instant_key
    )
    end: pendulum.DateTime | None = attrs.field(
        default=None, converter=_to_datetime, validator=v.aware, eq=_instant_key
    )
    precision: TimePrecision = attrs.field(validator=v.enum_member(TimePrecision))
    approximate: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        start, end, precision = self.start, self.end, self.precision
        if start is None or end is None:
            if precision is not TimePrecision.OPEN:
                raise v.fail(
                    self,
                    "precision",
                    precision.value,
                    f"a span with an unknown bound must be 'open', not {precision.value!r}",
                )
            return
        if precision is TimePrecision.OPEN:
            raise v.fail(self, "precision", precision.value, "'open' needs an unknown start or end")
        zone = start.tzinfo
        # One zone whose offset never changes (common): wall-clock order is instant order
        # (fold is moot). The identity test first: it is the cheap one.
        if zone is end.tzinfo and (
            zone.__class__ is pendulum.FixedTimezone or zone.__class__ is dt.timezone
        ):
            backwards, same = _before(end, start), end == start
        else:
            lo, hi = _micros(start), _micros(end)
            backwards, same = hi < lo, hi == lo
        if backwards:
            raise v.fail(
                self,
                "end",
                end.isoformat(),
                f"{end.isoformat()} is before start ({start.isoformat()})",
            )
        if precision is TimePrecision.INSTANT and not same:
            raise v.fail(
                self,
                "end",
                end.isoformat(),
                f"an instant must end where it starts ({start.isoformat()}), not at"
                f" {end.isoformat()}",
            )
        if precision is not TimePrecision.INSTANT and same:
            raise v.fail(
                self,
                "end",
                end.isoformat(),
                f"a {precision.value!r} span must end after it starts, not at it"
                f" ({end.isoformat()})",
            )

    @functools.cached_property
    def _start_key(self) -> int | None:
        """The start in microseconds since the epoch (:func:`_micros`), computed once."""
        start = self.start
        return None if start is None else _micros(start)

    @functools.cached_property
    def _end_key(self) -> int:
        """The end in microseconds since the epoch (:func:`_micros`); unknown: after all.

        Computed once per span: "said by ``as_of``" tests compare it with one integer.
        """
        end = self.end
        return _UNKNOWN_END if end is None else _micros(end)

    @functools.cached_property
    def _end_wall_key(self) -> int:
        """The end as a wall time on the clock of the span's last instant, in microseconds.

        The one statement of "the date a span ends on" (:mod:`._as_of`,
        :mod:`._alignment`): the *last day* of a span is the local date of its last
        instant, ``end`` minus one microsecond, on the clock of the end's zone
        (:func:`_end_wall`). This key is that instant's wall time plus one
        microsecond, so the last day is ``(key - 1) // a day``, and "ended by the end
        of 21 March" is ``key <= wall_key(22 March)``. It is the end's own wall time
        except where the clocks jumped at the end: a day in Gaza whose next day starts
        at 01:00 (the clocks skip midnight) ends at 01:00 on the new clock, but its last
        instant shows 23:59:59.999999 on the old one. Unknown end: after all.
        """
        end = self.end
        if end is None:
            return _UNKNOWN_END
        # Only a calendar span ends on a local midnight by construction: only its start
        # may tell, read back in fixed offsets, that the clocks jumped at its end.
        return _end_wall(end, self.start if self.precision in _CALENDAR else None)

    # -- constructors -------------------------------------------------------------

    @classmethod
    def instant(cls, moment: dt.datetime, *, approximate: bool = False) -> TimeSpan:
        """The span of one aware instant."""
        return cls(
            start=moment, end=moment, precision=TimePrecision.INSTANT, approximate=approximate
        )

    @classmethod
    def day(cls, date: dt.date, *, tz: str, approximate: bool = False) -> TimeSpan:
        """One calendar day in the time zone ``tz`` (an IANA name like ``"Europe/Kyiv"``).

        The day runs from the first instant of its date to the first instant of the
        next, in ``tz``: from local midnight to local midnight, so it lasts 23 or 25
        hours across a DST change; where the clocks skip midnight (Havana, Gaza,
        Santiago, ...) it starts when they jump, and where they go back over midnight it
        starts at the first one.

        Raises:
            InvariantError: ``date`` is not a date or ``tz`` is not an IANA time zone.
        """
        date = _argument_date(date)
        _argument_zone(tz)
        return cls._local_days(date, 1, TimePrecision.DAY, tz, approximate)

    @classmethod
    def month(cls, year: int, month: int, *, tz: str, approximate: bool = False) -> TimeSpan:
        """One calendar month in the time zone ``tz``.

        It runs from the first instant of its first day to that of the next month's
        (see :meth:`day`).

        Raises:
            InvariantError: ``year`` and ``month`` name no month (years 1 to 9999), or
                ``tz`` is not an IANA time zone.
        """
        try:
            first = dt.date(year, month, 1)
            after = first_of_month_after(first, 1)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvariantError(
                "TimeSpan", "month", (year, month), f"no such month ({exc})"
            ) from exc
        _argument_zone(tz)
        return cls._local_days(first, after, TimePrecision.MONTH, tz, approximate)

    @classmethod
    def week(cls, first_day: dt.date, *, tz: str, approximate: bool = False) -> TimeSpan:
        """Seven calendar days from ``first_day`` in the time zone ``tz``.

        For a calendar week pass its Monday (``d - timedelta(days=d.weekday())``); data
        sets that centre a week on a date (ACLED) pass the day three days before it.
        Days start as in :meth:`day`.

        Raises:
            InvariantError: ``first_day`` is not a date or ``tz`` is not an IANA time zone.
        """
        first_day = _argument_date(first_day)
        _argument_zone(tz)
        return cls._local_days(first_day, 7, TimePrecision.WEEK, tz, approximate)

    @classmethod
    def year(cls, year: int, *, tz: str, approximate: bool = False) -> TimeSpan:
        """One calendar year in the time zone ``tz``, from its 1 January (see :meth:`day`).

        Raises:
            InvariantError: ``year`` is not a year from 1 to 9998, or ``tz`` is not an IANA
                time zone.
        """
        try:
            first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvariantError("TimeSpan", "year", year, f"no such year ({exc})") from exc
        _argument_zone(tz)
        return cls._local_days(first, after, TimePrecision.YEAR, tz, approximate)

    @classmethod
    def _local_days(
        cls,
        first: dt.date,
        after: dt.date | int,
        precision: TimePrecision,
        tz: str,
        approximate: bool,
    ) -> TimeSpan:
        """The days ``first`` to ``after`` (excluded; or a count of days) in ``tz``.

        Days start by :func:`day_start`. A span whose instants fall outside the years 1
        to 9999 in UTC (the first day of year 1 east of Greenwich, the last of 9999) is an
        :class:`InvariantError`, not Python's ``OverflowError``.
        """
        try:
            if isinstance(after, int):
                after = first + after * _DAY
            start, end = day_start(first, tz), day_start(after, tz)
        except OverflowError:
            raise InvariantError(
                "TimeSpan",
                "date",
                first,
                f"the {precision.value} of {first.isoformat()} in {tz} reaches past the "
                "dates this library represents (years 1 to 9999 in UTC)",
            ) from None
        if _micros(start) == _micros(end):
            raise InvariantError(
                "TimeSpan",
                "date",
                first,
                f"{tz} skipped {first.isoformat()}: its clocks jumped over it",
            )
        return cls(start=start, end=end, precision=precision, approximate=approximate)

    @classmethod
    def between(
        cls,
        start: dt.datetime,
        end: dt.datetime,
        *,
        precision: TimePrecision = TimePrecision.INTERVAL,
        approximate: bool = False,
    ) -> TimeSpan:
        """The span ``[start, end)``."""
        return cls(start=start, end=end, precision=precision, approximate=approximate)

    @classmethod
    def since(cls, start: dt.datetime, *, approximate: bool = False) -> TimeSpan:
        """From ``start`` on, with no known end ("since the war began")."""
        return cls(start=start, end=None, precision=TimePrecision.OPEN, approximate=approximate)

    @classmethod
    def until(cls, end: dt.datetime, *, approximate: bool = False) -> TimeSpan:
        """Any time before ``end`` ("previously", "earlier")."""
        return cls(start=None, end=end, precision=TimePrecision.OPEN, approximate=approximate)

    @classmethod
    def anytime(cls, *, approximate: bool = False) -> TimeSpan:
        """The span with no known bound: all of time.

        It is what :meth:`hull` gives for "previously" and "since the war began"
        together, and it contains every span.
        """
        return cls(start=None, end=None, precision=TimePrecision.OPEN, approximate=approximate)

    # -- derived ---------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether either bound is unknown."""
        return self.start is None or self.end is None

    @property
    def duration(self) -> pendulum.Duration | None:
        """How long the span is, or ``None`` if it is open."""
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    def __str__(self) -> str:
        lo = "..." if self.start is None else self.start.isoformat()
        hi = "..." if self.end is None else self.end.isoformat()
        mark = "~" if self.approximate else ""
        return f"{lo}/{hi}{mark} ({self.precision.value})"

    # -- EDTF ---------------------------------------------------------------------------

    def to_edtf(self) -> str:
        """The span as EDTF (ISO 8601-2, levels 0 and 1), in the zone of its own bounds.

        Days, months and years that run from local midnight to local midnight are
        written as ``2022-03-02``, ``2022-03``, ``2022``; other spans with midnight
        bounds as an interval of days, ``2022-03-02/2022-03-03`` (EDTF includes both end
        days); unknown bounds as ``..`` (``../2022-03-02``); instants with whole seconds
        as ``2022-03-02T10:00:00+02:00``; approximate spans with ``~`` on every date.
        Everything else (parts of a day, bounds off midnight, weeks, sub-second or
        approximate instants) is written as the days that cover it, so the EDTF always
        contains the span. See the docs page "Reading reports" for what round-trips.

        Returns:
            An EDTF string that the ``edtf`` package parses.
        """
        from ._edtf import span_to_edtf  # noqa: PLC0415 - _edtf imports this module

        return span_to_edtf(self)

    @classmethod
    def from_edtf(cls, text: str, *, tz: str = "UTC") -> TimeSpan:
        """Read an EDTF level 0 or 1 date or interval as a span in the zone ``tz``.

        ``2022-03-02`` is that day, ``2022-03`` that month, ``2022`` that year (each
        from local midnight in ``tz``), ``2022-03-02/2022-03-03`` the interval from the
        first day's start to the last day's end, ``..`` or an empty side an unknown
        bound, a date and time with its offset an instant, ``~``, ``?`` and ``%`` an
        approximate span; unspecified digits (``201X``, ``2022-03-XX``) and seasons
        (``2022-21`` for spring) widen the span. Levels 2 and beyond, extended years and
        years before 1 are errors.

        ``TimeSpan.from_edtf(s.to_edtf(), tz=zone) == s`` for every span of days,
        months, years, midnight-bounded intervals and open spans in ``zone``, and for
        instants with whole seconds.

        Args:
            text: The EDTF string.
            tz: The IANA time zone its dates are local to (default UTC).

        Returns:
            The span.

        Raises:
            TimeExpressionError: The text is not EDTF that conflictevents reads.
        """
        from ._edtf import span_from_edtf  # noqa: PLC0415 - _edtf imports this module

        return span_from_edtf(text, tz=tz)

    # -- span algebra -------------------------------------------------------------------
    #
    # Time is discrete at the microsecond (the resolution of ``datetime``), so a span is
    # the set of microseconds in ``[start, end)`` and an instant ``t`` is ``[t, t + 1µs)``.
    # Unknown bounds extend to -inf / +inf. Every comparison goes through integer
    # microseconds since the epoch (``_micros``), never through wall-clock comparison.

    def _lo(self) -> int | None:
        """The first microsecond of the span, ``None`` for -inf."""
        return None if self.start is None else _micros(self.start)

    def _hi(self) -> int | None:
        """The microsecond just after the span, ``None`` for +inf."""
        if self.end is None:
            return None
        hi = _micros(self.end)
        return hi + 1 if self.precision is TimePrecision.INSTANT else hi

    def _hi_moment(self) -> pendulum.DateTime | None:
        """The datetime just after the span (an instant's end plus one microsecond)."""
        if self.end is None or self.precision is not TimePrecision.INSTANT:
            return self.end
        return self.end + _MICROSECOND  # pendulum adds in absolute time: fold-safe

    def _same_instants(self, lo: int | None, hi: int | None) -> bool:
        return self._lo() == lo and self._hi() == hi

    def overlaps(self, other: TimeSpan) -> bool:
        """Whether the two spans could share an instant.

        Unknown bounds extend to infinity: "previously" (open start) overlaps every span
        that starts before its end. Symmetric. ``a.overlaps(b)`` is ``False`` exactly
        when ``a.precedes(b)`` or ``a.follows(b)`` is ``True``.

        Args:
            other: The span to compare with.

        Returns:
            ``True`` if some instant lies in both spans.
        """
        lo_a, hi_a, lo_b, hi_b = self._lo(), self._hi(), other._lo(), other._hi()
        starts_in_time = hi_b is None or lo_a is None or lo_a < hi_b
        return starts_in_time and (hi_a is None or lo_b is None or lo_b < hi_a)

    def contains(self, other: TimeSpan) -> bool:
        """Whether every instant of ``other`` lies in this span.

        This is a partial order (reflexive, antisymmetric, transitive). When both spans
        cover exactly the same instants, the vaguer description contains the more exact
        one: an approximate span contains the same span without ``~``, and precisions rank
        ``interval`` < ``instant`` < ``part_of_day`` < ``day`` < ``week`` < ``month`` <
        ``year`` (< ``open``). So "2 March" (``day``) contains the interval 2 March
        00:00 to 24:00 but not the other way round, and only equal spans contain each other.

        Args:
            other: The span that may lie inside this one.

        Returns:
            ``True`` if ``other`` lies inside this span.
        """
        lo_a, hi_a, lo_b, hi_b = self._lo(), self._hi(), other._lo(), other._hi()
        if lo_a is not None and (lo_b is None or lo_b < lo_a):
            return False
        if hi_a is not None and (hi_b is None or hi_b > hi_a):
            return False
        if lo_a == lo_b and hi_a == hi_b:
            vaguer_or_same = self.approximate or not other.approximate
            return vaguer_or_same and _RANK[self.precision] >= _RANK[other.precision]
        return True

    def precedes(self, other: TimeSpan) -> bool | None:
        """Whether this span is before ``other``, where the spans allow an answer.

        Returns:
            ``True`` if every instant of this span is before every instant of ``other``
            (they may meet: 2 March precedes 3 March); ``False`` if no instant of this
            span is before any instant of ``other``; ``None`` if the spans allow either
            order (the fuzziness leaves it undecided).
        """
        hi_a, lo_b = self._hi(), other._lo()
        if hi_a is not None and lo_b is not None and hi_a <= lo_b:
            return True
        lo_a, hi_b = self._lo(), other._hi()
        if lo_a is not None and hi_b is not None and lo_a + 1 >= hi_b:
            return False
        return None

    def follows(self, other: TimeSpan) -> bool | None:
        """Whether this span is after ``other``: ``other.precedes(self)``.

        Returns:
            ``True``, ``False`` or ``None`` (undecided), as for :meth:`precedes`.
        """
        return other.precedes(self)

    def compare(self, other: TimeSpan) -> Order:
        """How this span is ordered against ``other``.

        Returns:
            :attr:`Order.BEFORE` or :attr:`Order.AFTER` when the spans decide it,
            :attr:`Order.SIMULTANEOUS` for the same instant, :attr:`Order.UNDECIDED`
            otherwise.
        """
        before = self.precedes(other)
        if before:
            return Order.BEFORE
        after = self.follows(other)
        if after:
            return Order.AFTER
        if before is False and after is False:
            return Order.SIMULTANEOUS
        return Order.UNDECIDED

    def hull(self, other: TimeSpan) -> TimeSpan:
        """The smallest span that contains both spans.

        Commutative, associative and idempotent, and the result
        :meth:`contains` both inputs. Its bounds run from the earlier start to the later
        end (an unknown bound wins). Its label follows one rule: it is approximate if
        either input is, and its precision is the vaguest precision among the inputs
        that already cover the whole hull, or ``interval`` (``open`` if a bound is
        unknown) when none does. The hull of two different instants ends one
        microsecond after the later one, because spans exclude their end.

        Args:
            other: The span to join with.

        Returns:
            The joined span.
        """
        lo = None
        if self.start is not None and other.start is not None:
            lo = min(self.start, other.start, key=_micros)
        hi_a, hi_b = self._hi_moment(), other._hi_moment()
        hi = None if hi_a is None or hi_b is None else max(hi_a, hi_b, key=_micros)
        return _labelled(lo, hi, (self, other), join=True)

    def intersection(self, other: TimeSpan) -> TimeSpan | None:
        """The instants both spans share, or ``None`` if they do not overlap.

        Commutative; the result lies inside both inputs (:meth:`contains`). Its
        precision is the most exact precision among the inputs that cover exactly the
        result (and it is approximate only if all of those are), or ``interval``
        (``open`` if a bound is unknown, approximate if either input is) when the result
        is smaller than both.

        Args:
            other: The span to intersect with.

        Returns:
            The shared span, or ``None``.
        """
        if not self.overlaps(other):
            return None
        starts = [s for s in (self.start, other.start) if s is not None]
        ends = [e for e in (self._hi_moment(), other._hi_moment()) if e is not None]
        lo = max(starts, key=_micros) if starts else None
        hi = min(ends, key=_micros) if ends else None
        return _labelled(lo, hi, (self, other), join=False)

    def sort_key(self) -> tuple[bool, int, bool, int, int, bool]:
        """A key that orders spans totally, for :func:`sorted`.

        Spans sort by start (an unknown start first), then by end (an unknown end last),
        then by precision and approximateness, so that only equal spans have equal keys.
        The key is consistent with :meth:`precedes`: a span that precedes another sorts
        before it.
        """
        lo, hi = self._lo(), self._hi()
        return (
            lo is not None,
            0 if lo is None else lo,
            hi is None,
            0 if hi is None else hi,
            _RANK[self.precision],
            self.approximate,
        )


def _labelled(
    lo: pendulum.DateTime | None,
    hi: pendulum.DateTime | None,
    inputs: tuple[TimeSpan, TimeSpan],
    *,
    join: bool,
) -> TimeSpan:
    """Build the span ``[lo, hi)`` of a hull (``join``) or of an intersection.

    The label follows the rules in the docstrings of :meth:`TimeSpan.hull` and
    :meth:`TimeSpan.intersection`.
    """
    lo_key = None if lo is None else _micros(lo)
    hi_key = None if hi is None else _micros(hi)
    same = [s for s in inputs if s._same_instants(lo_key, hi_key)]  # noqa: SLF001
    flag = any(s.approximate for s in inputs)
    if not same:
        bounded = lo is not None and hi is not None
        precision = TimePrecision.INTERVAL if bounded else TimePrecision.OPEN
    elif join:
        precision = max((s.precision for s in same), key=_RANK.__getitem__)
    else:
        precision = min((s.precision for s in same), key=_RANK.__getitem__)
        flag = all(s.approximate for s in same)
    if precision is TimePrecision.INSTANT:
        hi = lo
    return TimeSpan(start=lo, end=hi, precision=precision, approximate=flag)
