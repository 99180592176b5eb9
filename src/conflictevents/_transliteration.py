"""Names in Latin letters: national romanisation tables on top of anyascii.

Which system a name is read in:

- **Ukrainian**: the national system of 2010 (Cabinet of Ministers resolution 55 of
  27 January 2010): "Київ" → "Kyiv", "Запоріжжя" → "Zaporizhzhia", "Згурівка" →
  "Zghurivka".
- **Russian**: BGN/PCGN 1947, with the soft and hard signs left out: "Харьков" →
  "Kharkov", "Белгород" → "Belgorod".
- **Belarusian**: BGN/PCGN 1979, signs left out, зг as "zgh" (BGN/PCGN's "z·h"):
  "Мінск" → "Minsk", "Гомель" → "Homyel", "Магілёў" → "Mahilyow".
- **Greek**: ELOT 743 (the UN and BGN/PCGN system for modern Greek): "Θεσσαλονίκη" →
  "Thessaloniki", "Ευρώπη" → "Evropi".
- anything else: `anyascii <https://github.com/anyascii/anyascii>`_'s generic table.

A Cyrillic name is read in every one of Ukrainian, Russian and Belarusian whose alphabet
holds all its letters: і, ї, є and ґ rule Russian out; ы, э, ъ and ё rule Ukrainian out;
и, щ, ъ, ї, є and ґ rule Belarusian out; ў rules out all but Belarusian. "Київ" is
Ukrainian only, "Харьков" may be any of the three, "Мінск" Ukrainian or Belarusian.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING, TypeAlias

from ._lazy import lazy_module

if TYPE_CHECKING:
    import anyascii
else:  # its import reads package data through importlib.resources: load it when a name needs it
    anyascii = lazy_module("anyascii", globals())

__all__ = [
    "APOSTROPHES",
    "TATWEEL",
    "cyrillic_languages",
    "readings",
    "script_of",
    "strip_marks",
    "transliterate",
]

APOSTROPHES = frozenset("'\u2019\u02bc\u02b9\u02ba\u02bb\u0060\u00b4")
"""Apostrophes and the primes some romanisations use: one sign, whichever is typed."""

TATWEEL = "\u0640"
"""The Arabic tatweel (kashida) only stretches a word: no letter."""

_KEPT_MARKS = frozenset("\u0306\u0308")
"""Breve and diaeresis make letters of their own in Cyrillic (й, ї, ё, ў) and Greek (ϊ, ϋ)."""


@functools.lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of a letter ("latin", "cyrillic", …); ``""`` for anything but a letter.

    Apostrophes, the tatweel and the "MODIFIER LETTER" signs (stress, tone) are no
    letters here: they mark or stretch the letters around them.
    """
    if len(char) != 1 or not unicodedata.category(char).startswith("L"):
        return ""
    if char in APOSTROPHES or char == TATWEEL:
        return ""
    name = unicodedata.name(char, "")
    if name.startswith("MODIFIER LETTER"):
        return ""
    return name.split(" ", 1)[0].lower() if name else "unknown"


def strip_marks(text: str) -> str:
    """``text`` without accents and vowel points, compatibility forms folded (NFKC).

    Marks that make a letter of their own stay: the breve and diaeresis on Cyrillic and
    Greek letters (й ≠ и, ї ≠ і, ё ≠ е, ϋ ≠ υ). Every other combining mark goes: Latin
    accents, the Greek tonos, Arabic harakat, Hebrew niqqud.
    """
    out: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if ch in _KEPT_MARKS and script_of(base) in {"cyrillic", "greek"}:
                out.append(ch)
            continue
        out.append(ch)
        base = ch
    return unicodedata.normalize("NFC", "".join(out))


# --- Cyrillic -------------------------------------------------------------------------

_Entry: TypeAlias = str | tuple[str, str]
"""A letter's romanisation; a pair is (at the start of a word or after a vowel, else)."""

_COMMON: dict[str, _Entry] = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ь": "",
}  # fmt: skip
_TABLES: dict[str, dict[str, _Entry]] = {
    # Resolution 55 of 2010: the pair's first form only at the start of a word.
    "uk": _COMMON | {
        "г": "h", "ґ": "g", "е": "e", "є": ("ye", "ie"), "и": "y", "і": "i",
        "ї": ("yi", "i"), "й": ("y", "i"), "щ": "shch", "ю": ("yu", "iu"),
        "я": ("ya", "ia"),
    },
    # BGN/PCGN 1947: ye / yë at the start of a word and after a vowel, й, ъ or ь.
    "ru": _COMMON | {
        "г": "g", "е": ("ye", "e"), "ё": ("yë", "ë"), "и": "i", "й": "y", "щ": "shch",
        "ъ": "", "ы": "y", "э": "e", "ю": "yu", "я": "ya",
    },
    # BGN/PCGN 1979: ye, yo, yu, ya everywhere ("Віцебск" → "Vitsyebsk").
    "be": _COMMON | {
        "г": "h", "е": "ye", "ё": "yo", "і": "i", "й": "y", "ў": "w", "ы": "y", "э": "e",
        "ю": "yu", "я": "ya",
    },
}  # fmt: skip
LANGUAGES = ("uk", "ru", "be")
"""The Cyrillic languages with a table, in the order of preference for one reading."""
_ALPHABETS = {lang: frozenset(table) for lang, table in _TABLES.items()}
_VOWELS = frozenset("аеёиіоуыэюяєї")
_AFTER_START = {"uk": frozenset(), "ru": frozenset("йъь"), "be": frozenset()}
"""Besides a word's start: what the first form of a pair follows (vowels too, but uk)."""


