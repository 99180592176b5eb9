"""Estimate policies: how the current figures on one subject become a best estimate.

A policy reads :class:`ClaimStanding` objects (each claimant's current claim, with its
figure and its :class:`SideRelation` to the subject) and returns an :class:`Estimate`;
:data:`CONSERVATIVE`, :data:`UCDP` and :data:`MEDIAN_OF_INDEPENDENT` are built in, and
any object that follows :class:`EstimatePolicy` can take their place.
"""

from __future__ import annotations

import datetime as dt
import enum
import statistics
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal, Protocol, runtime_checkable

import attrs

from . import _validators as v
from ._claims import CasualtyCount, EquipmentLoss, Stance, Subject, TerritorialControl
from ._events import Attack, Presence
from ._figures import point_of
from ._quantity import Quantity
from ._sources import Source

__all__ = [
    "BUILTIN_POLICIES",
    "CONSERVATIVE",
    "MEDIAN_OF_INDEPENDENT",
    "UCDP",
    "ClaimStanding",
    "ConservativePolicy",
    "Estimate",
    "EstimatePolicy",
    "MedianOfIndependentPolicy",
    "SideRelation",
    "UcdpPolicy",
    "side_of",
    "side_relation",
    "subject_side",
]


class SideRelation(enum.StrEnum):
    """Whose figure it is, relative to the subject: a party about itself or its adversary."""

    SELF = "self"
    """A party about itself: Russia's Defence Ministry on Russian losses."""
    ADVERSARY = "adversary"
    """A party about another party: Zelensky on Russian losses."""
    THIRD_PARTY = "third_party"
    """A claimant that is no party to the conflict (no ``side``): a monitor, an outlet."""
    UNKNOWN = "unknown"
    """The claimant is a party, but the subject names no side."""


def side_of(source: Source) -> str | None:
    """The party a source speaks from: its own side, else its organisation's."""
    return source.side or source.organisation.side


def subject_side(subject: Subject) -> str | None:
    """The party a subject is about: whose losses, who controls, who attacks."""
    if isinstance(subject, CasualtyCount | EquipmentLoss):
        return subject.side
    if isinstance(subject, TerritorialControl):
        return subject.controller
    if isinstance(subject, Attack):
        return None if subject.attacker is None else side_of(subject.attacker)
    if isinstance(subject, Presence):
        return subject.side
    return None


def side_relation(claimant_side: str | None, about: str | None) -> SideRelation:
    """How a claimant on ``claimant_side`` relates to a subject about the side ``about``."""
    if claimant_side is None:
        return SideRelation.THIRD_PARTY
    if about is None:
        return SideRelation.UNKNOWN
    return SideRelation.SELF if claimant_side == about else SideRelation.ADVERSARY


@attrs.frozen(kw_only=True)
class ClaimStanding:
    """A claimant's claim on a subject: what it says, from which side, as of which date.

    Attributes:
        claim: The claim's id.
        claimant: The claimant's identity (:attr:`Source.identity`).
        stance: Asserts or denies.
        quantity: The claim's figure, if any.
        side: The claimant's relation to the subject.
        independent: Whether the claim is independently verified
            (:attr:`Verification.is_independent`).
        as_of: The date the figure is as of: the last day of the counted period, for a
            count whose period has a known end (a cumulative series); else ``None``.
        aligned: ``False`` for a figure left out of the comparison because it is not
            as of the subject's aligned date (see
            :attr:`SubjectReconciliation.aligned_on`); ``True`` otherwise.
    """

    type: Literal["claim_standing"] = v.type_tag("claim_standing")
    claim: str = attrs.field(validator=v.non_empty_str)
    claimant: str = attrs.field(validator=v.non_empty_str)
    stance: Stance = attrs.field(validator=v.enum_member(Stance))
    quantity: Quantity | None = attrs.field(validator=v.optional_instance_of(Quantity))
    side: SideRelation = attrs.field(validator=v.enum_member(SideRelation))
    independent: bool = attrs.field(default=False, validator=v.instance_of(bool))
    as_of: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    aligned: bool = attrs.field(default=True, validator=v.instance_of(bool))

    @property
    def point(self) -> int | None:
        """The figure as one number, kept inside its bounds (:attr:`Quantity.point`)."""
        return None if self.quantity is None else point_of(self.quantity)


@attrs.frozen(kw_only=True)
class Estimate:
    """A best estimate under a named policy, UCDP style: low, best, high.

    Attributes:
        policy: The name of the policy that made it.
        low: The low estimate, if the policy gives one.
        best: The best estimate.
        high: The high estimate; ``None`` if open or not given.
        claims: Ids of the claims the estimate rests on.
    """

    type: Literal["estimate"] = v.type_tag("estimate")
    policy: str = attrs.field(validator=v.non_empty_str)
    low: int | None = attrs.field(default=None, validator=v.optional_count)
    best: int = attrs.field(validator=v.count)
    high: int | None = attrs.field(default=None, validator=v.optional_count)
    claims: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.non_empty_str))

    def __attrs_post_init__(self) -> None:
        if self.low is not None and self.low > self.best:
            raise v.fail(self, "low", self.low, f"{self.low} is above best ({self.best})")
        if self.high is not None and self.high < self.best:
            raise v.fail(self, "high", self.high, f"{self.high} is below best ({self.best})")


