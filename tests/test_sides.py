"""Sides and countries: one vocabulary, states by alpha-2, "did you mean" for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    CasualtyCount,
    EquipmentLoss,
    InvariantError,
    Location,
    Negotiation,
    NegotiationStatus,
    Outcome,
    Source,
    SourceKind,
    TerritorialControl,
    ValidationError,
    _countries,
    dumps,
    loads,
)
from conflictevents._countries import COUNTRY_CODES, STATES, codes_for, side_label

_SIDED = {
    "Source.side": lambda s: Source(name="x", kind=SourceKind.MINISTRY, side=s).side,
    "CasualtyCount.side": lambda s: CasualtyCount(side=s, outcome=Outcome.KILLED).side,
    "EquipmentLoss.side": lambda s: EquipmentLoss(side=s, equipment="tank").side,
    "TerritorialControl.controller": lambda s: (
        TerritorialControl(place=Location(name="Kherson"), controller=s).controller
    ),
}


class TestSides:
    @pytest.mark.parametrize("field", sorted(_SIDED))
    @pytest.mark.parametrize("spelling", ["RU", "Russia", "Russian Federation", "RUS", "ru", "rus"])
    def test_state_spellings_normalised(self, field, spelling):
        """Every side field writes a state as its alpha-2 code, however it was given."""
        assert _SIDED[field](spelling) == "RU"

    @pytest.mark.parametrize("field", sorted(_SIDED))
    @pytest.mark.parametrize("name", ["DPR", "Wagner Group", "Russian forces", "Hamas"])
    def test_non_state_sides_kept(self, field, name):
        """A side that is no state's name or code stays as written."""
        assert _SIDED[field](name) == name

    @pytest.mark.parametrize("field", sorted(_SIDED))
    def test_ambiguous_name_kept(self, field):
        """A name two states go by is never guessed: it stays as written."""
        assert _SIDED[field]("Congo") == "Congo"

    def test_parties_normalised_and_merged(self):
        """Two spellings of one party are one party: talks need two different ones."""
        talks = Negotiation(
            parties=frozenset({"Ukraine", "Russian Federation"}), status=NegotiationStatus.HELD
        )
        assert talks.parties == {"RU", "UA"}
        with pytest.raises(InvariantError, match="at least two parties"):
            Negotiation(parties=frozenset({"RU", "Russia"}), status=NegotiationStatus.HELD)

    def test_json_normalises_old_spellings(self):
        """A file that wrote a state's name as a side loads, with the code in its place."""
        count = loads(
            '{"type": "casualty_count", "side": "Ukraine", "outcome": "killed"}',
            type=CasualtyCount,
        )
        assert count.side == "UA"
        assert loads(dumps(count), type=CasualtyCount) == count

    @given(st.sampled_from(STATES))
    def test_every_state_name_and_code(self, state):
        """Each state's codes and names normalise to its alpha-2 (bar the ambiguous few)."""
        alpha_2, alpha_3, name, others = state
        for spelling in (alpha_2, alpha_2.lower(), alpha_3, name, *others):
            assert codes_for(spelling) == (alpha_2,) or len(codes_for(spelling)) > 1
            assert side_label(spelling) in {alpha_2, spelling}

    def test_codes_compared_letter_for_letter(self):
        """Only a code's case may differ: a name that folds to a code is no code."""
        assert side_label("LÙ") == "LÙ"
        assert side_label("Lu") == "LU"

    def test_attacker_is_an_actor_not_a_side(self):
        """An attacker given as a state's name is that state, its name kept as written."""
        attacker = Attack(attacker="Russia").attacker
        assert attacker is not None
        assert (attacker.name, attacker.side, attacker.ids) == ("Russia", "RU", {"iso3166:RU"})

    @given(st.text(min_size=1))
    def test_side_label_idempotent_and_closed(self, text):
        """A side is normalised once for all, and only ever to an alpha-2 code."""
        once = side_label(text)
        assert side_label(once) == once
        assert once == text or once in COUNTRY_CODES


class TestCountry:
    @pytest.mark.parametrize(
        ("given_", "code"),
        [("Ukraine", "UA"), ("ua", "UA"), ("UKR", "UA"), ("Congo", "CD' or 'CG")],
    )
    def test_did_you_mean(self, given_, code):
        """A country given by name, alpha-3 or in lower case is refused, naming the code."""
        with pytest.raises(InvariantError, match=rf"did you mean '{code}'\?"):
            Location(name="Kyiv", country=given_)
        with pytest.raises(InvariantError, match=rf"did you mean '{code}'\?"):
            Source(name="x", kind=SourceKind.MINISTRY, country=given_)

    def test_unknown_code_plain_refusal(self):
        """A string that is no state's code or name is refused without a guess."""
        with pytest.raises(InvariantError) as caught:
            Location(name="Kyiv", country="XX")
        assert "did you mean" not in str(caught.value)

    def test_json_names_the_code(self):
        """The JSON reader's error carries the hint too."""
        with pytest.raises(ValidationError, match=r"did you mean 'UA'\?"):
            loads('{"name": "Kyiv", "country": "Ukraine"}', type=Location)


def test_long_text_is_no_state_and_is_never_folded(monkeypatch):
    """A country or side value far longer than any state's name is refused without folding it.

    The fuzz harness found `loads` spending ~230 ms on a document whose country fields
    each held 70,000 characters: every value was folded letter by letter before it was
    refused.
    """
    folded: list[int] = []
    real = _countries._folded
    monkeypatch.setattr(_countries, "_folded", lambda text: folded.append(len(text)) or real(text))
    assert _countries.codes_for("x" * 70_000) == ()
    assert _countries.did_you_mean("Ukraine " * 10_000) == ""
    assert folded == []
    assert _countries.codes_for("Ukraine") == ("UA",)
    assert folded == [len("Ukraine")]
