"""Subject keys write free text so that no value can read as the key's structure."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    CasualtyCount,
    Category,
    EquipmentLoss,
    Location,
    LossStatus,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    TerritorialControl,
    TimeSpan,
    same_subject,
    subject_key,
)
from conflictevents.rollups import measure_of

_DAY = TimeSpan.day(dt.date(2023, 7, 1), tz="Europe/Kyiv")
_TEXT = st.one_of(
    st.sampled_from(["*", "/", "%", "%2F", "RU/category=military", "a/b=c", "-", "x%25y"]),
    st.text(st.characters(codec="utf-8"), min_size=1).filter(str.strip),
)


def _count(
    side: str | None, event: str | None = None, category: Category = Category.CIVILIAN
) -> CasualtyCount:
    return CasualtyCount(
        side=side,
        category=category,
        outcome=Outcome.KILLED,
        quantity=Quantity(value=1),
        period=_DAY,
        event=event,
    )


def _loss(side: str, equipment: str) -> EquipmentLoss:
    return EquipmentLoss(
        side=side,
        equipment=equipment,
        status=LossStatus.DESTROYED,
        quantity=Quantity(value=1),
        period=_DAY,
    )


def _values(key: str) -> dict[str, str]:
    """The key's parts by name, each value read back (unescaped)."""
    _kind, *parts = key.split("/")
    found = {}
    for part in parts:
        name, equals, value = part.partition("=")
        assert equals, f"{part!r} of {key!r} is no name=value part"
        assert name not in found, f"{name!r} twice in {key!r}"
        found[name] = urllib.parse.unquote(value)
    return found


class TestFreeText:
    @given(_TEXT, _TEXT)
    def test_a_side_and_an_event_read_back_from_the_key(self, side, event):
        """Any side and event id: the key has its six parts and a seventh, each read back."""
        count = _count(side, event)
        values = _values(subject_key(count))
        assert list(values) == ["side", "category", "outcome", "since", "place", "event"]
        assert values["side"] == count.side
        assert values["event"] == count.event

    @given(_TEXT)
    def test_a_controller_reads_back(self, controller):
        """Any controller's label: the key has place, controller and extent, read back."""
        control = TerritorialControl(
            place=Location(name="Kherson", country="UA"), controller=controller
        )
        values = _values(subject_key(control))
        assert list(values) == ["place", "controller", "extent"]
        assert values["controller"] == control.controller

    @given(_TEXT)
    def test_an_attacker_reads_back(self, name):
        """Any attacker's name: the key has kind, attacker, place and day, in order."""
        attack = Attack(
            kind=AttackKind.AIR_STRIKE,
            attacker=Source(name=name, kind=SourceKind.OTHER),
            place=Location(name="Kharkiv", country="UA"),
            when=_DAY,
        )
        assert list(_values(subject_key(attack))) == ["kind", "attacker", "place", "day"]

    @pytest.mark.parametrize("side", ["*", "%2A"])
    def test_a_side_named_like_no_side_is_a_side(self, side):
        """A side written "*" (or its escape) is not the count whose side is not given."""
        assert not same_subject(_count(side), _count(None))
        assert subject_key(_count(side)) != subject_key(_count("%2A" if side == "*" else "*"))

    def test_a_value_cannot_pose_as_two_parts(self):
        """A side "RU/category=military" keys apart from side RU of military dead."""
        forged = _count("RU/category=military")
        military = _count("RU", category=Category.MILITARY)
        assert subject_key(forged) != subject_key(military)
        values = _values(subject_key(forged))  # each part named once: no forged category
        assert values["side"] == "RU/category=military"
        assert values["category"] == "civilian"

    def test_plain_values_key_as_before(self):
        """Values without "/", "%" or a lone "*" are written as they are."""
        assert subject_key(_count("RU", "ucdp-ged-1")) == (
            "casualty_count/side=RU/category=civilian/outcome=killed/since=2023-07-01"
            "/place=*/event=ucdp-ged-1"
        )


class TestRollupMeasures:
    @given(_TEXT, _TEXT)
    def test_a_measure_reads_back(self, side, equipment):
        """Any side and equipment name: a roll-up measure has its three parts, read back."""
        loss = _loss(side, equipment)
        values = _values(measure_of(loss))
        assert list(values) == ["side", "equipment", "status"]
        assert values["side"] == loss.side
        assert values["equipment"] == loss.equipment.casefold()

    def test_values_cannot_pose_as_parts(self):
        """Two losses whose texts differ only in where a "/" falls are two measures."""
        assert measure_of(_loss("a/equipment=b", "c")) != measure_of(_loss("a", "b/equipment=c"))
        assert measure_of(_count("-")) != measure_of(_count(None))
