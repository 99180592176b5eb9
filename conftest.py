"""Run the code examples in the docs and the README as tests (Sybil), with the Hypothesis profiles.

``CI`` set (as in CI) loads Hypothesis' own ``ci`` profile: derandomized, no deadline.
Locally the ``dev`` profile runs; ``HYPOTHESIS_PROFILE=fast`` gives quick runs. The
profiles live here, not in ``tests/``, so that the docs' examples get them too when the
docs run on their own.
"""

from __future__ import annotations

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

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
