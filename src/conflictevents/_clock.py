"""Clock times as reports write them: "at about 7:45 a.m.", "14:00 Kyiv time", "at 0300 GMT".

This module reads the clock part of a time expression: the wall time, its hedge and the
zone it is given in (``ZONE_ABBREVIATIONS``, "<place> time", "local time", "UTC+3"),
and the instants at which that wall time happened. :mod:`conflictevents._resolve` puts
it on a day; the docs page "Reading reports" states the rules and the tests check them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Final, NamedTuple

import pendulum

from ._patterns import LazyPattern
from ._time import _micros, wall_instants, zone
from .exceptions import TimeExpressionError

__all__ = ["AMBIGUOUS_ABBREVIATIONS", "HEDGES", "ZONE_ABBREVIATIONS"]

ZONE_ABBREVIATIONS: Final[dict[str, str]] = {
    "utc": "+00:00",
    "gmt": "+00:00",
    "z": "+00:00",
    "cet": "+01:00",
    "cest": "+02:00",
    "eet": "+02:00",
    "eest": "+03:00",
    "msk": "Europe/Moscow",
}
"""The zone abbreviations a clock time may carry, and what each means.

Each is unambiguous: a fixed offset, or for ``MSK`` Moscow's own clock when the time
zone database calls it MSK (+03:00 today, +04:00 from 2011 to 2014; in the summers
before 2011 Moscow kept MSD, and "MSK" then is refused)."""

_SEASONS: Final[dict[str, str]] = {"cet": "cest", "cest": "cet", "eet": "eest", "eest": "eet"}
"""Winter and summer names of one clock: a report's own zone that keeps the other one of
the pair at that moment contradicts the text ("14:00 EET" in July in Kyiv)."""

AMBIGUOUS_ABBREVIATIONS: Final[dict[str, str]] = {
    "est": "US Eastern -05:00 or Australian Eastern +10:00",
    "edt": "US Eastern -04:00 or Australian Eastern +11:00",
    "cst": "US Central -06:00, China +08:00 or Cuba -05:00",
    "cdt": "US Central -05:00 or Cuba -04:00",
    "ist": "India +05:30, Israel +02:00 or Irish +01:00",
    "idt": "Israel +03:00 or Irish +01:00",
    "bst": "British summer +01:00 or Bangladesh +06:00",
    "ast": "Atlantic -04:00 or Arabia +03:00",
    "adt": "Atlantic -03:00 or Arabia +04:00",
    "irst": "Iran +03:30 or Irish +01:00",
    "msd": "Moscow summer +04:00 before 2011, whose clocks differ today",
    "pst": "US Pacific -08:00 or Philippines +08:00",
    "mst": "US Mountain -07:00 or Malaysia +08:00",
    "wet": "Western European +00:00, whose summer name is WEST: give the offset",
}
"""Abbreviations that are refused, with their readings: more than one zone uses them,
so reading one would be a guess. The error lists the readings; write the offset
("UTC+2") or the place ("Jerusalem time") instead."""

_WIDTHS: Final[dict[str, tuple[int, int]]] = {
    "about": (-15, 15),
    "about the hour": (-30, 30),
    "after": (0, 60),
    "before": (-60, 0),
}
"""Minutes each hedge reaches from the clock time, ``[from, to)``."""

HEDGES: Final[dict[str, str]] = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "circa": "about",
    "shortly after": "after",
    "just after": "after",
    "soon after": "after",
    "shortly before": "before",
    "just before": "before",
}
"""The hedge words of a clock time and the width each stands for (see ``_WIDTHS``)."""

_ZONE_WORDS = "|".join(
    sorted({*ZONE_ABBREVIATIONS, *AMBIGUOUS_ABBREVIATIONS}, key=len, reverse=True)
)
_OFFSET = r"(?:utc|gmt) ?(?P<sign>[+\-\u2212])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?"
_ZONE = rf"(?P<zone>{_OFFSET}|(?:{_ZONE_WORDS})\b|(?P<place>[a-z][a-z' .\-]{{0,30}}?) time)"
_HEDGE = "(?:(?P<hedge>" + "|".join(sorted(HEDGES, key=len, reverse=True)) + ") )?"
CLOCK: Final = (
    rf"(?:at )?{_HEDGE}(?:at )?"
    r"(?:(?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))? ?(?P<ampm>[ap])\.?m\b\.?"
    r"|(?P<h24>\d{1,2})[:.](?P<m24>\d{2})"
    r"|(?P<hhmm>\d{4})(?: ?(?P<hrs>hrs|hours))?"
    r"|(?P<word>noon|midday|midnight))"
    rf"(?: ?{_ZONE})?"
    r"(?: ?\((?P<also>[^()]{1,40})\))?"
)
"""The clock part of a time expression, as a pattern to embed (no anchors): every
quantifier is bounded or over characters the next token cannot start with. A bracket
after it ("7:45 a.m. (0545 GMT)") is the same moment in another zone, group ``also``."""


_CLOCK_ALONE: Final = LazyPattern(CLOCK)


class Clock(NamedTuple):
    """A clock time read from the text: the wall time, its hedge and its zone."""

    hour: int
    minute: int
    hedge: str | None  # a value of HEDGES, or None
    where: pendulum.Timezone | pendulum.FixedTimezone | None  # None: the report's zone
    abbreviation: str | None  # the abbreviation as written, for the checks
    midnight: bool

    def wall(self, day: dt.date) -> dt.datetime:
        """The naive wall time of the clock on ``day`` ("shortly before midnight": its end)."""
        if self.midnight and self.hedge == "before":
            day += dt.timedelta(days=1)  # the midnight that ends the day
        return dt.datetime(day.year, day.month, day.day, self.hour, self.minute)  # noqa: DTZ001

    @property
    def minutes(self) -> tuple[int, int]:
        """The minutes ``[from, to)`` around the clock time that the text allows."""
        if self.hedge is None:
            return (0, 1)  # the minute it names
        if self.hedge == "about" and self.minute == 0:
            return _WIDTHS["about the hour"]
        return _WIDTHS[self.hedge]


def read(text: str, m: re.Match[str]) -> Clock | None:
    """The clock time a match of ``CLOCK`` names; ``None`` if it names none after all.

    Four digits without "hrs" or a zone ("2022") are not a clock time: ``None``.

    Raises:
        TimeExpressionError: The clock time is impossible ("25:00", "13 p.m."), is
            "12 a.m."/"12 p.m." or a bare "midnight" (each names two times), or its zone
            is refused.
    """
    if m["hhmm"] is not None and m["hrs"] is None and m["zone"] is None:
        return None
    hedge = None if m["hedge"] is None else HEDGES[m["hedge"]]
    where, abbreviation = _zone(text, m)
    if m["word"] is not None:
        if m["word"] != "midnight":
            return Clock(12, 0, hedge, where, abbreviation, midnight=False)
        if hedge not in {"after", "before"}:
            reason = (
                "'midnight' alone may start or end the day: write 'shortly after midnight'"
                " (its start), 'shortly before midnight' (its end) or 00:00 with a date"
            )
            raise TimeExpressionError(text, reason)
        return Clock(0, 0, hedge, where, abbreviation, midnight=True)
    hour, minute = _hour_minute(text, m)
    return Clock(hour, minute, hedge, where, abbreviation, midnight=False)


def confirmed(
    text: str, moments: tuple[pendulum.DateTime, ...], also: str, report_tz: str
) -> tuple[pendulum.DateTime, ...]:
    """The ``moments`` of a clock time that its bracket ``also`` ("0545 GMT") names too.

    The bracket gives the same moment in another zone: it must be a clock time without
    a hedge that falls on one of the moments (in a repeated hour it says which).

    Raises:
        TimeExpressionError: The bracket is no clock time, or names another moment.
    """
    m = _CLOCK_ALONE.fullmatch(also)
    second = None if m is None or m["also"] is not None else read(text, m)
    if second is None or second.hedge is not None:
        raise TimeExpressionError(text, f"the bracket ({also}) is not one clock time")
    kept = []
    for moment in moments:
        day = moment.in_timezone(second.where or zone(report_tz)).date()
        for offset in (-1, 0, 1):
            others = instants(text, second, day + dt.timedelta(days=offset), report_tz)
            if any(_micros(other) == _micros(moment) for other in others):  # fold-proof
                kept.append(moment)
    if not kept:
        reason = f"the bracket ({also}) names another moment than the clock time before it"
        raise TimeExpressionError(text, reason)
    return tuple(kept)


def _hour_minute(text: str, m: re.Match[str]) -> tuple[int, int]:
    if m["h12"] is not None:
        hour, minute = int(m["h12"]), int(m["m12"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise TimeExpressionError(text, f"{m['h12']}:{minute:02} is not a 12-hour clock time")
        if hour == 12 and minute == 0:
            reason = "'12 a.m.' and '12 p.m.' are read both ways: write 'noon' or 'midnight'"
            raise TimeExpressionError(text, reason)
        return hour % 12 + (12 if m["ampm"] == "p" else 0), minute
    digits = m["hhmm"] or f"{m['h24']:0>2}{m['m24']}"
    hour, minute = int(digits[:2]), int(digits[2:])
    if hour > 23 or minute > 59:
        raise TimeExpressionError(text, f"{hour:02}:{minute:02} is not a clock time")
    return hour, minute


def _zone(
    text: str, m: re.Match[str]
) -> tuple[pendulum.Timezone | pendulum.FixedTimezone | None, str | None]:
    """The zone a clock time is given in (``None``: the report's), and its abbreviation."""
    word = m["zone"]
    if word is None or word == "local time":
        return None, None
    if m["sign"] is not None:
        hours, minutes = int(m["oh"]), int(m["om"] or 0)
        if hours > 14 or minutes > 59:
            raise TimeExpressionError(text, f"{word!r} is not a UTC offset")
        return _fixed(m["sign"], hours, minutes), None
    if m["place"] is not None:
        return _place_zone(text, m["place"]), None
    if word in AMBIGUOUS_ABBREVIATIONS:
        reason = (
            f"the zone abbreviation {word.upper()} is ambiguous"
            f" ({AMBIGUOUS_ABBREVIATIONS[word]}): write the offset (UTC+2) or the place"
            " ('Jerusalem time')"
        )
        raise TimeExpressionError(text, reason)
    meaning = ZONE_ABBREVIATIONS[word]
    if meaning.startswith("+"):
        return _fixed("+", int(meaning[1:3]), int(meaning[4:])), word
    return zone(meaning), word


def _fixed(sign: str, hours: int, minutes: int) -> pendulum.FixedTimezone:
    return pendulum.FixedTimezone((1 if sign == "+" else -1) * (hours * 3600 + minutes * 60))


@functools.cache
def _places() -> dict[str, tuple[str, ...]]:
    """Each IANA zone's last name part ("kyiv", "new york", "israel") and its zones."""
    places: dict[str, list[str]] = {}
    for name in sorted(pendulum.timezones()):
        place = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        places.setdefault(place, []).append(name)
    return {place: tuple(names) for place, names in places.items()}


def _place_zone(text: str, place: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    names = _places().get(place)
    if names is None:
        reason = (
            f"{place!r} names no IANA time zone: write a zone's city ('Kyiv time',"
            " 'Jerusalem time'), 'local time', an offset (UTC+2) or GMT"
        )
        raise TimeExpressionError(text, reason)
    if len(names) > 1:
        reason = f"'{place} time' may be any of {', '.join(names)}: write the offset"
        raise TimeExpressionError(text, reason)
    return zone(names[0])


def instants(
    text: str, clock: Clock, day: dt.date, report_tz: str
) -> tuple[pendulum.DateTime, ...]:
    """The instants at which ``clock`` showed on ``day``, in the report's zone.

    One instant, or two in a repeated hour (earlier first). A wall time the clocks
    skipped, an MSK that Moscow did not keep, and a winter or summer name that the
    report's own zone contradicts at that moment are errors.
    """
    where = clock.where or zone(report_tz)
    wall = clock.wall(day)
    found = wall_instants(wall, where)
    if not found:
        before = wall.replace(tzinfo=where, fold=0).utcoffset()
        after = wall.replace(tzinfo=where, fold=1).utcoffset()
        reason = (
            f"{wall:%H:%M} did not happen in {where} on {day.isoformat()}: the clocks jumped"
            f" from {_offset(before)} to {_offset(after)} over it (write the offset)"
        )
        raise TimeExpressionError(text, reason)
    if clock.abbreviation == "msk":
        found = tuple(t for t in found if t.tzname() == "MSK")
        if not found:
            raise TimeExpressionError(text, f"Moscow kept MSD, not MSK, on {day.isoformat()}")
    report = zone(report_tz)
    partner = _SEASONS.get(clock.abbreviation or "")
    for moment in found:
        kept = (moment.in_timezone(report).tzname() or "").lower()
        if partner is not None and kept == partner:
            reason = (
                f"{report_tz} kept {kept.upper()}, not {(clock.abbreviation or '').upper()},"
                f" on {day.isoformat()}: write the offset if the report means it"
            )
            raise TimeExpressionError(text, reason)
    return tuple(moment.in_timezone(report) for moment in found)


def _offset(delta: dt.timedelta | None) -> str:
    minutes = 0 if delta is None else int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"
