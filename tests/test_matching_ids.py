"""External ids in matching: shared ids make one thing, different ids two, whatever the names."""

from __future__ import annotations

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    CasualtyCount,
    Claim,
    Coordinates,
    Location,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    reconcile,
    same_event,
    same_place,
    subject_key,
)
from conflictevents import strategies as cst

_KYIV = Coordinates(latitude=50.45, longitude=30.52)
_DAY = TimeSpan.day(pendulum.date(2022, 3, 2), tz="Europe/Kyiv")
_MINISTRY = Source(name="Ukrainian Defence Ministry", kind=SourceKind.MINISTRY, side="UA")


class TestPlaces:
    def test_a_shared_geonames_id_is_one_place_whatever_the_names(self):
        """ "Balakliya town" and "Балаклія район" with one GeoNames id are one place."""
        a = Location(name="Balakliya town", ids=frozenset({"geonames:712165"}))
        b = Location(name="Балаклія район", ids=frozenset({"geonames:712165"}))
        assert same_place(a, b)

    def test_different_geonames_ids_are_two_places_whatever_names_and_coordinates(self):
        """Two "Kyiv" at one point with different GeoNames ids are two places."""
        a = Location(name="Kyiv", coordinates=_KYIV, ids=frozenset({"geonames:703448"}))
        b = attrs.evolve(a, ids=frozenset({"geonames:703447"}))
        assert not same_place(a, b)
        assert not same_event(
            Attack(id="a", place=a, when=_DAY), Attack(id="b", place=b, when=_DAY)
        )

    def test_ids_of_other_schemes_leave_it_to_names(self):
        """A GeoNames id on one side and a Wikidata id on the other decide nothing."""
        a = Location(name="Kyiv", ids=frozenset({"geonames:703448"}))
        b = Location(name="Kiev", ids=frozenset({"wikidata:Q1899"}))
        assert same_place(a, b)
        assert not same_place(a, attrs.evolve(b, name="Lviv"))

    @given(cst.locations(), cst.locations())
    def test_same_place_is_symmetric(self, a, b):
        """Ids or not, same_place does not depend on the order."""
        assert same_place(a, b) == same_place(b, a)


class TestSources:
    def test_a_shared_wikidata_id_is_one_speaker(self):
        """Two spellings of a ministry with one Wikidata id speak as one in same_event."""
        a = attrs.evolve(_MINISTRY, ids=frozenset({"wikidata:Q1508040"}))
        b = attrs.evolve(a, name="Ministry of Defence of Ukraine")
        said = Statement(id="a", speaker=a, text="We hold the line", when=_DAY)
        assert same_event(said, attrs.evolve(said, id="b", speaker=b))

    def test_one_name_two_wikidata_ids_are_two_speakers(self):
        """The same name with two Wikidata ids is two speakers (a namesake)."""
        a = attrs.evolve(_MINISTRY, ids=frozenset({"wikidata:Q1508040"}))
        b = attrs.evolve(a, ids=frozenset({"wikidata:Q1"}))
        assert not same_event(
            Statement(id="a", speaker=a, when=_DAY), Statement(id="b", speaker=b, when=_DAY)
        )


class TestAttacks:
    def test_different_ucdp_dyads_are_different_events(self):
        """Two attacks at one place and day of two UCDP dyads are two events; of one dyad, one."""
        place = Location(name="Kyiv")
        a = Attack(id="a", place=place, when=_DAY, part_of=frozenset({"ucdp-dyad:920"}))
        assert same_event(a, attrs.evolve(a, id="b"))
        assert not same_event(a, attrs.evolve(a, id="b", part_of=frozenset({"ucdp-dyad:14117"})))

    def test_actors_of_two_sides_are_two_attackers(self):
        """Attackers without ids but on different sides never match, whatever their names."""
        ru = Source(name="Armed forces", kind=SourceKind.MILITARY, side="RU")
        ua = attrs.evolve(ru, side="UA")
        place = Location(name="Kyiv")
        a = Attack(id="a", kind=AttackKind.SHELLING, attacker=ru, place=place, when=_DAY)
        assert not same_event(a, attrs.evolve(a, id="b", attacker=ua))
        assert same_event(
            a, attrs.evolve(a, id="b", attacker=attrs.evolve(ru, name="Armed Forces"))
        )

    def test_targets_differing_only_in_wording_match(self):
        """Targets are compared by ids and sides, not by their wording."""
        place = Location(name="Kyiv")
        a = Attack(id="a", target="main railway station", place=place, when=_DAY)
        assert same_event(
            a, Attack(id="b", target="the southern end of the station", place=place, when=_DAY)
        )

    @given(cst.attacks(), cst.attacks())
    def test_same_event_is_symmetric(self, a, b):
        """With actors, ids and engagements either way round, same_event does not depend on the order."""
        assert same_event(a, b) == same_event(b, a)


def _killed(place: Location) -> Claim:
    return Claim(
        claimant=_MINISTRY,
        subject=CasualtyCount(
            side="RU", outcome=Outcome.KILLED, quantity=Quantity(value=10), place=place
        ),
        stated=_DAY,
    )


class TestSubjects:
    def test_kyiv_in_two_scripts_is_one_subject(self):
        """Counts at "Київ" and at "Kyiv" reconcile as one subject (they were two)."""
        claims = [_killed(Location(name="Київ")), _killed(Location(name="Kyiv"))]
        assert subject_key(claims[0]) == subject_key(claims[1])
        assert len(reconcile(claims).subjects) == 1

    def test_kyiv_and_lviv_stay_apart(self):
        """Cross-script keys do not merge different places."""
        assert subject_key(_killed(Location(name="Київ"))) != subject_key(
            _killed(Location(name="Львів"))
        )

    def test_a_geonames_id_keys_the_place(self):
        """A place with a GeoNames id keys by it: two names of it are one subject, two ids two."""
        a = Location(name="Balakliya town", ids=frozenset({"geonames:712165"}))
        b = Location(name="Балаклія", ids=frozenset({"geonames:712165", "wikidata:Q1"}))
        assert subject_key(_killed(a)) == subject_key(_killed(b))
        assert "place=geonames:712165" in subject_key(_killed(a))
        other = attrs.evolve(a, ids=frozenset({"geonames:1"}))
        assert subject_key(_killed(a)) != subject_key(_killed(other))

    @given(st.sampled_from(["Kyiv", "Kiev", "Київ", "Киев"]))
    def test_every_spelling_of_kyiv_keys_alike(self, name):
        """Latin spellings and both Cyrillic spellings of Kyiv give the one key."""
        assert subject_key(_killed(Location(name=name))) == subject_key(
            _killed(Location(name="Kyiv"))
        )
