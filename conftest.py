"""Run the code examples in the docs and the README as tests (Sybil)."""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

_parsers = [
    DocTestDirectiveParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
    PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
    SkipParser(),
]

pytest_collect_file = (
    Sybil(parsers=_parsers, patterns=["*.md"], path="docs", excludes=["_build/*"])
    + Sybil(parsers=_parsers, patterns=["README.md"], path=".")
).pytest()
