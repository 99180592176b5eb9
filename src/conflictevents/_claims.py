"""Claims: somebody asserts or denies something, at some time, through some chain."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Literal

import attrs

from . import _validators as v
from ._countries import side_label
from ._events import EVENT_TYPES, Curfew, Event, Negotiation, Sanction, Vote
from ._ids import ADDED, RECORD, DerivesId, id_field
from ._lazy import lazy_module
from ._locations import Location
from ._quantity import Qualifier, Quantity
from ._reprs import attrs_repr
from ._sources import Publication, Source
from ._time import TimeSpan, _instant_key, _to_datetime
from .exceptions import PartExceedsWholeError

if TYPE_CHECKING:
    import pendulum
else:  # for the annotations only: resolving them imports pendulum
    pendulum = lazy_module("pendulum", globals())

__all__ = [
    "CasualtyCount",
    "Category",
    "Claim",
    "ControlExtent",
    "EquipmentLoss",
    "Group",
    "LossStatus",
    "Medium",
    "Outcome",
    "Part",
    "Stance",
    "Subject",
    "TerritorialControl",
    "Trend",
    "Verification",
    "status_quantity",
    "subject_place",
    "subject_time",
]


class Stance(enum.StrEnum):
    """Whether the claimant asserts the subject or denies it."""

    ASSERTS = "asserts"
    DENIES = "denies"


class Verification(enum.StrEnum):
    """What is known about a claim's truth, independently of the claimant."""

    NOT_ASSESSED = "not_assessed"
    """Nobody said (the default)."""
    UNVERIFIED = "unverified"
    """"Cannot be independently verified": the reporter says it could not check."""
    CORROBORATED = "corroborated"
    """Other independent sources say the same."""
    DOCUMENTED = "documented"
    """Documented with imagery or records (Oryx's visually confirmed losses)."""
    VERIFIED = "verified"
    """Independently verified."""
    REFUTED = "refuted"
    """Shown to be false."""

    @property
    def is_independent(self) -> bool:
        """Whether somebody other than the claimant vouches for the claim."""
        return self in {
            Verification.CORROBORATED,
            Verification.DOCUMENTED,
            Verification.VERIFIED,
        }


class Medium(enum.StrEnum):
    """How the claim was made public."""

    STATEMENT = "statement"
    VIDEO_MESSAGE = "video_message"
    BRIEFING = "briefing"
    INTERVIEW = "interview"
    PRESS_RELEASE = "press_release"
    SOCIAL_MEDIA = "social_media"
    REPORT = "report"
    DATASET = "dataset"
    OTHER = "other"


class Category(enum.StrEnum):
    """Which people a casualty count is about."""

    MILITARY = "military"
    CIVILIAN = "civilian"
    UNSPECIFIED = "unspecified"
    """Military and civilian together, or not said."""


class Outcome(enum.StrEnum):
    """What happened to the people counted."""

    KILLED = "killed"
    """Killed or died ("deaths", "dead")."""
    WOUNDED = "wounded"
    """Wounded or injured."""
    CASUALTIES = "casualties"
    """Killed and wounded together, not split."""
    CAPTURED = "captured"
    MISSING = "missing"


class Trend(enum.StrEnum):
    """Whether a count is said to be final or may still change."""

    FINAL = "final"
    """"The final toll": the count will not change."""
    RISING = "rising"
    """"The toll is expected to rise", "still rising": the count is a floor for now."""
    PRELIMINARY = "preliminary"
    """"Preliminary figures": the count may change either way."""


class Group(enum.StrEnum):
    """A sub-category of the people a count is about ("including 7 children")."""

    CHILDREN = "children"
    WOMEN = "women"
    CIVILIANS = "civilians"
    MILITARY = "military"
    """Soldiers, servicemen, fighters of armed forces."""
    POLICE = "police"
    MEDICAL_WORKERS = "medical_workers"
    JOURNALISTS = "journalists"
    AID_WORKERS = "aid_workers"
    FOREIGNERS = "foreigners"
    OTHER = "other"
    """Any other group; :attr:`Part.label` says which."""


