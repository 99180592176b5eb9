"""Places by geometry, and dedupe at scale: blocking finds every pair that matches."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    Coordinates,
    Location,
    LocationPrecision,
    Source,
    SourceKind,
    TimePrecision,
    TimeSpan,
    dedupe,
    same_event,
    same_place,
)
from conflictevents import strategies as cst
from conflictevents._blocking import distance_km
from conflictevents._compare import _near_in_time

_LAWS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_BALAKLIIA = Coordinates(latitude=49.4627, longitude=36.8586)


def _north(point: Coordinates, km: float) -> Coordinates:
    return Coordinates(latitude=point.latitude + km / 111.195, longitude=point.longitude)


def _days(first: int, last: int) -> TimeSpan:
    return TimeSpan(
        start=pendulum.datetime(2022, 9, first, tz="Europe/Kyiv"),
        end=pendulum.datetime(2022, 9, last, tz="Europe/Kyiv").add(days=1),
        precision=TimePrecision.INTERVAL,
    )


def _state(name: str, code: str, own_id: str) -> Source:
    """A state's forces as a data set names them: its own name and id, and the state's code."""
    return Source(
        name=name,
        kind=SourceKind.MILITARY,
        side=code,
        ids=frozenset({own_id, f"iso3166:{code}"}),
    )


_ACTORS = {
    "ucdp": (
        _state("Government of Russia (Soviet Union)", "RU", "ucdp-actor:57"),
        _state("Government of Ukraine", "UA", "ucdp-actor:61"),
    ),
    "acled": (
        _state(
            "Military Forces of Russia (2000-)",
            "RU",
            "acled-actor:Military Forces of Russia (2000-)",
        ),
        _state(
            "Military Forces of Ukraine (2019-)",
            "UA",
            "acled-actor:Military Forces of Ukraine (2019-)",
        ),
    ),
}


def _clash(*, by: str, name: str, where: Coordinates, when: TimeSpan) -> Attack:
    """One clash as a data set records it: its own id, spelling, actor names, precision and days."""
    attacker, target = _ACTORS[by]
    return Attack(
        id=f"{by}-1",
        kind=AttackKind.ENGAGEMENT,
        attacker=attacker,
        target=target,
        place=Location(
            name=name, country="UA", coordinates=where, precision=LocationPrecision.SETTLEMENT
        ),
        when=when,
    )


def _reference(events: list) -> tuple:
    """dedupe as it was: every pair of one type compared (single linkage)."""
    unique = {e.id: e for e in events}
    ordered = [unique[i] for i in sorted(unique)]
    group = list(range(len(ordered)))
    for i in range(len(ordered)):
        for j in range(i):
            a, b = ordered[i], ordered[j]
            if a.type == b.type and group[i] != group[j] and same_event(a, b):
                old, new = max(group[i], group[j]), min(group[i], group[j])
                group = [new if g == old else g for g in group]
    groups: dict[int, list] = {}
    for i, event in enumerate(ordered):
        groups.setdefault(group[i], []).append(event)
    return tuple(tuple(g) for _, g in sorted(groups.items()))


class TestSamePlace:
    def test_one_clash_in_two_data_sets(self):
        """UCDP's and ACLED's record of one clash (one point, overlapping days, two spellings, actors named apart but sharing an id) are one event."""
        ucdp = _clash(by="ucdp", name="Balakliya town", where=_BALAKLIIA, when=_days(6, 8))
        acled = _clash(by="acled", name="Balakliia", where=_BALAKLIIA, when=_days(8, 8))
        assert ucdp.attacker.name != acled.attacker.name
        assert same_place(ucdp.place, acled.place)
        assert same_event(ucdp, acled)
        assert dedupe([ucdp, acled]) == ((acled, ucdp),)

    def test_a_clash_has_no_direction(self):
        """ACLED's actor 1 may be UCDP's side B: an engagement matches either way round."""
        ucdp = _clash(by="ucdp", name="Balakliya town", where=_BALAKLIIA, when=_days(6, 8))
        acled = _clash(by="acled", name="Balakliia", where=_BALAKLIIA, when=_days(8, 8))
        swapped = attrs.evolve(acled, attacker=acled.target, target=acled.attacker)
        assert same_event(ucdp, swapped)
        shelling = attrs.evolve(swapped, kind=AttackKind.SHELLING)
        assert not same_event(attrs.evolve(ucdp, kind=AttackKind.SHELLING), shelling)

    def test_actor_ids_of_one_scheme_that_differ_are_two_clashes(self):
        """The same point and days, one actor name, two UCDP actor ids: two events."""
        ucdp = _clash(by="ucdp", name="Balakliya town", where=_BALAKLIIA, when=_days(6, 8))
        other = attrs.evolve(
            ucdp,
            id="ucdp-2",
            attacker=attrs.evolve(ucdp.attacker, ids=frozenset({"ucdp-actor:6711"})),
        )
        assert not same_event(ucdp, other)
        assert len(dedupe([ucdp, other])) == 2

    def test_without_ids_actor_names_must_match(self):
        """Without ids, actors named apart on one side are not taken for one (as before ids)."""
        ucdp = _clash(by="ucdp", name="Balakliya town", where=_BALAKLIIA, when=_days(6, 8))
        acled = _clash(by="acled", name="Balakliia", where=_BALAKLIIA, when=_days(8, 8))
        bare = [
            attrs.evolve(e, attacker=attrs.evolve(e.attacker, ids=frozenset()))
            for e in (ucdp, acled)
        ]
        assert not same_event(*bare)

    def test_thirty_km_apart_are_two_events(self):
        """The same two records 30 km apart at settlement precision are two events."""
        ucdp = _clash(by="ucdp", name="Balakliya town", where=_BALAKLIIA, when=_days(6, 8))
        far = _north(_BALAKLIIA, 30)
        acled = _clash(by="acled", name="Balakliia", where=far, when=_days(8, 8))
        assert 29.9 < distance_km(_BALAKLIIA, far) < 30.1
        assert not same_place(ucdp.place, acled.place)
        assert not same_event(ucdp, acled)
        assert len(dedupe([ucdp, acled])) == 2

    def test_coordinates_overrule_names(self):
        """Two places of one name far apart are two places; a point lies in its settlement."""
        kyiv = Location(name="Kyiv", coordinates=Coordinates(latitude=50.45, longitude=30.52))
        namesake = attrs.evolve(kyiv, coordinates=_north(kyiv.coordinates, 200))
        assert not same_place(kyiv, namesake)
        station = Location(
            name="Central station",
            coordinates=_north(kyiv.coordinates, 10.5),
            precision=LocationPrecision.POINT,
        )
        assert same_place(kyiv, station)  # 10.5 km: within 10 + 1
        assert not same_place(kyiv, attrs.evolve(station, coordinates=_north(kyiv.coordinates, 12)))

    def test_names_decide_without_coordinates(self):
        """Where one place has no coordinates, today's name and containment rules apply."""
        point = Location(name="Kyiv", coordinates=Coordinates(latitude=50.45, longitude=30.52))
        assert same_place(point, Location(name="Київ"))
        assert same_place(point, Location(name="Kyiv railway station", region="Kyiv"))
        assert not same_place(point, Location(name="Lviv"))

    def test_country_centroid_is_no_point(self):
        """A country's coordinates do not make its events geometric: it holds its places."""
        ukraine = Location(
            name="Ukraine",
            country="UA",
            coordinates=Coordinates(latitude=49.0, longitude=32.0),
            precision=LocationPrecision.COUNTRY,
        )
        assert same_place(ukraine, Location(name="Lviv", country="UA", coordinates=_BALAKLIIA))

    @given(cst.coordinates(), cst.coordinates())
    def test_distance_is_a_metric(self, a, b):
        """Distance is symmetric, zero to itself, and at most half the circumference."""
        assert math.isclose(distance_km(a, b), distance_km(b, a), abs_tol=1e-6)
        assert distance_km(a, a) == 0
        assert distance_km(a, b) <= 20_016


