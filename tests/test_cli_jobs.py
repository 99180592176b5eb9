"""``conflictevents reconcile --jobs N`` writes exactly what one process writes."""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import os
import pickle
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import Claim, dumps, subject_key, write_jsonl
from conflictevents import strategies as cst
from conflictevents._cli import jobs as parallel
from conflictevents._json import MAX_DOCUMENT_BYTES, _codec
from conflictevents._shards import line_key, read_shard, shard_of
from conflictevents.cli import main
from conflictevents.examples import first_week_2022_records
from conflictevents.interop import acled, general_staff, oryx, ucdp
from conflictevents.reports import Assessment

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Cut files into blocks of 2 KB, so that even small files take many blocks."""
    monkeypatch.setattr(parallel, "MIN_BLOCK_BYTES", 2048)


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code  # type: ignore[assignment]
    return code, out.getvalue(), err.getvalue()


def same_as_one_process(*args: str, jobs: tuple[int, ...] = (2, 3)) -> tuple[int, str, str]:
    """Run ``reconcile ARGS`` with one process and with each of ``jobs``; all must agree."""
    one = cli("reconcile", *args, "--jobs", "1")
    for n in jobs:
        assert cli("reconcile", *args, "--jobs", str(n)) == one, f"--jobs {n}"
    return one


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The reference article's data set as the `example` command writes it."""
    path = tmp_path_factory.mktemp("jobs") / "example.jsonl"
    write_jsonl(first_week_2022_records(), path)
    return path


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    """Claims read from the real data sets of tests/data, one JSON Lines file."""
    claims = [
        *general_staff.read(DATA / "general-staff" / "russia_losses_equipment.json"),
        *general_staff.read(DATA / "general-staff" / "russia_losses_personnel.json"),
        *oryx.read(DATA / "oryx" / "daily_count.csv"),
        *acled.read(DATA / "acled" / "acled_fictional.csv", on_error="collect"),
        *ucdp.read(
            DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv", on_error="collect"
        ),
    ]
    path = tmp_path_factory.mktemp("jobs") / "real.jsonl"
    write_jsonl(claims, path)
    return path


class TestSameOutput:
    @pytest.mark.parametrize("output_format", ["json", "csv", "table"])
    @pytest.mark.parametrize("policy", ["conservative", "ucdp"])
    def test_reference_article(self, reference, output_format, policy):
        """The reference article: every format and policy, byte for byte, with 2 and 3 jobs."""
        code, out, err = same_as_one_process(
            str(reference), "--format", output_format, "--policy", policy
        )
        assert (code, err) == (0, "")
        assert out.count("\n") > 10

    def test_as_of(self, reference):
        """--as-of leaves out the same claims, and says so the same way."""
        code, _out, err = same_as_one_process(
            str(reference), "--format", "json", "--as-of", "2022-02-26"
        )
        assert code == 0
        assert "not certainly made by then" in err

    @pytest.mark.parametrize("output_format", ["json", "csv"])
    def test_real_data_sets(self, real, output_format):
        """The claims of the real data sets (GS, Oryx, ACLED, UCDP) in many blocks."""
        assert real.stat().st_size > 50 * 2048  # many blocks
        code, out, _err = same_as_one_process(str(real), "--format", output_format, jobs=(2, 4))
        assert code == 0
        assert out.count("\n") > 100

    def test_several_files_one_file_twice(self, reference, real):
        """Files are read in the order given; a file given twice counts twice."""
        same_as_one_process(str(real), str(reference), str(real), "--format", "json")

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        records=st.lists(st.one_of(cst.claims(), cst.assessments()), max_size=25),
        jobs=st.integers(2, 5),
        output_format=st.sampled_from(["json", "csv", "table"]),
    )
    def test_any_claims(self, tmp_path_factory, records, jobs, output_format):
        """Any claims and assessments, any number of jobs: the output of one process."""
        path = tmp_path_factory.mktemp("any") / "claims.jsonl"
        write_jsonl(records, path)
        args = (str(path), "--format", output_format, "--skip-invalid")
        same_as_one_process(*args, jobs=(jobs,))


