"""Who speaks or reports (:class:`Source`) and where a claim appeared (:class:`Publication`)."""

from __future__ import annotations

import enum
import functools

import attrs

from . import _validators as v
from ._countries import COUNTRY_CODES, side_label
from ._external_ids import SOURCE_SCHEMES
from ._ids import ADDED
from ._names import shown_name
from ._quantity import Quantity
from ._reprs import attrs_repr
from ._time import TimeSpan

__all__ = [
    "Credit",
    "Publication",
    "Source",
    "SourceKind",
    "actor_from_text",
    "actor_text",
    "claimant_identity",
    "optional_actor",
]


class SourceKind(enum.StrEnum):
    """What kind of speaker or reporter a :class:`Source` is."""

    GOVERNMENT = "government"
    """A state or its government as a whole ("Russia", "the US", "Sweden")."""
    MILITARY = "military"
    """Armed forces or a unit of them ("the Russian military", "Swedish Air Force")."""
    MINISTRY = "ministry"
    """A ministry or department ("Russian Defence Ministry")."""
    AGENCY = "agency"
    """A state agency or service ("Ukrainian state emergency service")."""
    HEAD_OF_STATE = "head_of_state"
    """A president, monarch or head of government."""
    OFFICIAL = "official"
    """A named official speaking in office (a minister, a delegation head)."""
    SPOKESPERSON = "spokesperson"
    """Somebody who speaks *for* an organisation (see :attr:`Source.speaks_for`)."""
    NEWS_AGENCY = "news_agency"
    """A wire service ("Ria Novosti", "dpa", "Reuters")."""
    NEWS_OUTLET = "news_outlet"
    """A newspaper, broadcaster or site that publishes reports."""
    NGO = "ngo"
    """A non-governmental organisation."""
    INTERNATIONAL_BODY = "international_body"
    """An intergovernmental organisation or its organ ("UN General Assembly")."""
    MONITOR = "monitor"
    """A research or monitoring project that codes events (UCDP, ACLED, Oryx)."""
    COMPANY = "company"
    """A company, state-owned or not ("the state-owned railway company")."""
    PERSON = "person"
    """Anybody else, named or not ("Ukrainian soldiers", a photographer)."""
    OTHER = "other"
    """None of the above."""


@attrs.frozen(kw_only=True)
class Source:
    """Who speaks, reports or acts: a ministry, an army, a head of state, an outlet, a monitor.

    A spokesperson speaks *for* an organisation: ``Source(name="Igor Konashenkov",
    kind=SourceKind.SPOKESPERSON, speaks_for=russian_defence_ministry)``. The actors of
    events (who attacked, who was attacked) are sources too, so that one army is one
    thing whether it speaks or fights.

    Attributes:
        name: The canonical name, as the library's users should see it.
        kind: What kind of speaker this is.
        country: ISO 3166-1 alpha-2 code of the state it belongs to, if any.
        side: The party to the conflict it belongs to, if any. By convention an ISO
            code ("RU", "UA") where the party is a state; any non-empty label otherwise.
        aliases: Other spellings met in reports ("Zelenksy", "Zelenskyy").
        role: The office or function, as written ("spokesman", "Air Force Chief").
        speaks_for: The organisation this source speaks for, if any.
        ids: External ids (``"wikidata:Q1508040"``, ``"ucdp-actor:57"``,
            ``"acled-actor:Military Forces of Russia (2000-)"``, ``"iso3166:RU"`` for a
            state's forces or government). Two sources sharing one are the same; two
            with different ids of one scheme are not, whatever their names say.
        anonymous: The report does not name the speaker ("a senior official said",
            "two sources familiar with the matter"): ``name`` is then the description
            it gives, never an invented name, and ``kind`` what the description says
            they are.
        count: How many unnamed speakers the description stands for ("two sources":
            2); only for an anonymous source, ``None`` when the report does not say.
    """

    __repr__ = attrs_repr

    name: str = attrs.field(validator=v.non_empty_str)
    kind: SourceKind = attrs.field(validator=v.enum_member(SourceKind))
    country: str | None = attrs.field(default=None, validator=v.optional_country_code)
    side: str | None = v.optional_side()
    aliases: frozenset[str] = attrs.field(
        default=frozenset(), validator=v.frozenset_of(v.non_empty_str)
    )
    role: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    speaks_for: Source | None = attrs.field(default=None)
    ids: frozenset[str] = attrs.field(
        default=frozenset(), validator=v.external_ids(SOURCE_SCHEMES), metadata={ADDED: True}
    )
    anonymous: bool = attrs.field(
        default=False, validator=v.instance_of(bool), metadata={ADDED: True}
    )
    count: int | None = attrs.field(
        default=None, validator=v.optional_positive_count, metadata={ADDED: True}
    )

    @speaks_for.validator
    def _check_speaks_for(self, attribute: attrs.Attribute[Source | None], value: object) -> None:
        _optional_source(self, attribute, value)

    def __attrs_post_init__(self) -> None:
        if self.count is not None and not self.anonymous:
            raise v.fail(
                self, "count", self.count, "a count of speakers is only for an anonymous source"
            )

    @property
    def names(self) -> frozenset[str]:
        """The name and every alias."""
        return self.aliases | {self.name}

    @property
    def organisation(self) -> Source:
        """The organisation a statement is ultimately attributed to (follows ``speaks_for``)."""
        source = self
        while source.speaks_for is not None:
            source = source.speaks_for
        return source

    @property
    def identity(self) -> str:
        """Who the source is when claims are grouped: its organisation, as a key.

        A spokesperson's claims count as the organisation's (Konashenkov's as the Russian
        Defence Ministry's). The key is the organisation's canonical name with its
        country (or side) in brackets, ``"Russian Defence Ministry (RU)"``, so a "Defence
        Ministry" of Russia and one of Ukraine stay apart. The key is written as a reader
        sees it: Unicode-equivalent forms
        (NFC, NFD) are one, invisible format characters (right-to-left and zero-width
        marks, the byte-order mark, soft hyphens) are dropped and whitespace is one
        space, so a name copied with a stray mark is still the same claimant; a name
        without such characters keys as written. Spelling variants of a name are
        *not* merged: give each organisation one canonical :class:`Source` (and use
        :func:`~conflictevents.names_match` to find the variants).

        An anonymous source's key starts with ``"anonymous: "`` (``"anonymous: a
        senior official (US)"``), so it never counts as a named source or organisation
        of the same name; one that ``speaks_for`` an organisation counts as it. Equal
        anonymous sources are one claimant: where reports quote different unnamed
        people, tell them apart in ``name`` or ``role``.
        """
        org = self.organisation
        key = _identity(org.name, org.country or org.side)
        return f"anonymous: {key}" if org.anonymous else key


