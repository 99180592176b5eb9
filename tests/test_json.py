"""JSON in and out: dumps/loads, to_dict/from_dict, JSON Lines, errors that name the field."""

from __future__ import annotations

import io
import pickle
import warnings

import orjson
import pendulum
import pytest

import conflictevents as ce
from conflictevents import (
    Attack,
    CasualtyCount,
    Claim,
    Coordinates,
    Location,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    TimeSpan,
    ValidationError,
    dumps,
    from_dict,
    loads,
    make_converter,
    read_jsonl,
    to_dict,
    write_jsonl,
)
from conflictevents._json import MAX_DOCUMENT_BYTES
from conflictevents._jsonl import FORMAT
from conflictevents.exceptions import IgnoredFieldsWarning, InvariantError, SkippedLineWarning

pytestmark = pytest.mark.usefixtures("each_decode_path")  # engine and pure path

MOD = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU")


def claim(**changes: object) -> Claim:
    fields: dict[str, object] = {
        "claimant": MOD,
        "subject": CasualtyCount(
            side="RU",
            outcome=Outcome.KILLED,
            quantity=Quantity(value=498),
            period=TimeSpan.day(pendulum.date(2022, 3, 2), tz="Europe/Kyiv"),
        ),
    }
    fields.update(changes)
    return Claim(**fields)  # type: ignore[arg-type]


def attack() -> Attack:
    return Attack(
        target="main railway station",
        place=Location(
            name="Kyiv", country="UA", coordinates=Coordinates(latitude=50.4, longitude=30.5)
        ),
        when=TimeSpan.instant(pendulum.datetime(2022, 3, 3, 5, 30, tz="Europe/Kyiv")),
        effects=("air-raid sirens",),
    )


def doc(obj: object) -> dict[str, object]:
    result: dict[str, object] = orjson.loads(dumps(obj))
    return result


def problems(text: str | bytes, tp: object = None) -> list[str]:
    with pytest.raises(ValidationError) as info:
        loads(text, tp)
    return str(info.value).splitlines()


class TestRoundTrip:
    def test_claim_round_trips(self):
        """A claim read back from its JSON equals the original."""
        original = claim()
        assert loads(dumps(original)) == original

    def test_event_round_trips(self):
        """An event read back from its JSON equals the original."""
        original = attack()
        assert loads(dumps(original)) == original

    def test_dict_round_trips(self):
        """from_dict(to_dict(x)) gives x back."""
        original = claim()
        assert from_dict(to_dict(original)) == original

    def test_to_dict_is_plain_json(self):
        """to_dict holds only JSON types, and orjson of it gives the bytes of dumps."""
        data = to_dict(claim())
        assert orjson.dumps(data).decode() == dumps(claim())
        assert data["subject"]["outcome"] == "killed"  # type: ignore[index]
        assert type(data["subject"]["outcome"]) is str  # type: ignore[index]

    def test_type_tag_comes_first_and_id_last(self):
        """Records carry their "type" tag as the first key and their id as the last."""
        keys = list(doc(claim()))
        assert keys[0] == "type"
        assert keys[-1] == "id"
        assert doc(claim())["type"] == "claim"

    def test_parts_of_records_need_a_type(self):
        """Models without a tag (Source, TimeSpan) round-trip when their type is given."""
        assert loads(dumps(MOD), Source) == MOD
        span = TimeSpan.day(pendulum.date(2022, 3, 2), tz="Europe/Kyiv")
        assert loads(dumps(span), TimeSpan) == span

    def test_times_keep_their_offset_and_precision(self):
        """A day in Kyiv is written with its +02:00 offset and stays a day."""
        period = doc(claim())["subject"]["period"]  # type: ignore[index]
        assert period == {
            "start": "2022-03-02T00:00:00+02:00",
            "end": "2022-03-03T00:00:00+02:00",
            "precision": "day",
            "approximate": False,
        }

    def test_sub_minute_offsets_are_written_in_utc(self):
        """An offset with seconds (local mean time) is not RFC 3339, so the instant goes out in UTC."""
        moment = pendulum.datetime(1900, 1, 1, 12, tz="Europe/Amsterdam")
        span = TimeSpan.instant(moment)
        written = doc(span)["start"]
        assert written == moment.in_timezone("UTC").isoformat()
        assert loads(dumps(span), TimeSpan) == span

    def test_frozensets_are_sorted(self):
        """Aliases are written sorted, whatever the set's iteration order."""
        source = Source(
            name="Kyiv", kind=SourceKind.OTHER, aliases=frozenset({"Kyjiw", "Kiev", "Kijów"})
        )
        assert doc(source)["aliases"] == ["Kiev", "Kijów", "Kyjiw"]

    def test_accepts_bytes(self):
        """loads takes UTF-8 bytes as well as str."""
        assert loads(dumps(claim()).encode()) == claim()

    def test_dumps_rejects_non_models(self):
        """dumps of something that is not a model is a TypeError."""
        with pytest.raises(TypeError, match="expected a conflictevents model"):
            dumps({"a": 1})

    def test_integers_beyond_64_bits_are_refused(self):
        """A count beyond 64-bit signed is refused when built; the largest one round-trips."""
        with pytest.raises(InvariantError, match="does not fit in 64 bits"):
            Quantity(value=2**63)
        largest = Quantity(value=2**63 - 1)
        assert loads(dumps(largest), type=Quantity) == largest

    def test_make_converter_builds_a_fresh_converter(self):
        """make_converter returns a new strict converter each call."""
        first, second = make_converter(), make_converter()
        assert first is not second
        assert first.structure({"value": 5}, Quantity) == Quantity(value=5)