@attrs.frozen(kw_only=True)
class Part:
    """A part of a count: "52 killed, including 7 children" has the part 7 children.

    Attributes:
        group: Which people the part counts.
        quantity: How many of them, as reported; never more than the whole.
        label: The group as the report words it ("police officers"); required for
            ``other``.
    """

    __repr__ = attrs_repr

    group: Group = attrs.field(validator=v.enum_member(Group))
    quantity: Quantity = attrs.field(validator=v.instance_of(Quantity))
    label: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)

    def __attrs_post_init__(self) -> None:
        if self.group is Group.OTHER and self.label is None:
            raise v.fail(self, "label", None, "a part of group 'other' needs a label")


_GROUP_CATEGORY = {Group.CIVILIANS: "civilian", Group.MILITARY: "military"}


class LossStatus(enum.StrEnum):
    """What happened to equipment counted in an :class:`EquipmentLoss`."""

    LOST = "lost"
    """Any loss; the sum of the others where a source splits them."""
    DESTROYED = "destroyed"
    DAMAGED = "damaged"
    ABANDONED = "abandoned"
    CAPTURED = "captured"


class ControlExtent(enum.StrEnum):
    """How much of a place a :class:`TerritorialControl` claim says is held."""

    FULL = "full"
    PARTIAL = "partial"


@attrs.frozen(kw_only=True)
class CasualtyCount:
    """A count of people killed, wounded, captured or missing.

    Attributes:
        side: Whose people (side label, ISO code for a state); ``None`` if not said.
        category: Military, civilian or unspecified.
        outcome: Killed, wounded, casualties, captured or missing.
        quantity: The figure, or ``None`` when the claim gives no figure (unknown, not 0).
        period: The period counted ("since the invasion began").
        place: Where, if the count is limited to a place.
        event: The id of the one event counted, if the count belongs to one: an event's
            ``id`` (``"ucdp-ged-446258"``) or an external id. Counts of different
            events are never the same subject (:func:`~conflictevents.subject_key`);
            ``None`` (the default) for a count not tied to one event.
        parts: The breakdown the report gives ("including 7 children"), one
            :class:`Part` per group; each part needs the whole (``quantity``) and is
            never more than it. Parts may overlap (children among civilians).
        held_by: For captured people, the side that holds them ("taken prisoner by
            the other side's forces"): never the counted side itself.
        trend: Whether the count is said to be final or still rising.
    """

    __repr__ = attrs_repr

    type: Literal["casualty_count"] = v.type_tag("casualty_count")
    side: str | None = v.optional_side()
    category: Category = attrs.field(
        default=Category.UNSPECIFIED, validator=v.enum_member(Category)
    )
    outcome: Outcome = attrs.field(validator=v.enum_member(Outcome))
    quantity: Quantity | None = attrs.field(
        default=None, validator=v.optional_instance_of(Quantity)
    )
    period: TimeSpan | None = attrs.field(default=None, validator=v.optional_instance_of(TimeSpan))
    place: Location | None = attrs.field(default=None, validator=v.optional_instance_of(Location))
    event: str | None = attrs.field(
        default=None, validator=v.optional_non_empty_str, metadata={ADDED: True}
    )
    parts: tuple[Part, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Part)), metadata={ADDED: True}
    )
    held_by: str | None = v.optional_side({ADDED: True})
    trend: Trend | None = attrs.field(
        default=None, validator=v.optional_enum_member(Trend), metadata={ADDED: True}
    )

    def __attrs_post_init__(self) -> None:
        if self.held_by is not None:
            if self.outcome is not Outcome.CAPTURED:
                raise v.fail(
                    self,
                    "held_by",
                    self.held_by,
                    f"only captured people are held, not {self.outcome.value!r} ones",
                )
            if self.held_by == self.side:
                raise v.fail(
                    self, "held_by", self.held_by, "captives are held by another side than theirs"
                )
        if self.parts:
            self._check_parts()

    def _check_parts(self) -> None:
        whole = self.quantity
        groups = [p.group for p in self.parts if p.group is not Group.OTHER]
        if len(set(groups)) < len(groups):
            raise v.fail(self, "parts", sorted(groups), "each group is one part")
        if whole is None:
            raise v.fail(
                self, "parts", len(self.parts), "a breakdown needs the whole figure (quantity)"
            )
        for part in self.parts:
            low = part.quantity.low or 0
            if whole.high is not None and low > whole.high:
                raise PartExceedsWholeError(
                    type(self).__name__,
                    "parts",
                    str(part.quantity),
                    f"{part.quantity} {part.label or part.group.value} is more than the whole"
                    f" ({whole})",
                )

    def part_subject(self, part: Part) -> CasualtyCount | None:
        """The count of this part alone, where its group is a :class:`Category`.

        "40 killed, including 12 soldiers" relates to a military-only count of the
        same claimant: ``count.part_subject(soldiers)`` is that count (category
        military, the part's figure), whose subject key is the key a military-only
        figure has. ``None`` for groups that are no category (children, police).
        """
        category = _GROUP_CATEGORY.get(part.group)
        if category is None:
            return None
        return attrs.evolve(
            self, category=Category(category), quantity=part.quantity, parts=(), trend=None
        )


