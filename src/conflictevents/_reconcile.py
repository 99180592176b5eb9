"""Reconciling conflicting claims: who says what, the range, what is contested.

:func:`reconcile` groups claims by their subject key (:mod:`._subject_keys`) and returns
a :class:`Reconciliation`: one :class:`SubjectReconciliation` per subject, each a plain
serializable model whose every field is a function of the set of claims in it (and the
estimate policy's name, :mod:`._estimates`). That makes reconciliation order-independent,
insensitive to duplicates, and partial results combine with
:meth:`Reconciliation.merge`, which is commutative, associative and idempotent.

This module is the engine: the result models, and building and merging them through
one constructor (:func:`_result`) and one order of claims (:func:`in_id_order`).
Which claim is a claimant's latest lives in :mod:`._recency`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs
import pendulum

from . import _validators as v
from ._alignment import Series, as_date, figure_date
from ._as_of import AsOf, said_in
from ._assessments import Assessment
from ._claims import (
    SUBJECT_TYPES,
    CasualtyCount,
    Claim,
    Group,
    Stance,
    Subject,
    Verification,
    status_quantity,
)
from ._codegen import Source, define
from ._details import DisputedDetail, disputed_details
from ._estimates import (
    BUILTIN_POLICIES,
    CONSERVATIVE,
    ClaimStanding,
    Estimate,
    EstimatePolicy,
    side_of,
    side_relation,
    subject_side,
)
from ._figures import bounds_overlap, ratio_of
from ._quantity import Quantity
from ._recency import COUNTS, Versions, add, as_of_key, content, latest, recency, settle
from ._subject_keys import KEYERS, subject_key
from ._time import _micros, as_instant
from .exceptions import ReconciliationError

if TYPE_CHECKING:
    from ._timeline import StatusChange

__all__ = [
    "FigureRange",
    "PartRange",
    "Reconciliation",
    "ReconciliationStatus",
    "SubjectReconciliation",
    "reconcile",
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
    """The current accounts cannot all be true: their figures' bounds do not overlap, or
    accounts of one identified event give its details differently (see
    :attr:`SubjectReconciliation.disputed`)."""
    CONSISTENT = "consistent"
    """The current figures' bounds overlap (or a proposition is only asserted)."""


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

    type: Literal["figure_range"] = v.type_tag("figure_range")
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
class PartRange:
    """The range the current claims give one part of a count ("including 7 children").

    Attributes:
        group: Which people the part counts.
        label: The group as worded, for ``other`` parts (each label its own part).
        range: Low-high over the parts the current asserted claims give, with the
            claims giving each bound. A part is never more than its claim's whole, so
            ``range.low`` is never above the subject's ``range.high``.
        related: The subject key of a count of just this part (for the groups that
            are a category: military, civilians), where figures for that part alone
            are reconciled; ``None`` for other groups.
    """

    type: Literal["part_range"] = v.type_tag("part_range")
    group: Group = attrs.field(validator=v.enum_member(Group))
    label: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    range: FigureRange = attrs.field(validator=v.instance_of(FigureRange))
    related: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)


_claim_id = operator.attrgetter("id")


# -- per-subject result ---------------------------------------------------------------


def _range(
    lows: Sequence[tuple[int, str]], highs: Sequence[tuple[int | None, str]]
) -> FigureRange | None:
    """The range of figures given as (bound, claim) pairs (an open bound: 0 or ``None``)."""
    if not lows:
        return None
    if len(lows) == 1 == len(highs):  # one figure (the lists are not always paired)
        (low, low_claim), (high, high_claim) = lows[0], highs[0]
        return made(FigureRange)(
            low=low, high=high, low_claims=(low_claim,), high_claims=(high_claim,)
        )
    low = min(n for n, _ in lows)
    high = None if any(n is None for n, _ in highs) else max(n for n, _ in highs if n is not None)
    return trusted(
        FigureRange,
        low=low,
        high=high,
        low_claims=tuple(sorted({c for n, c in lows if n == low})),
        high_claims=tuple(sorted({c for n, c in highs if n == high})),
    )


def range_of(figures: Sequence[tuple[Quantity, str]]) -> FigureRange | None:
    """The range of figures given as (quantity, claim) pairs."""
    return _range([(q.low or 0, c) for q, c in figures], [(q.high, c) for q, c in figures])


def _spread(figures: Sequence[ClaimStanding]) -> float | None:
    points = [s.point for s in figures if s.point is not None]
    return ratio_of(points) if points else None


