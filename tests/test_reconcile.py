"""Reconciliation of conflicting claims: the reference article, supersession, laws."""

from __future__ import annotations

import pytest

from conflictevents import (
    CONSERVATIVE,
    MEDIAN_OF_INDEPENDENT,
    UCDP,
    Reconciliation,
    ReconciliationError,
    ReconciliationStatus,
    SideRelation,
    reconcile,
    subject_key,
)
from conflictevents.examples import first_week_2022, first_week_2022_rows

RU_KILLED = "casualty_count/side=RU/category=military/outcome=killed/since=2022-02-24/place=*"


@pytest.fixture(scope="module")
def rows():
    return first_week_2022_rows()


@pytest.fixture(scope="module")
def article():
    return reconcile(first_week_2022())


class TestReferenceArticle:
    def test_russian_killed_is_one_subject(self, rows, article):
        """C1, C5 and C6 are one subject: Russian military killed since 24 Feb 2022."""
        ids = {rows[k].id for k in ("C1", "C5", "C6")}
        sub = article.subject(RU_KILLED)
        assert {c.id for c in sub.claims} == ids
        assert {subject_key(rows[k]) for k in ("C1", "C5", "C6")} == {RU_KILLED}

    def test_russian_killed_range_and_spread(self, rows, article):
        """The range is 498 (C1) to 9,000 (C5) from three claimants, divergent by about 18."""
        sub = article.of(rows["C1"])
        assert sub.range is not None
        assert (sub.range.low, sub.range.high) == (498, 9000)
        assert sub.range.low_claims == (rows["C1"].id,)
        assert sub.range.high_claims == (rows["C5"].id,)
        assert len(sub.claimants) == 3
        assert sub.status is ReconciliationStatus.DIVERGENT
        assert sub.spread is not None
        assert round(sub.spread) == 18
        assert not sub.verified

    def test_russian_killed_sides(self, rows, article):
        """Russia speaks about itself; Zelensky and the Ukrainian ministry about the adversary."""
        sub = article.of(rows["C1"])
        side = {s.claim: s.side for s in sub.standings}
        assert side[rows["C1"].id] is SideRelation.SELF
        assert side[rows["C5"].id] is SideRelation.ADVERSARY
        assert side[rows["C6"].id] is SideRelation.ADVERSARY
        assert all(s.current for s in sub.standings)

    def test_kherson_contested(self, rows, article):
        """Kherson, asserted by Russia (T1) and denied by Ukraine (T2), is contested."""
        sub = article.of(rows["T1"])
        assert rows["T2"].id in {c.id for c in sub.claims}
        assert sub.status is ReconciliationStatus.CONTESTED

    def test_ukrainian_military_claimed_by_russia_alone(self, rows, article):
        """Ukrainian military killed (C3) and wounded (C4) come from Russia alone."""
        for row in ("C3", "C4"):
            sub = article.of(rows[row])
            assert sub.claimants == ("Russian Defence Ministry (RU)",)
            assert sub.standings[0].side is SideRelation.ADVERSARY

    def test_civilians_at_least_2000(self, rows, article):
        """Civilians killed: "at least 2,000", a range open above."""
        sub = article.of(rows["C7"])
        assert sub.range is not None
        assert (sub.range.low, sub.range.high) == (2000, None)
        assert sub.status is ReconciliationStatus.CONSISTENT

    def test_policies(self, rows):
        """Each built-in policy names itself and gives its documented best estimate."""
        claims = [rows[k] for k in ("C1", "C5", "C6")]
        conservative = reconcile(claims, policy=CONSERVATIVE).subject(RU_KILLED).estimate
        ucdp = reconcile(claims, policy=UCDP).subject(RU_KILLED).estimate
        independent = reconcile(claims, policy=MEDIAN_OF_INDEPENDENT).subject(RU_KILLED)
        assert conservative is not None
        assert (conservative.policy, conservative.best) == ("conservative", 498)
        assert ucdp is not None
        assert (ucdp.policy, ucdp.low, ucdp.best, ucdp.high) == ("ucdp", 498, 6000, 9000)
        assert independent.estimate is None

    def test_order_and_duplicates(self, article):
        """Reversed and doubled input reconciles to the same result."""
        claims = list(first_week_2022())
        assert reconcile(claims[::-1] + claims) == article

    def test_merge_of_halves(self, article):
        """Reconciling two halves and merging them equals reconciling all at once."""
        claims = list(first_week_2022())
        left, right = reconcile(claims[::2]), reconcile(claims[1::2])
        assert left.merge(right) == article
        assert right.merge(left) == article
        assert article.merge(article) == article


class TestMergeErrors:
    def test_policies_must_match(self, article):
        """Merging results made under different policies is an error."""
        other = Reconciliation(policy=UCDP.name)
        with pytest.raises(ReconciliationError, match="ucdp"):
            article.merge(other)
