"""One statement, several wordings: publications carry their own figure; the claim stays one."""

from __future__ import annotations

import io

import pytest
from hypothesis import given

from conflictevents import (
    CasualtyCount,
    Category,
    Claim,
    Location,
    Outcome,
    Publication,
    Quantity,
    Source,
    SourceKind,
    TerritorialControl,
    dumps,
    loads,
    reconcile,
)
from conflictevents import strategies as cst
from conflictevents._cli.render import write_table
from conflictevents.exceptions import InvariantError

_MINISTRY = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, side="RU")
_WIRE = Source(name="dpa", kind=SourceKind.NEWS_AGENCY, country="DE")
_PAPER = Source(name="The Daily Example", kind=SourceKind.NEWS_OUTLET, country="GB")
_TOLL = CasualtyCount(
    side="RU", category=Category.MILITARY, outcome=Outcome.KILLED, quantity=Quantity(value=498)
)


def _worded(outlet: Source, words: str, figure: str) -> Publication:
    return Publication(outlet=outlet, wording=words, figure=Quantity.parse(figure))


class TestModel:
    def test_publication_without_wording_keeps_its_id(self):
        """A claim whose publications give no wording keeps the id it had before wordings."""
        plain = Claim(claimant=_MINISTRY, subject=_TOLL, reported_in=(Publication(outlet=_WIRE),))
        assert plain.id == "claim-b867386b034e2277dc6c"  # as derived before wordings existed

    def test_figure_on_a_claim_not_about_a_count_is_refused(self):
        """A publication's figure on a claim about a place is refused, naming reported_in."""
        kherson = TerritorialControl(place=Location(name="Kherson", country="UA"), controller="RU")
        with pytest.raises(InvariantError, match="reported_in") as caught:
            Claim(
                claimant=_MINISTRY,
                subject=kherson,
                reported_in=(_worded(_WIRE, "nearly 500", "nearly 500"),),
            )
        assert "nearly 500" in str(caught.value)

    def test_wordings_lists_the_outlets_figures(self):
        """`Claim.wordings` gives each publication that gives a figure, in order."""
        claim = Claim(
            claimant=_MINISTRY,
            subject=_TOLL,
            reported_in=(
                Publication(outlet=_PAPER),
                _worded(_WIRE, "some 498", "some 498"),
            ),
        )
        assert [(p.outlet.name, str(q)) for p, q in claim.wordings] == [("dpa", "about 498")]

    @given(cst.claims())
    def test_json_round_trip(self, claim):
        """Claims, with their publications' wordings and figures, survive dumps/loads."""
        assert loads(dumps(claim), Claim) == claim


class TestReconcile:
    def test_the_claimants_figure_is_used(self):
        """One claim reported three ways reconciles to the claimant's figure, nothing superseded."""
        claim = Claim(
            claimant=_MINISTRY,
            subject=_TOLL,
            reported_in=(
                _worded(_WIRE, "some 498", "some 498"),
                _worded(_WIRE, "nearly 500", "nearly 500"),
                _worded(_PAPER, "over 450 troops", "over 450"),
            ),
        )
        result = reconcile([claim]).of(_TOLL)
        assert (result.range.low, result.range.high) == (498, 498)
        assert [s.quantity for s in result.current] == [Quantity(value=498)]
        assert result.superseded == ()

    def test_separate_claims_supersede_one_another(self):
        """Entered as separate claims, the wordings would replace the claimant's figure."""
        worded = [
            Claim(
                claimant=_MINISTRY,
                subject=CasualtyCount(
                    side="RU",
                    category=Category.MILITARY,
                    outcome=Outcome.KILLED,
                    quantity=Quantity.parse(text),
                ),
            )
            for text in ("498", "nearly 500", "over 450")
        ]
        result = reconcile(worded).of(_TOLL)
        assert len(result.superseded) == 2

    def test_table_shows_the_wordings(self):
        """The table shows each outlet's figure under the claimant's row."""
        claim = Claim(
            claimant=_MINISTRY,
            subject=_TOLL,
            reported_in=(_worded(_PAPER, "over 450 troops", "over 450"),),
        )
        out = io.StringIO()
        write_table(reconcile([claim]), out)
        assert "reported as more than 450 by The Daily Example" in out.getvalue()
