"""The documentation builds without a warning and documents every public name."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import conflictevents

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _sphinx_build() -> str:
    path = Path(sys.executable).with_name("sphinx-build")
    if path.exists():
        return str(path)
    found = shutil.which("sphinx-build")
    if found is None:  # pragma: no cover - the docs extra is part of the test setup
        pytest.skip("sphinx-build is not installed")
    return found


class TestDocsBuild:
    """`sphinx-build -W` succeeds: broken references and stray pages fail the suite."""

    def test_html_build_has_no_warnings(self, tmp_path):
        """The HTML build, with warnings as errors, exits 0 and writes every page."""
        result = subprocess.run(
            [
                _sphinx_build(),
                "-W",
                "--keep-going",
                "-q",
                "-b",
                "html",
                "-d",
                str(tmp_path / "doctrees"),
                str(DOCS),
                str(tmp_path / "html"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        for page in ("index", "tutorial", "cli", "api"):
            assert (tmp_path / "html" / f"{page}.html").exists()


class TestApiReference:
    """docs/api.md lists every name of `conflictevents.__all__`."""

    def test_every_public_name_is_on_the_api_page(self):
        """Each public name has an autodoc or py: directive on the API page."""
        text = (DOCS / "api.md").read_text(encoding="utf-8")
        documented = set(
            re.findall(r"^\.\. (?:auto\w+|py:\w+):: (?:conflictevents\.)?(\w+)", text, re.MULTILINE)
        )
        missing = sorted(set(conflictevents.__all__) - documented)
        assert missing == [], f"add these to docs/api.md: {missing}"

    def test_api_page_names_exist(self):
        """Every name the API page documents at the top level is public."""
        text = (DOCS / "api.md").read_text(encoding="utf-8")
        named = re.findall(
            r"^\.\. (?:autoclass|autofunction|autoexception|py:data):: (\w+)$", text, re.MULTILINE
        )
        unknown = sorted(set(named) - set(conflictevents.__all__))
        assert unknown == []
