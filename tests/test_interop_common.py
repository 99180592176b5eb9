"""The readers' shared machinery: streaming JSON arrays, the format registry."""

from __future__ import annotations

import datetime as dt
import io
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictevents
from conflictevents import interop
from conflictevents.interop import _common

DATA = Path(__file__).parent / "data"

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


class TestJsonArray:
    """json_array() streams the elements of a JSON array with their lines."""

    @given(
        st.lists(_json_values, max_size=8),
        st.lists(st.sampled_from([" ", "\n", "\t", "\n\n"]), min_size=1, max_size=4),
        st.integers(min_value=1, max_value=9),
    )
    def test_same_as_json_load(self, elements, spacing, chunk):
        """Whatever the chunk size and whitespace, elements and lines are json.loads'."""
        sep = "".join(spacing)
        text = "[" + sep
        expected_lines = []
        for i, element in enumerate(elements):
            if i:
                text += "," + sep
            expected_lines.append(text.count("\n") + 1)
            text += json.dumps(element)
        text += sep + "]"
        original = _common._CHUNK
        _common._CHUNK = chunk
        try:
            got = list(_common.json_array(io.StringIO(text), encoding=None))
        finally:
            _common._CHUNK = original
        assert [e for _, e in got] == json.loads(text)
        assert [line for line, _ in got] == expected_lines

    def test_lines_of_a_pretty_printed_file(self):
        """Elements of an indented file are numbered by the line of their opening brace."""
        text = json.dumps([{"a": 1}, {"b": 2}], indent=4)
        got = list(_common.json_array(io.StringIO(text), encoding=None))
        assert [line for line, _ in got] == [2, 5]

    def test_memory_does_not_hold_the_file(self):
        """The buffer never holds much more than a chunk and one element."""
        text = "[" + ",".join(json.dumps({"n": i, "pad": "x" * 50}) for i in range(20_000)) + "]"
        array = _common._JsonArray(io.StringIO(text))
        biggest = 0
        for _ in array:
            biggest = max(biggest, len(array.buffer))
        assert len(text) > 1_000_000
        assert biggest < 2 * _common._CHUNK


class TestRegistry:
    """interop.read() dispatches on a format name."""

    @pytest.mark.parametrize(
        ("name", "path", "options"),
        [
            (
                "ucdp",
                "ucdp/ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv",
                {"encoding": "cp1252"},
            ),
            ("acled", "acled/acled_fictional.csv", {}),
            (
                "general-staff",
                "general-staff/russia_losses_personnel.first-commit-2022-03-06.json",
                {},
            ),
            ("oryx", "oryx/totals_by_type.csv", {}),
        ],
    )
    def test_every_format(self, name, path, options):
        """Each registered format reads its shipped sample with on_error="collect"."""
        extra = {"as_of": dt.date(2025, 7, 19)} if name == "oryx" else {}
        stream = interop.read(name, DATA / path, on_error="collect", **options, **extra)
        claims = list(stream)
        assert claims
        assert stream.rows == stream.imported + stream.rejected

    def test_unknown_format(self):
        """An unknown format name lists the known ones."""
        with pytest.raises(ValueError, match="general-staff"):
            interop.read("gdelt", DATA / "x.csv")

    def test_registry_names_the_four_readers(self):
        """FORMATS names the four readers."""
        assert sorted(interop.FORMATS) == ["acled", "general-staff", "oryx", "ucdp"]


class TestRowError:
    """RowError is a ValidationError that names file, line and column."""

    def test_pickles(self):
        """A RowError survives pickling (for multiprocessing) with its fields."""
        error = _common.RowError("bad figure", line=7, column="best", file="x.csv")
        back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
        assert (back.line, back.column, back.file, back.reason) == (
            7,
            "best",
            "x.csv",
            "bad figure",
        )
        assert str(back) == "x.csv, line 7, column 'best': bad figure"

    def test_is_a_validation_error(self):
        """Its errors are (column, reason) pairs, "$" when no column is to blame."""
        error = _common.RowError("the row has 3 fields", line=2)
        assert isinstance(error, conflictevents.ValidationError)
        assert error.errors == (("$", "the row has 3 fields"),)


class TestCoordinates:
    """coordinates() reads the latitude/longitude columns the CSV readers share."""

    def test_both_filled(self):
        """Two numbers give the point, spaces ignored."""
        point = _common.coordinates({"latitude": " 50.45", "longitude": "30.52 "})
        assert point == conflictevents.Coordinates(latitude=50.45, longitude=30.52)

    @pytest.mark.parametrize(("lat", "lon"), [("", "30.52"), ("50.45", ""), ("", "")])
    def test_one_empty_gives_none(self, lat, lon):
        """A point needs both columns: with one empty there is none."""
        assert _common.coordinates({"latitude": lat, "longitude": lon}) is None

    def test_not_a_number_names_the_column(self):
        """Text that is not a number is a bad value in `latitude`, quoting both."""
        with pytest.raises(_common._BadValue) as info:
            _common.coordinates({"latitude": "50,45", "longitude": "30.52"})
        assert (info.value.column, info.value.reason) == (
            "latitude",
            "expected numbers, got '50,45', '30.52'",
        )

    def test_out_of_range_is_the_models_error(self):
        """A latitude beyond 90 is left to the model's invariant, not repaired."""
        with pytest.raises(conflictevents.InvariantError):
            _common.coordinates({"latitude": "91", "longitude": "30.52"})


class TestWithErrors:
    """ImportStream.with_errors: each claim, and each rejected row's error in its place."""

    def test_error_stands_between_the_claims_of_its_neighbours(self, tmp_path):
        """A bad row's RowError comes after the earlier rows' claims, before the later ones'."""
        lines = (DATA / "acled" / "acled_fictional.csv").read_text(encoding="utf-8").splitlines()
        fields = lines[3].split(",")
        fields[lines[0].split(",").index("fatalities")] = "many"
        lines[3] = ",".join(fields)
        path = tmp_path / "acled.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        head = tmp_path / "head.csv"
        head.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
        before = list(interop.read("acled", head).with_errors())
        items = list(interop.read("acled", path, on_error="raise").with_errors())
        bad = items[len(before)]
        assert isinstance(bad, _common.RowError)
        assert bad.line == 4
        assert items[: len(before)] == before
        collected = interop.read("acled", path, on_error="collect")
        claims = list(collected)
        assert [c for c in items if not isinstance(c, _common.RowError)] == claims
        errors = [e for e in items if isinstance(e, _common.RowError)]
        assert [e.line for e in errors] == [e.line for e in collected.errors]
        assert collected.rejected == len(errors)
