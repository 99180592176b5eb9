"""Places: :class:`Location`, its :class:`Coordinates` and :class:`RelativePlace`."""

from __future__ import annotations

import enum

import attrs

from . import _validators as v
from ._external_ids import PLACE_SCHEMES
from ._ids import ADDED
from ._quantity import Quantity
from ._reprs import attrs_repr

__all__ = ["Coordinates", "Location", "LocationPrecision", "Relation", "RelativePlace"]


class LocationPrecision(enum.StrEnum):
    """How precisely a :class:`Location` is known, finest first.

    The ladder follows UCDP's ``where_prec`` (1 exact point … 7 international waters or
    airspace), with names instead of numbers.
    """

    POINT = "point"
    """An exact spot: a building, a station, a crossing."""
    SETTLEMENT = "settlement"
    """A city, town or village."""
    DISTRICT = "district"
    """A second-order administrative unit (raion, county)."""
    REGION = "region"
    """A first-order administrative unit (oblast, province) or a named region."""
    LINEAR = "linear"
    """A line: a border, a front line, a road, a river."""
    COUNTRY = "country"
    """A whole country."""
    INTERNATIONAL = "international"
    """International waters or airspace, or an area spanning several countries."""


class Relation(enum.StrEnum):
    """How a place relates to the anchor it is described from ("east of Gotland")."""

    NEAR = "near"
    NORTH_OF = "north_of"
    NORTHEAST_OF = "northeast_of"
    EAST_OF = "east_of"
    SOUTHEAST_OF = "southeast_of"
    SOUTH_OF = "south_of"
    SOUTHWEST_OF = "southwest_of"
    WEST_OF = "west_of"
    NORTHWEST_OF = "northwest_of"
    IN_NORTH_OF = "in_north_of"
    """Inside the anchor, in its northern part ("in the north of the Kyiv region")."""
    IN_EAST_OF = "in_east_of"
    IN_SOUTH_OF = "in_south_of"
    IN_WEST_OF = "in_west_of"
    WITHIN = "within"
    """Somewhere inside the anchor."""


@attrs.frozen(kw_only=True)
class Coordinates:
    """A WGS 84 point.

    Attributes:
        latitude: Degrees north, -90 … 90.
        longitude: Degrees east, -180 … 180.
    """

    __repr__ = attrs_repr

    latitude: float = attrs.field(validator=v.finite_float(-90.0, 90.0))
    longitude: float = attrs.field(validator=v.finite_float(-180.0, 180.0))


@attrs.frozen(kw_only=True)
class RelativePlace:
    """A place given relative to another: "east of Gotland", "40 km north of Kyiv".

    Attributes:
        relation: Where the place lies with respect to the anchor.
        anchor: The place it is described from.
        distance_km: The distance from the anchor, if the report gives one.
    """

    __repr__ = attrs_repr

    relation: Relation = attrs.field(validator=v.enum_member(Relation))
    anchor: Location = attrs.field()
    distance_km: float | None = attrs.field(
        default=None, validator=v.optional(v.finite_float(0.0, 40_075.0))
    )

    @anchor.validator
    def _check_anchor(self, attribute: attrs.Attribute[Location], value: object) -> None:
        _location(self, attribute, value)


@attrs.frozen(kw_only=True)
class Location:
    """A place as a report names it.

    Attributes:
        name: The canonical name ("Kyiv").
        aliases: Other spellings in reports ("Kiev", "Kyjiw").
        country: ISO 3166-1 alpha-2 code, if the place lies in one country.
        region: The first-order administrative region ("Kyiv Oblast"), if known.
        coordinates: A representative point, if known.
        precision: How precisely the place is known.
        relative_to: For places described from another ("near Horlivka"), the relation.
        population: The population as the report gives it ("over a million").
        ids: External ids (``"geonames:703448"``, ``"wikidata:Q1899"``, ``"iso3166:UA"``
            for a whole country). Two places sharing one are the same place; two with
            different ids of one scheme are not, whatever their names and coordinates say.
        district: The second-order administrative unit ("Vasylivka raion"), if known.
        subdistrict: The third-order administrative unit (a hromada), if known.
    """

    __repr__ = attrs_repr

    name: str = attrs.field(validator=v.non_empty_str)
    aliases: frozenset[str] = attrs.field(
        default=frozenset(), validator=v.frozenset_of(v.non_empty_str)
    )
    country: str | None = attrs.field(default=None, validator=v.optional_country_code)
    region: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    coordinates: Coordinates | None = attrs.field(
        default=None, validator=v.optional_instance_of(Coordinates)
    )
    precision: LocationPrecision = attrs.field(
        default=LocationPrecision.SETTLEMENT, validator=v.enum_member(LocationPrecision)
    )
    relative_to: RelativePlace | None = attrs.field(
        default=None, validator=v.optional_instance_of(RelativePlace)
    )
    population: Quantity | None = attrs.field(
        default=None, validator=v.optional_instance_of(Quantity)
    )
    ids: frozenset[str] = attrs.field(
        default=frozenset(), validator=v.external_ids(PLACE_SCHEMES), metadata={ADDED: True}
    )
    district: str | None = attrs.field(
        default=None, validator=v.optional_non_empty_str, metadata={ADDED: True}
    )
    subdistrict: str | None = attrs.field(
        default=None, validator=v.optional_non_empty_str, metadata={ADDED: True}
    )

    @property
    def names(self) -> frozenset[str]:
        """The name and every alias."""
        return self.aliases | {self.name}


_location: v.Validator = v.instance_of(Location)  # built once, not per call

attrs.resolve_types(RelativePlace, globals(), locals())
attrs.resolve_types(Location, globals(), locals())
