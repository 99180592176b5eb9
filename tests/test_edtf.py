"""TimeSpan.to_edtf and TimeSpan.from_edtf: EDTF levels 0 and 1 in and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from edtf import parse_edtf
from hypothesis import example, given
from hypothesis import strategies as st

from _doc_tables import doc_table
from conflictevents import TimePrecision, TimeSpan
from conflictevents.exceptions import TimeExpressionError
from conflictevents.strategies import time_spans

KYIV = "Europe/Kyiv"
DOC = Path(__file__).resolve().parent.parent / "docs" / "reading-reports.md"
_UNITS = {TimePrecision.DAY: "days", TimePrecision.MONTH: "months", TimePrecision.YEAR: "years"}


def _at(day: int, hour: int = 0, month: int = 3, tz: str = KYIV) -> pendulum.DateTime:
    return pendulum.datetime(2022, month, day, hour, tz=tz)


def _zone(span: TimeSpan) -> str | None:
    """The IANA name of the zone the span's bounds are written in, if they have one."""
    known = span.start if span.start is not None else span.end
    if known is None:
        return "UTC"
    name = getattr(known.tzinfo, "key", None) or getattr(known.tzinfo, "name", None)
    return name if (name and "/" in name) or name == "UTC" else None


def _exact(span: TimeSpan, zone: str) -> bool:
    """Whether EDTF can say this span exactly (the documented cases)."""
    if span.precision is TimePrecision.INSTANT:
        offset = span.start.utcoffset()
        return (
            not span.approximate
            and span.start.microsecond == 0
            and offset % dt.timedelta(minutes=1) == dt.timedelta(0)
        )
    if span.precision in {TimePrecision.PART_OF_DAY, TimePrecision.WEEK}:
        return False
    if span.start is None and span.end is None:
        return not span.approximate
    bounds = [b.in_timezone(zone) for b in (span.start, span.end) if b is not None]
    if any(b.time() != dt.time(0) for b in bounds):
        return False
    if span.precision in _UNITS:
        start, end = bounds
        one = start.add(**{_UNITS[span.precision]: 1})
        aligned = {
            TimePrecision.DAY: True,
            TimePrecision.MONTH: start.day == 1,
            TimePrecision.YEAR: (start.month, start.day) == (1, 1),
        }[span.precision]
        return aligned and end == one
    return True


def _covers(outer: TimeSpan, inner: TimeSpan) -> bool:
    """Whether ``outer`` covers every instant of ``inner`` (labels aside)."""
    lo_out, hi_out, lo_in, hi_in = outer._lo(), outer._hi(), inner._lo(), inner._hi()
    lo_ok = lo_out is None or (lo_in is not None and lo_out <= lo_in)
    return lo_ok and (hi_out is None or (hi_in is not None and hi_in <= hi_out))


ROWS = doc_table(DOC, "## EDTF")


def _moment(cell: str) -> pendulum.DateTime | None:
    return None if cell == ".." else pendulum.from_format(cell, "YYYY-MM-DD HH:mm", tz=KYIV)


class TestDocsTable:
    """Every row of the docs' EDTF table is what from_edtf and to_edtf do."""

    @pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
    def test_row(self, row):
        """The EDTF reads (in Kyiv) as the row's span and writes back as the last column."""
        text, start, end, precision, written = row
        span = TimeSpan.from_edtf(text, tz=KYIV)
        assert span.start == _moment(start)
        assert span.end == _moment(end)
        assert span.precision is TimePrecision(precision.rstrip("~"))
        assert span.approximate is precision.endswith("~")
        assert span.to_edtf() == written
        parse_edtf(written)

    def test_table_is_long(self):
        """The table shows every form the issue names, and more."""
        assert {"2022-03-02", "2022-03", "2022-03-02/2022-03-03", "2022-03-02~"} <= {
            row[0] for row in ROWS
        }
        assert "../2022-03-02" in {row[0] for row in ROWS}


