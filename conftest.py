"""Run the code examples in the docs and the README as tests (Sybil), with the Hypothesis profiles.

``CI`` set (as in CI) loads Hypothesis' own ``ci`` profile: derandomized, no deadline.
Locally the ``dev`` profile runs; ``HYPOTHESIS_PROFILE=fast`` gives quick runs. The
profiles live here, not in ``tests/``, so that the docs' examples get them too when the
docs run on their own.

``-n auto`` (pytest-xdist, the README's test command) runs the suite on every core. The
examples of one document share its namespace, so they must run in order on one worker:
under ``--dist load`` (the default) the tests are handed out one by one, and a
document's examples as one unit.
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


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it is installed
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under ``--dist load`` (the default of ``-n``), keep each document's examples together."""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling  # noqa: PLC0415 - only under xdist

    class _DocumentsTogether(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".md") else nodeid  # a test alone, as `load`

    return _DocumentsTogether(config, log)


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


@pytest.fixture(scope="module", params=["engine", "pure"])
def each_decode_path(request: pytest.FixtureRequest) -> object:
    """Run a module's tests twice: decoding through the msgspec engine, and the pure path.

    The test extra installs msgspec, so without this the pure path (the reference, and
    what users without ``conflictevents[fast]`` run) would be reached only by the lines
    the engine gives up on. Modules opt in with
    ``pytestmark = pytest.mark.usefixtures("each_decode_path")``.
    """
    from conflictevents._json import _codec  # noqa: PLC0415

    codec = _codec()
    codec.engine(None)  # decide now whether the engine is wanted (msgspec, the variable)
    kept = codec.use_engine, codec.engines
    if request.param == "pure":
        codec.use_engine, codec.engines = False, {}
    elif not codec.use_engine:
        pytest.skip("the msgspec engine is not installed or switched off")
    yield request.param
    codec.use_engine, codec.engines = kept