def _attacks_near(draw: st.DrawFn) -> Attack:
    """Attacks clustered in time and space, spelled variously: blocking's hard cases."""
    day = draw(st.integers(1, 4))
    lat = 49.0 + draw(st.integers(0, 8)) * 0.05
    lon = draw(st.sampled_from([36.0, 179.99, -179.99]))
    has = draw(st.sampled_from(["both", "coords", "name", "none", "country"]))
    precision = draw(st.sampled_from(list(LocationPrecision)[:5]))
    ids = draw(st.sampled_from([frozenset(), frozenset({"geonames:1"}), frozenset({"geonames:2"})]))
    name = draw(
        st.sampled_from(
            [
                "Balakliia",
                "Балаклія",
                "Kramatorsk",
                "Kramatrosk",
                "Kramatosk",
                "Sloviansk",
                "A",
                "B",
            ]
        )
    )
    coordinates = Coordinates(latitude=lat, longitude=lon) if has in {"both", "coords"} else None
    place = None
    if has != "none":
        place = Location(
            name="Ukraine" if has == "country" else name,
            coordinates=coordinates,
            ids=ids,
            precision=LocationPrecision.COUNTRY if has == "country" else precision,
        )
    instant = pendulum.datetime(2022, 9, 1, tz="UTC").add(minutes=draw(st.integers(0, 2000)))
    when = draw(
        st.sampled_from(
            [
                None,
                TimeSpan.day(dt.date(2022, 9, day), tz="Europe/Kyiv"),
                TimeSpan(start=instant, end=instant, precision=TimePrecision.INSTANT),
                TimeSpan(start=None, end=instant, precision=TimePrecision.OPEN),
            ]
        )
    )
    return Attack(id=f"a{draw(st.integers(0, 10**6))}", place=place, when=when)


