"""Cumulative series: which figures of a subject are compared, at which date.

A count whose period has a known end is a figure *as of* that end: "12,251 tanks since
24 February 2022, as of 8 August 2026". The claims about one subject share the
period's start (it is in the subject key), so their figures differ only in that end:
each claimant's figures form a *series*, one figure per date. Two figures as of two
dates are about two different periods and are never compared.

The rule, stated once here for :func:`~conflictevents.reconcile` and the timeline:

- A *dated figure* is an asserted count with a figure and a period with a known end.
  Its *date* is the last day its period covers, on the period end's own wall clock: a
  period ending at midnight starting 22 March 2025 (Kyiv) is as of 21 March, and so is
  one ending where the clocks skip that midnight (01:00 in Gaza). The rule is stated
  once, in ``TimeSpan._end_wall_key``, for here and :mod:`._as_of`.
- The subject is a *cumulative series* when some claimant gives dated figures as of
  two dates or more (its end grows: the General Staff's daily report). Otherwise each
  claimant speaks once (the reference article's 498, 9,000 and "around 6,000"): every
  current figure is compared, as before, each with its own date.
- In a series, a claimant *covers* a date when it gives a dated figure as of that
  date. The *aligned date* is the latest date that every claimant with a dated figure
  covers. Each of them is compared by its figure as of that date (of two as of one
  date, the more recent by :func:`~conflictevents._recency.recency`: a correction;
  versions of one claim that cannot be ordered, a version collision, all count), even
  when a later figure of its own supersedes it.
- Every other figure is *not aligned*: the claimants' later figures, and figures
  without a date (a count "since 24 February" with no end, as of when it was said). It
  is kept, shown, and left out of the range, the spread, the status and the estimate.
  When the claimants share no date, no figure is compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ._claims import Claim, Stance
from ._recency import COUNTS, content, recency
from ._time import _EPOCH_DAY, _MICROSECONDS_A_DAY, _UNKNOWN_END

__all__ = ["Series", "as_date", "figure_date", "figure_day"]


def figure_day(claim: Claim) -> int | None:
    """The date of a dated figure, in days since the epoch; ``None`` for any other claim.

    The day of the last microsecond the period covers, on its end's own wall clock
    (``TimeSpan._end_wall_key``, computed once per span: the clock of that last
    microsecond, also where the clocks jumped at the end).
    """
    subject = claim.subject
    if subject.__class__ not in COUNTS or claim.stance is not Stance.ASSERTS:
        return None
    period = subject.period  # type: ignore[union-attr]
    if period is None or subject.quantity is None:  # type: ignore[union-attr]
        return None
    wall = period._end_wall_key  # noqa: SLF001 - the span's cached integer
    return None if wall == _UNKNOWN_END else (wall - 1) // _MICROSECONDS_A_DAY


def figure_date(claim: Claim) -> dt.date | None:
    """The date a figure is as of (see the module's rule); ``None`` if it has none."""
    day = figure_day(claim)
    return None if day is None else as_date(day)


def as_date(day: int) -> dt.date:
    """A day since the epoch as a date."""
    return dt.date.fromordinal(day + _EPOCH_DAY)


class Series:
    """The claimants' dated figures on one subject, and the latest date all of them cover.

    Claims are added one at a time in any order; each addition costs O(1), so the
    timeline can ask for the aligned date after every instant. Only the claimants with
    a dated figure take part.
    """

    __slots__ = ("_count", "_day", "_days", "_grows")

    def __init__(self) -> None:
        self._days: dict[str, dict[int, list[Claim]]] = {}
        """Per claimant, its most recent dated figure per day (colliding versions: all)."""
        self._count: dict[int, int] = {}
        """Per day, how many claimants cover it."""
        self._day: int | None = None
        """The latest day every claimant covers."""
        self._grows = False
        """Whether some claimant gives figures as of two days or more."""

    def __bool__(self) -> bool:
        """Whether the subject is a cumulative series (the module's rule)."""
        return self._grows

    def add(self, identity: str, claim: Claim) -> None:
        """Add a claim of the claimant ``identity`` (ignored unless it is a dated figure)."""
        day = figure_day(claim)
        if day is None:
            return
        days = self._days.get(identity)
        if days is None:
            # A new claimant: a day is covered by all only if it covers it too, and it
            # covers none yet.
            days = self._days[identity] = {}
            self._day = None
        known = days.get(day)
        if known is not None:
            rank, top = recency(claim), recency(known[0])
            if rank > top:
                days[day] = [claim]
            elif rank == top and claim not in known:  # versions of one id, unordered
                known.append(claim)
                known.sort(key=content)
            return
        days[day] = [claim]
        self._grows = self._grows or len(days) > 1
        count = self._count[day] = self._count.get(day, 0) + 1
        if count == len(self._days) and (self._day is None or day > self._day):
            self._day = day

    def compared(self, current: Sequence[Claim]) -> Sequence[Claim]:
        """The claims whose figures are compared, given each claimant's latest claim.

        In a series, each claimant's figure as of the aligned date; otherwise ``current``.
        """
        if not self._grows:
            return current
        return [claim for claims in self.aligned()[1].values() for claim in claims]

    def aligned(self) -> tuple[int | None, dict[str, list[Claim]]]:
        """The aligned day (``None``: no day is covered by all), and each claimant's figure.

        A claimant has more than one figure only for versions of one claim that cannot
        be ordered (a version collision), in content order.
        """
        day = self._day
        if day is None:
            return None, {}
        return day, {identity: days[day] for identity, days in self._days.items()}
