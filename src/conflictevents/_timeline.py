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
import itertools
from collections.abc import Sequence
from typing import Literal

import attrs
import pendulum

from . import _validators as v
from ._alignment import Series
from ._as_of import said_time
from ._claims import Claim, Stance
from ._details import disputed_details
from ._recency import recency
from ._reconcile import (
    FigureRange,
    ReconciliationStatus,
    note_assertion,
    range_of,
    status_of,
    trusted,
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

    type: Literal["status_change"] = v.type_tag("status_change")
    at: pendulum.DateTime | None = attrs.field(validator=v.optional_instance_of(dt.datetime))
    claims: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    status: ReconciliationStatus = attrs.field(validator=v.enum_member(ReconciliationStatus))
    range: FigureRange | None = attrs.field(
        default=None, validator=v.optional_instance_of(FigureRange)
    )


class _State:
    """What the status and range depend on, updated claim by claim."""

    def __init__(self) -> None:
        self.latest: dict[str, tuple[tuple[int, int, int, str], str]] = {}
        self.versions: dict[str, list[Claim]] = {}
        self.last_assertion: dict[str, tuple[int, int, int]] = {}
        self.denied = False
        self.series = Series()

    def add(self, claim: Claim, recency: tuple[int, int, int, str]) -> None:
        identity = claim.claimant.identity
        self.series.add(identity, claim)
        known = self.latest.get(identity)
        self.versions.setdefault(claim.id, []).append(claim)  # more than one: a collision
        if known is None or recency > known[0]:
            self.latest[identity] = (recency, claim.id)
        if claim.stance is Stance.DENIES:
            self.denied = True
        else:
            note_assertion(self.last_assertion, claim, recency[:3])

    def now(self) -> tuple[ReconciliationStatus, FigureRange | None]:
        current = [c for _, claim_id in self.latest.values() for c in self.versions[claim_id]]
        compared = self.series.compared(current)
        last = self.last_assertion if self.denied else None
        status = status_of(current, compared, last, disputed=bool(disputed_details(current)))
        asserted = (c for c in compared if c.stance is Stance.ASSERTS)
        return status, range_of([(c.quantity, c.id) for c in asserted if c.quantity is not None])


def timeline(claims: Sequence[Claim]) -> tuple[StatusChange, ...]:
    """The changes of status and range of one subject, in the order its claims were made.

    Args:
        claims: The claims about one subject (as in a :class:`SubjectReconciliation`).

    Returns:
        One :class:`StatusChange` per instant at which the status or the range changed
        (the first instant always), oldest first; claims without a known time last.
    """
    keyed = sorted(  # by when made (the recency's stated end), unknown last; then id
        (
            ((said is None, 0 if said is None else rank[2], claim.id), said, rank, claim)
            for claim in claims
            for said, rank in ((said_time(claim), recency(claim)),)
        ),
        key=lambda k: k[0],  # stable: versions of one id (a collision) keep their order
    )
    state = _State()
    changes: list[StatusChange] = []
    previous: tuple[ReconciliationStatus, FigureRange | None] | None = None
    for _, group in itertools.groupby(keyed, key=lambda k: k[0][:2]):
        made = list(group)
        for _, _, rank, claim in made:
            state.add(claim, rank)
        now = state.now()
        if now != previous:
            at, ids = made[0][1], tuple(k[3].id for k in made)
            changes.append(trusted(StatusChange, at=at, claims=ids, status=now[0], range=now[1]))
            previous = now
    return tuple(changes)
