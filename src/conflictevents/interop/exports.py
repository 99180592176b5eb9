"""Claims out to the formats other tools read: GeoJSON, PLOVER, FollowTheMoney, ClaimReview.

Each writer takes claims, writes what its format can hold and says what it left out:
it returns a :class:`Written` with the number of records written and, for every claim it
could not write, the claim's id and the reason (never a silent loss). The docs page
"Exporting" lists, for each format, what it cannot carry.

* :func:`write_geojson`: one GeoJSON Feature per claim whose subject has coordinates
  (RFC 7946), the flat columns of :data:`~conflictevents.interop.tables.COLUMNS` as
  properties;
* :func:`write_plover`: PLOVER JSON Lines, one record per claim asserting an event;
* :func:`write_ftm`: FollowTheMoney entities (JSON Lines) for claims about sanctions:
  a ``Sanction`` and the ``LegalEntity`` it targets;
* :func:`write_claimreview`: schema.org ``ClaimReview`` JSON-LD for claims whose
  verification is known.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from typing import IO, Any, Final

import attrs
import orjson

from conflictevents._claims import (
    CasualtyCount,
    Claim,
    EquipmentLoss,
    Stance,
    TerritorialControl,
    Verification,
    subject_place,
    subject_time,
)
from conflictevents._datasets import AcledEventType, AcledSubEventType
from conflictevents._events import (
    AirspaceIncident,
    Attack,
    AttackKind,
    CodedEvent,
    Curfew,
    Negotiation,
    NegotiationStatus,
    Presence,
    Sanction,
    Statement,
    StatementKind,
    Vote,
)
from conflictevents._json import to_dict
from conflictevents._locations import Location
from conflictevents._sources import Source
from conflictevents._time import TimePrecision, TimeSpan

from .tables import rows

__all__ = [
    "PLOVER_EVENTS",
    "Written",
    "claim_text",
    "write_claimreview",
    "write_ftm",
    "write_geojson",
    "write_plover",
]


@attrs.frozen(kw_only=True)
class Written:
    """What a writer wrote, and what it left out.

    Attributes:
        written: How many records (features, lines, entities, reviews) were written.
        skipped: ``(claim id, reason)`` for every claim that was not written.
    """

    written: int
    skipped: tuple[tuple[str, str], ...] = ()


def _dumps(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _write_lines(
    claims: Iterable[Claim],
    target: IO[str],
    convert: Callable[[Claim], list[dict[str, Any]] | str],
) -> Written:
    """Write each claim's records as JSON lines; a string from ``convert`` is a skip reason."""
    written = 0
    skipped = []
    for claim in claims:
        records = convert(claim)
        if isinstance(records, str):
            skipped.append((claim.id, records))
            continue
        for record in records:
            target.write(_dumps(record) + "\n")
            written += 1
    return Written(written=written, skipped=tuple(skipped))


# -- GeoJSON -----------------------------------------------------------------------------

_TIME_COLUMNS: Final = ("time_start", "time_end", "stated_start", "stated_end")


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _feature(claim: Claim, *, nested: bool) -> dict[str, Any] | str:
    place = subject_place(claim.subject)
    if place is None:
        return "no place"
    point = place.coordinates
    if point is None:
        return "no coordinates"
    properties = next(rows([claim]))
    span, stated = subject_time(claim.subject), claim.stated
    properties.update(
        time_start=_iso(span.start) if span is not None else None,
        time_end=_iso(span.end) if span is not None else None,
        stated_start=_iso(stated.start) if stated is not None else None,
        stated_end=_iso(stated.end) if stated is not None else None,
    )
    if nested:
        properties["claim"] = to_dict(claim)
    return {
        "type": "Feature",
        "id": claim.id,
        "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
        "properties": properties,
    }


