"""The union of every top-level record type, and of every top-level document."""

from __future__ import annotations

from ._assessments import Assessment
from ._claims import Claim
from ._events import EVENT_TYPES, Event
from ._reconcile import Reconciliation, SubjectReconciliation

Record = Claim | Event | Assessment
"""Anything that stands on its own in a data set: a claim, an event, an assessment."""

RECORD_TYPES: tuple[type, ...] = (Claim, *EVENT_TYPES, Assessment)

Document = Record | Reconciliation | SubjectReconciliation
"""What :func:`loads` reads without ``type=``: a record, or a reconciliation result."""

DOCUMENT_TYPES: tuple[type, ...] = (*RECORD_TYPES, Reconciliation, SubjectReconciliation)
