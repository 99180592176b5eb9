"""Scale-out benchmark: one process against ``reconcile_files`` and ``reconcile --jobs``.

One command (from the repository root)::

    .venv/bin/python benchmarks/scale_out.py --mb 1024 --rounds 3 --folder /tmp/so-1g  # 1 GB
    .venv/bin/python benchmarks/scale_out.py --mb 50 --rounds 1                         # quick

The input is generated once (into ``--folder``, kept for the next run with the same
``--mb``; else a temporary folder): a pool of claims drawn from
``conflictevents.strategies`` with a fixed seed, each written once as JSON and then
copied, as text with a new id, until the files reach ``--mb`` megabytes (4 files).
Generation streams to disk: memory holds the pool, never the files. Each contestant
runs in a fresh Python process, all of them in turn (the order rotates each round), and
the table shows medians of wall time, the caller's peak memory (Linux's ``VmHWM`` of
the process that asked, else ``ru_maxrss``), and each worker's peak beside the
cluster's run and ``--jobs``, in MB and per claim the worker held (its share: claims /
workers):

- ``one process``: ``reconcile(read_jsonl(...))`` of every file, results written as
  JSON Lines by the writer ``conflictevents reconcile --format json`` uses in one process
  (``_cli.render.write_json``), with Python's cyclic
  collector paused (``gc.disable()``), as the CLI and the workers of the other two pause
  it: the anchor every ratio is taken to.
- ``one process, GC on``: the same with the collector running, beside.
- ``dask, N workers``: ``reconcile_files`` on a ``distributed.LocalCluster`` of ``N``
  worker processes with one thread each; the caller only gets the summary.
- ``--jobs N``: ``conflictevents reconcile --jobs N --format json`` of the files (no Dask).
- ``dask before`` (with ``--dask-before SRC``): the cluster's run with an older
  checkout's ``src`` first on ``PYTHONPATH`` (in the caller and the workers), beside
  this code's in the same rounds.

The ratio to one process is the figure to read; on a machine with other load only
ratios from one run mean anything (the load average is printed before and after). The
CPU seconds of every process of a contestant (the caller, and the pool's processes or
the cluster's workers) are shown too: the work done, which load does not change, where
wall time is what the user waits.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(folder: Path, megabytes: int, files: int = 4) -> int:
    """Write ``files`` JSON Lines files of about ``megabytes`` in all; the claim count.

    Each pool claim is encoded once; its copies are that text with the id replaced,
    written as they are made (checked against ``dumps`` of the copy for the first).
    """
    import attrs  # noqa: PLC0415
    import orjson  # noqa: PLC0415
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
    templates = []
    for claim in pool:
        text = dumps(claim)
        quoted = orjson.dumps(claim.id).decode()
        assert text.endswith(f'"id":{quoted}}}'), "the id is the last field"
        template = text.removesuffix(f"{quoted}}}") + quoted[:-1]  # the id's quote left open
        assert f'{template}.0"}}' == dumps(attrs.evolve(claim, id=f"{claim.id}.0"))
        templates.append(template)
    budget = megabytes * 1_000_000
    handles = [(folder / f"claims-{i}.jsonl").open("w", encoding="utf-8") for i in range(files)]
    written = count = copy_ = 0
    while written < budget:
        for template in templates:
            line = f'{template}.{copy_}"}}\n'
            handles[count % files].write(line)
            written += len(line)
            count += 1
        copy_ += 1
    for handle in handles:
        handle.close()
    (folder / "claims.count").write_text(f"{count} {megabytes}\n", encoding="utf-8")
    return count


def prepared(folder: Path, megabytes: int) -> int:
    """The claim count of the input in ``folder``, generated unless it is there already."""
    marker = folder / "claims.count"
    if marker.exists():
        count, size = marker.read_text(encoding="utf-8").split()
        if int(size) == megabytes:
            return int(count)
    folder.mkdir(parents=True, exist_ok=True)
    return generate(folder, megabytes)


def run_single(folder: str, out: str, *, paused: bool) -> dict[str, float]:
    from conflictevents import read_jsonl, reconcile  # noqa: PLC0415
    from conflictevents._cli.render import write_json  # noqa: PLC0415

    if paused:  # the anchor: collector paused, as the workers of the other two pause it
        gc.disable()
    claims = [c for path in sorted(Path(folder).glob("claims-*.jsonl")) for c in read_jsonl(path)]
    with Path(out).open("w", encoding="utf-8") as handle:
        write_json(reconcile(claims), handle)  # the CLI's one-process writer
    return {}


def run_dask(folder: str, out: str, workers: int, partitions: int = 0) -> dict[str, float]:
    from distributed import Client, LocalCluster  # noqa: PLC0415

    from conflictevents.extra.dask import reconcile_files  # noqa: PLC0415

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter()  # the cluster is up: what a user of a running one waits
        summary = reconcile_files(
            f"{folder}/claims-*.jsonl", out, partitions=partitions or 4 * workers
        )
        on_cluster = time.perf_counter() - start
        usages = client.run(_usage)
    peak = max(maxrss for maxrss, _cpu in usages.values()) * 1024  # bytes
    share = summary.claims / workers
    return {
        "worker_peak_mb": peak / 2**20,
        "worker_kb_per_claim": peak / 1024 / share,
        "on_cluster_s": on_cluster,
    }


def _usage() -> tuple[int, float]:
    """This process's peak memory (KiB) and CPU seconds (user and system).

    The peak is Linux's ``VmHWM`` where there is one: ``ru_maxrss`` keeps, across
    ``exec``, the peak of the process that was forked, so a contestant started by a
    parent that generated the input (or a worker started from the cluster's process)
    would report at least that parent's memory.
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1])  # kB
    return peak, usage.ru_utime + usage.ru_stime


