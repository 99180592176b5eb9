"""``python -m conflictevents``: the same as the ``conflictevents`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
