"""Counts with parts, captives' holder, and figures said to be final or still rising."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    CasualtyCount,
    Category,
    Claim,
    Outcome,
    Quantity,
    ReconciliationStatus,
    Source,
    SourceKind,
    dumps,
    loads,
    reconcile,
    subject_key,
)
from conflictevents import strategies as cst
from conflictevents.exceptions import InvariantError, PartExceedsWholeError
from conflictevents.reports import Group, Part, Trend

MINISTRY = Source(name="Interior Ministry", kind=SourceKind.MINISTRY, country="UA", side="UA")
RED_CROSS = Source(name="ICRC", kind=SourceKind.NGO)


def _killed(
    value: int,
    *parts: Part,
    category: Category = Category.UNSPECIFIED,
    claimant: Source = MINISTRY,
    trend: Trend | None = None,
) -> Claim:
    count = CasualtyCount(
        outcome=Outcome.KILLED,
        category=category,
        quantity=Quantity(value=value),
        parts=parts,
        trend=trend,
    )
    return Claim(claimant=claimant, subject=count)


def _part(group: Group, value: int, label: str | None = None) -> Part:
    return Part(group=group, quantity=Quantity(value=value), label=label)


class TestParts:
    """A count carries its breakdown; a part is never more than the whole."""

    def test_a_toll_including_children_round_trips(self):
        """ "52 killed, including 7 children" loads back equal from JSON."""
        count = _killed(52, _part(Group.CHILDREN, 7)).subject
        assert loads(dumps(count), CasualtyCount) == count

    def test_a_part_above_the_whole_raises_naming_field_and_value(self):
        """60 children among 52 killed raises PartExceedsWholeError (a ValueError) on `parts`."""
        with pytest.raises(PartExceedsWholeError) as caught:
            _killed(52, _part(Group.CHILDREN, 60))
        assert isinstance(caught.value, ValueError)
        assert isinstance(caught.value, InvariantError)
        assert (caught.value.field, caught.value.value) == ("parts", "60")
        assert "more than the whole (52)" in str(caught.value)

    def test_a_breakdown_needs_the_whole(self):
        """Parts without the whole figure are refused: enter the part as its own count."""
        with pytest.raises(InvariantError, match="needs the whole"):
            CasualtyCount(outcome=Outcome.KILLED, parts=(_part(Group.CHILDREN, 7),))

    def test_each_group_is_one_part(self):
        """Two parts of one group are refused."""
        with pytest.raises(InvariantError, match="one part"):
            _killed(52, _part(Group.CHILDREN, 7), _part(Group.CHILDREN, 8))

    def test_an_other_part_needs_its_label(self):
        """ "Including 6 police officers" may be `police`; an `other` part says its words."""
        with pytest.raises(InvariantError, match="label"):
            Part(group=Group.OTHER, quantity=Quantity(value=6))
        assert _part(Group.OTHER, 6, "firefighters").label == "firefighters"

    def test_reconcile_shows_the_parts_with_their_claims(self):
        """The reconciled toll lists each part's range and the claims that give it."""
        toll = _killed(40, _part(Group.POLICE, 6))
        (subject,) = reconcile([toll])
        (police,) = subject.parts
        assert police.group is Group.POLICE
        assert (police.range.low, police.range.high) == (6, 6)
        assert police.range.low_claims == (toll.id,)
        assert orjson.loads(dumps(subject))["parts"][0]["group"] == "police"

    def test_a_soldiers_only_figure_and_an_inclusive_toll_are_related(self):
        """12 soldiers, then 40 killed including 12 soldiers: two subjects, the part names the first."""
        soldiers = _killed(12, category=Category.MILITARY)
        toll = _killed(40, _part(Group.MILITARY, 12))
        result = reconcile([soldiers, toll])
        assert len(result) == 2
        inclusive = result.of(toll)
        (part,) = inclusive.parts
        assert part.related == subject_key(soldiers)
        assert result.subject(part.related).range.high == 12

    @given(
        st.lists(
            cst.claims(
                subjects=cst.casualty_counts(
                    sides=st.just("UA"),
                    categories=st.just(Category.CIVILIAN),
                    outcomes=st.just(Outcome.KILLED),
                    periods=st.none(),
                    places=st.none(),
                    events=st.none(),
                )
            ),
            min_size=1,
            max_size=6,
        )
    )
    def test_no_part_range_starts_above_the_whole(self, claims):
        """For any claims, every part's low is at most the subject's high."""
        for subject in reconcile(claims):
            for part in subject.parts:
                assert subject.range is not None
                assert subject.range.high is None or part.range.low <= subject.range.high


class TestCaptives:
    """Who holds the captured is typed, and accounts that differ on it show the dispute."""

    def test_held_by_is_only_for_captured_people(self):
        """A holder on a count of killed is refused, naming the field."""
        with pytest.raises(InvariantError, match="held_by"):
            CasualtyCount(outcome=Outcome.KILLED, side="UA", held_by="RU")

    def test_captives_are_not_held_by_their_own_side(self):
        """Captives of side UA held by UA are refused."""
        with pytest.raises(InvariantError, match="another side"):
            CasualtyCount(outcome=Outcome.CAPTURED, side="UA", held_by="UA")

    def test_two_holders_are_one_subject_with_a_disputed_holder(self):
        """Accounts that differ on who holds the captives: one subject, divergent, holder visible."""
        captured = {"outcome": Outcome.CAPTURED, "side": "UA", "quantity": Quantity(value=20)}
        by_russia = Claim(claimant=MINISTRY, subject=CasualtyCount(held_by="RU", **captured))
        by_wagner = Claim(claimant=RED_CROSS, subject=CasualtyCount(held_by="Wagner", **captured))
        (subject,) = reconcile([by_russia, by_wagner])
        assert subject.status is ReconciliationStatus.DIVERGENT
        assert [(d.field, d.values) for d in subject.disputed] == [("held_by", ("RU", "Wagner"))]


class TestTrend:
    """A toll said to be rising is a floor for the status; the range keeps the figure."""

    def test_a_rising_toll_does_not_contradict_a_higher_later_one(self):
        """40 "and rising" beside 52 from another claimant: consistent, range 40 to 52."""
        rising = _killed(40, trend=Trend.RISING)
        later = _killed(52, claimant=RED_CROSS)
        (subject,) = reconcile([rising, later])
        assert subject.status is ReconciliationStatus.CONSISTENT
        assert (subject.range.low, subject.range.high) == (40, 52)
        assert subject.timeline()[-1].status is ReconciliationStatus.CONSISTENT

    def test_a_final_toll_does(self):
        """A final 40 beside 52: divergent, as two exact figures always were."""
        final = _killed(40, trend=Trend.FINAL)
        (subject,) = reconcile([final, _killed(52, claimant=RED_CROSS)])
        assert subject.status is ReconciliationStatus.DIVERGENT
