"""What had certainly been said by a given time: the ``as_of`` of :func:`reconcile`.

A claim counts as of ``t`` when its ``stated`` span ends at or before ``t``: it was
certainly made by then. A claim without a stated time, or whose stated span has no
known end ("since March"), never counts as of any time: nothing says it had been made.

``t`` is an aware datetime (an instant), or a date: "as of 21 March 2025" is the end of
that day *in each claim's own zone* (the offset its ``stated`` end is written in), so a
General Staff report dated 21 March in Kyiv counts as of that date wherever the reader
is, and one dated 22 March does not. A span "ends by the end of 21 March" when its
last instant falls on 21 March or before on its own clock (``TimeSpan._end_wall_key``
states the rule once, for here and :mod:`._alignment`): a day in Gaza whose next day
starts at 01:00, where the clocks skip midnight, ends on its own date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

import pendulum

from ._claims import Claim
from ._time import TimeSpan, _micros, wall_key

__all__ = ["AsOf", "parse_as_of", "said_by", "said_in", "said_time"]

AsOf = dt.datetime | dt.date
"""An instant (aware datetime) or a date (its end, in each claim's own zone)."""


class _Stated(Protocol):
    """A statement with a time: a claim, or an assessment of one."""

    @property
    def stated(self) -> TimeSpan | None: ...


_S = TypeVar("_S", bound=_Stated)

_A_DAY = 86_400_000_000
"""Microseconds in a day of wall time."""


def said_time(claim: Claim) -> dt.datetime | None:
    """When the claim had certainly been made: the end of its ``stated`` span, if known."""
    stated = claim.stated
    return None if stated is None else stated.end


def _limit(as_of: AsOf) -> tuple[bool, int]:
    """Whether ``as_of`` is a date (compared by wall time), and its limit in microseconds.

    A date's limit is the wall time of midnight after it, compared with each span end's
    wall time on the clock of the span's last instant (``TimeSpan._end_wall_key``: the
    end's own wall time, except where the clocks jumped at the end); an instant's is the
    instant, compared with each end's.
    Both sides are integers each span computes once (``TimeSpan._end_key``,
    ``TimeSpan._end_wall_key``), so the test costs one attribute read per claim.

    Raises:
        ValueError: ``as_of`` is a datetime without a time zone.
    """
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            msg = f"as_of needs a time zone (got {as_of.isoformat()}); or pass a date"
            raise ValueError(msg)
        return False, _micros(as_of)
    return True, wall_key(as_of) + _A_DAY


def said_in(claims: Iterable[_S], as_of: AsOf) -> Iterator[_S]:
    """The claims (or assessments) certainly said by ``as_of``, lazily, in order.

    See the module's rule.

    Raises:
        ValueError: ``as_of`` is a datetime without a time zone.
    """
    by_wall, limit = _limit(as_of)
    # The span's cached integer keys, read inline: no call per claim.
    if by_wall:
        return (c for c in claims if (s := c.stated) is not None and s._end_wall_key <= limit)  # noqa: SLF001
    return (c for c in claims if (s := c.stated) is not None and s._end_key <= limit)  # noqa: SLF001


def said_by(as_of: AsOf) -> Callable[[_Stated], bool]:
    """The test "certainly said by ``as_of``" for one claim or assessment (the module's rule).

    Raises:
        ValueError: ``as_of`` is a datetime without a time zone.
    """
    by_wall, limit = _limit(as_of)

    def said(claim: _Stated) -> bool:
        stated = claim.stated
        if stated is None:
            return False
        return (stated._end_wall_key if by_wall else stated._end_key) <= limit  # noqa: SLF001

    return said


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
