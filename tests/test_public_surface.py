"""The public namespace stays small, and the names that left it still resolve with a warning."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import conflictevents
import conflictevents.exceptions
from conflictevents import UCDP, Quantity, reports
from conflictevents.interop import ImportStream, ucdp

UCDP_SAMPLE = (
    Path(__file__).parent / "data" / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"
)

MOVED = [
    "AmbiguousDateError",
    "ConflictEventsWarning",
    "FigureParseError",
    "IgnoredFieldsWarning",
    "ReconciliationError",
    "SkippedLineWarning",
    "TimeExpressionError",
]


def test_namespace_has_at_most_80_names() -> None:
    """`conflictevents.__all__` holds at most 80 names (it held 94 before 0.1)."""
    assert len(conflictevents.__all__) <= 80


def test_every_public_name_resolves() -> None:
    """Every name in `__all__` is an attribute of the package, with no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in conflictevents.__all__:
            assert getattr(conflictevents, name) is not None


@pytest.mark.parametrize("name", MOVED)
def test_moved_exceptions_warn_and_are_the_same_class(name: str) -> None:
    """An exception that left the namespace is the class of `conflictevents.exceptions`, with a warning."""
    with pytest.warns(DeprecationWarning, match="conflictevents.exceptions"):
        found = getattr(conflictevents, name)
    assert found is getattr(conflictevents.exceptions, name)
    assert name not in conflictevents.__all__


def test_policy_classes_warn_and_name_their_constant() -> None:
    """`UcdpPolicy` still resolves, warns, and names the constant to use instead."""
    with pytest.warns(DeprecationWarning, match=r"use conflictevents\.UCDP"):
        policy_class = conflictevents.UcdpPolicy
    assert isinstance(UCDP, policy_class)


def test_point_of_warns_and_equals_quantity_point() -> None:
    """`point_of(q)` still works with a warning and gives `q.point`."""
    quantity = Quantity.parse("more than 350")
    with pytest.warns(DeprecationWarning, match=r"Quantity\.point"):
        point_of = conflictevents.point_of
    assert point_of(quantity) == quantity.point == 351


def test_unknown_names_still_raise_attribute_error() -> None:
    """A name that never existed raises AttributeError, not a warning."""
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = conflictevents.no_such_name


def test_import_stream_counts_claims_made() -> None:
    """`ImportStream.claims_made` counts the claims; the old `claims` warns and gives the same count."""
    stream: ImportStream = ucdp.read(UCDP_SAMPLE, encoding="cp1252", on_error="collect")
    made = sum(1 for _ in stream)
    assert made > 0
    assert stream.claims_made == made
    with pytest.warns(DeprecationWarning, match="claims_made"):
        assert stream.claims == made


def test_record_warns_and_is_the_claim_or_event_union() -> None:
    """`conflictevents.Record` still resolves, warns, and is `Claim | Event | Assessment`."""
    with pytest.warns(DeprecationWarning, match=r"Claim \| Event \| reports\.Assessment"):
        record = conflictevents.Record
    assert record == conflictevents.Claim | conflictevents.Event | reports.Assessment


def _type_checking_imports() -> dict[str, str]:
    """The names the package imports under `if TYPE_CHECKING:`, with their modules."""
    import ast  # noqa: PLC0415

    tree = ast.parse(Path(conflictevents.__file__).read_text(encoding="utf-8"))
    guarded = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.name: str(node.module)
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_lazy_names_are_the_type_checking_imports() -> None:
    """Each name loaded on first use is imported for type checkers from the same module."""
    assert _type_checking_imports() == conflictevents._LAZY


def test_import_loads_only_the_models() -> None:
    """`import conflictevents` loads neither cattrs nor reconciliation, JSON or time parsing."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import sys, conflictevents; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('conflictevents', 'cattrs')))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "cattrs" not in loaded
    for module in ("_reconcile", "_json", "_converter", "_resolve", "_schema", "_compare"):
        assert f"conflictevents.{module}" not in loaded
    assert "conflictevents._claims" in loaded
