"""Events: what happened, as typed records.

Every event carries a ``type`` tag (its wire discriminator) and a stable ``id``: given,
or derived from its content (see :func:`conflictevents._ids.derive_id`), so the same
event built twice gets the same id. A derived id follows the content: :func:`attrs.evolve`
with new content gives the new content's id, while a given id is kept (a correction).
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs

from . import _validators as v
from ._countries import side_labels
from ._datasets import AcledCoding, Coding, UcdpCoding
from ._durations import Duration, duration_text, optional_duration
from ._external_ids import EVENT_SCHEMES
from ._ids import ADDED, LEGACY_TEXT, DerivesId, id_field
from ._locations import Location
from ._quantity import Quantity
from ._reprs import attrs_repr
from ._sources import Source, actor_text, optional_actor
from ._time import TimeSpan

__all__ = [
    "AircraftCount",
    "AirspaceIncident",
    "Attack",
    "AttackKind",
    "CodedEvent",
    "Corridor",
    "CrewFate",
    "Curfew",
    "MeasureKind",
    "Negotiation",
    "NegotiationStatus",
    "Presence",
    "Sanction",
    "SanctionStatus",
    "Statement",
    "StatementKind",
    "Vote",
    "VoteResult",
    "Weapon",
    "WeaponKind",
]

_sources = v.tuple_of(v.instance_of(Source))
_sides = v.frozenset_of(v.non_empty_str)
_texts = v.tuple_of(v.non_empty_str)
_span = v.optional_instance_of(TimeSpan)
_place = v.optional_instance_of(Location)
_quantity = v.optional_instance_of(Quantity)
_text = v.optional_non_empty_str
_actor = v.optional_instance_of(Source)
_ACTOR_METADATA = {LEGACY_TEXT: actor_text}


# -- negotiations ---------------------------------------------------------------------


class NegotiationStatus(enum.StrEnum):
    """Where a round of talks stands."""

    PROPOSED = "proposed"
    """Somebody offered or asked for talks."""
    PLANNED = "planned"
    """Agreed and scheduled, not yet held."""
    HELD = "held"
    """Took place."""
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class Corridor:
    """A corridor for safe passage that one side sets up for another.

    "The Russian military will set up a 'security corridor' to allow the Ukrainian
    delegation's passage" is ``Corridor(provided_by=russian_military, for_party="UA",
    purpose="the Ukrainian delegation's passage")``.

    Attributes:
        provided_by: Who sets it up.
        for_party: Whose people it lets through (side label), if said.
        purpose: What it is for, as reported ("the delegation's passage", "civilians").
    """

    __repr__ = attrs_repr

    provided_by: Source = attrs.field(validator=v.instance_of(Source))
    for_party: str | None = v.optional_side()
    purpose: str | None = attrs.field(default=None, validator=_text)


@attrs.frozen(kw_only=True)
class Negotiation(DerivesId):
    """A round of talks between parties to a conflict.

    Attributes:
        round: Which round (1 for the first), if counted.
        parties: The parties at the table (side labels, ISO codes for states).
        delegation_heads: Who leads each delegation.
        mediators: Third parties who host or mediate.
        venue: Where the talks are or were held.
        scheduled: When they were planned for.
        held: When they actually took place.
        agenda: Topics, as reported ("possible ceasefire").
        status: Proposed, planned, held, postponed or cancelled.
        outcome: What came of them, as reported ("no tangible results").
        description: Anything else the report says (arrangements, conditions).
        corridors: Corridors for safe passage set up for the talks (:class:`Corridor`).
    """

    __repr__ = attrs_repr

    type: Literal["negotiation"] = v.type_tag("negotiation")
    round: int | None = attrs.field(default=None, validator=v.optional_positive_count)
    parties: frozenset[str] = attrs.field(converter=side_labels, validator=_sides)
    delegation_heads: tuple[Source, ...] = attrs.field(default=(), validator=_sources)
    mediators: tuple[Source, ...] = attrs.field(default=(), validator=_sources)
    venue: Location | None = attrs.field(default=None, validator=_place)
    scheduled: TimeSpan | None = attrs.field(default=None, validator=_span)
    held: TimeSpan | None = attrs.field(default=None, validator=_span)
    agenda: tuple[str, ...] = attrs.field(default=(), validator=_texts)
    status: NegotiationStatus = attrs.field(validator=v.enum_member(NegotiationStatus))
    outcome: str | None = attrs.field(default=None, validator=_text)
    description: str | None = attrs.field(default=None, validator=_text)
    corridors: tuple[Corridor, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Corridor)), metadata={ADDED: True}
    )
    id: str = id_field()

    def _check(self) -> None:
        if len(self.parties) < 2:
            parties = sorted(self.parties)
            raise v.fail(
                self, "parties", parties, f"talks need at least two parties, got {parties}"
            )
        if self.held is not None and self.status is not NegotiationStatus.HELD:
            raise v.fail(
                self,
                "status",
                self.status.value,
                f"talks with a 'held' time must have status 'held', not {self.status.value!r}",
            )


# -- sanctions ------------------------------------------------------------------------


class MeasureKind(enum.StrEnum):
    """What a sanction does."""

    AIRSPACE_CLOSURE = "airspace_closure"
    EXPORT_CONTROLS = "export_controls"
    IMPORT_BAN = "import_ban"
    FINANCIAL_RESTRICTIONS = "financial_restrictions"
    ASSET_FREEZE = "asset_freeze"
    TRAVEL_BAN = "travel_ban"
    EVENT_BAN = "event_ban"
    """Exclusion from international events (sport, culture)."""
    ARMS_EMBARGO = "arms_embargo"
    OTHER = "other"


class SanctionStatus(enum.StrEnum):
    """Where a sanction stands."""

    ANNOUNCED = "announced"
    IN_FORCE = "in_force"
    LIFTED = "lifted"


@attrs.frozen(kw_only=True)
class Sanction(DerivesId):
    """A restrictive measure: who imposes it, on whom, what it does.

    Field names follow FollowTheMoney's ``Sanction`` schema where it has them
    (``authority``, ``entity``, ``program``, ``provisions``).

    Attributes:
        authority: Who imposes it (one or more states or bodies).
        entity: On whom, as reported ("Russian aircraft", "Belarus").
        entity_country: The target's country code, where the target is a state or in one.
        measures: What the sanction does.
        program: The sanctions programme it belongs to, if named.
        provisions: Its provisions as reported ("strict controls on high-tech exports").
        scope: How far it reaches ("much of European and American airspace").
        announced: When it was announced.
        effective: When it takes or took effect.
        status: Announced, in force or lifted.
        description: Anything else the report says.
    """

    __repr__ = attrs_repr

    type: Literal["sanction"] = v.type_tag("sanction")
    authority: tuple[Source, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(Source), non_empty=True)
    )
    entity: str = attrs.field(validator=v.non_empty_str)
    entity_country: str | None = attrs.field(default=None, validator=v.optional_country_code)
    measures: frozenset[MeasureKind] = attrs.field(
        validator=v.frozenset_of(v.enum_member(MeasureKind), non_empty=True)
    )
    program: str | None = attrs.field(default=None, validator=_text)
    provisions: tuple[str, ...] = attrs.field(default=(), validator=_texts)
    scope: str | None = attrs.field(default=None, validator=_text)
    announced: TimeSpan | None = attrs.field(default=None, validator=_span)
    effective: TimeSpan | None = attrs.field(default=None, validator=_span)
    status: SanctionStatus = attrs.field(
        default=SanctionStatus.IN_FORCE, validator=v.enum_member(SanctionStatus)
    )
    description: str | None = attrs.field(default=None, validator=_text)
    id: str = id_field()


# -- airspace incidents ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AircraftCount:
    """How many aircraft of one type took part ("two Su-27").

    Attributes:
        model: The type designation as canonically written ("Su-27").
        count: How many, at least 1.
        role: What they are, as reported ("fighter jet").
    """

    __repr__ = attrs_repr

    model: str = attrs.field(validator=v.non_empty_str)
    count: int = attrs.field(validator=v.positive_count)
    role: str | None = attrs.field(default=None, validator=_text)


class CrewFate(enum.StrEnum):
    """What happened to the crew of an aircraft in an :class:`AirspaceIncident`."""

    UNHARMED = "unharmed"
    """Flew on or landed; nobody hurt."""
    EJECTED = "ejected"
    """Ejected or bailed out, fate otherwise not said."""
    RESCUED = "rescued"
    DETAINED = "detained"
    """Held by the state whose airspace was entered."""
    INJURED = "injured"
    KILLED = "killed"
    MISSING = "missing"


@attrs.frozen(kw_only=True)
class AirspaceIncident(DerivesId):
    """Aircraft of one state entering another's airspace without leave.

    "Two Russian Su-24 jets violated Swedish airspace for about 17 minutes; they were
    warned twice and intercepted once" is ``AirspaceIncident(aircraft=(AircraftCount(
    model="Su-24", count=2),), operator_state="RU", violated_state="SE",
    duration=Duration.parse("about 17 minutes"), warnings=2, interceptions=1)``.

    Attributes:
        aircraft: The aircraft by type and count.
        total: How many aircraft in all, as reported; must equal the sum of
            ``aircraft`` when both are given.
        operator_state: ISO code of the state whose aircraft they were.
        violated_state: ISO code of the state whose airspace was entered.
        place: Where ("east of Gotland").
        when: When.
        duration: How long it lasted (:class:`Duration`: "for about 17 minutes", or
            the words "briefly" when no figure is given); ``None`` if not said. Files
            written by 0.x, which held the words as text, load with them read as a
            :class:`Duration`.
        detected_by: Who detected it.
        documented_by: Who documented it (photographed, tracked).
        response: What was done about it (interception, protest).
        description: Anything else the report says.
        warnings: How many times the aircraft were warned (radio calls, signals), if said.
        interceptions: How many times they were intercepted, if said (0: not intercepted).
        crew: What happened to the crew, if the report says.
        route: The places the aircraft flew over or by, in order ("from Kaliningrad",
            "east of Gotland"), if reported.
    """

    __repr__ = attrs_repr

    type: Literal["airspace_incident"] = v.type_tag("airspace_incident")
    aircraft: tuple[AircraftCount, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(AircraftCount))
    )
    total: int | None = attrs.field(default=None, validator=v.optional_positive_count)
    operator_state: str | None = attrs.field(default=None, validator=v.optional_country_code)
    violated_state: str = attrs.field(validator=v.country_code)
    place: Location | None = attrs.field(default=None, validator=_place)
    when: TimeSpan | None = attrs.field(default=None, validator=_span)
    duration: Duration | None = attrs.field(
        default=None,
        converter=optional_duration,
        validator=v.optional_instance_of(Duration),
        metadata={LEGACY_TEXT: duration_text},
    )
    detected_by: tuple[Source, ...] = attrs.field(default=(), validator=_sources)
    documented_by: tuple[Source, ...] = attrs.field(default=(), validator=_sources)
    response: str | None = attrs.field(default=None, validator=_text)
    description: str | None = attrs.field(default=None, validator=_text)
    warnings: int | None = attrs.field(
        default=None, validator=v.optional_count, metadata={ADDED: True}
    )
    interceptions: int | None = attrs.field(
        default=None, validator=v.optional_count, metadata={ADDED: True}
    )
    crew: CrewFate | None = attrs.field(
        default=None, validator=v.optional_enum_member(CrewFate), metadata={ADDED: True}
    )
    route: tuple[Location, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Location)), metadata={ADDED: True}
    )
    id: str = id_field()

    def _check(self) -> None:
        if self.total is not None and self.aircraft:
            summed = sum(a.count for a in self.aircraft)
            if summed != self.total:
                raise v.fail(
                    self,
                    "total",
                    self.total,
                    f"{self.total} disagrees with the aircraft counts, which sum to {summed}",
                )
        if self.operator_state is not None and self.operator_state == self.violated_state:
            raise v.fail(
                self,
                "violated_state",
                self.violated_state,
                f"a state cannot violate its own airspace ({self.violated_state!r} is also"
                " the operator_state)",
            )

    @property
    def aircraft_total(self) -> int | None:
        """``total`` if given, else the sum of the per-type counts, else ``None``."""
        if self.total is not None:
            return self.total
        return sum(a.count for a in self.aircraft) if self.aircraft else None


# -- attacks --------------------------------------------------------------------------


class AttackKind(enum.StrEnum):
    """What kind of violent event an :class:`Attack` is."""

    ATTACK = "attack"
    """Unspecified ("Russian attacks continued")."""
    SHELLING = "shelling"
    AIR_STRIKE = "air_strike"
    MISSILE_STRIKE = "missile_strike"
    DRONE_STRIKE = "drone_strike"
    EXPLOSION = "explosion"
    """Blasts whose cause the report does not give."""
    GROUND_ASSAULT = "ground_assault"
    ENGAGEMENT = "engagement"
    """Fighting between armed forces ("success near Horlivka")."""
    SHOOT_DOWN = "shoot_down"
    """An aircraft, drone or missile brought down ("the jet was shot down")."""
    INTERCEPTION = "interception"
    """Air defence firing at incoming missiles or drones ("the missiles were intercepted",
    "an air-defence missile fell")."""
    OTHER = "other"


class WeaponKind(enum.StrEnum):
    """By what means an :class:`Attack` was made."""

    MISSILE = "missile"
    """A missile whose type the report does not give."""
    BALLISTIC_MISSILE = "ballistic_missile"
    CRUISE_MISSILE = "cruise_missile"
    AIR_DEFENCE_MISSILE = "air_defence_missile"
    """A surface-to-air missile ("its own air-defence missile")."""
    ROCKET = "rocket"
    """Unguided rockets, multiple rocket launchers ("Grad rockets")."""
    AIRCRAFT = "aircraft"
    """Crewed aircraft: their bombs, guns or missiles ("an air strike")."""
    ARTILLERY = "artillery"
    """Guns, howitzers, mortars, tank fire ("shelling")."""
    DRONE = "drone"
    """Uncrewed aircraft, armed or loitering ("Shahed drones")."""
    GROUND_FIRE = "ground_fire"
    """Fire from the ground at aircraft ("fire from the ground")."""
    SMALL_ARMS = "small_arms"
    """Rifles and machine guns."""
    EXPLOSIVE = "explosive"
    """Mines, planted or improvised explosive devices."""
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Weapon:
    """One means of an attack: "48 Kh-101 cruise missiles", "an S-300 air-defence missile".

    Attributes:
        kind: What kind of weapon.
        model: Its type designation, as canonically written ("Kh-101", "S-300").
        count: How many munitions (missiles, shells, drones) or aircraft, as reported.
    """

    __repr__ = attrs_repr

    kind: WeaponKind = attrs.field(validator=v.enum_member(WeaponKind))
    model: str | None = attrs.field(default=None, validator=_text)
    count: Quantity | None = attrs.field(default=None, validator=_quantity)


def _low_of(count: Quantity | None) -> int:
    return 0 if count is None or count.low is None else count.low


@attrs.frozen(kw_only=True)
class Attack(DerivesId):
    """A violent event: attacks, explosions, fighting.

    Who attacked and who (or what) was attacked are :class:`Source` values, so that
    reports of one event match by who did it across data sets (by their ids:
    ``ucdp-actor``, ``acled-actor``, ``iso3166``…). Text is accepted where an actor
    goes (``attacker="RU"``) and becomes one by the migration rule of
    :func:`~conflictevents._sources.actor_from_text`, as the text of release 0.x files
    does.

    Attributes:
        kind: What kind of event.
        attacker: Who attacked, if known (UCDP's side A, ACLED's actor 1).
        target: Who or what was attacked, if known (UCDP's side B, ACLED's actor 2, "main
            railway station").
        place: Where.
        when: When.
        count: How many (explosions, strikes), as reported ("several").
        damage: The damage, as reported ("slight damage, services not halted").
        effects: What followed ("air-raid sirens").
        outcome: Who prevailed, as reported ("success for Ukrainian forces").
        description: Anything else the report says.
        part_of: External ids of what the event belongs to: its UCDP dyad and conflict
            (``"ucdp-dyad:14117"``, ``"ucdp-conflict:13243"``). Events of different
            dyads or conflicts are different events; sharing one says nothing more.
        coding: How a data set coded the event in its own terms (ACLED's sub-event
            type, UCDP's type of violence), for an attack read from one.
        means: By what means: the weapons, each with its type and count of munitions
            ("a Kh-101 cruise missile"); empty when the report does not say.
        munitions: How many munitions in all ("70 missiles and drones"), where the report
            gives a total; never fewer than the weapons' own counts allow.
    """

    __repr__ = attrs_repr

    type: Literal["attack"] = v.type_tag("attack")
    kind: AttackKind = attrs.field(default=AttackKind.ATTACK, validator=v.enum_member(AttackKind))
    attacker: Source | None = attrs.field(
        default=None, converter=optional_actor, validator=_actor, metadata=_ACTOR_METADATA
    )
    target: Source | None = attrs.field(
        default=None, converter=optional_actor, validator=_actor, metadata=_ACTOR_METADATA
    )
    place: Location | None = attrs.field(default=None, validator=_place)
    when: TimeSpan | None = attrs.field(default=None, validator=_span)
    count: Quantity | None = attrs.field(default=None, validator=_quantity)
    damage: str | None = attrs.field(default=None, validator=_text)
    effects: tuple[str, ...] = attrs.field(default=(), validator=_texts)
    outcome: str | None = attrs.field(default=None, validator=_text)
    description: str | None = attrs.field(default=None, validator=_text)
    part_of: frozenset[str] = attrs.field(
        default=frozenset(), validator=v.external_ids(EVENT_SCHEMES), metadata={ADDED: True}
    )
    coding: Coding | None = attrs.field(
        default=None,
        validator=v.optional_instance_of((AcledCoding, UcdpCoding)),
        metadata={ADDED: True},
    )
    means: tuple[Weapon, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Weapon)), metadata={ADDED: True}
    )
    munitions: Quantity | None = attrs.field(
        default=None, validator=_quantity, metadata={ADDED: True}
    )
    id: str = id_field()

    def _check(self) -> None:
        total = self.munitions
        if total is None or total.high is None:
            return
        counted = sum(_low_of(w.count) for w in self.means)
        if counted > total.high:
            raise v.fail(
                self,
                "munitions",
                str(total),
                f"{total} munitions in all, but the weapons' counts add up to at least {counted}",
            )


# -- events only a data set's coding describes ------------------------------------------


@attrs.frozen(kw_only=True)
class CodedEvent(DerivesId):
    """An event known by a data set's coding, for which no other model fits.

    ACLED's protests and strategic developments (an arrest, a base established, looting,
    an agreement) are read as coded events: the coding keeps the data set's own type and
    every column it gave, the other fields what all events share.

    Attributes:
        coding: How the data set coded the event (:class:`AcledCoding`).
        actor: The first actor (ACLED's ``actor1``), if any; text becomes an actor as
            for :class:`Attack`'s ``attacker``.
        counterpart: The second actor (``actor2``), if any.
        place: Where.
        when: When.
        size: How many took part, as reported: a protest's crowd size.
        description: Anything else the data set says (ACLED's ``notes``).
    """

    __repr__ = attrs_repr

    type: Literal["coded_event"] = v.type_tag("coded_event")
    coding: AcledCoding = attrs.field(validator=v.instance_of(AcledCoding))
    actor: Source | None = attrs.field(default=None, converter=optional_actor, validator=_actor)
    counterpart: Source | None = attrs.field(
        default=None, converter=optional_actor, validator=_actor
    )
    place: Location | None = attrs.field(default=None, validator=_place)
    when: TimeSpan | None = attrs.field(default=None, validator=_span)
    size: Quantity | None = attrs.field(default=None, validator=_quantity)
    description: str | None = attrs.field(default=None, validator=_text)
    id: str = id_field()


# -- statements, votes, curfews -----------------------------------------------------------


class StatementKind(enum.StrEnum):
    """What a :class:`Statement` does."""

    STATEMENT = "statement"
    """Says something."""
    APPEAL = "appeal"
    """Urges or asks somebody to act ("urged Russia to declare a ceasefire")."""
    CONDEMNATION = "condemnation"
    OFFER = "offer"
    WARNING = "warning"
    DENIAL = "denial"


@attrs.frozen(kw_only=True)
class Statement(DerivesId):
    """Somebody said something on the record: a quote, an appeal, a condemnation.

    Attributes:
        speaker: Who said it.
        kind: What the statement does.
        text: The words, verbatim where the report quotes them.
        verbatim: Whether ``text`` is a direct quote (not a paraphrase).
        addressee: Whom it addresses (side label or name), if anybody.
        topic: What it is about ("ceasefire", "diplomatic path").
        concerning: Places it is about ("Kharkiv and Sumy regions").
        place: Where it was said ("US State Department").
        when: When it was said.
        description: Anything else the report says.
    """

    __repr__ = attrs_repr

    type: Literal["statement"] = v.type_tag("statement")
    speaker: Source = attrs.field(validator=v.instance_of(Source))
    kind: StatementKind = attrs.field(
        default=StatementKind.STATEMENT, validator=v.enum_member(StatementKind)
    )
    text: str | None = attrs.field(default=None, validator=_text)
    verbatim: bool = attrs.field(default=False, validator=v.instance_of(bool))
    addressee: str | None = attrs.field(default=None, validator=_text)
    topic: str | None = attrs.field(default=None, validator=_text)
    concerning: tuple[Location, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Location))
    )
    place: Location | None = attrs.field(default=None, validator=_place)
    when: TimeSpan | None = attrs.field(default=None, validator=_span)
    description: str | None = attrs.field(default=None, validator=_text)
    id: str = id_field()

    def _check(self) -> None:
        if self.verbatim and self.text is None:
            raise v.fail(self, "verbatim", self.verbatim, "a verbatim statement needs its text")


class VoteResult(enum.StrEnum):
    """How a vote ended."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    PENDING = "pending"


@attrs.frozen(kw_only=True)
class Vote(DerivesId):
    """A vote in a body: a resolution, a motion.

    Attributes:
        body: Who voted ("UN General Assembly").
        session: The session, as named ("emergency special session").
        motion: What was voted on.
        result: Adopted, rejected or pending.
        votes_for: Votes in favour, as reported.
        votes_against: Votes against.
        abstentions: Abstentions.
        when: When the vote was held.
        description: Anything else ("a large majority").
        ordinal: Which session of its kind this is, if the report counts it ("only the
            11th"), at least 1.
        ordinal_within: The time over which ``ordinal`` counts ("in more than 70
            years"); only with an ``ordinal``.
    """

    __repr__ = attrs_repr

    type: Literal["vote"] = v.type_tag("vote")
    body: Source = attrs.field(validator=v.instance_of(Source))
    session: str | None = attrs.field(default=None, validator=_text)
    motion: str = attrs.field(validator=v.non_empty_str)
    result: VoteResult = attrs.field(validator=v.enum_member(VoteResult))
    votes_for: Quantity | None = attrs.field(default=None, validator=_quantity)
    votes_against: Quantity | None = attrs.field(default=None, validator=_quantity)
    abstentions: Quantity | None = attrs.field(default=None, validator=_quantity)
    when: TimeSpan | None = attrs.field(default=None, validator=_span)
    description: str | None = attrs.field(default=None, validator=_text)
    ordinal: int | None = attrs.field(
        default=None, validator=v.optional_positive_count, metadata={ADDED: True}
    )
    ordinal_within: Duration | None = attrs.field(
        default=None, validator=v.optional_instance_of(Duration), metadata={ADDED: True}
    )
    id: str = id_field()

    def _check(self) -> None:
        if self.ordinal_within is not None and self.ordinal is None:
            raise v.fail(
                self,
                "ordinal_within",
                str(self.ordinal_within),
                "says over what time the ordinal counts, but the vote has no ordinal",
            )


@attrs.frozen(kw_only=True)
class Curfew(DerivesId):
    """A curfew declared by an authority over a place.

    Attributes:
        authority: Who declared it.
        place: Where it applies.
        declared: When it was declared.
        period: When it is in force, if the report says.
        description: Hours, exemptions, reasons, as reported.
    """

    __repr__ = attrs_repr

    type: Literal["curfew"] = v.type_tag("curfew")
    authority: Source = attrs.field(validator=v.instance_of(Source))
    place: Location = attrs.field(validator=v.instance_of(Location))
    declared: TimeSpan | None = attrs.field(default=None, validator=_span)
    period: TimeSpan | None = attrs.field(default=None, validator=_span)
    description: str | None = attrs.field(default=None, validator=_text)
    id: str = id_field()


# -- presence ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Presence(DerivesId):
    """Armed forces in a place, without a claim that they control it.

    "Russian troops entered Kherson", "armed men in the city hall": a presence is not a
    change of control (:class:`~conflictevents.TerritorialControl`, which says who holds
    a place); the two are reconciled apart (:func:`~conflictevents.subject_key`).

    Attributes:
        place: Where they are or went.
        side: Whose forces (side label); ``None`` when the report does not say ("armed
            men").
        forces: Who, as reported ("troops", "armed men", "a reconnaissance group").
        entered: Whether the report says they entered or arrived (not only that they
            were there).
        when: When.
        description: Anything else the report says.
    """

    __repr__ = attrs_repr

    type: Literal["presence"] = v.type_tag("presence")
    place: Location = attrs.field(validator=v.instance_of(Location))
    side: str | None = v.optional_side()
    forces: str | None = attrs.field(default=None, validator=_text)
    entered: bool = attrs.field(default=False, validator=v.instance_of(bool))
    when: TimeSpan | None = attrs.field(default=None, validator=_span)
    description: str | None = attrs.field(default=None, validator=_text)
    id: str = id_field()


Event = (
    Negotiation
    | Sanction
    | AirspaceIncident
    | Attack
    | Statement
    | Vote
    | Curfew
    | CodedEvent
    | Presence
)
"""Any event model."""

EVENT_TYPES: tuple[type, ...] = (
    Negotiation,
    Sanction,
    AirspaceIncident,
    Attack,
    Statement,
    Vote,
    Curfew,
    CodedEvent,
    Presence,
)
