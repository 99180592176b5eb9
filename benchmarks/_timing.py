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
