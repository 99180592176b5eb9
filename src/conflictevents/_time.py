"""Fuzzy time: :class:`TimeSpan` and its :class:`TimePrecision`."""

from __future__ import annotations

import datetime as dt
import enum

import attrs
import pendulum

from . import _validators as v

__all__ = ["TimePrecision", "TimeSpan"]


class TimePrecision(enum.StrEnum):
    """How precisely a :class:`TimeSpan` is known: what its width means.

    The precision is kept apart from the bounds because the same bounds can come from
    different words: a span from 00:00 to 24:00 is "on Wednesday" (``day``), while
    05:00 to 12:00 is "Thursday morning" (``part_of_day``).
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
        return pendulum.instance(value)
    return value  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class TimeSpan:
    """A fuzzy time: the earliest and latest instants a report's words may denote.

    ``start`` is inclusive and ``end`` exclusive (``[start, end)``), except for an
    :attr:`~TimePrecision.INSTANT`, where ``start == end``. Either bound may be
    ``None`` (unknown), which makes the precision :attr:`~TimePrecision.OPEN`.
    Both bounds are timezone-aware; a naive datetime is rejected. Two spans are equal
    when they denote the same instants, whatever offset they are written in.

    Build spans with the class methods (:meth:`instant`, :meth:`day`, :meth:`month`,
    :meth:`between`, :meth:`since`, :meth:`until`) or from text with
    :func:`conflictevents.resolve_time`.

    Attributes:
        start: The earliest instant, or ``None`` if unknown.
        end: The instant just after the latest one, or ``None`` if unknown.
        precision: What the width of the span means.
        approximate: The source hedges the time itself ("about 2 March"; EDTF ``~``).
    """

    start: pendulum.DateTime | None = attrs.field(
        default=None, converter=_to_datetime, validator=v.aware
    )
    end: pendulum.DateTime | None = attrs.field(
        default=None, converter=_to_datetime, validator=v.aware
    )
    precision: TimePrecision = attrs.field(validator=v.enum_member(TimePrecision))
    approximate: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        start, end, precision = self.start, self.end, self.precision
        if start is None and end is None:
            raise v.fail(
                self, "start", None, "a span needs at least one bound (use None for no time)"
            )
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
        if end < start:
            raise v.fail(
                self,
                "end",
                end.isoformat(),
                f"{end.isoformat()} is before start ({start.isoformat()})",
            )
        if precision is TimePrecision.INSTANT and end != start:
            raise v.fail(self, "end", end.isoformat(), "an instant must end where it starts")
        if precision is not TimePrecision.INSTANT and end == start:
            raise v.fail(
                self,
                "end",
                end.isoformat(),
                f"a {precision.value!r} span must end after it starts",
            )

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

        The day runs from local midnight to the next local midnight, so it lasts 23 or
        25 hours across a DST change.
        """
        start = pendulum.datetime(date.year, date.month, date.day, tz=tz)
        return cls(
            start=start, end=start.add(days=1), precision=TimePrecision.DAY, approximate=approximate
        )

    @classmethod
    def month(cls, year: int, month: int, *, tz: str, approximate: bool = False) -> TimeSpan:
        """One calendar month in the time zone ``tz``."""
        start = pendulum.datetime(year, month, 1, tz=tz)
        return cls(
            start=start,
            end=start.add(months=1),
            precision=TimePrecision.MONTH,
            approximate=approximate,
        )

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
