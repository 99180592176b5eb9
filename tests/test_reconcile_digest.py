"""Reconciling the real files in tests/data gives, byte for byte, what it gave before.

A differential check for the speed work on :func:`~conflictevents.reconcile` (issue 15):
``dumps`` of the reconciliation of every claim in the test data (the General Staff series
with corrections, Oryx, UCDP, ACLED, and the files a previous release wrote), under each
policy and as of a date and an instant, is compared with a digest stored here. A change
that is meant to change the output updates the digests (run this file with
``RECONCILE_DIGESTS=print`` to see the new ones) and says why in its commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pendulum
import pytest

from conflictevents import (
    CONSERVATIVE,
    MEDIAN_OF_INDEPENDENT,
    UCDP,
    Claim,
    dumps,
    read_jsonl,
    reconcile,
)
from conflictevents.interop import acled, general_staff, oryx, ucdp
from conflictevents.reports import Assessment

DATA = Path(__file__).parent / "data"


def _claims() -> list[Claim | Assessment]:
    gs = DATA / "general-staff"
    corrections = gs / "russia_losses_equipment_correction.json"
    claims: list[Claim | Assessment] = []
    for name in ("russia_losses_equipment.json", "russia_losses_personnel.json"):
        claims += general_staff.read(gs / name, corrections=corrections, on_error="collect")
    for name in (
        "russia_losses_equipment.first-commit-2022-03-06.json",
        "russia_losses_personnel.first-commit-2022-03-06.json",
        "revision-2022-04-22.json",
    ):
        claims += general_staff.read(gs / name, on_error="collect")
    claims += oryx.read(DATA / "oryx" / "daily_count.csv", on_error="collect")
    claims += oryx.read(DATA / "oryx" / "data_2022-03-13.csv", on_error="collect")
    claims += oryx.read(
        DATA / "oryx" / "totals_by_type.csv", as_of=dt.date(2025, 7, 19), on_error="collect"
    )
    claims += ucdp.read(
        DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv",
        encoding="cp1252",
        on_error="collect",
    )
    for path in sorted((DATA / "acled").glob("*.csv")):
        claims += acled.read(path, on_error="collect")
    for path in sorted((DATA / "previous-release").glob("*.jsonl")):
        if ".reconciled." not in path.name:
            claims += (r for r in read_jsonl(path) if isinstance(r, Claim | Assessment))
    return claims


@pytest.fixture(scope="module")
def claims() -> list[Claim | Assessment]:
    return _claims()


CASES = {
    "conservative": {"policy": CONSERVATIVE},
    "ucdp": {"policy": UCDP},
    "median-of-independent": {"policy": MEDIAN_OF_INDEPENDENT},
    "as-of-a-date": {"as_of": dt.date(2022, 3, 21)},
    "as-of-an-instant": {"as_of": pendulum.datetime(2023, 1, 1, 12, tz="Europe/Kyiv")},
}

DIGESTS = {
    "conservative": "248b6d4dcfe15bdc4f9e350a2db7756b3443f27d971d1074677f4e167ca91e31",
    "ucdp": "d6f4de9ee06b467db506a10aad049eac6583b625f820eda08f40a292ea9c3fdb",
    "median-of-independent": "adbf9179140d8a624851a213b633e834149d9846ed68c3394faea97f8878da41",
    "as-of-a-date": "e7a9fb7fad98b68057f03ea0faa9a048ba403b14f97ae222fbbc60ebb6b2e80e",
    "as-of-an-instant": "184e6a6818ef50437f40dddea350ca38aa4dc3d8832893d4244ebb04d2f180d9",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_reconciling_the_test_data_gives_what_it_gave_before(claims, case):
    """``dumps`` of the test data's reconciliation has the stored digest, case by case."""
    text = dumps(reconcile(claims, **CASES[case]))  # type: ignore[arg-type]
    digest = hashlib.sha256(text.encode()).hexdigest()
    if os.environ.get("RECONCILE_DIGESTS") == "print":
        print(f"{case!r}: {digest!r}, ({len(text):,} characters)")  # noqa: T201
    assert digest == DIGESTS[case]