class TestTimeWindow:
    @given(cst.time_spans(), cst.time_spans(), st.integers(0, 48))
    def test_same_as_widened_spans(self, a, b, hours):
        """The time test same_event uses equals overlapping the spans widened by the slack.

        (Building the widened spans, as same_event did, failed on an instant with no slack.)
        """
        slack = dt.timedelta(hours=hours)

        def widen(span: TimeSpan) -> TimeSpan:
            if span.start is None and span.end is None:
                return span
            start = None if span.start is None else span.start - slack
            end = None if span.end is None else span.end + slack
            if end is not None and span.precision is TimePrecision.INSTANT:
                end = end.add(microseconds=1)  # an instant's end is inclusive
            open_ = start is None or end is None
            precision = TimePrecision.OPEN if open_ else TimePrecision.INTERVAL
            return TimeSpan(start=start, end=end, precision=precision)

        assert _near_in_time(a, b, slack) == widen(a).overlaps(widen(b))

    def test_no_slack_instant(self):
        """Two reports of one instant are one event even with no slack (this used to raise)."""
        at = pendulum.datetime(2022, 9, 1, 6, tz="UTC")
        when = TimeSpan(start=at, end=at, precision=TimePrecision.INSTANT)
        a, b = (Attack(id=i, when=when) for i in "ab")
        assert same_event(a, b, slack=dt.timedelta(0))


class TestDedupeAtScale:
    def test_edge_of_the_slack(self):
        """Two reports just under two slacks apart are compared, and grouped."""
        t = pendulum.datetime(2022, 9, 1, tz="UTC")
        place = Location(name="Izium", coordinates=_BALAKLIIA)
        a, b = (
            Attack(
                id=i, place=place, when=TimeSpan(start=at, end=at, precision=TimePrecision.INSTANT)
            )
            for i, at in (("a", t), ("b", t.add(hours=23, minutes=59)))
        )
        assert same_event(a, b)
        assert dedupe([a, b]) == ((a, b),)

    @_LAWS
    @given(st.lists(cst.events(), max_size=12))
    def test_same_groups_as_every_pair(self, events):
        """Blocking changes nothing: the groups are those of comparing every pair."""
        assert dedupe(events) == _reference(events)

    @_LAWS
    @given(st.lists(st.composite(_attacks_near)(), max_size=16))
    def test_same_groups_in_the_hard_cases(self, events):
        """Near the date line, at a day's edge, with typos, scripts, open times, countries and place ids: no pair missed."""
        assert dedupe(events) == _reference(events)