class TestProblems:
    @pytest.fixture
    def bad(self, tmp_path, reference) -> Path:
        """A file with a header, blank lines, events, and bad lines scattered through it."""
        lines = reference.read_text(encoding="utf-8").splitlines()
        first = json.loads(lines[1])
        wrong = dict(first, stance="maybe")
        mixed = [lines[0]]
        for number, line in enumerate(lines[1:] * 20):
            mixed.append(line)
            if number % 37 == 0:
                mixed.append("")
            if number % 53 == 0:
                mixed.append(json.dumps(wrong))
            if number % 71 == 0:
                mixed.append('{"type": "claim", ')
        path = tmp_path / "bad.jsonl"
        path.write_text("\n".join(mixed) + "\n", encoding="utf-8")
        return path

    def test_invalid_records_reported_in_order(self, bad):
        """Bad lines are reported with their line numbers, in order, and nothing reconciled."""
        code, out, err = same_as_one_process(str(bad), "--format", "json")
        assert (code, out) == (1, "")
        assert err.count("bad.jsonl:") > 10

    def test_skip_invalid(self, bad):
        """--skip-invalid reconciles the rest, exactly as one process does."""
        code, out, err = same_as_one_process(str(bad), "--format", "json", "--skip-invalid")
        assert code == 0
        assert out
        assert "left out" in err

    def test_empty_file_and_newer_format(self, tmp_path, reference):
        """An empty file and a file of a newer format are reported as one process does."""
        (tmp_path / "empty.jsonl").write_text("\n \n", encoding="utf-8")
        newer = reference.read_text(encoding="utf-8").replace(
            "conflictevents/1", "conflictevents/9"
        )
        (tmp_path / "newer.jsonl").write_text(newer * 30, encoding="utf-8")
        names = [str(tmp_path / "empty.jsonl"), str(tmp_path / "newer.jsonl"), str(reference)]
        code, _out, err = same_as_one_process(*names, "--format", "json")
        assert code == 1
        assert "empty file" in err
        assert "newer" in err
        code, out, _err = same_as_one_process(*names, "--format", "json", "--skip-invalid")
        assert code == 0
        assert out

    def test_byte_order_mark_and_no_header(self, tmp_path, reference):
        """A file that starts with a BOM and a claim (no header) reads as one process reads it."""
        lines = reference.read_text(encoding="utf-8").splitlines()[1:]
        path = tmp_path / "bom.jsonl"
        path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines * 10).encode())
        code, out, _err = same_as_one_process(str(path), "--format", "json")
        assert code == 0
        assert out

    def test_stdin_and_json_go_through_one_process(self, tmp_path, reference, monkeypatch):
        """Standard input and .json documents are read by one process (not in blocks)."""
        assert not parallel.applies([str(reference), "-"], None)
        assert not parallel.applies([str(tmp_path / "a.json")], None)
        assert not parallel.applies([str(tmp_path / "missing.jsonl")], None)
        assert parallel.applies([str(reference)], None)

    def test_a_pipe_goes_through_one_process(self, tmp_path, reference):
        """A named pipe (or `<(zcat ...)`) cannot be cut in blocks: one process reads it whole."""
        fifo = tmp_path / "claims.jsonl"
        os.mkfifo(fifo)
        assert not parallel.applies([str(fifo)], None)
        feeder = threading.Thread(target=lambda: fifo.write_bytes(reference.read_bytes()))
        feeder.start()
        code, out, _err = cli("reconcile", str(fifo), "--jobs", "2", "--format", "json")
        feeder.join()
        assert (code, out) == cli("reconcile", str(reference), "--format", "json")[:2]
        same_as_one_process(str(tmp_path / "missing.jsonl"), "--format", "json")


