"""Hypothesis profiles for the test suite.

``CI`` set (as in CI) loads Hypothesis' own ``ci`` profile: derandomized, no deadline.
Locally the ``dev`` profile runs; ``HYPOTHESIS_PROFILE=fast`` gives quick runs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
