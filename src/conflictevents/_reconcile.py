"""Reconciling conflicting claims: who says what, the range, what is contested.

:func:`reconcile` groups claims by a deterministic *subject key* (:func:`subject_key`)
and returns a :class:`Reconciliation`: one :class:`SubjectReconciliation` per subject,
each a plain serializable model whose every field is a function of the set of claims
in it (and the estimate policy's name). That makes reconciliation order-independent,
insensitive to duplicates, and partial results combine with
:meth:`Reconciliation.merge`, which is commutative, associative and idempotent.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import itertools
import math
import operator
import statistics
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, Literal, Protocol, TypeVar, runtime_checkable

import attrs
import pendulum

from . import _validators as v
from ._claims import (
    SUBJECT_TYPES,
    CasualtyCount,
    Claim,
    EquipmentLoss,
    Stance,
    Subject,
    TerritorialControl,
    Verification,
)
from ._events import EVENT_TYPES, Attack
from ._ids import derive_id
from ._locations import Location
from ._names import name_key
from ._quantity import Quantity
from ._sources import Source
from ._time import TimeSpan, _micros
from .exceptions import ReconciliationError

__all__ = [
    "CONSERVATIVE",
    "MEDIAN_OF_INDEPENDENT",
    "UCDP",
    "ClaimStanding",
    "ConservativePolicy",
    "Estimate",
    "EstimatePolicy",
    "FigureRange",
    "MedianOfIndependentPolicy",
    "Reconciliation",
    "ReconciliationStatus",
    "SideRelation",
    "SubjectReconciliation",
    "UcdpPolicy",
    "claimant_identity",
    "point_of",
    "reconcile",
    "subject_key",
]


class ReconciliationStatus(enum.StrEnum):
    """How the current claims about one subject relate to each other.

    The statuses are checked in this order: a proposition that is both asserted and
    denied is ``contested`` whatever its figures say.
    """

    CONTESTED = "contested"
    """Asserted by one party and denied by another, and the denial stands."""
    DENIED = "denied"
    """Only denied: every claimant that still speaks to it denies it."""
    CONCEDED = "conceded"
    """Denied once, but the denying party later asserted it (or withdrew the denial)."""
    UNKNOWN = "unknown"
    """Claims about a count exist, but none gives a figure."""
    DIVERGENT = "divergent"
    """The current figures cannot all be true: their bounds do not overlap."""
    CONSISTENT = "consistent"
    """The current figures' bounds overlap (or a proposition is only asserted)."""


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


@attrs.frozen(kw_only=True)
class ClaimStanding:
    """A claimant's current claim on a subject: what it says and from which side.

    Attributes:
        claim: The claim's id.
        claimant: The claimant's identity (see :func:`claimant_identity`).
        stance: Asserts or denies.
        quantity: The claim's figure, if any.
        side: The claimant's relation to the subject.
        independent: Whether the claim is independently verified
            (:attr:`Verification.is_independent`).
    """

    type: Literal["claim_standing"] = attrs.field(
        default="claim_standing", validator=v.literal("claim_standing")
    )
    claim: str = attrs.field(validator=v.non_empty_str)
    claimant: str = attrs.field(validator=v.non_empty_str)
    stance: Stance = attrs.field(validator=v.enum_member(Stance))
    quantity: Quantity | None = attrs.field(validator=v.optional_instance_of(Quantity))
    side: SideRelation = attrs.field(validator=v.enum_member(SideRelation))
    independent: bool = attrs.field(default=False, validator=v.instance_of(bool))

    @property
    def point(self) -> int | None:
        """The figure as one number: its value, kept inside its bounds (see :func:`point_of`)."""
        return None if self.quantity is None else point_of(self.quantity)