class TestTypeArgument:
    def test_without_type_the_tag_decides(self):
        """Without a type, the "type" tag picks the class."""
        assert type(loads(dumps(attack()))) is Attack

    def test_with_type_anything_else_is_an_error(self):
        """loads(text, Claim) refuses an attack, naming the tag."""
        assert problems(dumps(attack()), Claim) == ["$.type: expected 'claim', got 'attack'"]

    def test_unknown_tag(self):
        """An unknown tag lists the known ones."""
        data = doc(attack()) | {"type": "atack"}
        assert problems(orjson.dumps(data)) == [
            (
                "$.type: 'atack' is not one of claim, negotiation, sanction, airspace_incident,"
                " attack, statement, vote, curfew, coded_event, presence, assessment, reconciliation,"
                " subject_reconciliation"
            )
        ]

    def test_missing_tag(self):
        """A record without "type" is refused."""
        data = doc(attack())
        del data["type"]
        assert problems(orjson.dumps(data)) == ["$.type: required field missing"]


class TestErrors:
    def test_bad_enum_lists_the_choices(self):
        """A misspelt enum value is reported with its path and the allowed values."""
        data = doc(claim())
        data["claimant"]["kind"] = "goverment"  # type: ignore[index]
        assert problems(orjson.dumps(data)) == [
            (
                "$.claimant.kind: 'goverment' is not one of government, military, ministry,"
                " agency, head_of_state, official, spokesperson, news_agency, news_outlet, ngo,"
                " international_body, monitor, company, person, other"
            )
        ]

    def test_invariant_message_comes_through(self):
        """A model invariant is reported at the field it names, with its own message."""
        data = doc(claim())
        data["subject"]["quantity"] = {"value": None, "qualifier": "between", "low": 5, "high": 2}  # type: ignore[index]
        assert problems(orjson.dumps(data)) == [
            "$.subject.quantity.low: 5 is greater than high (2)"
        ]

    def test_every_problem_is_listed(self):
        """Several problems in one document are all reported, in document order."""
        data = doc(claim())
        data["claimant"]["colour"] = "red"  # type: ignore[index]
        data["subject"]["quantity"]["value"] = "498"  # type: ignore[index]
        data["via"] = "abc"
        with pytest.raises(ValidationError) as info:
            loads(orjson.dumps(data))
        error = info.value
        assert error.errors == (
            ("$.claimant.colour", "unknown field (Source has no field 'colour')"),
            ("$.subject.quantity.value", "expected an integer, got a string"),
            ("$.via", "expected an array, got a string"),
        )
        assert error.line is None

    @pytest.mark.parametrize(
        ("path", "value", "message"),
        [
            (("stance",), False, "$.stance: expected a string, got a boolean"),
            (
                ("subject", "quantity", "value"),
                1.7,
                "$.subject.quantity.value: expected an integer, got a number",
            ),
            (
                ("subject", "quantity", "value"),
                True,
                "$.subject.quantity.value: expected an integer, got a boolean",
            ),
            (("claimant", "name"), 5, "$.claimant.name: expected a string, got an integer"),
            (("claimant", "aliases"), "abc", "$.claimant.aliases: expected an array, got a string"),
            (
                ("claimant", "aliases"),
                {"a": 1},
                "$.claimant.aliases: expected an array, got an object",
            ),
            (
                ("subject", "period", "approximate"),
                "false",
                "$.subject.period.approximate: expected a boolean, got a string",
            ),
            (
                ("subject", "period", "start"),
                "2022-03-02T00:00:00",
                "$.subject.period.start: '2022-03-02T00:00:00' is not an RFC 3339 date-time with an offset (like '2022-03-03T08:00:00+02:00')",
            ),
            (
                ("subject", "period", "start"),
                "2022-03-02",
                "$.subject.period.start: '2022-03-02' is not an RFC 3339 date-time with an offset (like '2022-03-03T08:00:00+02:00')",
            ),
            (
                ("subject", "period", "start"),
                "2022-02-30T00:00:00Z",
                "$.subject.period.start: '2022-02-30T00:00:00Z' is not a valid date-time (day is out of range for month)",
            ),
            (("claimant",), [], "$.claimant: expected an object (Source), got an array"),
            (("subject",), None, "$.subject: expected an object, got null"),
        ],
    )
    def test_no_coercion(self, path, value, message):
        """Values of the wrong JSON type are refused, never coerced."""
        data = doc(claim())
        target = data
        for key in path[:-1]:
            target = target[key]  # type: ignore[assignment]
        target[path[-1]] = value
        assert problems(orjson.dumps(data)) == [message]

    def test_missing_required_field(self):
        """A missing required field is named."""
        data = doc(claim())
        del data["claimant"]["kind"]  # type: ignore[attr-defined]
        assert problems(orjson.dumps(data)) == ["$.claimant.kind: required field missing"]

    def test_item_paths_have_indexes(self):
        """A bad item in an array is reported with its index."""
        data = doc(attack())
        data["effects"] = ["sirens", 3]
        assert problems(orjson.dumps(data)) == ["$.effects[1]: expected a string, got an integer"]

    def test_odd_keys_are_quoted_in_paths(self):
        """An unknown key that is not an identifier is written in brackets."""
        data = doc(attack()) | {"two words": 1}
        assert problems(orjson.dumps(data)) == [
            "$[\"two words\"]: unknown field (Attack has no field 'two words')"
        ]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("{", "$: malformed JSON: unexpected end of data at line 1 column 2"),
            (
                "",
                "$: malformed JSON: Input is a zero-length, empty document at line 1 column 1",
            ),
            ("[]", "$: expected an object, got an array"),
            ("1", "$: expected an object, got an integer"),
            ('"claim"', "$: expected an object, got a string"),
            ("null", "$: expected an object, got null"),
            (
                "NaN",
                "$: malformed JSON: unexpected character, expected a JSON value at line 1 column 1",
            ),
        ],
    )
    def test_bad_documents(self, text, message):
        """Malformed JSON and wrong top-level types give ValidationError."""
        assert problems(text) == [message]

    def test_huge_input(self):
        """A document over the size limit is refused before parsing."""
        text = '{"type": "claim", "quote": "' + "x" * MAX_DOCUMENT_BYTES + '"}'
        limit = f"$: document is larger than the limit of {MAX_DOCUMENT_BYTES} bytes"
        assert problems(text) == [f"{limit} (loads(..., max_bytes=) reads a larger one)"]

    def test_deeply_nested_arrays(self):
        """JSON nested beyond the parser's depth limit gives ValidationError."""
        assert problems("[" * 5000 + "]" * 5000)[0].startswith("$: malformed JSON: depth limit")

    def test_deeply_nested_models(self):
        """Models nested until recursion runs out give ValidationError, not RecursionError."""
        depth = 510
        place = '{"name": "x", "relative_to": {"relation": "near", "anchor": ' * depth
        place += '{"name": "x"}' + "}}" * depth
        text = '{"type": "attack", "id": "a", "place": ' + place + "}"
        assert problems(text) == ["$: nested too deeply"]

    def test_error_is_a_value_error_and_pickles(self):
        """ValidationError is a ValueError and a ConflictEventsError, and survives pickling."""
        error = ValidationError([("$.a", "bad")], line=3)
        assert isinstance(error, ValueError)
        assert isinstance(error, ce.ConflictEventsError)
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301
        assert (copy.errors, copy.line, str(copy)) == (error.errors, 3, "line 3: $.a: bad")


