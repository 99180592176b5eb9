"""Reconciling with Dask (the ``dask`` extra) gives exactly the single-process result."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import UCDP, ValidationError, dumps, reconcile, write_jsonl
from conflictevents import strategies as cst
from conflictevents.examples import first_week_2022
from conflictevents.exceptions import IgnoredFieldsWarning

db = pytest.importorskip("dask.bag")
dask = pytest.importorskip("dask")
from conflictevents.extra.dask import read_claims, reconcile_bag  # noqa: E402


class TestReconcileBag:
    @pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
    @pytest.mark.parametrize("partitions", [1, 3, 7])
    def test_reference_article(self, scheduler, partitions):
        """The reference article reconciles the same on Dask's local schedulers."""
        claims = first_week_2022()
        bag = db.from_sequence(claims, npartitions=partitions)
        with dask.config.set(scheduler=scheduler):
            assert reconcile_bag(bag, policy=UCDP) == reconcile(claims, policy=UCDP)

    @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(cst.claims(), max_size=12), st.integers(1, 4))
    def test_any_partitioning(self, claims, partitions):
        """Any partitioning of any claims gives the single-process result."""
        bag = db.from_sequence(claims or [], npartitions=partitions)
        with dask.config.set(scheduler="synchronous"):
            assert reconcile_bag(bag) == reconcile(claims)


