"""How ``conflictevents reconcile`` shows a reconciliation: a table for people, CSV, JSON.

The table groups rows by subject. Each subject opens with a line that says what it is
about in words ("RU military killed, since 24 Feb 2022"), its status, the range of the
current figures, the policy's best estimate and whether any figure is independently
verified, and a version collision (two versions of one claim with no order between
them, both counted); under it, one row per claimant's current claim: the claimant, its
figure with the qualifier, the date the figure is as of, when it was stated, whose side
it speaks from and its verification. In a cumulative series the headline names the
aligned date the figures are compared at; a current figure from another date is marked
"not aligned", and the claimant's figure as of the aligned date follows it, marked
"aligned". Subjects that need attention (contested, divergent…) come first.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import IO, Final

import pendulum

from conflictevents._alignment import figure_date
from conflictevents._assessments import Assessment
from conflictevents._claims import (
    CasualtyCount,
    Category,
    ControlExtent,
    EquipmentLoss,
    Outcome,
    Stance,
    Subject,
    TerritorialControl,
    subject_place,
)
from conflictevents._estimates import ClaimStanding, SideRelation
from conflictevents._events import (
    AirspaceIncident,
    Attack,
    CodedEvent,
    Curfew,
    Negotiation,
    Presence,
    Sanction,
    Statement,
    Vote,
)
from conflictevents._json import dumps
from conflictevents._quantity import Quantity
from conflictevents._reconcile import (
    FigureRange,
    Reconciliation,
    ReconciliationStatus,
    SubjectReconciliation,
    in_id_order,
)
from conflictevents._time import TimePrecision, TimeSpan

from .io import plural

__all__ = ["describe", "figure", "when", "write_csv", "write_json", "write_table"]

_ATTENTION: Final = {
    ReconciliationStatus.CONTESTED: 0,
    ReconciliationStatus.DIVERGENT: 1,
    ReconciliationStatus.DENIED: 2,
    ReconciliationStatus.CONCEDED: 3,
    ReconciliationStatus.UNKNOWN: 4,
    ReconciliationStatus.CONSISTENT: 5,
}

_PEOPLE: Final = {
    Category.MILITARY: "military",
    Category.CIVILIAN: "civilians",
    Category.UNSPECIFIED: "people",
}

_CASUALTIES: Final = {
    Category.MILITARY: "military casualties",
    Category.CIVILIAN: "civilian casualties",
    Category.UNSPECIFIED: "casualties",
}

_SIDE_WORDS: Final = {
    SideRelation.SELF: "own side",
    SideRelation.ADVERSARY: "adversary",
    SideRelation.THIRD_PARTY: "third party",
    SideRelation.UNKNOWN: "-",
}

_HEADERS: Final = ("CLAIMANT", "FIGURE", "AS OF", "STATED", "SIDE", "VERIFICATION", "")
_MAX_LABEL: Final = 72
_MAX_CLAIMANT: Final = 60


# -- words for values ---------------------------------------------------------------------


def _number(value: int) -> str:
    return f"{value:,}"


def figure(quantity: Quantity | None) -> str:
    """A figure the way a report writes it (``about 6,000``), or ``no figure``."""
    return "no figure" if quantity is None else str(quantity)


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _clock(moment: pendulum.DateTime) -> str:
    return moment.format("HH:mm")


def _last_day(end: pendulum.DateTime) -> pendulum.DateTime:
    """The last day a span ending (exclusively) at ``end`` covers."""
    return end.subtract(microseconds=1)


def when(span: TimeSpan | None) -> str:  # noqa: C901, PLR0911 - one branch per precision
    """A time span in words, in its own offset: ``2 Mar 2022``, ``before 3 Mar 2022 06:00``."""
    if span is None:
        return "-"
    mark = "about " if span.approximate else ""
    start, end, precision = span.start, span.end, span.precision
    if start is None:
        return "-" if end is None else f"{mark}before {_day(end)} {_clock(end)}"
    if end is None:
        return f"{mark}since {_day(start)}"
    match precision:
        case TimePrecision.INSTANT:
            return f"{mark}{_day(start)} {_clock(start)}"
        case TimePrecision.PART_OF_DAY:
            return f"{mark}{_day(start)} {_clock(start)}-{_clock(end)}"
        case TimePrecision.DAY:
            return f"{mark}{_day(start)}"
        case TimePrecision.MONTH:
            return f"{mark}{start.format('MMM YYYY')}"
        case TimePrecision.YEAR:
            return f"{mark}{start.year}"
        case TimePrecision.WEEK:
            return f"{mark}week of {_day(start)}"
    last = _last_day(end)
    if (start.hour, start.minute, end.hour, end.minute) != (0, 0, 0, 0):
        return f"{mark}{_day(start)} {_clock(start)} - {_day(end)} {_clock(end)}"
    if start.date() == last.date():
        return f"{mark}{_day(start)}"
    if (start.year, start.month) == (last.year, last.month):
        return f"{mark}{start.day}-{_day(last)}"
    return f"{mark}{_day(start)} - {_day(last)}"


def _period(span: TimeSpan | None) -> str:
    if span is None:
        return ""
    if span.start is not None and (span.end is None or span.precision is TimePrecision.INTERVAL):
        return f", since {_day(span.start)}"
    return f", {when(span)}"


def _place(subject: Subject) -> str:
    place = subject_place(subject)
    return "" if place is None else f", {place.name}"


def _side(side: str | None) -> str:
    return "" if side is None else f"{side} "


def describe(subject: Subject) -> str:  # noqa: C901, PLR0911, PLR0912 - a branch per subject type
    """What a subject is about, in words: ``RU military killed, since 24 Feb 2022``."""
    match subject:
        case CasualtyCount():
            if subject.outcome is Outcome.CASUALTIES:
                what = _CASUALTIES[subject.category]
            else:
                what = f"{_PEOPLE[subject.category]} {subject.outcome.value}"
            text = f"{_side(subject.side)}{what}"
            return text + _period(subject.period) + _place(subject)
        case EquipmentLoss():
            text = f"{_side(subject.side)}{subject.equipment} {subject.status.value}"
            return text + _period(subject.period) + _place(subject)
        case TerritorialControl():
            extent = " (partial)" if subject.extent is ControlExtent.PARTIAL else ""
            change = ", changed hands" if subject.change else ""
            return f"{subject.place.name} held by {subject.controller}{extent}{change}"
        case Attack():
            what = subject.description or subject.kind.value.replace("_", " ")
            return f"attack: {what}{_place(subject)}"
        case Negotiation():
            number = f" round {subject.round}" if subject.round is not None else ""
            parties = "-".join(sorted(subject.parties))
            return f"talks{number} {parties} ({subject.status.value}){_place(subject)}"
        case Sanction():
            measures = ", ".join(sorted(m.value.replace("_", " ") for m in subject.measures))
            return f"sanction on {subject.entity}: {measures}"
        case AirspaceIncident():
            return f"airspace incident: {subject.violated_state} airspace{_place(subject)}"
        case Statement():
            topic = f" on {subject.topic}" if subject.topic else ""
            return f"statement by {subject.speaker.name}{topic}"
        case Vote():
            return f"vote: {subject.description or subject.type}"
        case Curfew():
            return f"curfew{_place(subject)}"
        case Presence():
            whose = f"{subject.side} " if subject.side else ""
            return f"presence: {whose}{subject.forces or 'forces'}{_place(subject)}"
        case CodedEvent():
            return f"{subject.coding.sub_event_type.value.lower()}{_place(subject)}"
    return str(getattr(subject, "type", type(subject).__name__))  # pragma: no cover


def _shorten(text: str, width: int = _MAX_LABEL) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _range(found: FigureRange | None) -> str:
    if found is None:
        return ""
    if found.high is None:
        return f"{_number(found.low)} or more"
    if found.low == found.high:
        return _number(found.low)
    return f"{_number(found.low)} - {_number(found.high)}"


def _headline(result: SubjectReconciliation) -> str:
    status = result.status.value
    if result.status is ReconciliationStatus.DIVERGENT and result.spread is not None:
        status += f" x{result.spread:,.0f}" if result.spread >= 10 else f" x{result.spread:.1f}"
    parts = [status]
    collisions = result.version_collisions
    if collisions:
        parts.append(f"version collision: {', '.join(collisions)}")
    span = _range(result.range)
    if span:
        parts.append(f"range {span}")
    if result.estimate is not None:
        parts.append(f"estimate {_number(result.estimate.best)}")
    if result.envelope is not None or result.verified:
        parts.append("independently verified" if result.verified else "none verified")
    superseded = len(result.superseded)
    if superseded:
        parts.append(f"{superseded:,} superseded")
    older = len(result.superseded_versions)
    if older:
        parts.append(plural(older, "older version"))
    if result.aligned_on is not None:
        parts.append(f"compared as of {_day(result.aligned_on)}")
    elif any(not s.aligned for s in result.current):
        parts.append("no date common to all claimants: nothing compared")
    parts.extend(f"disputed {d.field}: {' / '.join(d.values)}" for d in result.disputed)
    return f"{_shorten(describe(result.subject))} — {', '.join(parts)}"


def _assessed(assessments: Iterable[Assessment]) -> list[str]:
    """Each assessment in words: "unconfirmed by dpa (2 Mar 2022), of claim-…"."""
    lines = []
    for assessment in assessments:
        said = when(assessment.stated)
        text = f"{assessment.verdict.value} by {assessment.assessor.identity}"
        if said:
            text += f" ({said})"
        if assessment.claim is not None:
            text += f", of {assessment.claim}"
        lines.append(text)
    return lines


def _ordered(reconciliation: Reconciliation) -> list[SubjectReconciliation]:
    return sorted(reconciliation, key=lambda s: (_ATTENTION.get(s.status, 9), s.key))


def _alignment(result: SubjectReconciliation, standing: ClaimStanding) -> str:
    if not standing.aligned:
        return "not aligned"
    return "aligned" if result.aligned_on is not None and standing.as_of is not None else ""


def _row(result: SubjectReconciliation, standing: ClaimStanding) -> tuple[str, ...]:
    claim = result.claim(standing.claim)
    if standing.stance is Stance.DENIES:
        shown = "denies"
    elif standing.quantity is not None or isinstance(claim.subject, CasualtyCount | EquipmentLoss):
        shown = figure(standing.quantity)
    else:
        shown = "asserts"
    return (
        _shorten(standing.claimant, _MAX_CLAIMANT),
        shown,
        "-" if standing.as_of is None else _day(standing.as_of),
        when(claim.stated),
        _SIDE_WORDS[standing.side],
        claim.verification.value.replace("_", " "),
        _alignment(result, standing),
    )


def _current_by_time(result: SubjectReconciliation) -> list[ClaimStanding]:
    """The current standings, earliest statement first (unknown start first).

    Each is followed by its claimant's figure as of the aligned date when that is another.
    """

    def key(standing: ClaimStanding) -> tuple[tuple[bool | int, ...], str]:
        span = result.claim(standing.claim).stated
        return (() if span is None else span.sort_key(), standing.claimant)

    earlier = {s.claimant: s for s in result.aligned_earlier}
    rows: list[ClaimStanding] = []
    for standing in sorted(result.current, key=key):
        rows.append(standing)
        if standing.claimant in earlier:
            rows.append(earlier.pop(standing.claimant))
    return rows


def write_table(reconciliation: Reconciliation, out: IO[str]) -> None:
    """Write the reconciliation as a table for people (see the module docstring)."""
    ordered = _ordered(reconciliation)
    shown = [_current_by_time(result) for result in ordered]
    rows: list[tuple[str, ...]] = [
        _row(result, standing)
        for result, standings in zip(ordered, shown, strict=True)
        for standing in standings
    ]
    widths = [
        max([len(header), *(len(row[i]) for row in rows)]) for i, header in enumerate(_HEADERS)
    ]

    def line(cells: Iterable[str]) -> str:
        return "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out.write(line(_HEADERS) + "\n")
    position = 0
    for result, standings in zip(ordered, shown, strict=True):
        out.write("\n" + _headline(result) + "\n")
        for text in _assessed(result.assessments):
            out.write(f"  assessed {text}\n")
        for standing in standings:
            out.write(line(rows[position]) + "\n")
            position += 1
            for publication, given in result.claim(standing.claim).wordings:
                out.write(f"    reported as {figure(given)} by {publication.outlet.name}\n")
    unmatched = reconciliation.unmatched_assessments
    if unmatched:
        out.write(f"\n{plural(len(unmatched), 'assessment')} of subjects no claim is about:\n")
        for assessment, text in zip(unmatched, _assessed(unmatched), strict=True):
            out.write(f"  {_shorten(describe(assessment.subject))} — assessed {text}\n")
    counts: dict[ReconciliationStatus, int] = {}
    for result in ordered:
        counts[result.status] = counts.get(result.status, 0) + 1
    summary = ", ".join(
        f"{counts[status]} {status.value}"
        for status in sorted(counts, key=lambda s: _ATTENTION.get(s, 9))
    )
    out.write(
        f"\n{plural(len(ordered), 'subject')} from "
        f"{plural(reconciliation.claim_count, 'claim')} ({summary}); "
        f"estimates by the {reconciliation.policy!r} policy\n"
    )


def write_json(reconciliation: Reconciliation, out: IO[str]) -> None:
    """Write one subject per line, as the library serializes it (JSON Lines).

    The assessments of subjects that no claim is about follow, one per line.
    """
    for result in reconciliation:
        out.write(dumps(result) + "\n")
    for assessment in reconciliation.unmatched_assessments:
        out.write(dumps(assessment) + "\n")


_CSV_COLUMNS: Final = (
    "subject_key",
    "subject",
    "status",
    "range_low",
    "range_high",
    "spread",
    "verified",
    "aligned_on",
    "estimate_policy",
    "estimate_best",
    "claim_id",
    "claimant",
    "side",
    "stance",
    "current",
    "superseded_by",
    "value",
    "qualifier",
    "low",
    "high",
    "stated_start",
    "stated_end",
    "stated_precision",
    "verification",
    "recorded",
    "version",
    "as_of",
    "aligned",
    "assessments",
)
"""The CSV columns; ``version`` is ``latest``, ``older`` (a version recorded later
replaced it) or ``collision`` (versions of its id that cannot be ordered); ``as_of`` the
date a figure is as of, ``aligned`` whether it is compared (see :func:`write_csv`)."""


def _csv_rows(reconciliation: Reconciliation) -> Iterable[list[object]]:
    policy = reconciliation.policy
    for result in reconciliation:
        found = result.range
        current = {standing.claim: standing for standing in result.current}
        collisions = set(result.version_collisions)
        older = set(result.superseded_versions)
        compared = {s.claim for s in result.figures}
        aligned_on = None if result.aligned_on is None else result.aligned_on.isoformat()
        for claim in in_id_order((*result.claims, *older)):
            standing = None if claim in older else current.get(claim.id)
            as_of = figure_date(claim)
            if claim in older:
                version = "older"
            else:
                version = "collision" if claim.id in collisions else "latest"
            quantity = claim.quantity
            stated = claim.stated
            yield [
                result.key,
                describe(result.subject),
                result.status.value,
                None if found is None else found.low,
                None if found is None else found.high,
                None if result.spread is None else round(result.spread, 3),
                result.verified,
                aligned_on,
                policy if result.estimate is not None else None,
                None if result.estimate is None else result.estimate.best,
                claim.id,
                claim.claimant.identity,
                None if standing is None else standing.side.value,
                claim.stance.value,
                standing is not None,
                None
                if standing is not None or version == "older"
                else result.superseded_by(claim.id),
                None if quantity is None else quantity.value,
                None if quantity is None else quantity.qualifier.value,
                None if quantity is None else quantity.low,
                None if quantity is None else quantity.high,
                None if stated is None or stated.start is None else stated.start.isoformat(),
                None if stated is None or stated.end is None else stated.end.isoformat(),
                None if stated is None else stated.precision.value,
                claim.verification.value,
                None if claim.recorded is None else claim.recorded.isoformat(),
                version,
                None if as_of is None else as_of.isoformat(),
                claim.id in compared and claim not in older,
                "; ".join(_assessed(result.assessments)) or None,
            ]


def write_csv(reconciliation: Reconciliation, out: IO[str]) -> None:
    """Write one row per claim (current, superseded, older versions), subject columns repeated.

    ``as_of`` is the date a figure is as of (a cumulative count's last day);
    ``aligned`` says whether the figure is compared (counted into the range, spread,
    status and estimate), ``aligned_on`` the subject's aligned date.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    writer.writerows(_csv_rows(reconciliation))