@attrs.frozen(kw_only=True)
class FigureRange:
    """The lowest and highest count a set of figures allows, and who gives each bound.

    Attributes:
        low: The smallest lower bound (an open lower bound counts as 0).
        high: The largest upper bound; ``None`` when some figure is open above
            ("at least 2,000").
        low_claims: Ids of the claims that give ``low``.
        high_claims: Ids of the claims that give ``high`` (for ``None``: the open ones).
    """

    type: Literal["figure_range"] = attrs.field(
        default="figure_range", validator=v.literal("figure_range")
    )
    low: int = attrs.field(validator=v.count)
    high: int | None = attrs.field(validator=v.optional_count)
    low_claims: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    high_claims: tuple[str, ...] = attrs.field(
        validator=v.tuple_of(v.non_empty_str, non_empty=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.high is not None and self.high < self.low:
            raise v.fail(self, "high", self.high, f"{self.high} is less than low ({self.low})")

    def contains(self, other: FigureRange) -> bool:
        """Whether ``other`` lies within this range (a wider range contains a narrower)."""
        if other.low < self.low:
            return False
        if self.high is None:
            return True
        return other.high is not None and other.high <= self.high


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

    type: Literal["estimate"] = attrs.field(default="estimate", validator=v.literal("estimate"))
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


def point_of(quantity: Quantity) -> int:
    """One number for a figure: its value, or the middle of a valueless ``between``.

    The number is kept inside the figure's bounds, so "more than 350" gives 351 and
    "less than 100" gives 99.
    """
    low = quantity.low or 0
    high = quantity.high
    if quantity.value is not None:
        point = quantity.value
    else:
        point = low if high is None else (low + high) // 2
    point = max(point, low)
    return point if high is None else min(point, high)


def _ids(figures: Iterable[ClaimStanding]) -> tuple[str, ...]:
    return tuple(sorted({f.claim for f in figures}))


@attrs.frozen(kw_only=True)
class ConservativePolicy:
    """The lowest figure, as ACLED codes fatalities: "the most conservative estimate".

    ``best`` (and ``low`` and ``high``) is the lowest :func:`point_of` among the
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


# -- subject keys -----------------------------------------------------------------------

_HALF_DAY = 43_200
_DAY = 86_400
_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


@functools.lru_cache(maxsize=4096)
def _day_label(epoch_day: int) -> str:
    return pendulum.Date.fromordinal(_EPOCH_ORDINAL + epoch_day).isoformat()


_claim_id = operator.attrgetter("id")

_START_DAYS: dict[tuple[object, int, int, int], str] = {}


def _start_day(span: TimeSpan | None) -> str:
    """The day a period starts, rounded to the nearest midnight UTC; ``*`` if unknown.

    Rounding (not truncating) maps a local midnight anywhere from UTC-11 to UTC+12 onto
    its own calendar date: "since 24 February" in Kyiv (22:00 UTC on the 23rd) is the 24th.
    Memoised by zone and local minute: many periods start at the same moment, and the
    zone's offset lookup is the costly part.
    """
    if span is None or span.start is None:
        return "*"
    start = span.start
    memo = (
        start.tzinfo,
        start.toordinal(),
        start.hour * 3600 + start.minute * 60 + start.second,
        start.fold,
    )
    day = _START_DAYS.get(memo)
    if day is None:
        if len(_START_DAYS) > 100_000:
            _START_DAYS.clear()
        day = _START_DAYS[memo] = _day_label(int((start.timestamp() + _HALF_DAY) // _DAY))
    return day


def _place(place: Location | None) -> str:
    return "*" if place is None else name_key(place.name)


def _casualty_key(s: CasualtyCount) -> str:
    key = (
        f"casualty_count/side={s.side or '*'}/category={s.category}/outcome={s.outcome}"
        f"/since={_start_day(s.period)}/place={_place(s.place)}"
    )
    return key if s.event is None else f"{key}/event={s.event}"


def _equipment_key(s: EquipmentLoss) -> str:
    key = (
        f"equipment_loss/side={s.side or '*'}/equipment={name_key(s.equipment)}"
        f"/status={s.status}/since={_start_day(s.period)}/place={_place(s.place)}"
    )
    return key if s.event is None else f"{key}/event={s.event}"


def _control_key(s: TerritorialControl) -> str:
    return (
        f"territorial_control/place={_place(s.place)}/controller={s.controller}/extent={s.extent}"
    )


def _attack_key(s: Attack) -> str:
    return (
        f"attack/kind={s.kind}/attacker={s.attacker or '*'}/place={_place(s.place)}"
        f"/day={_start_day(s.when)}"
    )


def subject_key(subject: Subject | Claim) -> str:
    """The key that says which claims are about "the same subject".

    Claims with equal keys are reconciled together. The key is computed from the
    subject alone, never by comparing claims pairwise, so grouping is deterministic:

    - a casualty count: side, category, outcome, the day its period starts and the
      place; *not* the figure nor the period's end, which is the "as of" of a
      cumulative count (498 killed "since 24 February", said on 2 March, and 9,000
      "since 24 February", said on 3 March, are one subject);
    - an equipment loss: side, equipment (by :func:`name_key`), status, period start,
      place;
    - a count (casualties or equipment) that names the event it counts (``event``):
      the above and that event id, so counts of different events never share a key
      (two UCDP events on the same day and place); a count without ``event`` keys as
      above;
    - territorial control: the place, the controller and the extent (not ``change``);
    - an attack: kind, attacker, place and the day it happened;
    - any other event: its type and id.

    Days are rounded to the nearest midnight UTC; places compare by
    :func:`name_key` of their canonical name ("Kiev" and "Kyiv" are one place), so
    normalise place names first where reports name places differently.

    Args:
        subject: A subject, or a claim (its subject is used).

    Returns:
        A readable key such as
        ``"casualty_count/side=RU/category=military/outcome=killed/since=2022-02-24/place=*"``.
    """
    if isinstance(subject, Claim):
        subject = subject.subject
    keyer = _KEYERS.get(type(subject))
    if keyer is not None:
        return keyer(subject)
    event_id = getattr(subject, "id", None)
    if not isinstance(subject, SUBJECT_TYPES) or not isinstance(event_id, str):
        raise TypeError(f"not a subject: {type(subject).__name__}")
    return f"{subject.type}/id={event_id}"


def _event_key(s: Any) -> str:  # noqa: ANN401 - any event model
    return f"{s.type}/id={s.id}"


_KEYERS: dict[type, Callable[[Any], str]] = {
    **dict.fromkeys(EVENT_TYPES, _event_key),
    CasualtyCount: _casualty_key,
    EquipmentLoss: _equipment_key,
    TerritorialControl: _control_key,
    Attack: _attack_key,
}


# -- claimants and time ----------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _identity(name: str, anchor: str | None) -> str:
    name = " ".join(name.split())
    return name if anchor is None else f"{name} ({anchor})"


def claimant_identity(source: Source) -> str:
    """Who a claim is attributed to: the organisation a source speaks for, as a key.

    A spokesperson's claims count as the organisation's (Konashenkov's as the Russian
    Defence Ministry's). The key is the organisation's canonical name with its
    country (or side) in brackets, ``"Russian Defence Ministry (RU)"``, so a "Defence
    Ministry" of Russia and one of Ukraine stay apart. Spelling variants of a name are
    *not* merged: give each organisation one canonical :class:`Source` (and use
    :func:`names_match` to find the variants).
    """
    org = source.organisation
    return _identity(org.name, org.country or org.side)


_DAWN = _micros(dt.datetime.min.replace(tzinfo=dt.UTC))
"""Before every instant: where a time is unknown."""


def _recency(claim: Claim) -> tuple[int, int, int, str]:
    """How recent a claim is: its figure's "as of", then when it was stated, then its id.

    The "as of" of a count is the end of its period when known (a cumulative count
    "since 24 February" up to 22 April), else the end of the statement's time (its
    start if the end is unknown). Unknown times come first. Times are instants in
    microseconds (:func:`_micros`): two datetimes sharing a zone compare by wall time,
    which ignores ``fold`` in the hour a DST change repeats.
    """
    stated = claim.stated
    if stated is None:
        start = end = _DAWN
    else:
        first = stated.start or stated.end
        start = _DAWN if first is None else _micros(first)
        end = start if stated.end is None else _micros(stated.end)
    as_of = _as_of(claim)
    return (_DAWN if as_of is None else as_of, start, end, claim.id)


def _as_of(claim: Claim) -> int | None:
    """The instant :func:`_recency` starts with, in microseconds (``None``: unknown)."""
    subject = claim.subject
    if isinstance(subject, CasualtyCount | EquipmentLoss):
        period = subject.period
        if period is not None and period.end is not None:
            return _micros(period.end)
    stated = claim.stated
    if stated is None:
        return None
    moment = stated.start if stated.end is None else stated.end
    return None if moment is None else _micros(moment)


def _latest(claims: Sequence[Claim], members: Sequence[int]) -> int:
    """The index of the most recent claim (by :func:`_recency`) among ``members``.

    The "as of" moments are compared first, alone; only the claims tied on the latest
    are ranked by their full :func:`_recency` (most claimants' claims differ there).
    """
    moments = [(_as_of(claims[i]), i) for i in members]
    known = [m for m, _ in moments if m is not None]
    if known:
        top = max(known)
        tied = [i for m, i in moments if m is not None and m == top]
    else:
        tied = list(members)
    if len(tied) == 1:
        return tied[0]
    return max(tied, key=lambda i: _recency(claims[i]))


def _side_of(source: Source) -> str | None:
    return source.side or source.organisation.side


def _subject_side(subject: Subject) -> str | None:
    if isinstance(subject, CasualtyCount | EquipmentLoss):
        return subject.side
    if isinstance(subject, TerritorialControl):
        return subject.controller
    if isinstance(subject, Attack):
        return subject.attacker
    return None


def _relation(claimant_side: str | None, subject_side: str | None) -> SideRelation:
    if claimant_side is None:
        return SideRelation.THIRD_PARTY
    if subject_side is None:
        return SideRelation.UNKNOWN
    return SideRelation.SELF if claimant_side == subject_side else SideRelation.ADVERSARY


# -- per-subject result ---------------------------------------------------------------


def _range(quantities: Sequence[tuple[Quantity, str]]) -> FigureRange | None:
    if not quantities:
        return None
    low = min(q.low or 0 for q, _ in quantities)
    open_high = [c for q, c in quantities if q.high is None]
    if open_high:
        high = None
        high_claims = open_high
    else:
        high = max(q.high for q, _ in quantities if q.high is not None)
        high_claims = [c for q, c in quantities if q.high == high]
    return _trusted(
        FigureRange,
        low=low,
        high=high,
        low_claims=tuple(sorted(c for q, c in quantities if (q.low or 0) == low)),
        high_claims=tuple(sorted(high_claims)),
    )


def ratio_of(points: Sequence[int]) -> float | None:
    """The largest point over the smallest (1.0 if all are 0; ``None`` if only the smallest is)."""
    lo, hi = min(points), max(points)
    if lo == 0:
        return 1.0 if hi == 0 else None
    return hi / lo


def bounds_overlap(quantities: Sequence[Quantity]) -> bool:
    """Whether the figures can all be true: some count lies within every one's bounds."""
    highest_low = max(q.low or 0 for q in quantities)
    highs = [q.high for q in quantities if q.high is not None]
    return not highs or highest_low <= min(highs)


def _spread(figures: Sequence[ClaimStanding]) -> float | None:
    points = [s.point for s in figures if s.point is not None]
    return ratio_of(points) if points else None


def _overlap(figures: Sequence[ClaimStanding]) -> bool:
    return bounds_overlap([s.quantity for s in figures if s.quantity is not None])


@attrs.frozen(kw_only=True)
class SubjectReconciliation:
    """Everything the claims about one subject say, and how they relate.

    Build it with :func:`reconcile`; every field but ``key``, ``claims`` and the
    policy's estimate is derived from the claims, so two equal sets of claims give
    equal results.

    Attributes:
        key: The subject key (:func:`subject_key`).
        subject: The subject as its first claim (by id) states it.
        claims: Every claim kept, sorted by id, duplicates removed.
        current: Each claimant's latest claim on the subject, sorted by claim id:
            what it says and from which side (:class:`ClaimStanding`).
        superseded: The ids of the claims a later claim of the same claimant
            replaced, sorted (:meth:`superseded_by` says which).
        claimants: The claimants' identities, sorted.
        status: Contested, denied, conceded, unknown, divergent or consistent.
        range: Low-high over the current asserted figures, with the claims giving each
            bound; ``None`` without figures.
        envelope: Low-high over *every* asserted figure, superseded ones included:
            it never narrows when claims are added.
        spread: The largest current figure divided by the smallest (9,000 / 498 ≈ 18),
            ``None`` without figures or when only the smallest is 0.
        verified: Whether any claim on the subject is independently verified.
        estimate: The best estimate under the reconciliation's policy, if any.
    """

    type: Literal["subject_reconciliation"] = attrs.field(
        default="subject_reconciliation", validator=v.literal("subject_reconciliation")
    )
    key: str = attrs.field(validator=v.non_empty_str)
    subject: Subject = attrs.field(validator=v.instance_of(SUBJECT_TYPES))
    claims: tuple[Claim, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(Claim), non_empty=True)
    )
    current: tuple[ClaimStanding, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(ClaimStanding), non_empty=True)
    )
    superseded: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.non_empty_str))
    claimants: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    status: ReconciliationStatus = attrs.field(validator=v.enum_member(ReconciliationStatus))
    range: FigureRange | None = attrs.field(
        default=None, validator=v.optional_instance_of(FigureRange)
    )
    envelope: FigureRange | None = attrs.field(
        default=None, validator=v.optional_instance_of(FigureRange)
    )
    spread: float | None = attrs.field(default=None)
    verified: bool = attrs.field(default=False, validator=v.instance_of(bool))
    estimate: Estimate | None = attrs.field(
        default=None, validator=v.optional_instance_of(Estimate)
    )

    @spread.validator
    def _check_spread(self, attribute: attrs.Attribute[float | None], value: object) -> None:
        if value is not None:
            v.finite_float(1.0, math.inf)(self, attribute, value)

    def __attrs_post_init__(self) -> None:
        if len(self.current) + len(self.superseded) != len(self.claims):
            raise v.fail(
                self,
                "superseded",
                len(self.superseded),
                "every claim is either current or superseded",
            )

    @property
    def figures(self) -> tuple[ClaimStanding, ...]:
        """The current asserted figures: what the range, spread and estimate use."""
        return tuple(
            s for s in self.current if s.stance is Stance.ASSERTS and s.quantity is not None
        )

    def superseded_by(self, claim_id: str) -> str | None:
        """The id of the claim that superseded this one; ``None`` for a current claim.

        Raises:
            KeyError: No claim of this subject has the id.
        """
        if any(s.claim == claim_id for s in self.current):
            return None
        identity = claimant_identity(self.claim(claim_id).claimant)
        return next(s.claim for s in self.current if s.claimant == identity)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id.

        Raises:
            KeyError: No claim of this subject has the id.
        """
        claims = self.claims
        i = bisect.bisect_left(claims, claim_id, key=_claim_id)
        if i < len(claims) and claims[i].id == claim_id:
            return claims[i]
        raise KeyError(claim_id)


def _party(claim: Claim, identity: str) -> str:
    side = _side_of(claim.claimant)
    return f"side:{side}" if side is not None else f"claimant:{identity}"


def _conceded(last_assertion: tuple[int, int, int] | None, denial: Claim) -> bool:
    """Whether the denying party asserted the subject after this denial."""
    return last_assertion is not None and last_assertion > _recency(denial)[:3]


def _status(
    claims: Sequence[Claim],
    identities: Sequence[str],
    latest: dict[str, int],
    figures: Sequence[ClaimStanding],
) -> ReconciliationStatus:
    denials = [i for i, c in enumerate(claims) if c.stance is Stance.DENIES]
    if denials:
        last_assertion: dict[str, tuple[int, int, int]] = {}
        for i, c in enumerate(claims):
            if c.stance is Stance.ASSERTS:
                party = _party(c, identities[i])
                when = _recency(c)[:3]
                known = last_assertion.get(party)
                if known is None or when > known:
                    last_assertion[party] = when
        open_denials = [
            i
            for i in denials
            if latest[identities[i]] == i
            and not _conceded(last_assertion.get(_party(claims[i], identities[i])), claims[i])
        ]
        if open_denials:
            asserted = any(claims[i].stance is Stance.ASSERTS for i in latest.values())
            return ReconciliationStatus.CONTESTED if asserted else ReconciliationStatus.DENIED
        return ReconciliationStatus.CONCEDED
    if not figures:
        if isinstance(claims[0].subject, CasualtyCount | EquipmentLoss):
            return ReconciliationStatus.UNKNOWN
        return ReconciliationStatus.CONSISTENT
    return ReconciliationStatus.CONSISTENT if _overlap(figures) else ReconciliationStatus.DIVERGENT


_T = TypeVar("_T")
_DEFAULTS: dict[type, tuple[tuple[str, object], ...]] = {}


def _trusted(cls: type[_T], **values: object) -> _T:
    """Build a model whose invariants hold by construction, skipping its validators.

    :func:`reconcile` makes one result per subject and one standing per claimant;
    running every validator on them costs more than the reconciliation itself. The
    tests check that every result passes its validators (``attrs.evolve`` re-runs them).
    """
    fields = _DEFAULTS.get(cls)
    if fields is None:
        fields = _DEFAULTS[cls] = tuple(
            (f.name, f.default)
            for f in attrs.fields(cls)  # type: ignore[arg-type]
        )
    obj = object.__new__(cls)
    for name, default in fields:
        object.__setattr__(obj, name, values.get(name, default))
    return obj


_INDEPENDENT = frozenset(v for v in Verification if v.is_independent)


def _build(key: str, claims: tuple[Claim, ...], policy: EstimatePolicy) -> SubjectReconciliation:
    """The result for one subject from its claims, sorted by id without duplicates."""
    identities: list[str] = []
    groups: dict[str, list[int]] = {}
    asserted: list[tuple[Quantity, str]] = []
    verified = False
    independent = _INDEPENDENT
    asserts = Stance.ASSERTS
    for i, claim in enumerate(claims):
        org = claim.claimant
        while org.speaks_for is not None:
            org = org.speaks_for
        identity = _identity(org.name, org.country or org.side)
        identities.append(identity)
        group = groups.get(identity)
        if group is None:
            groups[identity] = [i]
        else:
            group.append(i)
        if claim.verification in independent:
            verified = True
        if claim.stance is asserts:
            subject = claim.subject
            if isinstance(subject, CasualtyCount | EquipmentLoss) and subject.quantity is not None:
                asserted.append((subject.quantity, claim.id))
    latest: dict[str, int] = {}
    superseded: list[str] = []
    for identity, members in groups.items():
        if len(members) == 1:
            latest[identity] = members[0]
            continue
        best = _latest(claims, members)
        latest[identity] = best
        superseded.extend(claims[i].id for i in members if i != best)
    subject_side = _subject_side(claims[0].subject)
    current = [
        _trusted(
            ClaimStanding,
            claim=claims[i].id,
            claimant=identity,
            stance=claims[i].stance,
            quantity=claims[i].quantity,
            side=_relation(_side_of(claims[i].claimant), subject_side),
            independent=claims[i].verification in _INDEPENDENT,
        )
        for identity, i in latest.items()
    ]
    current.sort(key=lambda s: s.claim)
    superseded.sort()
    figures = tuple(s for s in current if s.stance is Stance.ASSERTS and s.quantity is not None)
    return _trusted(
        SubjectReconciliation,
        key=key,
        subject=claims[0].subject,
        claims=claims,
        current=tuple(current),
        superseded=tuple(superseded),
        claimants=tuple(sorted(latest)),
        status=_status(claims, identities, latest, figures),
        range=_range([(s.quantity, s.claim) for s in figures]),  # type: ignore[misc]
        envelope=_range(asserted),
        spread=_spread(figures),
        verified=verified,
        estimate=policy.estimate(figures) if figures else None,
    )


def _union_range(a: FigureRange | None, b: FigureRange | None) -> FigureRange | None:
    """The range over the figures of both sides (each side's range over its own)."""
    if a is None or b is None:
        return a or b
    low = min(a.low, b.low)
    low_claims = {c for r in (a, b) if r.low == low for c in r.low_claims}
    if a.high is None or b.high is None:
        high = None
        high_claims = {c for r in (a, b) if r.high is None for c in r.high_claims}
    else:
        high = max(a.high, b.high)
        high_claims = {c for r in (a, b) if r.high == high for c in r.high_claims}
    return _trusted(
        FigureRange,
        low=low,
        high=high,
        low_claims=tuple(sorted(low_claims)),
        high_claims=tuple(sorted(high_claims)),
    )


def _merge_subject(
    ours: SubjectReconciliation, theirs: SubjectReconciliation, policy: EstimatePolicy
) -> SubjectReconciliation:
    """The result for the union of two results' claims, without re-reading every claim.

    A claimant's latest claim in the union is the later of its latest on each side, a
    claim superseded on one side stays superseded, and the envelope of the union is the
    union of the envelopes: only the current claims are compared again. Denials (whose
    status depends on every claim) and two versions of one id fall back to a rebuild.
    """
    claims = sorted(ours.claims + theirs.claims, key=_claim_id)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        unique: list[Claim] = []
        for claim in claims:
            if unique and unique[-1].id == claim.id:
                if unique[-1] != claim:
                    return _rebuild(ours, theirs, policy)
                continue
            unique.append(claim)
        claims = unique
    denies = Stance.DENIES
    if any(c.stance is denies for c in ours.claims) or any(
        c.stance is denies for c in theirs.claims
    ):
        return _rebuild(ours, theirs, policy)
    by_claimant: dict[str, ClaimStanding] = {s.claimant: s for s in ours.current}
    superseded = set(ours.superseded) | set(theirs.superseded)
    for standing in theirs.current:
        rival = by_claimant.get(standing.claimant)
        if rival is None or rival.claim == standing.claim:
            by_claimant[standing.claimant] = standing
            continue
        pair = [ours.claim(rival.claim), theirs.claim(standing.claim)]
        if _latest(pair, (0, 1)) == 1:
            by_claimant[standing.claimant] = standing
            superseded.add(rival.claim)
        else:
            superseded.add(standing.claim)
    current = sorted(by_claimant.values(), key=_claim_id_of_standing)
    figures = tuple(s for s in current if s.stance is Stance.ASSERTS and s.quantity is not None)
    merged_claims = tuple(claims)
    return _trusted(
        SubjectReconciliation,
        key=ours.key,
        subject=merged_claims[0].subject,
        claims=merged_claims,
        current=tuple(current),
        superseded=tuple(sorted(superseded)),
        claimants=tuple(sorted(by_claimant)),
        status=_status(merged_claims, (), {}, figures),
        range=_range([(s.quantity, s.claim) for s in figures]),  # type: ignore[misc]
        envelope=_union_range(ours.envelope, theirs.envelope),
        spread=_spread(figures),
        verified=ours.verified or theirs.verified,
        estimate=policy.estimate(figures) if figures else None,
    )


def _claim_id_of_standing(standing: ClaimStanding) -> str:
    return standing.claim


def _rebuild(
    ours: SubjectReconciliation, theirs: SubjectReconciliation, policy: EstimatePolicy
) -> SubjectReconciliation:
    bucket = {c.id: c for c in ours.claims}
    for claim in theirs.claims:
        _add(bucket, claim)
    return _build(ours.key, tuple([bucket[i] for i in sorted(bucket)]), policy)


# -- the whole ------------------------------------------------------------------------


def _version(claim: Claim) -> tuple[tuple[int, int, int], str]:
    return (_recency(claim)[:3], derive_id("version", claim))


def _add(bucket: dict[str, Claim], claim: Claim) -> None:
    """Add a claim; of two versions with one id (a correction), the more recent wins."""
    known = bucket.setdefault(claim.id, claim)
    if known is not claim and known != claim and _version(claim) > _version(known):
        bucket[claim.id] = claim


def _resolve(name: str, policy: EstimatePolicy | None) -> EstimatePolicy:
    if policy is not None:
        if policy.name != name:
            raise ReconciliationError(
                f"cannot merge reconciliations made under the policy {name!r} "
                f"using the policy {policy.name!r}"
            )
        return policy
    try:
        return BUILTIN_POLICIES[name]
    except KeyError:
        raise ReconciliationError(
            f"{name!r} is not a built-in policy: pass it to merge(policy=...)"
        ) from None


@attrs.frozen(kw_only=True)
class Reconciliation:
    """The reconciled view of a set of claims: one :class:`SubjectReconciliation` per subject.

    Make one with :func:`reconcile`; combine partial results with :meth:`merge`.

    Attributes:
        policy: The name of the estimate policy used.
        subjects: One result per subject, sorted by key.
    """

    type: Literal["reconciliation"] = attrs.field(
        default="reconciliation", validator=v.literal("reconciliation")
    )
    policy: str = attrs.field(default=CONSERVATIVE.name, validator=v.non_empty_str)
    subjects: tuple[SubjectReconciliation, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(SubjectReconciliation))
    )

    def __attrs_post_init__(self) -> None:
        keys = [s.key for s in self.subjects]
        if any(a >= b for a, b in itertools.pairwise(keys)):
            raise v.fail(self, "subjects", keys, "subjects must be sorted by key, keys unique")

    def __len__(self) -> int:
        return len(self.subjects)

    def __iter__(self) -> Iterator[SubjectReconciliation]:
        return iter(self.subjects)

    @property
    def keys(self) -> tuple[str, ...]:
        """The subject keys, sorted."""
        return tuple(s.key for s in self.subjects)

    @property
    def claim_count(self) -> int:
        """How many distinct claims were reconciled."""
        return sum(len(s.claims) for s in self.subjects)

    def subject(self, key: str) -> SubjectReconciliation:
        """The result for the subject with this key.

        Raises:
            KeyError: No subject has the key.
        """
        subjects = self.subjects
        i = bisect.bisect_left(subjects, key, key=lambda s: s.key)
        if i < len(subjects) and subjects[i].key == key:
            return subjects[i]
        raise KeyError(key)

    def of(self, claim: Claim | Subject) -> SubjectReconciliation:
        """The result for the subject a claim (or a subject) belongs to.

        Raises:
            KeyError: The subject is not in this reconciliation.
        """
        return self.subject(subject_key(claim))

    def with_status(self, status: ReconciliationStatus) -> tuple[SubjectReconciliation, ...]:
        """The subjects with this status, sorted by key."""
        return tuple(s for s in self.subjects if s.status is status)

    def merge(
        self, other: Reconciliation, *, policy: EstimatePolicy | None = None
    ) -> Reconciliation:
        """Combine two partial results: the same as reconciling all their claims at once.

        Merging is commutative, associative and idempotent. Subjects found in one side
        only are taken as they are; for the others, only each side's current claims are
        compared again (a claimant's latest in the union is the later of its latest on
        each side) and the envelopes combine, so merging costs far less than reconciling
        anew. Subjects with denials, whose status depends on every claim, are rebuilt.

        Args:
            other: Another reconciliation made under the same policy.
            policy: The policy object, needed only for a policy that is not built in.

        Raises:
            ReconciliationError: The policies differ, or a user policy was not passed.
        """
        if other.policy != self.policy:
            raise ReconciliationError(
                f"cannot merge a {self.policy!r} reconciliation with a {other.policy!r} one"
            )
        if not other.subjects:
            return self
        if not self.subjects:
            return other
        resolved: EstimatePolicy | None = None
        merged: dict[str, SubjectReconciliation] = {s.key: s for s in self.subjects}
        for theirs in other.subjects:
            ours = merged.get(theirs.key)
            if ours is None:
                merged[theirs.key] = theirs
                continue
            if ours.claims == theirs.claims:
                continue
            if resolved is None:
                resolved = _resolve(self.policy, policy)
            merged[theirs.key] = _merge_subject(ours, theirs, resolved)
        return Reconciliation(policy=self.policy, subjects=tuple(merged[k] for k in sorted(merged)))


