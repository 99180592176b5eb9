"""Figures as news writes them, and the arithmetic of figures.

The phrase tables behind :meth:`Quantity.parse` and ``str`` are the single source of
truth for the "Figure phrases" table of the docs page "Reading reports"; the docs'
table is checked against them by the tests. :func:`point_of`, :func:`ratio_of` and
:func:`bounds_overlap` are what reconciliation and comparison compute from figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from ._lazy import lazy_module
from ._quantity import Qualifier, Quantity, implied_bounds
from .exceptions import FigureParseError, InvariantError

if TYPE_CHECKING:
    import fractions
    from fractions import Fraction
else:  # loaded with the first figure read from words or decimals (it imports decimal)
    fractions = lazy_module("fractions", globals())

__all__ = [
    "HEDGES",
    "MAX_FIGURE_LENGTH",
    "VAGUE_AMOUNTS",
    "bounds_overlap",
    "format_quantity",
    "parse_quantity",
    "point_of",
    "ratio_of",
]

MAX_FIGURE_LENGTH: Final = 256
"""The longest figure phrase :meth:`Quantity.parse` reads, in characters.

A figure phrase is short ("between 2,000 and 4,000"; ``str`` of a figure with 64-bit
bounds is about 100 characters): anything longer is refused before it is read.
"""

HEDGES: Final[dict[str, Qualifier]] = {
    "exactly": Qualifier.EXACT,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT,
    "estimated": Qualifier.ABOUT,
    "nearly": Qualifier.NEARLY,
    "almost": Qualifier.NEARLY,
    "close to": Qualifier.NEARLY,
    "at least": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "not less than": Qualifier.AT_LEAST,
    "a minimum of": Qualifier.AT_LEAST,
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "above": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "more": Qualifier.MORE_THAN,  # the General Staff data set's "personnel*": "more"
    "at most": Qualifier.AT_MOST,
    "no more than": Qualifier.AT_MOST,
    "not more than": Qualifier.AT_MOST,
    "a maximum of": Qualifier.AT_MOST,
    "up to": Qualifier.UP_TO,
    "as many as": Qualifier.UP_TO,
    "less than": Qualifier.LESS_THAN,
    "fewer than": Qualifier.LESS_THAN,
    "under": Qualifier.LESS_THAN,
    "below": Qualifier.LESS_THAN,
}
"""Hedge words before a figure and the qualifier each one means."""

VAGUE_AMOUNTS: Final[dict[str, tuple[int, int]]] = {
    "a few": (2, 5),
    "a handful": (2, 5),
    "several": (3, 9),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
}
"""Amounts without a figure and the bounds they are read as (``between`` low and high).

"Dozens" starts at two dozen and stops short of "hundreds", which starts at two
hundred; each plural reads as "at least two of the unit, fewer than the next unit".
"""

_WRITE: Final[dict[Qualifier, str]] = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.NEARLY: "nearly ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.UP_TO: "up to ",
    Qualifier.LESS_THAN: "less than ",
}

_UNIT_WORDS: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen"
    " fourteen fifteen sixteen seventeen eighteen nineteen"
)
_UNITS: Final[dict[str, int]] = {word: n for n, word in enumerate(_UNIT_WORDS.split())}
_TENS: Final[dict[str, int]] = {
    word: 10 * n
    for n, word in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(),  # noqa: SIM905 - reads better
        start=2,
    )
}
_SCALES: Final[dict[str, int]] = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
# Every pattern here runs in linear time: no quantifier is nested in or next to another
# over the same characters (see the regex audit in the tests). The phrases they split
# ("between A and B", "head (A to B)") are split with str.find, not with lazy groups.
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DECIMAL = re.compile(r"\d+\.\d+")
_RANGE = re.compile(r"(?P<a>[\d,]+)\s*(?:-|to)\s*(?P<b>[\d,]+)")
_SEPARATED = re.compile(r"[\d,]+")
_WORD_BREAK = re.compile(r"[\s-]+")
_OPEN_BOUND = ".."


def _normalise(text: str) -> str:
    """Lower case, en and em dashes as ``-``, every run of white space as one space."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").lower().split())


def _split_once(text: str, separators: tuple[str, ...]) -> tuple[str, str] | None:
    """``text`` cut at the first of ``separators`` with something on both sides."""
    found = [(i, sep) for sep in separators if (i := text.find(sep, 1)) > 0]
    if not found:
        return None
    i, sep = min(found)
    before, after = text[:i], text[i + len(sep) :]
    return (before, after) if after else None


