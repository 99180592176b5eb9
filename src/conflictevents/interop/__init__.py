"""Read the event data sets people already use; write tables analysts query.

One module per format, each with a streaming ``read()`` that yields claims:
:mod:`~conflictevents.interop.ucdp` (UCDP GED CSV), :mod:`~conflictevents.interop.acled`
(ACLED CSV exports), :mod:`~conflictevents.interop.general_staff` (the General Staff of
Ukraine's loss series, JSON) and :mod:`~conflictevents.interop.oryx` (Oryx's visually
confirmed losses, CSV). :mod:`~conflictevents.interop.tables` turns claims into Arrow
tables, Parquet files and a UCDP-shaped CSV; :func:`outliers` flags the figures of a
cumulative series that leave their neighbours' range (scrape glitches).

:func:`read` dispatches on a format name from :data:`FORMATS`; it is what the
``conflictevents import FORMAT FILE`` command calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import acled, general_staff, oryx, ucdp
from ._common import ImportStream, OnError, RowError
from ._series import Outlier, outliers

__all__ = [
    "FORMATS",
    "ImportStream",
    "OnError",
    "Outlier",
    "RowError",
    "outliers",
    "read",
]

FORMATS: dict[str, Callable[..., ImportStream]] = {
    "acled": acled.read,
    "general-staff": general_staff.read,
    "oryx": oryx.read,
    "ucdp": ucdp.read,
}
"""Format name → reader. Every reader takes ``(source, *, encoding=None,
on_error="raise", ...)`` and returns an :class:`ImportStream` of claims."""


def read(
    format: str,  # noqa: A002 - the CLI's word for it
    source: str | Path,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    **options: Any,  # noqa: ANN401 - format-specific, passed through
) -> ImportStream:
    """Stream the claims of ``source`` read as ``format``.

    Args:
        format: A key of :data:`FORMATS` (``"ucdp"``, ``"acled"``,
            ``"general-staff"``, ``"oryx"``).
        source: The file to read.
        encoding: The file's encoding (the reader's default if not given).
        on_error: What to do with a row that cannot be imported (see :data:`OnError`).
        **options: Passed to the reader (``tz=``, ``corrections=``, ``as_of=``…).

    Returns:
        An :class:`ImportStream`: iterate it for the claims; afterwards it counts the
        rows read, imported and rejected.

    Raises:
        ValueError: If the format is unknown.
        RowError: With ``on_error="raise"``, at the first row that cannot be imported.
    """
    reader = FORMATS.get(format)
    if reader is None:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(sorted(FORMATS))}")
    return reader(source, encoding=encoding, on_error=on_error, **options)