class TestReadClaims:
    def test_jsonl_recipe(self, tmp_path):
        """The documented recipe: JSON Lines files read as a bag, reconciled, merged."""
        claims = first_week_2022()
        for part in range(3):
            with (tmp_path / f"claims-{part}.jsonl").open("w", encoding="utf-8") as fh:
                write_jsonl(claims[part::3], fh)
                fh.write("\n")  # a trailing blank line is skipped
        bag = read_claims(str(tmp_path / "claims-*.jsonl"), blocksize=None)
        assert bag.npartitions == 3
        with dask.config.set(scheduler="threads", num_workers=2):
            assert reconcile_bag(bag) == reconcile(claims)
            assert reconcile_bag(bag, pack=True) == reconcile(claims)

    def test_header_as_read_jsonl_reads_it(self, tmp_path):
        """A hand-written header with spaces is skipped, as read_jsonl skips it."""
        claims = first_week_2022()
        lines = ['{"format": "conflictevents/1"}', *(dumps(c) for c in claims)]
        (tmp_path / "claims.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        bag = read_claims(str(tmp_path / "claims.jsonl"), blocksize=None)
        with dask.config.set(scheduler="synchronous"):
            assert reconcile_bag(bag) == reconcile(claims)

    def test_newer_format_is_refused(self, tmp_path):
        """A file whose header names a newer format is refused, as read_jsonl refuses it."""
        lines = ['{"format":"conflictevents/2"}', *(dumps(c) for c in first_week_2022())]
        (tmp_path / "claims.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        bag = read_claims(str(tmp_path / "claims.jsonl"), blocksize=None)
        with (
            dask.config.set(scheduler="synchronous"),
            pytest.raises(ValidationError, match="newer"),
        ):
            reconcile_bag(bag)


from conflictevents.extra.dask import read_results, reconcile_files  # noqa: E402


def _write_parts(folder, claims, parts):
    for part in range(parts):
        with (folder / f"claims-{part}.jsonl").open("w", encoding="utf-8") as fh:
            write_jsonl(claims[part::parts], fh)


def _parquet_rows(pq, folder, records, *, partitions):
    """The rows of every Parquet file reconcile_files writes for ``records`` in two files."""
    _write_parts(folder, records, 2)
    with dask.config.set(scheduler="synchronous"):
        summary = reconcile_files(
            str(folder / "claims-*.jsonl"),
            str(folder / "out"),
            partitions=partitions,
            format="parquet",
        )
    return [row for f in summary.files for row in pq.read_table(f).to_pylist()]


def _reference_in_three_files(folder, *, partitions):
    """The reference article in three files, reconciled into ``folder / "out"``."""
    claims = first_week_2022()
    _write_parts(folder, claims, 3)
    with dask.config.set(scheduler="synchronous"):
        summary = reconcile_files(
            str(folder / "claims-*.jsonl"), str(folder / "out"), partitions=partitions
        )
    return claims, summary


def _single_process(claims, **options):
    return [dumps(subject) for subject in reconcile(claims, **options)]


class TestReconcileFiles:
    @pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
    @pytest.mark.parametrize(("files", "partitions"), [(1, 1), (3, 2), (2, 8)])
    def test_reference_article(self, tmp_path, scheduler, files, partitions):
        """Written by subject on the workers, the results are byte for byte one process's."""
        claims = first_week_2022()
        _write_parts(tmp_path, claims, files)
        with dask.config.set(scheduler=scheduler, num_workers=2):
            summary = reconcile_files(
                str(tmp_path / "claims-*.jsonl"), str(tmp_path / "out"), partitions=partitions
            )
        got = [dumps(subject) for subject in read_results(str(tmp_path / "out"))]
        assert got == _single_process(claims)
        assert summary.subjects == len(got)
        assert sum(summary.statuses.values()) == len(got)
        assert len(summary.files) <= partitions

    @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        st.lists(cst.claims(), max_size=12),
        st.integers(1, 4),
        st.integers(1, 8),
    )
    def test_any_claims_any_partitioning(self, claims, files, partitions):
        """Any claims in any number of files and result partitions: one process's result."""
        import tempfile  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            _write_parts(root, claims, files)
            with dask.config.set(scheduler="synchronous"):
                reconcile_files(
                    str(root / "claims-*.jsonl"), str(root / "out"), partitions=partitions
                )
            got = [dumps(subject) for subject in read_results(str(root / "out"))]
        assert got == _single_process(claims)

    def test_memory_filesystem_and_one_file_in_blocks(self):
        """An fsspec URL (memory://) in and out; one file read in several byte blocks."""
        import fsspec  # noqa: PLC0415

        claims = first_week_2022()
        fs = fsspec.filesystem("memory")
        with fs.open("/in/claims.jsonl", "w") as fh:
            write_jsonl(claims, fh)
        with dask.config.set(scheduler="synchronous"):
            reconcile_files(
                "memory://in/claims.jsonl", "memory://out", blocksize=4096, partitions=3
            )
        got = [dumps(subject) for subject in read_results("memory://out")]
        assert got == _single_process(claims)

    def test_policy_and_as_of_pass_through(self, tmp_path):
        """The policy and as_of reach every partition's reconciliation."""
        import datetime as dt  # noqa: PLC0415

        claims = first_week_2022()
        _write_parts(tmp_path, claims, 2)
        as_of = dt.datetime(2022, 2, 27, tzinfo=dt.UTC)
        with dask.config.set(scheduler="threads"):
            reconcile_files(
                str(tmp_path / "claims-*.jsonl"),
                str(tmp_path / "out"),
                policy=UCDP,
                as_of=as_of,
                partitions=3,
            )
        got = [dumps(subject) for subject in read_results(str(tmp_path / "out"))]
        assert got == _single_process(claims, policy=UCDP, as_of=as_of)

    def test_parquet_holds_every_result(self, tmp_path):
        """Parquet output: one row per subject, the whole result in its json column."""
        pq = pytest.importorskip("pyarrow.parquet")
        claims = first_week_2022()
        rows = _parquet_rows(pq, tmp_path, claims, partitions=2)
        assert sorted(row["json"] for row in rows) == sorted(_single_process(claims))
        assert all(row["key"] in row["json"] for row in rows)

    def test_many_more_partitions_than_blocks(self, tmp_path):
        """Forty partitions from three blocks: each subject still reconciled in one."""
        claims, summary = _reference_in_three_files(tmp_path, partitions=40)
        got = [dumps(subject) for subject in read_results(str(tmp_path / "out"))]
        assert got == _single_process(claims)
        assert 1 < len(summary.files) <= 40

    def test_lenient_reads_unknown_fields(self, tmp_path):
        """lenient: lines with fields of a newer version (in the subject too) are read."""
        import json  # noqa: PLC0415

        claims = first_week_2022()
        lines = []
        for claim in claims:
            data = json.loads(dumps(claim))
            data["colour"] = "red"
            data["subject"]["shade"] = "dark"
            lines.append(json.dumps(data))
        (tmp_path / "claims.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        with dask.config.set(scheduler="synchronous"):
            with pytest.raises(ValidationError, match="unknown field"):
                reconcile_files(str(tmp_path / "claims.jsonl"), str(tmp_path / "strict"))
            with pytest.warns(IgnoredFieldsWarning):
                reconcile_files(
                    str(tmp_path / "claims.jsonl"),
                    str(tmp_path / "out"),
                    lenient=True,
                    blocksize=2048,
                    partitions=3,
                )
        got = [dumps(subject) for subject in read_results(str(tmp_path / "out"))]
        assert got == _single_process(claims)

    def test_an_invalid_line_is_reported(self, tmp_path):
        """A line that is not a valid claim stops the run with a ValidationError."""
        (tmp_path / "claims.jsonl").write_text('{"type": "claim"}\n', encoding="utf-8")
        with dask.config.set(scheduler="synchronous"), pytest.raises(ValidationError):
            reconcile_files(str(tmp_path / "claims.jsonl"), str(tmp_path / "out"))


class TestDistributed:
    def test_local_cluster(self, tmp_path):
        """On a distributed cluster of two workers the files equal one process's result."""
        distributed = pytest.importorskip("distributed")
        claims = first_week_2022()
        _write_parts(tmp_path, claims, 3)
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
            ) as cluster,
            distributed.Client(cluster),
        ):
            summary = reconcile_files(
                str(tmp_path / "claims-*.jsonl"), str(tmp_path / "out"), partitions=4
            )
        got = [dumps(subject) for subject in read_results(str(tmp_path / "out"))]
        assert got == _single_process(claims)
        assert summary.claims == reconcile(claims).claim_count


