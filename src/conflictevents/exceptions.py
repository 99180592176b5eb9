"""Exceptions raised by conflictevents.

Every error about *data* is a :class:`ValueError`, so callers that already catch
``ValueError`` around parsing keep working; all of them also derive from
:class:`ConflictEventsError`, so one ``except`` catches everything the library raises
on purpose.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ConflictEventsError", "InvariantError", "ReconciliationError"]


class ConflictEventsError(Exception):
    """Base class of every exception conflictevents raises on purpose."""


class InvariantError(ConflictEventsError, ValueError):
    """A model was built with a value that breaks one of its invariants.

    Raised when an object is constructed (and by :func:`attrs.evolve`), never later:
    an object that exists is valid.

    Attributes:
        model: The name of the class being built, e.g. ``"Quantity"``.
        field: The field that holds the bad value, e.g. ``"low"``.
        value: The bad value itself.
        reason: What is wrong, as a sentence fragment without the field name, e.g.
            ``"5 is greater than high (2)"``. Serializers prefix it with a JSON path.
    """

    def __init__(self, model: str, field: str, value: Any, reason: str) -> None:  # noqa: ANN401
        self.model = model
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{model}.{field}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.model, self.field, self.value, self.reason))


class ReconciliationError(ConflictEventsError, ValueError):
    """Claims or partial results cannot be reconciled together.

    Raised when two different claims share an id, or when merging reconciliations made
    under different estimate policies.
    """