class TestLenient:
    def test_strict_rejects_unknown_fields(self):
        """By default an unknown field is an error naming it."""
        data = doc(attack()) | {"severity": "high"}
        assert problems(orjson.dumps(data)) == [
            "$.severity: unknown field (Attack has no field 'severity')"
        ]

    def test_lenient_ignores_and_says_which(self):
        """lenient=True reads the object and warns with the ignored paths."""
        data = doc(attack()) | {"severity": "high"}
        data["place"]["population"] = None  # type: ignore[index]
        data["place"]["elevation"] = 180  # type: ignore[index]
        with pytest.warns(IgnoredFieldsWarning) as record:
            obj = loads(orjson.dumps(data), lenient=True)
        assert obj == attack()
        assert record[0].message.paths == ("$.place.elevation", "$.severity")  # type: ignore[union-attr]
        assert str(record[0].message) == "ignored unknown fields: $.place.elevation, $.severity"

    def test_lenient_still_reports_other_problems(self):
        """lenient=True does not hide real errors."""
        data = doc(attack()) | {"severity": "high", "kind": "bombing"}
        assert problems(orjson.dumps(data))[0].startswith("$.kind: 'bombing' is not one of")
        with pytest.raises(ValidationError) as info:
            loads(orjson.dumps(data), lenient=True)
        assert [p for p, _ in info.value.errors] == ["$.kind"]


