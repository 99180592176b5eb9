"""Writing reconciled results as JSON: this tree against an older tree and orjson's floor.

One command (from the repository root), with the older commit checked out elsewhere::

    git worktree add --detach /tmp/old <commit>
    .venv/bin/python benchmarks/result_writing.py /tmp/old --file claims.jsonl --lines 30000

The claims are the first ``--lines`` lines of a JSON Lines file (``benchmarks/scale_out.py``
writes such files: ``--folder /tmp/scale-out-1g`` keeps them). Four worker processes
read them and reconcile them once (not timed), then the parent asks them in turn, the
order rotating each round; each answers the CPU time (``time.process_time``) of writing
every subject's result, with the collector paused and, beside it, running:

- ``old``: ``dumps(result)`` of each result, the older tree;
- ``new``: ``dumps(result)`` of each result, this tree;
- ``new writer``: the writer of ``conflictevents reconcile --format json``
  (``_cli.render.write_json``), this tree;
- ``orjson floor``: ``orjson.dumps`` of each result's JSON tree, parsed beforehand from
  its text (plain dicts and lists: the bytes written, with no model to read).

Before timing, the workers' texts are compared (sha256): the run stops if they differ.
Medians, ratios to the floor and new / old, and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

from _timing import WORKER_LOOP, in_turn, started, stopped

HERE = Path(__file__).resolve().parent
WORKER = """
import gc, hashlib, io, itertools, sys, time
root, what, path, lines = sys.argv[1:5]
sys.path.insert(0, root + "/src")
import orjson
import conflictevents as ce
assert ce.__file__.startswith(root), ce.__file__
claims = list(itertools.islice(ce.read_jsonl(path), int(lines)))
result = ce.reconcile(claims)
if what == "floor":
    trees = [orjson.loads(ce.dumps(s)) for s in result]
    def run():
        return b"".join(orjson.dumps(t) + b"\\n" for t in trees).decode()
elif what == "writer":
    from conflictevents._cli.render import write_json
    def run():
        out = io.StringIO()
        write_json(result, out)
        return out.getvalue()
else:
    def run():
        return "".join(ce.dumps(s) + "\\n" for s in result)
text = run()
print(hashlib.sha256(text.encode()).hexdigest(), len(claims), len(result.subjects), flush=True)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the root of the older tree (a git worktree)")
    parser.add_argument("--file", type=Path, required=True, help="a JSON Lines file of claims")
    parser.add_argument("--lines", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    new = str(HERE.parent)
    workers = {
        "old": (args.old, "dumps"),
        "new": (new, "dumps"),
        "new writer": (new, "writer"),
        "orjson floor": (new, "floor"),
    }
    files = [str(args.file), str(args.lines)]
    procs, first = started(
        {
            name: [sys.executable, "-c", WORKER + WORKER_LOOP, root, what, *files]
            for name, (root, what) in workers.items()
        }
    )
    digests = {line.split()[0] for line in first.values()}
    if len(digests) != 1:
        stopped(procs)
        print(f"the workers wrote different texts: {first}")
        return 1
    _digest, claims, subjects = first["new"].split()
    names = list(procs)
    times = in_turn(procs, args.rounds, ("off", "on"))
    med = {key: statistics.median(values) for key, values in times.items()}
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{int(claims):,} claims, {int(subjects):,} subjects, {args.rounds} interleaved rounds,")
    print(f"CPU medians; texts equal (sha256 {_digest[:12]}); load average {load}")
    floor = med["orjson floor", "off"]
    print(f"{'':<14}{'GC paused':>10}{'µs/claim':>10}{'÷ floor':>9}{'GC on':>10}")
    for name in names:
        off, on = med[name, "off"], med[name, "on"]
        per = off / int(claims) * 1e6
        print(f"{name:<14}{off:>9.3f}s{per:>10.2f}{off / floor:>8.2f}x{on:>9.3f}s")
    print(f"new / old {med['new', 'off'] / med['old', 'off']:.2f} (GC on ", end="")
    print(f"{med['new', 'on'] / med['old', 'on']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