_BAD_LINES = [
    b'{"format":"conflictevents/1"}',  # a header, but not the file's first line
    b'{"type": "claim"}',
    b"nope",
    b"[1, 2]",
    b'{"type":"claim","id":"\xff"}',  # not UTF-8
]


def _read_jsonl_error(data, *, claims_only=False):
    """The errors read_jsonl reports for the file holding ``data`` (None: it reads it)."""
    import io  # noqa: PLC0415

    from conflictevents import Claim, read_jsonl  # noqa: PLC0415
    from conflictevents.reports import Assessment  # noqa: PLC0415

    try:
        list(read_jsonl(io.BytesIO(data), type=Claim if claims_only else Claim | Assessment))
    except ValidationError as error:
        return error.errors
    return None


_OPENINGS = [  # what may open a file: a byte order mark, the header, both, or neither
    b"",
    b"\xef\xbb\xbf",
    b'{"format":"conflictevents/1"}\n',
    b'\xef\xbb\xbf{"format": "conflictevents/1"}\r\n',
]


@st.composite
def _jsonl_files(draw):
    """Claims, and a JSON Lines file of them: any opening, line ends and blank lines."""
    claims = draw(st.lists(cst.claims(), max_size=8))
    opening = draw(st.sampled_from(_OPENINGS))
    end = draw(st.sampled_from([b"\n", b"\r\n", b"\n\n", b"\n \t\n"]))
    return claims, opening + end.join(dumps(claim).encode() for claim in claims) + end


_BLOCKSIZES = st.sampled_from([None, 256, 1024, 4096])


