"""Places by geometry, and the candidate pairs that matching at scale compares.

Geometry: two places that both have coordinates at a precision finer than a country are
the same place when they lie within the sum of their tolerances
(:data:`TOLERANCE_KM`): a point within a kilometre, a settlement within 10 km, a
district 30, a line 50, a region 150. So a point and the settlement it lies in match
(up to 11 km apart), and two settlements 30 km apart do not.

Blocking: :func:`candidate_pairs` yields every pair of items that *may* match, never
missing one that does, in about linear time: a sweep over time that keeps only the
items whose time (widened by the slack) is still open, and, among those, an index by
place key (the places' name keys, with single-letter deletions for the typo rule, and
the grid cells their tolerance disc touches).
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Hashable, Iterable, Iterator, Sequence

import attrs

from ._locations import Coordinates, Location, LocationPrecision
from ._names import match_keys

__all__ = [
    "TOLERANCE_KM",
    "WILD",
    "Item",
    "candidate_pairs",
    "distance_km",
    "geometric",
    "near",
    "place_keys",
]

TOLERANCE_KM: dict[LocationPrecision, float] = {
    LocationPrecision.POINT: 1.0,
    LocationPrecision.SETTLEMENT: 10.0,
    LocationPrecision.DISTRICT: 30.0,
    LocationPrecision.LINEAR: 50.0,
    LocationPrecision.REGION: 150.0,
}
"""How far a location's coordinates may be from the place they stand for, by precision.

A country or international area has none: its coordinates (a centroid) say little
about where in it something happened, so it matches by its country code instead.
"""

_EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG)."""
_CELL_DEGREES = 0.25
"""Grid cells of a quarter degree: about 28 km north to south."""
_COLUMNS = round(360 / _CELL_DEGREES)


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """The great-circle distance between two points (haversine, mean Earth radius)."""
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat_b - lat_a
    d_lon = math.radians(b.longitude - a.longitude)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def geometric(place: Location) -> bool:
    """Whether ``place`` is compared by its coordinates: it has them, finer than a country."""
    return place.coordinates is not None and place.precision in TOLERANCE_KM


def near(a: Location, b: Location) -> bool:
    """Whether two geometric places lie within the sum of their tolerances."""
    assert a.coordinates is not None  # noqa: S101 - callers check geometric()
    assert b.coordinates is not None  # noqa: S101
    reach = TOLERANCE_KM[a.precision] + TOLERANCE_KM[b.precision]
    return distance_km(a.coordinates, b.coordinates) <= reach


def _cells(point: Coordinates, radius_km: float) -> Iterator[tuple[str, int, int]]:
    """Every grid cell that the disc of ``radius_km`` around ``point`` touches (or more)."""
    angle = radius_km / _EARTH_RADIUS_KM  # radians of arc
    d_lat = math.degrees(angle)
    lat = math.radians(point.latitude)
    # The longitude reach of a spherical cap: asin(sin(r) / cos(lat)), all round near a pole.
    ratio = math.sin(angle) / max(math.cos(lat), 1e-12)
    d_lon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    low_row = math.floor(max(-90.0, point.latitude - d_lat) / _CELL_DEGREES)
    high_row = math.floor(min(90.0, point.latitude + d_lat) / _CELL_DEGREES)
    if d_lon >= 180.0:
        columns: Iterable[int] = range(_COLUMNS)
    else:
        first = math.floor((point.longitude - d_lon) / _CELL_DEGREES)
        last = math.floor((point.longitude + d_lon) / _CELL_DEGREES)
        columns = {c % _COLUMNS for c in range(first, last + 1)}
    for row in range(low_row, high_row + 1):
        for column in columns:
            yield ("cell", row, column)


WILD = "*"
"""The place keys of a place that any place may lie in (a country, an international area)."""


