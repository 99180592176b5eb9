"""Reconciliation benchmark: claims/s and peak memory, single process and Dask.

One command (from the repository root)::

    .venv/bin/python benchmarks/reconcile.py                 # 100 000 and 1 000 000 claims
    .venv/bin/python benchmarks/reconcile.py --n 20000 --reps 3   # quick

The claims come from ``conflictevents.strategies.claims()`` with a fixed seed: a pool
of distinct claims about a few hundred shared subjects by the strategies' claimants
(one in ten a denial) is drawn once (drawing a million from Hypothesis would take an
hour), then the big list is made from it by cheap variation: claim ``i`` is pool
claim ``i % pool`` restated ``i // pool`` days later, with its own id, and for counts
with a period starting up to 29 days later. Variants are copied field by field without
re-running validators: every field is a value a valid claim has.

Scenarios, per size, interleaved and repeated (medians):

- ``reconcile``: ``reconcile(claims)`` in this process, GC paused in the timed call,
  with the GC-on time beside it.
- ``partitions+merge``: the same claims in 2 partitions reconciled one after the other
  and merged: the single-process cost of the Dask recipe's shape.
- ``dask 2 procs``: ``conflictevents.extra.dask.reconcile_bag`` on a bag read from JSON
  Lines files with the multiprocessing scheduler and 2 workers, against
  ``jsonl 1 proc``: reading the same files and reconciling in this process.

Peak memory is what Python allocates during the call beyond what was live before it
(``tracemalloc``, in a separate untimed run): the claims themselves are not counted,
the result and every temporary are. The JSON Lines / Dask comparison runs up to
``--dask-max`` claims (100 000 by default: decoding a million claims takes minutes).
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import dask
import pendulum
from _timing import interleaved, rotated, timed
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import conflictevents as ce
from conflictevents import strategies as cst
from conflictevents.extra.dask import read_claims, reconcile_bag

POOL = 2_000
_MARCH_2022 = pendulum.datetime(2022, 3, 1)


def _subjects() -> st.SearchStrategy[ce.Subject]:
    since = ce.TimeSpan.since(pendulum.datetime(2022, 2, 24, tz="Europe/Kyiv"))
    places = [ce.Location(name=n, country="UA") for n in ("Kherson", "Kyiv", "Kharkiv", "Mariupol")]
    return st.one_of(
        cst.casualty_counts(
            sides=st.sampled_from(["RU", "UA"]),
            categories=st.sampled_from(ce.Category),
            outcomes=st.sampled_from(ce.Outcome),
            periods=st.just(since),
            places=st.none(),
        ),
        cst.equipment_losses(sides=st.sampled_from(["RU", "UA"])),
        cst.territorial_controls(
            places=st.sampled_from(places), controllers=st.sampled_from(["RU", "UA"])
        ),
        cst.subjects(),
    )


def draw_pool(size: int = POOL) -> list[ce.Claim]:
    pool: list[ce.Claim] = []

    @seed(20220224)
    @settings(
        max_examples=size,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        cst.claims(
            subjects=_subjects(),
            claimants=cst.sources(sides=st.sampled_from(["RU", "UA", None])),
            stances=st.sampled_from([ce.Stance.ASSERTS] * 9 + [ce.Stance.DENIES]),
        )
    )
    def collect(claim: ce.Claim) -> None:
        pool.append(claim)

    collect()
    distinct = {claim.id: claim for claim in pool}
    return [distinct[i] for i in sorted(distinct)]


def _copy(obj: Any, **changes: Any) -> Any:
    """A field-by-field copy with some fields replaced, validators not re-run."""
    cls = type(obj)
    new = object.__new__(cls)
    for f in attrs.fields(cls):
        object.__setattr__(new, f.name, changes.get(f.name, getattr(obj, f.name)))
    return new


def _shift(span: ce.TimeSpan | None, days: int) -> ce.TimeSpan | None:
    if span is None or days == 0:
        return span
    return _copy(
        span,
        start=None if span.start is None else span.start.add(days=days),
        end=None if span.end is None else span.end.add(days=days),
    )


def build(n: int, pool: list[ce.Claim]) -> list[ce.Claim]:
    """``n`` claims from the pool by cheap variation (see the module docs)."""
    size = len(pool)
    stated_cache: dict[tuple[int, int], ce.TimeSpan | None] = {}
    subject_cache: dict[tuple[int, int], ce.Subject] = {}
    out: list[ce.Claim] = []
    for i in range(n):
        j, day = i % size, i // size
        base = pool[j]
        if day == 0:
            out.append(base)
            continue
        stated = stated_cache.get((j, day))
        if stated is None:
            stated = _shift(base.stated, day) or ce.TimeSpan.instant(_MARCH_2022.add(days=day))
            stated_cache[(j, day)] = stated
        subject = base.subject
        shift = day % 30
        if shift and isinstance(subject, ce.CasualtyCount | ce.EquipmentLoss) and subject.period:
            key = (j, shift)
            cached = subject_cache.get(key)
            if cached is None:
                cached = subject_cache[key] = _copy(subject, period=_shift(subject.period, shift))
            subject = cached
        out.append(_copy(base, stated=stated, subject=subject, id=f"{base.id}-{day}"))
    return out


# -- timing ---------------------------------------------------------------------------------


def _partitioned(claims: list[ce.Claim]) -> ce.Reconciliation:
    half = len(claims) // 2
    return ce.reconcile(claims[:half]).merge(ce.reconcile(claims[half:]))


def _write_jsonl(claims: list[ce.Claim], folder: Path, parts: int) -> list[str]:
    paths = []
    size = math.ceil(len(claims) / parts)
    for p in range(parts):
        path = folder / f"claims-{p}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            ce.write_jsonl(claims[p * size : (p + 1) * size], fh)
        paths.append(str(path))
    return paths


def _jsonl_single(paths: list[str]) -> ce.Reconciliation:
    result = ce.Reconciliation()
    for path in paths:
        with Path(path).open(encoding="utf-8") as fh:
            result = result.merge(ce.reconcile(ce.read_jsonl(fh, type=ce.Claim)))
    return result


def _jsonl_dask(paths: list[str]) -> ce.Reconciliation:
    bag = read_claims(paths, blocksize=None)
    with dask.config.set(scheduler="processes", num_workers=2):
        return reconcile_bag(bag)


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes Python allocated during ``fn()`` beyond what was live before (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="claims (repeatable)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--dask-max", type=int, default=100_000, help="largest n for the JSON Lines/Dask runs"
    )
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args(argv)
    sizes = args.n or [100_000, 1_000_000]

    t0 = time.perf_counter()
    pool = draw_pool()
    print(f"pool: {len(pool)} distinct claims drawn in {time.perf_counter() - t0:.1f} s")
    per_claim: dict[int, float] = {}
    for n in sizes:
        t0 = time.perf_counter()
        claims = build(n, pool)
        result = ce.reconcile(claims)
        print(
            f"\nn = {n:,}: built in {time.perf_counter() - t0:.1f} s; "
            f"{len(result):,} subjects, {result.claim_count:,} claims kept"
        )
        assert _partitioned(claims) == result
        scenarios: dict[str, Callable[[], Any]] = {
            "reconcile": lambda claims=claims: ce.reconcile(claims),
            "partitions+merge": lambda claims=claims: _partitioned(claims),
        }
        times, times_gc = interleaved(scenarios, args.reps)
        names = list(scenarios)
        base = statistics.median(times["reconcile"])
        per_claim[n] = base / n
        print(f"{'scenario':<20}{'median s':>10}{'GC on s':>10}{'claims/s':>14}{'ratio':>8}")
        for name in names:
            med = statistics.median(times[name])
            print(
                f"{name:<20}{med:>10.3f}{statistics.median(times_gc[name]):>10.3f}"
                f"{n / med:>14,.0f}{med / base:>8.2f}"
            )
        if not args.no_dask and n <= args.dask_max:
            with tempfile.TemporaryDirectory() as tmp:
                paths = _write_jsonl(claims, Path(tmp), parts=4)
                assert _jsonl_dask(paths) == result
                jt: dict[str, list[float]] = {"jsonl 1 proc": [], "dask 2 procs": []}
                for rep in range(max(1, args.reps // 2)):
                    pairs = [("jsonl 1 proc", _jsonl_single), ("dask 2 procs", _jsonl_dask)]
                    for name, fn in rotated(pairs, rep):
                        jt[name].append(timed(lambda fn=fn, paths=paths: fn(paths), gc_on=True)[0])
                single = statistics.median(jt["jsonl 1 proc"])
                for name, values in jt.items():
                    med = statistics.median(values)
                    print(f"{name:<20}{med:>10.3f}{'':>10}{n / med:>14,.0f}{med / single:>8.2f}")
        if not args.no_memory:
            for name in names:
                mib = peak_memory(scenarios[name]) / 2**20
                print(f"peak memory {name:<20}{mib:>8.0f} MiB ({mib * 2**20 / n:,.0f} B/claim)")
    if len(per_claim) > 1:
        small, large = min(per_claim), max(per_claim)
        growth = per_claim[large] / per_claim[small]
        nlogn = math.log(large) / math.log(small)
        print(
            f"\ntime per claim grows x{growth:.2f} from {small:,} to {large:,} "
            f"(n log n would be x{nlogn:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