@attrs.frozen(kw_only=True)
class EquipmentLoss:
    """A count of equipment lost: tanks, aircraft, drones.

    Attributes:
        side: Whose equipment (side label).
        equipment: The category as the source names it ("tank", "aircraft", "APC").
        status: Lost, destroyed, damaged, abandoned or captured.
        quantity: The figure, or ``None`` when the claim gives none.
        period: The period counted.
        place: Where, if limited to a place.
        event: The id of the one event counted, if the loss belongs to one (as for
            :class:`CasualtyCount`); ``None`` (the default) otherwise.
    """

    __repr__ = attrs_repr

    type: Literal["equipment_loss"] = v.type_tag("equipment_loss")
    side: str | None = v.optional_side()
    equipment: str = attrs.field(validator=v.non_empty_str)
    status: LossStatus = attrs.field(default=LossStatus.LOST, validator=v.enum_member(LossStatus))
    quantity: Quantity | None = attrs.field(
        default=None, validator=v.optional_instance_of(Quantity)
    )
    period: TimeSpan | None = attrs.field(default=None, validator=v.optional_instance_of(TimeSpan))
    place: Location | None = attrs.field(default=None, validator=v.optional_instance_of(Location))
    event: str | None = attrs.field(
        default=None, validator=v.optional_non_empty_str, metadata={ADDED: True}
    )


@attrs.frozen(kw_only=True)
class TerritorialControl:
    """Who holds a place: "Russia has full control of Kherson".

    Attributes:
        place: The place.
        controller: The side said to hold it (side label).
        extent: Full or partial control.
        change: Whether the claim says control changed hands ("retaken", "fell").
    """

    __repr__ = attrs_repr

    type: Literal["territorial_control"] = v.type_tag("territorial_control")
    place: Location = attrs.field(validator=v.instance_of(Location))
    controller: str = attrs.field(converter=side_label, validator=v.non_empty_str)
    extent: ControlExtent = attrs.field(
        default=ControlExtent.FULL, validator=v.enum_member(ControlExtent)
    )
    change: bool = attrs.field(default=False, validator=v.instance_of(bool))


Subject = CasualtyCount | EquipmentLoss | TerritorialControl | Event
"""What a claim can be about: a count, control of a place, or an event."""

SUBJECT_TYPES: tuple[type, ...] = (CasualtyCount, EquipmentLoss, TerritorialControl, *EVENT_TYPES)


def subject_time(subject: Subject) -> TimeSpan | None:
    """When a subject happened: the period a count covers, the time of an event.

    Where an event has two times, the time of the thing itself comes first and the time
    it was announced is the fallback: talks ``held`` (else ``scheduled``), a sanction
    ``effective`` (else ``announced``), a curfew's ``period`` (else ``declared``).
    Territorial control has no time of its own (``None``).
    """
    if isinstance(subject, CasualtyCount | EquipmentLoss):
        return subject.period
    if isinstance(subject, Negotiation):
        return subject.held or subject.scheduled
    if isinstance(subject, Sanction):
        return subject.effective or subject.announced
    if isinstance(subject, Curfew):
        return subject.period or subject.declared
    if isinstance(subject, TerritorialControl):
        return None
    return subject.when


def subject_place(subject: Subject) -> Location | None:
    """Where a subject happened: its ``place``, the venue of talks; ``None`` if unknown."""
    if isinstance(subject, Negotiation):
        return subject.venue
    if isinstance(subject, Sanction | Vote):
        return None
    return subject.place


