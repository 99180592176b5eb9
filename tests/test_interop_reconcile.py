"""Acceptance: the imported series meet in reconciliation.

Data: the General Staff of Ukraine's series (MIT, © 2022 Petro Ivaniuk) and Oryx via
scarnecchia/oryx_data (CC BY 4.0), see tests/data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest

from conflictevents import LossStatus, ReconciliationStatus, reconcile, write_jsonl
from conflictevents.interop import general_staff, oryx, outliers

DATA = Path(__file__).parent / "data"
DAY = dt.date(2025, 3, 21)


def _as_of(claim) -> dt.date:
    return claim.subject.period.end.in_timezone("Europe/Kyiv").subtract(days=1).date()


@pytest.fixture(scope="module")
def oryx_claims():
    return list(oryx.read(DATA / "oryx" / "daily_count.csv"))


class TestGeneralStaffAgainstOryx:
    """The General Staff's tank claims and Oryx's on one day form one divergent subject."""

    def test_tanks_on_the_same_day(self, oryx_claims):
        """Russian tanks lost by 2025-03-21: 10,394 (General Staff) against 3,812 (Oryx)."""
        staff = [
            c
            for c in general_staff.read(DATA / "general-staff" / "russia_losses_equipment.json")
            if c.subject.equipment == "tank" and _as_of(c) == DAY
        ]
        seen = [
            c
            for c in oryx_claims
            if c.subject.equipment == "tank" and c.subject.side == "RU" and _as_of(c) == DAY
        ]
        result = reconcile(staff + seen)
        [tanks] = [s for s in result if s.subject.status is LossStatus.LOST]
        assert tanks.status is ReconciliationStatus.DIVERGENT
        figures = {s.claimant: s.quantity.value for s in tanks.figures}
        assert figures == {
            "General Staff of the Armed Forces of Ukraine (UA)": 10394,
            "Oryx": 3812,
        }
        assert tanks.verified  # Oryx's figure is documented with imagery
        assert tanks.range is not None
        assert (tanks.range.low, tanks.range.high) == (3812, 10394)


class TestAsOf:
    """Both whole files, reconciled as of 21 March 2025 on the command line."""

    def test_tanks_as_of_the_day(self, oryx_claims, tmp_path):
        """`reconcile --as-of 2025-03-21`: the tank subject holds 10,394 and Oryx's 3,812."""
        from test_cli import run  # noqa: PLC0415 - the console-script runner

        staff = general_staff.read(DATA / "general-staff" / "russia_losses_equipment.json")
        write_jsonl([*staff, *oryx_claims], tmp_path / "both.jsonl")
        result = run(
            "reconcile", "--as-of", "2025-03-21", "--format", "json", "both.jsonl", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.startswith("as of 2025-03-21: ")
        [tanks] = [
            line
            for line in map(orjson.loads, result.stdout.splitlines())
            if line["key"].startswith("equipment_loss/side=RU/equipment=tank/status=lost/")
        ]
        figures = {s["claimant"]: s["quantity"]["value"] for s in tanks["current"]}
        assert figures == {
            "General Staff of the Armed Forces of Ukraine (UA)": 10394,
            "Oryx": 3812,
        }
        days = {
            c["stated"]["start"][:10]
            for c in tanks["claims"]
            if c["id"] in {s["claim"] for s in tanks["current"]}
        }
        assert days == {"2025-03-21"}


class TestOutliers:
    """The Oryx scrape glitch surfaces as an outlier; nothing else does."""

    def test_the_glitch(self, oryx_claims):
        """Russia 'All Types' destroyed = 100 on 2022-03-28 (between 959 and 1041) is flagged."""
        found = outliers(oryx_claims)
        destroyed = [o for o in found if o.claim.subject.status is LossStatus.DESTROYED]
        [glitch] = destroyed
        assert glitch.claim.id == "oryx-RU-2022-03-28-all-types-destroyed"
        assert (glitch.before.quantity.value, glitch.figure, glitch.after.quantity.value) == (
            959,
            100,
            1041,
        )
        assert glitch.claimant == "Oryx"
        # the same row's total (1115, between 1924 and 2085) is the only other one
        assert {o.claim.id for o in found} == {
            "oryx-RU-2022-03-28-all-types-destroyed",
            "oryx-RU-2022-03-28-all-types-lost",
        }

    def test_general_staff_corrections_are_not_outliers(self):
        """The General Staff's corrected series has no outlier at the default tolerance."""
        claims = general_staff.read(
            DATA / "general-staff" / "russia_losses_equipment.json",
            corrections=DATA / "general-staff" / "russia_losses_equipment_correction.json",
        )
        assert outliers(claims) == ()