def write_geojson(claims: Iterable[Claim], target: IO[str], *, nested: bool = False) -> Written:
    """Write a GeoJSON FeatureCollection: one Point feature per claim with coordinates.

    The feature's ``id`` is the claim's id; its properties are the flat columns of
    :data:`~conflictevents.interop.tables.COLUMNS` (times as ISO 8601 strings in the
    span's own offset, lists as arrays). Coordinates are ``[longitude, latitude]``
    (RFC 7946).

    Args:
        claims: The claims; those without a place or coordinates are skipped.
        target: A text stream.
        nested: Also put the whole claim (its JSON form, with the chain it travelled
            and every publication) in a ``claim`` property.

    Returns:
        The features written and the claims skipped, with the reason.
    """
    written = 0
    skipped = []
    target.write('{"type":"FeatureCollection","features":[')
    for claim in claims:
        feature = _feature(claim, nested=nested)
        if isinstance(feature, str):
            skipped.append((claim.id, feature))
            continue
        target.write(("," if written else "") + orjson.dumps(feature).decode())
        written += 1
    target.write("]}\n")
    return Written(written=written, skipped=tuple(skipped))


# -- PLOVER --------------------------------------------------------------------------------

PLOVER_EVENTS: Final[tuple[str, ...]] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
    "DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN", "PROTEST", "MOBILIZE", "COERCE",
    "ASSAULT",
)  # fmt: skip
"""PLOVER's event categories (manual, table "Quad categories")."""

_QUAD: Final = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
_ASSAULT_MODES: Final = {
    AttackKind.AIR_STRIKE: "aerial",
    AttackKind.MISSILE_STRIKE: "aerial",
    AttackKind.DRONE_STRIKE: "drone",
}
_STATEMENT_EVENTS: Final = {
    StatementKind.CONDEMNATION: "ACCUSE",
    StatementKind.OFFER: "AGREE",
    StatementKind.WARNING: "THREATEN",
    StatementKind.DENIAL: "REJECT",
}


def _day(span: TimeSpan | None, *, last: bool = False) -> str | None:
    """The first (or last) calendar day of a span, in its own offset."""
    if span is None:
        return None
    moment = span.end if last else span.start
    if moment is None:
        return None
    if last and span.precision is not TimePrecision.INSTANT:
        moment = moment - dt.timedelta(microseconds=1)
    return moment.date().isoformat()


def _actor(name: str) -> dict[str, str]:
    return {"actor_text": name}


def _source_actor(source: Source) -> dict[str, str]:
    actor = _actor(source.name)
    if source.country is not None:
        actor["country"] = source.country
    return actor


def _location(place: Location | None) -> dict[str, Any] | None:
    if place is None:
        return None
    location: dict[str, Any] = {"name": place.name}
    if place.country is not None:
        location["country code"] = place.country
    if place.coordinates is not None:
        location["latitude"] = place.coordinates.latitude
        location["longitude"] = place.coordinates.longitude
    return location


_Category = tuple[str, str | None, list[dict[str, str]], list[dict[str, str]]] | str


_UNIDENTIFIED: Final = {"sector": "UAF", "actor_text": "unidentified"}
"""PLOVER's sector code for unidentified armed forces: an attack whose attacker is not named."""


def _attack(subject: Attack) -> _Category:
    attacker, target = subject.attacker, subject.target
    actors = [_source_actor(attacker)] if attacker else [dict(_UNIDENTIFIED)]
    targets = [_source_actor(target)] if target else []
    return "ASSAULT", _ASSAULT_MODES.get(subject.kind), actors, targets


def _sanction(subject: Sanction) -> _Category:
    return "SANCTION", None, [_source_actor(s) for s in subject.authority], [_actor(subject.entity)]


def _negotiation(subject: Negotiation) -> _Category:
    if subject.status is not NegotiationStatus.HELD:
        return f"talks that were {subject.status.value}, not held: no PLOVER category"
    return "CONSULT", None, [_actor(party) for party in sorted(subject.parties)], []


def _curfew(subject: Curfew) -> _Category:
    return "COERCE", "curfew", [_source_actor(subject.authority)], []


