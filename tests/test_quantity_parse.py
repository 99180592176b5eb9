"""Quantity.parse and str(Quantity): figures as news writes them."""

from __future__ import annotations

import json
import pickle
import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _doc_tables import doc_table
from conflictevents import Qualifier, Quantity, _figures
from conflictevents._figures import HEDGES, MAX_FIGURE_LENGTH, VAGUE_AMOUNTS
from conflictevents.exceptions import FigureParseError
from conflictevents.strategies import quantities

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reading-reports.md"
GENERAL_STAFF = ROOT / "tests" / "data" / "general-staff" / "russia_losses_personnel.json"


def _table(heading: str) -> list[list[str]]:
    """The rows of the table after ``heading`` in the docs page."""
    return doc_table(DOC, heading)


def _bound(cell: str) -> int | None:
    return None if cell in {"open", "-"} else int(cell.replace(",", ""))


FIGURE_ROWS = _table("## Figure phrases")
VAGUE_ROWS = _table("## Vague amounts")


class TestDocsTable:
    """Every row of the docs' figure table is what `Quantity.parse` does."""

    @pytest.mark.parametrize("row", FIGURE_ROWS, ids=[row[0] for row in FIGURE_ROWS])
    def test_row(self, row):
        """The phrase parses to the qualifier, figure and bounds of its row, and writes back."""
        phrase, qualifier, value, low, high, written = row
        q = Quantity.parse(phrase)
        assert q.qualifier is Qualifier(qualifier)
        assert q.value == _bound(value)
        assert q.bounds == (_bound(low), _bound(high))
        assert str(q) == written

    @pytest.mark.parametrize(("phrase", "low", "high"), VAGUE_ROWS)
    def test_vague_row(self, phrase, low, high):
        """A vague amount reads as `between` with the documented bounds."""
        q = Quantity.parse(phrase)
        assert (q.qualifier, q.value, q.bounds) == (Qualifier.BETWEEN, None, (int(low), int(high)))

    def test_tables_cover_the_code(self):
        """The docs list every vague amount the code knows, and enough rows to mean it."""
        assert {row[0] for row in VAGUE_ROWS} == set(VAGUE_AMOUNTS)
        assert len(FIGURE_ROWS) >= 20

    def test_hedge_words_all_documented(self):
        """Every hedge word the parser knows appears in the docs page."""
        text = DOC.read_text(encoding="utf-8")
        missing = [hedge for hedge in HEDGES if f"`{hedge}`" not in text]
        assert missing == []


class TestParse:
    """`Quantity.parse` reads figures of the reference article and the issue."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("498", Quantity(value=498)),
            ("1,597", Quantity(value=1597)),
            ("nearly 500", Quantity(value=500, qualifier=Qualifier.NEARLY)),
            ("about 3,700", Quantity(value=3700, qualifier=Qualifier.ABOUT)),
            ("around 6,000", Quantity(value=6000, qualifier=Qualifier.ABOUT)),
            ("9,000", Quantity(value=9000)),
            ("at least 2,000", Quantity(value=2000, qualifier=Qualifier.AT_LEAST)),
            ("over a million", Quantity(value=1_000_000, qualifier=Qualifier.MORE_THAN)),
            ("more than 70", Quantity(value=70, qualifier=Qualifier.MORE_THAN)),
            ("four", Quantity(value=4)),
            ("two", Quantity(value=2)),
            ("11th", None),
        ],
    )
    def test_reference_article(self, text, expected):
        """Every figure phrase of the reference article parses (ordinals are not figures)."""
        if expected is None:
            with pytest.raises(FigureParseError):
                Quantity.parse(text)
        else:
            assert Quantity.parse(text) == expected

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("twenty-four", 24),
            ("two dozen", 24),
            ("a dozen", 12),
            ("a hundred and twenty", 120),
            ("one hundred twenty-one", 121),
            ("three thousand seven hundred", 3700),
            ("1.5 million", 1_500_000),
            ("3 million", 3_000_000),
            ("2.75 billion", 2_750_000_000),
            ("1000", 1000),
            ("  About   3,700 ", None),
        ],
    )
    def test_numbers_in_words(self, text, value):
        """Numbers in words, digits with scales, any case and spacing."""
        q = Quantity.parse(text)
        assert q.value == (3700 if value is None else value)

    def test_ranges(self):
        """Ranges read as `between`, with a dash, "to", or "between ... and ..."."""
        expected = Quantity(qualifier=Qualifier.BETWEEN, low=2000, high=4000)
        for text in (
            "between 2,000 and 4,000",
            "2,000-4,000",
            "2,000 \u2013 4,000",
            "from 2,000 to 4,000",
        ):
            assert Quantity.parse(text) == expected

    def test_general_staff_qualifiers(self):
        """The General Staff data set's `about`/`more` marks read as about/more_than."""
        rows = json.loads(GENERAL_STAFF.read_text(encoding="utf-8"))
        marks = {row["personnel*"] for row in rows}
        assert marks == {"about", "more"}
        for row in rows[:: max(1, len(rows) // 50)]:
            q = Quantity.parse(f"{row['personnel*']} {row['personnel']}")
            expected = {"about": Qualifier.ABOUT, "more": Qualifier.MORE_THAN}
            assert q.qualifier is expected[row["personnel*"]]
            assert q.value == row["personnel"]


class TestErrors:
    """Text that is not a figure is an error quoting it, never a guess."""

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "lots",
            "about",
            "498 wounded",
            "four five",
            "1,59,7",
            "1.5",
            "between 5 and 2",
            "less than 0",
            "a million and a half",
            "-3",
        ],
    )
    def test_rejected(self, text):
        """Each unreadable phrase raises FigureParseError (a ValueError) quoting the text."""
        with pytest.raises(FigureParseError) as info:
            Quantity.parse(text)
        assert repr(text) in str(info.value)
        assert info.value.text == text
        assert isinstance(info.value, ValueError)

    def test_pickles(self):
        """The error survives pickling with its text and reason."""
        with pytest.raises(FigureParseError) as info:
            Quantity.parse("lots")
        exc = info.value
        again = pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own bytes
        assert (again.text, again.reason, str(again)) == (exc.text, exc.reason, str(exc))


