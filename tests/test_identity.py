"""Identity under change: derived ids and implied bounds follow the content through evolve."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflictevents import (
    CasualtyCount,
    Claim,
    Outcome,
    Qualifier,
    Quantity,
    Source,
    SourceKind,
    dumps,
    loads,
    read_jsonl,
)
from conflictevents import strategies as cst
from conflictevents._ids import derive_id

EXAMPLES = Path(__file__).parent.parent / "examples" / "first-week-2022.jsonl"

MINISTRY = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY)
STAFF = Source(name="General Staff of Ukraine", kind=SourceKind.MILITARY)
KILLED = CasualtyCount(outcome=Outcome.KILLED, side="RU", quantity=Quantity(value=498))
OTHER = CasualtyCount(outcome=Outcome.KILLED, side="RU", quantity=Quantity(value=5_840))


def _content(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in attrs.fields(type(record)) if f.name != "id"}


PAIRS = cst.records().flatmap(lambda r: st.tuples(st.just(r), st.from_type(type(r))))
"""Two records of one class (drawn through the registered strategies)."""


def _rebuilt(record: Any, **changes: Any) -> Any:
    """The record built afresh from its content with ``changes``, its id left to derive."""
    return type(record)(**{**_content(record), **changes})


class TestClaimIds:
    """`attrs.evolve` of a claim: a derived id follows the content, a given one stays."""

    def test_new_content_gives_a_new_id(self):
        """Another claimant and subject make another claim, with that claim's own id."""
        original = Claim(claimant=MINISTRY, subject=KILLED)
        evolved = attrs.evolve(original, claimant=STAFF, subject=OTHER)
        assert evolved.id != original.id
        assert evolved.id == Claim(claimant=STAFF, subject=OTHER).id

    def test_a_given_id_is_kept(self):
        """A claim whose id was given keeps it through a change of content (a correction)."""
        original = Claim(claimant=MINISTRY, subject=KILLED, id="ministry-2022-03-02")
        corrected = attrs.evolve(original, subject=OTHER)
        assert corrected.id == "ministry-2022-03-02"

    def test_an_id_given_in_evolve_is_kept(self):
        """An id passed to evolve with the new content is the new claim's id."""
        original = Claim(claimant=MINISTRY, subject=KILLED)
        assert attrs.evolve(original, subject=OTHER, id="c2").id == "c2"

    def test_unchanged_content_keeps_the_id(self):
        """Evolving nothing, or back to the same content, gives the same id."""
        original = Claim(claimant=MINISTRY, subject=KILLED)
        assert attrs.evolve(original).id == original.id
        there = attrs.evolve(original, subject=OTHER)
        assert attrs.evolve(there, subject=KILLED).id == original.id

    def test_a_loaded_derived_id_follows_the_content(self):
        """A claim read from a file evolves as the claim it was written from does."""
        original = Claim(claimant=MINISTRY, subject=KILLED)
        loaded = loads(dumps(original), Claim)
        assert attrs.evolve(loaded, subject=OTHER).id == attrs.evolve(original, subject=OTHER).id

    def test_the_published_example_file_keeps_its_bytes(self):
        """Reading and writing the example file written by the previous release changes no byte."""
        header, *lines = EXAMPLES.read_text().splitlines()
        records = list(read_jsonl(EXAMPLES))
        assert '"format"' in header
        assert [dumps(r) for r in records] == lines


@given(PAIRS)
def test_a_derived_id_is_the_id_of_the_content(pair):
    """Any record evolved to another record's content gets exactly the id built afresh."""
    record, other = pair
    evolved = attrs.evolve(record, **_content(other))
    assert evolved.id == _rebuilt(other).id == other.id
    assert evolved == other


@given(PAIRS)
def test_a_given_id_survives_any_change(pair):
    """A given id is kept through any change of content."""
    record, other = pair
    given_id = attrs.evolve(record, id="given-id")
    assert attrs.evolve(given_id, **_content(other)).id == "given-id"


@given(cst.records())
def test_evolve_without_changes_is_the_identity(record):
    """Evolving with no changes gives an equal record with the same id."""
    copy = attrs.evolve(record)
    assert copy == record
    assert copy.id == record.id