def claimant_identity(source: Source) -> str:
    """Who a claim is attributed to, as a key: :attr:`Source.identity`."""
    return source.identity


@functools.lru_cache(maxsize=65536)
def _identity(name: str, anchor: str | None) -> str:
    name = shown_name(name)
    return name if anchor is None else f"{name} ({shown_name(anchor)})"


_optional_source: v.Validator = v.optional_instance_of(Source)  # built once, not per call


@functools.lru_cache(maxsize=4096)
def actor_from_text(text: str) -> Source:
    """The actor that a text naming who acts stands for: the migration of release 0.x files.

    Release 0.x wrote who attacked and what was attacked as text (``"attacker": "RU"``).
    Such a text becomes a :class:`Source` named by it, kind ``other``; a text that
    names a state (its ISO code, alpha-3 code or name: ``"RU"``, ``"RUS"``, ``"Russia"``)
    becomes that state, kind ``government``, with the text as its name, the alpha-2 code
    as its country and side, and ``iso3166:<code>`` as its id.
    """
    code = side_label(text)
    if code in COUNTRY_CODES:
        return Source(
            name=text,
            kind=SourceKind.GOVERNMENT,
            country=code,
            side=code,
            ids=frozenset({f"iso3166:{code}"}),
        )
    return Source(name=text, kind=SourceKind.OTHER)


def actor_text(source: Source) -> str | None:
    """The text ``source`` was migrated from (:func:`actor_from_text`), if it is one."""
    return source.name if actor_from_text(source.name) == source else None


def optional_actor(value: Source | str | None) -> Source | None:
    """A converter: an actor given as text (as in release 0.x) becomes :func:`actor_from_text`."""
    return actor_from_text(value) if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class Credit:
    """Who made a piece of a publication, as a chain: photographer → agency → distributor.

    ``Credit(item="photo", chain=(diego_herrera, europa_press, dpa))`` is the credit line
    "Photo: Diego Herrera/EUROPA PRESS/dpa".

    Attributes:
        item: What is credited ("photo", "text", "video").
        chain: The sources, from the author to the last distributor.
    """

    __repr__ = attrs_repr

    item: str = attrs.field(validator=v.non_empty_str)
    chain: tuple[Source, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(Source), non_empty=True)
    )


@attrs.frozen(kw_only=True)
class Publication:
    """Where a report appeared: an outlet, an address, and when it was published and read.

    The reference article was *retrieved* on 1 April 2023 (the page header) but
    *published* about 3 March 2022: both are kept, as fuzzy :class:`TimeSpan`.

    Outlets word one statement differently: the Russian Defence Ministry said 498, one
    headline says "nearly 500", another "over 450 troops". The claim keeps the
    claimant's figure (its subject's quantity, which reconciliation uses); each
    publication can keep its own ``wording`` and ``figure``, so one statement stays one
    claim however many outlets carried it.

    Attributes:
        outlet: The outlet or agency that published it.
        url: Its address, if known.
        title: Its headline, if known.
        published: When it was published.
        retrieved: When it was read or archived.
        credits: Credit lines for its parts (photos, text).
        wording: This publication's words for the claim, verbatim ("Russia says nearly
            500 of its troops killed"), if they differ from the claimant's.
        figure: The figure as this publication gives it ("nearly 500"), for a claim
            about a count; reconciliation never uses it in place of the claimant's.
    """

    __repr__ = attrs_repr

    outlet: Source = attrs.field(validator=v.instance_of(Source))
    url: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    title: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    published: TimeSpan | None = attrs.field(
        default=None, validator=v.optional_instance_of(TimeSpan)
    )
    retrieved: TimeSpan | None = attrs.field(
        default=None, validator=v.optional_instance_of(TimeSpan)
    )
    credits: tuple[Credit, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Credit))
    )
    wording: str | None = attrs.field(
        default=None, validator=v.optional_non_empty_str, metadata={ADDED: True}
    )
    figure: Quantity | None = attrs.field(
        default=None, validator=v.optional_instance_of(Quantity), metadata={ADDED: True}
    )
