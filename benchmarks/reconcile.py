"""Reconciliation benchmark: claims/s and peak memory, single process and Dask.

One command (from the repository root)::

    .venv/bin/python benchmarks/reconcile.py                 # 100 000 and 1 000 000 claims
    .venv/bin/python benchmarks/reconcile.py --n 20000 --reps 3   # quick

The claims come from ``conflictevents.strategies.claims()`` with a fixed seed: a pool
of distinct claims about a few hundred shared subjects by the strategies' claimants
(one in ten a denial) is drawn once (drawing a million from Hypothesis would take an
hour), then the big list is made from it by cheap variation: claim ``i`` is pool
claim ``i % pool`` restated ``day = i // pool`` days later, with its own id, about a
variant of its subject (generation ``day // restated``: a count's period moved that
many days, an event's id, a place's name suffixed), so that each claimant restates
each subject ``restated`` times and there are about ``--subjects`` subjects (n / 10 by
default: 100 000 subjects for a million claims). Variants are copied field by field
without re-running validators: every field is a value a valid claim has.

Scenarios, per size, interleaved and repeated (medians):

- ``reconcile``: ``reconcile(claims)`` in this process, GC paused in the timed call,
  with the GC-on time beside it.
- ``partitions+merge``: the same claims in 2 partitions reconciled one after the other
  and merged: the single-process cost of the Dask recipe's shape.
- ``pandas groupby``: the anchor, :func:`pandas_reconcile` on a frame that already holds
  one row per claim (:func:`claims_frame`: subject key, claimant, instant, low, high;
  building it is not timed). Per subject key it takes each claimant's latest row, the
  min/max range of their figures and the status consistent / divergent (do the current
  bounds overlap?). It does *not* do what else ``reconcile`` does: denials
  (contested / denied / conceded), versions of one id settled by recorded time, ties
  broken by stated time and id, cumulative series aligned on a common date, unknown
  status for counts without figures, disputed details of identified events, part
  ranges, the envelope over superseded figures, spread, estimates, assessments, nor
  building validated result objects. ``columnar`` anchors against the same function.
- ``columnar``: ``conflictevents.interop.tables.reconcile_table`` on an Arrow table that
  already holds the claims (``to_arrow(claims, reconcilable=True)``; building it is not
  timed, as the pandas frame is not): every column ``to_pandas(reconcile(...))`` gives,
  checked equal to the object path's before timing. The run prints how many subjects it
  hands to the object path (versions of one id, disputed details). ``columnar, plain
  keys`` reads the same table with its dictionary-encoded key columns as plain text (as
  earlier versions wrote them). ``--columnar-before SRC`` runs an older checkout's
  ``reconcile_table`` beside it (``columnar before``), on the plain-text form.

Times are CPU seconds of this process (``time.process_time``), so that other processes
on a loaded machine disturb them less; the ratios are what count.
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
import os
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
import numpy as np
import pandas as pd
import pendulum
import pyarrow as pa
from _timing import interleaved, rotated, timed
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import conflictevents as ce
from conflictevents import strategies as cst
from conflictevents.extra.dask import read_claims, reconcile_bag
from conflictevents.interop import _columnar
from conflictevents.interop._columnar import result_table
from conflictevents.interop.tables import reconcile_table, to_arrow
from conflictevents.reports import Presence

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


def _place_variant(place: ce.Location | None, generation: int) -> ce.Location | None:
    if place is None:
        return None
    return _copy(place, name=f"{place.name} {generation}", ids=())


def _subject_variant(subject: ce.Subject, generation: int) -> ce.Subject:
    """A copy of ``subject`` with another subject key, one per generation."""
    if isinstance(subject, ce.CasualtyCount | ce.EquipmentLoss):
        if subject.period is not None and subject.period.start is not None:
            return _copy(subject, period=_shift(subject.period, generation))
        return _copy(subject, event=f"{subject.event or 'bench'}-{generation}")
    if isinstance(subject, ce.TerritorialControl | Presence):
        return _copy(subject, place=_place_variant(subject.place, generation))
    return _copy(subject, id=f"{subject.id}-{generation}")


def build(n: int, pool: list[ce.Claim], *, subjects: int | None = None) -> list[ce.Claim]:
    """``n`` claims from the pool by cheap variation (see the module docs).

    About ``subjects`` subjects (``n // 10`` by default; at least the pool's own).
    """
    size = len(pool)
    days = max(1, math.ceil(n / size))
    distinct = len({ce.subject_key(c) for c in pool})
    generations = max(1, math.ceil((subjects or n // 10) / distinct))
    restated = max(1, math.ceil(days / generations))
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
        generation = day // restated
        if generation:
            key = (j, generation)
            cached = subject_cache.get(key)
            if cached is None:
                cached = subject_cache[key] = _subject_variant(subject, generation)
            subject = cached
        out.append(_copy(base, stated=stated, subject=subject, id=f"{base.id}-{day}"))
    return out


# -- the pandas anchor ------------------------------------------------------------------

_NO_TIME = -(2**63)


def claims_frame(claims: list[ce.Claim]) -> pd.DataFrame:
    """One row per claim: ``key``, ``claimant``, ``instant``, ``low``, ``high``.

    ``key`` is the subject key, ``claimant`` the claimant's identity, ``instant`` the
    claim's "as of" (:attr:`~conflictevents.Claim.as_of`) in microseconds since the
    epoch (the earliest int64 when unknown), ``low`` / ``high`` the bounds of an asserted
    figure (an open low is 0, an open high missing; both missing without a figure).
    The frame a user whose claims are already a table would start from.
    """
    keys, claimants, instants, lows, highs = [], [], [], [], []
    for claim in claims:
        keys.append(ce.subject_key(claim.subject))
        claimants.append(claim.claimant.identity)
        as_of = claim.as_of
        instants.append(_NO_TIME if as_of is None else round(as_of.timestamp() * 1_000_000))
        quantity = claim.quantity if claim.stance is ce.Stance.ASSERTS else None
        lows.append(None if quantity is None else quantity.low or 0)
        highs.append(None if quantity is None else quantity.high)
    return pd.DataFrame(
        {
            "key": keys,
            "claimant": claimants,
            "instant": pd.array(instants, dtype="int64"),
            "low": pd.array(lows, dtype="Int64"),
            "high": pd.array(highs, dtype="Int64"),
        }
    )


def pandas_reconcile(frame: pd.DataFrame) -> pd.DataFrame:
    """The pandas anchor: per subject key, each claimant's latest row, range and status.

    Returns one row per key (sorted): ``low`` (the smallest current low), ``high``
    (the largest current high; missing when some current figure is open above or no
    claimant gives a figure), ``figures`` (how many current figures) and ``status``
    (``"consistent"`` when the current bounds overlap or there is no figure,
    ``"divergent"`` otherwise). See the module docs for what it leaves out.
    """
    current = frame.sort_values("instant", kind="stable").drop_duplicates(
        ["key", "claimant"], keep="last"
    )
    figures = current[current["low"].notna()]
    grouped = figures.groupby("key", sort=False)
    out = grouped.agg(
        low=("low", "min"),
        high=("high", "max"),
        highest_low=("low", "max"),
        lowest_high=("high", "min"),
        figures=("low", "size"),
        highs=("high", "count"),
    )
    out.loc[out["highs"] < out["figures"], "high"] = pd.NA
    overlap = out["lowest_high"].isna() | (out["highest_low"] <= out["lowest_high"])
    out["status"] = np.where(overlap.to_numpy(dtype=bool), "consistent", "divergent")
    out = out[["low", "high", "figures", "status"]].reindex(current["key"].unique())
    out["figures"] = out["figures"].fillna(0).astype("int64")
    out["status"] = out["status"].fillna("consistent")
    return out.sort_index()


def pandas_agreement(table: pd.DataFrame, result: ce.Reconciliation) -> tuple[int, int]:
    """How many subjects pandas and ``reconcile`` agree on, of those it can judge.

    Judged: the subjects without denials, version collisions, cumulative series or
    disputed details, where both compute the same thing; agreement: same status
    (``unknown`` counting as consistent) and the same range.
    """
    judged = agreed = 0
    for subject in result:
        if (
            subject.aligned_on is not None
            or subject.aligned_earlier
            or any(not s.aligned for s in subject.current)
            or subject.disputed
            or subject.version_collisions
            or any(s.stance is ce.Stance.DENIES for s in subject.current)
            or subject.status not in _PANDAS_STATUSES
        ):
            continue
        judged += 1
        row = table.loc[subject.key]
        status = (
            "consistent" if subject.status is ce.ReconciliationStatus.UNKNOWN else subject.status
        )
        low = None if pd.isna(row["low"]) else int(row["low"])
        high = None if pd.isna(row["high"]) else int(row["high"])
        wanted = (None, None) if subject.range is None else (subject.range.low, subject.range.high)
        agreed += row["status"] == status and (low, high) == wanted
    return agreed, judged


_PANDAS_STATUSES = frozenset(
    {
        ce.ReconciliationStatus.CONSISTENT,
        ce.ReconciliationStatus.DIVERGENT,
        ce.ReconciliationStatus.UNKNOWN,
    }
)


def _by_objects(arrow: Any) -> int:
    """How many subjects ``reconcile_table`` hands to the object path."""
    return _columnar.objects_needed(arrow)


def _plain_keys(arrow: Any) -> Any:
    """``arrow`` with its dictionary-encoded columns as plain text (earlier versions' form)."""
    for index, field in enumerate(arrow.schema):
        if pa.types.is_dictionary(field.type):
            text = arrow.column(index).cast(field.type.value_type)
            arrow = arrow.set_column(index, field.with_type(text.type), text)
    return arrow


def _columnar_before(src: str) -> Any:
    """The ``interop._columnar`` module of an older checkout, loaded beside this one.

    It imports the rest of the library from this checkout (relative imports).
    """
    import importlib.util  # noqa: PLC0415

    path = Path(src) / "conflictevents" / "interop" / "_columnar.py"
    name = "conflictevents.interop._columnar_before"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    # it reads this checkout's column list: give it back the plain-text key columns
    # it was written for (dictionary-encoded since)
    fields = list(module._input_schema())  # noqa: SLF001
    plain = pa.schema(
        [f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in fields]
    )
    module._input_schema = lambda: plain  # noqa: SLF001
    return module


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


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="claims (repeatable)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--subjects", type=int, help="about how many subjects (default: a tenth of the claims)"
    )
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--dask-max", type=int, default=100_000, help="largest n for the JSON Lines/Dask runs"
    )
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument(
        "--columnar-before",
        metavar="SRC",
        help="an older checkout's src: its reconcile_table runs beside ('columnar before')",
    )
    args = parser.parse_args(argv)
    sizes = args.n or [100_000, 1_000_000]

    t0 = time.perf_counter()
    pool = draw_pool()
    print(f"pool: {len(pool)} distinct claims drawn in {time.perf_counter() - t0:.1f} s")
    per_claim: dict[int, float] = {}
    for n in sizes:
        t0 = time.perf_counter()
        claims = build(n, pool, subjects=args.subjects)
        result = ce.reconcile(claims)
        frame = claims_frame(claims)
        table = pandas_reconcile(frame)
        agreed, judged = pandas_agreement(table, result)
        print(
            f"\nn = {n:,}: built in {time.perf_counter() - t0:.1f} s; "
            f"{len(result):,} subjects, {result.claim_count:,} claims kept; pandas gives "
            f"{len(table):,} keys and agrees on {agreed:,} of the {judged:,} subjects it judges"
        )
        assert list(table.index) == list(result.keys)
        arrow = to_arrow(claims, reconcilable=True)
        assert reconcile_table(arrow).equals(result_table(result))
        print(f"columnar: {_by_objects(arrow):,} subjects through the object path")
        assert _partitioned(claims) == result
        scenarios: dict[str, Callable[[], Any]] = {
            "reconcile": lambda claims=claims: ce.reconcile(claims),
            "partitions+merge": lambda claims=claims: _partitioned(claims),
            "pandas groupby": lambda frame=frame: pandas_reconcile(frame),
            "columnar": lambda arrow=arrow: reconcile_table(arrow),
        }
        plain = _plain_keys(arrow)  # the key columns as earlier versions wrote them
        assert reconcile_table(plain).equals(result_table(result))
        scenarios["columnar, plain keys"] = lambda plain=plain: reconcile_table(plain)
        if args.columnar_before:
            before = _columnar_before(args.columnar_before)
            assert before.reconcile_table(plain, policy=ce.CONSERVATIVE, as_of=None).equals(
                reconcile_table(arrow)
            )
            scenarios["columnar before"] = lambda plain=plain, before=before: (
                before.reconcile_table(plain, policy=ce.CONSERVATIVE, as_of=None)
            )
        times, times_gc = interleaved(scenarios, args.reps, clock=time.process_time)
        names = list(scenarios)
        base = statistics.median(times["reconcile"])
        anchor = statistics.median(times["pandas groupby"])
        anchor_gc = statistics.median(times_gc["pandas groupby"])
        per_claim[n] = base / n
        print(f"CPU s, medians of {args.reps} interleaved rounds; load average {_load()}")
        print(
            f"{'scenario':<20}{'GC off s':>10}{'GC on s':>10}{'claims/s':>14}"
            f"{'÷ pandas':>10}{'GC on':>8}"
        )
        for name in names:
            med, med_gc = statistics.median(times[name]), statistics.median(times_gc[name])
            print(
                f"{name:<20}{med:>10.3f}{med_gc:>10.3f}"
                f"{n / med:>14,.0f}{med / anchor:>10.2f}{med_gc / anchor_gc:>8.2f}"
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
            for name in names[:2]:
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
