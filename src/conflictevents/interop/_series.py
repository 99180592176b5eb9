"""Outliers in cumulative series: figures that leave the trend of their neighbours.

A cumulative count ("tanks lost since 24 February") may be corrected down a little,
but a figure far below both its neighbours is a glitch of the source or the scrape
(Oryx's Russia "All Types" destroyed = 100 on 2022-03-28, between 959 and 1041). Such
figures are kept as claims (the source did publish them); :func:`outliers` flags them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import attrs

from conflictevents._claims import Claim
from conflictevents._recency import recency
from conflictevents._subject_keys import subject_key
from conflictevents._time import _micros

__all__ = ["Outlier", "outliers"]


@attrs.frozen(kw_only=True)
class Outlier:
    """A figure of a cumulative series that lies far outside its neighbours' range.

    Attributes:
        key: The subject key the series is about (:func:`~conflictevents.subject_key`).
        claimant: The claimant's identity (:attr:`~conflictevents.Source.identity`).
        claim: The outlying claim.
        before: The claim of the same series just before it (by its
            :attr:`~conflictevents.Claim.as_of`).
        after: The claim just after it.
    """

    key: str
    claimant: str
    claim: Claim
    before: Claim
    after: Claim

    @property
    def figure(self) -> int:
        """The outlying figure."""
        return _value(self.claim)


def _value(claim: Claim) -> int:
    quantity = claim.quantity
    assert quantity is not None  # noqa: S101 - only claims with figures are kept
    assert quantity.value is not None  # noqa: S101
    return quantity.value


def outliers(claims: Iterable[Claim], *, tolerance: float = 0.25) -> tuple[Outlier, ...]:
    """The figures of cumulative series that leave their neighbours' range.

    Claims are grouped by subject key and claimant; each group is ordered by
    :attr:`~conflictevents.Claim.as_of` (the end of a count's period, else when it was
    stated), keeping per instant the claim stated last (a correction replaces the
    original). A figure is an outlier when it lies
    below ``(1 - tolerance)`` times the smaller of its two neighbours, or above
    ``(1 + tolerance)`` times the larger.

    Args:
        claims: Claims about counts (others, and counts without a figure or an "as
            of", are ignored).
        tolerance: The relative distance from the neighbours' range that is allowed.

    Returns:
        The outliers, ordered by subject key, claimant and "as of".
    """
    series: dict[tuple[str, str], dict[int, Claim]] = defaultdict(dict)
    for claim in claims:
        as_of, quantity = claim.as_of, claim.quantity
        if as_of is None or quantity is None or quantity.value is None:
            continue
        days = series[(subject_key(claim), claim.claimant.identity)]
        known = days.setdefault(_micros(as_of), claim)
        if recency(claim) > recency(known):
            days[_micros(as_of)] = claim
    found = []
    for (key, claimant), days in sorted(series.items()):
        ordered = [days[t] for t in sorted(days)]
        for before, claim, after in zip(ordered, ordered[1:], ordered[2:], strict=False):
            low = min(_value(before), _value(after))
            high = max(_value(before), _value(after))
            value = _value(claim)
            if value < low * (1 - tolerance) or value > high * (1 + tolerance):
                found.append(
                    Outlier(key=key, claimant=claimant, claim=claim, before=before, after=after)
                )
    return tuple(found)
