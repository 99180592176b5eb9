"""Name matching for sources and places: aliases, case, diacritics, scripts, typos.

Reports spell the same name many ways: "Zelensky", "Zelenskyy", "Zelenskiy" and the
typo "Zelenksy"; "Su-27" and "SU-27"; "Kharkov" and "Kharkiv"; "Kiev" and "Kyiv";
"Київ". :func:`name_key` reduces a Latin-script name to a *skeleton* that these
variants share and keeps a name in another script in its own letters (never an empty
key); :func:`names_match` compares skeletons, allowing one typing slip in long names,
and compares a Cyrillic or Greek name with a Latin one through its national
romanisations (:mod:`conflictevents._transliteration`).

The rules are deliberately narrow, because a false match merges two different people
or places. What they do not merge (and the tests check): "Zelensky" and "Zelenska"
(a substituted letter), "Su-27" and "Su-24" (digits never bend), "Lviv" and "Kyiv",
"Sumy" and "Suma", short names that differ at all once reduced, two names in one
non-Latin script spelled differently ("Гора" and "Хора", though both romanise to a
"hora" skeleton), and an Arabic or Hebrew name with any Latin one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from ._lazy import lazy_module
from ._transliteration import APOSTROPHES, TATWEEL, readings, script_of, strip_marks

if TYPE_CHECKING:
    import anyascii
else:  # imported when a name needs it: the models import this module for visible_name
    anyascii = lazy_module("anyascii", globals())

__all__ = [
    "HasNames",
    "cross_script_key",
    "match_keys",
    "name_key",
    "names_match",
    "shown_name",
    "visible_name",
]

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
def visible_name(text: str) -> str:
    r"""``text`` as a reader sees it, one string per look: the rule of "the same name".

    Canonically equivalent spellings (a precomposed "é" and "e" + combining acute, NFC
    and NFD) become one (NFC); invisible format characters (Unicode category Cf: the
    bidirectional marks U+200E/U+200F, the zero-width space, joiner and non-joiner, the
    byte-order mark U+FEFF, the soft hyphen U+00AD) are removed; every run of whitespace
    (the no-break space included) becomes one space, none at either end. Nothing else
    changes: case, letters, punctuation and compatibility forms stay as written, so a
    name that is already NFC, without such characters and single-spaced is returned
    unchanged.

    >>> visible_name("Zelensky") == visible_name("Zelensky\u200f") == "Zelensky"
    True
    >>> visible_name("Hame\u0301s\u00a0 Abu") == "Hamés Abu"
    True
    """
    if text.isascii():  # no format character, nothing to compose
        return " ".join(text.split())
    # the format characters first: one between a letter and its mark would block NFC
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFC", kept).split())


def shown_name(text: str) -> str:
    """:func:`visible_name`, never empty: a name of invisible characters only stays itself.

    Such a name (a soft hyphen, a zero-width space) is kept as written, its whitespace
    collapsed, so that it is still one name and not "no name"; the identities of
    claimants and attackers read names this way.
    """
    return visible_name(text) or " ".join(text.split()) or text


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The key of a name: what its spelling variants have in common; never empty.

    A name in Latin letters is reduced to a *skeleton*: Unicode compatibility
    decomposition with the diacritics dropped ("Zelens'kyj" → "zelenskyj", "Łódź" →
    "lodz"), case folded, apostrophes and hyphens removed ("SU-27" → "su27"), East
    Slavic transliteration variants mapped onto one spelling (see the module docs),
    doubled letters collapsed ("Odessa" → "odesa").

    A name with letters of any other script keeps its own letters: case folded, accents
    and vowel points dropped (but not the breve and diaeresis that make й, ї, ё, ў),
    every apostrophe written ``'``, words split at anything else that is not a letter
    or digit ("Київ" → "київ", "Кривий-Ріг" → "кривий ріг"); invisible format characters
    and odd spaces count as :func:`visible_name` counts them. Two such names share a key only when
    they are spelled alike, so they also share their transliteration. A name with no
    letter or digit at all keys as itself, case folded.

    Args:
        name: Any name as written in a report.

    Returns:
        The key; equal keys mean the names are spelling variants. Keys of two scripts
        are never equal: :func:`names_match` matches across scripts.

    >>> name_key("Zelenskyy") == name_key("Zelenskiy") == name_key("Zelensky")
    True
    >>> name_key("Kharkov") == name_key("Kharkiv")
    True
    >>> name_key("Київ"), name_key("Львів")
    ('київ', 'львів')
    """
    name = visible_name(name) or name  # a mark or no-break space never splits a word
    text = strip_marks(name)
    key = _skeleton(text) if _latin(name) else _script_key(text)
    folded = _SPACES.sub(" ", name.casefold())
    return key or folded.strip() or folded


def _skeleton(text: str) -> str:
    """The skeleton of a Latin-script name (already without accents)."""
    text = "".join(ch if ch.isascii() or not ch.isalnum() else anyascii.anyascii(ch) for ch in text)
    text = text.casefold()
    text = "".join(ch for ch in text if ch not in APOSTROPHES).replace("-", "")
    text = _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()
    # Word by word first (endings), then joined; each to a fixed point, so that a
    # skeleton is its own skeleton.
    return _rewrite(_rewrite(text).replace(" ", ""))


