"""Typed, immutable models for news reports about armed conflicts.

Reports are *claims*: conflictevents keeps who said what, when, through whom, and how
the claims disagree. See https://conflictevents.readthedocs.io/ for the documentation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

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
from ._sources import Credit, Publication, Source, SourceKind
from ._time import Order, TimePrecision, TimeSpan
from .exceptions import (
    ConflictEventsError,
    InvariantError,
    ValidationError,
)

if TYPE_CHECKING:
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
        Estimate,
        EstimatePolicy,
        SideRelation,
    )
    from ._json import (
        dumps,
        from_dict,
        loads,
        to_dict,
    )
    from ._jsonl import (
        JsonLinesReader,
        read_jsonl,
        write_jsonl,
    )
    from ._names import (
        name_key,
        names_match,
    )
    from ._reconcile import (
        FigureRange,
        Reconciliation,
        ReconciliationStatus,
        SubjectReconciliation,
        reconcile,
    )
    from ._resolve import resolve_time
    from ._schema import json_schema
    from ._subject_keys import subject_key
    from ._timeline import StatusChange

# Public names whose modules load on first use, so that `import conflictevents` costs
# only the models (issue 15). The TYPE_CHECKING imports above say the same for type
# checkers; tests/test_public_surface.py checks that the two agree.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
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
        ),
        "_compare",
    ),
    "make_converter": "_converter",
    **dict.fromkeys(
        (
            "CONSERVATIVE",
            "MEDIAN_OF_INDEPENDENT",
            "UCDP",
            "ClaimStanding",
            "Estimate",
            "EstimatePolicy",
            "SideRelation",
        ),
        "_estimates",
    ),
    **dict.fromkeys(("dumps", "from_dict", "loads", "to_dict"), "_json"),
    **dict.fromkeys(("JsonLinesReader", "read_jsonl", "write_jsonl"), "_jsonl"),
    **dict.fromkeys(("name_key", "names_match"), "_names"),
    **dict.fromkeys(
        (
            "FigureRange",
            "Reconciliation",
            "ReconciliationStatus",
            "SubjectReconciliation",
            "reconcile",
        ),
        "_reconcile",
    ),
    "resolve_time": "_resolve",
    "json_schema": "_schema",
    "subject_key": "_subject_keys",
    "StatusChange": "_timeline",
}

__all__ = [
    "Agreement",
    "AircraftCount",
    "AirspaceIncident",
    "Attack",
    "AttackKind",
    "CONSERVATIVE",
    "CasualtyCount",
    "Category",
    "Claim",
    "ClaimStanding",
    "ConflictEventsError",
    "ControlExtent",
    "Coordinates",
    "Credit",
    "Curfew",
    "Difference",
    "EquipmentLoss",
    "Estimate",
    "EstimatePolicy",
    "Event",
    "FigureComparison",
    "FigureRange",
    "InvariantError",
    "JsonLinesReader",
    "Location",
    "LocationPrecision",
    "LossStatus",
    "MEDIAN_OF_INDEPENDENT",
    "MeasureKind",
    "Medium",
    "Negotiation",
    "NegotiationStatus",
    "Order",
    "Outcome",
    "Publication",
    "Qualifier",
    "Quantity",
    "Reconciliation",
    "ReconciliationStatus",
    "Relation",
    "RelativePlace",
    "Sanction",
    "SanctionStatus",
    "SideRelation",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
    "StatementKind",
    "StatusChange",
    "Subject",
    "SubjectReconciliation",
    "TerritorialControl",
    "TimePrecision",
    "TimeSpan",
    "UCDP",
    "ValidationError",
    "Verification",
    "Vote",
    "VoteResult",
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


# Names that left the top-level namespace in 0.1 (issue 10): where each lives now and
# what to write instead. They still resolve, with a DeprecationWarning, until 1.0.
_MOVED: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "AmbiguousDateError",
            "ConflictEventsWarning",
            "FigureParseError",
            "IgnoredFieldsWarning",
            "ReconciliationError",
            "SkippedLineWarning",
            "TimeExpressionError",
        ),
        ("conflictevents.exceptions", "import it from conflictevents.exceptions"),
    ),
    "ConservativePolicy": ("conflictevents._estimates", "use conflictevents.CONSERVATIVE"),
    "MedianOfIndependentPolicy": (
        "conflictevents._estimates",
        "use conflictevents.MEDIAN_OF_INDEPENDENT",
    ),
    "UcdpPolicy": ("conflictevents._estimates", "use conflictevents.UCDP"),
    "HasNames": ("conflictevents._names", "annotate with Source | Location"),
    "Document": (
        "conflictevents._records",
        "annotate with Claim | Event | reports.Assessment | Reconciliation | SubjectReconciliation",
    ),
    "Record": ("conflictevents._records", "annotate with Claim | Event | reports.Assessment"),
    "claimant_identity": (
        "conflictevents._sources",
        "use Source.identity (claim.claimant.identity)",
    ),
    "point_of": ("conflictevents._figures", "use Quantity.point"),
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # looked up once: later accesses skip this function
        return value
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("conflictevents")
    if name in _MOVED:
        import warnings  # noqa: PLC0415

        module, advice = _MOVED[name]
        warnings.warn(
            f"conflictevents.{name} is deprecated and will be removed in 1.0: {advice}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
