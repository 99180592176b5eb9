"""Unattributed speech: an anonymous source with a kind and a count, not an invented name."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from conflictevents import (
    CasualtyCount,
    Claim,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    dumps,
    from_dict,
    loads,
    reconcile,
)
from conflictevents.exceptions import InvariantError

TWO_SOURCES = Source(
    name="sources familiar with the matter", kind=SourceKind.PERSON, anonymous=True, count=2
)
SENIOR_OFFICIAL = Source(
    name="a senior official", kind=SourceKind.OFFICIAL, country="US", anonymous=True
)


class TestAnonymousSources:
    """Unnamed speakers keep the report's description, their kind and how many they are."""

    def test_two_sources_round_trip(self):
        """ "Two sources familiar with the matter" loads back equal from JSON."""
        assert loads(dumps(TWO_SOURCES), Source) == TWO_SOURCES

    def test_a_count_is_only_for_an_anonymous_source(self):
        """A named source with a count of speakers is refused, naming the field."""
        with pytest.raises(InvariantError, match="count"):
            Source(name="Pentagon", kind=SourceKind.MINISTRY, count=2)

    def test_an_anonymous_official_is_never_the_named_source_of_that_name(self):
        """The identity of "a senior official (US)" is marked anonymous."""
        named = Source(name="a senior official", kind=SourceKind.OFFICIAL, country="US")
        assert SENIOR_OFFICIAL.identity == "anonymous: a senior official (US)"
        assert SENIOR_OFFICIAL.identity != named.identity

    def test_an_anonymous_source_speaking_for_an_organisation_counts_as_it(self):
        """An unnamed spokesman of the ministry is the ministry's claimant."""
        ministry = Source(name="Defence Ministry", kind=SourceKind.MINISTRY, country="UA")
        unnamed = Source(
            name="a ministry spokesman",
            kind=SourceKind.SPOKESPERSON,
            anonymous=True,
            speaks_for=ministry,
        )
        assert unnamed.identity == ministry.identity

    def test_reconcile_keeps_an_anonymous_claimant_apart(self):
        """An anonymous official and the named office of that name are two claimants."""
        count = CasualtyCount(outcome=Outcome.KILLED, quantity=Quantity(value=12))
        named = Source(name="a senior official", kind=SourceKind.OFFICIAL, country="US")
        (subject,) = reconcile(
            [
                Claim(claimant=SENIOR_OFFICIAL, subject=count),
                Claim(claimant=named, subject=count),
            ]
        )
        assert subject.claimants == ("a senior official (US)", "anonymous: a senior official (US)")
        assert subject.superseded == ()


PREVIOUS = Path(__file__).parent / "data" / "previous-release" / "first-week-2022.jsonl"


def test_records_of_the_previous_release_derive_the_ids_it_wrote():
    """Each claim of that release, read without its id, derives the id it was written with."""
    lines = [orjson.loads(line) for line in PREVIOUS.read_bytes().splitlines()[1:] if line]
    claims = [line for line in lines if line["type"] == "claim"]
    assert claims
    for written in claims:
        record = {key: value for key, value in written.items() if key != "id"}
        assert from_dict(record, Claim).id == written["id"]
