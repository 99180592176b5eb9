"""Data sets' codings: ACLED's and UCDP's own vocabularies, typed, with their rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import Attack, Claim, InvariantError, Source, SourceKind, dumps, loads
from conflictevents import strategies as cst
from conflictevents.datasets import (
    PRIOGRID_CELLS,
    AcledActorType,
    AcledCoding,
    AcledEventType,
    AcledSubEventType,
    CodedEvent,
    UcdpCoding,
    ViolenceType,
)

_ACLED = Source(name="ACLED", kind=SourceKind.MONITOR)


class TestAcledCoding:
    """ACLED's sub-event types, actor types and interaction codes."""

    def test_every_event_type_has_sub_event_types(self):
        """Each of the six event types owns at least one of the 25 sub-event types."""
        owners = {sub.event_type for sub in AcledSubEventType}
        assert owners == set(AcledEventType)
        assert len(AcledSubEventType) == 25

    @pytest.mark.parametrize(
        ("inter1", "inter2", "interaction"),
        [
            (AcledActorType.EXTERNAL_OTHER_FORCES, AcledActorType.STATE_FORCES, 18),
            (AcledActorType.STATE_FORCES, AcledActorType.EXTERNAL_OTHER_FORCES, 18),
            (AcledActorType.PROTESTERS, None, 60),
            (AcledActorType.CIVILIANS, AcledActorType.CIVILIANS, 77),
            (None, None, None),
        ],
    )
    def test_interaction(self, inter1, inter2, interaction):
        """The interaction code: both types' numbers, the smaller first; one type and 0."""
        coding = AcledCoding(
            sub_event_type=AcledSubEventType.ARMED_CLASH, inter1=inter1, inter2=inter2
        )
        assert coding.interaction == interaction

    @given(st.sampled_from(AcledActorType), st.sampled_from(AcledActorType))
    def test_interaction_is_symmetric(self, a, b):
        """Swapping the two actor types gives the same interaction code."""
        sub = AcledSubEventType.ATTACK
        assert (
            AcledCoding(sub_event_type=sub, inter1=a, inter2=b).interaction
            == AcledCoding(sub_event_type=sub, inter1=b, inter2=a).interaction
        )

    def test_inter2_needs_inter1(self):
        """A second actor's type without the first's is refused, naming the field."""
        with pytest.raises(InvariantError, match="inter2"):
            AcledCoding(
                sub_event_type=AcledSubEventType.ARMED_CLASH, inter2=AcledActorType.CIVILIANS
            )

    def test_actor_type_codes(self):
        """State forces are 1 and external/other forces 8, as in the codebook."""
        assert [t.code for t in AcledActorType] == list(range(1, 9))


class TestUcdpCoding:
    """UCDP's type of violence, PRIO-GRID cell and geometry."""

    def test_violence_codes(self):
        """State-based, non-state and one-sided violence are UCDP's 1, 2 and 3."""
        assert [t.code for t in ViolenceType] == [1, 2, 3]

    @pytest.mark.parametrize("gid", [0, PRIOGRID_CELLS + 1])
    def test_cell_outside_the_grid(self, gid):
        """A PRIO-GRID cell outside 1 to 259,200 is refused."""
        with pytest.raises(InvariantError, match="priogrid_gid"):
            UcdpCoding(violence=ViolenceType.ONE_SIDED, priogrid_gid=gid)

    @pytest.mark.parametrize("text", ["Kyiv", "point (1 2)", "POINT 1 2"])
    def test_geometry_must_be_wkt(self, text):
        """A geometry that is not WKT (in capitals) is refused."""
        with pytest.raises(InvariantError, match="geometry"):
            UcdpCoding(violence=ViolenceType.STATE_BASED, geometry=text)

    def test_more_digits_than_the_coordinates(self):
        """UCDP's geometry keeps the digits its latitude column rounds away."""
        coding = UcdpCoding(
            violence=ViolenceType.STATE_BASED, geometry="POINT (37.69076 49.069781999999996)"
        )
        assert coding.geometry.endswith("49.069781999999996)")


class TestJson:
    """Codings and coded events go through JSON unchanged."""

    @given(st.one_of(cst.acled_codings(), cst.ucdp_codings()))
    def test_codings_round_trip(self, coding):
        """An attack's coding comes back equal from JSON, whichever data set's it is."""
        claim = Claim(claimant=_ACLED, subject=Attack(coding=coding))
        assert loads(dumps(claim)) == claim

    @given(cst.coded_events())
    def test_coded_events_round_trip(self, event):
        """A coded event comes back equal from JSON, as a claim's subject and alone."""
        assert loads(dumps(event)) == event
        claim = Claim(claimant=_ACLED, subject=event)
        assert loads(dumps(claim)) == claim

    def test_unknown_sub_event_type_is_refused(self):
        """A sub-event type ACLED does not have is an error naming the path."""
        event = CodedEvent(coding=AcledCoding(sub_event_type=AcledSubEventType.ARRESTS))
        text = dumps(event).replace("Arrests", "Arrest")
        with pytest.raises(ValueError, match=r"\$\.coding\.sub_event_type"):
            loads(text)


class TestStrategies:
    """The strategies draw every value and st.from_type knows the data set models."""

    @given(st.from_type(AcledCoding), st.from_type(UcdpCoding), st.from_type(CodedEvent))
    def test_from_type(self, acled, ucdp, event):
        """The plugin registers the codings and coded events with Hypothesis."""
        assert isinstance(acled, AcledCoding)
        assert isinstance(ucdp, UcdpCoding)
        assert isinstance(event, CodedEvent)
        hash((acled, ucdp, event))