@attrs.frozen(kw_only=True)
class SubjectReconciliation:
    """Everything the claims about one subject say, and how they relate.

    Build it with :func:`reconcile`; every field but ``key``, ``claims`` and the
    policy's estimate is derived from the claims, so two equal sets of claims give
    equal results.

    Attributes:
        key: The subject key (:func:`subject_key`).
        subject: The subject as its first claim (by id) states it.
        claims: Every claim kept, sorted by id, duplicates removed: of claims with one
            id (versions of one claim), the latest only, by :attr:`Claim.recorded`;
            for an id in ``version_collisions``, each of its versions that may be the
            latest (one per content).
        current: Each claimant's latest claim on the subject, sorted by claim id:
            what it says and from which side (:class:`ClaimStanding`). A claim in
            ``version_collisions`` stands once per colliding version.
        superseded: The ids of the claims a later claim of the same claimant
            replaced, sorted (:meth:`superseded_by` says which).
        superseded_versions: The older versions of the claims: each replaced by a
            version of its id recorded later. Sorted by id, then recorded time.
        version_collisions: The ids of the claims whose versions cannot be ordered
            (no recorded time, or one recorded time for different contents): all of
            them are kept in ``claims`` and none is chosen. Empty when every claim's
            versions are ordered; otherwise the subject's figures are in doubt.
        claimants: The claimants' identities, sorted.
        status: Contested, denied, conceded, unknown, divergent or consistent.
        range: Low-high over the compared figures (:attr:`figures`), with the claims
            giving each bound; ``None`` without figures.
        envelope: Low-high over *every* asserted figure, superseded ones included:
            it never narrows when claims are added.
        spread: The largest compared figure divided by the smallest (9,000 / 498 ≈ 18),
            ``None`` without figures or when only the smallest is 0.
        verified: Whether any claim on the subject is independently verified.
        estimate: The best estimate under the reconciliation's policy, if any.
        assessments: What others say of the subject or its claims
            (:class:`Assessment`), sorted by id: shown beside the status, which they
            never change.
        aligned_on: For a cumulative series (counts whose period has a known end), the
            date at which the claimants' figures are compared: the latest date every
            claimant's series covers (see :func:`reconcile`). ``None`` when no figure
            is dated (not a series: every current figure is compared), or when the
            claimants share no date (none is).
        aligned_earlier: The figures as of ``aligned_on`` of the claimants whose current
            claim is later (and so not aligned): compared in its place, sorted by claim id.
        parts: The breakdown the current asserted counts give ("including 7 children"),
            one :class:`PartRange` per group, sorted by group and label.
        disputed: The details that current accounts of one identified event give
            differently (who attacked, by what means), each value with the claims that
            give it, sorted by field; empty when they agree or the subject is not an
            identified event (:func:`~conflictevents.subject_key`).
    """

    type: Literal["subject_reconciliation"] = v.type_tag("subject_reconciliation")
    key: str = attrs.field(validator=v.non_empty_str)
    subject: Subject = attrs.field(validator=v.instance_of(SUBJECT_TYPES))
    claims: tuple[Claim, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(Claim), non_empty=True)
    )
    current: tuple[ClaimStanding, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(ClaimStanding), non_empty=True)
    )
    superseded: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.non_empty_str))
    superseded_versions: tuple[Claim, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Claim))
    )
    version_collisions: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.non_empty_str)
    )
    claimants: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    status: ReconciliationStatus = attrs.field(validator=v.enum_member(ReconciliationStatus))
    range: FigureRange | None = attrs.field(
        default=None, validator=v.optional_instance_of(FigureRange)
    )
    envelope: FigureRange | None = attrs.field(
        default=None, validator=v.optional_instance_of(FigureRange)
    )
    spread: float | None = attrs.field(
        default=None, validator=v.optional(v.finite_float(1.0, math.inf))
    )
    verified: bool = attrs.field(default=False, validator=v.instance_of(bool))
    estimate: Estimate | None = attrs.field(
        default=None, validator=v.optional_instance_of(Estimate)
    )
    assessments: tuple[Assessment, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Assessment))
    )
    aligned_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    aligned_earlier: tuple[ClaimStanding, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(ClaimStanding))
    )
    disputed: tuple[DisputedDetail, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(DisputedDetail))
    )
    parts: tuple[PartRange, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(PartRange))
    )

    def __attrs_post_init__(self) -> None:
        ids = {c.id for c in self.claims}
        if len({s.claim for s in self.current}) + len(self.superseded) != len(ids):
            raise v.fail(
                self,
                "superseded",
                len(self.superseded),
                "every claim is either current or superseded",
            )

    @property
    def figures(self) -> tuple[ClaimStanding, ...]:
        """The compared figures, what the range, spread, status and estimate use, by claim id.

        The current asserted figures that are aligned, and :attr:`aligned_earlier`.
        """
        return _compared(self.current, self.aligned_earlier)

    def superseded_by(self, claim_id: str) -> str | None:
        """The id of the claim that superseded this one; ``None`` for a current claim.

        Raises:
            KeyError: No claim of this subject has the id.
        """
        if any(s.claim == claim_id for s in self.current):
            return None
        identity = self.claim(claim_id).claimant.identity
        return next(s.claim for s in self.current if s.claimant == identity)

    def versions(self, claim_id: str) -> tuple[Claim, ...]:
        """Every version of the claim with this id, older ones first.

        One version for most claims; for an id in ``version_collisions``, the ones
        that collide come last, in no meaningful order.

        Raises:
            KeyError: No claim of this subject has the id.
        """
        found = tuple(c for c in self.superseded_versions if c.id == claim_id)
        found += tuple(c for c in self.claims if c.id == claim_id)
        if not found:
            raise KeyError(claim_id)
        return found

    def timeline(self) -> tuple[StatusChange, ...]:
        """How the status and range changed, in the order the claims were made.

        One :class:`StatusChange` per instant at which they changed (the first
        always), with the claims made then; the status and range after an instant are
        those of ``reconcile(claims, as_of=instant)``, and the last entry's are this
        result's. Claims with no known time (see :func:`reconcile`'s ``as_of``) come
        last, at ``None``. One pass over the claims, not one reconciliation per instant.
        """
        from ._timeline import timeline  # noqa: PLC0415 - _timeline imports this module

        return timeline(self.claims)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id (its latest version).

        For an id in ``version_collisions``, the first of its colliding versions:
        :meth:`versions` gives them all.

        Raises:
            KeyError: No claim of this subject has the id.
        """
        claims = self.claims
        i = bisect.bisect_left(claims, claim_id, key=_claim_id)
        if i < len(claims) and claims[i].id == claim_id:
            return claims[i]
        raise KeyError(claim_id)


def _party(claim: Claim) -> str:
    """Who asserts or denies, for concessions: a side, or a claimant without one."""
    side = side_of(claim.claimant)
    return f"side:{side}" if side is not None else f"claimant:{claim.claimant.identity}"


def note_assertion(
    last: dict[str, tuple[int, int, int]], claim: Claim, when: tuple[int, int, int]
) -> None:
    """Note that the :func:`_party` of ``claim`` asserted at ``when`` (its recency's times)."""
    key = _party(claim)
    known = last.get(key)
    if known is None or when > known:
        last[key] = when


def _conceded(last_assertion: tuple[int, int, int] | None, denial: Claim) -> bool:
    """Whether the denying party asserted the subject after this denial."""
    return last_assertion is not None and last_assertion > recency(denial)[:3]


def status_of(
    current: Sequence[Claim],
    compared: Iterable[Claim],
    last_assertions: Mapping[str, tuple[int, int, int]] | None,
    *,
    disputed: bool = False,
) -> ReconciliationStatus:
    """A subject's status: the first of :class:`ReconciliationStatus` that holds.

    Args:
        current: Each claimant's latest claim (its subject says whether it is a count:
            no figure is then ``unknown``).
        compared: The claims whose figures are compared (:meth:`Series.compared
            <._alignment.Series.compared>`): their asserted figures, a rising count's
            as a floor (:func:`~._claims.status_quantity`).
        last_assertions: When each party last asserted the subject (:func:`note_assertion`);
            ``None`` when no claim on the subject denies it.
        disputed: Whether current accounts give some detail differently
            (:func:`~conflictevents._details.disputed_details`): ``divergent``.
    """
    if last_assertions is not None:
        denials = (c for c in current if c.stance is Stance.DENIES)
        if all(_conceded(last_assertions.get(_party(c)), c) for c in denials):
            return ReconciliationStatus.CONCEDED
        if any(c.stance is Stance.ASSERTS for c in current):
            return ReconciliationStatus.CONTESTED
        return ReconciliationStatus.DENIED
    if disputed:
        return ReconciliationStatus.DIVERGENT
    asserted = (status_quantity(c) for c in compared if c.stance is Stance.ASSERTS)
    figures = [q for q in asserted if q is not None]
    if figures:
        overlap = bounds_overlap(figures)
        return ReconciliationStatus.CONSISTENT if overlap else ReconciliationStatus.DIVERGENT
    counted = current[0].subject.__class__ in COUNTS
    return ReconciliationStatus.UNKNOWN if counted else ReconciliationStatus.CONSISTENT


def _parts(current: Sequence[Claim]) -> tuple[PartRange, ...]:
    """The range of each part the current asserted counts break down."""
    given: dict[tuple[str, str], tuple[Group, str | None, list[tuple[Quantity, str]], str | None]]
    given = {}
    for claim in current:
        subject = claim.subject
        if claim.stance is not Stance.ASSERTS or not isinstance(subject, CasualtyCount):
            continue
        for part in subject.parts:
            label = part.label if part.group is Group.OTHER else None
            entry = given.get((part.group.value, label or ""))
            if entry is None:
                alone = subject.part_subject(part)
                related = None if alone is None else subject_key(alone)
                entry = given[part.group.value, label or ""] = (part.group, label, [], related)
            entry[2].append((part.quantity, claim.id))
    return tuple(
        trusted(PartRange, group=group, label=label, range=range_of(figures), related=related)
        for _, (group, label, figures, related) in sorted(given.items())
    )


def _status(
    claims: Sequence[Claim],
    now: Sequence[Claim],
    series: Series,
    *,
    disputed: bool,
    denied: bool | None = None,
) -> ReconciliationStatus:
    """The status of a result: :func:`status_of` its current claims ``now``.

    ``denied``: whether some claim denies (``None``: look).
    """
    last: dict[str, tuple[int, int, int]] | None = None
    if denied is None:
        denied = any(c.stance is Stance.DENIES for c in claims)
    if denied:
        last = {}
        for c in claims:
            if c.stance is Stance.ASSERTS:
                note_assertion(last, c, recency(c)[:3])
    return status_of(now, series.compared(now), last, disputed=disputed)


_T = TypeVar("_T")
_MAKERS: dict[type, Callable[..., object]] = {}


def trusted(cls: type[_T], **values: object) -> _T:
    """Build a model whose invariants hold by construction, skipping its validators.

    :func:`reconcile` makes one result per subject and one standing per claimant;
    running every validator on them costs more than the reconciliation itself. The
    tests check that every result passes its validators (``attrs.evolve`` re-runs them).
    """
    return made(cls)(**values)


def made(cls: type[_T]) -> Callable[..., _T]:
    """The constructor :func:`trusted` calls for ``cls`` (generated once per class).

    Calling it directly saves passing the fields by keyword twice, where it counts.
    """
    make = _MAKERS.get(cls)
    if make is None:
        make = _MAKERS[cls] = _maker(cls)
    return make  # type: ignore[return-value]


def _maker(cls: type) -> Callable[..., object]:
    """A function taking ``cls``'s fields by keyword (defaults as declared) that sets them.

    Generated once per class, as attrs generates ``__init__``, less the validators: each
    field is set through its slot's descriptor, as a frozen class's ``__init__`` does.
    """
    fields = attrs.fields(cls)
    code = Source(cls, {"_new": object.__new__, "_cls": cls})
    arguments = ", ".join(f"{field.name}={code.bind(field.default, 'd')}" for field in fields)
    code.emit(1, "self = _new(_cls)")
    for field in fields:
        code.store(field, 1, field.name)
    code.emit(1, "return self")
    scope: dict[str, object] = {}
    define(
        f"def make(*, {arguments}):\n" + "\n".join(code.lines), "trusted", cls, code.names, scope
    )
    return scope["make"]  # type: ignore[return-value]


_INDEPENDENT = frozenset(v for v in Verification if v.is_independent)
_by_claim = operator.attrgetter("claim")


def in_id_order(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """Claims sorted by id: the one order of a result's claims."""
    return tuple(sorted(claims, key=_claim_id))


def _is_figure(standing: ClaimStanding) -> bool:
    return standing.stance is Stance.ASSERTS and standing.quantity is not None


def _compared(
    current: Sequence[ClaimStanding], earlier: Sequence[ClaimStanding]
) -> tuple[ClaimStanding, ...]:
    """The figures compared: the aligned current figures and the earlier aligned ones."""
    figures = [s for s in current if s.aligned and _is_figure(s)]
    if earlier:
        figures = sorted([*figures, *earlier], key=_by_claim)
    return tuple(figures)


def _standing(
    claim: Claim, identity: str, about: str | None, *, aligned: bool = True
) -> ClaimStanding:
    """What ``claim`` says on a subject about the side ``about``."""
    return made(ClaimStanding)(
        claim=claim.id,
        claimant=identity,
        stance=claim.stance,
        quantity=claim.quantity,
        side=side_relation(side_of(claim.claimant), about),
        independent=claim.verification in _INDEPENDENT,
        as_of=figure_date(claim),
        aligned=aligned,
    )


def _series_of(claims: Iterable[Claim]) -> Series:
    series = Series()
    for claim in claims:
        series.add(claim.claimant.identity, claim)
    return series


def _align(
    claims: tuple[Claim, ...], current: list[ClaimStanding], series: Series
) -> tuple[list[ClaimStanding], tuple[ClaimStanding, ...], dt.date | None]:
    """Mark the current figures not as of the aligned date; add the claimants' figures then.

    Returns:
        The current standings marked, the earlier aligned standings, the aligned date
        (see :mod:`._alignment`).
    """
    if not series:
        return current, (), None
    day, chosen = series.aligned()
    on = None if day is None else as_date(day)
    ids = {claim.id for claims in chosen.values() for claim in claims}
    marked = []
    for standing in current:  # a colliding version as of another date is not aligned
        aligned = not _is_figure(standing) or (standing.claim in ids and standing.as_of == on)
        marked.append(
            standing if standing.aligned is aligned else attrs.evolve(standing, aligned=aligned)
        )
    now = {standing.claim for standing in current}
    about = subject_side(claims[0].subject)
    earlier = sorted(
        (
            _standing(claim, identity, about)
            for identity, claims in chosen.items()
            for claim in claims
            if claim.id not in now
        ),
        key=_by_claim,
    )
    return marked, tuple(earlier), on


def _result(
    key: str,
    claims: tuple[Claim, ...],
    current: list[ClaimStanding],
    superseded: Iterable[str],
    *,
    series: Series,
    envelope: FigureRange | None,
    verified: bool,
    policy: EstimatePolicy,
    versions: Versions | None = None,
    denied: bool | None = None,
) -> SubjectReconciliation:
    """The one constructor of a subject's result, from its claims and current standings.

    Args:
        key: The subject key.
        claims: Every claim, in :func:`in_id_order`.
        current: Each claimant's latest standing, in any order.
        superseded: The ids of the other claims.
        series: The claimants' dated figures (:class:`~._alignment.Series`).
        envelope: The range over every asserted figure.
        verified: Whether any claim is independently verified.
        policy: Makes the estimate from the compared figures.
        versions: The older versions and the version collisions, if any.
        denied: Whether some claim denies (``None``: look).
    """
    current.sort(key=_by_claim)
    current, earlier, aligned_on = _align(claims, current, series)
    figures = _compared(current, earlier)
    standing = {s.claim for s in current}
    now = [c for c in claims if c.id in standing]
    disputed = disputed_details(now)
    return _assemble(
        key,
        claims,
        tuple(current),
        tuple(sorted(set(superseded))),
        figures=figures,
        now=now,
        status=_status(claims, now, series, disputed=bool(disputed), denied=denied),
        envelope=envelope,
        verified=verified,
        policy=policy,
        versions=versions,
        aligned_on=aligned_on,
        earlier=earlier,
        disputed=disputed,
    )


def _assemble(
    key: str,
    claims: tuple[Claim, ...],
    current: tuple[ClaimStanding, ...],
    superseded: tuple[str, ...],
    *,
    figures: tuple[ClaimStanding, ...],
    now: list[Claim],
    status: ReconciliationStatus,
    envelope: FigureRange | None,
    verified: bool,
    policy: EstimatePolicy,
    versions: Versions | None = None,
    aligned_on: dt.date | None = None,
    earlier: tuple[ClaimStanding, ...] = (),
    disputed: tuple[DisputedDetail, ...] = (),
) -> SubjectReconciliation:
    """The result from its decided parts: what follows from them is stated here once.

    ``current`` in id order, ``superseded`` sorted, ``figures`` the compared standings,
    ``now`` the current claims; the claimants, range, spread, estimate and parts follow.
    """
    return made(SubjectReconciliation)(
        key=key,
        subject=claims[0].subject,
        claims=claims,
        current=current,
        superseded=superseded,
        superseded_versions=() if versions is None else tuple(versions.older),
        version_collisions=() if versions is None else tuple(versions.collisions),
        claimants=tuple(sorted({s.claimant for s in current})),
        status=status,
        range=range_of([(s.quantity, s.claim) for s in figures]),  # type: ignore[misc]
        envelope=envelope,
        spread=_spread(figures),
        verified=verified,
        estimate=policy.estimate(figures) if figures else None,
        aligned_on=aligned_on,
        aligned_earlier=earlier,
        disputed=disputed,
        parts=_parts(now),
    )


def _older_versions(older: Iterable[Claim], asserted: list[tuple[Quantity, str]]) -> bool:
    """Add the older versions' asserted figures (for the envelope); whether one is verified."""
    verified = False
    for claim in older:
        if claim.stance is Stance.ASSERTS and claim.quantity is not None:
            asserted.append((claim.quantity, claim.id))
        verified = verified or claim.verification in _INDEPENDENT
    return verified


def _build(  # noqa: C901 - the loop over every claim
    key: str,
    claims: tuple[Claim, ...],
    policy: EstimatePolicy,
    versions: Versions | None,
    names: dict[int, str],
    *,
    general: bool = False,
) -> SubjectReconciliation:
    """The result for one subject from its claims, in :func:`in_id_order`.

    ``versions`` holds the older versions (which count in the envelope only) and the
    ids whose versions collide (each colliding version in ``claims``). ``names`` maps
    ``id(claimant)`` to its identity, shared by the subjects of one call (the claims
    hold their claimants alive, so the ids are not reused meanwhile).

    One pass reads each claim's facts once: its claimant's identity and its "as of"
    instant (:func:`._recency.as_of_key`), and keeps each claimant's latest claim
    as :func:`._recency.latest` picks it (the whole :func:`._recency.recency` only for ties).
    A subject with one claimant takes :func:`_one_claimant` unless ``general`` (the
    tests compare both).
    """
    asserted: list[tuple[Quantity, str]] = []
    verified = versions is not None and _older_versions(versions.older, asserted)
    independent = _INDEPENDENT
    asserts = Stance.ASSERTS
    series = Series()
    counted = claims[0].subject.__class__ in COUNTS
    denied = False
    identities: list[str] = []
    # identity: [latest "as of", its index, its recency once a tie needed it]
    best: dict[str, list[Any]] = {}
    for i, claim in enumerate(claims):
        claimant = claim.claimant
        identity = names.get(id(claimant))
        if identity is None:
            identity = names[id(claimant)] = claimant.identity
        identities.append(identity)
        moment = as_of_key(claim)
        top = best.get(identity)
        if top is None:
            best[identity] = [moment, i, None]
        elif moment == top[0]:  # a tie: the whole recency ranks (as latest does)
            rank = recency(claim)
            if top[2] is None:
                top[2] = recency(claims[top[1]])
            if rank > top[2]:
                top[1], top[2] = i, rank
        elif moment is not None and (top[0] is None or moment > top[0]):
            top[0], top[1], top[2] = moment, i, None
        if claim.verification in independent:
            verified = True
        if claim.stance is not asserts:
            denied = True
        elif counted:  # every claim of a subject key has one subject type
            series.add(identity, claim)
            if (quantity := claim.quantity) is not None:
                asserted.append((quantity, claim.id))
    if len(best) == 1 and versions is None and not denied and not series and not general:
        ((identity, (_, index, _)),) = best.items()
        return _one_claimant(
            key,
            claims,
            claims[index],
            identity,
            envelope=range_of(asserted),
            verified=verified,
            policy=policy,
        )
    current, superseded = _current(
        claims, identities, best, collide=versions is not None and bool(versions.collisions)
    )
    return _result(
        key,
        claims,
        current,
        superseded,
        series=series,
        envelope=range_of(asserted),
        verified=verified,
        policy=policy,
        versions=versions,
        denied=denied,
    )


def _one_claimant(
    key: str,
    claims: tuple[Claim, ...],
    latest: Claim,
    identity: str,
    *,
    envelope: FigureRange | None,
    verified: bool,
    policy: EstimatePolicy,
) -> SubjectReconciliation:
    """:func:`_result` for a subject with one claimant, no denial, no series, no versions.

    Most subjects have one claimant. Its ``latest`` claim stands alone: nothing to align
    (no series), no detail disputed (one account), every other claim superseded (the
    claims are in id order, each id once), the status that of its figure alone.
    """
    standing = _standing(latest, identity, subject_side(latest.subject))
    quantity = standing.quantity  # a figure: the claim asserts (no denial)
    figures = () if quantity is None else (standing,)
    now = [latest]
    return _assemble(
        key,
        claims,
        (standing,),
        tuple(c.id for c in claims if c is not latest),  # in id order: sorted
        figures=figures,
        now=now,
        status=status_of(now, now, None),
        envelope=envelope,
        verified=verified,
        policy=policy,
    )


def _current(
    claims: tuple[Claim, ...],
    identities: list[str],
    best: dict[str, list[Any]],
    *,
    collide: bool,
) -> tuple[list[ClaimStanding], list[str]]:
    """Each claimant's latest claim as a standing, and the ids of the others.

    ``identities`` holds the claimant's identity of each claim; ``best`` per identity
    the index of its latest claim (as :func:`._recency.latest` picks it). With
    ``collide`` (some claims are colliding versions of one id), each version of a
    claimant's latest id stands.
    """
    about = subject_side(claims[0].subject)
    current: list[ClaimStanding] = []
    if not collide:  # every id once: _result puts the standings in id order
        for identity, (_, index, _) in best.items():
            current.append(_standing(claims[index], identity, about))
        now = {standing.claim for standing in current}
        return current, [c.id for c in claims if c.id not in now]
    groups: dict[str, list[int]] = {}
    for i, identity in enumerate(identities):
        groups.setdefault(identity, []).append(i)
    superseded: list[str] = []
    for identity, (_, index, _) in best.items():
        best_id = claims[index].id
        for i in groups[identity]:
            claim = claims[i]
            if claim.id == best_id:
                current.append(_standing(claim, identity, about))
            else:  # one colliding id may stand for one claimant, not for another
                superseded.append(claim.id)
    return current, superseded


def _rebuild(
    key: str, ours: SubjectReconciliation, theirs: SubjectReconciliation, policy: EstimatePolicy
) -> SubjectReconciliation:
    """The result for every version of every claim of both results, read again."""
    bucket: dict[str, Claim] = {}
    extra: dict[str, list[Claim]] = {}
    for result in (ours, theirs):
        for claim in itertools.chain(result.claims, result.superseded_versions):
            add(bucket, claim, extra)
    return _settled(key, bucket, extra, policy)


def _settled(
    key: str,
    bucket: dict[str, Claim],
    extra: dict[str, list[Claim]],
    policy: EstimatePolicy,
    names: dict[int, str] | None = None,
    *,
    general: bool = False,
) -> SubjectReconciliation:
    """The result for one subject's claims by id, with their other versions in ``extra``.

    ``names`` and ``general`` as in :func:`_build`.
    """
    if names is None:
        names = {}
    if not extra:
        # the keys are the claims' ids: sorting them is in_id_order, without a key function
        claims = tuple(map(bucket.__getitem__, sorted(bucket)))
        return _build(key, claims, policy, None, names, general=general)
    versions = settle(bucket, extra)
    return _build(key, in_id_order(versions.latest), policy, versions, names, general=general)


_NO_TIME = -(2**63)
"""Before every instant: an assessment without a stated time."""


def _assessments_of(assessments: Iterable[Assessment]) -> tuple[Assessment, ...]:
    """Assessments sorted by id, one per id: of two versions, the later stated (then content)."""
    chosen: dict[str, Assessment] = {}
    for assessment in assessments:
        known = chosen.setdefault(assessment.id, assessment)
        if known is not assessment and _assessment_version(assessment) > _assessment_version(known):
            chosen[assessment.id] = assessment
    return tuple(chosen[i] for i in sorted(chosen))


def _assessment_version(assessment: Assessment) -> tuple[int, str]:
    stated = assessment.stated
    end = None if stated is None else stated.end or stated.start
    return (_NO_TIME if end is None else _micros(end), content(assessment))


def _assessed(
    result: SubjectReconciliation, assessments: tuple[Assessment, ...]
) -> SubjectReconciliation:
    """``result`` with ``assessments`` (which change nothing else)."""
    if result.assessments == assessments:
        return result
    return attrs.evolve(result, assessments=assessments)


def _union_range(a: FigureRange | None, b: FigureRange | None) -> FigureRange | None:
    """The range over the figures of both sides (each side's range over its own)."""
    if a is None or b is None:
        return a or b
    lows = [(r.low, c) for r in (a, b) for c in r.low_claims]
    return _range(lows, [(r.high, c) for r in (a, b) for c in r.high_claims])


def _merge_subject(
    ours: SubjectReconciliation, theirs: SubjectReconciliation, policy: EstimatePolicy
) -> SubjectReconciliation:
    """The result for the union of two results' claims, without re-reading every claim.

    A claimant's latest claim in the union is the later of its latest on each side, a
    claim superseded on one side stays superseded, and the envelope of the union is the
    union of the envelopes: only the current claims are compared again. Denials (whose
    status depends on every claim) and versions of one id on both sides fall back to a
    rebuild from every version. The assessments are those of both sides.
    """
    assessments = _assessments_of(ours.assessments + theirs.assessments)
    claims = in_id_order(ours.claims + theirs.claims)
    if (
        len(set(map(_claim_id, claims))) < len(claims)  # some ids on both sides
        or any(r.superseded_versions or r.version_collisions for r in (ours, theirs))
        or any(c.stance is Stance.DENIES for c in claims)
    ):
        return _assessed(_rebuild(ours.key, ours, theirs, policy), assessments)
    by_claimant: dict[str, ClaimStanding] = {s.claimant: s for s in ours.current}
    superseded = set(ours.superseded) | set(theirs.superseded)
    for standing in theirs.current:
        rival = by_claimant.get(standing.claimant)
        if rival is None or rival.claim == standing.claim:
            by_claimant[standing.claimant] = standing
            continue
        pair = [ours.claim(rival.claim), theirs.claim(standing.claim)]
        if latest(pair, (0, 1)) == 1:
            by_claimant[standing.claimant] = standing
            superseded.add(rival.claim)
        else:
            superseded.add(standing.claim)
    merged = _result(
        ours.key,
        claims,
        list(by_claimant.values()),
        superseded,
        series=_series_of(claims),
        envelope=_union_range(ours.envelope, theirs.envelope),
        verified=ours.verified or theirs.verified,
        policy=policy,
    )
    return _assessed(merged, assessments)


# -- the whole ------------------------------------------------------------------------


def _place(
    subjects: dict[str, SubjectReconciliation], assessments: Iterable[Assessment]
) -> tuple[Assessment, ...]:
    """Add each assessment to its subject's result in ``subjects``; return the others."""
    unmatched: list[Assessment] = []
    for assessment in assessments:
        key = subject_key(assessment.subject)
        found = subjects.get(key)
        if found is None:
            unmatched.append(assessment)
        else:
            subjects[key] = _assessed(found, _assessments_of((*found.assessments, assessment)))
    return tuple(unmatched)


def _kept_as_of(as_of: AsOf | None) -> pendulum.DateTime | dt.date | None:
    """``as_of`` as a result keeps it: a pendulum instant, or a plain date."""
    if isinstance(as_of, dt.datetime):
        return as_instant(as_of)
    return None if as_of is None else dt.date(as_of.year, as_of.month, as_of.day)


def _same_as_of(a: AsOf | None, b: AsOf | None) -> bool:
    """Whether two ``as_of`` are one: both dates, or both instants, and equal."""
    return isinstance(a, dt.datetime) is isinstance(b, dt.datetime) and a == b


def _when(as_of: AsOf | None) -> str:
    return "every claim" if as_of is None else as_of.isoformat()


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
        unmatched_assessments: The assessments of subjects that no claim is about,
            sorted by id (those of a reconciled subject are in its ``assessments``).
        as_of: The ``as_of`` the claims were reconciled for (see :func:`reconcile`): an
            instant, or a date; ``None``: every claim (and in files written before it
            was recorded).
    """

    type: Literal["reconciliation"] = v.type_tag("reconciliation")
    policy: str = attrs.field(default=CONSERVATIVE.name, validator=v.non_empty_str)
    subjects: tuple[SubjectReconciliation, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(SubjectReconciliation))
    )
    unmatched_assessments: tuple[Assessment, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Assessment))
    )
    as_of: pendulum.DateTime | dt.date | None = attrs.field(
        default=None, validator=v.optional_moment
    )

    def __attrs_post_init__(self) -> None:
        keys = [s.key for s in self.subjects]
        if any(a >= b for a, b in itertools.pairwise(keys)):
            raise v.fail(self, "subjects", keys, "subjects must be sorted by key, keys unique")
        if self.unmatched_assessments:
            ids = [a.id for a in self.unmatched_assessments]
            if any(a >= b for a, b in itertools.pairwise(ids)):
                raise v.fail(self, "unmatched_assessments", ids, "must be sorted by id, ids unique")
            known = set(keys)
            for assessment in self.unmatched_assessments:
                key = subject_key(assessment.subject)
                if key in known:
                    raise v.fail(
                        self,
                        "unmatched_assessments",
                        assessment.id,
                        f"assesses the reconciled subject {key!r}: it belongs in its assessments",
                    )

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
        if not _same_as_of(self.as_of, other.as_of):
            raise ReconciliationError(
                f"cannot merge a reconciliation as of {_when(self.as_of)} with one as of "
                f"{_when(other.as_of)}"
            )
        if not other.subjects and not other.unmatched_assessments:
            return self
        if not self.subjects and not self.unmatched_assessments:
            return other
        resolved: EstimatePolicy | None = None
        merged: dict[str, SubjectReconciliation] = {s.key: s for s in self.subjects}
        for theirs in other.subjects:
            ours = merged.get(theirs.key)
            if ours is None:
                merged[theirs.key] = theirs
                continue
            if (
                ours.claims == theirs.claims
                and ours.superseded_versions == theirs.superseded_versions
            ):
                merged[theirs.key] = _assessed(
                    ours, _assessments_of(ours.assessments + theirs.assessments)
                )
                continue
            if resolved is None:
                resolved = _resolve(self.policy, policy)
            merged[theirs.key] = _merge_subject(ours, theirs, resolved)
        unmatched = _place(
            merged, _assessments_of(self.unmatched_assessments + other.unmatched_assessments)
        )
        return Reconciliation(
            policy=self.policy,
            subjects=tuple(merged[k] for k in sorted(merged)),
            unmatched_assessments=unmatched,
            as_of=self.as_of,
        )


def reconcile(
    claims: Iterable[Claim | Assessment],
    *,
    policy: EstimatePolicy = CONSERVATIVE,
    as_of: AsOf | None = None,
) -> Reconciliation:
    """Group claims by subject and say, per subject, who says what and how they relate.

    Args:
        claims: Any claims, in any order. Claims with equal ids are versions of one
            claim: the one recorded last (:attr:`Claim.recorded`) counts, the older
            ones are kept in ``superseded_versions``. Versions that cannot be ordered
            (different contents, no recorded time or the same one) are never settled
            by their content: each is kept and counts, and the id is listed in the
            subject's ``version_collisions``. Any :class:`Assessment` of the claims or
            of their subjects may come among them: it is listed with the claims about
            its subject and changes nothing else (of two assessments with one id, the
            later stated is kept); one whose subject no claim is about is kept in
            ``unmatched_assessments``.
        policy: How to pick a best estimate per subject: :data:`CONSERVATIVE` (the
            default), :data:`UCDP`, :data:`MEDIAN_OF_INDEPENDENT`, or your own
            :class:`EstimatePolicy`.
        as_of: Only the claims (and assessments) certainly made by then count: those
            whose ``stated`` span ends at or before it. An aware datetime, or a date
            (the end of that day in each claim's own zone). Claims without a stated time, or whose
            stated span has no known end, never count. The result is exactly that of
            the claims made by then: supersession, statuses and ranges as they stood.

    Returns:
        The :class:`Reconciliation`, subjects sorted by :func:`subject_key`.

    Raises:
        ValueError: ``as_of`` is a datetime without a time zone.
    """
    if as_of is not None:
        claims = said_in(claims, as_of)
    buckets: dict[str, dict[str, Claim]] = {}
    extras: dict[str, dict[str, list[Claim]]] = {}
    assessed: dict[str, list[Assessment]] = {}
    keyers = KEYERS
    # The key per subject object: claims built by a program often share one subject.
    # Each entry holds its subject: a claim equal to one kept is dropped, and its
    # subject with it, whose id a later subject could then reuse.
    keys: dict[int, tuple[Subject, str]] = {}
    for claim in claims:
        subject = claim.subject
        entry = keys.get(id(subject))
        if entry is not None:  # its subject, held alive by the entry: no id reused
            key = entry[1]
        else:
            keyer = keyers.get(type(subject))
            key = keyer(subject) if keyer is not None else subject_key(subject)
            keys[id(subject)] = (subject, key)
        if isinstance(claim, Assessment):
            assessed.setdefault(key, []).append(claim)
            continue
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = {claim.id: claim}
        else:  # add(bucket, claim, ...), inline: most claims are new ids
            known = bucket.setdefault(claim.id, claim)
            if known is not claim and known != claim:
                extras.setdefault(key, {}).setdefault(claim.id, []).append(claim)
    no_versions: dict[str, list[Claim]] = {}
    names: dict[int, str] = {}
    subjects: list[SubjectReconciliation] = []
    for key, bucket in sorted(buckets.items()):
        result = _settled(key, bucket, extras.get(key, no_versions), policy, names)
        if key in assessed:  # most subjects have no assessment
            result = _assessed(result, _assessments_of(assessed.pop(key)))
        subjects.append(result)
    return Reconciliation(
        policy=policy.name,
        subjects=tuple(subjects),
        unmatched_assessments=_assessments_of(itertools.chain.from_iterable(assessed.values())),
        as_of=_kept_as_of(as_of),
    )