class TestFirstBadLine:
    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        st.lists(
            st.tuples(st.sampled_from(_BAD_LINES), st.integers(0, 40)), min_size=1, max_size=3
        ),
        st.integers(0, 2),
        st.sampled_from([None, 512, 2048]),
        st.integers(1, 4),
    )
    def test_the_first_bad_line_is_named(self, bad, files_before, blocksize, partitions):
        """Bad lines anywhere: the error is read_jsonl's for the first, with its line and file."""
        import io  # noqa: PLC0415

        import fsspec  # noqa: PLC0415

        from conflictevents import Claim, read_jsonl  # noqa: PLC0415
        from conflictevents.reports import Assessment  # noqa: PLC0415

        fs = fsspec.filesystem("memory")
        if fs.exists("/first-bad"):
            fs.rm("/first-bad", recursive=True)
        lines = [dumps(claim).encode() for claim in first_week_2022() if isinstance(claim, Claim)]
        good = b"\n".join(lines) + b"\n"
        for i in range(files_before):  # good files first, in name order
            with fs.open(f"/first-bad/{i}.jsonl", "wb") as fh:
                fh.write(good)
        bad_lines = list(lines)
        for text, place in sorted(bad, key=lambda b: -b[1]):
            bad_lines.insert(1 + place % len(lines), text)
        data = b"\n".join(bad_lines) + b"\n"
        with fs.open(f"/first-bad/{files_before}.jsonl", "wb") as fh:
            fh.write(data)
        with fs.open(f"/first-bad/{files_before + 1}.jsonl", "wb") as fh:
            fh.write(b"nope\n" + good)  # a later file's bad line is not the first
        with pytest.raises(ValidationError) as expected:
            list(read_jsonl(io.BytesIO(data), type=Claim | Assessment))
        with dask.config.set(scheduler="synchronous"), pytest.raises(ValidationError) as raised:
            reconcile_files(
                "memory://first-bad/*.jsonl",
                "memory://first-bad-out",
                blocksize=blocksize,
                partitions=partitions,
            )
        assert raised.value.errors == expected.value.errors
        assert raised.value.line == expected.value.line
        assert raised.value.__notes__ == [f"in memory:///first-bad/{files_before}.jsonl"]


class TestByteBlocks:
    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(_jsonl_files(), _BLOCKSIZES, st.integers(1, 6))
    def test_any_blocks_and_line_ends(self, file, blocksize, partitions):
        """Byte-order mark, header, CRLF, blank lines, any block size: one process's result."""
        import fsspec  # noqa: PLC0415

        claims, data = file
        fs = fsspec.filesystem("memory")
        with fs.open("/blocks/claims.jsonl", "wb") as fh:
            fh.write(data)
        if fs.exists("/blocks-out"):
            fs.rm("/blocks-out", recursive=True)  # the previous example's files
        with dask.config.set(scheduler="synchronous"):
            reconcile_files(
                "memory://blocks/claims.jsonl",
                "memory://blocks-out",
                blocksize=blocksize,
                partitions=partitions,
            )
        got = [dumps(subject) for subject in read_results("memory://blocks-out")]
        assert got == _single_process(claims)

    @settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        st.sampled_from(_BAD_LINES),
        st.integers(0, 30),
        st.sampled_from([None, 512, 2048, 8192]),
        st.integers(1, 4),
    )
    def test_a_bad_line_anywhere(self, bad, place, blocksize, partitions):
        """A bad line, wherever it falls in the blocks, raises read_jsonl's error for it."""
        import fsspec  # noqa: PLC0415

        lines = [dumps(claim).encode() for claim in first_week_2022()]
        place = 1 + place % len(lines)  # after the first line: a header there is valid
        data = b"\n".join([*lines[:place], bad, *lines[place:]]) + b"\n"
        expected = _read_jsonl_error(data)
        assert expected is not None
        fs = fsspec.filesystem("memory")
        with fs.open("/bad/claims.jsonl", "wb") as fh:
            fh.write(data)
        with (
            dask.config.set(scheduler="synchronous"),
            pytest.raises(ValidationError) as raised,
        ):
            reconcile_files(
                "memory://bad/claims.jsonl",
                "memory://bad-out",
                blocksize=blocksize,
                partitions=partitions,
            )
        assert raised.value.errors == expected

    def test_an_empty_file_writes_nothing(self, tmp_path):
        """An empty input file, read whole or in blocks, gives an empty summary."""
        (tmp_path / "claims.jsonl").write_bytes(b"")
        for blocksize in (None, 1024):
            with dask.config.set(scheduler="synchronous"):
                summary = reconcile_files(
                    str(tmp_path / "claims.jsonl"), str(tmp_path / "out"), blocksize=blocksize
                )
            assert (summary.files, summary.subjects, summary.claims) == ((), 0, 0)


