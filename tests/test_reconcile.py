"""Reconciliation of conflicting claims: the reference article, supersession, laws."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json

import attrs
import jsonschema
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import (
    CONSERVATIVE,
    MEDIAN_OF_INDEPENDENT,
    UCDP,
    CasualtyCount,
    Category,
    Claim,
    EquipmentLoss,
    Location,
    Outcome,
    Quantity,
    Reconciliation,
    ReconciliationStatus,
    SideRelation,
    Source,
    SourceKind,
    Stance,
    Subject,
    SubjectReconciliation,
    TimeSpan,
    ValidationError,
    Verification,
    dumps,
    from_dict,
    json_schema,
    loads,
    read_jsonl,
    reconcile,
    subject_key,
    to_dict,
)
from conflictevents import strategies as cst
from conflictevents._recency import add, latest
from conflictevents._reconcile import _settled
from conflictevents._schema import shipped_schema
from conflictevents.examples import first_week_2022, first_week_2022_rows
from conflictevents.exceptions import ReconciliationError

_DEFS = json_schema()["$defs"]
_SCHEMA = jsonschema.Draft202012Validator(json_schema())
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
        side = {s.claim: s.side for s in sub.current}
        assert side[rows["C1"].id] is SideRelation.SELF
        assert side[rows["C5"].id] is SideRelation.ADVERSARY
        assert side[rows["C6"].id] is SideRelation.ADVERSARY
        assert len(sub.current) == 3
        assert sub.superseded == ()

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
            assert sub.current[0].side is SideRelation.ADVERSARY

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


# -- laws ---------------------------------------------------------------------------------

_SINCE = TimeSpan.since(pendulum.datetime(2022, 2, 24, tz="Europe/Kyiv"))
_KHERSON = Location(name="Kherson", country="UA")
_SIDES = st.sampled_from(["RU", "UA", None])


def _shared_subjects() -> st.SearchStrategy[Subject]:
    """Subjects that collide on a few keys: one casualty series, one place, any others."""
    return st.one_of(
        cst.casualty_counts(
            sides=st.just("RU"),
            categories=st.just(Category.MILITARY),
            outcomes=st.just(Outcome.KILLED),
            periods=st.sampled_from([_SINCE, None]),
            places=st.none(),
        ),
        cst.territorial_controls(places=st.just(_KHERSON), controllers=st.just("RU")),
        cst.subjects(),
    )


def claim_lists(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[list[Claim]]:
    """Lists of claims by a few claimants about a few shared subjects."""
    return st.lists(
        cst.claims(subjects=_shared_subjects(), claimants=cst.sources(sides=_SIDES)),
        min_size=min_size,
        max_size=max_size,
    )


_LAWS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class TestLaws:
    @_LAWS
    @given(claim_lists(), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, claims, rnd):
        """Any permutation of the claims reconciles to the same result."""
        shuffled = list(claims)
        rnd.shuffle(shuffled)
        assert reconcile(shuffled) == reconcile(claims)

    @_LAWS
    @given(claim_lists(), st.data())
    def test_duplicates_do_not_matter(self, claims, data):
        """Claims given twice count once."""
        extra = data.draw(st.lists(st.sampled_from(claims), max_size=5)) if claims else []
        assert reconcile(claims + extra) == reconcile(claims)

    @_LAWS
    @given(claim_lists(), st.data())
    def test_partitions_merge_to_the_whole(self, claims, data):
        """Reconciling any partition of the claims and merging equals reconciling all."""
        parts = data.draw(st.lists(st.integers(0, 3), min_size=len(claims), max_size=len(claims)))
        groups: list[list[Claim]] = [[], [], [], []]
        for claim, part in zip(claims, parts, strict=True):
            groups[part].append(claim)
        merged = functools.reduce(Reconciliation.merge, (reconcile(g) for g in groups))
        assert merged == reconcile(claims)

    @_LAWS
    @given(claim_lists(max_size=6), claim_lists(max_size=6), claim_lists(max_size=6))
    def test_merge_laws(self, xs, ys, zs):
        """Merge is commutative, associative and idempotent."""
        a, b, c = reconcile(xs), reconcile(ys), reconcile(zs)
        assert a.merge(b) == b.merge(a)
        assert a.merge(b).merge(c) == a.merge(b.merge(c))
        assert a.merge(a) == a

    @_LAWS
    @given(claim_lists(min_size=1), cst.claims(subjects=_shared_subjects()))
    def test_adding_a_claim_never_narrows(self, claims, extra):
        """Adding a claim never narrows the envelope, nor the range unless it supersedes."""
        before = reconcile(claims)
        after = reconcile([*claims, extra])
        for sub in before:
            grown = after.subject(sub.key)
            if sub.envelope is not None:
                assert grown.envelope is not None
                assert grown.envelope.contains(sub.envelope)
            new_claimant = extra.claimant.identity not in sub.claimants
            if sub.range is not None and new_claimant:
                assert grown.range is not None
                assert grown.range.contains(sub.range)

    @_LAWS
    @given(claim_lists(), cst.claims(subjects=_shared_subjects(), stances=st.just(Stance.ASSERTS)))
    def test_denial_contests_until_conceded(self, claims, asserted):
        """A standing denial of an asserted subject makes it contested; a later
        assertion by the denying side concedes it."""
        denier = Source(name="Denying Ministry", kind=SourceKind.MINISTRY, side="XX")
        denial = Claim(
            claimant=denier, stance=Stance.DENIES, subject=asserted.subject, stated=_at(2050)
        )
        contested = reconcile([*claims, asserted, denial]).of(asserted)
        if any(s.stance is Stance.ASSERTS for s in contested.current):
            assert contested.status is ReconciliationStatus.CONTESTED
        else:
            assert contested.status is ReconciliationStatus.DENIED
        conceder = Source(name="Conceding Army", kind=SourceKind.MILITARY, side="XX")
        concession = Claim(claimant=conceder, subject=asserted.subject, stated=_at(2051))
        assertions = [c for c in claims if c.stance is Stance.ASSERTS]
        conceded = reconcile([*assertions, asserted, denial, concession]).of(asserted)
        assert conceded.status is ReconciliationStatus.CONCEDED

    @_LAWS
    @given(claim_lists(), cst.claims(subjects=_shared_subjects()))
    def test_newer_claim_supersedes(self, claims, older):
        """A claimant's newer claim on a subject supersedes every older one of its own."""
        newer = Claim(
            claimant=older.claimant,
            stance=older.stance,
            subject=_as_of(older.subject, _at(2050).end),
            stated=_at(2050),
        )
        sub = reconcile([*claims, older, newer]).of(newer)
        identity = older.claimant.identity
        mine = [s for s in sub.current if s.claimant == identity]
        assert [s.claim for s in mine] == [newer.id]
        own = {c.id for c in sub.claims if c.claimant.identity == identity}
        assert set(sub.superseded) >= own - {newer.id}
        assert all(sub.superseded_by(old) == newer.id for old in own - {newer.id})
        assert sub.superseded_by(older.id) in {None, newer.id}