def _statement(subject: Statement) -> _Category:
    event = _STATEMENT_EVENTS.get(subject.kind)
    if event is None:
        return f"a {subject.kind.value}: PLOVER dropped CAMEO's statements and appeals"
    recipients = [_actor(subject.addressee)] if subject.addressee else []
    return event, None, [_source_actor(subject.speaker)], recipients


_CODED_EVENTS: Final = {
    AcledSubEventType.AGREEMENT: "AGREE",
    AcledSubEventType.ARRESTS: "COERCE",
}


def _coded_event(subject: CodedEvent) -> _Category:
    coding = subject.coding
    event = _CODED_EVENTS.get(coding.sub_event_type)
    if event is None and coding.event_type is AcledEventType.PROTESTS:
        event = "PROTEST"
    if event is None:
        return f"ACLED's {coding.sub_event_type.value!r}: no PLOVER category"
    actor, counterpart = subject.actor, subject.counterpart
    actors = [_source_actor(actor)] if actor else []
    return event, None, actors, [_source_actor(counterpart)] if counterpart else []


def _no_category(subject: AirspaceIncident | Vote | Presence) -> _Category:
    return f"a {subject.type}: PLOVER has no category for it"


_CATEGORIES: Final[dict[type, Callable[[Any], _Category]]] = {
    Attack: _attack,
    Sanction: _sanction,
    Negotiation: _negotiation,
    Curfew: _curfew,
    Statement: _statement,
    CodedEvent: _coded_event,
    AirspaceIncident: _no_category,
    Vote: _no_category,
    Presence: _no_category,
}


def _plover_category(subject: object) -> _Category:
    """``(event, mode, sources, recipients)`` for an event subject, or why it has none."""
    convert = _CATEGORIES.get(type(subject))
    return "not an event" if convert is None else convert(subject)


def _plover_extras(
    record: dict[str, Any],
    claim: Claim,
    span: TimeSpan | None,
    recipients: list[dict[str, str]],
    mode: str | None,
) -> None:
    """Add PLOVER's optional fields that the claim has."""
    enddate = _day(span, last=True)
    if enddate is not None and enddate != record["date"]:
        record["enddate"] = enddate
    if recipients:
        record["recipient"] = recipients
    if mode is not None:
        record["mode"] = [mode]
    location = _location(subject_place(claim.subject))
    if location is not None:
        record["event_loc"] = location
    if claim.quote is not None:
        record["text"] = claim.quote
    description = getattr(claim.subject, "description", None)
    if description is not None:
        record["comment"] = description
    if claim.reported_in:
        first = claim.reported_in[0]
        cite = (("publication", first.outlet.name), ("url", first.url), ("title", first.title))
        record["cite_info"] = {key: value for key, value in cite if value is not None}


def _plover_record(claim: Claim) -> list[dict[str, Any]] | str:
    subject = claim.subject
    category = _plover_category(subject)
    if isinstance(category, str):
        return category
    if claim.stance is Stance.DENIES:
        return "a denial: PLOVER has no negation"
    event, mode, sources, recipients = category
    span = subject_time(subject)
    date = _day(span)
    if date is None:
        return "no date: PLOVER requires one"
    if not sources:
        return "no actor: PLOVER requires a source"
    record: dict[str, Any] = {
        "id": claim.id,
        "date": date,
        "source": sources,
        "event": [event],
        "quad_code": _QUAD[event],
        "link": subject.id,  # type: ignore[union-attr]
        "coder": f"conflictevents; claimant: {claim.claimant.name}",
    }
    _plover_extras(record, claim, span, recipients, mode)
    return [record]


