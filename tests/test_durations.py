"""Durations and counts on incidents: typed figures with their hedge, never text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

from conflictevents import (
    AirspaceIncident,
    Location,
    Qualifier,
    Quantity,
    dumps,
    loads,
)
from conflictevents import strategies as cst
from conflictevents._ids import derive_id
from conflictevents.exceptions import FigureParseError, InvariantError, ValidationError
from conflictevents.reports import CrewFate, Duration, TimeUnit


class TestParse:
    @pytest.mark.parametrize(
        ("text", "value", "qualifier", "unit"),
        [
            ("for about 17 minutes", 17, Qualifier.ABOUT, TimeUnit.MINUTES),
            ("nearly two hours", 2, Qualifier.NEARLY, TimeUnit.HOURS),
            ("a minute", 1, Qualifier.EXACT, TimeUnit.MINUTES),
            ("about an hour", 1, Qualifier.ABOUT, TimeUnit.HOURS),
            ("more than 70 years", 70, Qualifier.MORE_THAN, TimeUnit.YEARS),
            ("90 seconds", 90, Qualifier.EXACT, TimeUnit.SECONDS),
        ],
    )
    def test_phrases(self, text, value, qualifier, unit):
        """Each phrase reads as its figure, hedge and unit."""
        found = Duration.parse(text)
        assert (found.amount.value, found.amount.qualifier, found.unit) == (value, qualifier, unit)

    def test_vague_amount(self):
        """ "several minutes" is three to nine minutes."""
        assert Duration.parse("several minutes").amount.bounds == (3, 9)

    @pytest.mark.parametrize("text", ["briefly", "minutes", "17", "about 17 furlongs", ""])
    def test_not_a_duration(self, text):
        """Words without a figure and a unit are an error quoting them."""
        with pytest.raises(FigureParseError):
            Duration.parse(text)

    def test_long_text_is_refused_before_reading(self):
        """A phrase over 256 characters is refused with its length."""
        with pytest.raises(FigureParseError, match="at most 256"):
            Duration.parse("1 " + "very " * 100 + "minutes")

    @given(cst.durations())
    def test_str_parses_back(self, duration):
        """A duration's words read back as its figure and unit (or as the same words)."""
        again = Duration.from_text(str(duration))
        assert (again.amount, again.unit) == (duration.amount, duration.unit)
        if duration.amount is None:
            assert again == duration


class TestModel:
    def test_amount_needs_a_unit(self):
        """An amount without a unit is refused, naming the field."""
        with pytest.raises(InvariantError, match="unit"):
            Duration(amount=Quantity(value=17))

    def test_empty_duration_is_refused(self):
        """A duration with neither figure nor words is refused."""
        with pytest.raises(InvariantError, match="amount"):
            Duration()

    def test_seconds_apply_the_hedge_in_seconds(self):
        """ "nearly two hours" is 6,480 to 7,200 seconds, not 2 to 2 hours."""
        assert Duration.parse("nearly two hours").seconds == Quantity(
            value=7200, qualifier=Qualifier.NEARLY
        )

    def test_given_bounds_scale(self):
        """Bounds given explicitly are multiplied, not recomputed."""
        between = Duration(
            amount=Quantity(qualifier=Qualifier.BETWEEN, low=1, high=2), unit=TimeUnit.HOURS
        )
        assert between.seconds.bounds == (3600, 7200)

    def test_counts_are_never_negative(self):
        """A negative warning count is refused, naming the field and value."""
        with pytest.raises(InvariantError, match="warnings") as caught:
            AirspaceIncident(violated_state="SE", warnings=-1)
        assert "-1" in str(caught.value)

    @given(cst.airspace_incidents())
    def test_json_round_trip(self, incident):
        """Incidents, with duration, counts, crew and route, survive dumps/loads."""
        assert loads(dumps(incident), AirspaceIncident) == incident


class TestOldFiles:
    def _old(self, duration: object) -> str:
        incident = AirspaceIncident(violated_state="SE", operator_state="RU")
        data = json.loads(dumps(incident))
        for added in ("warnings", "interceptions", "crew", "route"):
            del data[added]
        data["duration"] = duration
        return json.dumps(data)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("briefly", Duration(wording="briefly")),
            (
                "about a minute",
                Duration(
                    amount=Quantity(value=1, qualifier=Qualifier.ABOUT),
                    unit=TimeUnit.MINUTES,
                    wording="about a minute",
                ),
            ),
            (
                "several minutes",
                Duration(
                    amount=Quantity.parse("several"),
                    unit=TimeUnit.MINUTES,
                    wording="several minutes",
                ),
            ),
        ],
    )
    def test_text_duration_of_0x_loads_typed(self, text, expected):
        """A text duration as 0.x wrote it loads as the typed duration its words give."""
        assert loads(self._old(text), AirspaceIncident).duration == expected

    def test_old_incidents_keep_their_ids(self):
        """An incident a 0.x file held with a text duration derives the id it had then."""
        path = Path(__file__).parent / "data" / "previous-release" / "records-0.x.jsonl"
        lines = [json.loads(line) for line in path.read_text().splitlines()[1:]]
        old = [d for d in lines if d.get("type") == "airspace_incident" and d["duration"]]
        assert old
        for data in old:
            incident = loads(json.dumps(data), AirspaceIncident)
            assert isinstance(incident.duration, Duration)
            assert derive_id("airspace_incident", incident) == data["id"]

    def test_blank_text_duration_is_an_error(self):
        """A blank text duration is refused with its path."""
        with pytest.raises(ValidationError, match="duration"):
            loads(self._old("  "), AirspaceIncident)

    def test_new_incident_without_new_fields_keeps_its_id(self):
        """An incident that uses none of the new counts has the id it had before them."""
        plain = AirspaceIncident(violated_state="SE", operator_state="RU")
        assert plain.id == "airspace_incident-24e4e8a1199a4520d779"  # as derived before
        again = loads(self._old(None), AirspaceIncident)
        assert again == plain


def test_route_is_places():
    """A route is a tuple of places; a name alone is refused."""
    with pytest.raises(InvariantError, match="route"):
        AirspaceIncident(violated_state="SE", route=("Gotland",))  # type: ignore[arg-type]
    AirspaceIncident(violated_state="SE", route=(Location(name="Gotland", country="SE"),))
    assert CrewFate("ejected") is CrewFate.EJECTED
