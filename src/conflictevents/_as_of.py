"""What had certainly been said by a given time: the ``as_of`` of :func:`reconcile`.

A claim counts as of ``t`` when its ``stated`` span ends at or before ``t``: it was
certainly made by then. A claim without a stated time, or whose stated span has no
known end ("since March"), never counts as of any time: nothing says it had been made.

``t`` is an aware datetime (an instant), or a date: "as of 21 March 2025" is the end of
that day *in each claim's own zone* (the offset its ``stated`` end is written in), so a
General Staff report dated 21 March in Kyiv counts as of that date wherever the reader
is, and one dated 22 March does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pendulum

from ._claims import Claim
from ._time import _micros

__all__ = ["AsOf", "parse_as_of", "said_by", "said_time"]

AsOf = dt.datetime | dt.date
"""An instant (aware datetime) or a date (its end, in each claim's own zone)."""

_ONE_DAY = dt.timedelta(days=1)
_FIXED_ZONES = frozenset({pendulum.FixedTimezone, dt.timezone})
"""Zones whose offset never changes: their wall-clock order is instant order."""
_date = dt.datetime.date  # the C methods: pendulum's own build pendulum objects, slowly
_time = dt.datetime.time


def said_time(claim: Claim) -> dt.datetime | None:
    """When the claim had certainly been made: the end of its ``stated`` span, if known."""
    stated = claim.stated
    return None if stated is None else stated.end


def said_by(as_of: AsOf) -> Callable[[Claim], bool]:
    """The test "certainly said by ``as_of``" for claims (see the module's rule).

    Cheap per claim: a claim's end is compared as a wall-clock (date, time) pair in its
    own fixed offset, with ``as_of`` moved into that offset once per offset; only an
    end in a zone with rules (where a wall time can repeat) goes through instants.

    Raises:
        ValueError: ``as_of`` is a datetime without a time zone.
    """
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            msg = f"as_of needs a time zone (got {as_of.isoformat()}); or pass a date"
            raise ValueError(msg)
        return _said_by_instant(as_of)
    last = (as_of + _ONE_DAY, dt.time())

    def said_by_date(claim: Claim) -> bool:
        stated = claim.stated
        end = None if stated is None else stated.end
        return end is not None and (_date(end), _time(end)) <= last

    return said_by_date


def _said_by_instant(as_of: dt.datetime) -> Callable[[Claim], bool]:
    limit = _micros(as_of)
    walls: dict[dt.tzinfo, tuple[dt.date, dt.time]] = {}

    def said_by_instant(claim: Claim) -> bool:
        stated = claim.stated
        end = None if stated is None else stated.end
        if end is None:
            return False
        zone = end.tzinfo
        if zone is not None and type(zone) in _FIXED_ZONES:
            wall = walls.get(zone)
            if wall is None:
                moved = as_of.astimezone(zone)
                wall = walls[zone] = (_date(moved), _time(moved))
            return (_date(end), _time(end)) <= wall
        return _micros(end) <= limit

    return said_by_instant


def parse_as_of(text: str) -> AsOf:
    """Read ``--as-of``: a date (``2025-03-21``) or a datetime with its UTC offset.

    Raises:
        ValueError: Not an ISO 8601 calendar date or datetime, or a datetime without
            an offset.
    """
    value = text.strip()
    problem = f"{text!r} is not a date (2025-03-21) or a datetime with an offset"
    try:
        if len(value) == len("2025-03-21"):
            return dt.date.fromisoformat(value)
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(problem) from exc
    if moment.tzinfo is None:
        msg = f"{text!r} has no UTC offset: add one (2025-03-21T18:00+02:00) or give a date"
        raise ValueError(msg)
    return pendulum.instance(moment)