_VERIFICATIONS = st.sampled_from(Verification)


class TestLatest:
    @_LAWS
    @given(claim_lists(min_size=1), st.data())
    def test_each_claimants_current_claim_is_its_latest(self, claims, data):
        """A claimant's current claim is the one latest() ranks first of its claims, ties too."""
        # restatements tie on "as of" (a count's period end) or on every time (then by id)
        picked = data.draw(st.lists(st.sampled_from(claims), max_size=4))
        spans = st.none() | st.sampled_from([c.stated for c in claims])
        claims = claims + [
            attrs.evolve(c, verification=data.draw(_VERIFICATIONS), stated=data.draw(spans))
            for c in picked
        ]
        for subject in reconcile(claims):
            if subject.version_collisions:
                continue
            kept = subject.claims
            for identity in subject.claimants:
                members = [i for i, c in enumerate(kept) if c.claimant.identity == identity]
                mine = [s.claim for s in subject.current if s.claimant == identity]
                assert mine == [kept[latest(kept, members)].id]


def _at(year: int) -> TimeSpan:
    return TimeSpan.instant(pendulum.datetime(year, 1, 1))


def _one_claimant_lists() -> st.SearchStrategy[list[Claim]]:
    """Claims by one claimant about a few shared subjects, mostly assertions, times often tied."""
    stated = st.none() | st.sampled_from([_at(2023), _at(2024)]) | cst.time_spans()
    stances = st.sampled_from([Stance.ASSERTS, Stance.ASSERTS, Stance.ASSERTS, Stance.DENIES])
    subjects = st.lists(_shared_subjects(), min_size=1, max_size=3).map(st.sampled_from)
    return st.tuples(cst.sources(sides=_SIDES), subjects).flatmap(
        lambda drawn: st.lists(
            cst.claims(
                subjects=drawn[1],
                claimants=st.just(drawn[0]),
                stances=stances,
                stated=stated,
            ),
            min_size=1,
            max_size=8,
        )
    )


