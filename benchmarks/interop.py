"""Import benchmark: every reader against ``pandas.read_csv``/``read_json`` of the same file.

One command (from the repository root)::

    .venv/bin/python benchmarks/interop.py                  # 5 rounds, 5 copies
    .venv/bin/python benchmarks/interop.py --rounds 3 --copies 2   # quicker
    .venv/bin/python benchmarks/interop.py --cpu   # CPU time: for a loaded machine

Files (synthetic, made from real rows, in a temporary folder): the real files repeated
``--copies`` times, each copy perturbed so that no two rows are the same record:

- UCDP: ``tests/data/ucdp`` (894 GED rows, Windows-1252), each copy's ``id`` suffixed.
- ACLED: ``tests/data/acled/acled_every_type.csv`` (25 fictional rows, one per
  sub-event type: ACLED's terms forbid shipping real rows), 40 times per copy, each
  ``event_id_cnty`` and ``timestamp`` made unique.
- Oryx daily counts: ``daily_count.csv`` (1,368 rows), each copy's ``date_recorded``
  moved 1,000 days later; Oryx items: ``data_2022-03-13.csv`` (1,402 rows), each
  copy's image ``url`` made unique.
- General Staff: the equipment series (1,626 records), each copy's ``date`` and ``day``
  moved 2,000 days later (the reader checks that they agree).

Contestants per file, run in one process, interleaved (the order rotates each round),
medians of the rounds:

- ``conflictevents``: the streaming reader, every claim built and discarded.
- ``pandas``: ``pandas.read_csv`` (``read_json`` for the General Staff) of the same
  file: the anchor. ``x pandas`` is the reader's rows/s over pandas' rows/s.
- ``floor``: the stdlib parse alone (``csv.reader`` / ``json.load``), no objects.
- with ``--uncached``: the reader with its intern cache off (``INTERN_LIMIT = 0``).

The collector is paused inside the timed call (``gc.disable``); the GC-on figure
stands beside it (``x pandas GC on`` compares both with the collector on). Peak memory
is measured separately with ``tracemalloc`` (traced Python allocations during one
call), streaming and discarding versus keeping every claim in a list: the first stays
flat because the readers stream.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import json
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pandas as pd
from _timing import rotated, timed

from conflictevents.interop import ImportStream, _common, acled, general_staff, oryx, ucdp

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
UCDP = DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"
ACLED = DATA / "acled" / "acled_every_type.csv"
ORYX_DAILY = DATA / "oryx" / "daily_count.csv"
ORYX_ITEMS = DATA / "oryx" / "data_2022-03-13.csv"
STAFF = DATA / "general-staff" / "russia_losses_equipment.json"


def _shifted(text: str, days: int) -> str:
    return (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()


def _copy_csv(
    source: Path,
    target: Path,
    copies: int,
    perturb: Callable[[dict[str, str], int], None],
    *,
    encoding: str = "utf-8",
) -> None:
    with source.open(encoding=encoding, newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames or ())
        rows = list(reader)
    with target.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for k in range(copies):
            for row in rows:
                copy = dict(row)
                perturb(copy, k)
                writer.writerow(copy)


def _ucdp_copy(row: dict[str, str], k: int) -> None:
    row["id"] = f"{row['id']}{k:03d}"


def _acled_copy(row: dict[str, str], k: int) -> None:
    row["event_id_cnty"] = f"{row['event_id_cnty']}-{k}"
    row["timestamp"] = str(int(row["timestamp"]) + k)


def _daily_copy(row: dict[str, str], k: int) -> None:
    row["date_recorded"] = _shifted(row["date_recorded"], 1000 * k)


def _items_copy(row: dict[str, str], k: int) -> None:
    row["url"] = f"{row['url']}?copy={k}"


def make_files(folder: Path, copies: int) -> dict[str, Path]:
    """Write the synthetic files (see the module's docstring); their paths by data set."""
    files = {
        "ucdp": folder / "ucdp.cp1252.csv",
        "acled": folder / "acled.csv",
        "daily": folder / "daily_count.csv",
        "items": folder / "data_2022-03-13.csv",
        "staff": folder / "russia_losses_equipment.json",
    }
    _copy_csv(UCDP, files["ucdp"], copies, _ucdp_copy, encoding="cp1252")
    _copy_csv(ACLED, files["acled"], 40 * copies, _acled_copy)
    _copy_csv(ORYX_DAILY, files["daily"], copies, _daily_copy)
    _copy_csv(ORYX_ITEMS, files["items"], copies, _items_copy)
    records = json.loads(STAFF.read_text(encoding="utf-8"))
    shifted = []
    for k in range(copies):
        for record in records:
            copy = dict(record)
            copy["date"] = _shifted(record["date"], 2000 * k)
            copy["day"] = record["day"] + 2000 * k
            shifted.append(copy)
    files["staff"].write_text(json.dumps(shifted, indent=4), encoding="utf-8")
    return files


def _drain(stream: ImportStream) -> tuple[int, int]:
    claims = sum(1 for _ in stream)
    counted = stream.imported + stream.rejected + stream.filtered_out
    assert stream.rows == counted, stream.errors[:3]
    return stream.rows, claims


def _keep(stream: ImportStream) -> tuple[int, int]:
    kept = list(stream)
    return stream.rows, len(kept)


Reader = Callable[[], ImportStream]


def contestants(
    files: dict[str, Path],
) -> dict[str, tuple[Reader, Callable[[], int], Callable[[], int]]]:
    """Per data set: the reader, the pandas anchor and the stdlib floor (each gives rows)."""

    def csv_file(
        read: Callable[..., ImportStream], key: str, encoding: str = "utf-8", **options: object
    ) -> tuple[Reader, Callable[[], int], Callable[[], int]]:
        path = files[key]

        def floor() -> int:
            with path.open(encoding=encoding, newline="") as f:
                return sum(1 for _ in csv.reader(f)) - 1

        return (
            lambda: read(path, encoding=encoding, on_error="collect", **options),
            lambda: len(pd.read_csv(path, encoding=encoding)),
            floor,
        )

    def staff_floor() -> int:
        with files["staff"].open(encoding="utf-8") as f:
            return len(json.load(f))

    return {
        "UCDP GED": csv_file(ucdp.read, "ucdp", "cp1252", bounds="flag"),
        "ACLED (fictional rows)": csv_file(acled.read, "acled"),
        "Oryx daily counts": csv_file(oryx.read, "daily"),
        "Oryx items": csv_file(oryx.read, "items"),
        "General Staff equipment": (
            lambda: general_staff.read(files["staff"], on_error="collect"),
            lambda: len(pd.read_json(files["staff"])),
            staff_floor,
        ),
    }


def peak(func: Callable[[], object]) -> float:
    """The peak of traced Python allocations during one call, MiB."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _uncached(reader: Reader) -> Callable[[], object]:
    def run() -> object:
        with mock.patch.object(_common, "INTERN_LIMIT", 0):
            return _drain(reader())

    return run


def run(
    files: dict[str, Path], rounds: int, *, memory: bool, uncached: bool, cpu: bool = False
) -> None:
    """Time every data set's contestants, interleaved, and print the table."""
    clock = time.process_time if cpu else time.perf_counter
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"clock: {'CPU time of this process' if cpu else 'wall time'}")
    print(
        f"{'file':24} {'rows':>6} {'claims':>7} {'reader ms':>10} {'pandas ms':>10}"
        f" {'floor ms':>9} {'rows/s':>8} {'x pandas':>9} {'GC on':>6} {'x floor':>8}"
    )
    for title, (reader, anchor, floor) in contestants(files).items():
        jobs: dict[str, Callable[[], object]] = {
            "reader": lambda reader=reader: _drain(reader()),
            "pandas": anchor,
            "floor": floor,
        }
        if uncached:
            jobs["uncached"] = _uncached(reader)
        off: dict[str, list[float]] = {n: [] for n in jobs}
        on: dict[str, list[float]] = {n: [] for n in jobs}
        result: dict[str, object] = {}
        for round_ in range(rounds):
            for name in rotated(list(jobs), round_):
                seconds, result[name] = timed(jobs[name], gc_on=False, clock=clock)
                off[name].append(seconds)
                on[name].append(timed(jobs[name], gc_on=True, clock=clock)[0])
        rows, claims = result["reader"]  # type: ignore[misc]
        assert rows == result["pandas"] == result["floor"], (title, result)
        med = {n: statistics.median(off[n]) for n in jobs}
        med_on = {n: statistics.median(on[n]) for n in jobs}
        print(
            f"{title:24} {rows:6} {claims:7} {med['reader'] * 1e3:10.1f}"
            f" {med['pandas'] * 1e3:10.1f} {med['floor'] * 1e3:9.1f} {rows / med['reader']:8.0f}"
            f" {med['pandas'] / med['reader']:9.3f} {med_on['pandas'] / med_on['reader']:6.3f}"
            f" {med['reader'] / med['floor']:8.1f}"
        )
        if uncached:
            print(f"{'':24} the intern cache off: {med['uncached'] / med['reader']:.2f}x the time")
        if memory:
            print(
                f"{'':24} peak traced memory: streaming {peak(jobs['reader']):.1f} MiB,"
                f" keeping every claim {peak(lambda reader=reader: _keep(reader())):.1f} MiB"
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    """Parse the arguments, write the files, run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory")
    parser.add_argument(
        "--uncached", action="store_true", help="also time each reader with its intern cache off"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time CPU (process_time), which other processes on a loaded machine disturb less",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = make_files(Path(folder), args.copies)
        run(files, args.rounds, memory=args.memory, uncached=args.uncached, cpu=args.cpu)


if __name__ == "__main__":
    main()
