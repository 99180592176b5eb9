"""Versions of a claim: when each was recorded, and how reconciliation orders them."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import given

from conflictevents import (
    CasualtyCount,
    Claim,
    InvariantError,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    dumps,
    loads,
)
from conflictevents import strategies as cst

MINISTRY = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY)
KILLED = CasualtyCount(outcome=Outcome.KILLED, side="RU", quantity=Quantity(value=498))
T1 = pendulum.datetime(2022, 4, 15, 5, 20, tz="UTC")


class TestRecordedField:
    """`Claim.recorded` says when a version was recorded, never what the claim says."""

    @given(cst.claims(), cst.aware_datetimes())
    def test_recorded_never_changes_a_derived_id(self, claim: Claim, moment: dt.datetime):
        """Setting or changing the recorded time keeps a derived id."""
        assert attrs.evolve(claim, recorded=moment).id == claim.id
        assert attrs.evolve(claim, recorded=None).id == claim.id

    def test_a_claim_without_it_keeps_the_id_it_had(self):
        """A claim that never sets the field has the id of the previous release."""
        claim = Claim(claimant=MINISTRY, subject=KILLED)
        assert claim.recorded is None
        assert claim.id == "claim-48504331099ed979d065"

    def test_a_naive_datetime_is_refused(self):
        """A recorded time without a zone raises, naming the field."""
        with pytest.raises(InvariantError, match="recorded"):
            Claim(claimant=MINISTRY, subject=KILLED, recorded=dt.datetime(2022, 4, 15))  # noqa: DTZ001

    def test_equal_instants_in_other_zones_are_equal(self):
        """The same instant written in Kyiv's offset is the same recorded time."""
        kyiv = T1.in_timezone("Europe/Kyiv")
        assert Claim(claimant=MINISTRY, subject=KILLED, recorded=T1) == Claim(
            claimant=MINISTRY, subject=KILLED, recorded=kyiv
        )

    def test_round_trips_through_json(self):
        """The recorded time is written and read back as the same instant."""
        claim = Claim(claimant=MINISTRY, subject=KILLED, recorded=T1)
        assert '"recorded":"2022-04-15T05:20:00+00:00"' in dumps(claim)
        assert loads(dumps(claim), Claim) == claim

    def test_json_without_the_key_loads(self):
        """A line written before the field existed loads with no recorded time."""
        line = dumps(Claim(claimant=MINISTRY, subject=KILLED)).replace('"recorded":null,', "")
        assert "recorded" not in line
        assert loads(line, Claim).recorded is None
