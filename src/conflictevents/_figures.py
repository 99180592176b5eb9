"""Figures as news writes them: the phrase tables behind :meth:`Quantity.parse` and ``str``.

The tables here are the single source of truth for the "Figure phrases" table of the
docs page "Reading reports"; the docs' table is checked against them by the tests.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

from ._quantity import Qualifier, Quantity, _default_high, _default_low
from .exceptions import FigureParseError, InvariantError

__all__ = ["HEDGES", "VAGUE_AMOUNTS", "format_quantity", "parse_quantity"]

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
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DECIMAL = re.compile(r"\d+\.\d+")
_BETWEEN = re.compile(r"(?:between|from)\s+(?P<a>.+?)\s+(?:and|to)\s+(?P<b>.+)")
_RANGE = re.compile(r"(?P<a>[\d,]+)\s*(?:-|to)\s*(?P<b>[\d,]+)")
_BRACKET = re.compile(r"(?P<head>.+?)\s*\((?P<a>[^()]+?)\s+to\s+(?P<b>[^()]+?)\)")
_OPEN_BOUND = ".."


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").lower().split())


def _words_to_int(words: list[str], text: str) -> int:  # noqa: C901 - one branch per word kind
    """Read "two dozen", "a hundred and twenty", "1.5 million", "twenty-four".

    Digits and words may mix ("3 million"); a figure needs at least one of them, and
    two plain figures in a row ("four five") are an error, not a sum.
    """
    total, current, last = 0, Decimal(0), ""
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if word in {"a", "an"} and following in {"hundred", "dozen", *_SCALES}:
            kind, current = "figure", current + 1
        elif word in _UNITS and last in {"", "tens", "scale", "hundred"}:
            kind, current = "figure", current + _UNITS[word]
        elif word in _TENS and last in {"", "scale", "hundred"}:
            kind, current = "tens", current + _TENS[word]
        elif _GROUPED.fullmatch(word) and last == "":
            kind, current = "figure", current + int(word.replace(",", ""))
        elif _DECIMAL.fullmatch(word) and last == "" and following in _SCALES:
            kind, current = "figure", current + Decimal(word)
        elif word == "hundred" and last in {"figure", "tens"}:
            kind, current = "hundred", current * 100
        elif word == "dozen" and last in {"figure", "tens"}:
            kind, current = "scale", current * 12
        elif word in _SCALES and last in {"figure", "tens", "hundred"}:
            total += _integral(current * _SCALES[word], text)
            kind, current = "scale", Decimal(0)
        elif word == "and" and last in {"hundred", "scale"}:
            continue
        else:
            raise FigureParseError(text, f"{word!r} cannot stand there in a number")
        last = kind
    if not last:
        raise FigureParseError(text, "no number in it")
    return total + _integral(current, text)


def _integral(value: Decimal, text: str) -> int:
    if value != value.to_integral_value():
        raise FigureParseError(text, f"{value} is not a whole number")
    return int(value)


def _number(phrase: str, text: str) -> int:
    if _GROUPED.fullmatch(phrase):
        return int(phrase.replace(",", ""))
    if re.fullmatch(r"[\d,]+", phrase):
        raise FigureParseError(text, f"{phrase!r} has misplaced thousands separators")
    try:
        return _words_to_int(re.split(r"[\s-]+", phrase), text)
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only decimals
        raise FigureParseError(text, f"{phrase!r} is not a number") from exc


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
    value: int,
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
    phrase = _normalise(text)
    if not phrase:
        raise FigureParseError(text, "it is empty")
    if phrase in VAGUE_AMOUNTS:
        least, most = VAGUE_AMOUNTS[phrase]
        return Quantity(qualifier=Qualifier.BETWEEN, low=least, high=most)
    if bracket := _BRACKET.fullmatch(phrase):
        qualifier, value = _hedged(bracket["head"], text)
        low, high = _bound(bracket["a"], text), _bound(bracket["b"], text)
        if qualifier is Qualifier.EXACT:
            qualifier = Qualifier.BETWEEN
        return _build(text, value, qualifier, (low, high))
    if between := (_BETWEEN.fullmatch(phrase) or _RANGE.fullmatch(phrase)):
        first, last = _number(between["a"], text), _number(between["b"], text)
        if first > last:
            raise FigureParseError(text, f"the range runs backwards ({first:,} > {last:,})")
        return Quantity(qualifier=Qualifier.BETWEEN, low=first, high=last)
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
    if (low, high) == (_default_low(value, qualifier), _default_high(value, qualifier)):
        return written
    lo = _OPEN_BOUND if low is None else f"{low:,}"
    hi = _OPEN_BOUND if high is None else f"{high:,}"
    return f"{written} ({lo} to {hi})"
