"""Scale-out benchmark: one process against ``reconcile_files`` on a local cluster.

One command (from the repository root)::

    .venv/bin/python benchmarks/scale_out.py --mb 1024 --rounds 3   # 1 GB of JSON Lines
    .venv/bin/python benchmarks/scale_out.py --mb 50                 # quick

The input is generated once under a temporary folder (never committed): a pool of
claims drawn from ``conflictevents.strategies`` with a fixed seed, copied with new ids
until the files reach ``--mb`` megabytes (4 files). Each contestant runs in a fresh
Python process, the two in turn (the order rotates each round), and the table shows
medians of wall time and the caller's peak memory (``ru_maxrss``), with each worker's
peak beside the cluster's run:

- ``one process``: ``reconcile(read_jsonl(...))`` of every file, results written as
  JSON Lines (what ``conflictevents reconcile --format json`` does).
- ``dask, N workers``: ``reconcile_files`` on a ``distributed.LocalCluster`` of ``N``
  worker processes with one thread each; the caller only gets the summary.

The ratio ``dask / one process`` is the figure to read; on a machine with other load
only ratios from one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(folder: Path, megabytes: int, files: int = 4) -> int:
    """Write ``files`` JSON Lines files of about ``megabytes`` in all; the claim count."""
    import attrs  # noqa: PLC0415
    from hypothesis import HealthCheck, given, seed, settings  # noqa: PLC0415

    from conflictevents import dumps  # noqa: PLC0415
    from conflictevents import strategies as cst  # noqa: PLC0415

    pool: list = []

    @seed(20261129)
    @settings(max_examples=2000, database=None, suppress_health_check=list(HealthCheck))
    @given(cst.claims())
    def draw(claim: object) -> None:
        pool.append(claim)

    draw()
    budget = megabytes * 1_000_000
    handles = [(folder / f"claims-{i}.jsonl").open("w", encoding="utf-8") for i in range(files)]
    written = count = 0
    copy = 0
    while written < budget:
        for claim in pool:
            line = dumps(attrs.evolve(claim, id=f"{claim.id}.{copy}")) + "\n"
            handles[count % files].write(line)
            written += len(line)
            count += 1
        copy += 1
    for handle in handles:
        handle.close()
    return count


def run_single(folder: str, out: str) -> dict[str, float]:
    from conflictevents import dumps, read_jsonl, reconcile  # noqa: PLC0415

    claims = [c for path in sorted(Path(folder).glob("claims-*.jsonl")) for c in read_jsonl(path)]
    with Path(out).open("w", encoding="utf-8") as handle:
        handle.writelines(dumps(subject) + "\n" for subject in reconcile(claims))
    return {}


def run_dask(folder: str, out: str, workers: int) -> dict[str, float]:
    from distributed import Client, LocalCluster  # noqa: PLC0415

    from conflictevents.extra.dask import reconcile_files  # noqa: PLC0415

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        reconcile_files(f"{folder}/claims-*.jsonl", out, partitions=4 * workers)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return {"worker_peak_mb": max(peaks.values()) / 1024}


def child(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    extra = (
        run_single(args.folder, args.out)
        if args.run == "single"
        else run_dask(args.folder, args.out, args.workers)
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "caller_peak_mb": peak, **extra}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=50, help="megabytes of JSON Lines")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--run", choices=["single", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        child(args)
        return
    with tempfile.TemporaryDirectory() as folder:
        count = generate(Path(folder), args.mb)
        size = sum(p.stat().st_size for p in Path(folder).glob("claims-*.jsonl")) / 1e6
        print(f"{count:,} claims, {size:,.0f} MB of JSON Lines, load {os.getloadavg()[0]:.1f}")
        names = ["single", "dask"]
        results: dict[str, list[dict[str, float]]] = {n: [] for n in names}
        for round_ in range(args.rounds):
            for name in names[round_ % 2 :] + names[: round_ % 2]:
                out = f"{folder}/out-{name}" + (".jsonl" if name == "single" else "")
                command = [sys.executable, __file__, "--run", name, "--folder", folder]
                command += ["--out", out, "--workers", str(args.workers)]
                line = subprocess.run(command, capture_output=True, text=True, check=False)
                if line.returncode:
                    sys.exit(f"{name} failed:\n{line.stderr}")
                results[name].append(json.loads(line.stdout.strip().splitlines()[-1]))
        single = statistics.median(r["seconds"] for r in results["single"])
        print(f"{'contestant':<24}{'wall s':>10}{'ratio':>8}{'caller MB':>11}{'worker MB':>11}")
        for name in names:
            seconds = statistics.median(r["seconds"] for r in results[name])
            caller = statistics.median(r["caller_peak_mb"] for r in results[name])
            worker = [r["worker_peak_mb"] for r in results[name] if "worker_peak_mb" in r]
            label = "one process" if name == "single" else f"dask, {args.workers} workers"
            shown = f"{statistics.median(worker):>11.0f}" if worker else f"{'':>11}"
            print(f"{label:<24}{seconds:>10.1f}{seconds / single:>8.2f}{caller:>11.0f}{shown}")
        print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
