"""Exceptions raised by conflictevents.

Every error about *data* is a :class:`ValueError`, so callers that already catch
``ValueError`` around parsing keep working; all of them also derive from
:class:`ConflictEventsError`, so one ``except`` catches everything the library raises
on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "ConflictEventsError",
    "ConflictEventsWarning",
    "IgnoredFieldsWarning",
    "InvariantError",
    "ReconciliationError",
    "SkippedLineWarning",
    "ValidationError",
]


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


class ValidationError(ConflictEventsError, ValueError):
    """Input (JSON text or JSON-ready data) does not describe a valid object.

    Raised by :func:`~conflictevents.loads`, :func:`~conflictevents.from_dict` and
    :func:`~conflictevents.read_jsonl` for every kind of bad input: malformed or
    oversized JSON, wrong types, unknown fields, bad enum values, broken invariants.
    ``str()`` gives one line per problem, ``$.claimant.kind: 'goverment' is not one of
    government, military, …``, prefixed by ``line N:`` for JSON Lines.

    Attributes:
        errors: Every problem as a ``(path, message)`` pair, the path in JSONPath
            notation (``$.subject.quantity.low``, ``$.via[1].name``).
        line: The 1-based line number in a JSON Lines file, else ``None``.
    """

    def __init__(self, errors: Iterable[tuple[str, str]], *, line: int | None = None) -> None:
        self.errors: tuple[tuple[str, str], ...] = tuple(
            (str(path), str(message)) for path, message in errors
        )
        self.line = line
        super().__init__(self._render())

    def _render(self) -> str:
        where = "" if self.line is None else f"line {self.line}: "
        return "\n".join(f"{where}{path}: {message}" for path, message in self.errors)

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_validation_error, (self.errors, self.line))


def _rebuild_validation_error(
    errors: tuple[tuple[str, str], ...], line: int | None
) -> ValidationError:
    return ValidationError(errors, line=line)


class ConflictEventsWarning(UserWarning):
    """Base class of every warning conflictevents issues."""


class IgnoredFieldsWarning(ConflictEventsWarning):
    """Lenient reading ignored unknown fields (the input is from a newer version?).

    Attributes:
        paths: The JSON path of every ignored field.
    """

    def __init__(self, message: str, paths: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.paths = tuple(paths)


class SkippedLineWarning(ConflictEventsWarning):
    """``read_jsonl(on_error="skip")`` skipped a bad line.

    Attributes:
        error: The line's :class:`ValidationError` (with ``.line``).
    """

    def __init__(self, message: str, error: ValidationError | None = None) -> None:
        super().__init__(message)
        self.error = error


class ReconciliationError(ConflictEventsError, ValueError):
    """Claims or partial results cannot be reconciled together.

    Raised when two different claims share an id, or when merging reconciliations made
    under different estimate policies.
    """
