"""Third-party modules imported on first use: :func:`lazy_module` (issue 15).

``import conflictevents`` must stay cheap, but a model module needs the name of a
dependency at two moments: when one of its functions runs, and when someone resolves
its string annotations (``typing.get_type_hints``, ``attrs.resolve_types``, cattrs),
which evaluate ``pendulum.DateTime`` in the module's namespace. A stand-in bound to the
name serves both: its first attribute look-up imports the real module, puts it in place
of the stand-in in the namespace that asked for it, and answers with the real
attribute. From then on the module's functions find the real module, at the cost of a
plain import.
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from types import ModuleType
from typing import Final

__all__ = ["lazy_module"]


class _LazyModule:
    """Stands for the module ``name`` in ``namespace`` under ``alias`` until first used."""

    __slots__ = ("_alias", "_name", "_namespace")

    def __init__(self, name: str, namespace: MutableMapping[str, object], alias: str) -> None:
        self._name: Final = name
        self._namespace: Final = namespace
        self._alias: Final = alias

    def load(self) -> ModuleType:
        """Import the module, bind it in place of this stand-in and return it."""
        module = importlib.import_module(self._name)
        if self._namespace.get(self._alias) is self:
            self._namespace[self._alias] = module
        return module

    def __getattr__(self, attribute: str) -> object:
        return getattr(self.load(), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


def lazy_module(
    name: str, namespace: MutableMapping[str, object], alias: str | None = None
) -> ModuleType:
    """A stand-in for the module ``name`` that imports it on its first attribute look-up.

    Bind the result to ``alias`` (the last part of ``name`` by default) in the module's
    ``globals()``, passed as ``namespace``; a type checker should see a real import of the
    same name (under ``if TYPE_CHECKING:``). Once loaded, the real module replaces the
    stand-in in ``namespace``.
    """
    # The stand-in answers attribute look-ups as the module does.
    return _LazyModule(name, namespace, alias or name.rpartition(".")[2])  # type: ignore[return-value]
