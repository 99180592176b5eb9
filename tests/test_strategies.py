"""The public Hypothesis strategies draw valid, realistic, hashable objects."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import conflictevents
from conflictevents import (
    AirspaceIncident,
    CasualtyCount,
    Claim,
    Location,
    Outcome,
    Qualifier,
    Quantity,
    Source,
    SourceKind,
    TimePrecision,
    TimeSpan,
)
from conflictevents import strategies as cst
from conflictevents._hypothesis_plugin import _STRATEGY_FOR, model_named
from conflictevents._records import RECORD_TYPES

# strategy name -> the type(s) every draw must have
EXPECTED: dict[str, type | tuple[type, ...]] = {
    strategy: model_named(model) for model, strategy in _STRATEGY_FOR.items()
}
EXPECTED["events"] = RECORD_TYPES[1:]
EXPECTED["records"] = RECORD_TYPES
EXPECTED["subjects"] = (
    conflictevents.CasualtyCount,
    conflictevents.EquipmentLoss,
    conflictevents.TerritorialControl,
    *RECORD_TYPES[1:],
)

ONE_HUNDRED_NINETY_THREE = 193
FIND = settings(database=None, max_examples=2_000, deadline=None)


def _depth(obj: Any, attribute: str) -> int:
    depth = 0
    while (obj := getattr(obj, attribute)) is not None:
        depth += 1
        if attribute == "relative_to":
            obj = obj.anchor
    return depth


class TestEveryStrategy:
    """Every model strategy draws objects that construct, hash and copy equal."""

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_draws_are_valid_hashable_and_equal_to_a_copy(self, name):
        """200 draws each have the right type, hash, and equal an `attrs.evolve` copy."""
        strategy = getattr(cst, name)()
        expected = EXPECTED[name]

        @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
        @given(strategy)
        def check(obj: Any) -> None:
            assert isinstance(obj, expected)
            copy = attrs.evolve(obj)
            assert copy == obj
            assert hash(copy) == hash(obj)
            assert {obj, copy} == {obj}
            if hasattr(obj, "id"):
                assert copy.id == obj.id

        check()

    def test_every_strategy_is_in_all(self):
        """`strategies.__all__` lists every strategy the plugin map names, sorted."""
        assert cst.__all__ == sorted(cst.__all__)
        assert set(EXPECTED) <= set(cst.__all__)
        assert all(callable(getattr(cst, name)) for name in cst.__all__)

    def test_every_strategy_documents_what_it_shrinks_towards(self):
        """Each public strategy's docstring says what it shrinks towards."""
        missing = [
            n for n in cst.__all__ if "Shrinks towards" not in (getattr(cst, n).__doc__ or "")
        ]
        assert missing == []

    def test_package_import_does_not_import_strategies(self):
        """`import conflictevents` loads neither `strategies` nor Hypothesis."""
        code = (
            "import sys, conflictevents\n"
            "assert 'conflictevents.strategies' not in sys.modules\n"
            "assert 'hypothesis' not in sys.modules, 'hypothesis imported'\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr


class TestTimes:
    """Datetimes and spans are aware, in range, and cover every precision."""

    @given(cst.aware_datetimes())
    def test_datetimes_are_aware_pendulum_in_range(self, moment):
        """`aware_datetimes()` draws aware pendulum datetimes between 1990 and 2041."""
        assert isinstance(moment, pendulum.DateTime)
        assert moment.utcoffset() is not None
        assert dt.datetime(1989, 12, 30, tzinfo=dt.UTC) < moment
        assert moment < dt.datetime(2041, 1, 2, tzinfo=dt.UTC)

    @pytest.mark.parametrize("precision", list(TimePrecision))
    def test_each_precision_is_drawn(self, precision):
        """`time_spans()` reaches every precision, and `precisions=` restricts it."""
        found = find(cst.time_spans(), lambda s: s.precision is precision, settings=FIND)
        assert found.precision is precision

        @settings(max_examples=20)
        @given(cst.time_spans(precisions=[precision]))
        def only(span: TimeSpan) -> None:
            assert span.precision is precision

        only()

    @pytest.mark.parametrize("is_open_end", [True, False])
    def test_both_open_bounds_are_drawn(self, is_open_end):
        """Open spans come with an unknown end ("since") and an unknown start ("until")."""
        found = find(
            cst.time_spans(precisions=[TimePrecision.OPEN]),
            lambda s: (s.end is None) is is_open_end,
            settings=FIND,
        )
        assert (found.end is None) is is_open_end

    def test_approximate_spans_are_drawn(self):
        """Some spans are approximate."""
        assert find(cst.time_spans(), lambda s: s.approximate, settings=FIND).approximate

    @given(cst.time_spans(precisions=[TimePrecision.DAY, TimePrecision.MONTH]))
    def test_days_and_months_are_built_by_their_constructors(self, span):
        """DAY and MONTH spans equal `TimeSpan.day` / `TimeSpan.month` of their own start."""
        start = span.start
        tz = start.timezone_name
        rebuilt = (
            TimeSpan.day(start.date(), tz=tz, approximate=span.approximate)
            if span.precision is TimePrecision.DAY
            else TimeSpan.month(start.year, start.month, tz=tz, approximate=span.approximate)
        )
        assert rebuilt == span

    def test_zone_names_shrink_to_utc(self):
        """`time_zone_names()` shrinks towards "UTC" and reaches Europe/Kyiv."""
        assert find(cst.time_zone_names(), lambda _: True, settings=FIND) == "UTC"
        assert (
            find(cst.time_zone_names(), lambda z: z == "Europe/Kyiv", settings=FIND)
            == "Europe/Kyiv"
        )


class TestQuantities:
    """Quantities cover every qualifier and keep the default bounds."""

    @pytest.mark.parametrize("qualifier", list(Qualifier))
    def test_each_qualifier_is_drawn(self, qualifier):
        """`quantities()` reaches every qualifier."""
        found = find(cst.quantities(), lambda q: q.qualifier is qualifier, settings=FIND)
        assert found.qualifier is qualifier

    @given(cst.quantities())
    def test_hedged_figures_have_the_default_bounds(self, quantity):
        """Every non-`between` figure equals the one built from its value and qualifier."""
        if quantity.qualifier is Qualifier.BETWEEN:
            assert quantity.low is not None
            assert quantity.high is not None
            assert quantity.low <= quantity.high
            assert quantity.value is None or quantity.low <= quantity.value <= quantity.high
        else:
            assert Quantity(value=quantity.value, qualifier=quantity.qualifier) == quantity

    @given(cst.quantities(min_value=10, max_value=ONE_HUNDRED_NINETY_THREE))
    def test_range_is_respected(self, quantity):
        """Figures and `between` bounds stay within `min_value`..`max_value`."""
        between = quantity.qualifier is Qualifier.BETWEEN
        for figure in (
            quantity.value,
            quantity.low if between else None,
            quantity.high if between else None,
        ):
            assert figure is None or 10 <= figure <= ONE_HUNDRED_NINETY_THREE

    @given(
        cst.quantities(min_value=2**63 - 2, max_value=2**63 - 1, qualifiers=[Qualifier.MORE_THAN])
    )
    def test_more_than_the_largest_count(self, quantity):
        """'more than' figures at the 64-bit top still draw: their low (value + 1) fits."""
        assert quantity.low == 2**63 - 1

    def test_shrinks_to_exact_zero(self):
        """The simplest quantity is an exact zero."""
        assert find(cst.quantities(), lambda _: True, settings=FIND) == Quantity(value=0)


class TestSharing:
    """Keyword arguments let tests make claims about shared subjects and sides."""

    SHARED = (
        CasualtyCount(side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=498)),
        CasualtyCount(side="UA", outcome=Outcome.WOUNDED),
    )

    @given(
        cst.claims(
            subjects=st.sampled_from(SHARED),
            claimants=cst.sources(sides=st.sampled_from(["RU", "UA"])),
        )
    )
    def test_claims_about_fixed_subjects(self, claim):
        """`claims(subjects=..., claimants=...)` uses the given subjects and claimants."""
        assert claim.subject in self.SHARED
        assert claim.claimant.side in {"RU", "UA"}

    @given(cst.sources(kinds=[SourceKind.NEWS_AGENCY], max_depth=0))
    def test_sources_of_one_kind(self, source):
        """`sources(kinds=...)` draws only those kinds; `max_depth=0` never nests."""
        assert source.kind is SourceKind.NEWS_AGENCY
        assert source.speaks_for is None

    @given(cst.sources(max_depth=2))
    def test_sources_nest_at_most_max_depth(self, source):
        """`speaks_for` chains are at most `max_depth` long."""
        assert _depth(source, "speaks_for") <= 2

    @given(cst.locations(max_depth=2))
    def test_locations_nest_at_most_max_depth(self, location):
        """`relative_to` chains are at most `max_depth` long."""
        assert _depth(location, "relative_to") <= 2

    @given(cst.locations(max_depth=0))
    def test_plain_locations(self, location):
        """`locations(max_depth=0)` draws only plain places."""
        assert location.relative_to is None

    def test_realistic_names(self):
        """Examples read like reports: the Russian Defence Ministry; Kyiv, alias Kiev."""
        assert find(cst.sources(), lambda _: True, settings=FIND) == Source(
            name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU", side="RU"
        )
        plain = find(cst.locations(), lambda _: True, settings=FIND)
        assert (plain.relative_to, plain.coordinates, plain.aliases) == (None, None, frozenset())
        kyiv = find(cst.locations(max_depth=0), lambda loc: "Kiev" in loc.aliases, settings=FIND)
        assert kyiv.name == "Kyiv"

    @given(cst.airspace_incidents())
    def test_airspace_totals_agree(self, incident):
        """An incident's total is `None` or the sum of its per-type counts."""
        assert isinstance(incident, AirspaceIncident)
        if incident.aircraft and incident.total is not None:
            assert incident.total == sum(a.count for a in incident.aircraft)
        assert incident.operator_state != incident.violated_state

    @given(cst.claims())
    def test_claim_ids_are_derived(self, claim):
        """A drawn claim's id is the one derived from its content."""
        assert isinstance(claim, Claim)
        assert attrs.evolve(claim, id="x").id == "x"
        fields = {f.name: getattr(claim, f.name) for f in attrs.fields(Claim) if f.name != "id"}
        assert Claim(**fields).id == claim.id

    def test_location_population_is_realistic(self):
        """Settlements' populations are at least a thousand."""
        found = find(
            cst.locations(max_depth=0), lambda loc: loc.population is not None, settings=FIND
        )
        assert isinstance(found, Location)
        assert found.population is not None
        assert found.population.low is not None
        assert found.population.low >= 900
