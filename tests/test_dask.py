"""Reconciling with Dask (the ``dask`` extra) gives exactly the single-process result."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import UCDP, ValidationError, dumps, reconcile, write_jsonl
from conflictevents import strategies as cst
from conflictevents.examples import first_week_2022

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
