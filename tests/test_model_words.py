"""Words the models own: a claim's as-of, a source's identity, a subject's time and place,
week and year spans."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictevents
from conflictevents import (
    Attack,
    CasualtyCount,
    Claim,
    Curfew,
    EquipmentLoss,
    Location,
    MeasureKind,
    Negotiation,
    NegotiationStatus,
    Outcome,
    Quantity,
    Sanction,
    Source,
    SourceKind,
    TerritorialControl,
    TimePrecision,
    TimeSpan,
    Vote,
    VoteResult,
    same_event,
)
from conflictevents._claims import subject_place, subject_time
from conflictevents.exceptions import InvariantError
from conflictevents.interop import outliers
from conflictevents.strategies import claims, sources

KYIV = "Europe/Kyiv"
MOD = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU", side="RU")
KONASHENKOV = Source(name="Igor Konashenkov", kind=SourceKind.SPOKESPERSON, speaks_for=MOD)
HELD = NegotiationStatus.HELD
SINCE = pendulum.datetime(2022, 2, 24, tz=KYIV)


def _count(period: TimeSpan | None, figure: int = 498) -> CasualtyCount:
    return CasualtyCount(
        side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=figure), period=period
    )


def _day(day: int) -> TimeSpan:
    return TimeSpan.day(dt.date(2022, 3, day), tz=KYIV)


class TestIdentity:
    def test_spokesperson_is_the_organisation(self):
        """A spokesperson's identity is the organisation's, with its country."""
        assert KONASHENKOV.identity == MOD.identity == "Russian Defence Ministry (RU)"

    @given(sources())
    def test_claimant_identity_is_the_property(self, source):
        """The deprecated claimant_identity(source) warns and is source.identity for every source."""
        with pytest.warns(DeprecationWarning, match=r"Source\.identity"):
            claimant_identity = conflictevents.claimant_identity
        assert claimant_identity(source) == source.identity


class TestAsOf:
    def test_period_end_first(self):
        """A count's as-of is the end of its period, whenever it was stated."""
        period = TimeSpan.between(SINCE, pendulum.datetime(2022, 3, 2, tz=KYIV))
        claim = Claim(claimant=MOD, subject=_count(period), stated=_day(5))
        assert claim.as_of == period.end

    def test_stated_end_without_period_end(self):
        """Without a period end, the as-of is the end of the time it was stated."""
        claim = Claim(claimant=MOD, subject=_count(TimeSpan.since(SINCE)), stated=_day(3))
        assert claim.as_of == _day(3).end

    def test_stated_start_when_end_unknown(self):
        """A statement time with no end gives its start."""
        claim = Claim(claimant=MOD, subject=_count(None), stated=TimeSpan.since(SINCE))
        assert claim.as_of == SINCE

    def test_unknown(self):
        """No period end and no statement time: no as-of."""
        assert Claim(claimant=MOD, subject=_count(None)).as_of is None

    @given(claims())
    def test_is_a_bound_of_period_or_stated(self, claim):
        """The as-of is always a bound of the count's period or of the statement time."""
        bounds = []
        for span in (getattr(claim.subject, "period", None), claim.stated):
            if span is not None:
                bounds += [span.start, span.end]
        assert claim.as_of is None or claim.as_of in bounds


class TestOutliersUseAsOf:
    def test_series_without_period_end_is_ordered_by_statement(self):
        """Counts "since 24 February" with no period end form a series by when they were said.

        Before 0.x (unreleased) such counts were skipped, so the glitch went unseen.
        """
        figures = {1: 1000, 2: 1100, 3: 100, 4: 1300}
        series = [
            Claim(claimant=MOD, subject=_count(TimeSpan.since(SINCE), n), stated=_day(d))
            for d, n in figures.items()
        ]
        found = outliers(series)
        assert [o.figure for o in found] == [100]