@given(PAIRS)
def test_a_loaded_record_evolves_like_the_original(pair):
    """JSON round trip, pickle round trip, then evolve: the same id as evolving the original."""
    record, other = pair
    expected = attrs.evolve(record, **_content(other)).id
    for copy in (loads(dumps(record), type(record)), pickle.loads(pickle.dumps(record))):  # noqa: S301 - our own bytes
        assert copy == record
        assert attrs.evolve(copy, **_content(other)).id == expected


@given(cst.records())
def test_the_id_serialises_as_the_plain_string(record):
    """The output is byte for byte that of the same record with its id as a plain str."""
    plain = attrs.evolve(record, id="x")
    object.__setattr__(plain, "id", str(record.id))
    assert type(plain.id) is str
    assert dumps(record) == dumps(plain)


def test_the_id_is_the_published_derivation():
    """A derived id is still the first 80 bits of the SHA-256 of the canonical form."""
    claim = Claim(claimant=MINISTRY, subject=KILLED)
    assert claim.id == derive_id("claim", claim)


# -- quantities ------------------------------------------------------------------------

HEDGED = [q for q in Qualifier if q is not Qualifier.BETWEEN]


class TestQuantityBounds:
    """`attrs.evolve` of a quantity: implied bounds follow, given ones stay."""

    @pytest.mark.parametrize(
        ("before", "changes", "bounds"),
        [
            (Quantity(value=500, qualifier=Qualifier.AT_LEAST), {"value": 600}, (600, None)),
            (Quantity(value=500), {"value": 600}, (600, 600)),
            (Quantity(value=500, qualifier=Qualifier.ABOUT), {"value": 600}, (540, 660)),
            (
                Quantity(value=500, qualifier=Qualifier.AT_LEAST),
                {"qualifier": Qualifier.EXACT},
                (500, 500),
            ),
            (Quantity(value=500), {"qualifier": Qualifier.MORE_THAN}, (501, None)),
            (
                Quantity(value=500, qualifier=Qualifier.ABOUT),
                {"qualifier": Qualifier.BETWEEN},
                (450, 550),
            ),
            (Quantity(value=500, qualifier=Qualifier.ABOUT, low=400), {"value": 520}, (400, 572)),
        ],
        ids=[
            "at-least",
            "exact",
            "about",
            "at-least-to-exact",
            "exact-to-more-than",
            "about-to-between",
            "given-low",
        ],
    )
    def test_bounds_follow(self, before, changes, bounds):
        """Implied bounds are those of the new value and qualifier; a given bound stays."""
        assert attrs.evolve(before, **changes).bounds == bounds

    def test_the_trap_of_the_issue_is_gone(self):
        """``evolve(at least 500, value=600)`` reads "at least 600"."""
        assert str(attrs.evolve(Quantity(value=500, qualifier=Qualifier.AT_LEAST), value=600)) == (
            "at least 600"
        )


@given(cst.quantities(qualifiers=HEDGED), st.integers(1, 10**6), st.sampled_from(HEDGED))
def test_implied_bounds_are_those_built_afresh(quantity, value, qualifier):
    """Evolving a figure with implied bounds equals building the new figure afresh."""
    fresh = Quantity(value=value, qualifier=qualifier)
    evolved = attrs.evolve(quantity, value=value, qualifier=qualifier)
    assert evolved == fresh
    loaded = loads(dumps(quantity), Quantity)
    assert attrs.evolve(loaded, value=value, qualifier=qualifier) == fresh


@given(st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 1000))
def test_given_bounds_stay(low, value, high):
    """Bounds given unlike the table stay through a change of value that keeps them valid."""
    low, value, high = sorted((low, value, high))
    quantity = Quantity(value=value, qualifier=Qualifier.ABOUT, low=low, high=high)
    implied = Quantity(value=value, qualifier=Qualifier.ABOUT)
    assume(quantity.low != implied.low and quantity.high != implied.high)
    assert attrs.evolve(quantity, value=low).bounds == (low, high)
