"""Hypothesis' entry point registers a strategy for every model, so `from_type` works."""

from __future__ import annotations

import importlib.metadata
import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictevents
import conflictevents.reports
from conflictevents import (
    _assessments,
    _claims,
    _durations,
    _events,
    _locations,
    _quantity,
    _sources,
    _time,
    strategies,
)
from conflictevents._hypothesis_plugin import _STRATEGY_FOR, model_named

ROOT = Path(__file__).resolve().parent.parent
MODEL_MODULES = (
    _time,
    _quantity,
    _durations,
    _sources,
    _locations,
    _claims,
    _events,
    _assessments,
)
CORE_MODELS = sorted(
    public
    for module in MODEL_MODULES
    for name, obj in vars(module).items()
    if inspect.isclass(obj) and attrs.has(obj) and obj.__module__ == module.__name__
    for public in (
        name if name in conflictevents.__all__ else None,
        f"reports.{name}" if name in conflictevents.reports.__all__ else None,
    )
    if public is not None
)
# Network errors pip reports when there is no index to install from.
_OFFLINE_SIGNS = (
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Could not fetch URL",
    "ConnectTimeoutError",
    "No matching distribution found",
)


class TestRegistration:
    """The plugin's map names a real strategy for every core model."""

    def test_every_core_model_has_a_strategy(self):
        """The plugin maps exactly the public attrs models of the model modules."""
        assert sorted(_STRATEGY_FOR) == CORE_MODELS

    def test_every_mapped_strategy_exists(self):
        """Every strategy the plugin names is a public function of `strategies`."""
        missing = [name for name in _STRATEGY_FOR.values() if name not in strategies.__all__]
        assert missing == []

    def test_entry_point_is_declared(self):
        """The installed distribution declares the hook under Hypothesis' entry-point group."""
        points = importlib.metadata.entry_points(group="hypothesis")
        values = {point.value for point in points}
        assert "conflictevents._hypothesis_plugin:_hypothesis_setup_hook" in values

    @pytest.mark.parametrize("model", CORE_MODELS)
    def test_from_type_draws_valid_instances(self, model):
        """`st.from_type(Model)` draws instances of the model that hash."""
        cls = model_named(model)

        @settings(max_examples=10)
        @given(st.from_type(cls))
        def check(obj: object) -> None:
            assert type(obj) is cls
            assert hash(obj) == hash(attrs.evolve(obj))

        check()

    @given(st.from_type(conflictevents.Claim | conflictevents.Event))
    def test_from_type_of_the_record_union(self, record):
        """`st.from_type(Claim | Event)` draws claims and events."""
        assert isinstance(record, conflictevents.Claim | conflictevents.Event)

    def test_importing_hypothesis_does_not_import_the_strategies(self):
        """The hook stays cheap: importing Hypothesis does not load `strategies`."""
        code = (
            "import sys, hypothesis\n"
            "assert 'conflictevents' in sys.modules, 'the hook did not run'\n"
            "assert 'conflictevents.strategies' not in sys.modules, 'strategies imported'\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr


FRESH_CHECK = textwrap.dedent(
    """
    import sys
    from hypothesis import given, settings, strategies as st
    import conflictevents
    from conflictevents import Claim

    @settings(max_examples=25, database=None, deadline=None)
    @given(st.from_type(Claim))
    def check(claim):
        assert isinstance(claim, Claim)
        hash(claim)

    check()
    assert "site-packages" in conflictevents.__file__, conflictevents.__file__
    from conflictevents.examples import samples  # the docs' sample files come with the wheel
    assert "site-packages" in str(samples()), samples()
    assert "pytest" not in sys.modules
    print("ok")
    """
)


def _run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    try:
        return subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"{args[2:5]} timed out after {timeout:.0f} s: no usable network or index")


@pytest.mark.network
class TestFreshEnvironment:
    """In a new virtual environment with only the package, `from_type(Claim)` works."""

    def test_from_type_claim_after_pip_install(self, tmp_path):
        """`pip install conflictevents[hypothesis]` alone makes `st.from_type(Claim)` draw claims."""
        venv = tmp_path / "venv"
        made = _run([sys.executable, "-m", "venv", str(venv)], tmp_path, 120)
        if made.returncode != 0:
            pytest.skip(f"cannot make a venv with pip here: {made.stderr.strip()[-300:]}")
        python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
        # pip's own cache is reused (no --no-cache-dir), so repeated runs are fast.
        installed = _run(
            [str(python), "-m", "pip", "install", "-q", f"{ROOT}[hypothesis]"], tmp_path, 240
        )
        if installed.returncode != 0:
            if any(sign in installed.stderr for sign in _OFFLINE_SIGNS):
                pytest.skip(f"no package index reachable: {installed.stderr.strip()[-300:]}")
            pytest.fail(f"pip install failed:\n{installed.stderr}")
        script = tmp_path / "check.py"
        script.write_text(FRESH_CHECK, encoding="utf-8")
        result = _run([str(python), str(script)], tmp_path, 120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "ok"