def run_jobs(folder: str, out: str, workers: int) -> dict[str, float]:
    from conflictevents.cli import main  # noqa: PLC0415

    files = sorted(str(p) for p in Path(folder).glob("claims-*.jsonl"))
    code = main(["reconcile", *files, "--jobs", str(workers), "--format", "json", "-o", out])
    if code:
        sys.exit(f"reconcile --jobs {workers} exited {code}")
    # The pool's processes, reaped by now: the largest peak among them (forked from this
    # process, so it counts the pages they share with it at first).
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # bytes
    claims = int((Path(folder) / "claims.count").read_text(encoding="utf-8").split()[0])
    return {"worker_peak_mb": peak / 2**20, "worker_kb_per_claim": peak / 1024 / (claims / workers)}


def child(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    if args.run in ("single", "single-gc"):
        extra = run_single(args.folder, args.out, paused=args.run == "single")
    elif args.run == "dask":
        extra = run_dask(args.folder, args.out, args.workers, args.partitions)
    else:
        extra = run_jobs(args.folder, args.out, args.workers)
    elapsed = time.perf_counter() - start
    peak, cpu = _usage()
    # The pool's processes, the cluster's nannies and their workers: all reaped by now.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += children.ru_utime + children.ru_stime
    print(json.dumps({"seconds": elapsed, "cpu_s": cpu, "caller_peak_mb": peak / 1024, **extra}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=50, help="megabytes of JSON Lines")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="reconcile_files' partitions (default: 4 per worker)",
    )
    parser.add_argument(
        "--folder", help="where the input is generated and kept (default: a temporary folder)"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["single", "single-gc", "dask", "jobs"],
        default=["single", "single-gc", "dask", "jobs"],
        help="the contestants (one process is always the anchor)",
    )
    parser.add_argument(
        "--dask-before",
        metavar="SRC",
        help="an older checkout's src: its reconcile_files runs beside ('dask before')",
    )
    parser.add_argument(
        "--run", choices=["single", "single-gc", "dask", "jobs"], help=argparse.SUPPRESS
    )
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        child(args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.folder or scratch)
        count = prepared(folder, args.mb)
        size = sum(p.stat().st_size for p in folder.glob("claims-*.jsonl")) / 1e6
        print(f"{count:,} claims, {size:,.0f} MB of JSON Lines, load {_load()}")
        names = ["single", *(n for n in args.only if n != "single")]
        if args.dask_before:
            names.append("dask-before")
        results: dict[str, list[dict[str, float]]] = {n: [] for n in names}
        for round_ in range(args.rounds):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                run = name.removesuffix("-before")
                out = f"{scratch}/out-{name}" + ("" if run == "dask" else ".jsonl")
                command = [sys.executable, __file__, "--run", run, "--folder", str(folder)]
                command += ["--out", out, "--workers", str(args.workers)]
                command += ["--partitions", str(args.partitions)]
                env = dict(os.environ)
                if name == "dask-before":
                    env["PYTHONPATH"] = os.pathsep.join(
                        [str(Path(args.dask_before).resolve()), env.get("PYTHONPATH", "")]
                    ).rstrip(os.pathsep)
                line = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
                if line.returncode:
                    sys.exit(f"{name} failed:\n{line.stderr}")
                results[name].append(json.loads(line.stdout.strip().splitlines()[-1]))
                if run == "dask":
                    shutil.rmtree(out, ignore_errors=True)
        _table(results, args.workers)
        print(f"load after: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _table(results: dict[str, list[dict[str, float]]], workers: int) -> None:
    def median(name: str, field: str) -> float | None:
        found = [r[field] for r in results[name] if field in r]
        return statistics.median(found) if found else None

    single = median("single", "seconds") or 1.0
    labels = {
        "single": "one process",
        "single-gc": "one process, GC on",
        "dask": f"dask, {workers} workers",
        "jobs": f"--jobs {workers}",
        "dask-before": "dask before",
    }
    single_cpu = median("single", "cpu_s") or 1.0
    print(
        f"{'contestant':<20}{'wall s':>9}{'ratio':>8}{'CPU s':>9}{'ratio':>8}{'caller MB':>11}"
        f"{'worker MB':>11}{'KB/claim':>10}"
    )
    for name in results:
        seconds = median(name, "seconds") or 0.0
        cpu = median(name, "cpu_s") or 0.0
        caller = median(name, "caller_peak_mb") or 0.0
        worker, per_claim = median(name, "worker_peak_mb"), median(name, "worker_kb_per_claim")
        shown = "" if worker is None else f"{worker:>11.0f}{per_claim:>10.1f}"
        print(
            f"{labels[name]:<20}{seconds:>9.1f}{seconds / single:>8.2f}{cpu:>9.1f}"
            f"{cpu / single_cpu:>8.2f}{caller:>11.0f}{shown}"
        )
    for name in ("dask", "dask-before"):
        on_cluster = median(name, "on_cluster_s") if name in results else None
        if on_cluster is not None:
            print(
                f"{labels[name]}, without starting the cluster: "
                f"{on_cluster:.1f} s, {on_cluster / single:.2f}x one process"
            )


if __name__ == "__main__":
    main()
