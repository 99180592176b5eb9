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
import pickle
from collections.abc import Iterable, Sequence

import dask
import dask.bag as db

from conflictevents import (
    CONSERVATIVE,
    Claim,
    EstimatePolicy,
    JsonLinesReader,
    Reconciliation,
    ValidationError,
    reconcile,
)

__all__ = ["read_claims", "reconcile_bag"]


def _parse_block(lines: Iterable[str], *, lenient: bool) -> list[Claim]:
    """The claims of one block of lines, read as :func:`~conflictevents.read_jsonl` reads.

    Blank lines are skipped, and so is a format header; a header can only be a file's
    first line, which is the first line of a block. Line numbers would count from the
    block, not the file, so errors carry none.
    """
    reader = JsonLinesReader(lines, type=Claim, lenient=lenient)
    try:
        return list(reader)
    except ValidationError as error:
        raise ValidationError(error.errors) from None


def read_claims(
    paths: str | Sequence[str], *, blocksize: int | str | None = "64MiB", lenient: bool = False
) -> db.Bag:
    """A bag of the claims in JSON Lines files, one partition per block.

    Lines are read as :func:`~conflictevents.read_jsonl` reads them: blank lines and the
    format header that :func:`~conflictevents.write_jsonl` writes first are skipped, and
    a header naming a newer format or any other line that is not a valid claim raises
    :class:`~conflictevents.ValidationError` when the bag is computed.

    Args:
        paths: A path, a glob (``"claims-*.jsonl"``) or a list of paths.
        blocksize: Bytes per partition (``None``: one partition per file).
        lenient: Ignore unknown fields (files from a newer version).

    Returns:
        A :class:`dask.bag.Bag` of :class:`~conflictevents.Claim`.
    """
    # Bytes that are not UTF-8 reach the reader (as surrogates), which reports them.
    lines: db.Bag = db.read_text(  # type: ignore[no-untyped-call]
        paths, blocksize=blocksize, encoding="utf-8", errors="surrogateescape"
    )
    claims: db.Bag = lines.map_partitions(  # type: ignore[no-untyped-call]
        functools.partial(_parse_block, lenient=lenient)
    )
    return claims


_PROCESS_SCHEDULERS = frozenset({"processes", "multiprocessing"})


def _reconcile_partition(
    claims: Iterable[Claim], *, policy: EstimatePolicy, pack: bool
) -> list[Reconciliation | bytes]:
    result = reconcile(claims, policy=policy)
    return [pickle.dumps(result, pickle.HIGHEST_PROTOCOL) if pack else result]


def _unpack(part: Reconciliation | bytes) -> Reconciliation:
    if isinstance(part, bytes):
        # Bytes this module's own tasks pickled, never outside input.
        result: Reconciliation = pickle.loads(part)  # noqa: S301
        return result
    return part


def reconcile_bag(
    bag: db.Bag, *, policy: EstimatePolicy = CONSERVATIVE, pack: bool | None = None
) -> Reconciliation:
    """Reconcile a bag of claims: each partition on its own, then merge the results.

    The result equals ``reconcile(bag.compute(), policy=policy)`` whatever the
    partitioning and scheduler. The partitions are reconciled by Dask's current
    scheduler (set it with ``dask.config.set(scheduler=...)`` or a
    ``distributed.Client``); their results are merged here, in the caller, which
    takes a small fraction of the time (subjects found in one partition only are
    taken as they are). With processes, the claims, the results and ``policy`` travel
    by pickle.

    Args:
        bag: A bag of :class:`~conflictevents.Claim`.
        policy: The estimate policy (see :func:`~conflictevents.reconcile`).
        pack: Return each partition's result as pickled bytes. Dask's process
            scheduler moves one bytes object several times faster than the many small
            objects of a result; ``None`` (the default) packs exactly when the
            configured scheduler is ``"processes"``.

    Returns:
        The :class:`~conflictevents.Reconciliation` of every claim in the bag.
    """
    if pack is None:
        pack = dask.config.get("scheduler", None) in _PROCESS_SCHEDULERS
    partials = bag.map_partitions(  # type: ignore[no-untyped-call]
        functools.partial(_reconcile_partition, policy=policy, pack=pack)
    ).compute()
    result = Reconciliation(policy=policy.name)
    for part in partials:
        result = result.merge(_unpack(part), policy=policy)
    return result