def _between(phrase: str) -> tuple[str, str] | None:
    """``(A, B)`` of "between A and B" or "from A to B"."""
    for word in ("between ", "from "):
        if phrase.startswith(word):
            return _split_once(phrase[len(word) :], (" and ", " to "))
    return None


def _bracketed(phrase: str) -> tuple[str, str, str] | None:
    """``(head, A, B)`` of "head (A to B)"; A and B hold no brackets."""
    if not phrase.endswith(")"):
        return None
    opening = phrase.rfind("(")
    head, inner = phrase[:opening].rstrip(" "), phrase[opening + 1 : -1]
    if opening < 0 or not head or ")" in inner:
        return None
    bounds = _split_once(inner, (" to ",))
    return None if bounds is None else (head, bounds[0].strip(" "), bounds[1].strip(" "))


def _words_to_int(words: list[str], text: str) -> int:  # noqa: C901, PLR0912 - one branch per word kind
    """Read "two dozen", "a hundred and twenty", "1.5 million", "twenty-four".

    Digits and words may mix ("3 million"); a figure needs at least one of them, and
    two plain figures in a row ("four five") are an error, not a sum. Each group has at
    most one "hundred" and scales only fall ("two million three thousand"), so "a
    hundred and a hundred" and "one thousand two million" are errors, not products, and
    the work is linear in the words.
    """
    total, current, last, ceiling = 0, fractions.Fraction(0), "", 0
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if word in {"a", "an"} and last in {"", "scale"} and following in _A_BEFORE:
            kind, current = "figure", current + 1
        elif word in _UNITS and last in {"", "tens", "scale", "hundred"}:
            kind, current = "figure", current + _UNITS[word]
        elif word in _TENS and last in {"", "scale", "hundred"}:
            kind, current = "tens", current + _TENS[word]
        elif _GROUPED.fullmatch(word) and last == "":
            kind, current = "figure", current + _integer(word, text)
        elif _DECIMAL.fullmatch(word) and last == "" and following in _SCALES:
            kind, current = "figure", current + _decimal(word, text)
        elif word == "hundred" and last in {"figure", "tens"} and current < 100:
            kind, current = "hundred", current * 100
        elif word == "dozen" and last in {"figure", "tens"} and following is None:
            kind, current = "dozen", current * 12
        elif word in _SCALES and last in {"figure", "tens", "hundred"}:
            if ceiling and _SCALES[word] >= ceiling:
                raise FigureParseError(text, f"{word!r} cannot follow a smaller or equal scale")
            total += _integral(current * _SCALES[word], text)
            kind, current, ceiling = "scale", fractions.Fraction(0), _SCALES[word]
        elif word == "and" and last in {"hundred", "scale"}:
            continue
        else:
            raise FigureParseError(text, f"{word!r} cannot stand there in a number")
        last = kind
    if not last:
        raise FigureParseError(text, "no number in it")
    return total + _integral(current, text)


_A_BEFORE: Final = frozenset({"hundred", "dozen", *_SCALES})
"""The words "a" or "an" may stand before ("a hundred", "a dozen", "a million")."""


def _integral(value: Fraction, text: str) -> int:
    """``value`` as an int; the arithmetic is exact, so a fraction left over is real."""
    if value.denominator != 1:
        raise FigureParseError(text, f"{_decimal_text(value)} is not a whole number")
    return value.numerator


