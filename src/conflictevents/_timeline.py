"""How a subject's status and range changed over time, in one pass over its claims.

The claims are taken in the order they had certainly been made (the end of their
``stated`` span, see :mod:`conflictevents._as_of`); after each instant the status and
range are those :func:`reconcile` gives ``as_of`` that instant. Only the state is kept
between instants (each claimant's latest claim, each party's last assertion, whether
any claim denies), so a subject with n claims and k claimants costs O(n log n + n k),
not one reconciliation per instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

import attrs
import pendulum

from . import _validators as v
from ._as_of import said_time
from ._claims import CasualtyCount, Claim, EquipmentLoss, Stance
from ._figures import bounds_overlap
from ._recency import recency
from ._reconcile import (
    FigureRange,
    ReconciliationStatus,
    _conceded,
    _party,
    _range_of,
    _trusted,
)

__all__ = ["StatusChange", "timeline"]


@attrs.frozen(kw_only=True)
class StatusChange:
    """An instant at which a subject's status or range changed, and the claims made then.

    Attributes:
        at: When the claims had certainly been made (the end of their ``stated`` span);
            ``None`` for claims with no known time, which come last: they count in
            the result without ``as_of`` but never as of any time.
        claims: The ids of the claims made at that instant, sorted.
        status: The subject's status from then on.
        range: The subject's range from then on (``None``: no current figure).
    """

    type: Literal["status_change"] = attrs.field(
        default="status_change", validator=v.literal("status_change")
    )
    at: pendulum.DateTime | None = attrs.field(validator=v.optional_instance_of(dt.datetime))
    claims: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    status: ReconciliationStatus = attrs.field(validator=v.enum_member(ReconciliationStatus))
    range: FigureRange | None = attrs.field(
        default=None, validator=v.optional_instance_of(FigureRange)
    )


class _State:
    """What the status and range depend on, updated claim by claim."""

    def __init__(self) -> None:
        self.latest: dict[str, tuple[tuple[int, int, int, str], Claim]] = {}
        self.last_assertion: dict[str, tuple[int, int, int]] = {}
        self.denied = False
        self.counted = False

    def add(self, claim: Claim, recency: tuple[int, int, int, str]) -> None:
        identity = claim.claimant.identity
        known = self.latest.get(identity)
        if known is None or recency > known[0]:
            self.latest[identity] = (recency, claim)
        if claim.stance is Stance.DENIES:
            self.denied = True
        else:
            party = _party(claim)
            when = recency[:3]
            last = self.last_assertion.get(party)
            if last is None or when > last:
                self.last_assertion[party] = when
        self.counted = isinstance(claim.subject, CasualtyCount | EquipmentLoss)

    def now(self) -> tuple[ReconciliationStatus, FigureRange | None]:
        current = [(identity, claim) for identity, (_, claim) in self.latest.items()]
        figures = [
            (c.quantity, c.id)
            for _, c in current
            if c.stance is Stance.ASSERTS and c.quantity is not None
        ]
        return self._status(current, [q for q, _ in figures]), _range_of(figures)

    def _status(
        self, current: Sequence[tuple[str, Claim]], quantities: Sequence[object]
    ) -> ReconciliationStatus:
        if self.denied:
            open_denial = any(
                claim.stance is Stance.DENIES
                and not _conceded(self.last_assertion.get(_party(claim)), claim)
                for _, claim in current
            )
            if not open_denial:
                return ReconciliationStatus.CONCEDED
            if any(c.stance is Stance.ASSERTS for _, c in current):
                return ReconciliationStatus.CONTESTED
            return ReconciliationStatus.DENIED
        if not quantities:
            return ReconciliationStatus.UNKNOWN if self.counted else ReconciliationStatus.CONSISTENT
        overlap = bounds_overlap(quantities)  # type: ignore[arg-type]
        return ReconciliationStatus.CONSISTENT if overlap else ReconciliationStatus.DIVERGENT


def _said(claim: Claim, recency: tuple[int, int, int, str]) -> int | None:
    """When the claim was certainly made, in microseconds (the recency's stated end)."""
    stated = claim.stated
    return None if stated is None or stated.end is None else recency[2]


def timeline(claims: Sequence[Claim]) -> tuple[StatusChange, ...]:
    """The changes of status and range of one subject, in the order its claims were made.

    Args:
        claims: The claims about one subject (as in a :class:`SubjectReconciliation`).

    Returns:
        One :class:`StatusChange` per instant at which the status or the range changed
        (the first instant always), oldest first; claims without a known time last.
    """
    keyed = sorted(
        ((said is None, said or 0, claim.id), claim, recency)
        for claim, recency in ((c, recency(c)) for c in claims)
        for said in (_said(claim, recency),)
    )
    state = _State()
    changes: list[StatusChange] = []
    previous: tuple[ReconciliationStatus, FigureRange | None] | None = None
    i, n = 0, len(keyed)
    while i < n:
        instant = keyed[i][0][:2]
        j = i
        while j < n and keyed[j][0][:2] == instant:
            state.add(keyed[j][1], keyed[j][2])
            j += 1
        now = state.now()
        if now != previous:
            changes.append(
                _trusted(
                    StatusChange,
                    at=said_time(keyed[i][1]),
                    claims=tuple(k[1].id for k in keyed[i:j]),
                    status=now[0],
                    range=now[1],
                )
            )
            previous = now
        i = j
    return tuple(changes)
