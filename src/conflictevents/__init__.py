"""Typed, immutable models for news reports about armed conflicts.

Reports are *claims*: conflictevents keeps who said what, when, through whom, and how
the claims disagree. See https://conflictevents.readthedocs.io/ for the documentation.
"""

from __future__ import annotations

from ._claims import (
    CasualtyCount,
    Category,
    Claim,
    ControlExtent,
    EquipmentLoss,
    LossStatus,
    Medium,
    Outcome,
    Stance,
    Subject,
    TerritorialControl,
    Verification,
)
from ._events import (
    AircraftCount,
    AirspaceIncident,
    Attack,
    AttackKind,
    Curfew,
    Event,
    MeasureKind,
    Negotiation,
    NegotiationStatus,
    Sanction,
    SanctionStatus,
    Statement,
    StatementKind,
    Vote,
    VoteResult,
)
from ._locations import Coordinates, Location, LocationPrecision, Relation, RelativePlace
from ._quantity import Qualifier, Quantity
from ._records import Record
from ._sources import Credit, Publication, Source, SourceKind
from ._time import TimePrecision, TimeSpan
from .exceptions import ConflictEventsError, InvariantError

__all__ = [
    "AircraftCount",
    "AirspaceIncident",
    "Attack",
    "AttackKind",
    "CasualtyCount",
    "Category",
    "Claim",
    "ConflictEventsError",
    "ControlExtent",
    "Coordinates",
    "Credit",
    "Curfew",
    "EquipmentLoss",
    "Event",
    "InvariantError",
    "Location",
    "LocationPrecision",
    "LossStatus",
    "MeasureKind",
    "Medium",
    "Negotiation",
    "NegotiationStatus",
    "Outcome",
    "Publication",
    "Qualifier",
    "Quantity",
    "Record",
    "Relation",
    "RelativePlace",
    "Sanction",
    "SanctionStatus",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
    "StatementKind",
    "Subject",
    "TerritorialControl",
    "TimePrecision",
    "TimeSpan",
    "Verification",
    "Vote",
    "VoteResult",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("conflictevents")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