class TestOneClaimant:
    @_LAWS
    @given(_one_claimant_lists(), st.sampled_from([CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT]))
    def test_fast_path_equals_general_path(self, claims, policy):
        """A subject with one claimant reconciles to the same result on its fast path as on the general one."""
        for sub in reconcile(claims, policy=policy):
            bucket: dict[str, Claim] = {}
            extra: dict[str, list[Claim]] = {}
            for claim in claims:
                if subject_key(claim) == sub.key:
                    add(bucket, claim, extra)
            general = _settled(sub.key, bucket, extra, policy, general=True)
            assert sub == general
            assert dumps(sub) == dumps(general)


def _as_of(subject: Subject, end: pendulum.DateTime | None) -> Subject:
    """The same subject counted up to ``end`` (for counts: the period's end moves)."""
    if not isinstance(subject, CasualtyCount | EquipmentLoss) or subject.period is None:
        return subject
    start = subject.period.start
    period = TimeSpan.until(end) if start is None else TimeSpan.between(start, end)
    return attrs.evolve(subject, period=period)


_EVENT_IDS = st.text("abc-0123456789", min_size=1, max_size=12)


class TestEventOfACount:
    """A count that names its event is its own subject; one that does not keys as before."""

    def test_count_without_event_keys_as_before(self):
        """A count without ``event`` has the key it had before the field existed."""
        count = CasualtyCount(side="RU", category=Category.MILITARY, outcome=Outcome.KILLED)
        assert count.event is None
        assert subject_key(count) == (
            "casualty_count/side=RU/category=military/outcome=killed/since=*/place=*"
        )
        loss = EquipmentLoss(side="RU", equipment="tanks")
        assert (
            subject_key(loss)
            == "equipment_loss/side=RU/equipment=tanks/status=lost/since=*/place=*"
        )

    @given(
        st.one_of(cst.casualty_counts(events=st.none()), cst.equipment_losses(events=st.none())),
        _EVENT_IDS,
        _EVENT_IDS,
    )
    def test_event_is_part_of_the_key(self, count, one, other):
        """Naming an event appends it to the key; counts of different events never share one."""
        plain = subject_key(count)
        assert "/event=" not in plain
        assert subject_key(attrs.evolve(count, event=one)) == f"{plain}/event={one}"
        same = subject_key(attrs.evolve(count, event=one)) == subject_key(
            attrs.evolve(count, event=other)
        )
        assert same == (one == other)

    def test_same_day_and_place_different_events_do_not_supersede(self):
        """One claimant's counts of two events on one day and place stay two current subjects."""
        ucdp = Source(name="UCDP", kind=SourceKind.MONITOR)
        day = TimeSpan.day(pendulum.date(2022, 9, 1), tz="UTC")
        place = Location(name="Enerhodar", country="UA")

        def deaths(event: str, best: int, stated: int) -> Claim:
            count = CasualtyCount(
                outcome=Outcome.KILLED,
                quantity=Quantity(value=best),
                period=day,
                place=place,
                event=event,
            )
            return Claim(claimant=ucdp, subject=count, stated=_at(stated))

        first, second = deaths("ucdp-ged-1", 3, 2023), deaths("ucdp-ged-2", 7, 2024)
        result = reconcile([first, second])
        assert len(result) == 2
        assert all(sub.superseded == () for sub in result)
        revised = deaths("ucdp-ged-1", 4, 2025)
        assert reconcile([first, second, revised]).of(first).superseded_by(first.id) == revised.id


_KYIV = pendulum.timezone("Europe/Kyiv")
_MOD = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU", side="RU")


def _kyiv_repeat(minute: int, fold: int) -> pendulum.DateTime:
    """03:mm on 30 Oct 2022 in Kyiv, in the hour clocks repeat: fold 0 is EEST, 1 is EET."""
    return pendulum.instance(dt.datetime(2022, 10, 30, 3, minute, tzinfo=_KYIV, fold=fold))


class TestRepeatedHour:
    """Recency follows instants, not wall times, in the hour a DST change repeats."""

    def test_later_statement_in_repeated_hour_supersedes(self):
        """Of two statements in Kyiv's repeated hour, the later instant is current."""
        earlier, later = _kyiv_repeat(45, 0), _kyiv_repeat(30, 1)
        assert earlier.tzinfo is later.tzinfo
        assert earlier.timestamp() < later.timestamp()
        count = CasualtyCount(side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=10))
        mod = _MOD
        first = Claim(claimant=mod, subject=count, stated=TimeSpan.instant(earlier))
        second = Claim(
            claimant=mod,
            subject=attrs.evolve(count, quantity=Quantity(value=20)),
            stated=TimeSpan.instant(later),
        )
        for claims in ([first, second], [second, first]):
            sub = reconcile(claims).of(first)
            assert [s.claim for s in sub.current] == [second.id]
            assert sub.superseded_by(first.id) == second.id

    def test_later_as_of_in_repeated_hour_supersedes(self):
        """Of two counts "as of" moments in Kyiv's repeated hour, the later instant is current."""
        start = pendulum.datetime(2022, 2, 24, tz=_KYIV)
        mod = _MOD

        def count(value: int, end: pendulum.DateTime) -> Claim:
            period = TimeSpan.between(start, end)
            subject = CasualtyCount(
                side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=value), period=period
            )
            return Claim(claimant=mod, subject=subject, stated=_at(2023))

        first, second = count(10, _kyiv_repeat(45, 0)), count(20, _kyiv_repeat(30, 1))
        assert subject_key(first) == subject_key(second)
        merged = reconcile([first]).merge(reconcile([second]))
        for result in (reconcile([first, second]), reconcile([second, first]), merged):
            sub = result.of(first)
            assert [s.claim for s in sub.current] == [second.id]


