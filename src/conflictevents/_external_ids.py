"""External ids: what joins a source, a place or an event to the data sets and knowledge bases.

An external id is a string ``"<scheme>:<value>"`` (a CURIE, as Wikidata, identifiers.org
and bioregistry write them): ``"wikidata:Q1899"``, ``"geonames:703448"``,
``"ucdp-actor:57"``, ``"acled-actor:Military Forces of Russia (2000-)"``,
``"iso3166:UA"``. The schemes are a closed table (:data:`SCHEMES`), each with the format
of its values, checked when a model is built and stated in the JSON Schema.

The rule ids add to matching (:func:`decide`): two things that share an id of a scheme
that *identifies* (every scheme of a source or a place) are the same thing, whatever
their names say; two that both have ids of one scheme, none in common, are not the same
thing, whatever their names say. When both hold at once (the same Wikidata item, two
different GeoNames features), the data contradict each other and the things are *not*
taken as the same: a merge cannot be undone downstream, a split shows. Schemes that
only *group* (the UCDP dyad and conflict an event belongs to) never make two things the
same: many events share a dyad, but events of two dyads are two events.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

from ._countries import COUNTRY_CODES
from ._reprs import attrs_repr

__all__ = [
    "EVENT_SCHEMES",
    "PLACE_SCHEMES",
    "SCHEMES",
    "SOURCE_SCHEMES",
    "Scheme",
    "decide",
    "external_id",
    "pattern",
    "problem",
    "scheme_of",
    "values_of",
]


@attrs.frozen(kw_only=True)
class Scheme:
    """One id scheme: its values' format, and whether sharing an id makes two things one.

    Attributes:
        name: The prefix before the colon (``"wikidata"``).
        value: A regular expression for the value after the colon (JSON Schema's
            dialect and Python's agree on it).
        example: A valid id, for error messages and docs.
        identifies: Whether two things sharing an id of the scheme are the same thing.
        description: What the scheme's ids name.
    """

    __repr__ = attrs_repr

    name: str
    value: str
    example: str
    identifies: bool
    description: str


_DIGITS = "[1-9][0-9]{0,17}"  # a positive number that fits in 64 bits, no leading zero
_PRINTED = r"[^\x00-\x20\x7f](?:[^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?"  # no control, no edge space
_NUMBERED = {
    # name: (example value, identifies, description)
    "wikidata": ("Q1899", True, "a Wikidata item"),
    "geonames": ("703448", True, "a GeoNames feature"),
    "ucdp-actor": ("57", True, "a UCDP actor (its new id)"),
    "ucdp-dyad": ("14117", False, "the UCDP dyad of an event"),
    "ucdp-conflict": ("13243", False, "the UCDP conflict of an event"),
}

SCHEMES: dict[str, Scheme] = {
    **{
        name: Scheme(
            name=name,
            value=("Q" if name == "wikidata" else "") + _DIGITS,
            example=f"{name}:{example}",
            identifies=identifies,
            description=description,
        )
        for name, (example, identifies, description) in _NUMBERED.items()
    },
    "iso3166": Scheme(
        name="iso3166",
        value="(?:" + "|".join(sorted(COUNTRY_CODES)) + ")",
        example="iso3166:UA",
        identifies=True,
        description="a state, by its ISO 3166-1 alpha-2 code (a state's forces or government)",
    ),
    "acled-actor": Scheme(
        name="acled-actor",
        value=_PRINTED,
        example="acled-actor:Military Forces of Russia (2000-)",
        identifies=True,
        description="an ACLED actor, by its name exactly as ACLED writes it",
    ),
}
"""Every scheme, by name."""

SOURCE_SCHEMES = frozenset({"wikidata", "iso3166", "ucdp-actor", "acled-actor"})
"""The schemes of :attr:`Source.ids <conflictevents.Source.ids>` (who speaks or acts)."""
PLACE_SCHEMES = frozenset({"wikidata", "geonames", "iso3166"})
"""The schemes of :attr:`Location.ids <conflictevents.Location.ids>`."""
EVENT_SCHEMES = frozenset({"ucdp-dyad", "ucdp-conflict"})
"""The schemes of :attr:`Attack.part_of <conflictevents.Attack.part_of>`."""


@functools.cache
def pattern(schemes: frozenset[str]) -> str:
    r"""The regular expression of an id of one of ``schemes``, anchored at both ends.

    ``$(?!\\n)`` ends the match at the very end in Python's dialect (where ``$`` also
    matches before a final newline) and in JSON Schema's alike.
    """
    # scheme names are [a-z0-9-]: nothing to escape
    alternatives = "|".join(f"{name}:{SCHEMES[name].value}" for name in sorted(schemes))
    return f"^(?:{alternatives})$(?!\\n)"


@functools.cache
def _compiled(schemes: frozenset[str]) -> re.Pattern[str]:
    return re.compile(pattern(schemes))


def problem(value: str, schemes: frozenset[str]) -> str | None:
    """Why ``value`` is not an id of one of ``schemes``; ``None`` if it is one."""
    if _compiled(schemes).match(value):
        return None
    name, colon, rest = value.partition(":")
    known = ", ".join(sorted(schemes))
    if not colon or name not in SCHEMES:
        return f"{value!r} is not an external id: expected '<scheme>:<value>', a scheme of {known}"
    if name not in schemes:
        return f"{name!r} ids do not belong here (the schemes here: {known})"
    scheme = SCHEMES[name]
    return f"{rest!r} is not a valid {name} value ({scheme.description}; like {scheme.example!r})"


def external_id(scheme: str, value: str | int) -> str:
    """The id of ``value`` in ``scheme``: ``("geonames", 703448)`` → ``"geonames:703448"``.

    Raises:
        ValueError: If ``value`` does not have the scheme's format.
    """
    text = f"{scheme}:{value}"
    why = problem(text, frozenset(SCHEMES))
    if why is not None:
        raise ValueError(why)
    return text


def scheme_of(identifier: str) -> str:
    """The scheme of an id (the part before the first colon)."""
    return identifier.partition(":")[0]


def values_of(ids: Iterable[str], scheme: str) -> list[str]:
    """The values of the ids of ``scheme`` in ``ids``, sorted."""
    prefix = f"{scheme}:"
    return sorted(i[len(prefix) :] for i in ids if i.startswith(prefix))


def decide(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two things' ids make them the same (``True``), different (``False``), or neither.

    ``False`` when some scheme both use has no id in common (whatever else they share);
    else ``True`` when they share an id of a scheme that identifies; else ``None``: the
    ids do not decide, names and places do.
    """
    if not a or not b:
        return None
    schemes_a = {scheme_of(i) for i in a}
    common = schemes_a & {scheme_of(i) for i in b}
    if not common:
        return None
    shared = a & b
    if {scheme_of(i) for i in shared} != common:
        return False  # a scheme both use, with no value in common
    return True if any(SCHEMES[scheme_of(i)].identifies for i in shared) else None
