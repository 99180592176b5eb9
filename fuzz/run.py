"""Fuzz conflictevents' readers and text parsers with hostile input; print what happened.

One command, from the repository root (not part of the test suite, a few minutes)::

    python fuzz/run.py                      # the full run: 100,000 documents and more
    python fuzz/run.py --scale 0.05         # a quick look
    python fuzz/run.py --seed 7 --report fuzz-failures.jsonl

It feeds

* ``loads``: mutated documents (the reference data set and UCDP claims, dumped, then
  bytes flipped, spans cut, doubled or inserted, values replaced by hostile ones:
  huge or odd numbers, "²", deep nesting, duplicate keys, invalid UTF-8...);
* ``read_jsonl`` (text and binary): files of such documents, with odd blank lines,
  line ends and a byte-order mark, checking that every non-blank line is a record or
  a reported error (``records + errors == lines``);
* every importer (UCDP, ACLED, General Staff, Oryx): small files cut from the real
  data in ``tests/data``, rows mutated cell by cell and byte by byte, checking that
  ``rows == imported + rejected`` and that every record written is counted;
* ``Quantity.parse`` and ``resolve_time``: generated adversarial strings (word soup of
  their grammars, long repetitions of the tokens that made regular expressions
  backtrack, odd digits and spaces), with a time limit per call.

Each case ends in one outcome: *accepted*, *documented error* (``ValidationError``,
``RowError``, ``FigureParseError``, ``TimeExpressionError``), *other exception*, or
*over time* (over 100 ms, the best of three timings; an importer's case, a file of
several rows that mutations may multiply, has 100 ms per 10 rows it read). A table
of outcomes is printed; the exit code is 1 if any case raised another exception, went
over time or broke the accounting, else 0. ``--report`` writes each failure (with its
input) as JSON Lines.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import json
import random
import re
import sys
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import conflictevents as ce
from conflictevents.examples import first_week_2022
from conflictevents.exceptions import FigureParseError, TimeExpressionError, ValidationError
from conflictevents.interop import RowError, acled, general_staff, oryx, ucdp

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LIMIT = 0.100  # seconds per call
ROWS_PER_LIMIT = 10  # an importer's case may take LIMIT per this many rows
ROWS_READ = [0]  # rows the last importer case read, for its time limit
OUTCOMES = ("accepted", "documented error", "other exception", "over time", "accounting")


# -- running one case -------------------------------------------------------------------


class Tally:
    """Outcomes per target, and the failures with their inputs."""

    def __init__(self, report: list[dict[str, Any]]) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.slowest: dict[str, float] = {}
        self.report = report

    def add(
        self, target: str, outcome: str, seconds: float, case: object, detail: str = ""
    ) -> None:
        self.counts.setdefault(target, Counter())[outcome] += 1
        self.slowest[target] = max(self.slowest.get(target, 0.0), seconds)
        if outcome in OUTCOMES[2:]:
            self.report.append(
                {"target": target, "outcome": outcome, "input": _printable(case), "detail": detail}
            )


def _printable(case: object) -> object:
    if isinstance(case, bytes):
        return {"bytes": case.decode("latin-1")}
    if isinstance(case, str):
        return case
    return repr(case)


def _timed(call: Callable[[], object]) -> tuple[float, object, BaseException | None]:
    gc.disable()
    started = time.perf_counter()
    try:
        result: object = call()
        error = None
    except Exception as exc:
        result, error = None, exc
    finally:
        elapsed = time.perf_counter() - started
        gc.enable()
    return elapsed, result, error


def run_case(
    tally: Tally,
    target: str,
    case: object,
    call: Callable[[], object],
    documented: tuple[type[BaseException], ...],
    check: Callable[[object], str | None] | None = None,
    *,
    per_rows: bool = False,
) -> None:
    """Run ``call`` once (timed again up to twice if slow) and record its outcome.

    ``per_rows``: the limit is per ten rows the call read (an importer's case).
    """
    elapsed, result, error = _timed(call)
    limit = LIMIT * max(1.0, ROWS_READ[0] / ROWS_PER_LIMIT) if per_rows else LIMIT
    if limit < elapsed < 10 * limit:  # a loaded machine, or a slow input? the best of three
        elapsed = min(elapsed, *(_timed(call)[0] for _ in range(2)))
    if error is not None and not isinstance(error, documented):
        detail = "".join(traceback.format_exception_only(error)).strip()
        tally.add(target, "other exception", elapsed, case, detail)
        return
    if elapsed > limit:
        tally.add(target, "over time", elapsed, case, f"{elapsed * 1000:.0f} ms")
        return
    if error is None and check is not None:
        problem = check(result)
        if problem is not None:
            tally.add(target, "accounting", elapsed, case, problem)
            return
    tally.add(target, "accepted" if error is None else "documented error", elapsed, case)


# -- hostile values and mutations ---------------------------------------------------------

ODD_CHARS = (
    '{}[],:"\\0123456789-+.eE tnrfu/ \t\n\r\u00a0\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'
    "\ufeff\u200b²³¹٣१𝟘Ⅻ½éжΩ\U0001f600\x00\x7f"
)

HOSTILE_JSON = [
    "0", "-0", "1", "-1", "1.0", "498.0", "1e400", "-1e400", "1E2", "0.1e-999",
    str(2**63 - 1), str(2**63), str(2**64), "-" + str(2**63), "-" + str(2**63 + 1),
    "1" * 30, "9" * 4301, "1" * 5000, "0." + "0" * 400 + "1",
    "NaN", "Infinity", "-Infinity", "true", "false", "null",
    '""', '" "', '"²"', '"١٢"', '"\\u0000"', '"\\ud800"', '"\\udc80\\ud800"', '"\\uffff"',
    '"' + "x" * 70_000 + '"', '"2022-02-30T00:00:00+00:00"', '"2022-03-02T24:00:00+00:00"',
    '"2022-03-02T00:00:60+00:00"', '"2022-03-02T00:00:00.1234567891+00:00"',
    '"2022-03-02T00:00:00+24:00"', '"9999-12-31T23:59:59+00:00"', '"0001-01-01T00:00:00-23:59"',
    '"conflictevents/\u00b2"', '"claim"', '"event"', '"attack"', '"RU"', '"ru"', '"XX"',
    "[]", "{}", "[" * 600 + "]" * 600, "[" * 5000 + "]" * 5000, '{"a":' * 300 + "1" + "}" * 300,
    "[1,2,3]", '{"type": "claim"}', '{"value": 1}',
]  # fmt: skip

HOSTILE_CELLS = [
    "", " ", "-", "0", "-1", "00", "1.0", "1e3", "1_000", "0x10", "NaN", "nan", "inf",
    "-inf", "²", "١٢", "१२", "１２", "12\u00a0000", " 7 ", "1" * 30, "9" * 4301,
    str(2**63 - 1), str(2**63), str(2**64),
    "2022-02-30", "2022-13-01", "9999-12-31", "0001-01-01", "10000-01-01", "31 December 9999",
    "1 January 0001", "29-Feb-2023", "12/31/9999 12:00:00 AM", "02/30/2022 00:00",
    "13/13/2022", "9/1/2022 12:00:00 PM", "2022-09-01T25:00", "2022-02-24",
    "1", "2", "3", "4", "5", "Battles", "Protests", "Armed clash", "Russia", "Ukraine",
    "NA", "x" * 200, '"', '""', "a\nb", "a\rb", ";", ";;;", ",", "\x00", "\ufeff",
    "POINT (1 2)", "91", "-181", "1e308", "Ω" * 50,
]  # fmt: skip


def mutate_text(rng: random.Random, text: str) -> str:
    """One to three random edits of ``text``: flips, insertions, cuts, doublings."""
    for _ in range(rng.randint(1, 3)):
        if not text:
            text = rng.choice(ODD_CHARS)
            continue
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.choice([1, 1, 2, 5, 20, 200]))
        kind = rng.randrange(6)
        if kind == 0:
            text = text[:i] + rng.choice(ODD_CHARS) + text[i + 1 :]
        elif kind == 1:
            text = text[:i] + "".join(rng.choices(ODD_CHARS, k=rng.randint(1, 4))) + text[i:]
        elif kind == 2:
            text = text[:i] + text[j:]
        elif kind == 3:
            text = text[:j] + text[i:j] * rng.choice([1, 2, 10, 100]) + text[j:]
        elif kind == 4:
            text = text[:i]
        else:
            text = text[:i] + rng.choice(HOSTILE_JSON)[:200] + text[i:]
    return text


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """A few byte-level edits, including invalid UTF-8."""
    odd = [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\x80", b"\xef\xbb\xbf", b"\x00"]
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(data) + 1)
        data = data[:i] + rng.choice(odd) + data[i + rng.choice([0, 1]) :]
    return data


def _paths(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


_MARK = "\x01HOSTILE\x01"


def replace_value(rng: random.Random, document: object) -> str:
    """``document`` as JSON with one value (or key) replaced by hostile JSON text."""
    document = json.loads(json.dumps(document))
    paths = list(_paths(document))[1:]
    if not paths:
        return rng.choice(HOSTILE_JSON)
    path = rng.choice(paths)
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    hostile = rng.choice(HOSTILE_JSON)
    if isinstance(parent, dict) and rng.random() < 0.15:  # a duplicate key
        text = json.dumps(document)
        key = json.dumps(path[-1])
        return text.replace(f"{key}: ", f"{key}: {hostile}, {key}: ", 1)
    parent[path[-1]] = _MARK
    return json.dumps(document).replace(json.dumps(_MARK), hostile)


# -- targets ------------------------------------------------------------------------------


def corpus() -> list[dict[str, Any]]:
    """Documents to mutate: the reference data set and claims read from UCDP."""
    documents = [json.loads(ce.dumps(record)) for record in first_week_2022()]
    stream = ucdp.read(
        DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv",
        encoding="cp1252",
        on_error="skip",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        documents += [
            json.loads(ce.dumps(claim)) for claim, _ in zip(stream, range(300), strict=False)
        ]
    return documents


def hostile_document(rng: random.Random, documents: list[dict[str, Any]]) -> str | bytes:
    document = rng.choice(documents)
    kind = rng.random()
    if kind < 0.45:
        return replace_value(rng, document)
    if kind < 0.9:
        return mutate_text(rng, json.dumps(document, separators=(",", ":")))
    return mutate_bytes(rng, json.dumps(document).encode())


def fuzz_loads(rng: random.Random, tally: Tally, documents: list[dict[str, Any]], n: int) -> None:
    for _ in range(n):
        case = hostile_document(rng, documents)
        run_case(tally, "loads", case, lambda case=case: ce.loads(case), (ValidationError,))


_JSON_BLANK = " \t\r\n"
_HEADERS = [
    '{"format":"conflictevents/1"}', '{"format": "conflictevents/²"}',
    '{"format":"conflictevents/' + "9" * 5000 + '"}', '{"format":"conflictevents/2"}',
    '{"format":"conflictevents/-1"}', '{"format":"conflictevents/1.0"}', '{"format":1}',
]  # fmt: skip
_BLANKS = ["", " ", "\t", "\r", "\u00a0", "\x1c", "\x0b", "\x0c", "\u2028", "\x85", "\ufeff"]


def jsonl_file(rng: random.Random, documents: list[dict[str, Any]]) -> tuple[str, bool]:
    """A JSON Lines text, and whether its header is hostile."""
    lines: list[str] = []
    hostile_header = rng.random() < 0.05
    if hostile_header:
        lines.append(rng.choice(_HEADERS[1:]))
    elif rng.random() < 0.5:
        lines.append(_HEADERS[0])
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.15:
            lines.append(rng.choice(_BLANKS) * rng.randint(1, 3))
        elif roll < 0.5:
            lines.append(json.dumps(rng.choice(documents), separators=(",", ":")))
        else:
            case = hostile_document(rng, documents)
            text = case.decode("utf-8", "surrogateescape") if isinstance(case, bytes) else case
            lines.extend(text.split("\n"))
    ending = rng.choice(["\n", "\n", "\r\n"])
    text = ending.join(lines) + rng.choice(["", ending])
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text, hostile_header


def record_lines(text: str, *, universal: bool) -> int:
    """The lines a reader must account for: not blank (JSON whitespace), not the header.

    A binary stream breaks lines at ``\\n`` only; a text stream opened with
    ``newline=""`` at ``\\r``, ``\\n`` and ``\\r\\n``. One byte order mark before
    the first line is not part of it.
    """
    lines = re.split(r"\r\n|\r|\n", text) if universal else text.split("\n")
    lines[0] = lines[0].removeprefix("\ufeff")
    if lines[0].startswith('{"format"'):
        lines = lines[1:]
    return sum(1 for line in lines if line.strip(_JSON_BLANK))


def fuzz_read_jsonl(
    rng: random.Random, tally: Tally, documents: list[dict[str, Any]], files: int
) -> int:
    """Files through ``read_jsonl`` in text and binary mode; return how many documents."""
    total = 0
    for _ in range(files):
        text, hostile_header = jsonl_file(rng, documents)
        total += record_lines(text, universal=False)
        data = text.encode("utf-8", "surrogateescape")
        for target, source, expected in (
            (
                "read_jsonl (text)",
                lambda data=data: io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""),
                record_lines(text, universal=True),
            ),
            (
                "read_jsonl (binary)",
                lambda data=data: io.BytesIO(data),
                record_lines(text, universal=False),
            ),
        ):

            def call(source: Callable[[], Any] = source) -> tuple[int, int]:
                reader = ce.read_jsonl(source(), on_error="collect")
                records = sum(1 for _ in reader)
                return records, len(reader.errors)

            def check(result: object, expected: int = expected) -> str | None:
                records, errors = result  # type: ignore[misc]
                if records + errors != expected:
                    return f"{records} records + {errors} errors != {expected} non-blank lines"
                return None

            run_case(
                tally,
                target,
                data,
                call,
                (ValidationError,),
                None if hostile_header else check,
            )
    return total


# -- importers ------------------------------------------------------------------------------


def _csv_rows(path: Path, encoding: str) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding=encoding, newline="") as stream:
        rows = list(csv.reader(stream))
    return rows[0], rows[1:]


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


IMPORTERS: dict[str, tuple[Path, str, Callable[..., Any], dict[str, Any]]] = {
    "ucdp": (
        DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv",
        "cp1252",
        ucdp.read,
        {},
    ),
    "acled": (DATA / "acled" / "acled_fictional.csv", "utf-8", acled.read, {}),
    "oryx daily": (DATA / "oryx" / "daily_count.csv", "utf-8", oryx.read, {}),
    "oryx totals": (
        DATA / "oryx" / "totals_by_type.csv",
        "utf-8",
        oryx.read,
        {"as_of": dt.date(2025, 7, 19)},
    ),
    "oryx items": (
        DATA / "oryx" / "data_2022-03-13.csv",
        "utf-8",
        oryx.read,
        {"as_of": dt.date(2022, 3, 13)},
    ),
}


def _import(reader: Callable[..., Any], source: Any, options: dict[str, Any]) -> tuple[int, ...]:
    ROWS_READ[0] = 0
    stream = reader(source, on_error="collect", **options)
    try:
        claims = sum(1 for _ in stream)
    finally:
        ROWS_READ[0] = stream.rows
    return stream.rows, stream.imported, stream.rejected, claims, len(stream.errors)


def _import_check(expected_rows: int | None) -> Callable[[object], str | None]:
    def check(result: object) -> str | None:
        rows, imported, rejected, _claims, errors = result  # type: ignore[misc]
        if rows != imported + rejected:
            return f"rows {rows} != imported {imported} + rejected {rejected}"
        if errors != rejected:
            return f"{errors} errors for {rejected} rejected rows"
        if expected_rows is not None and rows != expected_rows:
            return f"{rows} rows read of the {expected_rows} written"
        return None

    return check


def fuzz_csv_importer(rng: random.Random, tally: Tally, name: str, n: int) -> None:
    path, encoding, reader, options = IMPORTERS[name]
    header, rows = _csv_rows(path, encoding)
    target = f"import {name}"
    for _ in range(n):
        sample = [list(row) for row in rng.sample(rows, k=min(len(rows), rng.randint(1, 8)))]
        for _ in range(rng.randint(1, 3)):
            row = rng.choice(sample)
            column = rng.randrange(len(row))
            row[column] = rng.choice(HOSTILE_CELLS)
        text = _csv_text(header, sample)
        expected: int | None = len(sample)
        if rng.random() < 0.25:
            text = mutate_text(rng, text)
            expected = None  # the records may be cut or merged: check the sum only
        data = text.encode(encoding, "replace")
        if rng.random() < 0.1:
            data = mutate_bytes(rng, data)
            expected = None

        def call(data: bytes = data) -> tuple[int, ...]:
            stream = io.TextIOWrapper(
                io.BytesIO(data), encoding=encoding, errors="surrogateescape", newline=""
            )
            return _import(reader, stream, options)

        run_case(tally, target, data, call, (RowError,), _import_check(expected), per_rows=True)


def fuzz_general_staff(rng: random.Random, tally: Tally, n: int) -> None:
    records: list[dict[str, Any]] = []
    for name in ("russia_losses_personnel.json", "russia_losses_equipment.json"):
        records += json.loads((DATA / "general-staff" / name).read_text())
    for _ in range(n):
        sample = rng.sample(records, k=rng.randint(1, 6))
        parts = [json.dumps(record, indent=rng.choice([None, 2])) for record in sample]
        expected: int | None = len(parts)
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(parts))
            parts[i] = replace_value(rng, sample[i])
        text = "[" + ",\n".join(parts) + "]"
        if rng.random() < 0.3:
            text = mutate_text(rng, text)
            expected = None
        if rng.random() < 0.02:
            text = "[" + "[" * rng.choice([100, 10_000, 100_000]) + "1"
            expected = None

        data = text.encode("utf-8", "surrogateescape")
        if rng.random() < 0.1:
            data = mutate_bytes(rng, data)
            expected = None
        strict = rng.random() < 0.5  # a stream the caller opened, or one like read() opens

        def call(data: bytes = data, strict: bool = strict) -> tuple[int, ...]:
            errors = "strict" if strict else "surrogateescape"
            stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors=errors)
            return _import(general_staff.read, stream, {})

        run_case(
            tally,
            "import general-staff",
            data,
            call,
            (RowError,),
            _import_check(expected),
            per_rows=True,
        )


# -- text parsers -----------------------------------------------------------------------------

WORDS = [
    "about", "nearly", "almost", "more", "than", "over", "under", "at", "least", "most",
    "up", "to", "between", "and", "or", "-", "–", "(", ")", "x", ",", ".", "1", "000",
    "1,000", "1.5", "498", "12", "million", "thousand", "billion", "dozen", "dozens",
    "hundreds", "thousands", "a", "hundred", "several", "some", "few", "two", "twenty",
    "days", "day", "ago", "weeks", "week", "last", "next", "this", "earlier", "later",
    "Monday", "Wednesday", "early", "late", "morning", "night", "since", "the", "invasion",
    "began", "in", "first", "six", "March", "2", "2022", "2 March 2022", "2022-03-02",
    "01.04.2023", "yesterday", "today", "previously", "so", "far", "²", "١٢", " ", "  ",
    "\t", "\u00a0", "\u2009", "\n", "1" * 40,
]  # fmt: skip

REPEATED = [
    ("x (", " to", ""), ("", " to", ""), ("1", ",000", ""), ("1.", "0", " million"),
    ("", "1", " days ago"), ("", " ", "x"), ("about ", "about ", "5"), ("", "between ", "1"),
    ("", "1 ", "days ago"), ("", "(", ""), ("", "a ", "week ago"), ("", "1-", "2"),
    ("", " and", ""), ("", "more than ", "5"), ("", "ago ", ""), ("", "early ", "Monday"),
    ("", "dozen ", ""), ("", "1,", "5"), ("", "9", ""), ("", "\u00a0", "1"), ("", "²", ""),
    ("", "hundred and ", "one"), ("", "last ", "week"), ("", "Monday ", "night"),
    ("", "since ", "the invasion began"), ("", "0", "1 March 2022"),
]  # fmt: skip


def adversarial_string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return " ".join(rng.choices(WORDS, k=rng.randint(1, 12)))
    if roll < 0.85:
        prefix, token, suffix = rng.choice(REPEATED)
        return prefix + token * int(10 ** rng.uniform(0, 3.7)) + suffix
    return "".join(rng.choices(ODD_CHARS + "abcdefghijklmnopqrstuvwxyz ", k=rng.randint(1, 300)))


def fuzz_parsers(rng: random.Random, tally: Tally, n: int) -> None:
    reference = dt.date(2022, 3, 2)
    anchors = {"invasion": dt.date(2022, 2, 24), "war": dt.date(2022, 2, 24)}
    for _ in range(n):
        text = adversarial_string(rng)
        run_case(
            tally,
            "Quantity.parse",
            text,
            lambda text=text: ce.Quantity.parse(text),
            (FigureParseError,),
        )
        run_case(
            tally,
            "resolve_time",
            text,
            lambda text=text: ce.resolve_time(
                text, reference=reference, tz="Europe/Kyiv", anchors=anchors
            ),
            (TimeExpressionError,),
        )


# -- the table --------------------------------------------------------------------------------


def table(tally: Tally) -> tuple[str, int]:
    """The outcome table, and the number of failures in it."""
    header = ["target", "cases", *OUTCOMES, "slowest ms"]
    rows = []
    failures = 0
    for target, counts in tally.counts.items():
        cases = sum(counts.values())
        failures += sum(counts[o] for o in OUTCOMES[2:])
        rows.append(
            [target, f"{cases:,}", *(f"{counts[o]:,}" for o in OUTCOMES)]
            + [f"{tally.slowest[target] * 1000:.1f}"]
        )
    total = Counter[str]()
    for counts in tally.counts.values():
        total.update(counts)
    rows.append(
        ["total", f"{sum(total.values()):,}", *(f"{total[o]:,}" for o in OUTCOMES)]
        + [f"{max(tally.slowest.values(), default=0) * 1000:.1f}"]
    )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "| " + " | ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in [header, *rows]
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines), failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every case count (default 1)"
    )
    parser.add_argument("--report", type=Path, help="write each failure as a JSON line here")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    report: list[dict[str, Any]] = []
    tally = Tally(report)
    documents = corpus()
    started = time.perf_counter()

    def count(n: int) -> int:
        return max(1, round(n * args.scale))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fuzz_loads(rng, tally, documents, count(100_000))
        in_files = fuzz_read_jsonl(rng, tally, documents, count(17_000))
        for name in IMPORTERS:
            fuzz_csv_importer(rng, tally, name, count(2_000))
        fuzz_general_staff(rng, tally, count(4_000))
        fuzz_parsers(rng, tally, count(20_000))
    text, failures = table(tally)
    print(text)
    print(
        f"\nseed {args.seed}, scale {args.scale}: {in_files:,} documents in JSON Lines files, "
        f"{time.perf_counter() - started:,.0f} s; over time means over {LIMIT * 1000:.0f} ms "
        "(best of three)"
    )
    by_kind = Counter(
        (f["target"], f["outcome"], re.sub(r"\d+", "N", f["detail"])[:110]) for f in report
    )
    for (target, outcome, detail), seen in by_kind.most_common(15):
        print(f"  {seen:>6,} x {target}: {outcome}: {detail}")
    if args.report is not None:
        with args.report.open("w", encoding="utf-8") as out:
            for failure in report:
                out.write(json.dumps(failure, ensure_ascii=True) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