class TestResults:
    @_LAWS
    @given(claim_lists())
    def test_results_pass_their_validators(self, claims):
        """Every result reconcile builds passes its own validators (evolve re-runs them)."""
        for sub in reconcile(claims, policy=UCDP):
            assert attrs.evolve(sub) == sub
            for part in (*sub.current, sub.range, sub.envelope, sub.estimate):
                if part is not None:
                    assert attrs.evolve(part) == part

    @_LAWS
    @given(claim_lists())
    def test_json_round_trip(self, claims):
        """A reconciliation survives JSON unchanged."""
        result = reconcile(claims, policy=UCDP)
        text = dumps(result)
        assert loads(text, Reconciliation) == result
        assert loads(text) == result
        assert dumps(loads(text)) == text
        _SCHEMA.validate(json.loads(text))

    def test_json_schema(self, article):
        """A dumped reconciliation and each subject result validate against json_schema()."""
        _SCHEMA.validate(json.loads(dumps(article)))
        for sub in article:
            _SCHEMA.validate(json.loads(dumps(sub)))

    def test_shipped_schema_defines_the_results(self):
        """The shipped schema's root accepts both results by their "type" constant."""
        schema = shipped_schema()
        roots = {ref["$ref"] for ref in schema["oneOf"]}
        for name in ("Reconciliation", "SubjectReconciliation"):
            assert f"#/$defs/{name}" in roots
            assert name not in {r["$ref"] for r in schema["$defs"]["Record"]["oneOf"]}
        for name in ("ClaimStanding", "FigureRange", "Estimate"):
            assert schema["$defs"][name]["additionalProperties"] is False

    def test_a_result_is_not_a_record(self, article):
        """A reconciliation fails the JSON Lines line schema (#/$defs/Record)."""
        record = jsonschema.Draft202012Validator({"$ref": "#/$defs/Record", "$defs": _DEFS})
        assert not record.is_valid(json.loads(dumps(article)))
        assert record.is_valid(json.loads(dumps(first_week_2022()[0])))

    def test_loads_dispatches_on_the_tag(self, article):
        """loads and from_dict without type= give back either result by its tag."""
        assert loads(dumps(article)) == article
        assert from_dict(to_dict(article)) == article
        sub = article.subjects[0]
        got = loads(dumps(sub))
        assert type(got) is SubjectReconciliation
        assert got == sub

    def test_read_jsonl_reads_records_only(self, article):
        """read_jsonl without type= refuses a reconciliation line; with type= it reads it."""
        text = dumps(article) + "\n"
        with pytest.raises(ValidationError, match=r"line 1: \$\.type: 'reconciliation' is not"):
            list(read_jsonl(io.StringIO(text)))
        assert list(read_jsonl(io.StringIO(text), type=Reconciliation)) == [article]


class TestMergeErrors:
    def test_policies_must_match(self, article):
        """Merging results made under different policies is an error."""
        other = Reconciliation(policy=UCDP.name)
        with pytest.raises(ReconciliationError, match="ucdp"):
            article.merge(other)


def test_a_stream_with_an_equal_claim_again_keys_every_claim_by_its_own_subject():
    """Claims read one at a time, one of them given twice, key as the same claims in a list.

    The copy is dropped (it equals the claim kept), and its subject freed: a subject
    made after it may get its address, and must not get its key.
    """
    claims = [c for c in first_week_2022() if isinstance(c, Claim)]
    texts = [dumps(claims[0]), dumps(claims[0])] + [dumps(c) for c in claims[1:]] * 3

    def stream():
        for text in texts:
            yield loads(text)

    expected = reconcile([loads(text) for text in texts])
    for _ in range(5):  # whether an address is reused is the allocator's choice: several tries
        assert dumps(reconcile(stream())) == dumps(expected)
