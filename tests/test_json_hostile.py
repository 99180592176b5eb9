"""Hostile JSON and JSON Lines: one rule for blank lines, byte order marks, bad bytes,
format headers, duplicate keys and sub-microsecond times, in every entry point."""

from __future__ import annotations

import io
import json
import re

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Claim,
    ValidationError,
    cli,
    dumps,
    from_dict,
    json_schema,
    loads,
    read_jsonl,
)
from conflictevents import strategies as cst
from conflictevents.examples import first_week_2022

pytestmark = pytest.mark.usefixtures("each_decode_path")  # engine and pure path

CLAIM = first_week_2022()[0]
LINE = dumps(CLAIM)


def collect(text: str | bytes) -> tuple[list[object], list[ValidationError]]:
    """The records and the errors of JSON Lines ``text`` read with on_error="collect"."""
    handle = io.StringIO(text) if isinstance(text, str) else io.BytesIO(text)
    reader = read_jsonl(handle, on_error="collect")
    return list(reader), reader.errors


def validate(path: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The exit code and output of ``conflictevents validate PATH``."""
    code = cli.main(["validate", "--no-progress", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


# -- blank lines --------------------------------------------------------------------------

NOT_BLANK = ["\u00a0", "\x1c", "\x0b", "\x0c", "\u2028", "\x85"]


class TestBlankLines:
    @pytest.mark.parametrize("filler", NOT_BLANK)
    @pytest.mark.parametrize("mode", ["text", "binary"])
    def test_only_json_whitespace_is_blank(self, filler, mode):
        """A line of other whitespace is a bad line, reported at its number, in both modes."""
        text = f"{LINE}\n{filler}\n{LINE}\n"
        records, errors = collect(text if mode == "text" else text.encode())
        assert records == [CLAIM, CLAIM]
        assert [e.line for e in errors] == [2]
        assert errors[0].errors[0][1].startswith("malformed JSON")

    @pytest.mark.parametrize("mode", ["text", "binary"])
    def test_json_whitespace_lines_are_blank(self, mode):
        """Lines of spaces, tabs and carriage returns are ignored, in both modes."""
        text = f"\n{LINE}\n \t \r\n\r\n{LINE}\n   "
        assert collect(text if mode == "text" else text.encode()) == ([CLAIM, CLAIM], [])

    def test_cli_reports_them_too(self, tmp_path, capsys):
        """The command line reports a form-feed line as the library does."""
        path = tmp_path / "ff.jsonl"
        path.write_bytes(f"{LINE}\n\x0c\n".encode())
        code, err = validate(path, capsys)
        assert code == cli.EXIT_INVALID
        assert f"{path}:2: $: malformed JSON" in err


# -- the byte order mark -----------------------------------------------------------------


class TestByteOrderMark:
    @pytest.mark.parametrize("mode", ["text", "binary"])
    def test_a_bom_before_line_1_is_ignored(self, mode):
        """read_jsonl ignores a UTF-8 byte order mark at the start, as the command line does."""
        text = f"\ufeff{LINE}\n"
        assert collect(text if mode == "text" else text.encode()) == ([CLAIM], [])

    def test_a_bom_before_the_header_is_ignored(self):
        """The header after a byte order mark is still the header."""
        records, errors = collect(f'\ufeff{{"format":"conflictevents/1"}}\n{LINE}\n'.encode())
        assert (records, errors) == ([CLAIM], [])

    def test_a_bom_elsewhere_is_an_error(self):
        """Only the first line may start with a byte order mark."""
        records, errors = collect(f"{LINE}\n\ufeff{LINE}\n".encode())
        assert records == [CLAIM]
        assert [e.line for e in errors] == [2]


# -- bytes that are not UTF-8 -------------------------------------------------------------

BAD_BYTES = LINE.encode().replace(b'"Russian', b'"Russ\xffian', 1)
BAD_COLUMN = LINE.index('"Russian') + 6


class TestInvalidUtf8:
    def test_binary_lines_name_the_problem(self):
        """An invalid byte is reported as such (not as orjson's 'surrogates'), at its line."""
        records, errors = collect(LINE.encode() + b"\n" + BAD_BYTES + b"\n" + LINE.encode())
        assert records == [CLAIM, CLAIM]
        [error] = errors
        assert error.line == 2
        [(path, message)] = error.errors
        assert path == "$"
        assert message == f"not valid UTF-8: byte 0xff at column {BAD_COLUMN}"
        assert "surrogate" not in message

    def test_loads_says_the_same(self):
        """loads reports bad bytes in the same words as read_jsonl."""
        with pytest.raises(
            ValidationError, match=r"^\$: not valid UTF-8: byte 0xff at line 1 column \d+$"
        ):
            loads(BAD_BYTES)

    def test_a_lone_surrogate_in_a_str(self):
        """A str that cannot be UTF-8 (a lone surrogate) is reported in the same words."""
        text = LINE.replace("Russian", "Russ\ud800ian", 1)
        with pytest.raises(ValidationError, match=r"^\$: not valid UTF-8: '\\ud800' at line 1"):
            loads(text)

    def test_text_handle_stops_with_a_validation_error(self):
        """A text handle that cannot decode stops reading with a ValidationError, never a
        UnicodeDecodeError, whatever on_error says."""
        raw = LINE.encode() + b"\n" + BAD_BYTES + b"\n" + LINE.encode() + b"\n"
        handle = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
        reader = read_jsonl(handle, on_error="collect")
        with pytest.raises(ValidationError) as info:
            list(reader)
        assert info.value.errors[0][1].startswith("not valid UTF-8")
        assert "open the file in binary mode" in info.value.errors[0][1]

    def test_cli_says_the_same(self, tmp_path, capsys):
        """The command line reports the byte in the library's words and reads on."""
        path = tmp_path / "bad.jsonl"
        path.write_bytes(BAD_BYTES + b"\n" + LINE.encode() + b"\n")
        code, err = validate(path, capsys)
        assert code == cli.EXIT_INVALID
        assert f"{path}:1: $: not valid UTF-8: byte 0xff at column {BAD_COLUMN}" in err
        assert "2 records: 1 invalid record" in err


# -- the format header ---------------------------------------------------------------------


class TestHeaderVersion:
    @pytest.mark.parametrize(
        ("version", "message"),
        [
            ("conflictevents/\u00b2", "has no version number"),
            ("conflictevents/\u0661", "has no version number"),
            ("conflictevents/1 ", "has no version number"),
            ("conflictevents/" + "9" * 5000, "is newer than this library reads"),
            ("conflictevents/" + "0" * 5000 + "1", None),
        ],
    )
    @pytest.mark.parametrize("on_error", ["raise", "skip", "collect"])
    def test_any_version_string_gives_a_validation_error(self, version, message, on_error):
        """A header version of odd digits or of thousands of them is a ValidationError on
        line 1 (or, when it means 1, accepted), never a bare ValueError."""
        text = orjson.dumps({"format": version}).decode() + "\n" + LINE + "\n"
        reader = read_jsonl(io.StringIO(text), on_error=on_error)
        if message is None:
            assert list(reader) == [CLAIM]
            return
        with pytest.raises(ValidationError) as info:
            list(reader)
        assert info.value.line == 1
        assert info.value.errors[0][0] == "$.format"
        assert message in info.value.errors[0][1]

    def test_cli_exit_code(self, tmp_path, capsys):
        """The command line reports such a header as invalid input, not an internal error."""
        path = tmp_path / "odd.jsonl"
        path.write_text('{"format": "conflictevents/\u00b2"}\n' + LINE + "\n", encoding="utf-8")
        code, err = validate(path, capsys)
        assert code == cli.EXIT_INVALID
        assert "has no version number" in err


# -- duplicate keys ------------------------------------------------------------------------


def _objects(doc: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The path of every object (with at least one key) inside ``doc``."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(doc, dict):
        if doc:
            found.append(path)
        for key, value in doc.items():
            found += _objects(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found += _objects(value, (*path, index))
    return found


def _json_path(path: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _with_duplicate(doc: object, path: tuple[str | int, ...], key: str, value: object) -> str:
    """``doc`` as JSON text whose object at ``path`` names ``key`` twice (first ``value``)."""
    marker = "__duplicate_marker__"
    target = doc
    for p in path:
        target = target[p]  # type: ignore[index]
    assert isinstance(target, dict)
    items = list(target.items())
    target.clear()
    target[marker] = None
    target.update(items)
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    return text.replace(f'"{marker}":null', f'"{key}":{json.dumps(value)}', 1)


class TestDuplicateKeys:
    def test_a_second_type_is_refused(self):
        """A record naming "type" twice is refused at $.type, not read as the last one."""
        text = '{"type":"attack",' + LINE[1:]
        with pytest.raises(ValidationError) as info:
            loads(text)
        assert info.value.errors == (("$.type", "duplicate key: the object names it twice"),)

    @given(cst.records(), st.data())
    def test_any_duplicate_is_refused_at_its_path(self, record, data):
        """Whatever object of a valid record names a key twice, loads refuses it there."""
        doc = orjson.loads(dumps(record))
        path = data.draw(st.sampled_from(_objects(doc)))
        target = doc
        for p in path:
            target = target[p]
        key = data.draw(st.sampled_from(sorted(target)))
        text = _with_duplicate(doc, path, key, target[key])
        with pytest.raises(ValidationError) as info:
            loads(text)
        assert info.value.errors == (
            (_json_path((*path, key)), "duplicate key: the object names it twice"),
        )

    def test_read_jsonl_refuses_them_at_their_line(self):
        """A JSON Lines line with a duplicate key is a bad line."""
        text = LINE + "\n" + '{"type":"claim",' + LINE[1:] + "\n"
        records, errors = collect(text.encode())
        assert records == [CLAIM]
        assert [(e.line, e.errors[0][0]) for e in errors] == [(2, "$.type")]

    @pytest.mark.parametrize(
        "text",
        [
            json.dumps(json.loads(LINE), indent=2),
            LINE.replace('"type"', '"\\u0074ype"'),
            LINE.replace("T00:00:00", "T00\\u003a00\\u003a00"),
            LINE.replace('"claimant":', '"claimant" :  '),
        ],
    )
    def test_no_false_alarm(self, text):
        """Spacing and escapes that change the text but not the keys load the record."""
        assert text != LINE
        assert loads(text) == CLAIM

    def test_from_dict_has_nothing_to_check(self):
        """from_dict gets a dict, which cannot hold a key twice: it is read as before."""
        assert from_dict(orjson.loads(LINE)) == CLAIM


# -- fractional seconds --------------------------------------------------------------------


class TestFractionalSeconds:
    def _with_fraction(self, fraction: str) -> str:
        start = "2022-02-24T00:00:00+02:00"
        assert start in LINE
        return LINE.replace(start, f"2022-02-24T00:00:00.{fraction}+02:00", 1)

    @pytest.mark.parametrize("fraction", ["1234567", "000000001", "999999999"])
    def test_sub_microsecond_digits_are_refused(self, fraction):
        """A time finer than a microsecond is refused, not truncated."""
        with pytest.raises(ValidationError) as info:
            loads(self._with_fraction(fraction))
        [(path, message)] = info.value.errors
        assert path.endswith(".start")
        assert "finer than a microsecond" in message

    @pytest.mark.parametrize(("fraction", "micro"), [("1234560", 123456), ("5000", 500000)])
    def test_trailing_zeros_are_exact(self, fraction, micro):
        """Digits past the sixth are accepted when they are zeros (nothing is lost)."""
        claim = loads(self._with_fraction(fraction), Claim)
        assert claim.subject.period.start.microsecond == micro  # type: ignore[union-attr]

    def test_the_schema_agrees(self):
        """The JSON Schema's date-time pattern refuses what loads refuses."""

        def patterns(node: object) -> set[str]:
            if isinstance(node, dict):
                own = {node["pattern"]} if node.get("format") == "date-time" else set()
                return own.union(*(patterns(v) for v in node.values()))
            if isinstance(node, list):
                return set().union(*(patterns(v) for v in node))
            return set()

        [pattern] = patterns(json_schema())
        assert re.search(pattern, "2022-02-24T00:00:00.123456000+02:00")
        assert not re.search(pattern, "2022-02-24T00:00:00.1234567+02:00")


# -- the same rules through Dask and through the command line's JSON documents ------------


class TestEveryEntryPoint:
    def _dask_read(self, tmp_path, raw: bytes) -> list[object]:
        dask = pytest.importorskip("dask")
        from conflictevents.extra.dask import read_claims  # noqa: PLC0415

        (tmp_path / "claims.jsonl").write_bytes(raw)
        with dask.config.set(scheduler="synchronous"):
            return list(read_claims(str(tmp_path / "claims.jsonl"), blocksize=None).compute())

    def test_dask_ignores_a_bom(self, tmp_path):
        """Dask's reader ignores a byte order mark before line 1, as read_jsonl does."""
        assert self._dask_read(tmp_path, f"\ufeff{LINE}\n".encode()) == [CLAIM]

    @pytest.mark.parametrize("filler", NOT_BLANK)
    def test_dask_does_not_call_other_whitespace_blank(self, tmp_path, filler):
        """Dask's reader refuses a line of non-JSON whitespace, as read_jsonl does."""
        with pytest.raises(ValidationError, match="malformed JSON"):
            self._dask_read(tmp_path, f"{LINE}\n{filler}\n".encode())

    def test_dask_names_bad_bytes_alike(self, tmp_path):
        """Dask's reader reports a byte that is not UTF-8 in read_jsonl's words."""
        with pytest.raises(ValidationError) as info:
            self._dask_read(tmp_path, BAD_BYTES + b"\n")
        assert info.value.errors == (("$", f"not valid UTF-8: byte 0xff at column {BAD_COLUMN}"),)

    def test_cli_json_documents(self, tmp_path, capsys):
        """A .json data set gets the same checks: bad bytes and duplicate keys are reported."""
        duplicated = '{"type":"claim",' + LINE[1:]
        path = tmp_path / "data.json"
        path.write_text(f"[{LINE},\n{duplicated},\n{LINE}]", encoding="utf-8")
        code, out = validate(path, capsys)
        assert code == cli.EXIT_INVALID
        assert f"{path}:2: $.type: duplicate key: the object names it twice" in out
        assert "3 records: 1 invalid record" in out
        path.write_bytes(b"[" + LINE.encode() + b",\n" + BAD_BYTES + b"]")
        code, out = validate(path, capsys)
        assert code == cli.EXIT_INVALID
        assert f"{path}:2: $: not valid UTF-8: byte 0xff at column {BAD_COLUMN}" in out


@pytest.mark.parametrize("version", [["x"] * 100, {"a": "b" * 100}, 10**18, None, "x" * 100])
def test_any_header_value_gives_a_validation_error(version):
    """Whatever JSON value a header's format holds, the reader says so on line 1."""
    text = orjson.dumps({"format": version}).decode() + "\n" + LINE + "\n"
    with pytest.raises(ValidationError) as info:
        list(read_jsonl(io.StringIO(text), on_error="collect"))
    assert info.value.line == 1
    [(path, message)] = info.value.errors
    assert path == "$.format"
    assert message.endswith("is not a conflictevents format")
    assert len(message) < 100


_SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()] + ["\ufeff", "\u200b"]


@given(st.text(st.sampled_from([c for c in _SPACES if c not in "\n\r"]), min_size=1))
def test_text_and_binary_agree_on_every_whitespace_line(filler):
    """A line of any whitespace is blank exactly when it is JSON whitespace, in both modes."""
    text = f"{LINE}\n{filler}\n{LINE}\n"
    expected_errors = [] if set(filler) <= set(" \t") else [2]
    for data in (text, text.encode()):
        records, errors = collect(data)
        assert records == [CLAIM, CLAIM]
        assert [e.line for e in errors] == expected_errors
