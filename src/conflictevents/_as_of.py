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


def said_time(claim: Claim) -> dt.datetime | None:
    """When the claim had certainly been made: the end of its ``stated`` span, if known."""
    stated = claim.stated
    return None if stated is None else stated.end


def said_by(as_of: AsOf) -> Callable[[Claim], bool]:
    """The test "certainly said by ``as_of``" for claims (see the module's rule).

    Raises:
        ValueError: ``as_of`` is a datetime without a time zone.
    """
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            msg = f"as_of needs a time zone (got {as_of.isoformat()}); or pass a date"
            raise ValueError(msg)
        limit = _micros(as_of)

        def said_by_instant(claim: Claim) -> bool:
            stated = claim.stated
            end = None if stated is None else stated.end
            return end is not None and _micros(end) <= limit

        return said_by_instant
    wall = dt.datetime.combine(as_of + _ONE_DAY, dt.time())

    def said_by_date(claim: Claim) -> bool:
        stated = claim.stated
        end = None if stated is None else stated.end
        return end is not None and end.replace(tzinfo=None) <= wall

    return said_by_date


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
