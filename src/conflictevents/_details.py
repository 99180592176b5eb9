"""Disputed details: what accounts of one identified event give differently.

Two accounts of one attack (the same given id) can agree that it happened and disagree
on who made it or how: one side says a missile strike, the other that its own
air-defence missile fell. Such accounts are one subject (:func:`subject_key` keys an
identified attack by its id), and :func:`disputed_details` says which of its details
they give differently, with the claims behind each value, the way a range says who
gives each bound.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal

import attrs

from . import _validators as v
from ._claims import CasualtyCount, Claim, Stance
from ._events import Attack, AttackKind
from ._ids import given_id
from ._subject_keys import actor_key

__all__ = ["DETAILS", "DetailAccount", "DisputedDetail", "disputed_details"]


@attrs.frozen(kw_only=True)
class DetailAccount:
    """One value that accounts give a disputed detail, and the claims that give it.

    Attributes:
        value: The detail as the claims give it, written as text: an enum's value
            (``"missile_strike"``), a side label (``"RU"``), weapon kinds joined by
            ``", "`` (``"air_defence_missile"``).
        claims: The ids of the current claims that give this value, sorted.
    """

    value: str = attrs.field(validator=v.non_empty_str)
    claims: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))


@attrs.frozen(kw_only=True)
class DisputedDetail:
    """A detail of one identified event that current accounts give differently.

    Attributes:
        field: The subject's field ("attacker", "kind", "means").
        accounts: Each value given and the claims giving it, at least two, sorted by value.
    """

    type: Literal["disputed_detail"] = v.type_tag("disputed_detail")
    field: str = attrs.field(validator=v.non_empty_str)
    accounts: tuple[DetailAccount, ...] = attrs.field(
        validator=v.tuple_of(v.instance_of(DetailAccount), non_empty=True)
    )

    def __attrs_post_init__(self) -> None:
        values = [a.value for a in self.accounts]
        if len(values) < 2:
            raise v.fail(self, "accounts", values, "a disputed detail has at least two values")
        if any(a >= b for a, b in itertools.pairwise(values)):
            raise v.fail(self, "accounts", values, "values must be sorted and unique")

    @property
    def values(self) -> tuple[str, ...]:
        """The values given, sorted."""
        return tuple(a.value for a in self.accounts)


def _attack_kind(s: Attack) -> str | None:
    return None if s.kind is AttackKind.ATTACK else s.kind.value


def _attacker(s: Attack) -> str | None:
    return actor_key(s.attacker)


def _means(s: Attack) -> str | None:
    kinds = sorted({w.kind.value for w in s.means})
    return ", ".join(kinds) if kinds else None


def _held_by(s: CasualtyCount) -> str | None:
    return s.held_by


DETAILS: Final[dict[type, tuple[tuple[str, Callable[[Any], str | None]], ...]]] = {
    Attack: (("attacker", _attacker), ("kind", _attack_kind), ("means", _means)),
    CasualtyCount: (("held_by", _held_by),),
}
"""Per subject type, the details compared between accounts, each as text or ``None``.

``None`` means the account does not say (no attacker, an unspecified ``attack``, no
means, no holder of captives): saying less is not disagreeing. Means compare by their
weapon kinds, as a set; models and counts are not compared. An attack's details are
compared only between accounts of one identified attack (``_IDENTIFIED_ONLY``); a
count's between the claims about one count.
"""

_IDENTIFIED_ONLY: Final = frozenset({Attack})
"""Subject types whose details are compared only when their id was given."""


def disputed_details(claims: Iterable[Claim]) -> tuple[DisputedDetail, ...]:
    """The details that the asserting claims about one identified event give differently.

    Args:
        claims: The current claims about one subject (each claimant's latest). Denials
            are left out: a denial says the event did not happen, not how it did.

    Returns:
        One :class:`DisputedDetail` per field given two or more values, sorted by
        field; empty when the accounts agree, or for an attack that is not identified
        (an attack without a given id is grouped by its kind and attacker, which then
        cannot differ).
    """
    asserted = [c for c in claims if c.stance is Stance.ASSERTS]
    if len(asserted) < 2:
        return ()
    subject = asserted[0].subject
    details = DETAILS.get(type(subject))
    if details is None or (type(subject) in _IDENTIFIED_ONLY and given_id(subject) is None):
        return ()
    disputed: list[DisputedDetail] = []
    for field, read in details:
        given: dict[str, list[str]] = {}
        for claim in asserted:
            value = read(claim.subject)
            if value is not None:
                given.setdefault(value, []).append(claim.id)
        if len(given) > 1:
            accounts = tuple(
                DetailAccount(value=value, claims=tuple(sorted(ids)))
                for value, ids in sorted(given.items())
            )
            disputed.append(DisputedDetail(field=field, accounts=accounts))
    return tuple(disputed)
