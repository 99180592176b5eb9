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
from ._compare import (
    Agreement,
    Difference,
    FigureComparison,
    compare_figures,
    dedupe,
    diff,
    equal_except_provenance,
    same_event,
    same_place,
    same_subject,
)
from ._converter import make_converter
from ._estimates import (
    CONSERVATIVE,
    MEDIAN_OF_INDEPENDENT,
    UCDP,
    ClaimStanding,
    ConservativePolicy,
    Estimate,
    EstimatePolicy,
    MedianOfIndependentPolicy,
    SideRelation,
    UcdpPolicy,
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
from ._figures import point_of
from ._json import dumps, from_dict, loads, to_dict
from ._jsonl import JsonLinesReader, read_jsonl, write_jsonl
from ._locations import Coordinates, Location, LocationPrecision, Relation, RelativePlace
from ._names import HasNames, name_key, names_match
from ._quantity import Qualifier, Quantity
from ._reconcile import (
    FigureRange,
    Reconciliation,
    ReconciliationStatus,
    SubjectReconciliation,
    claimant_identity,
    reconcile,
)
from ._records import Document, Record
from ._resolve import resolve_time
from ._schema import json_schema
from ._sources import Credit, Publication, Source, SourceKind
from ._subject_keys import subject_key
from ._time import Order, TimePrecision, TimeSpan
from .exceptions import (
    AmbiguousDateError,
    ConflictEventsError,
    ConflictEventsWarning,
    FigureParseError,
    IgnoredFieldsWarning,
    InvariantError,
    ReconciliationError,
    SkippedLineWarning,
    TimeExpressionError,
    ValidationError,
)

__all__ = [
    "Agreement",
    "AircraftCount",
    "AirspaceIncident",
    "AmbiguousDateError",
    "Attack",
    "AttackKind",
    "CONSERVATIVE",
    "CasualtyCount",
    "Category",
    "Claim",
    "ClaimStanding",
    "ConflictEventsError",
    "ConflictEventsWarning",
    "ConservativePolicy",
    "ControlExtent",
    "Coordinates",
    "Credit",
    "Curfew",
    "Difference",
    "Document",
    "EquipmentLoss",
    "Estimate",
    "EstimatePolicy",
    "Event",
    "FigureComparison",
    "FigureParseError",
    "FigureRange",
    "HasNames",
    "IgnoredFieldsWarning",
    "InvariantError",
    "JsonLinesReader",
    "Location",
    "LocationPrecision",
    "LossStatus",
    "MEDIAN_OF_INDEPENDENT",
    "MeasureKind",
    "MedianOfIndependentPolicy",
    "Medium",
    "Negotiation",
    "NegotiationStatus",
    "Order",
    "Outcome",
    "Publication",
    "Qualifier",
    "Quantity",
    "Reconciliation",
    "ReconciliationError",
    "ReconciliationStatus",
    "Record",
    "Relation",
    "RelativePlace",
    "Sanction",
    "SanctionStatus",
    "SideRelation",
    "SkippedLineWarning",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
    "StatementKind",
    "Subject",
    "SubjectReconciliation",
    "TerritorialControl",
    "TimeExpressionError",
    "TimePrecision",
    "TimeSpan",
    "UCDP",
    "UcdpPolicy",
    "ValidationError",
    "Verification",
    "Vote",
    "VoteResult",
    "claimant_identity",
    "compare_figures",
    "dedupe",
    "diff",
    "dumps",
    "equal_except_provenance",
    "from_dict",
    "json_schema",
    "loads",
    "make_converter",
    "name_key",
    "names_match",
    "point_of",
    "read_jsonl",
    "reconcile",
    "resolve_time",
    "same_event",
    "same_place",
    "same_subject",
    "subject_key",
    "to_dict",
    "write_jsonl",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("conflictevents")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