@st.composite
def _claims_and_assessments(draw):
    """Claims, and assessments of their subjects or of subjects no claim is about."""
    claims = draw(st.lists(cst.claims(), max_size=8))
    said = [claim.subject for claim in claims]
    subjects = st.one_of(st.sampled_from(said), cst.subjects()) if said else cst.subjects()
    ids = st.sampled_from([None, *(claim.id for claim in claims)])
    assessments = draw(st.lists(cst.assessments(subjects=subjects, claim_ids=ids), max_size=6))
    return draw(st.permutations([*claims, *assessments]))


class TestAssessments:
    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(_claims_and_assessments(), st.integers(1, 3), st.integers(1, 6))
    def test_written_as_the_cli_writes_them(self, records, files, partitions):
        """Claims and assessments: the subjects, then the unmatched, as one process writes."""
        import io  # noqa: PLC0415
        import tempfile  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        from conflictevents._cli.render import write_json  # noqa: PLC0415

        expected = io.StringIO()
        write_json(reconcile(records), expected)
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            _write_parts(root, records, files)
            with dask.config.set(scheduler="synchronous"):
                summary = reconcile_files(
                    str(root / "claims-*.jsonl"), str(root / "out"), partitions=partitions
                )
            got = [dumps(subject) + "\n" for subject in read_results(str(root / "out"))]
            unmatched = root / "out" / "unmatched-assessments.jsonl"
            if unmatched.exists():
                got.append(unmatched.read_text(encoding="utf-8"))
                assert summary.files[-1] == str(unmatched)
        assert "".join(got) == expected.getvalue()
        whole = reconcile(records)
        assert summary.unmatched_assessments == len(whole.unmatched_assessments)
        assert summary.assessments == summary.unmatched_assessments + sum(
            len(subject.assessments) for subject in whole
        )

    def test_unmatched_in_parquet(self, tmp_path):
        """Parquet output: the unmatched assessments in a file of their own, one row each."""
        pq = pytest.importorskip("pyarrow.parquet")
        import attrs  # noqa: PLC0415

        from conflictevents.examples import first_week_2022_assessments  # noqa: PLC0415

        claims = first_week_2022()
        (kherson,) = first_week_2022_assessments().values()
        elsewhere = attrs.evolve(
            kherson,
            id="A-odesa",
            subject=attrs.evolve(
                kherson.subject, place=attrs.evolve(kherson.subject.place, name="Odesa")
            ),
        )
        records = [*claims, kherson, elsewhere]
        rows = _parquet_rows(pq, tmp_path, records, partitions=3)
        whole = reconcile(records)
        subjects = [row["json"] for row in rows if "status" in row]
        unmatched = [row["json"] for row in rows if "status" not in row]
        assert sorted(subjects) == sorted(dumps(s) for s in whole)
        assert unmatched == [dumps(elsewhere)]
        assert whole.unmatched_assessments == (elsewhere,)

    @pytest.mark.parametrize("partitions", [1, 2, 3, 8])
    def test_one_id_in_two_partitions(self, tmp_path, partitions):
        """Two unmatched assessments with one id, in any partitions: one is kept, as in one."""
        import attrs  # noqa: PLC0415

        from conflictevents.examples import first_week_2022_assessments  # noqa: PLC0415

        (kherson,) = first_week_2022_assessments().values()
        one_id = [
            attrs.evolve(
                kherson,
                id="A-1",
                subject=attrs.evolve(
                    kherson.subject, place=attrs.evolve(kherson.subject.place, name=name)
                ),
            )
            for name in ("Odesa", "Mykolaiv")
        ]
        records = [*first_week_2022(), *one_id]
        (kept,) = reconcile(records).unmatched_assessments
        _write_parts(tmp_path, records, 2)
        with dask.config.set(scheduler="synchronous"):
            summary = reconcile_files(
                str(tmp_path / "claims-*.jsonl"), str(tmp_path / "out"), partitions=partitions
            )
        written = (tmp_path / "out" / "unmatched-assessments.jsonl").read_text(encoding="utf-8")
        assert written == dumps(kept) + "\n"
        assert summary.unmatched_assessments == 1