@runtime_checkable
class EstimatePolicy(Protocol):
    """How to turn the current figures of one subject into a best :class:`Estimate`.

    A policy is any object with a ``name`` and an ``estimate`` method. It must be a pure
    function of the *set* of figures it is given (they arrive sorted by claim id), so
    that reconciliation stays order-independent; see "Writing your own property tests"
    in the docs for the laws to check.
    """

    @property
    def name(self) -> str:
        """The policy's name, stored in every :class:`Estimate` and :class:`Reconciliation`."""
        ...

    def estimate(self, figures: tuple[ClaimStanding, ...]) -> Estimate | None:
        """The estimate from the current asserted figures, or ``None`` if it gives none.

        Args:
            figures: The current, asserting standings that carry a figure, sorted by
                claim id, never empty.
        """
        ...


def _ids(figures: Iterable[ClaimStanding]) -> tuple[str, ...]:
    return tuple(sorted({f.claim for f in figures}))


@attrs.frozen(kw_only=True)
class ConservativePolicy:
    """The lowest figure, as ACLED codes fatalities: "the most conservative estimate".

    ``best`` (and ``low`` and ``high``) is the lowest :attr:`Quantity.point` among the
    current asserted figures.
    """

    name: str = "conservative"

    def estimate(self, figures: tuple[ClaimStanding, ...]) -> Estimate | None:
        """The lowest figure, from the claims that give it."""
        points = [(point_of(f.quantity), f.claim) for f in figures if f.quantity is not None]
        if not points:
            return None
        best = min(p for p, _ in points)
        claims = tuple(sorted(c for p, c in points if p == best))
        return Estimate(policy=self.name, low=best, best=best, high=best, claims=claims)


def _preferred(figures: tuple[ClaimStanding, ...]) -> tuple[ClaimStanding, ...]:
    """Independently verified figures if any, else third-party ones, else all."""
    independent = tuple(f for f in figures if f.independent)
    if independent:
        return independent
    third = tuple(f for f in figures if f.side is SideRelation.THIRD_PARTY)
    return third or figures


@attrs.frozen(kw_only=True)
class UcdpPolicy:
    """UCDP style low / best / high.

    ``low`` is the smallest lower bound and ``high`` the largest upper bound (``None``
    when a figure is open above) of the current asserted figures; ``best`` is the
    median (the lower middle one for an even count) of the independently verified
    figures, or failing those of the third parties' figures, or failing those of all,
    kept within ``low`` to ``high``.
    """

    name: str = "ucdp"

    def estimate(self, figures: tuple[ClaimStanding, ...]) -> Estimate | None:
        """The low / best / high estimate."""
        quantities = [f.quantity for f in figures if f.quantity is not None]
        if not quantities:
            return None
        low = min(q.low or 0 for q in quantities)
        highs = [q.high for q in quantities]
        high = None if None in highs else max(h for h in highs if h is not None)
        preferred = _preferred(figures)
        best = statistics.median_low([f.point for f in preferred if f.point is not None])
        best = max(best, low) if high is None else min(max(best, low), high)
        return Estimate(policy=self.name, low=low, best=best, high=high, claims=_ids(figures))


@attrs.frozen(kw_only=True)
class MedianOfIndependentPolicy:
    """The median of figures from independent sources, or no estimate at all.

    A figure is independent when it is independently verified or its claimant is a
    third party (no side in the conflict). ``best`` is their median (the lower middle
    one for an even count), ``low`` and ``high`` their smallest and largest.
    """

    name: str = "median_of_independent"

    def estimate(self, figures: tuple[ClaimStanding, ...]) -> Estimate | None:
        """The median of the independent figures, or ``None`` if there is none."""
        chosen = [
            f
            for f in figures
            if f.quantity is not None and (f.independent or f.side is SideRelation.THIRD_PARTY)
        ]
        if not chosen:
            return None
        points = sorted(point_of(f.quantity) for f in chosen if f.quantity is not None)
        return Estimate(
            policy=self.name,
            low=points[0],
            best=statistics.median_low(points),
            high=points[-1],
            claims=_ids(chosen),
        )


CONSERVATIVE = ConservativePolicy()
"""The lowest current figure (ACLED's convention); the default policy."""
UCDP = UcdpPolicy()
"""UCDP style low / best / high."""
MEDIAN_OF_INDEPENDENT = MedianOfIndependentPolicy()
"""The median of independently verified and third-party figures."""

BUILTIN_POLICIES: Final[Mapping[str, EstimatePolicy]] = MappingProxyType(
    {p.name: p for p in (CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT)}
)
"""The built-in policies by name: what :meth:`Reconciliation.merge` and the CLI resolve."""
