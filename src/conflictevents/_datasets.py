"""How a data set coded an event, in the data set's own vocabulary, kept typed.

An event read from ACLED or UCDP is also an event of the models (an :class:`Attack`
with its kind, place and time, or a :class:`CodedEvent`), so that it reconciles with
what other sources say. Its ``coding`` keeps what the data set said beyond that, in the
data set's own terms: ACLED's sub-event type, actor types, civilian targeting, source
scale and tags (:class:`AcledCoding`); UCDP's type of violence, PRIO-GRID cell and
geometry (:class:`UcdpCoding`). The importers write these back as the columns they came
from.
"""

from __future__ import annotations

import enum
import re
from typing import Literal

import attrs

from . import _validators as v
from ._reprs import attrs_repr

__all__ = [
    "AcledActorType",
    "AcledCoding",
    "AcledDisorderType",
    "AcledEventType",
    "AcledSubEventType",
    "Coding",
    "UcdpCoding",
    "ViolenceType",
]


# -- UCDP ------------------------------------------------------------------------------


class ViolenceType(enum.StrEnum):
    """UCDP's type of violence (GED ``type_of_violence``)."""

    STATE_BASED = "state_based"
    """1: a state is one of the sides (state-based conflict)."""
    NON_STATE = "non_state"
    """2: organised groups fight each other, none of them a state (non-state conflict)."""
    ONE_SIDED = "one_sided"
    """3: a state or an organised group kills unarmed civilians (one-sided violence)."""

    @property
    def code(self) -> int:
        """UCDP's number for it: 1, 2 or 3."""
        return _VIOLENCE_CODES[self]


_VIOLENCE_CODES = {
    ViolenceType.STATE_BASED: 1,
    ViolenceType.NON_STATE: 2,
    ViolenceType.ONE_SIDED: 3,
}

PRIOGRID_CELLS = 720 * 360
"""The number of PRIO-GRID cells (half a degree square): ``priogrid_gid`` is 1 to this."""

WKT_PATTERN = (
    r"^(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)"
    r" ?(Z |M |ZM )?(\(|EMPTY)"
)
"""What a geometry's text starts with: a WKT type in capitals, then ``(`` or ``EMPTY``."""
_WKT = re.compile(WKT_PATTERN)


