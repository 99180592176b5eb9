"""dedupe at scale: time per event from 10 000 to 1 000 000 events.

One command (from the repository root)::

    .venv/bin/python benchmarks/dedupe.py                      # 10k, 100k, 1M
    .venv/bin/python benchmarks/dedupe.py --sizes 10000 100000 # quick

The events are attacks as an event data set holds them: each at one of 20 000
settlements (pseudo-names, points scattered over an area the size of Ukraine, at
settlement precision), on one day, one in ten retold by a second data set (another
spelling of the place, at point precision, the same or the next day). Two densities:

- ``constant density``: 400 events a day, so a larger data set covers more days (10 000
  events are 25 days, a million nearly 7 years): the shape of real data, where a
  bigger set is a longer or a wider one. Time per event should stay flat.
- ``fixed period``: every size over the same 730 days, so a million events put 1 370
  on each day: the candidate pairs per event grow with the density, as they must
  (more events really are near each other).

The anchor is the old way, every pair of one type compared, at ``--anchor`` events
(2 000 by default), beside the blocked ``dedupe`` of the same events: they must give
the same groups, and the ratio says what blocking saves there.

Events and their places and days are built once per size (places and day spans are
shared between events, as a reader's would be); the timed call is ``dedupe(events)``
alone, with the collector paused (``_timing.timed``). Time per event is CPU time (the
figure that does not depend on what else the machine runs), with wall time beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import statistics
import time
from collections.abc import Iterator
from unittest import mock

import _timing

from conflictevents import (
    Attack,
    AttackKind,
    Coordinates,
    Location,
    LocationPrecision,
    TimeSpan,
    _compare,
    dedupe,
)

_SYLLABLES = [
    "ba", "la", "kli", "ia", "kra", "ma", "tor", "sk", "slo", "vi", "an", "iz", "yum",
    "ko", "sti", "an", "ty", "niv", "ka", "bo", "ro", "dy", "an", "ka", "pol", "ta",
    "vo", "lo", "dy", "myr", "che", "rni", "hiv", "zhy", "to", "mir", "ny", "zhyn",
]  # fmt: skip
_PLACES = 20_000
_PER_DAY = 400
_FIXED_DAYS = 730


def _places(rng: random.Random) -> list[tuple[Location, Location]]:
    """Each settlement as one data set spells it, and as another does (at a point)."""
    out = []
    for i in range(_PLACES):
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{name} {i}" if i % 7 == 0 else name  # some share a name: numbered
        point = Coordinates(latitude=rng.uniform(44.5, 52.3), longitude=rng.uniform(22.2, 40.2))
        settlement = Location(name=name, country="UA", coordinates=point)
        retold = Location(
            name=name.replace("ia", "iya").replace("y", "i") + " town",
            country="UA",
            coordinates=point,
            precision=LocationPrecision.POINT,
        )
        out.append((settlement, retold))
    return out


def events(n: int, days: int, seed: int = 0) -> list[Attack]:
    """``n`` attacks over ``days`` days, one in ten retold by a second data set."""
    rng = random.Random(seed)
    places = _places(rng)
    spans = [
        TimeSpan.day(dt.date(2015, 1, 1) + dt.timedelta(days=d), tz="Europe/Kyiv")
        for d in range(days + 1)
    ]
    out: list[Attack] = []
    while len(out) < n:
        day = rng.randrange(days)
        settlement, retold = rng.choice(places)
        kind = rng.choice([AttackKind.SHELLING, AttackKind.ENGAGEMENT, AttackKind.AIR_STRIKE])
        out.append(Attack(id=f"ucdp-{len(out)}", kind=kind, place=settlement, when=spans[day]))
        if rng.random() < 0.1 and len(out) < n:
            later = spans[day + rng.randint(0, 1)]
            out.append(Attack(id=f"acled-{len(out)}", kind=kind, place=retold, when=later))
    return out


def all_pairs(events: list[Attack]) -> tuple[tuple[Attack, ...], ...]:
    """The old dedupe: every pair of one type compared (the anchor)."""

    def every_pair(items: list[object]) -> Iterator[tuple[int, int]]:
        return itertools.combinations(range(len(items)), 2)

    with mock.patch.object(_compare, "candidate_pairs", every_pair):
        return dedupe(events)


def _cpu(batch: list[Attack]) -> tuple[float, tuple[tuple[Attack, ...], ...]]:
    """``dedupe(batch)`` and the CPU seconds it took (the machine may be shared)."""
    start = time.process_time()
    groups = dedupe(batch)
    return time.process_time() - start, groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--anchor", type=int, default=2_000)
    parser.add_argument("--reps", type=int, default=3, help="rounds below 1M (1 at 1M)")
    parser.add_argument("--fixed", action="store_true", help="also the fixed-period scenario")
    args = parser.parse_args()

    sample = events(args.anchor, max(1, args.anchor // _PER_DAY))
    t_pairs, expected = _timing.timed(lambda: all_pairs(sample), gc_on=False)
    t_block, got = _timing.timed(lambda: dedupe(sample), gc_on=False)
    assert got == expected, "blocked dedupe and all pairs disagree"
    print(
        f"anchor, {args.anchor} events: all pairs {t_pairs / args.anchor * 1e6:.0f} us/event,"
        f" blocked {t_block / args.anchor * 1e6:.0f} us/event"
        f" ({t_pairs / t_block:.0f}x), {len(got)} groups"
    )
    scenarios = {"constant density": None}
    if args.fixed:
        scenarios["fixed period"] = _FIXED_DAYS
    for scenario, fixed in scenarios.items():
        per_event = {}
        for n in args.sizes:
            days = fixed or max(1, n // _PER_DAY)
            batch = events(n, days)
            reps = 1 if n >= 1_000_000 else args.reps
            times, cpu_times = [], []
            for _ in range(reps):
                elapsed, (cpu, groups) = _timing.timed(lambda batch=batch: _cpu(batch), gc_on=False)
                times.append(elapsed)
                cpu_times.append(cpu)
            per_event[n] = statistics.median(cpu_times) / n
            print(
                f"{scenario}, {n} events over {days} days: {per_event[n] * 1e6:.1f} us/event CPU,"
                f" {statistics.median(times) / n * 1e6:.1f} wall (median of {reps}),"
                f" {len(groups)} groups"
            )
            del batch, groups
        first, last = min(per_event), max(per_event)
        growth = per_event[last] / per_event[first]
        print(f"{scenario}: {last} vs {first} events, time per event x{growth:.2f}")


if __name__ == "__main__":
    main()
