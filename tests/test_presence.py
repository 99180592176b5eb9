"""Presence without control: forces in a place are not a change of who holds it."""

from __future__ import annotations

from conflictevents import (
    Claim,
    Location,
    ReconciliationStatus,
    Source,
    SourceKind,
    Stance,
    TerritorialControl,
    dumps,
    loads,
    reconcile,
    subject_key,
)
from conflictevents.reports import Presence

KHERSON = Location(name="Kherson", country="UA")
RUSSIA = Source(name="Russian military", kind=SourceKind.MILITARY, country="RU", side="RU")
UKRAINE = Source(name="Ukraine", kind=SourceKind.GOVERNMENT, country="UA", side="UA")
ENTERED = Presence(place=KHERSON, side="RU", forces="troops", entered=True)


class TestPresence:
    """A presence is typed, round-trips, and is reconciled apart from control."""

    def test_round_trips_through_json(self):
        """Troops that entered Kherson load back equal from JSON."""
        assert loads(dumps(ENTERED), Presence) == ENTERED

    def test_is_not_a_change_of_control(self):
        """Troops in a town and a claim that their side holds it are two subjects."""
        holds = TerritorialControl(place=KHERSON, controller="RU", change=True)
        result = reconcile(
            [Claim(claimant=RUSSIA, subject=ENTERED), Claim(claimant=RUSSIA, subject=holds)]
        )
        assert result.keys == (
            "presence/place=herson/side=RU",
            "territorial_control/place=herson/controller=RU/extent=full",
        )

    def test_a_denied_presence_is_contested(self):
        """Russia says its troops entered, Ukraine denies it: the presence is contested."""
        claims = [
            Claim(claimant=RUSSIA, subject=ENTERED),
            Claim(claimant=UKRAINE, stance=Stance.DENIES, subject=ENTERED),
        ]
        (subject,) = reconcile(claims)
        assert subject.status is ReconciliationStatus.CONTESTED

    def test_accounts_that_differ_on_the_words_are_one_subject(self):
        """ "Troops entered" and "armed men are in" Kherson, both Russian: one subject."""
        armed_men = Presence(place=KHERSON, side="RU", forces="armed men")
        assert subject_key(armed_men) == subject_key(ENTERED)

    def test_unidentified_forces_key_apart(self):
        """Armed men of no stated side are not the Russian troops' subject."""
        unknown = Presence(place=KHERSON, forces="armed men")
        assert subject_key(unknown) == "presence/place=herson/side=*"