class TestSpill:
    @pytest.fixture
    def spill_parent(self, tmp_path, monkeypatch) -> Path:
        """A TMPDIR of this test's own, which tempfile reads afresh."""
        folder = tmp_path / "tmp"
        folder.mkdir()
        monkeypatch.setenv("TMPDIR", str(folder))
        monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
        return folder

    def test_lines_never_come_back(self, real):
        """What a block's scan sends back to the caller holds no line of the file."""
        with tempfile.TemporaryDirectory() as spill:
            block = parallel._Block(0, str(real), 0, real.stat().st_size)
            scan = parallel._scan(block, 0, 4, spill, debug=False)
            spilled = b"".join(p.read_bytes() for p in Path(spill).iterdir())
        lines = real.read_bytes().splitlines()
        assert scan.lines == len(lines) > 100
        assert sum(count for _size, count in scan.shards) == scan.records == len(lines) - 1
        sent = pickle.dumps(scan)
        assert len(sent) < 2000
        assert all(line in spilled and line not in sent for line in lines[1:50])

    def test_spill_folder_in_tmpdir_removed_after(self, reference, spill_parent, tmp_path):
        """The lines go to a folder in TMPDIR while the output is written, and it is removed."""
        seen: list[list[str]] = []
        write = parallel._write

        def spying(*args: object) -> None:
            seen.append([p.name for p in spill_parent.glob("conflictevents-jobs-*/*")])
            write(*args)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(parallel, "_write", spying)
            code, _out, _err = cli(
                "reconcile", str(reference), "-j", "2", "-o", str(tmp_path / "out.jsonl")
            )
        assert code == 0
        assert "0.lines" in seen[0]
        assert "shard-0" in seen[0]
        assert list(spill_parent.iterdir()) == []
        assert (tmp_path / "out.jsonl").read_text() == cli("reconcile", str(reference))[1]

    @pytest.mark.parametrize("where", ["_gather", "_write"])
    def test_spill_folder_removed_on_interrupt(self, reference, spill_parent, monkeypatch, where):
        """An interrupt between the rounds or while writing leaves no spill file behind."""
        original = getattr(parallel, where)

        def interrupted(*args: object) -> object:
            original(*args)
            assert list(spill_parent.glob("conflictevents-jobs-*/*"))
            raise KeyboardInterrupt

        monkeypatch.setattr(parallel, where, interrupted)
        code, _out, err = cli("reconcile", str(reference), "-j", "2", "--format", "json")
        assert (code, err) == (130, "conflictevents: interrupted\n")
        assert list(spill_parent.iterdir()) == []

    def test_spill_folder_removed_on_output_error(self, reference, spill_parent):
        """A full disk for the output is exit 4, as with one process, and no spill is left."""
        code, _out, err = cli("reconcile", str(reference), "-j", "2", "-o", "/dev/full")
        assert code == 4
        assert err == cli("reconcile", str(reference), "-o", "/dev/full")[2]
        assert list(spill_parent.iterdir()) == []

    def test_full_spill_folder_is_an_output_error(self, reference, spill_parent, monkeypatch):
        """A spill file that cannot be written is exit 4 naming the spill folder."""

        class Planted(tempfile.TemporaryDirectory):
            """The spill folder, made here, its first block's spill file leading to a full disk.

            The workers see it on disk whatever their start method (fork, spawn, forkserver).
            """

            def __enter__(self) -> str:
                spill = super().__enter__()
                Path(spill, f"0{parallel._LINES}").symlink_to("/dev/full")
                return spill

        monkeypatch.setattr(tempfile, "TemporaryDirectory", Planted)
        code, _out, err = cli("reconcile", str(reference), "-j", "2")
        assert code == 4
        assert "the spill folder of --jobs" in err
        assert "No space left on device" in err
        assert list(spill_parent.iterdir()) == []

    def test_line_over_the_limit_refused_as_one_process_does(self, tmp_path, reference):
        """A claim line one byte over the document limit (its newline) is refused alike."""
        lines = reference.read_text(encoding="utf-8").splitlines()
        claim = next(json.loads(line) for line in lines if '"type":"claim"' in line)
        claim["quote"] = ""
        short = len(json.dumps(claim, separators=(",", ":")).encode())
        claim["quote"] = "x" * (MAX_DOCUMENT_BYTES - short)
        long_line = json.dumps(claim, separators=(",", ":")) + "\n"
        assert len(long_line.encode()) == MAX_DOCUMENT_BYTES + 1
        path = tmp_path / "long.jsonl"
        path.write_text("\n".join(lines[:5]) + "\n" + long_line, encoding="utf-8")
        code, _out, err = same_as_one_process(str(path), "--format", "json", jobs=(2,))
        assert code == 1
        assert "larger than the limit" in err


