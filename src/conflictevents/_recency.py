"""Recency: which of a claimant's claims is its latest, and which version of a claim wins.

A claimant's later claim on a subject supersedes its earlier ones, and of two versions
of one claim (a correction of a claim whose id was given: :func:`attrs.evolve` keeps a
given id, while a derived one follows the content) the more recent
is kept. Both compare claims by :func:`recency`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ._claims import Claim
from ._ids import derive_id
from ._time import _micros

__all__ = ["add", "latest", "recency"]

_DAWN = _micros(dt.datetime.min.replace(tzinfo=dt.UTC))
"""Before every instant: where a time is unknown."""


def recency(claim: Claim) -> tuple[int, int, int, str]:
    """How recent a claim is: its :attr:`~Claim.as_of`, then when it was stated, then its id.

    Unknown times come first. Times are instants in
    microseconds (:func:`_micros`): two datetimes sharing a zone compare by wall time,
    which ignores ``fold`` in the hour a DST change repeats.
    """
    stated = claim.stated
    if stated is None:
        start = end = _DAWN
    else:
        first = stated.start or stated.end
        start = _DAWN if first is None else _micros(first)
        end = start if stated.end is None else _micros(stated.end)
    as_of = _as_of(claim)
    return (_DAWN if as_of is None else as_of, start, end, claim.id)


def _as_of(claim: Claim) -> int | None:
    """The instant :func:`recency` starts with (:attr:`Claim.as_of`), in microseconds."""
    moment = claim.as_of
    return None if moment is None else _micros(moment)


def latest(claims: Sequence[Claim], members: Sequence[int]) -> int:
    """The index of the most recent claim (by :func:`recency`) among ``members``.

    The "as of" moments are compared first, alone; only the claims tied on the latest
    are ranked by their full :func:`recency` (most claimants' claims differ there).
    """
    moments = [(_as_of(claims[i]), i) for i in members]
    known = [m for m, _ in moments if m is not None]
    if known:
        top = max(known)
        tied = [i for m, i in moments if m is not None and m == top]
    else:
        tied = list(members)
    if len(tied) == 1:
        return tied[0]
    return max(tied, key=lambda i: recency(claims[i]))


def _version(claim: Claim) -> tuple[int, tuple[int, int, int], str]:
    recorded = claim.recorded
    return (
        _DAWN if recorded is None else _micros(recorded),
        recency(claim)[:3],
        derive_id("version", claim),
    )


def add(bucket: dict[str, Claim], claim: Claim) -> bool:
    """Add a claim; of two versions with one id (a correction), the more recent wins.

    Returns:
        Whether the bucket held another version of the claim.
    """
    known = bucket.setdefault(claim.id, claim)
    if known is claim or known == claim:
        return False
    if _version(claim) > _version(known):
        bucket[claim.id] = claim
    return True
