"""Reading benchmark: resolve_time, Quantity.parse and TimeSpan.sort_key against floors.

One command (from the repository root)::

    .venv/bin/python benchmarks/reading.py              # 7 rounds
    .venv/bin/python benchmarks/reading.py --rounds 3   # quicker

Contestants, run in one process, interleaved (the order rotates each round), medians of
the rounds, the collector paused inside the timed call with the GC-on figure beside it:

- ``resolve_time``: the 16 time expressions of the reference article, 200 times each,
  against its dateline; floor: ``pendulum.parse`` of an ISO date (no grounding at all).
- ``Quantity.parse``: the 1626 General Staff personnel figures written as news does
  ("about 2,800", "more 5,840"); floor: ``int()`` of the digits alone.
- ``sort_key``: sorting 20,000 spans drawn from ``conflictevents.strategies``; floor:
  sorting by the start's float timestamp (not a total order, a lower bound on cost).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
from collections.abc import Callable
from pathlib import Path

import pendulum
from _timing import interleaved
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import Quantity, TimeSpan, resolve_time
from conflictevents.strategies import time_spans

STAFF = Path(__file__).resolve().parent.parent / "tests" / "data" / "general-staff"
WORDS = (
    "Wednesday",
    "on Wednesday",
    "early Thursday",
    "late Wednesday",
    "Thursday morning",
    "on Monday",
    "a week ago",
    "previously",
    "since the war began",
    "since Russia invaded",
    "so far",
    "Saturday. 01.04.2023",
    "02 March 2022",
    "earlier",
    "later",
    "as the war ends its first week",
)
DATELINE = dt.date(2022, 3, 3)
ANCHORS = {"invasion": dt.date(2022, 2, 24), "war": dt.date(2022, 2, 24)}


def _figures() -> list[str]:
    rows = json.loads((STAFF / "russia_losses_personnel.json").read_text(encoding="utf-8"))
    return [f"{row['personnel*']} {row['personnel']:,}" for row in rows]


def _spans(n: int) -> list[TimeSpan]:
    drawn: list[TimeSpan] = []

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(time_spans(), min_size=50, max_size=50))
    def collect(batch: list[TimeSpan]) -> None:
        drawn.extend(batch)

    collect()
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    figures = _figures()
    spans = _spans(400)
    texts = WORDS * 200

    contestants: dict[str, Callable[[], object]] = {
        "resolve_time": lambda: [
            resolve_time(t, reference=DATELINE, tz="Europe/Kyiv", anchors=ANCHORS) for t in texts
        ],
        "resolve_time floor (pendulum.parse)": lambda: [
            pendulum.parse("2022-03-02", tz="Europe/Kyiv") for _ in texts
        ],
        "Quantity.parse": lambda: [Quantity.parse(f) for f in figures],
        "Quantity.parse floor (int)": lambda: [
            int(f.rsplit(" ", 1)[-1].replace(",", "")) for f in figures
        ],
        "sort_key": lambda: sorted(spans, key=TimeSpan.sort_key),
        "sort_key floor (timestamp)": lambda: sorted(
            spans, key=lambda s: s.start.timestamp() if s.start is not None else float("-inf")
        ),
    }
    sizes = {
        "resolve_time": len(texts),
        "Quantity.parse": len(figures),
        "sort_key": len(spans),
    }
    off, on = interleaved(contestants, args.rounds)
    names = list(contestants)

    print(f"{'contestant':40} {'n':>7} {'GC off µs/item':>15} {'GC on':>10}")
    for name in names:
        n = sizes[name.split(" floor")[0]]
        med_off = statistics.median(off[name]) / n * 1e6
        med_on = statistics.median(on[name]) / n * 1e6
        print(f"{name:40} {n:7} {med_off:15.2f} {med_on:10.2f}")
    for name in sizes:
        ratio = statistics.median(off[name]) / statistics.median(
            off[f"{name} floor" + _floor(name)]
        )
        print(f"{name}: {ratio:.1f}x its floor (GC off)")


def _floor(name: str) -> str:
    return {
        "resolve_time": " (pendulum.parse)",
        "Quantity.parse": " (int)",
        "sort_key": " (timestamp)",
    }[name]


if __name__ == "__main__":
    main()