class TestBalance:
    @given(st.lists(st.lists(st.integers(0, 100), max_size=3), min_size=1, max_size=12))
    def test_largest_shard_first(self, sizes):
        """Round 2 hands the shards out largest first and gives their results in shard order."""
        parts = [
            [parallel._Part(0, "f", 1, block, 0, size, 0, 1) for block, size in enumerate(shard)]
            for shard in sizes
        ]
        started: list[int] = []

        def reconcile_one(shard: tuple[int, list[parallel._Part]]) -> int:
            started.append(shard[0])
            return shard[0]

        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            results = parallel._largest_first(pool, reconcile_one, parts)
        assert results == list(range(len(sizes)))
        assert sorted(started) == results
        assert [sum(sizes[s]) for s in started] == sorted(map(sum, sizes), reverse=True)


class TestJobsOption:
    @pytest.mark.parametrize("text", ["0", "-1", "many"])
    def test_bad_count_is_a_usage_error(self, text, reference):
        """--jobs takes a number of processes of at least 1, or auto."""
        code, _out, err = cli("reconcile", str(reference), "--jobs", text)
        assert code == 2
        assert "--jobs" in err

    def test_auto(self, reference):
        """--jobs auto uses one process per core, with the same output."""
        assert cli("reconcile", str(reference), "--jobs", "auto") == cli(
            "reconcile", str(reference)
        )


class TestShards:
    @given(st.one_of(cst.claims(), cst.assessments()))
    def test_line_key_is_the_subject_key(self, record):
        """The key read from a line's subject alone is the key of the whole record."""
        assert line_key(dumps(record)) == subject_key(record.subject)
        assert line_key(dumps(record).encode()) == subject_key(record.subject)

    @given(
        st.lists(
            st.one_of(
                cst.claims().map(dumps),
                cst.assessments().map(dumps),
                st.sampled_from(['{"type":"claim","subject":{"type":"casualties"}}', "{", ""]),
            ),
            max_size=6,
        ).flatmap(lambda lines: st.permutations(lines + lines))
    )
    def test_line_key_memo_changes_nothing(self, lines):
        """Keys read through one memo are the keys read line by line, repeats included."""
        memo: dict[bytes, str | None] = {}
        assert [line_key(line, memo) for line in lines] == [line_key(line) for line in lines]

    @given(
        st.one_of(cst.claims(), cst.assessments(), cst.events()),
        cst.claims(),
        st.sampled_from(["as is", "spaced", "reordered", "subject twice", "type twice", "no type"]),
    )
    def test_line_key_alike_with_and_without_msgspec(self, record, other, change):
        """The key read by msgspec (rest of the line skipped) is the one orjson's parse gives."""
        import orjson  # noqa: PLC0415

        from conflictevents._json import _codec  # noqa: PLC0415

        line = dumps(record)
        tree = orjson.loads(line)
        keyed = "subject" in tree and tree["type"] in ("claim", "assessment")
        expected = subject_key(record.subject) if keyed else None
        if change == "spaced":
            line = json.dumps(tree, indent=1)
        elif change == "reordered":
            line = json.dumps(dict(reversed(tree.items())))
        elif change == "subject twice" and keyed:  # the last one named counts, in both
            line = line[:-1] + f',"subject":{dumps(other.subject)}}}'
            expected = subject_key(other.subject)
        elif change == "type twice":
            line = line[:-1] + ',"type":"event"}'
            expected = None
        elif change == "no type":
            line = json.dumps({k: v for k, v in tree.items() if k != "type"})
            expected = None
        codec = _codec()
        assert codec.wants_engine()  # msgspec is in the test extra
        with_msgspec = (line_key(line), line_key(line, {}), line_key(line.encode(), {}))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(codec, "use_engine", False)
            with_orjson = (line_key(line), line_key(line, {}), line_key(line.encode(), {}))
        assert with_msgspec == with_orjson == (expected,) * 3

    @pytest.mark.parametrize(
        "line", ["", "  ", "[]", "not json", '{"type": "claim"}', '{"format": "conflictevents/1"}']
    )
    def test_line_key_of_anything_else_is_none(self, line):
        """A line that is no claim or assessment with a valid subject has no key here."""
        assert line_key(line) is None

    @given(st.text(), st.integers(1, 64))
    def test_shard_in_range(self, key, shards):
        """Every key has one shard among ``shards``."""
        assert 0 <= shard_of(key, shards) < shards

    def test_shard_is_stable(self):
        """The shard of a key is a fixed function of it (never Python's salted hash)."""
        assert [shard_of(k, 7) for k in ("a", "casualty|x", "Київ")] == [4, 4, 5]

    def test_read_shard_reports_lines(self):
        """A shard's bad lines come back as errors carrying the numbers given."""
        record = first_week_2022_records()[0]
        records, errors = read_shard([(3, dumps(record)), (9, "{")])
        assert records == [record]
        assert [e.line for e in errors] == [9]

    @given(
        st.lists(st.one_of(cst.claims(), cst.assessments()), max_size=8).map(
            lambda records: [dumps(r) for r in records] * 2
        ),
        st.data(),
    )
    def test_read_shard_in_pieces_through_one_memo(self, lines, data):
        """A shard read block by block through one memo gives what one read gives, shared alike."""
        numbered = list(enumerate(lines, 1))
        cut = data.draw(st.integers(0, len(numbered)))
        memo = _codec().memo()
        first, _ = read_shard(numbered[:cut], memo=memo)
        second, _ = read_shard(numbered[cut:], memo=memo)
        whole, _ = read_shard(numbered)
        pieces = first + second
        assert pieces == whole
        assert [dumps(r) for r in pieces] == lines
        half = len(lines) // 2  # each line is there twice: line i and line i + half
        for i in range(half):
            if isinstance(pieces[i], Claim):  # its claimant, one object through one memo
                assert pieces[i].claimant is pieces[i + half].claimant

    def test_assessment_is_keyed(self):
        """Assessments are keyed by their subject like claims."""
        assessments = [r for r in first_week_2022_records() if isinstance(r, Assessment)]
        for assessment in assessments:
            assert line_key(dumps(assessment)) == subject_key(assessment.subject)