def write_plover(claims: Iterable[Claim], target: IO[str]) -> Written:
    """Write PLOVER JSON Lines: one record per claim that asserts an event.

    The record's ``id`` is the claim's id and ``link`` the event's id (so the claims of
    several claimants about one event stay linked). ``date``/``enddate`` are the first
    and last day of the event's time, in its own offset. Attacks are ``ASSAULT`` (an
    attacker not named is PLOVER's ``UAF`` sector, unidentified armed forces; mode
    ``aerial`` for air and missile strikes, ``drone`` for drone strikes), sanctions
    ``SANCTION``, talks that were held ``CONSULT``, curfews ``COERCE``, condemnations
    ``ACCUSE``, offers ``AGREE``, warnings ``THREATEN``, denials ``REJECT``.

    Args:
        claims: The claims; counts, territorial claims, denials, votes, airspace
            incidents, plain statements and claims without a date or actor are skipped.
        target: A text stream.

    Returns:
        The records written and the claims skipped, with the reason.
    """
    return _write_lines(claims, target, _plover_record)


# -- FollowTheMoney ------------------------------------------------------------------------


_MICROSECOND: Final = dt.timedelta(microseconds=1)


def _ftm_date(span: TimeSpan | None) -> str | None:
    """The span as an ISO prefix whose length is its precision: day, month or year.

    FollowTheMoney dates cannot say "week" or "between": a span gets the finest prefix
    that contains it whole (two days in March: ``"2022-03"``), or none.
    """
    if span is None or span.start is None or span.end is None:
        return None
    first = span.start
    last = span.end if span.precision is TimePrecision.INSTANT else span.end - _MICROSECOND
    last = dt.datetime.astimezone(last, first.tzinfo)  # the days of the start's offset
    day, end = first.date().isoformat(), last.date().isoformat()
    for length in (10, 7, 4):
        if day[:length] == end[:length]:
            return day[:length]
    return None


