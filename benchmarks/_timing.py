"""The timing harness the benchmarks share: interleaved rounds, GC paused, medians.

Each benchmark runs its alternatives in one process, in an order that rotates each
round (so none always runs first, on a warm or a cold cache), and reports medians of
the rounds. The collector is paused inside the timed call, and the same call with the
collector on is timed beside it. A script imports this module as ``_timing`` (Python
puts the script's folder first on ``sys.path``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping, Sequence
from subprocess import PIPE, Popen
from typing import TypeVar

_T = TypeVar("_T")


def timed(
    function: Callable[[], _T], *, gc_on: bool, clock: Callable[[], float] = time.perf_counter
) -> tuple[float, _T]:
    """Seconds one call takes (collector paused unless ``gc_on``), and its result.

    The result is returned, so freeing it is not part of the time. ``clock`` is wall
    time by default; ``time.process_time`` gives this process's CPU time, which other
    processes on a loaded machine disturb far less.
    """
    gc.collect()
    if not gc_on:
        gc.disable()
    try:
        start = clock()
        result = function()
        elapsed = clock() - start
    finally:
        gc.enable()
    return elapsed, result


def rotated(names: Sequence[_T], round_: int) -> list[_T]:
    """The names in the order of one round: the order rotates each round."""
    k = round_ % len(names)
    return [*names[k:], *names[:k]]


def interleaved(
    contestants: Mapping[str, Callable[[], object]],
    rounds: int,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Time every contestant once per round, interleaved: (GC paused, GC on) seconds by name.

    ``clock`` as in :func:`timed`.
    """
    off: dict[str, list[float]] = {name: [] for name in contestants}
    on: dict[str, list[float]] = {name: [] for name in contestants}
    for round_ in range(rounds):
        for name in rotated(list(contestants), round_):
            off[name].append(timed(contestants[name], gc_on=False, clock=clock)[0])
            on[name].append(timed(contestants[name], gc_on=True, clock=clock)[0])
    return off, on


WORKER_LOOP = """
for _command in sys.stdin:
    gc.collect()
    if _command.strip() != "on":  # "off" (any word but "on"): the collector paused
        gc.disable()
    _start = time.process_time()
    run()
    _spent = time.process_time() - _start
    gc.enable()
    print(_spent, flush=True)
"""
"""The end of a worker script (``python -c``) timed by :func:`in_turn`.

The script imports ``gc``, ``sys`` and ``time``, defines ``run()``, prints one line
(what the parent compares before timing), then ends with this loop: each line read
asks for one call of ``run``, timed in CPU time (``"on"``: with the collector running).
"""


def started(commands: Mapping[str, Sequence[str]]) -> tuple[dict[str, Popen[str]], dict[str, str]]:
    """Worker processes by name, started from ``commands``, and the first line each printed."""
    procs = {
        name: Popen(list(command), stdin=PIPE, stdout=PIPE, text=True)
        for name, command in commands.items()
    }
    return procs, {name: _read(proc) for name, proc in procs.items()}


def in_turn(
    procs: Mapping[str, Popen[str]], rounds: int, modes: Sequence[str] = ("off",)
) -> dict[tuple[str, str], list[float]]:
    """CPU seconds of one call per worker and mode per round, the order rotating; then stop them."""
    times: dict[tuple[str, str], list[float]] = {(n, m): [] for n in procs for m in modes}
    try:
        for round_ in range(rounds):
            for name in rotated(list(procs), round_):
                for mode in modes:
                    stdin = procs[name].stdin
                    assert stdin is not None
                    stdin.write(f"{mode}\n")
                    stdin.flush()
                    times[name, mode].append(float(_read(procs[name])))
    finally:
        stopped(procs)
    return times


def stopped(procs: Mapping[str, Popen[str]]) -> None:
    """Close each worker's input (its loop ends) and wait for it."""
    for proc in procs.values():
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait()


def _read(proc: Popen[str]) -> str:
    assert proc.stdout is not None
    return proc.stdout.readline()