class TestCollectorPaused:
    """``reconcile`` pauses the cyclic collector while it works, and leaves it as found."""

    @pytest.mark.parametrize("enabled", [True, False])
    def test_one_process_pauses_the_collector(self, reference, enabled, monkeypatch):
        """One process reconciles with the collector paused; it is as it was after."""
        import gc  # noqa: PLC0415

        from conflictevents._cli import commands  # noqa: PLC0415

        seen = []
        real = commands.reconcile_claims

        def watched(*args, **kwargs):
            seen.append(gc.isenabled())
            return real(*args, **kwargs)

        monkeypatch.setattr(commands, "reconcile_claims", watched)
        was = gc.isenabled()
        (gc.enable if enabled else gc.disable)()
        try:
            code, out, _ = cli("reconcile", str(reference), "--format", "json")
            after = gc.isenabled()
        finally:
            (gc.enable if was else gc.disable)()
        assert code == 0
        assert out
        assert seen == [False]
        assert after is enabled

    def test_jobs_rounds_pause_the_collector(self, real, monkeypatch):
        """Both rounds of a --jobs worker run with the collector paused, restored after."""
        import gc  # noqa: PLC0415

        seen: list[tuple[str, bool]] = []
        for name in ("line_keyer", "reconcile"):
            real_function = getattr(parallel, name)

            def watched(*args, name=name, real_function=real_function, **kwargs):
                seen.append((name, gc.isenabled()))
                return real_function(*args, **kwargs)

            monkeypatch.setattr(parallel, name, watched)
        assert gc.isenabled()
        with tempfile.TemporaryDirectory() as spill:
            block = parallel._Block(0, str(real), 0, real.stat().st_size)
            scan = parallel._scan(block, 0, 1, spill, debug=False)
            assert gc.isenabled()
            ((size, count),) = scan.shards
            part = parallel._Part(0, str(real), 1, 0, 0, size, 0, count)
            parallel._reconcile_shard((0, [part]), spill, "conservative", None, "json", debug=False)
        assert gc.isenabled()
        assert {name for name, _ in seen} == {"line_keyer", "reconcile"}
        assert not any(enabled for _, enabled in seen)