def _entity_id(*parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"ce-{digest[:20]}"


def _sanction_properties(claim: Claim, subject: Sanction, target_id: str) -> dict[str, list[str]]:
    """The FtM properties of a ``Sanction`` entity, each a list of strings."""
    optional: dict[str, list[str]] = {
        "program": [subject.program] if subject.program is not None else [],
        "provisions": list(subject.provisions),
        "summary": (
            ["measures: " + ", ".join(sorted(m.value for m in subject.measures))]
            if subject.measures
            else []
        ),
        "description": [subject.description] if subject.description is not None else [],
        "country": sorted({s.country.lower() for s in subject.authority if s.country}),
        "startDate": [d for d in (_ftm_date(subject.effective),) if d is not None],
        "listingDate": [d for d in (_ftm_date(subject.announced),) if d is not None],
        # two publications of a claim may share a URL: an entity lists it once
        "sourceUrl": list(dict.fromkeys(p.url for p in claim.reported_in if p.url is not None)),
    }
    return {
        "entity": [target_id],
        "authority": list(dict.fromkeys(source.name for source in subject.authority)),
        "status": [subject.status.value],
        "recordId": [claim.id],
        "publisher": [claim.claimant.name],
        **{name: values for name, values in optional.items() if values},
    }


def _ftm_entities(claim: Claim) -> list[dict[str, Any]] | str:
    subject = claim.subject
    if not isinstance(subject, Sanction):
        return "not a sanction"
    if claim.stance is Stance.DENIES:
        return "a denial: FollowTheMoney has no negation"
    target_properties: dict[str, list[str]] = {"name": [subject.entity]}
    if subject.entity_country is not None:
        target_properties["country"] = [subject.entity_country.lower()]
    target_id = _entity_id("legal-entity", subject.entity, subject.entity_country or "")
    properties = _sanction_properties(claim, subject, target_id)
    return [
        {"id": target_id, "schema": "LegalEntity", "properties": target_properties},
        {"id": _entity_id("sanction", claim.id), "schema": "Sanction", "properties": properties},
    ]


def write_ftm(claims: Iterable[Claim], target: IO[str]) -> Written:
    """Write FollowTheMoney entities as JSON Lines: per sanction claim, the target and the sanction.

    The target is a ``LegalEntity`` named as reported (its id derived from name and
    country, so several sanctions on one target share it); the ``Sanction`` carries
    ``entity``, ``authority`` (the names of the sanctioning states or bodies),
    ``program``, ``provisions``, ``status``, ``startDate`` (when it takes effect) and
    ``listingDate`` (when announced) as ISO prefixes, ``country`` (the authorities'),
    ``summary`` (the measures), ``description``, ``sourceUrl``, ``publisher`` (the
    claimant) and ``recordId`` (the claim's id).

    Args:
        claims: The claims; those not about a sanction, and denials, are skipped.
        target: A text stream.

    Returns:
        The entities written (two per sanction) and the claims skipped, with the reason.
    """
    return _write_lines(claims, target, _ftm_entities)


# -- schema.org ClaimReview ----------------------------------------------------------------

_RATINGS: Final = {
    Verification.REFUTED: 1,
    Verification.UNVERIFIED: 2,
    Verification.CORROBORATED: 4,
    Verification.DOCUMENTED: 5,
    Verification.VERIFIED: 5,
}


def claim_text(claim: Claim) -> str:
    """The claim in words: the quote if there is one, else a sentence built from its subject."""
    if claim.quote is not None:
        return claim.quote
    subject = claim.subject
    verb = "says" if claim.stance is Stance.ASSERTS else "denies"
    if isinstance(subject, CasualtyCount):
        figure = "an unknown number of" if subject.quantity is None else str(subject.quantity)
        whose = f" ({subject.side})" if subject.side else ""
        what = f"{figure} {subject.category.value} {subject.outcome.value}{whose}"
    elif isinstance(subject, EquipmentLoss):
        figure = "an unknown number of" if subject.quantity is None else str(subject.quantity)
        whose = f" ({subject.side})" if subject.side else ""
        what = f"{figure} {subject.equipment} {subject.status.value}{whose}"
    elif isinstance(subject, TerritorialControl):
        what = f"{subject.controller} has {subject.extent.value} control of {subject.place.name}"
    else:
        what = subject.description or f"a {subject.type.replace('_', ' ')}"
    return f"{claim.claimant.name} {verb}: {what}"


def _review(claim: Claim, *, reviewer: str, url: str) -> list[dict[str, Any]] | str:
    rating = _RATINGS.get(claim.verification)
    if rating is None:
        return "verification not assessed: nothing to review"
    author_type = (
        "Person" if claim.claimant.kind.value in {"person", "official"} else "Organization"
    )
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": author_type, "name": claim.claimant.name},
    }
    stated = _day(claim.stated)
    if stated is not None:
        item["datePublished"] = stated
    appearances = [
        {
            "@type": "CreativeWork",
            "url": p.url,
            "publisher": {"@type": "Organization", "name": p.outlet.name},
        }
        for p in claim.reported_in
        if p.url is not None
    ]
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    return [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{url}#{claim.id}",
            "claimReviewed": claim_text(claim),
            "author": {"@type": "Organization", "name": reviewer},
            "itemReviewed": item,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": claim.verification.value.replace("_", " "),
            },
        }
    ]


def write_claimreview(
    claims: Iterable[Claim], target: IO[str], *, reviewer: str, url: str
) -> Written:
    """Write schema.org ClaimReview JSON-LD, one object per line, for claims with a verification.

    ``claimReviewed`` is the claim's quote, or a sentence built from its subject
    (:func:`claim_text`); ``itemReviewed`` is a ``Claim`` by the claimant, with the
    publications that carry it as ``appearance``; ``reviewRating`` gives the
    verification as ``alternateName`` and on a 1 (refuted) to 5 (documented, verified)
    scale (unverified 2, corroborated 4).

    Args:
        claims: The claims; those whose verification is ``not_assessed`` are skipped.
        target: A text stream.
        reviewer: Who publishes the reviews (ClaimReview's ``author``): you.
        url: The address of the page the reviews are published on; each review's
            ``url`` is it with ``#`` and the claim's id.

    Returns:
        The reviews written and the claims skipped, with the reason.
    """
    return _write_lines(claims, target, lambda claim: _review(claim, reviewer=reviewer, url=url))
