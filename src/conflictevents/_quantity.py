"""Figures as reported: :class:`Quantity` and its :class:`Qualifier`."""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs

from . import _validators as v
from ._reprs import attrs_repr

__all__ = ["Qualifier", "Quantity"]


class Qualifier(enum.StrEnum):
    """How a report hedges a figure; each qualifier implies bounds (see :class:`Quantity`)."""

    EXACT = "exact"
    """"498": the figure itself."""
    ABOUT = "about"
    """"about", "around", "some", "roughly": within 10 % either side."""
    NEARLY = "nearly"
    """"nearly", "almost": up to 10 % below, never above."""
    AT_LEAST = "at_least"
    """"at least": the figure or more."""
    MORE_THAN = "more_than"
    """"more than", "over": strictly more."""
    AT_MOST = "at_most"
    """"at most": the figure or fewer."""
    UP_TO = "up_to"
    """"up to": the figure or fewer (kept apart from ``at_most`` to write it back)."""
    LESS_THAN = "less_than"
    """"less than", "under", "fewer than": strictly fewer."""
    BETWEEN = "between"
    """"between 2,000 and 4,000": explicit bounds, optionally a best figure inside."""


_IMPLIED: dict[Qualifier, Callable[[int], tuple[int | None, int | None]]] = {
    Qualifier.EXACT: lambda v: (v, v),
    Qualifier.ABOUT: lambda v: (v - v // 10, v + v // 10),
    Qualifier.NEARLY: lambda v: (v - v // 10, v),
    Qualifier.AT_LEAST: lambda v: (v, None),
    Qualifier.MORE_THAN: lambda v: (v + 1, None),
    Qualifier.AT_MOST: lambda v: (0, v),
    Qualifier.UP_TO: lambda v: (0, v),
    Qualifier.LESS_THAN: lambda v: (0, max(v - 1, 0)),
    Qualifier.BETWEEN: lambda _: (None, None),
}
"""The bounds each qualifier implies for a value (the table in :class:`Quantity`)."""


def implied_bounds(value: object, qualifier: object) -> tuple[int | None, int | None]:
    """``(low, high)`` implied by ``value`` and ``qualifier``; ``(None, None)`` if invalid."""
    if (
        not isinstance(value, int)
        or value.__class__ is bool
        or not isinstance(qualifier, Qualifier)
    ):
        return (None, None)
    return _IMPLIED[qualifier](value)


class _Implied(int):
    """A bound implied by the value and qualifier: it follows them through ``evolve``."""

    __slots__ = ()


class _ImpliedOpenAbove(_Implied):
    """An implied lower bound whose upper bound is implied open (``at_least``)."""

    __slots__ = ()


_FOLLOW = _Implied(0)
"""What ``low`` and ``high`` default to (through a factory: the schema shows no default),
until :meth:`Quantity._settle_bounds` puts the bound the value and qualifier imply."""
_DEFAULT_BOUND = attrs.Factory(lambda: _FOLLOW)


@attrs.frozen(kw_only=True)
class Quantity:
    """A figure as a report gives it: the number, its qualifier and the bounds they imply.

    "Unknown" is not zero: a claim without a figure has no :class:`Quantity` at all
    (``None``), while ``Quantity(value=0)`` says "none".

    When ``low`` and ``high`` are not given they follow from the qualifier:

    ============  =====================  ======================
    qualifier     low                    high
    ============  =====================  ======================
    exact         value                  value
    about         value - value // 10    value + value // 10
    nearly        value - value // 10    value
    at_least      value                  (open)
    more_than     value + 1              (open)
    at_most       0                      value
    up_to         0                      value
    less_than     0                      value - 1
    between       (required)             (required)
    ============  =====================  ======================

    Explicit bounds override the table (UCDP's ``low``/``best``/``high`` are
    ``Quantity(value=best, qualifier=Qualifier.BETWEEN, low=low, high=high)``), but must
    stay consistent with it: ``low <= value <= high`` for the inclusive qualifiers,
    ``value < low`` for ``more_than`` and ``high < value`` for ``less_than``.

    Implied bounds follow the value and qualifier: ``attrs.evolve(Quantity(value=500,
    qualifier=Qualifier.AT_LEAST), value=600)`` is "at least 600" (600 to open), and an
    evolved ``about`` figure gets the bounds of its new value. Bounds that were given
    (and differ from the table) are kept. A bound given equal to the table's counts as
    implied, as the bounds read from a file do; so does the open upper bound of an
    ``at_least`` or ``more_than`` figure when the qualifier changes. Changing the
    qualifier to ``between`` keeps the bounds the old qualifier implied.

    Attributes:
        value: The figure as written; ``None`` only for ``between`` without a best figure.
        qualifier: How the report hedges it.
        low: The smallest count the words allow (``None``: no lower bound given).
        high: The largest count the words allow (``None``: open above).
    """

    __repr__ = attrs_repr

    value: int | None = attrs.field(default=None, validator=v.optional_count)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=v.enum_member(Qualifier))
    low: int | None = attrs.field(default=_DEFAULT_BOUND, validator=v.optional_count)
    high: int | None = attrs.field(default=_DEFAULT_BOUND, validator=v.optional_count)

    def __attrs_post_init__(self) -> None:
        self._settle_bounds()
        self._check()

    def _settle_bounds(self) -> None:
        """Make implied bounds follow the value and qualifier; given ones stay.

        A bound follows when it is marked implied (:class:`_Implied`, as built or
        evolved from an implied one) or equals the implied one (as read from a file);
        an open upper bound follows when the lower one is :class:`_ImpliedOpenAbove`.
        """
        q, low, high = self.qualifier, self.low, self.high
        implied_low, implied_high = implied_bounds(self.value, q)
        kind = low.__class__
        low_follows = kind is _Implied or kind is _ImpliedOpenAbove or low == implied_low
        high_follows = (
            high.__class__ is _Implied
            or high == implied_high
            or (high is None and kind is _ImpliedOpenAbove)
        )
        if q is Qualifier.BETWEEN:  # implies no bounds: implied ones become given
            low = None if low is None or low is _FOLLOW else int(low)
            high = None if high is None or high is _FOLLOW else int(high)
        else:
            if low_follows and implied_low is not None:
                open_above = high_follows and implied_high is None
                low = (_ImpliedOpenAbove if open_above else _Implied)(implied_low)
            elif low_follows:
                low = None
            if high_follows:
                high = None if implied_high is None else _Implied(implied_high)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    def _check(self) -> None:  # noqa: C901, PLR0912 - one branch per qualifier
        value, low, high, q = self.value, self.low, self.high, self.qualifier
        if low is not None and high is not None and low > high:
            raise v.fail(self, "low", low, f"{low} is greater than high ({high})")
        if q is Qualifier.BETWEEN:
            if low is None or high is None:
                missing = "low" if low is None else "high"
                raise v.fail(self, missing, None, "'between' needs both low and high")
        elif value is None:
            raise v.fail(self, "value", None, f"a {q.value!r} figure needs a value")
        if value is None:
            return
        if q is Qualifier.MORE_THAN:
            if low is None or low <= value:
                raise v.fail(
                    self, "low", low, f"'more than {value}' needs low above {value}, got {low}"
                )
        elif q is Qualifier.LESS_THAN:
            if value == 0:
                raise v.fail(self, "value", value, "'less than 0' is not a count")
            if high is None or high >= value:
                raise v.fail(
                    self, "high", high, f"'less than {value}' needs high below {value}, got {high}"
                )
        else:
            if low is not None and low > value:
                raise v.fail(self, "low", low, f"{low} is greater than value ({value})")
            if high is not None and high < value:
                raise v.fail(self, "high", high, f"{high} is less than value ({value})")
        if q is Qualifier.EXACT and (low != value or high != value):
            raise v.fail(
                self,
                "qualifier",
                q.value,
                f"an exact figure has low == high == value, got {low}..{high} for {value}",
            )
        if q in {Qualifier.AT_LEAST, Qualifier.MORE_THAN} and high is not None:
            raise v.fail(self, "high", high, f"{q.value!r} leaves high open, got {high}")

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        """``(low, high)``; ``None`` where the words leave a side open."""
        return (self.low, self.high)

    @property
    def is_exact(self) -> bool:
        """Whether the report gave the figure without hedging."""
        return self.qualifier is Qualifier.EXACT

    @property
    def point(self) -> int:
        """One number for the figure: its value, or the middle of a valueless ``between``.

        The number is kept inside the bounds, so "more than 350" gives 351 and "less
        than 100" gives 99. Reconciliation ranks and compares figures by it.
        """
        from ._figures import point_of  # noqa: PLC0415 - _figures imports this module

        return point_of(self)

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """Read a figure as news writes it: "498", "about 3,700", "over a million".

        Understands digits with or without thousands separators ("1,597"), decimals
        with a scale ("1.5 million"), numbers in words ("four", "two dozen", "a
        hundred and twenty"), a hedge word before the figure ("nearly", "some",
        "at least", "more than", "up to", …; the General Staff data set's ``about`` and
        ``more`` too), ranges ("between 2,000 and 4,000", "2,000-4,000"), vague
        amounts ("several", "dozens", "hundreds", with the bounds the docs page
        "Reading reports" gives), and everything :meth:`__str__` writes, so that
        ``Quantity.parse(str(q)) == q``.

        Args:
            text: The figure phrase alone, without the noun ("about 3,700", not
                "about 3,700 wounded"). Case and spacing do not matter.

        Returns:
            The quantity, with the bounds its qualifier implies.

        Raises:
            FigureParseError: The text is not a figure phrase; the message quotes it.
        """
        from ._figures import parse_quantity  # noqa: PLC0415 - _figures imports this module

        return parse_quantity(text)

    def __str__(self) -> str:
        """The figure as a report writes it: "498", "about 3,700", "between 2,000 and 4,000".

        Bounds that differ from the qualifier's defaults follow in brackets
        ("about 500 (400 to ..)", ``..`` for an open side), and a ``between`` figure
        with a best value is written "3,000 (2,000 to 4,000)".
        """
        from ._figures import format_quantity  # noqa: PLC0415 - _figures imports this module

        return format_quantity(self)
