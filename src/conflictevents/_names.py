"""Name matching for sources and places: aliases, case, diacritics, transliteration, typos.

Reports spell the same name many ways: "Zelensky", "Zelenskyy", "Zelenskiy" and the
typo "Zelenksy"; "Su-27" and "SU-27"; "Kharkov" and "Kharkiv"; "Kiev" and "Kyiv".
:func:`name_key` reduces a name to a *skeleton* that these variants share, and
:func:`names_match` compares skeletons, allowing one typing slip in long names.

The rules are deliberately narrow, because a false match merges two different people
or places. What they do not merge (and the tests check): "Zelensky" and "Zelenska"
(a substituted letter), "Su-27" and "Su-24" (digits never bend), "Lviv" and "Kyiv",
"Sumy" and "Suma", and short names that differ at all once reduced.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

__all__ = ["HasNames", "name_key", "names_match"]

_MIN_TYPO_LENGTH = 6
"""Skeletons shorter than this must match exactly (no typo tolerance)."""

# Ordered rewrites of an ASCII, lower-case, punctuation-free name. Each pair is
# applied to both names, so it only has to map the variants onto one spelling.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Russian "-ov"/"-ev" place endings against Ukrainian "-iv": Kharkov/Kharkiv,
    # Lvov/Lviv, Kiev/Kyiv (word-final only).
    (re.compile(r"(?<=[a-z])[oe]v\b"), "iv"),
    # Russian g against Ukrainian h (Lugansk/Luhansk, Chernigov/Chernihiv) and the
    # "kh"/"h" spellings of Cyrillic kha (Kharkiv/Harkiv).
    (re.compile(r"kh"), "h"),
    (re.compile(r"g"), "h"),
    # -iy, -yy, -ij, -yj, -yi, -j: the many spellings of й and the soft endings.
    (re.compile(r"iy|yy|ij|yj|yi|ii"), "i"),
    (re.compile(r"[yj]"), "i"),
    # British and American spelling: Defence/Defense.
    (re.compile(r"ce\b"), "se"),
    # "ts"/"tz"/"c" for ц is too greedy (it would merge unrelated names): not rewritten.
)
_DOUBLED = re.compile(r"([a-z])\1+")
_NON_ALNUM = re.compile(r"[^0-9a-z ]+")
_SPACES = re.compile(r"\s+")


class HasNames(Protocol):
    """Anything with a ``names`` set: :class:`~conflictevents.Source`, :class:`~conflictevents.Location`."""  # noqa: E501

    @property
    def names(self) -> frozenset[str]:
        """The canonical name and every alias."""
        ...


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The skeleton of a name: what its spelling variants have in common.

    Steps: Unicode compatibility decomposition with the diacritics dropped
    ("Zelens'kyj" → "zelenskyj"), case folded, apostrophes and hyphens removed
    ("SU-27" → "su27"), East Slavic transliteration variants mapped onto one spelling
    (see the module docs), doubled letters collapsed ("Odessa" → "odesa").

    Args:
        name: Any name as written in a report.

    Returns:
        The skeleton; equal skeletons mean the names are spelling variants.

    >>> name_key("Zelenskyy") == name_key("Zelenskiy") == name_key("Zelensky")
    True
    >>> name_key("Kharkov") == name_key("Kharkiv")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = ascii_only.casefold().replace("'", "").replace("\u2019", "").replace("-", "")
    text = _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()
    # Word by word first (endings), then joined; each to a fixed point, so that a
    # skeleton is its own skeleton.
    return _rewrite(_rewrite(text).replace(" ", ""))


def _rewrite(text: str) -> str:
    while True:
        before = text
        for pattern, replacement in _REWRITES:
            text = pattern.sub(replacement, text)
        text = _DOUBLED.sub(r"\1", text)
        if text == before:
            return text


def _one_slip(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter dropped, added or swapped with its neighbour.

    Digits never take part in a slip: "su27" and "su24" stay apart.
    """
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) == 1:
        i = 0
        while i < len(a) and a[i] == b[i]:
            i += 1
        return b[i].isalpha() and a[i:] == b[i + 1 :]
    if len(a) != len(b):
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
        return False
    i, j = diffs
    return a[i] == b[j] and a[j] == b[i] and a[i].isalpha() and a[j].isalpha()


def _names_of(value: str | HasNames) -> Iterable[str]:
    return (value,) if isinstance(value, str) else sorted(value.names)


def names_match(a: str | HasNames, b: str | HasNames, *, typos: bool = True) -> bool:
    """Whether two names (or two named things, through all their aliases) are the same.

    Names match when their :func:`name_key` skeletons are equal, or, with ``typos``,
    when both skeletons have at least six characters and differ by a single typing
    slip: one letter dropped or added ("Zelensy"), or two neighbouring letters swapped
    ("Zelenksy"). A substituted letter is never a slip ("Zelenska" is somebody else),
    and digits never bend ("Su-27" is not "Su-24").

    Args:
        a: A name, or a :class:`~conflictevents.Source` or
            :class:`~conflictevents.Location` (every alias counts).
        b: The same.
        typos: Allow one typing slip in long names.

    Returns:
        ``True`` if any name of ``a`` matches any name of ``b``.

    >>> names_match("Zelenksy", "Zelenskyy")
    True
    >>> names_match("Su-27", "SU-24")
    False
    """
    keys_a = {name_key(n) for n in _names_of(a)}
    keys_b = {name_key(n) for n in _names_of(b)}
    if keys_a & keys_b:
        return True
    if not typos:
        return False
    return any(
        _one_slip(x, y)
        for x in keys_a
        for y in keys_b
        if len(x) >= _MIN_TYPO_LENGTH and len(y) >= _MIN_TYPO_LENGTH
    )
