"""Import benchmark: the UCDP sample and the full General Staff series, rows/s and memory.

One command (from the repository root)::

    .venv/bin/python benchmarks/interop.py              # 5 rounds
    .venv/bin/python benchmarks/interop.py --rounds 3   # quicker

Files: ``tests/data/ucdp`` (894 UCDP GED rows, Windows-1252) and
``tests/data/general-staff`` (the equipment and personnel series, 2 x 1626 records,
with the correction file). Contestants per data set, run in one process, interleaved
(the order rotates each round), medians of the rounds:

- ``conflictevents``: the streaming reader, every claim built and discarded.
- ``conflictevents + to_arrow``: the same, converted to an Arrow table.
- ``floor``: the stdlib parse alone (``csv.DictReader`` / ``json.load``), no objects.

The collector is paused inside the timed call (``gc.disable``); the GC-on figure
stands beside it. Peak memory is measured separately with ``tracemalloc`` (traced
Python allocations during one call), streaming and discarding versus keeping every
claim in a list: the first stays flat because the readers stream.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import statistics
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from _timing import rotated, timed

from conflictevents import Claim
from conflictevents.interop import ImportStream, general_staff, tables, ucdp

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
UCDP = DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"
STAFF = DATA / "general-staff"
SERIES = (STAFF / "russia_losses_equipment.json", STAFF / "russia_losses_personnel.json")
CORRECTIONS = STAFF / "russia_losses_equipment_correction.json"


def ucdp_stream() -> tuple[int, int]:
    stream = ucdp.read(UCDP, encoding="cp1252", on_error="collect")
    claims = sum(1 for _ in stream)
    return stream.rows, claims


def ucdp_keep() -> tuple[int, int]:
    stream = ucdp.read(UCDP, encoding="cp1252", on_error="collect")
    kept = list(stream)
    return stream.rows, len(kept)


def ucdp_arrow() -> tuple[int, int]:
    stream = ucdp.read(UCDP, encoding="cp1252", on_error="collect")
    table = tables.to_arrow(stream)
    return stream.rows, table.num_rows


def ucdp_floor() -> tuple[int, int]:
    with UCDP.open(encoding="cp1252", newline="") as f:
        rows = sum(1 for _ in csv.DictReader(f))
    return rows, 0


def _staff(consume: Callable[[ImportStream], int]) -> tuple[int, int]:
    rows = claims = 0
    for path in SERIES:
        stream = general_staff.read(path, corrections=CORRECTIONS)
        claims += consume(stream)
        rows += stream.rows
    return rows, claims


def staff_stream() -> tuple[int, int]:
    return _staff(lambda s: sum(1 for _ in s))


def staff_keep() -> tuple[int, int]:
    kept: list[Claim] = []

    def keep(stream: ImportStream) -> int:
        before = len(kept)
        kept.extend(stream)
        return len(kept) - before

    return _staff(keep)


def staff_arrow() -> tuple[int, int]:
    return _staff(lambda s: tables.to_arrow(s).num_rows)


def staff_floor() -> tuple[int, int]:
    rows = 0
    for path in SERIES:
        with path.open(encoding="utf-8") as f:
            rows += len(json.load(f))
    return rows, 0


CONTESTANTS: dict[str, dict[str, Callable[[], tuple[int, int]]]] = {
    "UCDP sample (894 rows)": {
        "conflictevents": ucdp_stream,
        "conflictevents + to_arrow": ucdp_arrow,
        "floor (csv.DictReader)": ucdp_floor,
    },
    "General Staff series (2 x 1626 records)": {
        "conflictevents": staff_stream,
        "conflictevents + to_arrow": staff_arrow,
        "floor (json.load)": staff_floor,
    },
}
MEMORY = {
    "UCDP sample (894 rows)": (ucdp_stream, ucdp_keep, ucdp_floor),
    "General Staff series (2 x 1626 records)": (staff_stream, staff_keep, staff_floor),
}


def peak(func: Callable[[], tuple[int, int]]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for title, contestants in CONTESTANTS.items():
        names = list(contestants)
        off: dict[str, list[float]] = {n: [] for n in names}
        on: dict[str, list[float]] = {n: [] for n in names}
        counts: dict[str, tuple[int, int]] = {}
        for round_ in range(args.rounds):
            for name in rotated(names, round_):
                seconds, counts[name] = timed(contestants[name], gc_on=False)
                off[name].append(seconds)
                on[name].append(timed(contestants[name], gc_on=True)[0])
        floor = statistics.median(off[names[-1]])
        print(f"\n{title}: medians of {args.rounds} rounds")
        print(
            f"{'contestant':28} {'rows':>6} {'claims':>7} {'ms GC off':>10} {'ms GC on':>9}"
            f" {'rows/s':>9} {'claims/s':>9} {'x floor':>8}"
        )
        for name in names:
            rows, claims = counts[name]
            t_off, t_on = statistics.median(off[name]), statistics.median(on[name])
            print(
                f"{name:28} {rows:6} {claims:7} {t_off * 1e3:10.1f} {t_on * 1e3:9.1f}"
                f" {rows / t_off:9.0f} {claims / t_off:9.0f} {t_off / floor:8.1f}"
            )
        stream, keep, parse = MEMORY[title]
        print(
            f"peak traced memory: streaming {peak(stream):.1f} MiB,"
            f" keeping every claim {peak(keep):.1f} MiB, floor {peak(parse):.1f} MiB"
        )


if __name__ == "__main__":
    main()
