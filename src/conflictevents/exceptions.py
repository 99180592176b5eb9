"""Exceptions raised by conflictevents.

Every error about *data* is a :class:`ValueError`, so callers that already catch
``ValueError`` around parsing keep working; all of them also derive from
:class:`ConflictEventsError`, so one ``except`` catches everything the library raises
on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

__all__ = [
    "AmbiguousDateError",
    "ConflictEventsError",
    "ConflictEventsWarning",
    "FigureParseError",
    "IgnoredFieldsWarning",
    "InvariantError",
    "PartExceedsWholeError",
    "ReconciliationError",
    "SkippedLineWarning",
    "TimeExpressionError",
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


class PartExceedsWholeError(InvariantError):
    """A part of a count is more than the whole ("52 killed, including 60 children").

    ``field`` is ``"parts"`` and ``value`` the part's figure as written (``"60"``).
    """


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
        where = "" if line is None else f"line {line}: "
        super().__init__("\n".join(f"{where}{path}: {message}" for path, message in self.errors))

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

    Raised when merging reconciliations made under different estimate policies, or
    under a user policy that was not passed to :meth:`~conflictevents.Reconciliation.merge`.
    """


_QUOTED = 100
"""The longest text an error message quotes whole; longer text is cut (``.text`` keeps it)."""


class _UnreadableTextError(ConflictEventsError, ValueError):
    """Text a reader could not understand: quotes it and says why (shared by the two below)."""

    _what: ClassVar[str]

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        shown = text if len(text) <= _QUOTED else text[: _QUOTED - 20] + "..."
        super().__init__(f"cannot read the {self._what} {shown!r}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.reason))


class TimeExpressionError(_UnreadableTextError):
    """A time expression (or an EDTF string) could not be read.

    Raised by :func:`~conflictevents.resolve_time` and
    :meth:`~conflictevents.TimeSpan.from_edtf` for text they do not understand, for
    impossible dates, and for naive reference datetimes. Never a silent guess.

    Attributes:
        text: The text as given, quoted in the message.
        reason: Why it could not be read, as a sentence fragment.
    """

    _what = "time"


class AmbiguousDateError(TimeExpressionError):
    """A numeric date such as ``01.04.2023`` has two readings and nothing settles it.

    Pass ``day_first=`` or give the weekday beside it ("Saturday. 01.04.2023").

    Attributes:
        text: The text as given.
        readings: Both possible dates, day-first reading first.
    """

    def __init__(self, text: str, readings: Iterable[Any]) -> None:
        self.readings: tuple[Any, ...] = tuple(readings)
        listed = " or ".join(f"{d:%A} {d.isoformat()}" for d in self.readings)
        super().__init__(
            text, f"ambiguous numeric date, it may be {listed}; pass day_first= or a weekday"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.readings))


class FigureParseError(_UnreadableTextError):
    """A figure phrase could not be read by :meth:`~conflictevents.Quantity.parse`.

    Attributes:
        text: The text as given, quoted in the message.
        reason: Why it could not be read, as a sentence fragment.
    """

    _what = "figure"
