"""The project's own quality gates, run with the test suite so CI enforces them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import conflictevents

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


class TestPublicSurface:
    """The public API is curated: sorted, documented, re-exported."""

    def test_all_is_sorted(self):
        """`conflictevents.__all__` is sorted and free of duplicates."""
        assert list(conflictevents.__all__) == sorted(set(conflictevents.__all__))

    def test_all_names_exist(self):
        """Every name in `__all__` can be imported from the package."""
        missing = [n for n in conflictevents.__all__ if not hasattr(conflictevents, n)]
        assert missing == []

    def test_every_public_name_has_a_docstring(self):
        """Every public class, function and public method of a public class has a docstring."""
        undocumented = []
        for name in conflictevents.__all__:
            obj = getattr(conflictevents, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if not inspect.getdoc(obj):
                undocumented.append(name)
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    func = (
                        member.__func__
                        if isinstance(member, classmethod | staticmethod)
                        else member
                    )
                    if (
                        inspect.isfunction(func) or isinstance(func, property)
                    ) and not func.__doc__:
                        undocumented.append(f"{name}.{attr}")
        assert undocumented == []

    def test_public_modules_have_docstrings(self):
        """Every module of the package, private or public, says what it is for."""
        undocumented = []
        for info in pkgutil.walk_packages(conflictevents.__path__, "conflictevents."):
            if info.name.endswith("__main__"):
                continue
            try:
                module = importlib.import_module(info.name)
            except ImportError:  # an optional extra that is not installed
                continue
            if not module.__doc__:
                undocumented.append(info.name)
        assert undocumented == []

    def test_init_does_not_import_hypothesis_strategies(self):
        """Importing the package does not import `conflictevents.strategies`."""
        code = "import sys, conflictevents; print('conflictevents.strategies' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert out == "False"


class TestStaticChecks:
    """mypy --strict and ruff pass on the sources."""

    def test_mypy_strict(self):
        """`mypy --strict` finds no error in src/."""
        result = subprocess.run(
            [_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def test_ruff(self):
        """ruff finds nothing to complain about in src/, tests/ and benchmarks/."""
        result = subprocess.run(
            [_tool("ruff"), "check", "--no-cache", "src", "tests", "benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def test_ruff_format(self):
        """The sources are formatted as `ruff format` would format them."""
        result = subprocess.run(
            [_tool("ruff"), "format", "--check", "--no-cache", "src", "tests", "benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
