"""Comparing claims, figures and events: what other tools import.

- :func:`same_subject`: do two claims speak about the same figure or proposition?
- :func:`compare_figures`: do two figures agree, overlap or conflict, and by how much?
- :func:`diff`: field-level differences, with JSON paths like ``$.subject.quantity.low``.
- :func:`equal_except_provenance`: the same claim, reported by different outlets.
- :func:`same_event` and :func:`dedupe`: the same event reported twice.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable
from typing import Literal, NamedTuple

import attrs

from . import _validators as v
from ._blocking import Item, candidate_pairs, geometric, near, place_keys
from ._claims import Claim, Subject, subject_place, subject_time
from ._events import (
    AirspaceIncident,
    Attack,
    AttackKind,
    CodedEvent,
    Curfew,
    Event,
    Negotiation,
    Presence,
    Sanction,
    Statement,
    Vote,
)
from ._external_ids import decide
from ._figures import bounds_overlap, point_of, ratio_of
from ._locations import Location, LocationPrecision
from ._names import name_key, names_match
from ._quantity import Quantity
from ._sources import Source
from ._subject_keys import subject_key
from ._time import TimePrecision, TimeSpan, _micros

__all__ = [
    "Agreement",
    "Difference",
    "FigureComparison",
    "compare_figures",
    "dedupe",
    "diff",
    "equal_except_provenance",
    "same_event",
    "same_place",
    "same_subject",
]


def same_subject(a: Claim | Subject, b: Claim | Subject) -> bool:
    """Whether two claims (or subjects) are about the same figure or proposition.

    Two claims are about the same subject exactly when :func:`reconcile` puts them
    together: when their :func:`subject_key` is equal (same side, category, outcome,
    period start and place for a count; same place, controller and extent for control).
    """
    return subject_key(a) == subject_key(b)


# -- figures ---------------------------------------------------------------------------


class Agreement(enum.StrEnum):
    """How two figures relate, by the bounds their qualifiers imply."""

    AGREE = "agree"
    """Their bounds overlap and they name the same number ("about 3,700", "nearly 3,700")."""
    OVERLAP = "overlap"
    """Both could be true, but they name different numbers ("at least 2,000", "more than 350")."""
    CONFLICT = "conflict"
    """They cannot both be true: their bounds do not overlap (498 and 9,000)."""


@attrs.frozen(kw_only=True)
class FigureComparison:
    """The result of :func:`compare_figures`.

    Attributes:
        agreement: Agree, overlap or conflict.
        ratio: The larger figure divided by the smaller (:attr:`Quantity.point` each), at
            least 1; ``None`` when only the smaller one is 0.
    """

    type: Literal["figure_comparison"] = v.type_tag("figure_comparison")
    agreement: Agreement = attrs.field(validator=v.enum_member(Agreement))
    ratio: float | None = attrs.field(default=None)


def compare_figures(a: Quantity, b: Quantity) -> FigureComparison:
    """Compare two figures by the bounds their qualifiers imply, and by how much they differ.

    Args:
        a: A figure.
        b: Another figure.

    Returns:
        ``conflict`` when the bounds are disjoint, ``agree`` when they overlap and the
        figures name the same number, ``overlap`` otherwise; with the ratio.

    >>> from conflictevents import Quantity, Qualifier
    >>> compare_figures(Quantity(value=498), Quantity(value=9000)).agreement
    <Agreement.CONFLICT: 'conflict'>
    """
    pa, pb = point_of(a), point_of(b)
    ratio = ratio_of((pa, pb))
    if not bounds_overlap((a, b)):
        return FigureComparison(agreement=Agreement.CONFLICT, ratio=ratio)
    agreement = Agreement.AGREE if pa == pb else Agreement.OVERLAP
    return FigureComparison(agreement=agreement, ratio=ratio)


# -- diff ------------------------------------------------------------------------------


class Difference(NamedTuple):
    """One field-level difference found by :func:`diff`.

    Attributes:
        path: Where, as a JSON path like the serializer's (``$.subject.quantity.low``,
            ``$.via[1].name``).
        left: The value in the first object (``None`` past the end of a shorter tuple).
        right: The value in the second object.
    """

    path: str
    left: object
    right: object


def _diff(a: object, b: object, path: str, out: list[Difference]) -> None:
    if a is b:
        return
    cls = type(a)
    if cls is type(b) and attrs.has(cls):
        for field in attrs.fields(cls):
            if field.eq:
                _diff(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}", out)
        return
    if isinstance(a, tuple) and isinstance(b, tuple):
        for i in range(max(len(a), len(b))):
            left = a[i] if i < len(a) else None
            right = b[i] if i < len(b) else None
            if i >= len(a) or i >= len(b):
                out.append(Difference(f"{path}[{i}]", left, right))
            else:
                _diff(left, right, f"{path}[{i}]", out)
        return
    if a != b:
        out.append(Difference(path, a, b))


def diff(a: object, b: object) -> tuple[Difference, ...]:
    """The field-level differences between two models, deepest paths first found.

    Models of the same class are compared field by field, tuples item by item; anything
    else (frozensets, datetimes, models of different classes) is compared whole. The
    result is empty exactly when ``a == b``.

    Args:
        a: A model (a claim, an event, any part of one).
        b: Another.

    Returns:
        One :class:`Difference` per differing leaf, in field order.

    >>> from conflictevents import Quantity, Qualifier
    >>> diff(Quantity(value=3700, qualifier=Qualifier.ABOUT), Quantity(value=3700))
    (Difference(path='$.qualifier', ...), Difference(path='$.low', left=3330, right=3700), ...)
    """
    out: list[Difference] = []
    _diff(a, b, "$", out)
    return tuple(out)


_PROVENANCE = frozenset({"id", "via", "reported_in"})


def equal_except_provenance(a: Claim, b: Claim) -> bool:
    """Whether two claims say the same thing, whoever relayed and published them.

    Compares every field but the provenance: ``via`` (the intermediaries),
    ``reported_in`` (the publications) and the ``id`` derived from them. The claimant,
    stance, subject, time, verification, quote and medium must be equal.
    """
    return all(
        getattr(a, f.name) == getattr(b, f.name)
        for f in attrs.fields(Claim)
        if f.name not in _PROVENANCE
    )


# -- events ----------------------------------------------------------------------------

_SLACK = dt.timedelta(hours=12)


def _widened(span: TimeSpan, slack: dt.timedelta) -> tuple[int | None, int | None]:
    """The span widened by ``slack`` on both sides, in microseconds (``None``: open).

    An instant keeps its end inclusive (one microsecond more), so that with no slack two
    reports of the same instant still overlap.
    """
    slack_us = slack // dt.timedelta(microseconds=1)
    lo = None if span.start is None else _micros(span.start) - slack_us
    if span.end is None:
        return lo, None
    inclusive = 1 if span.precision is TimePrecision.INSTANT else 0
    return lo, _micros(span.end) + inclusive + slack_us


def _near_in_time(a: TimeSpan, b: TimeSpan, slack: dt.timedelta) -> bool:
    """Whether the two spans, each widened by ``slack``, overlap (``TimeSpan.overlaps``)."""
    if a.start is None and a.end is None:
        return True
    if b.start is None and b.end is None:
        return True
    lo_a, hi_a = _widened(a, slack)
    lo_b, hi_b = _widened(b, slack)
    starts_in_time = hi_b is None or lo_a is None or lo_a < hi_b
    return starts_in_time and (hi_a is None or lo_b is None or lo_b < hi_a)


def _inside(inner: Location, outer: Location) -> bool:
    """Whether ``inner`` is said to lie in, or be described from, ``outer``."""
    if inner.region is not None and names_match(inner.region, outer):
        return True
    rel = inner.relative_to
    if rel is not None and names_match(rel.anchor, outer):
        return True
    return (
        outer.precision is LocationPrecision.COUNTRY
        and outer.country is not None
        and inner.country == outer.country
    )


def same_place(a: Location, b: Location) -> bool:
    """Whether two places may be the same place as reports name it.

    External ids decide first (:attr:`Location.ids`): two places that share one are the
    same place, two that have different ids of one scheme are not, whatever their
    names, countries and coordinates say. Otherwise places in different countries never
    match. When both have coordinates at a precision finer than a country, the
    coordinates decide, whatever the names say: the places match when they lie within
    the sum of their tolerances, which follow their precision (a point 1 km, a
    settlement 10 km, a district 30 km, a line 50 km, a region 150 km; so a point
    matches the settlement it lies in, and two settlements 30 km apart do not match).
    Otherwise they match when any names match (:func:`names_match`: aliases, case,
    scripts, transliteration, one typo: "Kiev"/"Kyiv"/"Київ"), or one lies in the other
    ("Kyiv main station" with region "Kyiv" and "Kyiv"; "near Horlivka" and "Horlivka";
    any place in Ukraine and the country "Ukraine").
    """
    by_ids = decide(a.ids, b.ids)
    if by_ids is not None:
        return by_ids
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    if geometric(a) and geometric(b):
        return near(a, b)
    return names_match(a, b) or _inside(a, b) or _inside(b, a)


def _same_source(a: Source, b: Source) -> bool:
    """Whether two sources may be one: their ids decide (:attr:`Source.ids`), else names."""
    by_ids = decide(a.ids, b.ids)
    return names_match(a, b) if by_ids is None else by_ids


def _sources_match(xs: Iterable[Source], ys: Iterable[Source]) -> bool:
    ys = tuple(ys)
    return any(_same_source(x, y) for x in xs for y in ys)


def _same_actor(a: Source | None, b: Source | None, *, names: bool) -> bool:
    """Whether two actors of an event may be one (an unknown one may be anybody).

    Ids decide; else actors of two sides are two; else, with ``names``, their names
    must match. (Targets are compared without names: "the station" and "the main
    railway station" are one target.)
    """
    if a is None or b is None:
        return True
    by_ids = decide(a.ids, b.ids)
    if by_ids is not None:
        return by_ids
    if a.side is not None and b.side is not None and a.side != b.side:
        return False
    return not names or names_match(a, b)


def _actors_compatible(a: Attack, b: Attack) -> bool:
    """Whether the attackers and targets of two attacks may be the same.

    Two engagements (a clash has no direction: UCDP's side A and ACLED's actor 1 need
    not be one) also match with attacker and target swapped.
    """
    if _same_actor(a.attacker, b.attacker, names=True) and _same_actor(
        a.target, b.target, names=False
    ):
        return True
    engagements = a.kind is AttackKind.ENGAGEMENT and b.kind is AttackKind.ENGAGEMENT
    return (
        engagements
        and _same_actor(a.attacker, b.target, names=False)
        and _same_actor(a.target, b.attacker, names=False)
    )


def _unknown_or_equal(a: object, b: object) -> bool:
    """Whether two reports agree on a detail that either may leave out (``None``)."""
    return a is None or b is None or a == b


def _compatible(a: Event, b: Event) -> bool:  # noqa: C901, PLR0911 - a branch per type
    match a, b:
        case AirspaceIncident(), AirspaceIncident():
            return (
                a.violated_state == b.violated_state
                and _unknown_or_equal(a.operator_state, b.operator_state)
                and _unknown_or_equal(a.aircraft_total, b.aircraft_total)
            )
        case Attack(), Attack():
            generic = {AttackKind.ATTACK, AttackKind.OTHER}
            if a.kind != b.kind and a.kind not in generic and b.kind not in generic:
                return False
            return decide(a.part_of, b.part_of) is not False and _actors_compatible(a, b)
        case Negotiation(), Negotiation():
            return a.parties == b.parties and _unknown_or_equal(a.round, b.round)
        case Sanction(), Sanction():
            return (
                names_match(a.entity, b.entity)
                and bool(a.measures & b.measures)
                and _sources_match(a.authority, b.authority)
            )
        case Statement(), Statement():
            if not _same_source(a.speaker, b.speaker):
                return False
            return a.text is None or b.text is None or name_key(a.text) == name_key(b.text)
        case Vote(), Vote():
            return _same_source(a.body, b.body) and name_key(a.motion) == name_key(b.motion)
        case Curfew(), Curfew():
            return _same_source(a.authority, b.authority)
        case Presence(), Presence():
            return a.side is None or b.side is None or a.side == b.side
        case CodedEvent(), CodedEvent():
            if a.coding.sub_event_type is not b.coding.sub_event_type:
                return False
            return _same_actor(a.actor, b.actor, names=True)
    return False


def same_event(a: Event, b: Event, *, slack: dt.timedelta = _SLACK) -> bool:
    """Whether two event records may report the same event.

    Tolerant where reports differ: times match when the spans, each widened by
    ``slack``, overlap (fuzzy and open spans included); places match by
    :func:`same_place`; names by :func:`names_match`. Strict where they must agree:
    same event type; the same violated and operating state and aircraft total for an
    airspace incident; compatible kinds, the same attacker and target (by ids, sides,
    the attacker's names; an engagement either way round) and no different UCDP dyad or
    conflict (``part_of``) for an attack; the same parties and round for talks. Sources
    (speakers, bodies, authorities) and places match by their ids first, then names.
    At least one of time or place must be known on both sides and match (equal ids
    always match). Symmetric.

    Args:
        a: An event.
        b: Another event.
        slack: How far apart in time two reports of one event may place it.
    """
    if a.id == b.id:
        return True
    if type(a) is not type(b) or not _compatible(a, b):
        return False
    evidence = False
    wa, wb = subject_time(a), subject_time(b)
    if wa is not None and wb is not None:
        if not _near_in_time(wa, wb, slack):
            return False
        evidence = True
    pa, pb = subject_place(a), subject_place(b)
    if pa is not None and pb is not None:
        if not same_place(pa, pb):
            return False
        evidence = True
    return evidence


def _blocking_item(event: Event) -> Item:
    """The time window (:func:`_widened` by the slack) and place keys of ``event``."""
    when, where = subject_time(event), subject_place(event)
    lo: float | None = None
    hi: float | None = None
    if when is not None:
        lo, hi = _widened(when, _SLACK)
        lo, hi = -math.inf if lo is None else lo, math.inf if hi is None else hi
    return Item(lo=lo, hi=hi, keys=None if where is None else place_keys(where))


def dedupe(events: Iterable[Event]) -> tuple[tuple[Event, ...], ...]:
    """Group the reports of the same event, keeping every report.

    Events linked by :func:`same_event` end in one group, and so do events linked
    through a chain of such matches (single linkage). Equal events (one id) count
    once. The result does not depend on the input order: each group is sorted by id,
    and the groups by their first id.

    Only candidate pairs are compared: events whose times (widened by the slack) are
    open at once, and whose places share a name key, a typo variant of one, or a grid
    cell within their tolerance. The groups are exactly those of comparing every pair,
    in about linear time while the events are as dense in time and space as real data
    (see ``benchmarks/dedupe.py``).

    Args:
        events: Any events.

    Returns:
        The groups; an event that matches no other forms a group of its own.
    """
    unique = {e.id: e for e in events}
    ordered = [unique[i] for i in sorted(unique)]
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = {}
    for i, event in enumerate(ordered):
        by_type.setdefault(event.type, []).append(i)
    for members in by_type.values():
        items = [_blocking_item(ordered[i]) for i in members]
        for x, y in candidate_pairs(items):
            i, j = members[x], members[y]
            if find(i) != find(j) and same_event(ordered[i], ordered[j]):
                parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, list[Event]] = {}
    for i, event in enumerate(ordered):
        groups.setdefault(find(i), []).append(event)
    return tuple(tuple(g) for _, g in sorted(groups.items()))
