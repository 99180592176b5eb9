"""External ids in matching: shared ids make one thing, different ids two, whatever the names."""

from __future__ import annotations

import csv
import io

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
    dedupe,
    reconcile,
    same_event,
    same_place,
    subject_key,
)
from conflictevents import strategies as cst
from conflictevents.interop import acled, ucdp

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


def _csv(columns: tuple[str, ...], row: dict[str, str]) -> io.StringIO:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerow(dict.fromkeys(columns, "") | row)
    text.seek(0)
    return text


def _imported_clash(*, acled_latitude: float) -> tuple[Attack, Attack]:
    """One clash at Balakliia as UCDP's and ACLED's readers import it (fictional rows)."""
    ged = {
        "id": "900001", "type_of_violence": "1", "conflict_new_id": "13243",
        "dyad_new_id": "14117", "side_a_new_id": "57", "side_a": "Government of Russia (Soviet Union)",
        "side_b_new_id": "61", "side_b": "Government of Ukraine", "where_prec": "2",
        "where_coordinates": "Balakliya town", "latitude": "49.4627", "longitude": "36.8586",
        "country": "Ukraine", "event_clarity": "1", "date_prec": "2", "date_start": "2022-09-06",
        "date_end": "2022-09-08", "best": "12", "low": "10", "high": "15",
    }  # fmt: skip
    row = {
        "event_id_cnty": "UKR900001", "event_date": "2022-09-08", "time_precision": "1",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Ukraine (2019-)", "actor2": "Military Forces of Russia (2000-)",
        "country": "Ukraine", "admin1": "Kharkiv", "location": "Balakliia",
        "latitude": str(acled_latitude), "longitude": "36.8586", "geo_precision": "1",
        "source": "Example Wire", "fatalities": "9",
    }  # fmt: skip
    (from_ucdp,) = (
        c.subject for c in ucdp.read(_csv(ucdp.COLUMNS, ged)) if c.id == "ucdp-ged-900001"
    )
    (from_acled,) = (
        c.subject for c in acled.read(_csv(acled.COLUMNS, row)) if c.id == "acled-UKR900001"
    )
    assert isinstance(from_ucdp, Attack)
    assert isinstance(from_acled, Attack)
    return from_ucdp, from_acled


class TestImportedClash:
    def test_one_clash_read_from_ucdp_and_acled_is_one_event(self):
        """UCDP's and ACLED's rows of one clash (same point, overlapping days, other spellings and actor names, actors the other way round) are one event and one group."""
        from_ucdp, from_acled = _imported_clash(acled_latitude=49.4627)
        assert from_ucdp.attacker.name != from_acled.target.name
        assert same_event(from_ucdp, from_acled)
        assert len(dedupe([from_ucdp, from_acled])) == 1

    def test_thirty_km_apart_they_are_two(self):
        """The same rows with ACLED's point 30 km north (settlement precision) are two events."""
        from_ucdp, from_acled = _imported_clash(acled_latitude=49.4627 + 30 / 111.195)
        assert not same_event(from_ucdp, from_acled)
        assert len(dedupe([from_ucdp, from_acled])) == 2
