"""The ``conflictevents`` command line, driven through the installed console script."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictevents
from conflictevents import cli, write_jsonl
from conflictevents._cli import commands as _cli_commands
from conflictevents._cli import io as _cli_io
from conflictevents._cli.io import Progress
from conflictevents.examples import first_week_2022, first_week_2022_records
from conflictevents.interop import general_staff, oryx

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).with_name("conflictevents")
DATA = Path(__file__).parent / "data"
COMMANDS = ("validate", "reconcile", "schema", "example", "diff", "import")


def run(*args: str, stdin: str | None = None, cwd: Path | None = None):
    """Run the installed console script; return the completed process (text mode)."""
    if not SCRIPT.exists():  # pragma: no cover - the package is always installed in CI
        pytest.fail(f"the console script is not installed at {SCRIPT}")
    return subprocess.run(
        [str(SCRIPT), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the reference data set (written by `example`) and bad files."""
    root = tmp_path_factory.mktemp("cli")
    result = run("example", "-o", str(root / "good.jsonl"))
    assert result.returncode == 0, result.stderr
    lines = (root / "good.jsonl").read_text().splitlines()
    header, first = lines[0], json.loads(lines[1])

    def mutated(change) -> str:
        record = json.loads(json.dumps(first))
        change(record)
        return json.dumps(record)

    bad = [
        header,
        lines[1],
        mutated(lambda r: r["subject"]["quantity"].update(value="498")),
        mutated(lambda r: r.update(colour="red")),
        mutated(lambda r: r["claimant"].update(kind="goverment")),
        mutated(lambda r: r["subject"]["quantity"].update(low=600)),
        '{"type": "claim", ',
        "",
        lines[2],
    ]
    (root / "bad.jsonl").write_text("\n".join(bad) + "\n")
    (root / "empty.jsonl").write_text("")
    (root / "blank.jsonl").write_text("\n  \n")
    (root / "folder").mkdir()
    records = [json.loads(line) for line in lines[1:4]]
    records[1]["stance"] = "maybe"
    (root / "array.json").write_text(json.dumps(records, indent=2))
    (root / "broken.json").write_text('{\n  "type": "claim",\n  "stance": \n}\n')
    (root / "one.json").write_text(json.dumps(records[0], indent=2))
    return root


class TestHelp:
    """Every command documents itself and its exit codes."""

    @pytest.mark.parametrize("command", COMMANDS)
    def test_every_command_has_help(self, command):
        """`COMMAND --help` exits 0 and prints that command's usage and the exit codes."""
        result = run(command, "--help")
        assert result.returncode == 0
        assert result.stdout.startswith(f"usage: conflictevents {command} ")
        assert "2  usage error" in result.stdout
        assert result.stderr == ""

    def test_top_level_help_lists_commands(self):
        """`--help` lists every command."""
        result = run("--help")
        assert result.returncode == 0
        for command in COMMANDS:
            assert f"\n    {command}" in result.stdout

    def test_version(self):
        """`--version` prints the installed version."""
        result = run("--version")
        assert result.returncode == 0
        assert result.stdout.strip() == f"conflictevents {conflictevents.__version__}"

    def test_python_dash_m(self):
        """`python -m conflictevents` is the same command."""
        result = subprocess.run(
            [sys.executable, "-m", "conflictevents", "validate", "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0
        assert result.stdout.startswith("usage: conflictevents validate ")


class TestUsageErrors:
    """A bad command line exits 2 with argparse's one-line message."""

    def test_no_command(self):
        """Without a command the usage is printed and the exit code is 2."""
        result = run()
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            "conflictevents: error: the following arguments are required: COMMAND"
        )

    def test_unknown_command(self):
        """An unknown command is a usage error naming the choices."""
        result = run("frobnicate")
        assert result.returncode == 2
        assert "invalid choice: 'frobnicate'" in result.stderr

    def test_validate_needs_a_file(self):
        """`validate` without a file is a usage error of the `validate` command."""
        result = run("validate")
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            "conflictevents validate: error: the following arguments are required: FILE"
        )

    def test_unknown_policy(self, data):
        """An unknown `--policy` is a usage error listing the policies."""
        result = run("reconcile", str(data / "good.jsonl"), "--policy", "loudest")
        assert result.returncode == 2
        assert "argument --policy: invalid choice: 'loudest'" in result.stderr
        assert "'conservative', 'ucdp', 'median_of_independent'" in result.stderr


