"""``reconcile()`` of this tree against an older tree and the pandas anchor, in one run.

One command (from the repository root), with the older commit checked out elsewhere::

    git worktree add --detach /tmp/old <commit>
    .venv/bin/python benchmarks/reconcile_against.py /tmp/old --n 100000 --rounds 7

``--claims FILE`` keeps the claims in a pickle between runs (drawing them takes minutes).

The claims are those of ``benchmarks/reconcile.py`` (``build(n, draw_pool())``), pickled
once and loaded by three worker processes: ``reconcile`` of the older tree, of this
tree, and the pandas anchor (``pandas_reconcile`` on ``claims_frame``, building the
frame not timed). Each worker reconciles once to warm up (the spans' cached keys), then
the parent asks them in turn, the order rotating each round; each answers the CPU time
(``time.process_time``) of one call, the collector paused. Medians, and the load average.
Before timing, each tree's ``dumps`` of the result is compared: the run stops if they
differ.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import tempfile
from pathlib import Path

from _timing import WORKER_LOOP, in_turn, started, stopped

HERE = Path(__file__).resolve().parent
WORKER = """
import gc, hashlib, pickle, sys, time
root, what, path = sys.argv[1:4]
sys.path.insert(0, root + "/src")
import conflictevents as ce
assert ce.__file__.startswith(root), ce.__file__
with open(path, "rb") as fh:
    claims = pickle.load(fh)
if what == "pandas":
    sys.path.insert(0, {here!r})
    import reconcile as bench
    frame = bench.claims_frame(claims)
    run = lambda: bench.pandas_reconcile(frame)
    print("-", len(claims), flush=True)
else:
    run = lambda: ce.reconcile(claims)
    print(hashlib.sha256(ce.dumps(run()).encode()).hexdigest(), len(claims), flush=True)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the root of the older tree (a git worktree)")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--claims",
        type=Path,
        help="a pickle of the claims: read if it exists (--n is then ignored), else written",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.claims or Path(tmp) / "claims.pickle"
        if not path.exists():
            sys.path.insert(0, str(HERE))
            import reconcile as bench  # noqa: PLC0415 - this tree's, with its strategies

            path.write_bytes(pickle.dumps(bench.build(args.n, bench.draw_pool()), protocol=5))
        worker = WORKER.format(here=str(HERE))
        roots = {"old": args.old, "new": str(HERE.parent), "pandas": str(HERE.parent)}
        procs, lines = started(
            {
                name: [sys.executable, "-c", worker + WORKER_LOOP, root, name, str(path)]
                for name, root in roots.items()
            }
        )
        first = {name: line.split() for name, line in lines.items()}
        digests = {name: digest for name, (digest, _) in first.items()}
        count = int(first["new"][1])
        if digests["old"] != digests["new"]:
            stopped(procs)
            print(f"the trees' results differ: {digests}")
            return 1
        names = list(procs)
        times = {name: t for (name, _mode), t in in_turn(procs, args.rounds).items()}
    med = {name: statistics.median(values) for name, values in times.items()}
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{count:,} claims, {args.rounds} interleaved rounds, CPU s medians, GC paused")
    print(f"results equal (sha256 of dumps {digests['new'][:12]}); load average {load}")
    for name in names:
        print(f"{name:<8}{med[name]:>8.3f} s{med[name] / med['pandas']:>8.2f}x pandas")
    print(f"new / old {med['new'] / med['old']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
