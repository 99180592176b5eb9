"""Recency: which of a claimant's claims is its latest, and which version of a claim wins.

A claimant's later claim on a subject supersedes its earlier ones: claims compare by
:func:`recency`. Claims with one id are versions of one claim (a data set's record
revised: :func:`attrs.evolve` keeps a given id, while a derived one follows the
content); they are ordered by :attr:`Claim.recorded` alone (:func:`settle`), and two
that cannot be ordered are a version collision, never settled by their content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import attrs

from ._assessments import Assessment
from ._claims import CasualtyCount, Claim, EquipmentLoss
from ._ids import derive_id
from ._time import _UNKNOWN_END, _micros

__all__ = ["COUNTS", "Versions", "add", "as_of_key", "content", "latest", "recency", "settle"]

COUNTS: Final = frozenset({CasualtyCount, EquipmentLoss})
"""The subject types whose claims are "as of" their period's end (:attr:`Claim.as_of`)."""

_DAWN = _micros(dt.datetime.min.replace(tzinfo=dt.UTC))
"""Before every instant: where a time is unknown."""


def recency(claim: Claim) -> tuple[int, int, int, str]:
    """How recent a claim is: its :attr:`~Claim.as_of`, then when it was stated, then its id.

    Unknown times come first. Times are instants in
    microseconds (:func:`_micros`): two datetimes sharing a zone compare by wall time,
    which ignores ``fold`` in the hour a DST change repeats. Each span computes its
    instants once (``TimeSpan._start_key``, ``TimeSpan._end_key``).
    """
    stated = claim.stated
    if stated is None:
        start = end = _DAWN
    else:
        first = stated._start_key  # noqa: SLF001 - the span's cached integers
        if first is None:
            first = None if stated.end is None else stated._end_key  # noqa: SLF001
        start = _DAWN if first is None else first
        end = start if stated.end is None else stated._end_key  # noqa: SLF001
    as_of = as_of_key(claim)
    return (_DAWN if as_of is None else as_of, start, end, claim.id)


def as_of_key(claim: Claim) -> int | None:
    """The instant :func:`recency` starts with (:attr:`Claim.as_of`), in microseconds.

    The same instant as ``_micros(claim.as_of)``, read from the span's cached integers.
    """
    subject = claim.subject
    if subject.__class__ in COUNTS:
        period = subject.period  # type: ignore[union-attr]
        if period is not None and (end := period._end_key) != _UNKNOWN_END:  # noqa: SLF001
            return end
    stated = claim.stated
    if stated is None:
        return None
    end = stated._end_key  # noqa: SLF001
    return stated._start_key if end == _UNKNOWN_END else end  # noqa: SLF001


def latest(claims: Sequence[Claim], members: Sequence[int]) -> int:
    """The index of the most recent claim (by :func:`recency`) among ``members``.

    The "as of" moments are compared first, alone; only the claims tied on the latest
    are ranked by their full :func:`recency` (most claimants' claims differ there).
    """
    moments = [(as_of_key(claims[i]), i) for i in members]
    known = [m for m, _ in moments if m is not None]
    if known:
        top = max(known)
        tied = [i for m, i in moments if m is not None and m == top]
    else:
        tied = list(members)
    if len(tied) == 1:
        return tied[0]
    return max(tied, key=lambda i: recency(claims[i]))


def content(version: Claim | Assessment) -> str:
    """What a version says: a digest of everything but its id and recorded time."""
    return derive_id("version", version)


def _recorded(claim: Claim) -> int | None:
    recorded = claim.recorded
    return None if recorded is None else _micros(recorded)


def add(bucket: dict[str, Claim], claim: Claim, versions: dict[str, list[Claim]]) -> bool:
    """Add a claim to ``bucket`` (by id); another version of a known id goes to ``versions``.

    Returns:
        Whether the bucket held another version of the claim.
    """
    known = bucket.setdefault(claim.id, claim)
    if known is claim or known == claim:
        return False
    versions.setdefault(claim.id, []).append(claim)
    return True


@attrs.frozen
class Versions:
    """The versions of claims with one id, ordered by :attr:`Claim.recorded`.

    Attributes:
        latest: Per id, its latest version; for an id in ``collisions``, each of its
            versions that may be the latest (one per content), in content order.
        older: The versions a version of their id recorded later replaced, sorted by
            id, then recorded time, then content.
        collisions: The ids whose versions cannot be ordered, sorted.
    """

    latest: list[Claim]
    older: list[Claim]
    collisions: list[str]


def settle(bucket: dict[str, Claim], versions: dict[str, list[Claim]]) -> Versions:
    """Order the versions of each id: never by content, so that nothing is hidden.

    The versions that may be the latest of an id are those recorded last and those
    with no recorded time (which cannot be placed). If they all say the same, the one
    recorded last stands for them and the rest are older; if they disagree, the id is
    a version collision and one version per content is kept as latest. The result is
    a function of the set of versions, whatever the order they came in.
    """
    if not versions:
        return Versions(list(bucket.values()), [], [])
    latest: list[Claim] = []
    older: list[Claim] = []
    collisions: list[str] = []
    for claim_id, claim in bucket.items():
        extra = versions.get(claim_id)
        if extra is None:
            latest.append(claim)
            continue
        found = set(extra)
        found.add(claim)
        times = [t for t in map(_recorded, found) if t is not None]
        top = max(times, default=None)
        newest: dict[str, list[Claim]] = {}
        for version in found:
            when = _recorded(version)
            if when is None or when == top:
                newest.setdefault(content(version), []).append(version)
            else:
                older.append(version)
        for said in sorted(newest):
            same = sorted(newest[said], key=_version_order)
            latest.append(same[-1])
            older.extend(same[:-1])
        if len(newest) > 1:
            collisions.append(claim_id)
    older.sort(key=_version_order)
    collisions.sort()
    return Versions(latest, older, collisions)


def _version_order(claim: Claim) -> tuple[str, int, str]:
    """How versions are listed: by id, recorded time (unknown first), then content."""
    when = _recorded(claim)
    return (claim.id, _DAWN if when is None else when, content(claim))