def reconcile(claims: Iterable[Claim], *, policy: EstimatePolicy = CONSERVATIVE) -> Reconciliation:
    """Group claims by subject and say, per subject, who says what and how they relate.

    Args:
        claims: Any claims, in any order. Claims with equal ids count once: where
            their content differs (a correction made with :func:`attrs.evolve` keeps the
            id), the more recent version is kept, ties broken by content.
        policy: How to pick a best estimate per subject: :data:`CONSERVATIVE` (the
            default), :data:`UCDP`, :data:`MEDIAN_OF_INDEPENDENT`, or your own
            :class:`EstimatePolicy`.

    Returns:
        The :class:`Reconciliation`, subjects sorted by :func:`subject_key`.
    """
    buckets: dict[str, dict[str, Claim]] = {}
    keyers = _KEYERS
    for claim in claims:
        subject = claim.subject
        keyer = keyers.get(type(subject))
        key = keyer(subject) if keyer is not None else subject_key(subject)
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = {claim.id: claim}
        else:
            known = bucket.setdefault(claim.id, claim)
            if known is not claim:
                _add(bucket, claim)
    return Reconciliation(
        policy=policy.name,
        subjects=tuple(
            _build(key, tuple([bucket[i] for i in sorted(bucket)]), policy)
            for key, bucket in sorted(buckets.items())
        ),
    )
