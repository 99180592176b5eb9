"""Claims and reconciliations as pandas data frames, with nullable and categorical dtypes.

Arrow's own ``to_pandas()`` turns a nullable ``int64`` column into ``float64`` (and a
figure of 9,007,199,254,740,993 into a different number); this module builds each column
with the dtype that keeps the data: ``Int64`` for figures and bounds, timezone-aware
``datetime64[us, tz]`` for times, a categorical with every member of the enum for enum
columns, ``string`` for text, ``boolean`` for flags. It needs pandas only (no pyarrow).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from conflictevents._claims import (
    SUBJECT_TYPES,
    Category,
    Claim,
    LossStatus,
    Medium,
    Outcome,
    Stance,
    Verification,
)
from conflictevents._locations import LocationPrecision
from conflictevents._quantity import Qualifier
from conflictevents._reconcile import Reconciliation, ReconciliationStatus
from conflictevents._sources import SourceKind
from conflictevents._time import TimePrecision
from conflictevents._time import _instant_key as _micros

from .tables import COLUMNS, _subject_columns, rows

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from conflictevents._reconcile import SubjectReconciliation
    from conflictevents.rollups import Rollup

__all__ = [
    "CLAIM_DTYPES",
    "POLICY_COLUMNS",
    "ROLLUP_COLUMNS",
    "SUBJECT_COLUMNS",
    "frame",
]

SUBJECT_TYPE_NAMES: Final[tuple[str, ...]] = tuple(
    attrs.fields(cls).type.default for cls in SUBJECT_TYPES
)

_ENUMS: Final[Mapping[str, type[enum.StrEnum] | tuple[str, ...]]] = {
    "claimant_kind": SourceKind,
    "stance": Stance,
    "subject_type": SUBJECT_TYPE_NAMES,
    "category": Category,
    "outcome": Outcome,
    "status": LossStatus,
    "qualifier": Qualifier,
    "time_precision": TimePrecision,
    "place_precision": LocationPrecision,
    "verification": Verification,
    "medium": Medium,
}


def _claim_dtype(name: str, arrow_type: str) -> str:
    if name in _ENUMS:
        return "category"
    return {
        "string": "string",
        "int64": "Int64",
        "double": "Float64",
        "timestamp[us, UTC]": "datetime64[us, tz]",
        "list<string>": "object",
    }[arrow_type]


CLAIM_DTYPES: Final[Mapping[str, str]] = {
    name: _claim_dtype(name, arrow_type) for name, arrow_type, _ in COLUMNS
}
"""The dtype of each column of ``to_pandas(claims)`` (the names of ``COLUMNS``).