def cyrillic_languages(text: str) -> tuple[str, ...]:
    """The languages (of :data:`LANGUAGES`) whose alphabet holds every Cyrillic letter."""
    letters = {ch for ch in text.lower() if script_of(ch) == "cyrillic"}
    return tuple(lang for lang in LANGUAGES if letters <= _ALPHABETS[lang])


def _cyrillic(text: str, lang: str) -> str:
    table = _TABLES[lang]
    after = _AFTER_START[lang]
    out: list[str] = []
    prev = ""  # the previous letter (lower case), "'" for an apostrophe, "" at a word start
    for ch in text:
        low = ch.lower()
        if ch in APOSTROPHES:
            prev = prev and "'"  # inside a word only: a leading one is a quote
            continue
        entry = table.get(low)
        if entry is None:
            out.append(anyascii.anyascii(ch) if script_of(ch) else ch)
            prev = low if script_of(ch) else ""
            continue
        if isinstance(entry, tuple):
            first = prev == "" or prev in after or (lang != "uk" and prev in _VOWELS)
            entry = entry[0] if first else entry[1]
        if low == "г" and prev == "з" and lang != "ru":
            entry = "gh"  # зг → zgh, not to be read as ж (zh); BGN/PCGN writes z·h
        out.append(entry.capitalize() if ch.isupper() else entry)
        prev = low
    return "".join(out)


# --- Greek (ELOT 743) -----------------------------------------------------------------

_GREEK: dict[str, str] = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o", "ϊ": "i", "ϋ": "y",
}  # fmt: skip
_GREEK_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch"}
_GREEK_VOICED = frozenset("αεηιουωϊϋβγδζλμνρ")
"""After αυ, ευ, ηυ: υ is v before these (vowels, voiced consonants), f otherwise."""


def _greek(text: str) -> str:
    low = text.lower()
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = low[i : i + 2]
        nxt = low[i + 2 : i + 3]
        if pair in _GREEK_PAIRS:
            chunk, step = _GREEK_PAIRS[pair], 2
        elif pair in {"αυ", "ευ", "ηυ"}:
            chunk, step = _GREEK[pair[0]] + ("v" if nxt in _GREEK_VOICED else "f"), 2
        elif pair == "μπ":
            start = i == 0 or script_of(low[i - 1]) != "greek"
            chunk, step = ("b" if start else "mp"), 2
        elif low[i] in _GREEK:
            chunk, step = _GREEK[low[i]], 1
        else:
            chunk, step = (anyascii.anyascii(text[i]) if script_of(text[i]) else text[i]), 1
        out.append(chunk.capitalize() if text[i].isupper() else chunk)
        i += step
    return "".join(out)


# --- Whole names ----------------------------------------------------------------------


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into runs of one script; apostrophes go with the letters around them."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        script = script_of(ch) or ("'" if ch in APOSTROPHES else "")
        if runs and (script in {runs[-1][0], "'"} or runs[-1][0] == "'"):
            last_script, last = runs[-1]
            runs[-1] = (script if last_script == "'" else last_script, last + ch)
        else:
            runs.append((script, ch))
    return runs


def _romanise(text: str, cyrillic: str | None) -> str:
    out: list[str] = []
    for script, run in _runs(text.replace(TATWEEL, "")):
        if script == "cyrillic" and cyrillic is not None:
            out.append(_cyrillic(run, cyrillic))
        elif script == "greek":
            out.append(_greek(run))
        elif script in {"", "'", "latin"}:
            out.append(run)
        else:
            out.append(anyascii.anyascii(run))
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def transliterate(name: str) -> str:
    """``name`` in Latin letters, by the system of its script and language.

    Accents and vowel points are dropped first (:func:`strip_marks`). A Cyrillic name
    is read in the first of Ukrainian, Russian and Belarusian whose alphabet holds all
    its letters, or by anyascii if none does. Latin letters, digits and punctuation
    stay as they are.

    >>> transliterate("Київ"), transliterate("Харьков"), transliterate("Θεσσαλονίκη")
    ('Kyiv', 'Kharkov', 'Thessaloniki')
    """
    text = strip_marks(name)
    languages = cyrillic_languages(text)
    return _romanise(text, languages[0] if languages else None)


_READABLE = frozenset({"latin", "cyrillic", "greek"})
"""strs whose romanisation gives back the name as the Latin-script press writes it.

Arabic and Hebrew are written without most vowels: no table recovers "Baghdad" from
"بغداد" (anyascii gives "bghdd"), and a consonant skeleton is too short to tell names
apart. Names in those scripts (and in any other) match only names in their own script.
"""


@functools.lru_cache(maxsize=65536)
def readings(name: str) -> tuple[str, ...]:
    """Every romanisation of ``name`` that may match a Latin-script name, sorted.

    One per plausible language of a Cyrillic name (:func:`cyrillic_languages`); one for
    Greek and for Latin; none for a name with a letter of another script, or with
    Cyrillic letters that no table reads.
    """
    text = strip_marks(name)
    scripts = {script_of(ch) for ch in text} - {""}
    if not scripts <= _READABLE:
        return ()
    if "cyrillic" not in scripts:
        return (_romanise(text, None),)
    return tuple(sorted({_romanise(text, lang) for lang in cyrillic_languages(text)}))
