"""`import conflictevents` loads only what the models need; the rest loads on first use."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from conflictevents._lazy import lazy_module


def _run(code: str) -> str:
    """What ``code`` prints in a fresh interpreter (stripped)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


DEFERRED = ("pendulum", "dateutil", "anyascii", "hashlib", "orjson", "fractions", "decimal")
"""Modules the models use only once a value needs them (a datetime, a name, an id, a figure)."""


def test_import_loads_none_of_the_deferred_modules() -> None:
    """`import conflictevents` leaves pendulum, anyascii, hashlib, orjson and fractions unimported."""
    loaded = _run(
        f"import sys, conflictevents; print(' '.join(m for m in {DEFERRED!r} if m in sys.modules))"
    )
    assert loaded == ""


_WORK = """
import datetime as dt, conflictevents as ce
claim = ce.Claim(
    claimant=ce.Source(name="Генштаб", kind=ce.SourceKind.MILITARY, side="Ukraine"),
    subject=ce.CasualtyCount(
        quantity=ce.Quantity.parse("about 2.5 thousand"),
        side="Russian Federation",
        category=ce.Category.MILITARY,
        outcome=ce.Outcome.KILLED,
    ),
    stated=ce.TimeSpan.day(dt.date(2022, 3, 2), tz="Europe/Kyiv"),
)
print(repr(claim), ce.name_key("Запоріжжя"), ce.name_key("Θεσσαλονίκη"))
"""


def test_the_models_work_right_after_the_import(capsys: pytest.CaptureFixture[str]) -> None:
    """A claim with a time, a named side, a derived id and a worded figure, and two name keys,
    come out the same in a fresh process as in one where everything is loaded already."""
    exec(_WORK, {})  # noqa: S102 - the same code, here, with every module loaded
    here = capsys.readouterr().out.strip()
    assert "side='RU'" in here
    assert "claim-" in here
    assert _run(_WORK) == here


def test_annotations_resolve_before_pendulum_is_used() -> None:
    """Resolving the models' annotations right after the import gives pendulum's DateTime."""
    code = """
import typing, attrs, conflictevents as ce
hints = typing.get_type_hints(ce.TimeSpan)['start'], typing.get_type_hints(ce.Claim)['recorded']
import pendulum
assert hints == (pendulum.DateTime | None,) * 2, hints
attrs.resolve_types(ce.Claim)
print('ok')
"""
    assert _run(code) == "ok"


def test_first_span_loads_pendulum_and_stores_its_datetime() -> None:
    """A span built from a stdlib datetime right after the import holds a pendulum DateTime."""
    code = """
import datetime as dt, sys, conflictevents as ce
assert 'pendulum' not in sys.modules
span = ce.TimeSpan.instant(dt.datetime(2022, 3, 2, 6, tzinfo=dt.timezone(dt.timedelta(hours=2))))
import pendulum
assert type(span.start) is pendulum.DateTime and span.start.utcoffset() == dt.timedelta(hours=2)
assert span == ce.TimeSpan.instant(pendulum.datetime(2022, 3, 2, 4))
print(type(span.start).__name__)
"""
    assert _run(code) == "DateTime"


class TestLazyModule:
    """The stand-in imports its module on first attribute look-up, then gives way to it."""

    def test_first_look_up_imports_and_replaces_the_stand_in(self) -> None:
        """The namespace holds the stand-in until a look-up, then the module itself."""
        namespace: dict[str, object] = {}
        namespace["colorsys"] = stand_in = lazy_module("colorsys", namespace)
        assert "imported on first use" in repr(stand_in)
        assert stand_in.rgb_to_hsv(0.0, 0.0, 0.0) == (0.0, 0.0, 0.0)
        assert isinstance(namespace["colorsys"], types.ModuleType)
        assert namespace["colorsys"] is sys.modules["colorsys"]

    def test_alias_and_dotted_names(self) -> None:
        """A dotted module binds under its last part, or under the alias given."""
        namespace: dict[str, object] = {}
        namespace["parse"] = lazy_module("urllib.parse", namespace)
        namespace["up"] = lazy_module("urllib.parse", namespace, alias="up")
        assert namespace["parse"].quote("a b") == "a%20b"  # type: ignore[attr-defined]
        assert namespace["parse"] is sys.modules["urllib.parse"]
        assert not isinstance(namespace["up"], types.ModuleType)
        assert namespace["up"].unquote("a%20b") == "a b"  # type: ignore[attr-defined]
        assert namespace["up"] is sys.modules["urllib.parse"]

    def test_a_rebound_name_is_left_alone(self) -> None:
        """Loading never overwrites a name the namespace has bound to something else since."""
        namespace: dict[str, object] = {}
        stand_in = lazy_module("colorsys", namespace)
        namespace["colorsys"] = "something else"
        assert stand_in.ONE_THIRD == 1.0 / 3.0
        assert namespace["colorsys"] == "something else"