``datetime64[us, tz]`` is timezone-aware in the zone passed as ``tz=`` (UTC by default);
``category`` columns have every member of their enum as categories; ``object`` columns
hold lists of strings.
"""

_SUBJECT: Final = frozenset({
    "subject_type", "subject_id", "side", "category", "outcome", "equipment", "status",
    "time_start", "time_end", "time_precision", "place", "place_country", "place_region",
    "latitude", "longitude", "place_precision",
})  # fmt: skip

SUBJECT_COLUMNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("subject_key", "string", "The subject key (subject_key)."),
    *((name, CLAIM_DTYPES[name], meaning) for name, _, meaning in COLUMNS if name in _SUBJECT),
    ("reconciliation", "category", "consistent, divergent, contested, denied, conceded, unknown."),
    ("claims", "object", "Ids of every claim on the subject, sorted."),
    ("current", "object", "Ids of each claimant's latest claim, sorted."),
    ("superseded", "object", "Ids of the claims a later claim of the same claimant replaced."),
    (
        "version_collisions",
        "object",
        "Ids of the claims whose versions cannot be ordered: all counted, none chosen.",
    ),
    ("claimants", "object", "The claimants' identities, sorted."),
    (
        "current_as_of",
        "object",
        "The date each current figure is as of, in the order of current (ISO; null: none).",
    ),
    (
        "not_aligned",
        "object",
        "Ids of the current claims not compared: not as of the aligned date.",
    ),
    (
        "aligned_on",
        "string",
        "For a cumulative series, the date the figures are compared at (ISO).",
    ),
    ("low", "Int64", "Lowest bound of the current figures (an open lower bound counts as 0)."),
    ("high", "Int64", "Highest bound of the current figures; null when one is open above."),
    ("low_claims", "object", "Ids of the claims giving low."),
    ("high_claims", "object", "Ids of the claims giving high (for null: the open ones)."),
    ("envelope_low", "Int64", "Lowest bound of every asserted figure, superseded included."),
    ("envelope_high", "Int64", "Highest bound of every asserted figure; null when open."),
    ("spread", "Float64", "Largest current figure over the smallest."),
    ("verified", "boolean", "Whether any claim on the subject is independently verified."),
    ("policy", "string", "The estimate policy's name."),
    ("estimate_low", "Int64", "The policy's low estimate."),
    ("estimate_best", "Int64", "The policy's best estimate."),
    ("estimate_high", "Int64", "The policy's high estimate; null when open."),
    ("estimate_claims", "object", "Ids of the claims the estimate rests on."),
)
"""The columns of ``to_pandas(reconciliation)``: ``(name, dtype, meaning)``."""


def _pandas() -> Any:  # noqa: ANN401 - the module, typed only when installed
    try:
        import pandas as pd  # noqa: PLC0415 - optional extra
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError("to_pandas needs pandas: pip install 'conflictevents[pandas]'") from None
    return pd


def _categories(name: str) -> list[str]:
    if name == "reconciliation":
        return [member.value for member in ReconciliationStatus]
    members = _ENUMS[name]
    return list(members) if isinstance(members, tuple) else [m.value for m in members]


def _column(pd: Any, name: str, dtype: str, values: list[Any], tz: str) -> Any:  # noqa: ANN401
    if dtype == "datetime64[us, tz]":
        import numpy as np  # noqa: PLC0415 - comes with pandas

        nat = np.iinfo(np.int64).min  # NaT's integer
        micros = np.array([nat if m is None else m for m in values], dtype=np.int64)
        return pd.Series(micros.view("datetime64[us]")).dt.tz_localize("UTC").dt.tz_convert(tz)
    if dtype == "category":
        return pd.Series(pd.Categorical(values, categories=_categories(name)))
    if dtype == "object":
        series = pd.Series(index=range(len(values)), dtype=object)
        series[:] = values or []
        return series
    return pd.Series(pd.array(values, dtype=dtype))


def _frame(
    records: Iterator[dict[str, Any]], columns: Iterable[tuple[str, str]], tz: str
) -> pd.DataFrame:
    pd = _pandas()
    columns = tuple(columns)
    values: dict[str, list[Any]] = {name: [] for name, _ in columns}
    for record in records:
        for name, _ in columns:
            values[name].append(record[name])
    return pd.DataFrame(
        {name: _column(pd, name, dtype, values[name], tz) for name, dtype in columns}
    )


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _subject_rows(
    reconciliation: Iterable[SubjectReconciliation], policy: str
) -> Iterator[dict[str, Any]]:
    for result in reconciliation:
        figures, envelope, estimate = result.range, result.envelope, result.estimate
        yield {
            "subject_key": result.key,
            **_subject_columns(result.subject),
            "reconciliation": result.status.value,
            "claims": [claim.id for claim in result.claims],
            "current": [standing.claim for standing in result.current],
            "superseded": list(result.superseded),
            "version_collisions": list(result.version_collisions),
            "claimants": list(result.claimants),
            "current_as_of": [_iso(standing.as_of) for standing in result.current],
            "not_aligned": [s.claim for s in result.current if not s.aligned],
            "aligned_on": _iso(result.aligned_on),
            "low": figures.low if figures is not None else None,
            "high": figures.high if figures is not None else None,
            "low_claims": list(figures.low_claims) if figures is not None else [],
            "high_claims": list(figures.high_claims) if figures is not None else [],
            "envelope_low": envelope.low if envelope is not None else None,
            "envelope_high": envelope.high if envelope is not None else None,
            "spread": result.spread,
            "verified": result.verified,
            "policy": policy,
            "estimate_low": estimate.low if estimate is not None else None,
            "estimate_best": estimate.best if estimate is not None else None,
            "estimate_high": estimate.high if estimate is not None else None,
            "estimate_claims": list(estimate.claims) if estimate is not None else [],
        }


ROLLUP_COLUMNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("measure", "string", "What is counted (rollups.measure_of)."),
    ("area", "string", "The country, country/region or grid cell."),
    ("period_start", "datetime64[us, tz]", "Start of the calendar period."),
    ("period_end", "datetime64[us, tz]", "End of the calendar period (exclusive)."),
    ("low", "Int64", "Sum of the subjects' low bounds."),
    ("high", "Int64", "Sum of their high bounds; null when one is open or unknown."),
    ("subjects", "object", "Keys of the subjects in the cell."),
    ("unknown", "object", "Keys of the subjects with no figure (not counted as 0)."),
    ("claims", "object", "Ids of every claim behind the total."),
)
"""The fixed columns of ``to_pandas(rollup)``; each policy adds four more."""

POLICY_COLUMNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("{policy}_low", "Int64", "The policy's summed low estimate."),
    ("{policy}_best", "Int64", "The policy's summed best estimate."),
    ("{policy}_high", "Int64", "The policy's summed high estimate; null when open."),
    ("{policy}_missing", "object", "Keys of the subjects it gives no estimate for."),
)
"""The columns each policy of a roll-up adds, side by side."""


def _rollup_frame(data: Rollup, tz: str) -> pd.DataFrame:
    policies = [e.policy for e in data.totals[0].estimates] if data.totals else []
    columns = [(name, dtype) for name, dtype, _ in ROLLUP_COLUMNS]
    columns += [
        (name.format(policy=policy), dtype)
        for policy in policies
        for name, dtype, _ in POLICY_COLUMNS
    ]

    def records() -> Iterator[dict[str, Any]]:
        for total in data.totals:
            record = {
                "measure": total.measure,
                "area": total.area,
                "period_start": _micros(total.period.start),
                "period_end": _micros(total.period.end),
                "low": total.low,
                "high": total.high,
                "subjects": list(total.subjects),
                "unknown": list(total.unknown),
                "claims": list(total.claims),
            }
            for estimate in total.estimates:
                name = estimate.policy
                record[f"{name}_low"] = estimate.low
                record[f"{name}_best"] = estimate.best
                record[f"{name}_high"] = estimate.high
                record[f"{name}_missing"] = list(estimate.missing)
            yield record

    return _frame(records(), columns, tz)


def frame(data: Iterable[Claim] | Reconciliation | Rollup, *, tz: str) -> pd.DataFrame:
    """What :func:`conflictevents.interop.tables.to_pandas` returns (documented there)."""
    from conflictevents.rollups import Rollup  # noqa: PLC0415 - avoids a cycle

    if isinstance(data, Rollup):
        return _rollup_frame(data, tz)
    if isinstance(data, Reconciliation):
        return _frame(
            _subject_rows(data, data.policy),
            ((name, dtype) for name, dtype, _ in SUBJECT_COLUMNS),
            tz,
        )
    return _frame(rows(data), CLAIM_DTYPES.items(), tz)