def _decimal_text(value: Fraction) -> str:
    """``value`` written out exactly ("1234.5"); its denominator divides a power of ten."""
    places = 0
    while 10**places % value.denominator:
        places += 1
    whole, part = divmod(value.numerator * (10**places // value.denominator), 10**places)
    return f"{whole}.{part:0{places}d}".rstrip("0")


def _integer(digits: str, text: str) -> int:
    """Digits with or without thousands separators, exactly (any length Python reads)."""
    try:
        return int(digits.replace(",", ""))
    except ValueError as exc:  # over Python's int-string limit (sys.get_int_max_str_digits)
        raise FigureParseError(text, f"the number has too many digits ({exc})") from exc


def _decimal(digits: str, text: str) -> Fraction:
    """A decimal such as "1.5", exactly: never rounded to a float or a Decimal context."""
    whole, _, fraction = digits.partition(".")
    return fractions.Fraction(_integer(whole + fraction, text), 10 ** len(fraction))


def _number(phrase: str, text: str) -> int:
    if _GROUPED.fullmatch(phrase):
        return _integer(phrase, text)
    if _SEPARATED.fullmatch(phrase):
        raise FigureParseError(text, f"{phrase!r} has misplaced thousands separators")
    return _words_to_int(_WORD_BREAK.split(phrase), text)


def _bound(phrase: str, text: str) -> int | None:
    return None if phrase == _OPEN_BOUND else _number(phrase, text)


_LONGEST_FIRST: Final = tuple(sorted(HEDGES, key=len, reverse=True))


def _hedged(phrase: str, text: str) -> tuple[Qualifier, int]:
    for hedge in _LONGEST_FIRST:
        if phrase.startswith(hedge + " "):
            return HEDGES[hedge], _number(phrase[len(hedge) + 1 :], text)
    return Qualifier.EXACT, _number(phrase, text)


def _build(
    text: str,
    value: int | None,
    qualifier: Qualifier,
    bounds: tuple[int | None, int | None] | None = None,
) -> Quantity:
    try:
        if bounds is None:
            return Quantity(value=value, qualifier=qualifier)
        return Quantity(value=value, qualifier=qualifier, low=bounds[0], high=bounds[1])
    except InvariantError as exc:
        raise FigureParseError(text, exc.reason) from exc


def parse_quantity(text: str) -> Quantity:
    """Read a figure phrase; see :meth:`Quantity.parse`."""
    if not isinstance(text, str):
        raise FigureParseError(repr(text), f"expected a string, got {type(text).__name__}")
    if len(text) > MAX_FIGURE_LENGTH:
        raise FigureParseError(
            text,
            f"a figure phrase is at most {MAX_FIGURE_LENGTH} characters, this is {len(text):,}",
        )
    return _parse(text)


def _parse(text: str) -> Quantity:
    """Read a figure phrase of any length (linear in it; the caller caps the length)."""
    phrase = _normalise(text)
    if not phrase:
        raise FigureParseError(text, "it is empty")
    if phrase in VAGUE_AMOUNTS:
        least, most = VAGUE_AMOUNTS[phrase]
        return Quantity(qualifier=Qualifier.BETWEEN, low=least, high=most)
    if bracket := _bracketed(phrase):
        head, a, b = bracket
        qualifier, value = _hedged(head, text)
        low, high = _bound(a, text), _bound(b, text)
        if qualifier is Qualifier.EXACT:
            qualifier = Qualifier.BETWEEN
        return _build(text, value, qualifier, (low, high))
    if (pair := _between(phrase)) is None and (match := _RANGE.fullmatch(phrase)) is not None:
        pair = (match["a"], match["b"])
    if pair is not None:
        first, last = _number(pair[0], text), _number(pair[1], text)
        if first > last:
            raise FigureParseError(text, f"the range runs backwards ({first:,} > {last:,})")
        return _build(text, None, Qualifier.BETWEEN, (first, last))
    qualifier, value = _hedged(phrase, text)
    return _build(text, value, qualifier)


def format_quantity(quantity: Quantity) -> str:
    """Write a figure as a report would; see :meth:`Quantity.__str__`."""
    value, qualifier, low, high = quantity.value, quantity.qualifier, quantity.low, quantity.high
    if qualifier is Qualifier.BETWEEN:
        if value is None:
            return f"between {low:,} and {high:,}"
        return f"{value:,} ({low:,} to {high:,})"
    written = f"{_WRITE[qualifier]}{value:,}"
    if (low, high) == implied_bounds(value, qualifier):
        return written
    lo = _OPEN_BOUND if low is None else f"{low:,}"
    hi = _OPEN_BOUND if high is None else f"{high:,}"
    return f"{written} ({lo} to {hi})"


# -- arithmetic ------------------------------------------------------------------------------


def point_of(quantity: Quantity) -> int:
    """One number for a figure: its value, or the middle of a valueless ``between``.

    The number is kept inside the figure's bounds, so "more than 350" gives 351 and
    "less than 100" gives 99.
    """
    low = quantity.low or 0
    high = quantity.high
    if quantity.value is not None:
        point = quantity.value
    else:
        point = low if high is None else (low + high) // 2
    point = max(point, low)
    return point if high is None else min(point, high)


def ratio_of(points: Sequence[int]) -> float | None:
    """The largest point over the smallest (1.0 if all are 0; ``None`` if only the smallest is)."""
    lo, hi = min(points), max(points)
    if lo == 0:
        return 1.0 if hi == 0 else None
    return hi / lo


def bounds_overlap(quantities: Sequence[Quantity]) -> bool:
    """Whether the figures can all be true: some count lies within every one's bounds."""
    highest_low = max(q.low or 0 for q in quantities)
    highs = [q.high for q in quantities if q.high is not None]
    return not highs or highest_low <= min(highs)
