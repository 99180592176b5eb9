"""Hostile input to the importers: every row is imported or reported, the count always adds up.

The real files of tests/data, mutated: odd digits, huge numbers, undecodable bytes,
fields over the csv module's limit, deeply nested and oversized JSON elements.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents.interop import RowError, _common, acled, general_staff, oryx, ucdp

DATA = Path(__file__).parent / "data"
UCDP = DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"
ACLED = DATA / "acled" / "acled_fictional.csv"
ORYX = DATA / "oryx" / "daily_count.csv"
PERSONNEL = DATA / "general-staff" / "russia_losses_personnel.json"

# (reader, file, encoding, a whole-number column)
CSV_FORMATS = {
    "ucdp": (ucdp.read, UCDP, "cp1252", "best"),
    "acled": (acled.read, ACLED, "utf-8", "fatalities"),
    "oryx": (oryx.read, ORYX, "utf-8", "destroyed"),
}


def _outcome(stream: _common.ImportStream) -> tuple[int, int, int, dict[int, str | None]]:
    list(stream)
    assert stream.rows == stream.imported + stream.rejected
    return (
        stream.rows,
        stream.imported,
        stream.rejected,
        {e.line: e.column for e in stream.errors},
    )


def _mutated_csv(
    tmp_path: Path, path: Path, encoding: str, column: str, value: str, *, row: int = 0
) -> tuple[Path, int]:
    """The file with one data row's ``column`` replaced; and that row's first line."""
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        rows, lines = [], []
        while True:
            lines.append(reader.line_num + 1)
            try:
                rows.append(next(reader))
            except StopIteration:
                break
    rows[row][header.index(column)] = value
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    first_line = 0
    for i, values in enumerate(rows):
        if i == row:
            first_line = out.getvalue().count("\n") + 1
        writer.writerow(values)
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{value!r} cannot be written in {encoding}")
    target = tmp_path / path.name
    target.write_bytes(data)
    return target, first_line


@pytest.fixture(scope="module")
def baselines() -> dict[str, tuple[int, int, int, dict[int, str | None]]]:
    return {
        name: _outcome(read(path, encoding=encoding, on_error="collect"))
        for name, (read, path, encoding, _) in CSV_FORMATS.items()
    }


class TestWholeNumbers:
    """A count is ASCII digits within 64 bits; anything else rejects its row, never the file."""

    @pytest.mark.parametrize("name", sorted(CSV_FORMATS))
    @pytest.mark.parametrize(
        "value",
        ["²", "١٢", "1" * 5000, str(2**63), "12\u00a0000"],
        ids=["superscript", "arabic-indic", "5000-digits", "2^63", "nbsp"],
    )
    def test_bad_count_rejects_only_its_row(self, tmp_path, baselines, name, value):
        """The mutated row is rejected at its column; every other row is as before."""
        read, path, encoding, column = CSV_FORMATS[name]
        rows, imported, rejected, errors = baselines[name]
        target, line = _mutated_csv(tmp_path, path, encoding, column, value)
        assert line not in errors  # the row was imported before
        got = _outcome(read(target, encoding=encoding, on_error="collect"))
        assert got[:3] == (rows, imported - 1, rejected + 1)
        assert got[3] == {**errors, line: column}

    def test_largest_count_is_imported(self):
        """2^63 - 1 is a count; the figure is kept exact."""
        row = {"n": str(2**63 - 1)}
        assert _common.integer(row, "n") == 2**63 - 1

    @given(st.text(max_size=30))
    def test_integer_accepts_exactly_ascii_digits(self, text):
        """integer() takes a string of ASCII digits (up to 2^63 - 1) and refuses the rest."""
        stripped = text.strip()
        ascii_number = stripped.isascii() and stripped.isdigit()
        if ascii_number and int(stripped) <= _common.MAX_COUNT:
            assert _common.integer({"n": text}, "n") == int(stripped)
        else:
            with pytest.raises(_common._BadValue):
                _common.integer({"n": text}, "n")


DATE_COLUMNS = {"ucdp": "date_start", "acled": "event_date", "oryx": "date_recorded"}


class TestDays:
    """A day whose span would leave the calendar rejects its row (was OverflowError)."""

    @pytest.mark.parametrize("name", sorted(CSV_FORMATS))
    @pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
    def test_day_at_the_end_of_the_calendar(self, tmp_path, baselines, name, day):
        """The mutated row is rejected at its date column; every other row is as before."""
        read, path, encoding, _ = CSV_FORMATS[name]
        column = DATE_COLUMNS[name]
        rows, imported, rejected, errors = baselines[name]
        target, line = _mutated_csv(tmp_path, path, encoding, column, day)
        got = _outcome(read(target, encoding=encoding, on_error="collect"))
        assert got[:3] == (rows, imported - 1, rejected + 1)
        assert got[3] == {**errors, line: column}

    def test_general_staff_day_at_the_end_of_the_calendar(self):
        """A General Staff record dated 9999-12-31 is one rejected row at `date`."""
        stream = _gs(_records('{"date": "9999-12-31", "personnel": 1}'))
        list(stream)
        assert (stream.rows, stream.rejected) == (3, 1)
        assert stream.errors[0].column == "date"


class TestCsvRows:
    """Rows the csv module or the encoding cannot give are rejected one by one."""

    @pytest.mark.parametrize("name", sorted(CSV_FORMATS))
    def test_undecodable_byte_rejects_its_row(self, tmp_path, baselines, name):
        """A byte the encoding cannot decode in row 3: rows 2 and 4 are imported, 3 reported."""
        read, path, encoding, column = CSV_FORMATS[name]
        rows, imported, rejected, errors = baselines[name]
        target, line = _mutated_csv(tmp_path, path, encoding, column, "MARK", row=1)
        target.write_bytes(target.read_bytes().replace(b"MARK", b"1\x81\xff"))
        assert line not in errors
        got = _outcome(read(target, encoding=encoding, on_error="collect"))
        assert got[:3] == (rows, imported - 1, rejected + 1)
        assert got[3] == {**errors, line: column}
        stream = read(target, encoding=encoding, on_error="collect")
        list(stream)
        message = next(e for e in stream.errors if e.line == line).reason
        assert "cannot decode the bytes" in message
        assert f"column {column!r}" in message

    @pytest.mark.parametrize("quoted", [False, True], ids=["one-line", "quoted-multiline"])
    @pytest.mark.parametrize("name", sorted(CSV_FORMATS))
    def test_field_over_the_csv_limit_rejects_its_row(self, tmp_path, baselines, name, quoted):
        """A field over 128 KiB is one rejected row; the rows after it keep their lines."""
        read, path, encoding, column = CSV_FORMATS[name]
        rows, imported, rejected, errors = baselines[name]
        target, line = _mutated_csv(tmp_path, path, encoding, column, "MARK", row=1)
        huge = ('"' + 'x""\n' * 50_000 + '"') if quoted else "x" * 200_000
        added = huge.count("\n")
        target.write_bytes(target.read_bytes().replace(b"MARK", huge.encode()))
        got = _outcome(read(target, encoding=encoding, on_error="collect"))
        assert got[:3] == (rows, imported - 1, rejected + 1)
        shifted = {(k + added if k > line else k): v for k, v in errors.items()}
        assert got[3] == {**shifted, line: None}

    @pytest.mark.parametrize("name", sorted(CSV_FORMATS))
    def test_a_raised_process_wide_csv_limit_does_not_lift_the_readers_cap(
        self, tmp_path, baselines, name
    ):
        """A field over 128 Ki characters rejects its row even when csv.field_size_limit was raised."""
        read, path, encoding, column = CSV_FORMATS[name]
        rows, imported, rejected, _errors = baselines[name]
        target, _line = _mutated_csv(tmp_path, path, encoding, column, "MARK", row=1)
        target.write_bytes(target.read_bytes().replace(b"MARK", b"x" * (_common.MAX_FIELD + 1)))
        before = csv.field_size_limit(sys.maxsize // 2)  # as some libraries do at import
        try:
            stream = read(target, encoding=encoding, on_error="collect")
            got = _outcome(stream)
        finally:
            csv.field_size_limit(before)
        assert got[:3] == (rows, imported - 1, rejected + 1)
        assert any("longer than 131,072 characters" in e.reason for e in stream.errors)


def _gs(text: str, **options: object) -> _common.ImportStream:
    return general_staff.read(io.StringIO(text), on_error="collect", **options)


def _records(*middle: str) -> str:
    """The first two personnel records of the real file, with ``middle`` between them."""
    first, second = json.loads(PERSONNEL.read_text())[:2]
    return "[" + ",\n".join([json.dumps(first), *middle, json.dumps(second)]) + "]"


class TestJsonElements:
    """An element of a General Staff file that cannot be read is one rejected row."""

    @pytest.mark.parametrize(
        ("element", "column", "reason"),
        [
            ('{"date": "2022-02-27", "day": "²", "personnel": 1}', "day", "'²'"),
            ('{"date": "2022-02-27", "personnel": ' + "9" * 5000 + "}", "personnel", "5,000-digit"),
            ('{"date": "2022-02-27", "personnel": ' + str(2**64) + "}", "personnel", "largest"),
            ("[" * 100_000 + "]" * 100_000, None, "nested more than 64 levels"),
            ('{"a": ' * 5000 + "1" + "}" * 5000, None, "nested more than 64 levels"),
        ],
        ids=["superscript-day", "5000-digits", "2^64", "nested-arrays", "nested-objects"],
    )
    def test_bad_element_rejects_only_itself(self, element, column, reason):
        """The two real records around it are imported; it is reported at its line and key."""
        stream = _gs(_records(element))
        claims = list(stream)
        assert (stream.rows, stream.imported, stream.rejected) == (3, 2, 1)
        assert len(claims) == 4
        (error,) = stream.errors
        assert (error.line, error.column) == (2, column)
        assert reason in error.reason

    def test_undecodable_byte_rejects_its_element(self, tmp_path):
        """A byte UTF-8 cannot decode in record 2 of 3: records 1 and 3 are imported."""
        records = json.loads(PERSONNEL.read_text())[:3]
        data = json.dumps(records, indent=2).encode()
        second = data.index(b'"POW"', data.index(b'"POW"') + 1)
        path = tmp_path / "russia_losses_personnel.json"
        path.write_bytes(data[:second] + b'"PO\xffW"' + data[second + 5 :])
        stream = general_staff.read(path, on_error="collect")
        claims = list(stream)
        assert (stream.rows, stream.imported, stream.rejected, len(claims)) == (3, 2, 1, 4)
        assert "cannot decode the bytes b'\\xff' as utf-8" in stream.errors[0].reason

    def test_undecodable_byte_in_a_strict_stream_is_a_file_error(self):
        """A text stream the caller opened strictly cannot read past a bad byte: RowError."""
        data = _records('{"date": "2022-02-27", "note": "MARK"}').encode()
        stream = io.TextIOWrapper(io.BytesIO(data.replace(b"MARK", b"\xff")), encoding="utf-8")
        with pytest.raises(RowError, match="cannot decode the file at or after this line"):
            list(general_staff.read(stream, on_error="collect"))

    def test_element_over_the_size_cap_is_rejected_unread(self, monkeypatch):
        """An element longer than MAX_RECORD_CHARS is scanned past and rejected, not kept."""
        monkeypatch.setattr(_common, "MAX_RECORD_CHARS", 100_000)
        big = '{"date": "2022-02-27", "note": "' + "x\\n" * 100_000 + '"}'
        stream = _gs(_records(big, '{"date": "2022-02-28", "personnel": 5}'))
        list(stream)
        assert (stream.rows, stream.imported, stream.rejected) == (4, 3, 1)
        assert "longer than 100,000 characters" in stream.errors[0].reason

    def test_unterminated_nesting_is_a_file_error(self):
        """A file that ends inside an element stops with a RowError, never RecursionError."""
        stream = _gs(_records("[" * 100_000))
        with pytest.raises(RowError, match="ends inside this element") as info:
            list(stream)
        assert info.value.line == 2

    def test_bad_correction_file_is_a_row_error(self, tmp_path):
        """A correction file holding a record it cannot read raises RowError naming it."""
        corrections = tmp_path / "russia_losses_equipment_correction.json"
        corrections.write_text('[{"date": "2022-03-01", "tank": "²"}]')
        with pytest.raises(RowError) as info:
            general_staff.read(PERSONNEL, corrections=corrections)
        assert (info.value.file, info.value.line, info.value.column) == (
            corrections.name,
            1,
            "tank",
        )

    def test_time_is_linear_in_the_element_size(self):
        """Reading a file whose element is 8 times longer takes about 8 times as long."""

        def seconds(size: int) -> float:
            text = _records('{"date": "2022-02-27", "note": "' + "x" * size + '"}')
            best = float("inf")
            for _ in range(3):  # CPU time: other work on a shared machine does not count
                started = time.process_time()
                list(_gs(text))
                best = min(best, time.process_time() - started)
            return best

        small, large = seconds(1 << 20), seconds(8 << 20)
        assert large / small < 24, (small, large)


class TestOryxHeader:
    """An Oryx file whose header lost `date_recorded` is a file problem, reported as one."""

    def test_missing_date_column_is_a_row_error(self):
        """Without as_of=, a header lacking date_recorded raises RowError at line 1 (a ValueError)."""
        header, *rows = ORYX.read_text().splitlines(keepends=True)
        text = header.replace("date_recorded", "date_recordet") + "".join(rows[:3])
        with pytest.raises(RowError, match="no date_recorded column: pass as_of=") as info:
            oryx.read(io.StringIO(text), on_error="collect")
        assert info.value.line == 1
        assert isinstance(info.value, ValueError)
