"""Data sets' own vocabularies, kept typed on the events read from them.

An event read from ACLED or UCDP keeps, in its ``coding``, what the data set said of it
in the data set's own terms (see :mod:`conflictevents.interop.acled` and
:mod:`conflictevents.interop.ucdp`); rows that no other model fits (ACLED's protests
and strategic developments) become a :class:`CodedEvent`.
"""

from __future__ import annotations

from ._datasets import (
    PRIOGRID_CELLS,
    AcledActorType,
    AcledCoding,
    AcledDisorderType,
    AcledEventType,
    AcledSubEventType,
    Coding,
    UcdpCoding,
    ViolenceType,
)
from ._events import CodedEvent

__all__ = [
    "PRIOGRID_CELLS",
    "AcledActorType",
    "AcledCoding",
    "AcledDisorderType",
    "AcledEventType",
    "AcledSubEventType",
    "CodedEvent",
    "Coding",
    "UcdpCoding",
    "ViolenceType",
]
