"""How long something lasted, as a report says it: :class:`Duration` and its :class:`TimeUnit`."""

from __future__ import annotations

import enum

import attrs

from . import _validators as v
from ._figures import parse_quantity
from ._quantity import Qualifier, Quantity
from ._reprs import attrs_repr
from .exceptions import FigureParseError, InvariantError

__all__ = ["Duration", "TimeUnit", "duration_text", "optional_duration"]


class TimeUnit(enum.StrEnum):
    """The unit a :class:`Duration` is counted in, as the report counts it."""

    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"

    @property
    def seconds(self) -> int | None:
        """How many seconds one unit is; ``None`` for months and years (not fixed)."""
        return _SECONDS.get(self)


_SECONDS = {
    TimeUnit.SECONDS: 1,
    TimeUnit.MINUTES: 60,
    TimeUnit.HOURS: 3600,
    TimeUnit.DAYS: 86400,
    TimeUnit.WEEKS: 604800,
}
_UNIT_WORDS = {
    "second": TimeUnit.SECONDS,
    "sec": TimeUnit.SECONDS,
    "minute": TimeUnit.MINUTES,
    "min": TimeUnit.MINUTES,
    "hour": TimeUnit.HOURS,
    "day": TimeUnit.DAYS,
    "week": TimeUnit.WEEKS,
    "month": TimeUnit.MONTHS,
    "year": TimeUnit.YEARS,
}
_LEADS = frozenset({"for", "lasting"})
_ONES = frozenset({"a", "an", "one"})


def _unit(word: str) -> TimeUnit | None:
    """The unit a word names ("minutes", "hour.", "secs"), or ``None``."""
    word = word.lower().rstrip(".")
    return _UNIT_WORDS.get(word) or _UNIT_WORDS.get(word.removesuffix("s"))


MAX_DURATION_LENGTH = 256


@attrs.frozen(kw_only=True)
class Duration:
    """How long something lasted: "for about 17 minutes", "nearly two hours", "briefly".

    The figure is a :class:`Quantity` with its qualifier, counted in ``unit``:
    "nearly two hours" is ``Duration(amount=Quantity(value=2,
    qualifier=Qualifier.NEARLY), unit=TimeUnit.HOURS)``. A report that gives no figure
    ("briefly") keeps its words in ``wording``, with no amount: it is not a guess.
    :meth:`parse` reads the phrases.

    Attributes:
        amount: How many units, with the report's hedge; ``None`` if it gives no figure.
        unit: What ``amount`` counts; given exactly when ``amount`` is.
        wording: The report's words, when they are not a figure ("briefly"); optional
            beside a figure.
    """

    __repr__ = attrs_repr

    amount: Quantity | None = attrs.field(default=None, validator=v.optional_instance_of(Quantity))
    unit: TimeUnit | None = attrs.field(default=None, validator=v.optional_enum_member(TimeUnit))
    wording: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)

    def __attrs_post_init__(self) -> None:
        if (self.amount is None) != (self.unit is None):
            missing = "unit" if self.unit is None else "amount"
            raise v.fail(self, missing, None, "a duration's amount and unit are given together")
        if self.amount is None and self.wording is None:
            raise v.fail(self, "amount", None, "a duration needs an amount or its wording")

    @property
    def seconds(self) -> Quantity | None:
        """The amount restated in seconds, with its qualifier and the bounds it implies.

        "nearly two hours" is "nearly 7,200" seconds: 6,480 to 7,200. ``None`` without
        an amount, or in months or years (whose length varies).
        """
        amount, unit = self.amount, self.unit
        factor = None if unit is None else unit.seconds
        if amount is None or factor is None:
            return None
        value = None if amount.value is None else amount.value * factor
        if value is not None and amount.qualifier is not Qualifier.BETWEEN:
            implied = Quantity(value=amount.value, qualifier=amount.qualifier)
            if implied.bounds == amount.bounds:  # the hedge's bounds: recomputed in seconds
                return Quantity(value=value, qualifier=amount.qualifier)
        low, high = amount.bounds
        return Quantity(
            value=value,
            qualifier=amount.qualifier,
            low=None if low is None else low * factor,
            high=None if high is None else high * factor,
        )

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read a duration phrase: "for about 17 minutes", "nearly two hours", "a minute".

        The figure is read as :meth:`Quantity.parse` reads one ("several", "about 17",
        "nearly two"); "a" or "an" before the unit is one.

        Raises:
            FigureParseError: The text is not a figure followed by a unit of time.
        """
        if not isinstance(text, str):
            raise FigureParseError(repr(text), f"expected a string, got {type(text).__name__}")
        if len(text) > MAX_DURATION_LENGTH:
            raise FigureParseError(
                text,
                f"a duration is at most {MAX_DURATION_LENGTH} characters, this is {len(text):,}",
            )
        words = text.split()
        if words and words[0].lower() in _LEADS:
            words = words[1:]
        unit = _unit(words[-1]) if words else None
        if unit is None:
            raise FigureParseError(text, "it is not a figure followed by a unit of time")
        amount_words = words[:-1]
        if amount_words and amount_words[-1].lower() in _ONES:
            amount_words[-1] = "1"
        if not amount_words:
            raise FigureParseError(text, "it gives no figure before the unit")
        return cls(amount=parse_quantity(" ".join(amount_words)), unit=unit)

    @classmethod
    def from_text(cls, text: str) -> Duration:
        """A duration from a report's words, which it keeps: with their figure, if any.

        How a text duration written by 0.x ("briefly", "about a minute") is read:
        ``Duration.from_text("about a minute")`` is about 1 minute, worded "about a
        minute"; ``Duration.from_text("briefly")`` has only the words.
        """
        words = " ".join(text.split()) or text
        try:
            parsed = cls.parse(text)
        except FigureParseError:
            return cls(wording=words)
        return cls(amount=parsed.amount, unit=parsed.unit, wording=words)

    def __str__(self) -> str:
        """The duration as a report writes it: "about 17 minutes", "briefly"."""
        if self.amount is None or self.unit is None:
            return self.wording or ""
        unit = self.unit.value
        if self.amount.value == 1 and self.amount.qualifier is Qualifier.EXACT:
            unit = unit[:-1]
        return f"{self.amount} {unit}"


def duration_text(duration: Duration) -> str | None:
    """The text ``duration`` was read from by :meth:`Duration.from_text`, if it was.

    Objects a 0.x file held with a text duration keep the ids that release gave them.
    """
    wording = duration.wording
    return wording if wording is not None and Duration.from_text(wording) == duration else None


def optional_duration(value: Duration | str | None) -> Duration | None:
    """A converter: a duration given as text (as in release 0.x) is read by ``from_text``.

    Raises:
        InvariantError: The text is blank (naming the field ``duration``).
    """
    if not isinstance(value, str):
        return value
    if not value.strip():
        raise InvariantError("Duration", "duration", value, "a duration's text must not be blank")
    return Duration.from_text(value)
