"""Documents from a JSON Schema: ``hypothesis-jsonschema``, made to work on this Hypothesis.

hypothesis-jsonschema 0.23.1 (the newest) drives Hypothesis's private ``many`` helper with
``more()``, which Hypothesis 6.1xx replaced by iteration (``with many(...) as e: for _ in
e``). The adapter below gives the old calls on top of the new ones; it steps aside on a
Hypothesis that still has ``more()``.
"""

from __future__ import annotations

from typing import Any

import hypothesis_jsonschema._from_schema as _hjs
from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as _cu
from hypothesis_jsonschema import from_schema

__all__ = ["documents"]


class _Many:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._many = _cu.many(*args, **kwargs)
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        if next(self._elements, StopIteration) is StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self) -> None:
        self._many.reject()


class _Utils:
    def __getattr__(self, name: str) -> Any:
        return _Many if name == "many" else getattr(_cu, name)


if not hasattr(_cu.many, "more"):
    _hjs.cu = _Utils()  # type: ignore[assignment]


def _unrolled(node: Any, defs: dict[str, Any], path: tuple[str, ...] = ()) -> Any:
    """``node`` with every ``$ref`` inlined; a definition inside itself becomes ``false``.

    hypothesis-jsonschema cannot follow recursive references (a place relative to a place);
    cutting the second level keeps every optional recursion's ``null`` branch.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref is not None:
            name = ref.rsplit("/", 1)[1]
            return False if name in path else _unrolled(defs[name], defs, (*path, name))
        return {key: _unrolled(value, defs, path) for key, value in node.items()}
    if isinstance(node, list):
        return [_unrolled(value, defs, path) for value in node]
    return node


def documents(schema: dict[str, Any], name: str) -> st.SearchStrategy[Any]:
    """JSON documents valid against ``#/$defs/<name>`` of ``schema`` (formats aside)."""
    return from_schema(_unrolled({"$ref": f"#/$defs/{name}"}, schema["$defs"]))
