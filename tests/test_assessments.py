"""Observers' assessments: judgements of a claim or subject that never change its status."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import (
    Claim,
    Location,
    Reconciliation,
    ReconciliationStatus,
    Source,
    SourceKind,
    Stance,
    SubjectReconciliation,
    TerritorialControl,
    TimeSpan,
    dumps,
    json_schema,
    loads,
    reconcile,
    subject_key,
)
from conflictevents import strategies as cst
from conflictevents._cli.render import write_csv, write_json, write_table
from conflictevents.exceptions import InvariantError
from conflictevents.reports import Assessment, Verdict
from test_reconcile import _shared_subjects, claim_lists

_LAWS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_IZIUM = TerritorialControl(place=Location(name="Izium", country="UA"), controller="RU")
_RU = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU", side="RU")
_UA = Source(name="Ukrainian General Staff", kind=SourceKind.MILITARY, country="UA", side="UA")
_MONITOR = Source(name="Institute for the Study of War", kind=SourceKind.MONITOR, country="US")


def _day(day: int) -> TimeSpan:
    return TimeSpan.day(dt.date(2022, 4, day), tz="Europe/Kyiv")


_TAKEN = Claim(claimant=_RU, subject=_IZIUM, stated=_day(1))
_DENIED = Claim(claimant=_UA, subject=_IZIUM, stance=Stance.DENIES, stated=_day(1))
_DOUBT = Assessment(
    assessor=_MONITOR, verdict=Verdict.UNLIKELY, subject=_IZIUM, claim=_TAKEN.id, stated=_day(2)
)
_CONCEDED = Claim(claimant=_UA, subject=_IZIUM, stated=_day(3))


def _assessment_lists() -> st.SearchStrategy[list[Assessment]]:
    return st.lists(cst.assessments(subjects=_shared_subjects()), max_size=4)


class TestModel:
    def test_id_is_derived_and_stable(self):
        """An assessment built twice gets the same derived id."""
        again = Assessment(
            assessor=_MONITOR,
            verdict=Verdict.UNLIKELY,
            subject=_IZIUM,
            claim=_TAKEN.id,
            stated=_day(2),
        )
        assert again.id == _DOUBT.id
        assert _DOUBT.id.startswith("assessment-")

    def test_verdict_must_be_a_verdict(self):
        """A verdict outside the vocabulary is refused, naming the field and value."""
        with pytest.raises(InvariantError, match="verdict") as caught:
            Assessment(assessor=_MONITOR, verdict="doubtful", subject=_IZIUM)  # type: ignore[arg-type]
        assert "doubtful" in str(caught.value)
        assert isinstance(caught.value, ValueError)

    def test_claim_id_must_not_be_blank(self):
        """A blank claim id is refused."""
        with pytest.raises(InvariantError, match="claim"):
            Assessment(assessor=_MONITOR, verdict=Verdict.UNLIKELY, subject=_IZIUM, claim=" ")

    @given(cst.assessments())
    def test_json_round_trip(self, assessment):
        """Every assessment survives dumps/loads, as itself and as a record."""
        text = dumps(assessment)
        assert loads(text, Assessment) == assessment
        assert loads(text) == assessment

    def test_schema_knows_assessments_as_records(self):
        """The schema's Record union includes the assessment."""
        refs = json.dumps(json_schema()["$defs"]["Record"])
        assert "Assessment" in refs