class TestSubjectTimeAndPlace:
    def test_counts_and_control(self):
        """A count happens over its period and where it is; control has a place, no time."""
        kherson = Location(name="Kherson", country="UA")
        count = CasualtyCount(outcome=Outcome.KILLED, period=_day(2), place=kherson)
        assert (subject_time(count), subject_place(count)) == (_day(2), kherson)
        control = TerritorialControl(place=kherson, controller="RU")
        assert (subject_time(control), subject_place(control)) == (None, kherson)
        loss = EquipmentLoss(equipment="tank", period=_day(3))
        assert (subject_time(loss), subject_place(loss)) == (_day(3), None)

    def test_the_thing_itself_before_its_announcement(self):
        """Talks held, a sanction in effect, a curfew's hours come before their announcement."""
        kyiv = Location(name="Kyiv", country="UA")
        parties = frozenset({"RU", "UA"})
        talks = Negotiation(parties=parties, scheduled=_day(1), held=_day(2), status=HELD)
        planned = Negotiation(parties=parties, scheduled=_day(1), status=HELD)
        assert (subject_time(talks), subject_time(planned)) == (_day(2), _day(1))
        sanction = Sanction(
            authority=(Source(name="EU", kind=SourceKind.INTERNATIONAL_BODY),),
            entity="Russian Defence Ministry",
            measures=frozenset({MeasureKind.ASSET_FREEZE}),
            announced=_day(1),
            effective=_day(3),
        )
        assert (subject_time(sanction), subject_place(sanction)) == (_day(3), None)
        curfew = Curfew(authority=MOD, place=kyiv, declared=_day(1), period=_day(4))
        assert (subject_time(curfew), subject_place(curfew)) == (_day(4), kyiv)

    def test_events_with_when(self):
        """Events with a ``when`` happen then; a vote has no place."""
        attack = Attack(when=_day(2), place=Location(name="Kyiv", country="UA"))
        assert subject_time(attack) == _day(2)
        vote = Vote(body=MOD, motion="a motion", result=VoteResult.ADOPTED, when=_day(2))
        assert (subject_time(vote), subject_place(vote)) == (_day(2), None)

    def test_same_event_compares_curfew_hours_not_declarations(self):
        """Two reports of one curfew match by its hours, even if one also says when it was declared.

        Before, the declaration day (3 days earlier) was compared with the other report's
        hours, and the reports did not match.
        """
        kyiv = Location(name="Kyiv", country="UA")
        full = Curfew(authority=MOD, place=kyiv, declared=_day(1), period=_day(4))
        hours_only = Curfew(authority=MOD, place=kyiv, period=_day(4))
        assert same_event(full, hours_only)


class TestWeekAndYear:
    @given(
        st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
        st.sampled_from(["UTC", KYIV, "America/Havana", "Asia/Gaza", "America/Santiago"]),
    )
    def test_week_is_seven_days(self, first, tz):
        """A week runs from the start of its first day to the start of the eighth."""
        week = TimeSpan.week(first, tz=tz)
        assert week.precision is TimePrecision.WEEK
        assert week.start == TimeSpan.day(first, tz=tz).start
        assert week.end == TimeSpan.day(first + dt.timedelta(days=7), tz=tz).start

    @given(
        st.integers(min_value=2, max_value=9998),  # year 1 overflows east of UTC (as month)
        st.sampled_from(["UTC", KYIV, "America/Havana", "Asia/Gaza", "America/Santiago"]),
    )
    def test_year_is_its_months(self, year, tz):
        """A year runs from the start of its January to the end of its December."""
        span = TimeSpan.year(year, tz=tz, approximate=True)
        assert (span.precision, span.approximate) == (TimePrecision.YEAR, True)
        assert span.start == TimeSpan.month(year, 1, tz=tz).start
        assert span.end == TimeSpan.month(year, 12, tz=tz).end

    @pytest.mark.parametrize(
        ("make", "field"),
        [
            (lambda: TimeSpan.week("2022-03-07", tz=KYIV), "date"),
            (lambda: TimeSpan.week(dt.date(2022, 3, 7), tz="Mars/Olympus"), "tz"),
            (lambda: TimeSpan.year(0, tz=KYIV), "year"),
            (lambda: TimeSpan.year(2022, tz="Mars/Olympus"), "tz"),
        ],
    )
    def test_bad_arguments_are_named(self, make, field):
        """A bad date, year or zone raises an InvariantError naming the argument."""
        with pytest.raises(InvariantError) as raised:
            make()
        assert raised.value.field == field
