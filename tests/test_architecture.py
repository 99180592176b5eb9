"""The package's layers, as docs/architecture.md states them, hold in the code.

The page's layer table is the one statement of the rule: each module belongs to one
layer, and a module's top-level imports reach only its own layer and the ones below.
An import of a higher layer is allowed only inside a function, and only where the
page's table of upward imports names and justifies it.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "conflictevents"
PAGE = ROOT / "docs" / "architecture.md"

_NAME = re.compile(r"`([\w.*]+)`")


def _table(heading: str) -> list[list[str]]:
    """The rows of the Markdown table that follows ``heading`` on the page."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(heading)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("|") and not set(line) <= {"|", "-", " ", ":"}:
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header row


def _modules() -> dict[str, Path]:
    """Every module of the package by its name relative to the package (``""`` is it)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _layers() -> dict[str, int]:
    """Each module's layer number, from the page's layer table (patterns expanded)."""
    modules = _modules()
    layer_of: dict[str, int] = {}
    for number, (_, cell, *_rest) in enumerate(_table("## Layers")):
        for pattern in _NAME.findall(cell):
            name = "" if pattern == "conflictevents" else pattern
            matched = [m for m in modules if fnmatch.fnmatchcase(m, name)]
            assert matched, f"the page names {pattern!r}, which is no module"
            for module in matched:
                layer_of.setdefault(module, number)
    return layer_of


def _imports(module: str, path: Path) -> tuple[set[str], set[str]]:
    """The package's modules that ``module`` imports at top level and inside functions."""
    is_package = path.name == "__init__.py"
    known = _modules()
    top: set[str] = set()
    inner: set[str] = set()

    def target(node: ast.ImportFrom) -> list[str]:
        if node.level == 0:
            if not (node.module or "").startswith("conflictevents"):
                return []
            base = node.module.removeprefix("conflictevents").lstrip(".")
        else:
            parts = module.split(".") if module else []
            if not is_package:
                parts = parts[:-1]
            parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join([*parts, *([node.module] if node.module else [])])
        names = [f"{base}.{alias.name}".lstrip(".") for alias in node.names]
        submodules = [name for name in names if name in known]
        return submodules or [base]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            found: list[str] = []
            if isinstance(child, ast.ImportFrom):
                found = target(child)
            elif isinstance(child, ast.Import):
                found = [
                    alias.name.removeprefix("conflictevents").lstrip(".")
                    for alias in child.names
                    if alias.name.split(".")[0] == "conflictevents"
                ]
            (inner if nested else top).update(found)
            visit(child, nested)

    visit(ast.parse(path.read_text(encoding="utf-8")), in_function=False)
    top.discard(module)
    inner.discard(module)
    return top, inner


def _upward_allowed() -> set[tuple[str, str]]:
    """The (importer, imported) pairs the page's table of upward imports justifies."""
    pairs = set()
    for importer, imported, why in _table("## Upward imports"):
        assert why, f"the upward import {importer} -> {imported} has no reason"
        (a,) = _NAME.findall(importer)
        (b,) = _NAME.findall(imported)
        pairs.add((a, b))
    return pairs


def test_every_module_has_one_layer() -> None:
    """Every module of the package is named in the page's layer table."""
    missing = sorted(set(_modules()) - set(_layers()))
    assert missing == [], f"modules missing from docs/architecture.md: {missing}"


def test_top_level_imports_never_go_up() -> None:
    """No module imports a module of a higher layer at top level."""
    layer_of = _layers()
    upward = []
    for module, path in _modules().items():
        top, _ = _imports(module, path)
        upward += [
            f"{module or 'conflictevents'} -> {other or 'conflictevents'}"
            for other in sorted(top)
            if layer_of[other] > layer_of[module]
        ]
    assert upward == []


def test_upward_imports_are_the_named_ones() -> None:
    """Function-level imports of higher layers are exactly those the page justifies."""
    layer_of = _layers()
    found = set()
    for module, path in _modules().items():
        _, inner = _imports(module, path)
        found |= {
            (module or "conflictevents", other)
            for other in inner
            if layer_of[other] > layer_of[module]
        }
    assert found == _upward_allowed()