class TestReadClaimsInBlocks:
    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(_jsonl_files(), _BLOCKSIZES)
    def test_any_blocks_read_as_read_jsonl(self, file, blocksize):
        """Any opening, line ends and block size: the bag holds the file's claims, in order."""
        import fsspec  # noqa: PLC0415

        claims, data = file
        with fsspec.filesystem("memory").open("/read/claims.jsonl", "wb") as fh:
            fh.write(data)
        bag = read_claims("memory://read/claims.jsonl", blocksize=blocksize)
        with dask.config.set(scheduler="synchronous"):
            assert bag.compute() == claims

    @settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        st.sampled_from(_BAD_LINES),
        st.integers(0, 30),
        st.sampled_from([None, 512, 2048, 8192]),
    )
    def test_a_bad_line_anywhere(self, bad, place, blocksize):
        """A bad line, wherever it falls in the blocks, raises read_jsonl's error for it."""
        import fsspec  # noqa: PLC0415

        lines = [dumps(claim).encode() for claim in first_week_2022()]
        place = 1 + place % len(lines)  # after the first line: a header there is valid
        data = b"\n".join([*lines[:place], bad, *lines[place:]]) + b"\n"
        with fsspec.filesystem("memory").open("/read-bad/claims.jsonl", "wb") as fh:
            fh.write(data)
        bag = read_claims("memory://read-bad/claims.jsonl", blocksize=blocksize)
        with (
            dask.config.set(scheduler="synchronous"),
            pytest.raises(ValidationError) as raised,
        ):
            bag.compute()
        assert raised.value.errors == _read_jsonl_error(data, claims_only=True)


def _at_the_limit(offset, ending):
    """A claim line of MAX_DOCUMENT_BYTES + ``offset`` bytes (padded inside), then ``ending``."""
    from conflictevents._json import MAX_DOCUMENT_BYTES  # noqa: PLC0415

    text = dumps(first_week_2022()[0]).encode()
    return text[:-1] + b" " * (MAX_DOCUMENT_BYTES + offset - len(text)) + b"}" + ending


class TestDocumentLimit:
    @settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        st.sampled_from([-2, -1, 0, 1]),
        st.sampled_from([b"\n", b"\r\n", b""]),
        st.booleans(),
        st.sampled_from([None, 1 << 20]),
    )
    def test_a_line_at_the_limit_as_read_jsonl(self, offset, ending, last, blocksize):
        """A line at the document limit, its line end counted, is refused as read_jsonl does."""
        import fsspec  # noqa: PLC0415

        other = dumps(first_week_2022()[1]).encode() + b"\n"
        long = _at_the_limit(offset, ending if ending or last else b"\n")
        data = other + long if last else long + other
        expected = _read_jsonl_error(data)
        fs = fsspec.filesystem("memory")
        with fs.open("/limit/claims.jsonl", "wb") as fh:
            fh.write(data)
        runs = (
            lambda: reconcile_files(
                "memory://limit/claims.jsonl", "memory://limit-out", blocksize=blocksize
            ),
            lambda: read_claims("memory://limit/claims.jsonl", blocksize=blocksize).compute(),
        )
        assert [_errors_of(run) for run in runs] == [expected, expected]