def _wkt(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and _WKT.search(value) is None:
        raise v.fail(
            instance,
            attribute.name,
            value,
            f"expected a WKT geometry such as 'POINT (30.52 50.45)', got {value!r}",
        )


def _cell(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value > PRIOGRID_CELLS:
        raise v.fail(
            instance, attribute.name, value, f"PRIO-GRID has {PRIOGRID_CELLS:,} cells, got {value}"
        )


@attrs.frozen(kw_only=True)
class UcdpCoding:
    """What a UCDP GED row says of its event beyond the models' fields.

    Attributes:
        violence: The type of violence (``type_of_violence``).
        number_of_sources: How many sources UCDP used (``number_of_sources``).
        priogrid_gid: The PRIO-GRID cell of the event (``priogrid_gid``), 1 to 259,200.
        geometry: The event's geometry as UCDP gives it (``geom_wkt``, WKT), which may
            hold more digits than ``latitude``/``longitude``.
    """

    __repr__ = attrs_repr

    type: Literal["ucdp"] = v.type_tag("ucdp")
    violence: ViolenceType = attrs.field(validator=v.enum_member(ViolenceType))
    number_of_sources: int | None = attrs.field(default=None, validator=v.optional_count)
    priogrid_gid: int | None = attrs.field(
        default=None,
        validator=attrs.validators.and_(v.optional_positive_count, _cell),
        metadata={"json_schema": {"maximum": PRIOGRID_CELLS}},
    )
    geometry: str | None = attrs.field(
        default=None,
        validator=attrs.validators.and_(v.optional_non_empty_str, _wkt),
        metadata={"json_schema": {"pattern": WKT_PATTERN}},
    )


# -- ACLED -----------------------------------------------------------------------------


class AcledEventType(enum.StrEnum):
    """ACLED's ``event_type`` (codebook 2023/2024), as ACLED writes it."""

    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class AcledSubEventType(enum.StrEnum):
    """ACLED's ``sub_event_type``, as ACLED writes it; each belongs to one event type."""

    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    ARMED_CLASH = "Armed clash"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE_ATTACK = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE_LANDMINE_IED = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION_FORCED_DISAPPEARANCE = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP_ACTIVITY = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "Looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "Non-violent transfer of territory"
    OTHER = "Other"

    @property
    def event_type(self) -> AcledEventType:
        """The event type this sub-event type belongs to."""
        return _EVENT_TYPE_OF[self]


_S = AcledSubEventType
_EVENT_TYPE_OF: dict[AcledSubEventType, AcledEventType] = {
    **dict.fromkeys(
        (_S.GOVERNMENT_REGAINS_TERRITORY, _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, _S.ARMED_CLASH),
        AcledEventType.BATTLES,
    ),
    **dict.fromkeys(
        (
            _S.CHEMICAL_WEAPON,
            _S.AIR_DRONE_STRIKE,
            _S.SUICIDE_BOMB,
            _S.SHELLING_ARTILLERY_MISSILE_ATTACK,
            _S.REMOTE_EXPLOSIVE_LANDMINE_IED,
            _S.GRENADE,
        ),
        AcledEventType.EXPLOSIONS,
    ),
    **dict.fromkeys(
        (_S.SEXUAL_VIOLENCE, _S.ATTACK, _S.ABDUCTION_FORCED_DISAPPEARANCE),
        AcledEventType.VIOLENCE_AGAINST_CIVILIANS,
    ),
    **dict.fromkeys(
        (
            _S.PEACEFUL_PROTEST,
            _S.PROTEST_WITH_INTERVENTION,
            _S.EXCESSIVE_FORCE_AGAINST_PROTESTERS,
        ),
        AcledEventType.PROTESTS,
    ),
    **dict.fromkeys((_S.VIOLENT_DEMONSTRATION, _S.MOB_VIOLENCE), AcledEventType.RIOTS),
    **dict.fromkeys(
        (
            _S.AGREEMENT,
            _S.ARRESTS,
            _S.CHANGE_TO_GROUP_ACTIVITY,
            _S.DISRUPTED_WEAPONS_USE,
            _S.HEADQUARTERS_OR_BASE_ESTABLISHED,
            _S.LOOTING_PROPERTY_DESTRUCTION,
            _S.NON_VIOLENT_TRANSFER_OF_TERRITORY,
            _S.OTHER,
        ),
        AcledEventType.STRATEGIC_DEVELOPMENTS,
    ),
}


class AcledDisorderType(enum.StrEnum):
    """ACLED's ``disorder_type``, as ACLED writes it."""

    POLITICAL_VIOLENCE = "Political violence"
    DEMONSTRATIONS = "Demonstrations"
    POLITICAL_VIOLENCE_DEMONSTRATIONS = "Political violence; Demonstrations"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class AcledActorType(enum.StrEnum):
    """ACLED's actor type (``inter1``/``inter2``), by the codebook's label.

    Older exports write the number (1 to 8, :attr:`code`), newer ones the label.
    """

    STATE_FORCES = "State forces"
    REBEL_GROUP = "Rebel group"
    POLITICAL_MILITIA = "Political militia"
    IDENTITY_MILITIA = "Identity militia"
    RIOTERS = "Rioters"
    PROTESTERS = "Protesters"
    CIVILIANS = "Civilians"
    EXTERNAL_OTHER_FORCES = "External/Other forces"

    @property
    def code(self) -> int:
        """ACLED's number for the type, 1 (state forces) to 8 (external/other forces)."""
        return list(AcledActorType).index(self) + 1


_names = v.tuple_of(v.non_empty_str)


@attrs.frozen(kw_only=True)
class AcledCoding:
    """What an ACLED row says of its event beyond the models' fields.

    Attributes:
        sub_event_type: The sub-event type, which gives the event type
            (:attr:`event_type`).
        disorder_type: The disorder type, if the export has the column.
        inter1: The type of ``actor1``, if there is one.
        inter2: The type of ``actor2``, if there is one.
        civilian_targeting: Whether ACLED marks the event as targeting civilians.
        assoc_actor_1: Actors associated with ``actor1`` (``assoc_actor_1``, split on ``;``).
        assoc_actor_2: Actors associated with ``actor2``.
        source_scale: The scale of the sources ("National", "Local partner-Other").
        tags: ACLED's tags (``tags``, split on ``;``): "crowd size=around 100".
    """

    __repr__ = attrs_repr

    type: Literal["acled"] = v.type_tag("acled")
    sub_event_type: AcledSubEventType = attrs.field(validator=v.enum_member(AcledSubEventType))
    disorder_type: AcledDisorderType | None = attrs.field(
        default=None, validator=v.optional_enum_member(AcledDisorderType)
    )
    inter1: AcledActorType | None = attrs.field(
        default=None, validator=v.optional_enum_member(AcledActorType)
    )
    inter2: AcledActorType | None = attrs.field(
        default=None, validator=v.optional_enum_member(AcledActorType)
    )
    civilian_targeting: bool = attrs.field(default=False, validator=v.instance_of(bool))
    assoc_actor_1: tuple[str, ...] = attrs.field(default=(), validator=_names)
    assoc_actor_2: tuple[str, ...] = attrs.field(default=(), validator=_names)
    source_scale: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    tags: tuple[str, ...] = attrs.field(default=(), validator=_names)

    def __attrs_post_init__(self) -> None:
        if self.inter2 is not None and self.inter1 is None:
            raise v.fail(self, "inter2", self.inter2.value, "inter2 is given without inter1")

    @property
    def event_type(self) -> AcledEventType:
        """The event type of :attr:`sub_event_type`."""
        return self.sub_event_type.event_type

    @property
    def interaction(self) -> int | None:
        """ACLED's interaction code: both actor types' numbers, the smaller first.

        An event with one actor type is that number followed by 0 (``80``); ``None``
        when there is none.
        """
        if self.inter1 is None:
            return None
        if self.inter2 is None:
            return self.inter1.code * 10
        low, high = sorted((self.inter1.code, self.inter2.code))
        return low * 10 + high


Coding = AcledCoding | UcdpCoding
"""Any data set's coding of an event."""