class TestValidate:
    """`validate` reports every bad record as FILE:LINE: $.path: message."""

    def test_valid_file(self, data):
        """The reference data set is valid: exit 0 and a summary."""
        result = run("validate", "good.jsonl", cwd=data)
        assert result.returncode == 0
        assert result.stdout == "1 file, 31 records: all valid\n"
        assert result.stderr == ""

    def test_stdin(self, data):
        """`-` reads JSON Lines from standard input, reported as <stdin>."""
        result = run("validate", "-", stdin=(data / "bad.jsonl").read_text())
        assert result.returncode == 1
        assert result.stdout.splitlines()[0] == (
            "<stdin>:3: $.subject.quantity.value: expected an integer, got a string"
        )

    def test_bad_records(self, data):
        """Wrong type, unknown field, bad enum, broken invariant and malformed JSON: one line each."""
        result = run("validate", "bad.jsonl", cwd=data)
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            "bad.jsonl:3: $.subject.quantity.value: expected an integer, got a string",
            "bad.jsonl:4: $.colour: unknown field (Claim has no field 'colour')",
            (
                "bad.jsonl:5: $.claimant.kind: 'goverment' is not one of government, military, "
                "ministry, agency, head_of_state, official, spokesperson, news_agency, "
                "news_outlet, ngo, international_body, monitor, company, person, other"
            ),
            "bad.jsonl:6: $.subject.quantity.low: 600 is greater than high (498)",
            "bad.jsonl:7: $: malformed JSON: unexpected end of data at column 18",
            "1 file, 7 records: 5 invalid records",
        ]
        assert result.stderr == ""
        assert "Traceback" not in result.stdout

    def test_empty_file(self, data):
        """An empty file (or only blank lines) is invalid data: exit 1."""
        result = run("validate", "empty.jsonl", "blank.jsonl", cwd=data)
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            "empty.jsonl: empty file, no records",
            "blank.jsonl: empty file, no records",
            "2 files, 0 records: 2 empty files",
        ]

    def test_missing_file(self, data):
        """A missing file cannot be read: exit 2, and the other files are still checked."""
        result = run("validate", "missing.jsonl", "good.jsonl", cwd=data)
        assert result.returncode == 2
        assert result.stdout.splitlines() == [
            "missing.jsonl: no such file",
            "2 files, 31 records: 1 file not read",
        ]

    def test_directory(self, data):
        """A directory is not a file: exit 2."""
        result = run("validate", "folder", cwd=data)
        assert result.returncode == 2
        assert result.stdout.splitlines() == [
            "folder: is a directory",
            "1 file, 0 records: 1 file not read",
        ]

    def test_json_array_reports_element_lines(self, data):
        """A .json array is checked element by element, each reported at its own line."""
        result = run("validate", "array.json", cwd=data)
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        starts = [
            number
            for number, text in enumerate((data / "array.json").read_text().splitlines(), 1)
            if text == "  {"
        ]
        start = starts[1]  # the second element is the bad one
        assert lines[0] == (f"array.json:{start}: $.stance: 'maybe' is not one of asserts, denies")
        assert lines[-1] == "1 file, 3 records: 1 invalid record"

    def test_json_array_reports_every_bad_element_at_its_line(self, tmp_path):
        """Bad elements before, between and after good ones are each reported at their line."""
        good = [orjson.loads(orjson.dumps(conflictevents.to_dict(c))) for c in first_week_2022()]
        items = [dict(good[0], stance="maybe"), good[1], good[2], dict(good[3], stance="x")]
        items.append(dict(good[4], stance="y"))
        text = json.dumps(items, indent=1)
        (tmp_path / "array.json").write_text(text)
        found = list(_cli_io.iter_records(str(tmp_path / "array.json")))
        starts = [n for n, line in enumerate(text.splitlines(), 1) if line == " {"]
        bad = [item for item in found if isinstance(item, _cli_io.Invalid)]
        assert [item.problems[0].line for item in bad] == [starts[0], starts[3], starts[4]]
        assert [type(item).__name__ for item in found[1:3]] == ["Claim", "Claim"]

    def test_malformed_json_document(self, data):
        """Malformed JSON in a .json file names the line where parsing failed."""
        result = run("validate", "broken.json", "one.json", cwd=data)
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            (
                "broken.json:4: $: malformed JSON: unexpected character, expected a JSON value "
                "at column 1"
            ),
            "2 files, 2 records: 1 invalid record",
        ]

    def test_newer_format_header_stops_reading(self, data, tmp_path):
        """A header naming a newer format is reported at line 1 and nothing else is read."""
        lines = (data / "good.jsonl").read_text().splitlines()
        (tmp_path / "newer.jsonl").write_text(
            "\n".join(['{"format":"conflictevents/2"}', *lines[1:3]]) + "\n"
        )
        result = run("validate", "newer.jsonl", cwd=tmp_path)
        assert result.returncode == 1
        problem, summary = result.stdout.splitlines()
        assert problem.startswith(
            "newer.jsonl:1: $.format: 'conflictevents/2' is newer than this library reads "
            "(conflictevents/1)"
        )
        assert summary == "1 file, 1 record: 1 invalid record"

    def test_byte_order_mark_and_crlf(self, data, tmp_path):
        """A UTF-8 byte-order mark and Windows line ends are accepted."""
        line = (data / "good.jsonl").read_text().splitlines()[1]
        (tmp_path / "windows.jsonl").write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n")
        result = run("validate", "windows.jsonl", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (0, "1 file, 1 record: all valid\n")

    def test_format_option_overrides_extension(self, data):
        """`--format json` reads a file with any extension as one JSON document."""
        result = run("validate", "--format", "json", "-", stdin=(data / "one.json").read_text())
        assert result.returncode == 0
        assert result.stdout == "1 file, 1 record: all valid\n"

    def test_debug_shows_tracebacks(self, data):
        """`--debug` adds a traceback on stderr for each invalid record."""
        result = run("--debug", "validate", "bad.jsonl", cwd=data)
        assert result.returncode == 1
        assert result.stderr.count("Traceback (most recent call last)") == 5

    def test_no_progress_bar_when_piped(self, data, tmp_path):
        """A large file gives no progress bar when stderr is not a terminal."""
        line = (data / "good.jsonl").read_text().splitlines()[1] + "\n"
        big = tmp_path / "big.jsonl"
        big.write_text(line * (_cli_io.PROGRESS_MIN_BYTES // len(line) + 1))
        result = run("validate", str(big))
        assert result.returncode == 0
        assert result.stderr == ""


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class TestProgress:
    """The progress bar is drawn on a terminal only, and erased when done."""

    def test_progress_bar_on_a_terminal(self, data, monkeypatch, capsys):
        """With stderr a terminal and a large file, a bar is drawn, then erased."""
        terminal = Terminal()
        monkeypatch.setattr(_cli_io, "PROGRESS_MIN_BYTES", 0)
        monkeypatch.setattr(sys, "stderr", terminal)
        code = cli.main(["validate", str(data / "good.jsonl")])
        assert code == 0
        drawn = terminal.getvalue()
        assert "good.jsonl [" in drawn
        assert drawn.endswith("\r\x1b[K")
        assert capsys.readouterr().out == "1 file, 31 records: all valid\n"

    def test_no_progress_option(self, data, monkeypatch, capsys):
        """`--no-progress` draws nothing even on a terminal."""
        terminal = Terminal()
        monkeypatch.setattr(_cli_io, "PROGRESS_MIN_BYTES", 0)
        monkeypatch.setattr(sys, "stderr", terminal)
        assert cli.main(["validate", "--no-progress", str(data / "good.jsonl")]) == 0
        assert terminal.getvalue() == ""

    def test_bar_shows_fraction(self):
        """The bar says how much of the file was read."""
        stream = io.StringIO()
        bar = Progress("x.jsonl", 1000, stream)
        bar.update(500)
        assert " 50% " in stream.getvalue()


class TestBrokenPipe:
    """A reader that stops early (`| head`) is not an error."""

    def test_closed_stdout_is_quiet(self, tmp_path):
        """When stdout closes early the command exits 0 without a traceback."""
        days = [
            {"date": f"{day:%Y-%m-%d}", "day": n + 2, "personnel": 1000 + n, "POW": 0}
            for n, day in enumerate(
                dt.date(2022, 2, 25) + dt.timedelta(days=i) for i in range(1000)
            )
        ]
        (tmp_path / "days.json").write_text(json.dumps(days))  # megabytes of claims out
        with subprocess.Popen(
            [str(SCRIPT), "import", "general-staff", str(tmp_path / "days.json")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        ) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            first = process.stdout.read(10)
            process.stdout.close()
            err = process.stderr.read()
            code = process.wait(timeout=60)
        assert first == b'{"format":'
        assert (code, err) == (0, b"")


class TestInternalErrors:
    """An unexpected exception is one line and exit 3; --debug shows the traceback."""

    def test_internal_error_is_one_line(self, monkeypatch, capsys):
        """A bug surfaces as one line naming the exception, exit 3."""

        def boom(args):
            raise RuntimeError("boom")

        monkeypatch.setattr(_cli_commands, "example", boom)
        assert cli.main(["example"]) == cli.EXIT_INTERNAL
        err = capsys.readouterr().err
        assert err == (
            "conflictevents: internal error: RuntimeError: boom "
            "(run with --debug for the traceback)\n"
        )

    def test_debug_shows_the_traceback(self, monkeypatch, capsys):
        """With --debug the traceback comes before the one-line message."""

        def boom(args):
            raise RuntimeError("boom")

        monkeypatch.setattr(_cli_commands, "example", boom)
        assert cli.main(["--debug", "example"]) == cli.EXIT_INTERNAL
        err = capsys.readouterr().err
        assert err.startswith("Traceback (most recent call last)")
        assert err.endswith("conflictevents: internal error: RuntimeError: boom\n")


class TestSchema:
    """`schema` prints the JSON Schema the package ships."""

    def test_schema_is_the_shipped_file(self, tmp_path):
        """The output is byte for byte the schema.json shipped in the package."""
        shipped = Path(conflictevents.__file__).with_name("schema.json").read_text()
        result = run("schema")
        assert result.returncode == 0
        assert result.stdout == shipped
        assert run("schema", "-o", str(tmp_path / "s.json")).returncode == 0
        assert (tmp_path / "s.json").read_text() == shipped

    def test_unwritable_output(self, tmp_path):
        """An output path that cannot be written is exit 2 with one line."""
        result = run("schema", "-o", str(tmp_path / "no" / "such" / "dir.json"))
        assert result.returncode == 2
        assert (
            result.stderr
            == f"{tmp_path / 'no' / 'such' / 'dir.json'}: cannot write: No such file or directory\n"
        )


class TestExample:
    """`example` writes the reference article's data set as JSON Lines."""

    def test_example_to_stdout(self):
        """The output is a format header and one line per record of the example: its
        claims, then its assessments."""
        result = run("example")
        assert result.returncode == 0
        lines = result.stdout.splitlines()
        assert orjson.loads(lines[0]) == {"format": "conflictevents/1"}
        records = tuple(conflictevents.loads(line) for line in lines[1:])
        assert records == first_week_2022_records()

    def test_example_is_the_shipped_file(self):
        """`example` writes exactly examples/first-week-2022.jsonl, the README demo's input."""
        shipped = ROOT / "examples" / "first-week-2022.jsonl"
        assert run("example").stdout == shipped.read_text()


class TestReconcile:
    """`reconcile` shows the reconciled view of the claims."""

    def test_table(self, data):
        """The table leads with the contested and divergent subjects of the article."""
        result = run("reconcile", "good.jsonl", cwd=data)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].split() == [
            "CLAIMANT",
            "FIGURE",
            "AS",
            "OF",
            "STATED",
            "SIDE",
            "VERIFICATION",
        ]
        assert lines[2] == "Kherson held by RU, changed hands — contested"
        assert lines[3] == "  assessed contested by Ukraine (UA) (2 Mar 2022)"
        assert lines[4].split()[:4] == ["Russian", "military", "(RU)", "asserts"]
        assert lines[5].split()[:3] == ["Ukraine", "(UA)", "denies"]
        assert lines[7] == (
            "RU military killed, since 24 Feb 2022 — divergent x18, range 498 - 9,000, "
            "estimate 498, none verified"
        )
        figures = [line[44:60].strip() for line in (lines[8], lines[9], lines[11])]
        assert figures == ["about 6,000", "498", "9,000"]
        assert lines[10] == "    reported as nearly 500 by Unnamed outlet of the reference article"
        assert lines[-1] == (
            "26 subjects from 30 claims (1 contested, 1 divergent, 1 unknown, "
            "23 consistent); estimates by the 'conservative' policy"
        )
        assert result.stderr == ""

    def test_readme_demo_shows_the_real_output(self):
        """The excerpt under "What the demo shows" in the README is what the demo prints."""
        readme = (ROOT / "README.md").read_text()
        excerpt = readme.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
        result = run("reconcile", "examples/first-week-2022.jsonl", cwd=ROOT)
        assert result.returncode == 0
        assert result.stdout.splitlines()[: len(excerpt)] == excerpt

    def test_json(self, data):
        """`--format json` writes one subject per line, readable by the library."""
        result = run("reconcile", "good.jsonl", "--format", "json", "--policy", "ucdp", cwd=data)
        assert result.returncode == 0
        rows = [orjson.loads(line) for line in result.stdout.splitlines()]
        assert len(rows) == 26
        assert {row["type"] for row in rows} == {"subject_reconciliation"}
        killed = next(
            r
            for r in rows
            if r["key"].startswith("casualty_count/side=RU/") and "outcome=killed" in r["key"]
        )
        assert killed["status"] == "divergent"
        assert killed["estimate"]["policy"] == "ucdp"

    def test_csv(self, data):
        """`--format csv` writes one row per claim with the subject's columns repeated."""
        result = run("reconcile", "good.jsonl", "--format", "csv", cwd=data)
        assert result.returncode == 0
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 30
        killed = [r for r in rows if r["subject"] == "RU military killed, since 24 Feb 2022"]
        assert sorted(int(r["value"]) for r in killed) == [498, 6000, 9000]
        assert {r["status"] for r in killed} == {"divergent"}

    def test_csv_keeps_superseded_claims(self, tmp_path):
        """A claimant's earlier figure is a CSV row marked superseded by the later one."""
        good = GENERAL_STAFF.replace('"personnel": -5', '"personnel": 3500')
        (tmp_path / "gs.json").write_text(good)
        assert (
            run("import", "general-staff", "gs.json", "-o", "gs.jsonl", cwd=tmp_path).returncode
            == 0
        )
        result = run("reconcile", "gs.jsonl", "--format", "csv", cwd=tmp_path)
        assert result.returncode == 0
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        killed = sorted(
            (r for r in rows if r["subject"] == "RU military killed, since 24 Feb 2022"),
            key=lambda r: r["stated_start"],
        )
        assert [(r["value"], r["current"]) for r in killed] == [
            ("2800", "False"),
            ("3500", "False"),
            ("4300", "True"),
        ]
        assert {r["superseded_by"] for r in killed[:2]} == {killed[2]["claim_id"]}
        table = run("reconcile", "gs.jsonl", cwd=tmp_path).stdout
        assert "RU military killed, since 24 Feb 2022 — consistent" in table
        assert "2 superseded" in table

    def test_invalid_records_stop_reconciliation(self, data):
        """Bad records are reported on stderr and nothing is reconciled: exit 1."""
        result = run("reconcile", "bad.jsonl", cwd=data)
        assert result.returncode == 1
        assert result.stdout == ""
        errors = result.stderr.splitlines()
        assert errors[0] == (
            "bad.jsonl:3: $.subject.quantity.value: expected an integer, got a string"
        )
        assert errors[-1] == (
            "1 file, 7 records: 5 invalid records: nothing reconciled "
            "(--skip-invalid reconciles the valid records)"
        )

    def test_skip_invalid(self, data):
        """`--skip-invalid` reconciles the rest and says how many were left out."""
        result = run("reconcile", "bad.jsonl", "--skip-invalid", cwd=data)
        assert result.returncode == 0
        assert result.stderr.splitlines()[-1] == "left out 5 invalid records"
        assert "2 subjects from 2 claims" in result.stdout.splitlines()[-1]

    def test_events_are_read_but_not_reconciled(self, tmp_path):
        """Bare events are valid records, counted on stderr, and left out of the view."""
        claim = next(c for c in first_week_2022() if type(c.subject).__name__ == "Curfew")
        lines = [conflictevents.dumps(claim), conflictevents.dumps(claim.subject)]
        (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
        result = run("reconcile", "mixed.jsonl", cwd=tmp_path)
        assert result.returncode == 0
        assert result.stderr == "1 event read but not reconciled: only claims are\n"
        assert result.stdout.splitlines()[-1].startswith("1 subject from 1 claim (")

    def test_missing_file(self, data):
        """A missing file is exit 2 and no output."""
        result = run("reconcile", "missing.jsonl", cwd=data)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == "missing.jsonl: no such file\n"


GENERAL_STAFF = """[
  {"date": "2022-02-25", "day": 2, "personnel": 2800, "personnel*": "about", "POW": 0},
  {"date": "2022-02-26", "day": 3, "personnel": -5, "personnel*": "about", "POW": 0},
  {"date": "2022-02-27", "day": 4, "personnel": 4300, "personnel*": "about", "POW": 0}
]
"""


class TestImport:
    """`import FORMAT FILE` writes JSON Lines and reports rows like `validate`."""

    def test_rejected_row_is_reported_and_the_rest_imported(self, tmp_path):
        """A bad row is one line on stderr with its line and column; exit 1; the rest is valid."""
        (tmp_path / "gs.json").write_text(GENERAL_STAFF)
        result = run("import", "general-staff", "gs.json", "-o", "gs.jsonl", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            "gs.json:3: personnel: a cumulative count cannot be negative, got -5",
            "gs.json: 3 rows, 2 imported as 4 claims, 1 rejected",
        ]
        check = run("validate", "gs.jsonl", cwd=tmp_path)
        assert check.stdout == "1 file, 4 records: all valid\n"

    def test_stdin_to_stdout(self, tmp_path):
        """`-` reads standard input; the claims go to standard output after the header."""
        good = GENERAL_STAFF.replace('"personnel": -5', '"personnel": 3500')
        result = run("import", "general-staff", "-", stdin=good)
        assert result.returncode == 0
        lines = result.stdout.splitlines()
        assert lines[0] == '{"format":"conflictevents/1"}'
        assert len(lines) == 1 + 6
        assert result.stderr == "<stdin>: 3 rows, 3 imported as 6 claims, 0 rejected\n"

    def test_unreadable_file_writes_nothing(self, tmp_path):
        """A file that is not what the format expects: its problem, the count line, exit 1, no output."""
        (tmp_path / "empty.json").write_text("")
        result = run("import", "general-staff", "empty.json", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == (
            "empty.json:1: $: expected a JSON array ('[') at the start of the file\n"
            "empty.json: 0 rows, 0 imported as 0 claims, 0 rejected; "
            "stopped by the problem above: nothing written\n"
        )

    def test_missing_file_and_directory(self, tmp_path):
        """A missing file or a directory is a usage error, exit 2."""
        missing = run("import", "ucdp", "ged.csv", cwd=tmp_path)
        assert (missing.returncode, missing.stderr) == (2, "ged.csv: no such file\n")
        folder = run("import", "ucdp", ".", cwd=tmp_path)
        assert (folder.returncode, folder.stderr) == (2, ".: is a directory\n")

    def test_unknown_format_and_encoding(self, tmp_path):
        """An unknown format or encoding is a usage error naming what is known."""
        result = run("import", "gdelt", "x.csv")
        assert result.returncode == 2
        assert "argument FORMAT: invalid choice: 'gdelt'" in result.stderr
        assert "'acled', 'general-staff', 'oryx', 'ucdp'" in result.stderr
        (tmp_path / "gs.json").write_text(GENERAL_STAFF)
        result = run("import", "general-staff", "gs.json", "--encoding", "klingon", cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr == "conflictevents import: error: unknown encoding 'klingon'\n"


ORYX_ITEMS = DATA / "oryx" / "data_2022-03-13.csv"  # the shipped data_2022-03-13.csv, byte for byte


def _written_claims(path: Path) -> list[conflictevents.Claim]:
    """The claims of a JSON Lines file the CLI wrote (header skipped)."""
    lines = path.read_bytes().splitlines()[1:]
    return [conflictevents.loads(line, conflictevents.Claim) for line in lines]


class TestImportOryxItems:
    """`import oryx data_<date>.csv` writes the items counted, as `oryx.count_items` counts them."""

    def test_the_shipped_items_file(self, tmp_path):
        """The claims written are count_items' claims; reconcile gives 4 captured 120mm mortars."""
        result = run("import", "oryx", str(ORYX_ITEMS), "-o", "counts.jsonl", cwd=tmp_path)
        assert result.returncode == 1  # two rows with status "NA", reported
        assert result.stderr.splitlines()[-1] == str(ORYX_ITEMS) + (
            ": 1,402 rows, 1,400 imported as 1,400 claims, 2 rejected; "
            "items counted: 382 claims written"
        )
        written = _written_claims(tmp_path / "counts.jsonl")
        expected = oryx.count_items(oryx.read(ORYX_ITEMS, on_error="collect"))
        assert written == expected
        shown = run("reconcile", "--format", "json", "counts.jsonl", cwd=tmp_path)
        rows = [json.loads(line) for line in shown.stdout.splitlines()]
        by_key = {r["key"]: r for r in rows}
        python = conflictevents.reconcile(expected).subjects
        assert {s.key: s.estimate.best for s in python} == {
            k: r["estimate"]["best"] for k, r in by_key.items()
        }
        assert sum(s.estimate.best for s in python) == 1400
        mortars = [
            s
            for s in python
            if isinstance(s.subject, conflictevents.EquipmentLoss)
            and (s.subject.equipment, s.subject.status) == ("120mm 2B11/2S12", "captured")
        ]
        assert [m.estimate.best for m in mortars] == [4]
        assert [len(m.superseded) for m in mortars] == [0]

    @settings(max_examples=15, deadline=None)
    @given(st.sets(st.integers(0, 1401), min_size=1, max_size=40))
    def test_any_subset_of_rows_is_written_counted(self, tmp_path_factory, chosen):
        """For any rows of an items file, the CLI writes exactly count_items(read(file))."""
        folder = tmp_path_factory.mktemp("items")
        lines = ORYX_ITEMS.read_text(encoding="utf-8").splitlines(keepends=True)
        source = folder / "data_2022-03-13.csv"
        source.write_text(lines[0] + "".join(lines[1 + i] for i in sorted(chosen)))
        code = cli.main(["import", "oryx", str(source), "-o", str(folder / "out.jsonl")])
        expected = oryx.count_items(oryx.read(source, on_error="collect"))
        assert code in (0, 1)
        if expected:
            assert _written_claims(folder / "out.jsonl") == expected


class TestDiff:
    """`diff A B` prints field differences as `$.path: left -> right`."""

    def test_two_objects(self, data, tmp_path):
        """Two one-record files are compared field by field; exit 1 when they differ."""
        line = (data / "good.jsonl").read_text().splitlines()[1]
        (tmp_path / "a.json").write_text(line)
        changed = line.replace(
            '"quantity":{"value":498,"qualifier":"exact","low":498,"high":498}',
            '"quantity":{"value":500,"qualifier":"nearly","low":450,"high":500}',
        )
        assert changed != line
        (tmp_path / "b.json").write_text(changed)
        result = run("diff", "a.json", "b.json", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            "$.subject.quantity.value: 498 -> 500",
            '$.subject.quantity.qualifier: "exact" -> "nearly"',
            "$.subject.quantity.low: 498 -> 450",
            "$.subject.quantity.high: 498 -> 500",
        ]

    def test_equal_inputs(self, data, tmp_path):
        """Equal inputs print nothing and exit 0; an inline object works like a file."""
        line = (data / "good.jsonl").read_text().splitlines()[1]
        (tmp_path / "a.json").write_text(line)
        result = run("diff", line, "a.json", cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")

    def test_files_matched_by_id(self, data, tmp_path):
        """Files of several records are matched by id; unmatched records are listed."""
        lines = (data / "good.jsonl").read_text().splitlines()
        (tmp_path / "old.jsonl").write_text("\n".join(lines[:3]) + "\n")
        (tmp_path / "new.jsonl").write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n")
        only_old, only_new = json.loads(lines[2])["id"], json.loads(lines[3])["id"]
        result = run("diff", "old.jsonl", "new.jsonl", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            f"{only_old}: removed (only in old.jsonl)",
            f"{only_new}: added (only in new.jsonl)",
        ]
        assert result.stderr == "1 id added, 1 removed, 0 changed, 1 unchanged\n"

    def test_as_of_compares_what_had_been_said(self, tmp_path):
        """`diff --as-of`: claims made later are left out of both sides, and counted."""
        staff = list(general_staff.read(DATA / "general-staff" / "russia_losses_equipment.json"))
        early = [c for c in staff if c.stated is not None and c.stated.start.year == 2022]
        write_jsonl(early, tmp_path / "old.jsonl")
        write_jsonl(staff, tmp_path / "new.jsonl")
        assert run("diff", "old.jsonl", "new.jsonl", cwd=tmp_path).returncode == 1
        result = run("diff", "--as-of", "2022-12-31", "old.jsonl", "new.jsonl", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (0, ""), result.stderr
        assert f"{len(early):,} claims of {len(staff):,} in new.jsonl compared" in result.stderr

    def test_as_of_needs_a_zone(self, data):
        """A datetime without an offset is a usage error that says what to write."""
        result = run("diff", "--as-of", "2022-03-02T09:00", "good.jsonl", "good.jsonl", cwd=data)
        assert result.returncode == 2
        assert "has no UTC offset: add one (2025-03-21T18:00+02:00)" in result.stderr

    def test_invalid_input_cannot_be_compared(self, data):
        """An invalid record is reported on stderr and nothing is compared: exit 2."""
        result = run("diff", "bad.jsonl", "good.jsonl", cwd=data)
        assert result.returncode == 2
        assert result.stdout == ""
        errors = result.stderr.splitlines()
        assert errors[0] == (
            "bad.jsonl:3: $.subject.quantity.value: expected an integer, got a string"
        )
        assert errors[-1] == "cannot compare: fix the problems above first"

    def test_missing_file(self, data):
        """A missing file is exit 2 with one line."""
        result = run("diff", "good.jsonl", "missing.jsonl", cwd=data)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == "missing.jsonl: no such file\n"