class TestReconcile:
    def test_status_is_unchanged_by_an_assessment(self):
        """A contested subject stays contested, an asserted one consistent, when judged."""
        before = reconcile([_TAKEN, _DENIED]).of(_IZIUM)
        after = reconcile([_TAKEN, _DENIED, _DOUBT]).of(_IZIUM)
        assert after.status is before.status is ReconciliationStatus.CONTESTED
        assert after.current == before.current
        alone = reconcile([_TAKEN, _DOUBT]).of(_IZIUM)
        assert alone.status is ReconciliationStatus.CONSISTENT

    def test_assessment_is_shown(self):
        """The subject's result lists the assessment; the claims are those claimed."""
        result = reconcile([_DOUBT, _TAKEN, _DENIED]).of(_IZIUM)
        assert result.assessments == (_DOUBT,)
        assert {c.id for c in result.claims} == {_TAKEN.id, _DENIED.id}

    def test_later_concession_still_reads_conceded(self):
        """An observer's judgement does not stop the denying side from conceding."""
        status = reconcile([_TAKEN, _DENIED, _DOUBT, _CONCEDED]).of(_IZIUM).status
        assert status is ReconciliationStatus.CONCEDED

    def test_observer_as_denial_locked_the_subject(self):
        """Entered as a denial (the old way), the observer keeps the subject contested."""
        as_denial = Claim(claimant=_MONITOR, subject=_IZIUM, stance=Stance.DENIES, stated=_day(2))
        status = reconcile([_TAKEN, _DENIED, as_denial, _CONCEDED]).of(_IZIUM).status
        assert status is ReconciliationStatus.CONTESTED

    def test_assessment_without_claims_is_kept(self):
        """An assessment of a subject no claim is about is kept, not dropped."""
        other = TerritorialControl(place=Location(name="Kupiansk", country="UA"), controller="RU")
        lone = Assessment(assessor=_MONITOR, verdict=Verdict.CONTESTED, subject=other)
        result = reconcile([_TAKEN, lone])
        assert result.unmatched_assessments == (lone,)
        assert result.of(_IZIUM).assessments == ()
        assert loads(dumps(result), Reconciliation) == result

    def test_unmatched_assessment_of_a_reconciled_subject_is_refused(self):
        """A reconciliation cannot hold an assessment of its own subject as unmatched."""
        result = reconcile([_TAKEN])
        with pytest.raises(InvariantError, match="unmatched_assessments"):
            Reconciliation(subjects=result.subjects, unmatched_assessments=(_DOUBT,))

    def test_as_of_counts_assessments_once_made(self):
        """An assessment made after ``as_of`` is not shown as of then."""
        early = reconcile([_TAKEN, _DOUBT], as_of=pendulum.date(2022, 4, 1)).of(_IZIUM)
        late = reconcile([_TAKEN, _DOUBT], as_of=pendulum.date(2022, 4, 2)).of(_IZIUM)
        assert early.assessments == ()
        assert late.assessments == (_DOUBT,)

    def test_two_versions_of_one_assessment_keep_the_later(self):
        """Of two assessments with one given id, the later stated is kept, in any order."""
        first = Assessment(
            assessor=_MONITOR, verdict=Verdict.UNCONFIRMED, subject=_IZIUM, stated=_day(2), id="a1"
        )
        second = Assessment(
            assessor=_MONITOR, verdict=Verdict.FALSE, subject=_IZIUM, stated=_day(5), id="a1"
        )
        for order in ([first, second], [second, first]):
            assert reconcile([_TAKEN, *order]).of(_IZIUM).assessments == (second,)

    def test_old_results_without_assessments_load(self):
        """A result written before assessments existed loads with none."""
        data = json.loads(dumps(reconcile([_TAKEN]).of(_IZIUM)))
        del data["assessments"]
        assert loads(json.dumps(data), SubjectReconciliation).assessments == ()


class TestLaws:
    @_LAWS
    @given(claim_lists(), _assessment_lists())
    def test_assessments_never_change_anything_else(self, claims, assessments):
        """Adding assessments changes only the results' assessments and unmatched list."""
        bare = reconcile(claims)
        judged = reconcile([*claims, *assessments])
        assert judged.keys == bare.keys
        for before, after in zip(bare, judged, strict=True):
            assert after.status is before.status
            assert after.current == before.current
            assert after.range == before.range
            assert after.estimate == before.estimate
        shown = {a.id for s in judged for a in s.assessments}
        shown |= {a.id for a in judged.unmatched_assessments}
        assert shown == {a.id for a in assessments}

    @_LAWS
    @given(claim_lists(), _assessment_lists(), st.data())
    def test_partitions_merge_to_the_whole(self, claims, assessments, data):
        """Reconciling any partition of claims and assessments and merging equals the whole."""
        records = [*claims, *assessments]
        parts = data.draw(st.lists(st.integers(0, 2), min_size=len(records), max_size=len(records)))
        groups: list[list[Claim | Assessment]] = [[], [], []]
        for record, part in zip(records, parts, strict=True):
            groups[part].append(record)
        merged = functools.reduce(Reconciliation.merge, (reconcile(g) for g in groups))
        assert merged == reconcile(records)

    @_LAWS
    @given(claim_lists(), _assessment_lists(), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, claims, assessments, rnd):
        """Any order of claims and assessments gives the same result."""
        records: list[Claim | Assessment] = [*claims, *assessments]
        shuffled = list(records)
        rnd.shuffle(shuffled)
        assert reconcile(shuffled) == reconcile(records)


class TestCli:
    def _result(self) -> Reconciliation:
        other = TerritorialControl(place=Location(name="Kupiansk", country="UA"), controller="RU")
        lone = Assessment(assessor=_MONITOR, verdict=Verdict.CONTESTED, subject=other)
        return reconcile([_TAKEN, _DENIED, _DOUBT, lone])

    def test_table_shows_assessments(self):
        """The table shows each assessment under its subject, and the unmatched ones."""
        out = io.StringIO()
        write_table(self._result(), out)
        text = out.getvalue()
        assert "assessed unlikely by Institute for the Study of War (US) (2 Apr 2022)" in text
        assert f"of {_TAKEN.id}" in text
        assert "1 assessment of subjects no claim is about" in text
        assert "assessed contested by Institute for the Study of War (US)" in text

    def test_csv_has_an_assessments_column(self):
        """Each CSV row carries its subject's assessments."""
        out = io.StringIO()
        write_csv(self._result(), out)
        header, *rows = out.getvalue().splitlines()
        assert header.endswith(",assessments")
        assert all("unlikely by Institute for the Study of War" in row for row in rows)

    def test_json_writes_unmatched_assessments_after_the_subjects(self):
        """JSON output keeps the unmatched assessment as a line of its own."""
        out = io.StringIO()
        result = self._result()
        write_json(result, out)
        lines = out.getvalue().splitlines()
        assert loads(lines[0], SubjectReconciliation).assessments == (_DOUBT,)
        assert loads(lines[-1]) == result.unmatched_assessments[0]
        assert subject_key(result.unmatched_assessments[0].subject) not in result.keys
