"""Run the code examples in the docs and the README as tests (Sybil), with the Hypothesis profiles.

``CI`` set (as in CI) loads Hypothesis' own ``ci`` profile: derandomized, no deadline.
Locally the ``dev`` profile runs; ``HYPOTHESIS_PROFILE=fast`` gives quick runs. The
profiles live here, not in ``tests/``, so that the docs' examples get them too when the
docs run on their own.

``-n auto`` (pytest-xdist, the README's test command) runs the suite on every core. The
examples of one document share its namespace, so they must run in order on one worker:
unless ``--dist`` says otherwise, tests are handed out by scope (``loadscope``: a
document, a test class, or a module's functions go to one worker), not one by one.
"""

from __future__ import annotations

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import pytest
from hypothesis import HealthCheck, settings
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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist picks its default, one test at a time
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Hand tests out by scope under ``-n`` unless ``--dist`` names another way."""
    if config.getoption("numprocesses", None) and config.getoption("dist", "no") == "no":
        config.option.dist = "loadscope"


settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fast", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci-suite",
    parent=settings.get_profile("ci"),
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI"):
    settings.load_profile("ci-suite")
else:
    settings.load_profile("dev")