class TestExactArithmetic:
    """Figures are read exactly, whatever their length: never rounded, never truncated."""

    def test_long_figure_with_a_scale(self):
        """16 digits and "thousand" are multiplied exactly (a float would round them)."""
        q = Quantity.parse("1234567890123456 thousand")
        assert q.value == 1_234_567_890_123_456_000

    @pytest.mark.parametrize(
        "text",
        ["123456789012345678901234567891 thousand", "between 10 and 99999999999999999999"],
    )
    def test_a_figure_past_64_bits_is_refused(self, text):
        """A count is 64-bit signed: a larger figure is this library's error, not rounded."""
        with pytest.raises(FigureParseError, match="does not fit in 64 bits"):
            Quantity.parse(text)

    def test_tiny_fraction_is_not_whole(self):
        """A fraction far past the 28th digit still makes the figure not a whole number."""
        with pytest.raises(FigureParseError, match=r"1000000000\.0+1 is not a whole number"):
            Quantity.parse("1.0000000000000000000000000000001 billion")

    def test_long_decimal_that_is_whole(self):
        """A long decimal that the scale makes whole is read exactly."""
        q = Quantity.parse("1.000000001 billion")
        assert q.value == 1_000_000_001

    @given(
        st.integers(0, 10**40),
        st.integers(0, 10**20),
        st.sampled_from(["thousand", "million", "billion"]),
    )
    def test_decimal_scales_law(self, whole, part, scale):
        """ "W.F <scale>" is W.F times the scale when whole, else an error: exact, no rounding."""
        factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[scale]
        digits = str(part)
        exact = Fraction(f"{whole}.{digits}") * factor
        text = f"{whole}.{digits} {scale}"
        if len(text) > MAX_FIGURE_LENGTH:
            return
        if exact.denominator == 1 and exact.numerator >= 2**63:
            with pytest.raises(FigureParseError, match="does not fit in 64 bits"):
                Quantity.parse(text)
        elif exact.denominator == 1:
            assert Quantity.parse(text).value == exact.numerator
        else:
            with pytest.raises(FigureParseError, match="not a whole number"):
                Quantity.parse(text)

    def test_more_digits_than_python_reads(self):
        """A number over Python's int-string limit is this library's error, not ValueError."""
        text = "1" * 5000
        with pytest.raises(FigureParseError) as info:
            Quantity.parse(text)
        assert info.value.text == text
        with pytest.raises(FigureParseError, match="too many digits"):
            _figures._parse("9" * (sys.get_int_max_str_digits() + 1))

    @pytest.mark.parametrize(
        "text",
        [
            "a hundred and a hundred",
            "one hundred two hundred",
            "one thousand two million",
            "two million three million",
            "two dozen three",
            "five thousand a thousand a thousand",
        ],
    )
    def test_number_words_are_a_grammar(self, text):
        """Number words that English never writes together are an error, not a product."""
        with pytest.raises(FigureParseError):
            Quantity.parse(text)


class TestRoundTrip:
    """`str` writes a figure back so that `parse` reads the same quantity."""

    @given(quantities() | quantities(max_value=10**12) | quantities(max_value=2**63 - 1))
    @example(Quantity(value=0))
    @example(Quantity(value=1, qualifier=Qualifier.LESS_THAN))
    @example(Quantity(value=1_000_000, qualifier=Qualifier.MORE_THAN))
    @example(Quantity(qualifier=Qualifier.BETWEEN, low=24, high=99))
    @example(Quantity(value=3000, qualifier=Qualifier.BETWEEN, low=2000, high=4000))
    @example(Quantity(value=500, qualifier=Qualifier.ABOUT, low=400, high=None))
    @example(Quantity(value=500, qualifier=Qualifier.AT_LEAST, low=None))
    @example(Quantity(value=2**63 - 1, qualifier=Qualifier.BETWEEN, low=0, high=2**63 - 1))
    def test_parse_str(self, q):
        """Quantity.parse(str(q)) == q."""
        assert Quantity.parse(str(q)) == q

    @given(quantities())
    def test_str_is_a_fixed_point(self, q):
        """Writing a parsed figure gives the same text again."""
        text = str(q)
        assert str(Quantity.parse(text)) == text

    def test_written_like_a_report(self):
        """Figures get thousands separators and the hedge word before them."""
        assert str(Quantity(value=3700, qualifier=Qualifier.ABOUT)) == "about 3,700"
        assert str(Quantity(value=2870, qualifier=Qualifier.MORE_THAN)) == "more than 2,870"
        assert re.fullmatch(r"\d{1,3}(,\d{3})*", str(Quantity(value=1_234_567)))
