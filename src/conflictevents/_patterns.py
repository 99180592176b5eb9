"""Regular expressions compiled on first use: :class:`LazyPattern`.

A module that reads text keeps its patterns as module-level ``LazyPattern`` objects, so
that importing it compiles nothing; the first match compiles the pattern once. The
regex audit of the tests finds them like compiled patterns (``.compiled``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

__all__ = ["LazyPattern"]


class LazyPattern:
    """A regular expression that is compiled when it is first used.

    It offers the methods of :class:`re.Pattern` that the package uses.

    Attributes:
        pattern: The source of the regular expression.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern: Final = pattern
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on the first call, then kept)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    @property
    def groupindex(self) -> Mapping[str, int]:
        """The named groups and their numbers, as :attr:`re.Pattern.groupindex`."""
        return self.compiled.groupindex

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """:meth:`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(text)

    def sub(self, replacement: str, text: str) -> str:
        """:meth:`re.Pattern.sub`."""
        return self.compiled.sub(replacement, text)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