def _script_key(text: str) -> str:
    """The key of a name with letters of a script other than Latin."""
    words: list[str] = []
    word: list[str] = []
    for ch in text.casefold() + " ":
        if ch == TATWEEL:
            continue  # it only stretches a word
        if ch in APOSTROPHES:
            if word:  # one sign inside a word (Belarusian reads the vowel after it)
                word.append("'")
        elif ch.isalnum():
            digit = unicodedata.digit(ch, None)
            word.append(ch if digit is None else str(digit))
        elif word:
            words.append("".join(word).rstrip("'"))
            word = []
    return " ".join(words)


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
    """The names of ``value``: itself, or every alias of a named thing."""
    return (value,) if isinstance(value, str) else sorted(value.names)


@functools.lru_cache(maxsize=65536)
def _skeletons(name: str) -> frozenset[str]:
    """The Latin skeletons ``name`` may be compared by: its own, or its readings'."""
    name = visible_name(name) or name  # a mark between two letters changes their reading
    if _latin(name):
        return frozenset({name_key(name)})
    return frozenset(_skeleton(strip_marks(r)) for r in readings(name)) - {""}


@functools.lru_cache(maxsize=65536)
def _latin(name: str) -> bool:
    """Whether every letter of ``name`` is a Latin one (a name without letters is too)."""
    return all(script_of(ch) in {"", "latin"} for ch in strip_marks(name))


def _pair_matches(x: str, y: str, *, typos: bool) -> bool:
    if name_key(x) == name_key(y):
        return True
    if not (_latin(x) or _latin(y)):
        return False  # two names in other scripts: spelled alike, or not the same
    pairs = [(p, q) for p in _skeletons(x) for q in _skeletons(y)]
    if any(p == q for p, q in pairs):
        return True
    return typos and any(
        _one_slip(p, q) for p, q in pairs if min(len(p), len(q)) >= _MIN_TYPO_LENGTH
    )


def names_match(a: str | HasNames, b: str | HasNames, *, typos: bool = True) -> bool:
    """Whether two names (or two named things, through all their aliases) are the same.

    Two names in Latin letters match when their :func:`name_key` skeletons are equal,
    or, with ``typos``, when both skeletons have at least six characters and differ by a
    single typing slip: one letter dropped or added ("Zelensy"), or two neighbouring
    letters swapped ("Zelenksy"). A substituted letter is never a slip ("Zelenska" is
    somebody else), and digits never bend ("Su-27" is not "Su-24").

    A name in another script matches a Latin one when one of its romanisations does
    (the same rules, typos included): Ukrainian by the national system of 2010
    ("Київ" ~ "Kyiv", and so ~ "Kiev"), Russian and Belarusian by BGN/PCGN ("Харьков"
    ~ "Kharkov"), Greek by ELOT 743. A Cyrillic name is read in each of the three
    languages whose alphabet holds all its letters, and matches under any of these
    readings: і, ї, є, ґ mark Ukrainian; ы, э, ъ, ё Russian; ў Belarusian. Arabic,
    Hebrew and other scripts have no romanisation that gives back the Latin spelling
    (they leave out vowels): such a name matches only the same name in its own script.
    Two names that are both in non-Latin scripts match only when their keys are equal:
    their spelling is exact, so "Київ" (Ukrainian) and "Киев" (Russian) need an alias.

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
    >>> names_match("Київ", "Kyiv"), names_match("Київ", "Львів")
    (True, False)
    """
    return any(_pair_matches(x, y, typos=typos) for x in _names_of(a) for y in _names_of(b))


@functools.lru_cache(maxsize=65536)
def cross_script_key(name: str) -> str:
    """One key per name whatever its script, for grouping: "Київ" and "Kyiv" share one.

    A name in Latin letters keys as :func:`name_key`; a name in another script as the
    first (in sorted order) Latin skeleton of its romanisations, so it shares the key
    of the Latin names it matches ("Київ" → "kiv", as "Kyiv" and "Kiev"); a name with
    no romanisation (Arabic, Hebrew) keys as its :func:`name_key`. Being a key, it
    cannot allow typos, and it merges what transliteration merges: two names in one
    script that romanise alike ("Гора", "Хора") share it, as "Hora" matches both.
    """
    skeletons = _skeletons(name)
    return min(skeletons) if skeletons else name_key(name)


@functools.lru_cache(maxsize=65536)
def match_keys(name: str) -> frozenset[str]:
    """Keys that any two matching names share at least one of: for blocking, not matching.

    The name's key, its Latin skeletons, and for a skeleton long enough for the typo
    rule each way of dropping one of its letters: one slip (a letter dropped or added,
    two swapped) leaves two skeletons with a deletion in common.
    """
    keys = {name_key(name)}
    for skeleton in _skeletons(name):
        keys.add(skeleton)
        if len(skeleton) >= _MIN_TYPO_LENGTH:
            keys.update(
                skeleton[:i] + skeleton[i + 1 :]
                for i in range(len(skeleton))
                if skeleton[i].isalpha()
            )
    return frozenset(keys)
