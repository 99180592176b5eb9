"""LazyPattern: the text readers compile their regular expressions on first use."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from conflictevents._patterns import LazyPattern

PROBE = """
import re
from conflictevents import _clock, _resolve
from conflictevents._patterns import LazyPattern

def lazy(module):
    found = []
    for value in vars(module).values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            item = item[0] if isinstance(item, tuple) and item else item
            if isinstance(item, LazyPattern):
                found.append(item)
            assert not isinstance(item, re.Pattern), item
    return found

patterns = lazy(_resolve) + lazy(_clock)
assert len(patterns) > 30, len(patterns)
assert all(p._compiled is None for p in patterns), "compiled at import"
_resolve.resolve_time("yesterday", reference=__import__("datetime").date(2022, 3, 3), tz="UTC")
assert any(p._compiled is not None for p in patterns), "never compiled"
print("ok")
"""


class TestLazyPattern:
    """A LazyPattern is compiled once, on first use, and matches as re does."""

    def test_compiled_on_first_use_and_kept(self):
        """Nothing is compiled until a match; then the same compiled pattern is reused."""
        pattern = LazyPattern(r"(?P<n>\d+) days?")
        assert pattern._compiled is None
        assert pattern.fullmatch("3 days")["n"] == "3"
        first = pattern.compiled
        assert pattern.compiled is first
        assert pattern.groupindex == {"n": 1}
        assert "LazyPattern" in repr(pattern)

    @given(st.text(alphabet="ab ", max_size=12))
    def test_same_answers_as_re(self, text):
        """fullmatch and sub answer exactly as the compiled pattern does."""
        lazy, eager = LazyPattern(r"a+ ?b*"), re.compile(r"a+ ?b*")
        assert bool(lazy.fullmatch(text)) == bool(eager.fullmatch(text))
        assert lazy.sub("x", text) == eager.sub("x", text)

    def test_resolve_compiles_nothing_at_import(self):
        """Importing the time reader compiles none of its patterns; reading a phrase does."""
        done = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "ok"
