"""The text parsers take time linear in their input: no regular-expression time bombs.

No test here asserts an absolute time: each compares the time for ``n`` and ``8 n``
characters of the same adversarial shape. Linear work gives a ratio near 8, quadratic
work near 64; the tests allow up to 24.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import pytest

import conflictevents
from conflictevents import (
    ConflictEventsError,
    Quantity,
    TimeSpan,
    _figures,
    _resolve,
    resolve_time,
)
from conflictevents._figures import MAX_FIGURE_LENGTH
from conflictevents._patterns import LazyPattern
from conflictevents._resolve import MAX_TIME_LENGTH
from conflictevents.exceptions import FigureParseError, TimeExpressionError

LINEAR = 24.0
"""The largest ratio of the times for 8n and n characters that counts as linear (8 is
linear, 64 quadratic; the margin absorbs a shared machine's noise)."""

KYIV = "Europe/Kyiv"
DATELINE = dt.date(2022, 3, 3)
ANCHORS = {"invasion": dt.date(2022, 2, 24), "war": dt.date(2022, 2, 24)}


def _calls(call: Callable[[str], object], text: str, loops: int) -> float:
    """CPU seconds of ``loops`` calls (CPU time: other work on the machine does not count)."""
    start = time.process_time()
    for _ in range(loops):
        try:  # noqa: SIM105 - cheaper than contextlib.suppress in a timed loop
            call(text)
        except ConflictEventsError:
            pass
    return time.process_time() - start


def ratio(
    call: Callable[[str], object],
    shape: Callable[[int], str],
    n: int,
    *,
    least: float = 0.004,
    rounds: int = 5,
) -> float:
    """Time of ``call`` on ``shape(8 n)`` over its time on ``shape(n)``.

    The calls on ``shape(n)`` are repeated to last at least ``least`` seconds; each size
    is timed ``rounds`` times, interleaved, with the garbage collector off, and the best
    time of each is compared.
    """
    small, large = shape(n), shape(8 * n)
    loops = 1
    while _calls(call, small, loops) < least:
        loops *= 2
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        timings = [(_calls(call, small, loops), _calls(call, large, loops)) for _ in range(rounds)]
    finally:
        if was_enabled:
            gc.enable()
    return min(t for _, t in timings) / min(t for t, _ in timings)


def _repeat(head: str, unit: str, tail: str) -> Callable[[int], str]:
    """A shape: ``head``, then ``unit`` repeated to about ``n`` characters, then ``tail``."""
    return lambda n: head + unit * max(1, n // len(unit)) + tail


FIGURE_SHAPES = {
    "bracket without a close": _repeat("x (", " to", ""),
    "bracket of bounds": _repeat("5 (", "1 to ", ")"),
    "nested brackets": _repeat("5 ", "(", "1 to 2)"),
    "between and and": _repeat("between ", "1 and ", "x"),
    "from to to": _repeat("from ", "to ", "x"),
    "separators": _repeat("", "1,", "x"),
    "range dashes": _repeat("", "1-", "x"),
    "range words": _repeat("", "1 to ", "x"),
    "words": _repeat("", "a hundred and ", "x"),
    "hedges": _repeat("", "at least ", "5"),
    "white space": _repeat("5", " \t", "5"),
    "decimals": _repeat("", "1.5 ", "million"),
}

TIME_SHAPES = {
    "counted back": _repeat("", "x ( to", " days ago"),
    "counted back, many counts": _repeat("", "1 ", "days ago"),
    "calendar units": _repeat("", "last ", "week"),
    "earlier this": _repeat("earlier ", "this ", "week"),
    "since an anchor": _repeat("since ", "the ", "war began"),
    "anchor ends its": _repeat("as the ", "war ", "ends its first"),
    "first days": _repeat("in the first ", "x-", " days of the war"),
    "part of a named day": _repeat("on ", "monday ", "morning"),
    "early on": _repeat("", "early on ", "monday"),
    "night, commas": _repeat("", "monday, ", "night"),
    "weekday then date": _repeat("monday, the ", "1", ""),
    "weekday then words": _repeat("monday. ", "march ", "2"),
    "months": _repeat("in ", "march ", "2022"),
    "a whole day": _repeat("", "x", ""),
    "white space": _repeat("on", " \t", "monday"),
    "clock after day words": _repeat("", "monday ", "at about 7:45 a.m."),
    "clock before day words": _repeat("at 7:45 ", "on ", "monday"),
    "clock digits": _repeat("at ", "1", ":45"),
    "clocks": _repeat("", "at 7:45 ", "gmt"),
    "clock, place words": _repeat("at 7:45 ", "kyiv ", "time"),
    "clock, hedges": _repeat("", "about ", "7:45"),
    "clock, offsets": _repeat("at 7:45 utc", "+1", ""),
    "clock, brackets": _repeat("at 7:45 (", "0545 gmt ", ")"),
    "counted from an anchor": _repeat("", "several ", "hours later"),
    "hours after": _repeat("two hours after ", "the ", "war began"),
    "quarters": _repeat("the ", "third ", "quarter of 2018"),
    "dawn": _repeat("", "monday ", "at dawn"),
}


EDTF_SHAPES = {
    "slashes": _repeat("2022", "/", ""),
    "dots": _repeat("", "..", "/2022"),
    "digits": _repeat("", "2022", ""),
    "unspecified": _repeat("20", "X", ""),
    "qualifiers": _repeat("2022", "~?%", ""),
    "white space": _repeat("", " ", "2022-03-02"),
}


def _edtf(text: str) -> object:
    return TimeSpan.from_edtf(text, tz=KYIV)


def _context() -> _resolve._Context:
    return _resolve._context("probe", DATELINE, KYIV, ANCHORS, None)


def _time_grammar(text: str) -> object:
    """The rules of ``resolve_time`` without its length cap."""
    return _resolve._resolve(text, _context())


def _resolve_public(text: str) -> object:
    return resolve_time(text, reference=DATELINE, tz=KYIV, anchors=ANCHORS)


class TestFigures:
    """``Quantity.parse`` runs in linear time, and refuses phrases no figure is as long as."""

    @pytest.mark.parametrize("shape", FIGURE_SHAPES.values(), ids=FIGURE_SHAPES)
    def test_grammar_is_linear(self, shape):
        """Each adversarial shape of 2,000 and 16,000 characters: time ratio at most 24."""
        assert ratio(_figures._parse, shape, 2000) < LINEAR

    @pytest.mark.parametrize("shape", FIGURE_SHAPES.values(), ids=FIGURE_SHAPES)
    def test_parse_is_linear(self, shape):
        """The public entry point too (from 1,000 characters on it refuses at once)."""
        assert ratio(Quantity.parse, shape, 1000) < LINEAR

    def test_the_reported_time_bomb(self):
        """ "x (" and 2,000 " to" (about 1 s on the old code) are refused as too long."""
        text = "x (" + " to" * 2000
        with pytest.raises(FigureParseError, match="at most 256 characters") as info:
            Quantity.parse(text)
        assert info.value.text == text
        assert len(str(info.value)) < 200  # the message quotes only its start

    def test_cap(self):
        """A phrase of exactly MAX_FIGURE_LENGTH characters is read; one more is refused."""
        assert MAX_FIGURE_LENGTH == 256
        longest = " " * (MAX_FIGURE_LENGTH - 3) + "498"
        assert Quantity.parse(longest) == Quantity(value=498)
        with pytest.raises(FigureParseError, match="at most 256 characters, this is 257"):
            Quantity.parse(" " + longest)


class TestTimes:
    """``resolve_time`` runs in linear time for every family of time phrases."""

    @pytest.mark.parametrize("shape", TIME_SHAPES.values(), ids=TIME_SHAPES)
    def test_grammar_is_linear(self, shape):
        """Each adversarial shape of 2,000 and 16,000 characters: time ratio at most 24."""
        assert ratio(_time_grammar, shape, 2000) < LINEAR

    @pytest.mark.parametrize("shape", TIME_SHAPES.values(), ids=TIME_SHAPES)
    def test_resolve_time_is_linear(self, shape):
        """The public entry point too (from 1,000 characters on it refuses at once)."""
        assert ratio(_resolve_public, shape, 1000) < LINEAR

    @pytest.mark.parametrize("shape", EDTF_SHAPES.values(), ids=EDTF_SHAPES)
    def test_edtf_is_linear(self, shape):
        """EDTF reading too: each shape of 2,000 and 16,000 characters, ratio at most 24."""
        assert ratio(_edtf, shape, 2000) < LINEAR

    def test_the_reported_time_bomb(self):
        """A figure time bomb inside "N days ago" is refused as too long."""
        text = "x (" + " to" * 2000 + " days ago"
        with pytest.raises(TimeExpressionError, match="at most 256 characters"):
            resolve_time(text, reference=DATELINE, tz=KYIV)

    def test_cap(self):
        """An expression of exactly MAX_TIME_LENGTH characters is read; one more is refused."""
        assert MAX_TIME_LENGTH == 256
        longest = " " * (MAX_TIME_LENGTH - 9) + "yesterday"
        assert resolve_time(longest, reference=DATELINE, tz=KYIV) == resolve_time(
            "yesterday", reference=DATELINE, tz=KYIV
        )
        with pytest.raises(TimeExpressionError, match="at most 256 characters, this is 257"):
            resolve_time(" " + longest, reference=DATELINE, tz=KYIV)


# -- the regex audit: every compiled pattern in the package ---------------------------------


def _compiled(value: object) -> re.Pattern[str] | None:
    """``value`` as a compiled text pattern (a ``LazyPattern`` compiled now), or ``None``."""
    if isinstance(value, LazyPattern):
        return value.compiled
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        return value
    return None


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every regular expression defined at module level in conflictevents.

    Compiled ones and those compiled on first use (``LazyPattern``), alone or in tables.
    """
    for info in pkgutil.walk_packages(conflictevents.__path__, "conflictevents."):
        if info.name.startswith(("conflictevents.extra", "conflictevents.__main__")):
            continue  # optional dependencies (Dask); __main__ runs the CLI
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (pattern := _compiled(value)) is not None:
                yield f"{info.name}.{name}", pattern
            elif isinstance(value, tuple):  # tables of patterns (dates, rules)
                for i, item in enumerate(value):
                    found = item[0] if isinstance(item, tuple) and item else item
                    if (pattern := _compiled(found)) is not None:
                        yield f"{info.name}.{name}[{i}]", pattern


PATTERNS = dict(_patterns())
PROBES = {
    "spaces": _repeat("a", " ", "!"),
    "tabs and spaces": _repeat("a", " \t", "!"),
    "digits": _repeat("", "1", "!"),
    "digit groups": _repeat("", "1,", "!"),
    "letters": _repeat("", "a", "!"),
    "words": _repeat("", "to ", "!"),
    "dashes": _repeat("", " - 1", "!"),
    "brackets": _repeat("(", " to", "!"),
    "dates": _repeat("", "2022-03-02,", "!"),
}


def test_the_audit_found_the_patterns():
    """The audit sees the patterns of the parsers and the importers."""
    names = set(PATTERNS)
    assert "conflictevents._figures._GROUPED" in names
    assert "conflictevents._resolve._RULES[0]" in names
    assert "conflictevents._resolve._CLOCK_RULES[2]" in names
    assert "conflictevents._resolve._DATES[0]" in names
    assert "conflictevents._clock._CLOCK_ALONE" in names
    assert "conflictevents.interop.oryx._EMBEDDED" in names
    assert len(names) >= 40


SEARCHED = {
    "conflictevents._figures._WORD_BREAK",
    "conflictevents._resolve._ANCHOR_START",
    "conflictevents._resolve._ANCHOR_BEGAN",
    "conflictevents.interop.oryx._EMBEDDED",
    "conflictevents.interop.oryx._FILE_DATE",
    *(name for name in PATTERNS if name.startswith("conflictevents._names.")),
}
"""The patterns the package uses unanchored (``search``, ``sub``, ``split``); every other
pattern is used with ``fullmatch`` or ``match`` only (where a lazy ``.+?`` is linear)."""


@pytest.mark.parametrize("name", PATTERNS)
def test_every_pattern_is_linear(name):
    """Every pattern, used as the package uses it, on long runs: time ratio at most 24."""
    pattern = PATTERNS[name]

    def probe(text: str) -> None:
        pattern.fullmatch(text)
        pattern.match(text)
        if name in SEARCHED:
            pattern.sub("", text)

    worst = max(ratio(probe, shape, 1000, least=0.001, rounds=3) for shape in PROBES.values())
    assert worst < LINEAR