@functools.lru_cache(maxsize=65536)
def place_keys(place: Location) -> frozenset[Hashable] | str:
    """Keys that any two places for which ``same_place`` holds have in common.

    The name keys of its names, of its region and of the anchor it is described from
    (:func:`~conflictevents._names.match_keys`), the grid cells its tolerance disc
    touches, and its external ids (which make two places one whatever their names);
    :data:`WILD` for a country or international area, which holds places of any name.
    """
    if place.precision in {LocationPrecision.COUNTRY, LocationPrecision.INTERNATIONAL}:
        return WILD
    names = set(place.names)
    if place.region is not None:
        names.add(place.region)
    if place.relative_to is not None:
        names |= place.relative_to.anchor.names
    # name keys are strings, cells and ids tuples: never equal to each other
    keys: set[Hashable] = {("id", i) for i in place.ids}
    for name in names:
        keys |= match_keys(name)
    if geometric(place):
        assert place.coordinates is not None  # noqa: S101 - geometric() says so
        keys.update(_cells(place.coordinates, TOLERANCE_KM[place.precision]))
    return frozenset(keys)


@attrs.frozen
class Item:
    """What blocking needs of one event: its time window and its place keys.

    Attributes:
        lo: The start of its time, widened by the slack (``-inf`` when open); ``None``
            when it has no time.
        hi: The end, widened (``inf`` when open); ``None`` when it has no time.
        keys: Its place's keys, :data:`WILD`, or ``None`` when it has no place.
    """

    lo: float | None
    hi: float | None
    keys: frozenset[Hashable] | str | None


def candidate_pairs(items: Sequence[Item]) -> Iterator[tuple[int, int]]:
    """Every pair of indices ``(i, j)`` whose items may match, each at least once.

    A pair may match when: their times overlap, if both have one; their places share a
    key (or one is :data:`WILD`), if both have one; and both have a time or both have a
    place (two events need some evidence in common).
    """
    yield from _timed_pairs(items)
    yield from _timeless_pairs(items)


def _timed_pairs(items: Sequence[Item]) -> Iterator[tuple[int, int]]:
    """Pairs of items that both have a time: a sweep in order of start."""
    order = sorted((item.lo, i) for i, item in enumerate(items) if item.lo is not None)
    ending: list[tuple[float, int]] = []
    by_key: dict[Hashable, set[int]] = {}
    loose: set[int] = set()  # no place, or a wild one: their time alone can match
    active: set[int] = set()
    for _, i in order:
        item = items[i]
        assert item.lo is not None  # noqa: S101 - filtered above
        assert item.hi is not None  # noqa: S101
        while ending and ending[0][0] < item.lo:
            _, j = heapq.heappop(ending)
            active.discard(j)
            loose.discard(j)
            keys = items[j].keys
            if isinstance(keys, frozenset):
                for key in keys:
                    by_key[key].discard(j)
        keys = item.keys
        if isinstance(keys, frozenset):
            found = set(loose)
            for key in keys:
                found.update(by_key.get(key, ()))
                by_key.setdefault(key, set()).add(i)
        else:
            found = set(active)
            loose.add(i)
        for j in found:
            yield (j, i)
        active.add(i)
        heapq.heappush(ending, (item.hi, i))


def _timeless_pairs(items: Sequence[Item]) -> Iterator[tuple[int, int]]:
    """Pairs in which one item has a place but no time: they can match by place only."""
    timeless = [i for i, item in enumerate(items) if item.lo is None and item.keys is not None]
    if not timeless:
        return
    by_key: dict[Hashable, set[int]] = {}
    wild: set[int] = set()
    placed: set[int] = set()
    for i, item in enumerate(items):
        if item.keys is None:
            continue
        placed.add(i)
        if isinstance(item.keys, frozenset):
            for key in item.keys:
                by_key.setdefault(key, set()).add(i)
        else:
            wild.add(i)
    for i in timeless:
        keys = items[i].keys
        if isinstance(keys, frozenset):
            found = set(wild)
            for key in keys:
                found.update(by_key[key])
        else:
            found = set(placed)
        found.discard(i)
        for j in found:
            yield (i, j)