class TestRoundTrip:
    """EDTF out parses with the `edtf` package and reads back to the same span where exact."""

    @given(time_spans())
    @example(TimeSpan.day(dt.date(2022, 3, 27), tz=KYIV))
    @example(TimeSpan.day(dt.date(2024, 2, 29), tz="UTC", approximate=True))
    @example(TimeSpan.month(2022, 3, tz=KYIV))
    @example(TimeSpan.between(_at(2), _at(4)))
    @example(TimeSpan.between(_at(2), _at(3)))
    @example(TimeSpan.until(_at(3)))
    @example(TimeSpan.since(_at(24, month=2), approximate=True))
    @example(TimeSpan.anytime())
    @example(TimeSpan.instant(_at(2, 10)))
    @example(TimeSpan.instant(_at(2, 10, tz="UTC")))
    @example(TimeSpan.instant(_at(2, 10).add(microseconds=5)))
    @example(TimeSpan.between(_at(2, 18), _at(3), precision=TimePrecision.PART_OF_DAY))
    def test_round_trip(self, span):
        """The output parses; reading it back covers the span, and equals it where exact."""
        text = span.to_edtf()
        parse_edtf(text)
        zone = _zone(span)
        back = TimeSpan.from_edtf(text, tz=zone or "UTC")
        if zone is None:
            return
        assert _covers(back, span)
        unmarkable = span.precision is TimePrecision.INSTANT or span == TimeSpan.anytime(
            approximate=True
        )
        assert back.approximate is span.approximate or unmarkable
        if _exact(span, zone):
            assert back == span

    @given(time_spans())
    def test_idempotent_text(self, span):
        """Writing, reading and writing again gives the same EDTF text."""
        zone = _zone(span) or "UTC"
        text = span.to_edtf()
        assert TimeSpan.from_edtf(text, tz=zone).to_edtf() == text or _zone(span) is None


class TestReading:
    """from_edtf reads levels 0 and 1."""

    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2022-03-02T10:00:00+02:00", _at(2, 10), _at(2, 10)),
            ("2022-03-02T08:00:00Z", _at(2, 10), _at(2, 10)),
            ("2022-03-02T10:00:00", _at(2, 10), _at(2, 10)),
            ("/2022-03-02", None, _at(3)),
            ("2022-03-02/", _at(2), None),
            ("2022-03~/2022-05?", _at(1), pendulum.datetime(2022, 6, 1, tz=KYIV)),
            (
                "201X",
                pendulum.datetime(2010, 1, 1, tz=KYIV),
                pendulum.datetime(2020, 1, 1, tz=KYIV),
            ),
            (
                "2022-XX",
                pendulum.datetime(2022, 1, 1, tz=KYIV),
                pendulum.datetime(2023, 1, 1, tz=KYIV),
            ),
            ("2022-03-XX", _at(1), pendulum.datetime(2022, 4, 1, tz=KYIV)),
            ("2022-21", _at(1), pendulum.datetime(2022, 6, 1, tz=KYIV)),
            (
                "2022-24",
                pendulum.datetime(2022, 12, 1, tz=KYIV),
                pendulum.datetime(2023, 3, 1, tz=KYIV),
            ),
            ("2022-03-02%", _at(2), _at(3)),
        ],
    )
    def test_forms(self, text, start, end):
        """Instants, open and unknown ends, qualifiers, unspecified digits and seasons."""
        span = TimeSpan.from_edtf(text, tz=KYIV)
        assert (span.start, span.end) == (start, end)
        parse_edtf(text)

    def test_dst_month(self):
        """March 2022 in Kyiv ends at +03:00: the month is one hour shorter than 31 days."""
        march = TimeSpan.from_edtf("2022-03", tz=KYIV)
        assert march.duration == pendulum.duration(days=31) - pendulum.duration(hours=1)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "March 2022",
            "2022-13-01",
            "2022-02-30",
            "Y170000002",
            "-0100",
            "2022-03-02/2022-03-01",
            "2022-?03-02",
            "2022-03-02T10:00:00.5Z",
            "2022-21-01",
            "20X2",
            2022,
        ],
    )
    def test_rejected(self, text):
        """Level 2, extended years, impossible dates and backwards intervals are errors."""
        with pytest.raises(TimeExpressionError) as info:
            TimeSpan.from_edtf(text, tz=KYIV)
        assert repr(text) in str(info.value) or str(text) in str(info.value)

    def test_bad_zone(self):
        """An unknown zone is an error."""
        with pytest.raises(TimeExpressionError, match="IANA"):
            TimeSpan.from_edtf("2022", tz="Mars/Olympus")

    @given(st.text(max_size=25))
    @example("../..")
    @example("2022-03-02/..")
    def test_never_crashes(self, text):
        """Any text reads as a span or raises TimeExpressionError."""
        try:
            TimeSpan.from_edtf(text)
        except TimeExpressionError as exc:
            assert exc.text == text  # noqa: PT017 - any text, so no pytest.raises