def jsonl(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join(lines) + "\n").encode())


class TestJsonLines:
    def test_write_then_read_gives_the_objects_back(self, tmp_path):
        """write_jsonl then read_jsonl yields exactly the objects written, in order."""
        objects = [claim(), attack(), claim(quote="498 soldiers")]
        path = tmp_path / "data.jsonl"
        assert write_jsonl(objects, path) == 3
        assert list(read_jsonl(path)) == objects

    def test_file_starts_with_the_format_header(self, tmp_path):
        """The first line names the format; then one dumps() per line."""
        path = tmp_path / "data.jsonl"
        write_jsonl([attack()], path)
        lines = path.read_text().splitlines()
        assert lines == [f'{{"format":"{FORMAT}"}}', dumps(attack())]

    def test_text_handles(self):
        """Text file objects work for writing and reading."""
        buffer = io.StringIO()
        write_jsonl(iter([attack()]), buffer)
        buffer.seek(0)
        reader = read_jsonl(buffer)
        assert list(reader) == [attack()]
        assert reader.format == FORMAT

    def test_headerless_files_and_blank_lines(self):
        """A file without header and with blank lines reads fine, as version 1."""
        assert list(read_jsonl(jsonl(dumps(attack()), "", dumps(claim())))) == [attack(), claim()]

    def test_raise_names_the_line(self):
        """on_error="raise" stops at the first bad line with its number."""
        reader = read_jsonl(jsonl(dumps(attack()), "{", dumps(claim())))
        assert next(reader) == attack()
        with pytest.raises(ValidationError) as info:
            next(reader)
        assert info.value.line == 2
        assert str(info.value) == "line 2: $: malformed JSON: unexpected end of data at column 2"

    def test_collect_yields_every_good_record_and_keeps_every_bad_line(self):
        """on_error="collect" yields all good records and keeps one error per bad line."""
        bad = doc(attack()) | {"kind": "bombing"}
        reader = read_jsonl(
            jsonl(dumps(attack()), "[1]", orjson.dumps(bad).decode(), dumps(claim())),
            on_error="collect",
        )
        assert list(reader) == [attack(), claim()]
        assert [e.line for e in reader.errors] == [2, 3]
        assert str(reader.errors[0]) == "line 2: $: expected an object, got an array"
        assert reader.errors[1].errors[0][0] == "$.kind"
        assert reader.rejected == 2
        with pytest.deprecated_call():
            assert reader.skipped == 2  # the old name of the count

    def test_skip_warns_per_bad_line(self):
        """on_error="skip" yields good records and warns once per bad line."""
        with pytest.warns(SkippedLineWarning) as record:
            good = list(read_jsonl(jsonl("{", dumps(attack()), "7"), on_error="skip"))
        assert good == [attack()]
        assert [str(w.message) for w in record] == [
            "line 1: $: malformed JSON: unexpected end of data at column 2",
            "line 3: $: expected an object, got an integer",
        ]

    def test_newer_format_is_refused(self):
        """A header naming a newer major version is refused on line 1, even when skipping."""
        reader = read_jsonl(
            jsonl('{"format":"conflictevents/2"}', dumps(attack())), on_error="skip"
        )
        with pytest.raises(ValidationError) as info:
            list(reader)
        assert str(info.value) == (
            "line 1: $.format: 'conflictevents/2' is newer than this library reads"
            " (conflictevents/1): upgrade"
        )

    def test_lenient_lines_warn_with_line_numbers(self):
        """Lenient JSON Lines reading names the line of each ignored field."""
        data = doc(attack()) | {"severity": "high"}
        with pytest.warns(
            IgnoredFieldsWarning, match=r"^line 2: ignored unknown fields: \$\.severity$"
        ):
            assert list(
                read_jsonl(jsonl(dumps(claim()), orjson.dumps(data).decode()), lenient=True)
            ) == [
                claim(),
                attack(),
            ]

    def test_read_is_lazy(self):
        """read_jsonl reads one line per record: it streams instead of loading the file."""
        consumed = []

        def lines():
            for line in (dumps(attack()), dumps(claim()), "{"):
                consumed.append(line)
                yield line

        reader = read_jsonl(lines())  # type: ignore[arg-type]
        assert next(reader) == attack()
        assert len(consumed) == 1

    def test_with_closes_the_file_when_stopping_early(self, tmp_path):
        """Leaving a with block closes a file the reader opened, even mid-file."""
        path = tmp_path / "data.jsonl"
        write_jsonl([attack(), claim()], path)
        with read_jsonl(path) as reader:
            assert next(reader) == attack()
        assert reader._close is None

    def test_bad_on_error(self):
        """An unknown on_error value is refused at once."""
        with pytest.raises(ValueError, match="on_error"):
            read_jsonl(jsonl(), on_error="ignore")  # type: ignore[arg-type]

    def test_type_argument_applies_to_every_line(self):
        """type=Claim refuses an event line."""
        with pytest.raises(
            ValidationError, match=r"^line 1: \$\.type: expected 'claim', got 'attack'$"
        ):
            list(read_jsonl(jsonl(dumps(attack())), type=Claim))


