"""The union of every top-level record type."""

from __future__ import annotations

from ._claims import Claim
from ._events import EVENT_TYPES, Event

Record = Claim | Event
"""Anything that stands on its own in a data set: a claim or an event."""

RECORD_TYPES: tuple[type, ...] = (Claim, *EVENT_TYPES)
