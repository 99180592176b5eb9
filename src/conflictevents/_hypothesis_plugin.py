"""Hypothesis entry point: makes ``st.from_type(Claim)`` draw valid claims.

Registered in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``, so it runs
when Hypothesis is imported in any environment where conflictevents is installed. It
must stay cheap: it imports nothing heavy and draws nothing; each registration builds
its strategy only when ``from_type`` first asks for it.
"""

from __future__ import annotations

from typing import Any

# model name in conflictevents -> strategy name in conflictevents.strategies
_STRATEGY_FOR: dict[str, str] = {
    "AircraftCount": "aircraft_counts",
    "AirspaceIncident": "airspace_incidents",
    "Attack": "attacks",
    "CasualtyCount": "casualty_counts",
    "Claim": "claims",
    "Coordinates": "coordinates",
    "Credit": "credits",
    "Curfew": "curfews",
    "EquipmentLoss": "equipment_losses",
    "Location": "locations",
    "Negotiation": "negotiations",
    "Publication": "publications",
    "Quantity": "quantities",
    "RelativePlace": "relative_places",
    "Sanction": "sanctions",
    "Source": "sources",
    "Statement": "statements",
    "TerritorialControl": "territorial_controls",
    "TimeSpan": "time_spans",
    "Vote": "votes",
    "reports.Assessment": "assessments",
    "reports.Corridor": "corridors",
    "reports.Duration": "durations",
    "reports.Part": "parts",
    "reports.Presence": "presences",
    "reports.Weapon": "weapons",
}

# model name in conflictevents.datasets -> strategy name in conflictevents.strategies
_DATASET_STRATEGY_FOR: dict[str, str] = {
    "AcledCoding": "acled_codings",
    "CodedEvent": "coded_events",
    "UcdpCoding": "ucdp_codings",
}


def model_named(name: str) -> type:
    """The public model a key of ``_STRATEGY_FOR`` names (``module.Name`` in a submodule)."""
    import importlib  # noqa: PLC0415

    module, _, attribute = name.rpartition(".")
    package = "conflictevents" + (f".{module}" if module else "")
    found: type = getattr(importlib.import_module(package), attribute)
    return found


def _lazy(strategy_name: str) -> Any:  # noqa: ANN401 - a callable Hypothesis accepts
    def build(_type: type) -> Any:  # noqa: ANN401
        from . import strategies  # noqa: PLC0415 - deferred so the hook stays cheap

        return getattr(strategies, strategy_name)()

    return build


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public model with Hypothesis."""
    from hypothesis import strategies as st  # noqa: PLC0415

    from conflictevents import datasets  # noqa: PLC0415

    for model_name, strategy_name in _STRATEGY_FOR.items():
        st.register_type_strategy(model_named(model_name), _lazy(strategy_name))
    for model_name, strategy_name in _DATASET_STRATEGY_FOR.items():
        st.register_type_strategy(getattr(datasets, model_name), _lazy(strategy_name))