def test_no_warnings_on_the_happy_path():
    """Reading valid data issues no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert loads(dumps(claim())) == claim()


class TestFastPath:
    def test_unknown_validators_still_run(self):
        """A validator the generator cannot inline is called as attrs would call it."""
        import attrs  # noqa: PLC0415

        from conflictevents._converter import _structure_datetime  # noqa: PLC0415
        from conflictevents._json_fast import make_fast_structure  # noqa: PLC0415

        def even(instance, attribute, value):
            if value % 2:
                raise ValueError("odd")

        @attrs.frozen(kw_only=True)
        class Pair:
            n: int = attrs.field(validator=even)

        structure = make_fast_structure(Pair, _structure_datetime)
        assert structure({"n": 2}) == Pair(n=2)
        with pytest.raises(ValueError, match="odd"):
            structure({"n": 3})

    def test_converters_run_unless_they_pass_the_value_on(self):
        """A converter runs on the fast path, except _to_datetime on a parsed DateTime."""
        import attrs  # noqa: PLC0415

        from conflictevents._converter import _structure_datetime  # noqa: PLC0415
        from conflictevents._json_fast import make_fast_structure  # noqa: PLC0415
        from conflictevents._time import _to_datetime  # noqa: PLC0415

        calls = []

        def counted(value):
            calls.append(value)
            return _to_datetime(value)

        @attrs.frozen(kw_only=True)
        class Stamped:
            at: pendulum.DateTime | None = attrs.field(default=None, converter=_to_datetime)
            seen: pendulum.DateTime | None = attrs.field(default=None, converter=counted)
            label: str = attrs.field(default="x", converter=str.upper)

        structure = make_fast_structure(Stamped, _structure_datetime)
        text = "2022-03-02T08:00:00+02:00"
        got = structure({"at": text, "seen": text, "label": "ab"})
        assert got == Stamped(at=got.at, seen=got.at, label="AB")
        assert isinstance(got.at, pendulum.DateTime)
        assert len(calls) == 2  # once by the fast path, once by the constructor above

    def test_unknown_key_in_place_of_a_missing_field(self):
        """An unknown key is refused even where a defaulted field is missing (same count)."""
        from conflictevents._converter import _structure_datetime  # noqa: PLC0415
        from conflictevents._json_fast import FastPathError, make_fast_structure  # noqa: PLC0415

        structure = make_fast_structure(Quantity, _structure_datetime)
        assert structure({"value": 5}) == Quantity(value=5)
        with pytest.raises(FastPathError):
            structure({"qualifier": "exact", "low": 5, "high": 5, "valeu": 5})
        with pytest.raises(FastPathError):
            structure({"value": 5, "qualifier": "exact", "low": 5, "high": 5, "x": 1})

    def test_unsupported_classes_delegate(self):
        """A class with a field type the generator does not know is left to the strict path."""
        import attrs  # noqa: PLC0415

        from conflictevents._converter import _structure_datetime  # noqa: PLC0415
        from conflictevents._json_fast import FastPathError, make_fast_structure  # noqa: PLC0415

        @attrs.frozen(kw_only=True)
        class Odd:
            pairs: tuple[int, str]

        with pytest.raises(FastPathError):
            make_fast_structure(Odd, _structure_datetime)({"pairs": [1, "a"]})
