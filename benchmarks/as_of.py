"""``reconcile(claims, as_of=t)`` against ``reconcile`` of the claims said by ``t``.

One command (from the repository root)::

    .venv/bin/python benchmarks/as_of.py            # the General Staff and Oryx series
    .venv/bin/python benchmarks/as_of.py --reps 3   # quick

The claims are the whole General Staff equipment series and Oryx's daily counts
(tests/data, about 27 500 claims). For a late and an early ``as_of`` (most claims kept,
few kept), both ways run interleaved in this process with the collector paused
(``_timing``), and the median ratio of the rounds is printed: the filter inside
``reconcile`` is what ``as_of`` adds. Then a timeline of every subject, in one pass
each, against one ``reconcile`` of all claims.

The issue's bound: ``as_of`` costs at most 1.2 times the pre-filtered call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
from pathlib import Path

import attrs
from _timing import interleaved, timed

import conflictevents as ce
from conflictevents._as_of import said_by
from conflictevents.interop import general_staff, oryx

DATA = Path(__file__).parent.parent / "tests" / "data"


def _read() -> list[ce.Claim]:
    return [
        *general_staff.read(DATA / "general-staff" / "russia_losses_equipment.json"),
        *oryx.read(DATA / "oryx" / "daily_count.csv"),
    ]


def main() -> None:
    """Print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    claims = _read()
    print(f"{len(claims):,} claims")
    for label, moment in (("late", dt.date(2025, 3, 21)), ("early", dt.date(2022, 6, 30))):
        said = said_by(moment)
        kept = [c for c in claims if said(c)]

        def with_as_of(moment: dt.date = moment) -> object:
            return ce.reconcile(claims, as_of=moment)

        def prefiltered(kept: list[ce.Claim] = kept) -> object:
            return ce.reconcile(kept)

        assert with_as_of() == attrs.evolve(prefiltered(), as_of=moment)
        timings = interleaved({"as_of": with_as_of, "prefiltered": prefiltered}, args.reps)
        for collector, rounds in zip(("GC paused", "GC on"), timings, strict=True):
            ratios = [a / b for a, b in zip(rounds["as_of"], rounds["prefiltered"], strict=True)]
            print(
                f"as of {moment} ({label}, {len(kept):,} kept), {collector}: as_of "
                f"{statistics.median(rounds['as_of']):.3f}s, pre-filtered "
                f"{statistics.median(rounds['prefiltered']):.3f}s, ratio "
                f"{statistics.median(ratios):.2f} (median of {args.reps} paired rounds)"
            )
    cold_claims = _read()
    cold = said_by(dt.date(2022, 6, 30))
    cold_kept = [c for c in _read() if cold(c)]
    first, _ = timed(lambda: ce.reconcile(cold_claims, as_of=dt.date(2022, 6, 30)), gc_on=False)
    anchor, _ = timed(lambda: ce.reconcile(cold_kept), gc_on=False)
    print(
        f"first call on fresh claims (each stated span computes its keys once), early: "
        f"as_of {first:.3f}s, pre-filtered {anchor:.3f}s, ratio {first / anchor:.2f}"
    )
    result = ce.reconcile(claims)

    def timelines() -> object:
        return [s.timeline() for s in result]

    def once() -> object:
        return ce.reconcile(claims)

    off, _ = interleaved({"timelines": timelines, "reconcile": once}, args.reps)
    changes = sum(len(t) for t in timelines())  # type: ignore[arg-type]
    print(
        f"timelines of {len(result):,} subjects ({changes:,} changes): "
        f"{statistics.median(off['timelines']):.3f}s; one reconcile: "
        f"{statistics.median(off['reconcile']):.3f}s"
    )


if __name__ == "__main__":
    main()
