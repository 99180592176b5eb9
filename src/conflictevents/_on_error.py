"""What a reader does with a record it cannot read: one policy for JSON Lines and imports."""

from __future__ import annotations

import itertools
import typing
import warnings
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from .exceptions import SkippedLineWarning, ValidationError

__all__ = ["OnError", "Rejecting"]

OnError = Literal["raise", "skip", "collect"]
"""What a reader does with a record (a JSON Lines line, an imported row) it cannot read.

``"raise"`` (the default) stops at the first bad record with its
:class:`~conflictevents.ValidationError`; ``"skip"`` drops it with a
:class:`~conflictevents.exceptions.SkippedLineWarning`; ``"collect"`` drops it and keeps its error
in the reader's ``errors``. Either way the reader's ``rejected`` counts it: no record is
dropped without trace, and no value is ever repaired.
"""

_ON_ERROR = ("raise", "skip", "collect")


class Rejecting:
    """The bookkeeping of a reader under an :data:`OnError` policy.

    Attributes:
        on_error: The policy.
        rejected: How many records were rejected (skipped, collected or raised).
        errors: With ``on_error="collect"``, each rejected record's error, in order.
    """

    def __init__(self, on_error: OnError) -> None:
        if on_error not in _ON_ERROR:
            msg = f"on_error must be 'raise', 'skip' or 'collect', not {on_error!r}"
            raise ValueError(msg)
        self.on_error: OnError = on_error
        self.rejected = 0
        self.errors: list[ValidationError] = []

    @property
    def skipped(self) -> int:
        """The old name of :attr:`rejected` (deprecated: it warns)."""
        warnings.warn(
            "'skipped' is deprecated: use 'rejected' (the same count)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.rejected

    def with_errors(self) -> Iterator[Any]:
        """Every record and, in its place, the :class:`ValidationError` of each bad one.

        For callers that report bad records as they meet them (the command line does):
        it sets :attr:`on_error` to ``"collect"``. A problem that stops the whole reader
        (a JSON Lines header naming a newer format, an unreadable file) still raises.
        """
        self.on_error = "collect"
        for record in itertools.chain(typing.cast("Iterable[Any]", self), [None]):
            yield from self.errors
            self.errors.clear()
            if record is not None:
                yield record

    def reject(self, error: ValidationError) -> None:
        """Count a bad record, then raise, warn or keep ``error`` as :attr:`on_error` says."""
        self.rejected += 1
        if self.on_error == "raise":
            raise error
        if self.on_error == "collect":
            self.errors.append(error)
        else:
            warnings.warn(SkippedLineWarning(str(error), error), stacklevel=3)