@attrs.frozen(kw_only=True)
class Claim(DerivesId):
    """A claimant asserts or denies something, at some time, through some chain.

    "The Russian Defence Ministry said 498 soldiers were killed" is a claim whose
    claimant is the ministry, whose subject is a :class:`CasualtyCount`, which reached
    the reader through ``via`` intermediaries and ``reported_in`` publications.

    Attributes:
        claimant: Who makes the claim (for a spokesperson, ``speaks_for`` says for whom).
        stance: Asserts (the default) or denies the subject.
        subject: What is claimed.
        stated: When the claim was made.
        via: Intermediaries it passed through, claimant first (Medinsky → Ria Novosti).
        reported_in: Where it was published; each publication may carry its own
            wording and figure for the claimant's statement (:class:`Publication`).
        verification: What is known about its truth.
        quote: The claimant's words, verbatim, if quoted.
        medium: How it was made public (video message, briefing…).
        recorded: When this version of the claim was recorded by the data set that
            holds it: ACLED's ``timestamp`` (the row's last change), the day a General
            Staff correction was published, an import's ``--recorded``. An aware
            instant, or ``None`` (the default) when unknown. Claims with one id are
            versions of one claim, and :func:`~conflictevents.reconcile` orders them by
            it. It says nothing about the claim's content, so it never changes an id,
            and equal instants in different zones are equal.
        id: Stable id: given, or derived from the other fields (``recorded`` excepted).
    """

    __repr__ = attrs_repr

    type: Literal["claim"] = v.type_tag("claim")
    claimant: Source = attrs.field(validator=v.instance_of(Source))
    stance: Stance = attrs.field(default=Stance.ASSERTS, validator=v.enum_member(Stance))
    subject: Subject = attrs.field(validator=v.instance_of(SUBJECT_TYPES))
    stated: TimeSpan | None = attrs.field(default=None, validator=v.optional_instance_of(TimeSpan))
    via: tuple[Source, ...] = attrs.field(default=(), validator=v.tuple_of(v.instance_of(Source)))
    reported_in: tuple[Publication, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Publication))
    )
    verification: Verification = attrs.field(
        default=Verification.NOT_ASSESSED, validator=v.enum_member(Verification)
    )
    quote: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    medium: Medium | None = attrs.field(default=None, validator=v.optional_enum_member(Medium))
    recorded: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=_to_datetime,
        validator=v.aware,
        eq=_instant_key,
        metadata={ADDED: True, RECORD: True},
    )
    id: str = id_field()

    def _check(self) -> None:
        if isinstance(self.subject, CasualtyCount | EquipmentLoss):
            return
        for publication in self.reported_in:
            if publication.figure is not None:
                raise v.fail(
                    self,
                    "reported_in",
                    str(publication.figure),
                    f"{publication.outlet.name} gives the figure {publication.figure}, but"
                    f" the claim is about a {self.subject.type}, not a count",
                )

    @property
    def wordings(self) -> tuple[tuple[Publication, Quantity], ...]:
        """The publications that give their own figure, with it: how outlets worded it.

        Reconciliation uses the claimant's figure (:attr:`quantity`), never these.
        """
        return tuple((p, p.figure) for p in self.reported_in if p.figure is not None)

    @property
    def as_of(self) -> pendulum.DateTime | None:
        """When what the claim says holds: the instant its figure or proposition is "as of".

        For a count, the end of its period when known (a cumulative count "since 24
        February" up to 22 April); otherwise the end of the time the claim was stated
        (its start if the end is unknown); ``None`` when neither is known. Reconciliation
        ranks a claimant's claims by it, and cumulative series are ordered by it.
        """
        subject = self.subject
        if isinstance(subject, CasualtyCount | EquipmentLoss):
            period = subject.period
            if period is not None and period.end is not None:
                return period.end
        stated = self.stated
        if stated is None:
            return None
        return stated.start if stated.end is None else stated.end

    @property
    def quantity(self) -> Quantity | None:
        """The subject's figure, if the subject is a count and gives one."""
        subject = self.subject
        if isinstance(subject, CasualtyCount | EquipmentLoss):
            return subject.quantity
        return None


def status_quantity(claim: Claim) -> Quantity | None:
    """A claim's figure as the status compares it.

    A rising count is a floor: "40 killed, and the toll is expected to rise"
    (:attr:`Trend.RISING`) does not contradict a later "52 killed": the status reads
    it as "at least 40" (its high open). The range and the estimate keep the figure
    as given.
    """
    quantity, subject = claim.quantity, claim.subject
    if quantity is None or not isinstance(subject, CasualtyCount):
        return quantity
    if subject.trend is not Trend.RISING or quantity.high is None:
        return quantity
    return Quantity(value=quantity.low or 0, qualifier=Qualifier.AT_LEAST)
