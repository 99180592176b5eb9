"""Start-up benchmark: ``import conflictevents`` against ``from pydantic import BaseModel``.

One command (from the repository root)::

    .venv/bin/python benchmarks/startup.py              # 21 rounds
    .venv/bin/python benchmarks/startup.py --rounds 7   # quick
    .venv/bin/python benchmarks/startup.py --also before=/path/to/old/src

Each contestant is a whole new interpreter (``python -c '<import>'``), so its start-up,
the imports and the interpreter's exit are all counted, as a user pays them. A round
starts every contestant once, in an order that rotates each round; the figure is the
CPU time (user + system) the operating system accounts to the finished child
(``os.wait4``), which a loaded machine disturbs less than wall time. The table gives
the median of each contestant and the median of the per-round ratios to the anchor
(pydantic): a ratio taken within a round stays meaningful when the machine's speed
drifts between rounds. ``python -c pass`` is timed too: the interpreter's own floor.

Every child may read and write bytecode caches (``PYTHONDONTWRITEBYTECODE`` is dropped
from its environment), and an untimed first run of each writes them: an installed
package has its ``.pyc`` files, written when pip installs it. Without them every start
compiles the package's source, which would dwarf what this measures.

``--also NAME=SRC`` adds ``import conflictevents`` from another source tree (an older
checkout's ``src``, put first on ``PYTHONPATH``), for before/after figures in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from _timing import rotated

ANCHOR = "pydantic"


def cpu_seconds(code: str, env: dict[str, str]) -> float:
    """User + system seconds of a fresh ``python -c code``, as the OS accounts them."""
    process = subprocess.Popen(  # the child is waited for by wait4, which reports its usage
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        msg = f"python -c {code!r} exited {process.returncode}"
        raise RuntimeError(msg)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--also", action="append", default=[], metavar="NAME=SRC")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    contestants: dict[str, tuple[str, dict[str, str]]] = {
        "conflictevents": ("import conflictevents", env),
        ANCHOR: ("from pydantic import BaseModel", env),
        "python -c pass": ("pass", env),
    }
    for spec in args.also:
        name, _, src = spec.partition("=")
        path = os.pathsep.join(filter(None, (src, env.get("PYTHONPATH"))))
        contestants[f"conflictevents ({name})"] = (
            "import conflictevents",
            {**env, "PYTHONPATH": path},
        )

    for code, child_env in contestants.values():  # warm the file cache, write the .pyc files
        cpu_seconds(code, child_env)
    times: dict[str, list[float]] = {name: [] for name in contestants}
    for round_ in range(args.rounds):
        for name in rotated(list(contestants), round_):
            times[name].append(cpu_seconds(*contestants[name]))

    print(f"{args.rounds} rounds, load average {os.getloadavg()[0]:.2f} at the end")
    print(f"{'command':32} {'CPU ms (median)':>16} {'÷ ' + ANCHOR + ' (median of rounds)':>28}")
    for name, seconds in times.items():
        ratio = statistics.median(a / b for a, b in zip(seconds, times[ANCHOR], strict=True))
        print(f"{name:32} {1000 * statistics.median(seconds):16.1f} {ratio:28.3f}")


if __name__ == "__main__":
    main()
