"""Subject keys: which claims are about "the same subject" (:func:`subject_key`).

A key is computed from the subject alone, never by comparing claims pairwise, so that
grouping claims by subject is deterministic; :func:`~conflictevents.reconcile` groups
by it and :func:`~conflictevents.same_subject` compares it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

import pendulum

from ._claims import SUBJECT_TYPES, CasualtyCount, Claim, EquipmentLoss, Subject, TerritorialControl
from ._events import EVENT_TYPES, Attack, Presence
from ._external_ids import values_of
from ._ids import given_id
from ._locations import Location
from ._names import cross_script_key, name_key, shown_name
from ._sources import Source
from ._time import TimeSpan

__all__ = ["KEYERS", "actor_key", "key_text", "subject_key"]

_HALF_DAY = 43_200
_DAY = 86_400
_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


@functools.lru_cache(maxsize=4096)
def _day_label(epoch_day: int) -> str:
    return pendulum.Date.fromordinal(_EPOCH_ORDINAL + epoch_day).isoformat()


_START_DAYS: dict[tuple[object, int, int, int], str] = {}


def _start_day(span: TimeSpan | None) -> str:
    """The day a period starts, rounded to the nearest midnight UTC; ``*`` if unknown.

    Rounding (not truncating) maps a local midnight anywhere from UTC-11 to UTC+12 onto
    its own calendar date: "since 24 February" in Kyiv (22:00 UTC on the 23rd) is the 24th.
    Memoised by zone and local minute: many periods start at the same moment, and the
    zone's offset lookup is the costly part.
    """
    if span is None or span.start is None:
        return "*"
    start = span.start
    memo = (
        start.tzinfo,
        start.toordinal(),
        start.hour * 3600 + start.minute * 60 + start.second,
        start.fold,
    )
    day = _START_DAYS.get(memo)
    if day is None:
        if len(_START_DAYS) > 100_000:
            _START_DAYS.clear()
        day = _START_DAYS[memo] = _day_label(int((start.timestamp() + _HALF_DAY) // _DAY))
    return day


def key_text(value: str, unknown: str = "*") -> str:
    """A free-text value as a key writes it: it can never read as the key's structure.

    ``%`` and ``/`` are written ``%25`` and ``%2F``, and a value that is the key's "not
    given" (``unknown``: ``*`` in subject keys, ``-`` in roll-up measures) is written
    percent-encoded (``%2A``, ``%2D``): a side named ``"*"`` is not the side left out,
    and a side named ``"RU/category=military"`` cannot pose as two parts. Other values
    are written as they are (``urllib.parse.unquote`` reads an escaped one back).
    """
    if value == unknown:
        return "".join(f"%{byte:02X}" for byte in value.encode())
    if "/" in value or "%" in value:
        return value.replace("%", "%25").replace("/", "%2F")
    return value


def _side(side: str | None) -> str:
    return "*" if not side else key_text(side)


_PLACE_ID_SCHEMES = ("geonames", "wikidata", "iso3166")


def _place(place: Location | None) -> str:
    """A place as a key: its first id (GeoNames, else Wikidata, else ISO), else its name's.

    The name's is its cross-script key ("Київ" and "Kyiv" are one place).
    """
    if place is None:
        return "*"
    if place.ids:
        for scheme in _PLACE_ID_SCHEMES:
            found = values_of(place.ids, scheme)
            if found:
                return f"{scheme}:{key_text(found[0])}"
    return key_text(cross_script_key(place.name))


def actor_key(actor: Source | None) -> str | None:
    """Who attacked, as keys and details read it: the side, else the name (0.x's text).

    The name as a reader sees it (:func:`~conflictevents._names.visible_name`, the rule
    of claimant identities): its NFC and NFD forms, and the name with an invisible mark,
    are one attacker. Spelling variants, letters of another script that look alike
    (Latin "T" and its Cyrillic twin) and the case of a side label are not merged.
    """
    if actor is None:
        return None
    return actor.side or shown_name(actor.name)  # never "" (that would be no attacker)


def _casualty_key(s: CasualtyCount) -> str:
    key = (
        f"casualty_count/side={_side(s.side)}/category={s.category}/outcome={s.outcome}"
        f"/since={_start_day(s.period)}/place={_place(s.place)}"
    )
    return key if s.event is None else f"{key}/event={key_text(s.event)}"


def _equipment_key(s: EquipmentLoss) -> str:
    key = (
        f"equipment_loss/side={_side(s.side)}/equipment={key_text(name_key(s.equipment))}"
        f"/status={s.status}/since={_start_day(s.period)}/place={_place(s.place)}"
    )
    return key if s.event is None else f"{key}/event={key_text(s.event)}"


def _control_key(s: TerritorialControl) -> str:
    return (
        f"territorial_control/place={_place(s.place)}/controller={key_text(s.controller)}"
        f"/extent={s.extent}"
    )


def _attack_key(s: Attack) -> str:
    event_id = given_id(s)
    if event_id is not None:
        return f"attack/id={key_text(event_id)}"
    return (
        f"attack/kind={s.kind}/attacker={_side(actor_key(s.attacker))}/place={_place(s.place)}"
        f"/day={_start_day(s.when)}"
    )


def _presence_key(s: Presence) -> str:
    return f"presence/place={_place(s.place)}/side={_side(s.side)}"


def subject_key(subject: Subject | Claim) -> str:
    """The key that says which claims are about "the same subject".

    Claims with equal keys are reconciled together. The key is computed from the
    subject alone, never by comparing claims pairwise, so grouping is deterministic:

    - a casualty count: side, category, outcome, the day its period starts and the
      place; *not* the figure nor the period's end, which is the "as of" of a
      cumulative count (498 killed "since 24 February", said on 2 March, and 9,000
      "since 24 February", said on 3 March, are one subject);
    - an equipment loss: side, equipment (by :func:`name_key`), status, period start,
      place;
    - a count (casualties or equipment) that names the event it counts (``event``):
      the above and that event id, so counts of different events never share a key
      (two UCDP events on the same day and place); a count without ``event`` keys as
      above;
    - territorial control: the place, the controller and the extent (not ``change``);
    - an attack identified by a given id (``Attack(id="przewodow-2022-11-15", ...)``):
      that id alone, so accounts of one attack that differ on who made it or how are
      one subject whose disputed details show
      (:attr:`~conflictevents.SubjectReconciliation.disputed`);
    - any other attack (its id derived from its content): kind, attacker (its side,
      else its name with Unicode forms and invisible marks ignored), place and the day
      it happened;
    - a presence of forces in a place: the place and whose forces, keyed apart from
      territorial control (troops that entered a town do not hold it);
    - any other event: its type and id.

    Days are rounded to the nearest midnight UTC: one instant keys one day whatever
    offset it is written in, and a local midnight keys its own date from UTC-11 to
    UTC+12 (the day before in UTC+13/+14, the day after in UTC-12). A place keys as
    its GeoNames id, else its Wikidata id, else its ISO code (:attr:`Location.ids`),
    else as the cross-script key of its canonical name ("Kiev", "Kyiv" and "Київ" are
    one place; see ``_names.cross_script_key``): give every report of a place the same
    ids, or none, and normalise place names first where reports name places differently.

    Free-text values (sides, controllers, attackers' names, event and place ids) are
    written so that none reads as the key's structure: ``%`` and ``/`` as ``%25`` and
    ``%2F``, a value that is just ``*`` as ``%2A``.

    Args:
        subject: A subject, or a claim (its subject is used).

    Returns:
        A readable key such as
        ``"casualty_count/side=RU/category=military/outcome=killed/since=2022-02-24/place=*"``.
    """
    if isinstance(subject, Claim):
        subject = subject.subject
    keyer = KEYERS.get(type(subject))
    if keyer is not None:
        return keyer(subject)
    event_id = getattr(subject, "id", None)
    if not isinstance(subject, SUBJECT_TYPES) or not isinstance(event_id, str):
        raise TypeError(f"not a subject: {type(subject).__name__}")
    return f"{subject.type}/id={key_text(event_id)}"


def _event_key(s: Any) -> str:  # noqa: ANN401 - any event model
    return f"{s.type}/id={key_text(s.id)}"


KEYERS: Final[dict[type, Callable[[Any], str]]] = {
    **dict.fromkeys(EVENT_TYPES, _event_key),
    CasualtyCount: _casualty_key,
    EquipmentLoss: _equipment_key,
    TerritorialControl: _control_key,
    Attack: _attack_key,
    Presence: _presence_key,
}

"""The key function per subject type: what :func:`subject_key` dispatches on."""