def _errors_of(run):
    """The errors of the ValidationError ``run`` raises on the synchronous scheduler (None)."""
    with dask.config.set(scheduler="synchronous"):
        try:
            run()
        except ValidationError as error:
            return error.errors
    return None


class TestPieces:
    @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(st.lists(cst.claims(), max_size=16), st.integers(1, 3))
    def test_each_file_in_key_order(self, claims, partitions):
        """Each partition's file holds its subjects in key order, as one process writes them."""
        import tempfile  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        whole = _single_process(claims)
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            _write_parts(root, claims, 2)
            with dask.config.set(scheduler="synchronous"):
                summary = reconcile_files(
                    str(root / "claims-*.jsonl"), str(root / "out"), partitions=partitions
                )
            written = []
            for name in summary.files:
                lines = Path(name).read_text(encoding="utf-8").splitlines()
                assert lines == [line for line in whole if line in set(lines)]
                written += lines
        assert sorted(written) == sorted(whole)  # together: every subject, once

    def test_reference_article_in_one_partition(self, tmp_path):
        """All subjects in one partition, reconciled piece by piece: one process's file."""
        claims, summary = _reference_in_three_files(tmp_path, partitions=1)
        written = (tmp_path / "out" / "part-00000.jsonl").read_text(encoding="utf-8")
        assert written == "".join(line + "\n" for line in _single_process(claims))
        assert summary.files == (str(tmp_path / "out" / "part-00000.jsonl"),)


class TestCollectorPaused:
    @settings(max_examples=20, deadline=None)
    @given(st.booleans(), st.integers(1, 4), st.integers(1, 3))
    def test_paused_inside_restored_after(self, enabled, threads, depth):
        """Threads nested in the pause: the collector is off inside, as it was once all leave."""
        import contextlib  # noqa: PLC0415
        import gc  # noqa: PLC0415
        import threading  # noqa: PLC0415

        from conflictevents._shards import collector_paused  # noqa: PLC0415

        inside = threading.Barrier(threads)
        seen = []

        def task():
            with contextlib.ExitStack() as stack:
                for _ in range(depth):
                    stack.enter_context(collector_paused())
                inside.wait()  # all threads inside at once
                seen.append(gc.isenabled())
                inside.wait()  # none leaves before all have looked

        was = gc.isenabled()
        (gc.enable if enabled else gc.disable)()
        try:
            workers = [threading.Thread(target=task) for _ in range(threads)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            after = gc.isenabled()
        finally:
            (gc.enable if was else gc.disable)()
        assert seen == [False] * threads
        assert after is enabled

    @pytest.mark.parametrize("enabled", [True, False])
    def test_reconcile_files_leaves_the_collector_as_found(self, tmp_path, enabled, monkeypatch):
        """Partitions are reconciled with the collector paused; it is as it was after."""
        import gc  # noqa: PLC0415

        import conflictevents.extra.dask as module  # noqa: PLC0415

        seen = []

        def watched(*args, **kwargs):
            seen.append(gc.isenabled())
            return reconcile(*args, **kwargs)

        monkeypatch.setattr(module, "reconcile", watched)
        _write_parts(tmp_path, first_week_2022(), 2)
        was = gc.isenabled()
        (gc.enable if enabled else gc.disable)()
        try:
            with dask.config.set(scheduler="threads", num_workers=2):
                reconcile_files(
                    str(tmp_path / "claims-*.jsonl"), str(tmp_path / "out"), partitions=2
                )
            after = gc.isenabled()
        finally:
            (gc.enable if was else gc.disable)()
        assert seen
        assert not any(seen)
        assert after is enabled
