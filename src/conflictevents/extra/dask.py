"""Reconciling claims with Dask: partition by partition, then merge.

Install the extra (``pip install conflictevents[dask]``). Because
:meth:`~conflictevents.Reconciliation.merge` is commutative, associative and
idempotent, a bag of claims reconciles partition by partition and the partial results
merge in any order or tree shape into exactly what :func:`~conflictevents.reconcile`
gives in one process::

    import dask
    from conflictevents.extra.dask import read_claims, reconcile_bag

    bag = read_claims("claims-*.jsonl")
    with dask.config.set(scheduler="processes", num_workers=2):
        result = reconcile_bag(bag)

Each partition's claims must fit in one worker's memory; the partial results hold
every claim, so the merged result must fit in the caller's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import dask.bag as db

from conflictevents import CONSERVATIVE, Claim, EstimatePolicy, Reconciliation, loads, reconcile

__all__ = ["read_claims", "reconcile_bag"]


def _is_record(line: str) -> bool:
    """Skip blank lines and the format header ``write_jsonl`` puts first in each file."""
    text = line.strip()
    return bool(text) and not text.startswith('{"format"')


def _parse(line: str, *, lenient: bool) -> Claim:
    return loads(line, Claim, lenient=lenient)


def read_claims(
    paths: str | Sequence[str], *, blocksize: int | str | None = "64MiB", lenient: bool = False
) -> db.Bag:
    """A bag of the claims in JSON Lines files, one partition per block.

    Blank lines and the format header that :func:`~conflictevents.write_jsonl` writes
    first are skipped; any other line that is not a valid claim raises
    :class:`~conflictevents.ValidationError` when the bag is computed.

    Args:
        paths: A path, a glob (``"claims-*.jsonl"``) or a list of paths.
        blocksize: Bytes per partition (``None``: one partition per file).
        lenient: Ignore unknown fields (files from a newer version).

    Returns:
        A :class:`dask.bag.Bag` of :class:`~conflictevents.Claim`.
    """
    lines: db.Bag = db.read_text(paths, blocksize=blocksize)  # type: ignore[no-untyped-call]
    records: db.Bag = lines.filter(_is_record)  # type: ignore[no-untyped-call]
    claims: db.Bag = records.map(  # type: ignore[no-untyped-call]
        functools.partial(_parse, lenient=lenient)
    )
    return claims


def _reconcile_partition(claims: Iterable[Claim], *, policy: EstimatePolicy) -> Reconciliation:
    return reconcile(claims, policy=policy)


def _merge_all(parts: Iterable[Reconciliation], *, policy: EstimatePolicy) -> Reconciliation:
    result = Reconciliation(policy=policy.name)
    for part in parts:
        result = result.merge(part, policy=policy)
    return result


def reconcile_bag(
    bag: db.Bag, *, policy: EstimatePolicy = CONSERVATIVE, split_every: int | None = None
) -> Reconciliation:
    """Reconcile a bag of claims: each partition on its own, then merge the results.

    The result equals ``reconcile(bag.compute(), policy=policy)`` whatever the
    partitioning and scheduler. The scheduler is Dask's current one (set it with
    ``dask.config.set(scheduler=...)`` or a ``distributed.Client``); with processes,
    the claims, the results and ``policy`` travel by pickle.

    Args:
        bag: A bag of :class:`~conflictevents.Claim`.
        policy: The estimate policy (see :func:`~conflictevents.reconcile`).
        split_every: How many partial results to merge at a time (Dask's default: 8).

    Returns:
        The :class:`~conflictevents.Reconciliation` of every claim in the bag.
    """
    item = bag.reduction(  # type: ignore[no-untyped-call]
        functools.partial(_reconcile_partition, policy=policy),
        functools.partial(_merge_all, policy=policy),
        split_every=split_every,
    )
    result: Reconciliation = item.compute()
    return result
