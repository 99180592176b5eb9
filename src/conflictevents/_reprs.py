"""The one ``__repr__`` the import-time attrs classes share: :func:`attrs_repr` (issue 15).

attrs writes the source of each class's ``__repr__`` and compiles it when the class is
created; for the 43 classes ``import conflictevents`` creates, that was about a quarter
of the generated source and about 6 % of pydantic's whole import. A class that defines
``__repr__ = attrs_repr`` in its body gets none generated (attrs' ``auto_detect``), and
this one function gives the same text as attrs' generated method: the class's name,
then every field whose ``repr`` is on, as ``name=repr(value)`` (or the field's own
``repr`` callable), a value already being printed further up shown as ``...``.
``tests/test_reprs.py`` holds the two equal over generated records.
"""

from __future__ import annotations

import threading
from typing import Final

__all__ = ["attrs_repr"]

_PRINTING: Final = threading.local()
"""Per thread, the ids of the objects whose repr is being built (cycles print ``...``)."""


def attrs_repr(self: object) -> str:
    """``ClassName(field=value, ...)``, as attrs' generated ``__repr__`` writes it."""
    printing: set[int] | None = getattr(_PRINTING, "ids", None)
    if printing is None:
        printing = _PRINTING.ids = set()
    if id(self) in printing:
        return "..."
    printing.add(id(self))
    try:
        cls = self.__class__
        fields = ", ".join(
            f"{a.name}={(a.repr if callable(a.repr) else repr)(getattr(self, a.name))}"
            for a in cls.__attrs_attrs__  # type: ignore[attr-defined]
            if a.repr
        )
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({fields})"
    finally:
        printing.discard(id(self))
