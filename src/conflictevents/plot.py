"""Pictures of claims: each claimant's figures over time, and how far claimants diverge.

Needs matplotlib (``pip install "conflictevents[plot]"``), imported only when a figure is
drawn: :func:`timelines` computes what is drawn without it.

* :func:`plot_figures` draws, for one subject or a few (one panel each), every
  claimant's figures over time as a line with its qualifier band (the bounds "about",
  "at least", "between" imply), superseded figures faded, the reconciled range at each
  date as a grey band, and the dates where the subject's status changes (consistent,
  divergent, contested…) as dotted lines;
* :func:`plot_divergence` draws the spread by subject: for the subjects whose current
  figures disagree most, the reconciled range and each claimant's figure on a
  logarithmic axis.

The command line draws the same: ``conflictevents plot FILE --subject KEY -o out.png``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import urllib.parse
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._alignment import Series, figure_day
from ._claims import CasualtyCount, Claim, EquipmentLoss
from ._reconcile import ReconciliationStatus, reconcile
from ._subject_keys import subject_key
from .rollups import measure_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "Point",
    "RangeAt",
    "StatusChange",
    "Timeline",
    "plot_divergence",
    "plot_figures",
    "subjects_of",
    "timelines",
]

DPI: Final = 100
"""Dots per inch of the pictures: a ``width`` of 10 inches is 1,000 pixels."""

_MANY: Final = 30  # from this many dates on, lines and bands instead of markers and bars


@attrs.frozen(kw_only=True)
class Point:
    """One claim's figure, placed at the instant it is a figure for.

    Attributes:
        claim: The claim's id.
        claimant: The claimant's name.
        at: The instant: the end of the period counted (a cumulative figure "as of"),
            else when the claim was made.
        value: The figure as written (``None`` for a ``between`` without one).
        low: Its lower bound (``None``: open).
        high: Its upper bound (``None``: open, "at least").
        qualifier: exact, about, at_least, between…
        superseded: Whether a later claim of the same claimant replaced it.
    """

    claim: str
    claimant: str
    at: dt.datetime
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    superseded: bool = False


@attrs.frozen(kw_only=True)
class RangeAt:
    """The reconciled range at one instant: the claimants' figures as of then.

    Each claimant's latest figure up to then; in a cumulative series (see
    :func:`~conflictevents.reconcile`), only at the dates every claimant gives a figure
    for, so that the range never joins figures of two dates.

    Attributes:
        at: The instant.
        low: The lowest bound of the claimants' latest figures.
        high: The highest; ``None`` when one is open above.
        status: How those figures relate (:class:`~conflictevents.ReconciliationStatus`).
    """

    at: dt.datetime
    low: int
    high: int | None
    status: ReconciliationStatus


@attrs.frozen(kw_only=True)
class StatusChange:
    """Where the status of a subject changes from one instant to the next."""

    at: dt.datetime
    before: ReconciliationStatus
    after: ReconciliationStatus


@attrs.frozen(kw_only=True)
class Timeline:
    """What :func:`plot_figures` draws for one subject.

    Attributes:
        subject: The subject key.
        points: Every claim's figure, by instant then claim id.
        ranges: The reconciled range at each instant a figure is given for.
        changes: The instants where the status changes.
        unplaced: Ids of the claims with a figure but no instant (no period end and
            no statement time): they cannot be drawn on a time axis.
    """

    subject: str
    points: tuple[Point, ...]
    ranges: tuple[RangeAt, ...]
    changes: tuple[StatusChange, ...]
    unplaced: tuple[str, ...] = ()

    @property
    def claimants(self) -> tuple[str, ...]:
        """The claimants' names, in order of their first figure."""
        return tuple(dict.fromkeys(p.claimant for p in self.points))


def subjects_of(claims: Iterable[Claim], wanted: str) -> tuple[str, ...]:
    """The subject keys that ``wanted`` names: a subject key, or a measure (all its keys).

    A measure is a subject key without place, time and event
    (:func:`~conflictevents.rollups.measure_of`):
    ``"equipment_loss/side=RU/equipment=tank/status=lost"``.
    """
    keys = set()
    for claim in claims:
        subject = claim.subject
        key = subject_key(subject)
        if key == wanted or (
            isinstance(subject, CasualtyCount | EquipmentLoss) and measure_of(subject) == wanted
        ):
            keys.add(key)
    return tuple(sorted(keys))


def _timeline(key: str, claims: Sequence[Claim]) -> Timeline:
    placed: list[tuple[dt.datetime, Claim]] = []
    unplaced = []
    for claim in claims:
        as_of = claim.as_of
        if as_of is None:
            unplaced.append(claim.id)
        else:
            placed.append((as_of, claim))
    placed.sort(key=lambda pair: (pair[0].timestamp(), pair[1].id))
    points = []
    ranges = []
    latest: dict[str, Claim] = {}
    series = Series()
    for _, group in itertools.groupby(placed, key=lambda pair: pair[0].timestamp()):
        members = list(group)
        at = members[0][0]
        same_time = reconcile([claim for _, claim in members]).subjects[0]
        replaced = set(same_time.superseded)
        for _, claim in members:
            quantity = claim.quantity
            if quantity is not None and claim.stance.value == "asserts":
                points.append(
                    Point(
                        claim=claim.id,
                        claimant=claim.claimant.name,
                        at=at,
                        value=quantity.value,
                        low=quantity.low,
                        high=quantity.high,
                        qualifier=quantity.qualifier.value,
                        superseded=claim.id in replaced,
                    )
                )
            if claim.id not in replaced:
                latest[claim.claimant.identity] = claim
            series.add(claim.claimant.identity, claim)
        if series:  # a cumulative series: a range only at a date every claimant gives
            day, _ = series.aligned()
            if day is None or all(figure_day(claim) != day for _, claim in members):
                continue
        now = reconcile(series.compared(list(latest.values()))).subjects[0]
        if now.range is not None:
            ranges.append(RangeAt(at=at, low=now.range.low, high=now.range.high, status=now.status))
    changes = tuple(
        StatusChange(at=b.at, before=a.status, after=b.status)
        for a, b in itertools.pairwise(ranges)
        if a.status is not b.status
    )
    return Timeline(
        subject=key,
        points=tuple(points),
        ranges=tuple(ranges),
        changes=changes,
        unplaced=tuple(unplaced),
    )


def timelines(claims: Iterable[Claim], subjects: Sequence[str]) -> tuple[Timeline, ...]:
    """The timeline of each subject named (a subject key or a measure), in order.

    Raises:
        KeyError: A name matches no claim's subject.
    """
    claims = tuple(claims)
    by_key: dict[str, list[Claim]] = {}
    for claim in claims:
        by_key.setdefault(subject_key(claim.subject), []).append(claim)
    keys: list[str] = []
    for wanted in subjects:
        found = subjects_of(claims, wanted)
        if not found:
            raise KeyError(wanted)
        keys.extend(k for k in found if k not in keys)
    return tuple(_timeline(key, by_key[key]) for key in keys)


# -- drawing ---------------------------------------------------------------------------


def _pyplot() -> Any:  # noqa: ANN401 - the module, typed only when installed
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional extra

        mpl.use("Agg", force=False)
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "conflictevents.plot needs matplotlib: pip install 'conflictevents[plot]'"
        ) from None
    return Figure


def _colours(names: Iterable[str]) -> dict[str, Any]:
    import matplotlib as mpl  # noqa: PLC0415 - optional extra

    palette = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def _draw_ranges(axes: Any, timeline: Timeline) -> None:  # noqa: ANN401 - matplotlib's Axes
    """The reconciled range at each date: a band (many dates) or a grey bar at each."""
    ranges = timeline.ranges
    if not ranges:
        return
    ceiling = max(
        [r.high for r in ranges if r.high is not None]
        + [p.value for p in timeline.points if p.value is not None]
    )
    xs = [r.at for r in ranges]
    lows = [r.low for r in ranges]
    highs = [ceiling if r.high is None else r.high for r in ranges]
    if len(ranges) >= _MANY:
        axes.fill_between(
            xs, lows, highs, step="post", color="0.5", alpha=0.18, linewidth=0,
            label="reconciled range",
        )  # fmt: skip
    else:
        axes.vlines(xs, lows, highs, color="0.5", alpha=0.3, linewidth=10, label="reconciled range")


def _marks(axes: Any, points: Sequence[Point], colour: Any, **style: Any) -> None:  # noqa: ANN401
    """Markers without a line at the points' figures (nothing for no points)."""
    if points:
        axes.plot(
            [p.at for p in points],
            [p.value for p in points],
            linestyle="none",
            color=colour,
            **style,
        )


def _draw_timeline(axes: Any, timeline: Timeline, colours: dict[str, Any]) -> None:  # noqa: ANN401
    _draw_ranges(axes, timeline)
    for claimant in timeline.claimants:
        mine = [p for p in timeline.points if p.claimant == claimant]
        current = [p for p in mine if not p.superseded and p.value is not None]
        colour = colours[claimant]
        xs = [p.at for p in current]
        axes.plot(
            xs,
            [p.value for p in current],
            color=colour,
            marker="o" if len(current) < _MANY else None,
            markersize=4,
            linewidth=1.6,
            label=claimant,
        )
        lows = [p.low if p.low is not None else 0 for p in current]
        highs = [p.high if p.high is not None else p.value for p in current]
        if len(current) >= _MANY:
            axes.fill_between(xs, lows, highs, color=colour, alpha=0.22, linewidth=0)
        axes.vlines(xs, lows, highs, color=colour, alpha=0.6, linewidth=2)
        open_above = [p for p in current if p.high is None]
        _marks(axes, open_above, colour, marker="^", markersize=7, label="_open above")
        faded = [p for p in mine if p.superseded and p.value is not None]
        _marks(axes, faded, colour, marker="x", markersize=6, alpha=0.35, label="_superseded")
    for change in timeline.changes:
        axes.axvline(change.at, color="black", linestyle=":", linewidth=0.9, label="_status change")
        axes.annotate(
            f"{change.before.value} → {change.after.value}",
            xy=(change.at, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12),
            textcoords="offset points",
            fontsize=7,
        )
    _time_axis(axes, timeline)
    axes.set_title(timeline.subject, fontsize=9, loc="left")
    axes.set_ylabel("figure")
    axes.set_ylim(bottom=0)
    axes.grid(visible=True, alpha=0.3)
    if timeline.claimants:
        axes.legend(fontsize=8, loc="upper left")
    else:
        axes.text(0.5, 0.5, "no figure to draw", transform=axes.transAxes, ha="center")


def _time_axis(axes: Any, timeline: Timeline) -> None:  # noqa: ANN401 - matplotlib's Axes
    """Dates in the zone of the figures (not UTC), with room around a single date."""
    import matplotlib.dates as mdates  # noqa: PLC0415 - optional extra

    instants = [p.at for p in timeline.points] or [r.at for r in timeline.ranges]
    if not instants:
        return
    zone = instants[0].tzinfo
    locator = mdates.AutoDateLocator(tz=zone)  # type: ignore[no-untyped-call,unused-ignore]
    axes.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator, tz=zone)  # type: ignore[no-untyped-call,unused-ignore]
    axes.xaxis.set_major_formatter(formatter)
    first, last = min(instants), max(instants)
    pad = max((last - first) * 0.04, dt.timedelta(hours=12))
    axes.set_xlim(first - pad, last + pad)


def plot_figures(
    claims: Iterable[Claim],
    subjects: Sequence[str],
    *,
    width: float = 10.0,
    panel_height: float = 3.6,
) -> Figure:
    """Each claimant's figures over time for each subject named, one panel per subject.

    Per claimant: a line through its current figures, a band (and a bar at each figure)
    from the low to the high bound its qualifier implies, a triangle where the figure
    is open above ("at least"), faded crosses for figures a later claim of the same
    claimant replaced. Per subject: the reconciled range at each date (each claimant's
    latest figure up to then) as a grey band, and a dotted line where the status
    changes.

    Args:
        claims: The claims.
        subjects: Subject keys or measures (:func:`subjects_of`).
        width: The figure's width in inches (at :data:`DPI` dots per inch).
        panel_height: Each panel's height in inches.

    Returns:
        A :class:`matplotlib.figure.Figure` (save it with ``savefig``).

    Raises:
        ImportError: matplotlib is not installed.
        KeyError: A subject matches no claim.
    """
    figure_class = _pyplot()
    drawn = timelines(claims, subjects)
    figure: Figure = figure_class(
        figsize=(width, panel_height * len(drawn)), dpi=DPI, layout="constrained"
    )
    colours = _colours(dict.fromkeys(c for t in drawn for c in t.claimants))
    for timeline, axes in zip(
        drawn, figure.subplots(len(drawn), 1, squeeze=False)[:, 0], strict=True
    ):
        _draw_timeline(axes, timeline, colours)
    return figure


def _short(key: str) -> str:
    """A subject key for a label: its values, without names and unknown parts."""
    kind, *parts = key.split("/")
    words = [kind.replace("_", " ")]
    for part in parts:
        name, _, written = part.partition("=")
        if not written or written in {"*", "-"}:  # not given (a side named so is escaped)
            continue
        value = urllib.parse.unquote(written)  # "/", "%" and a lone "*" are escaped in keys
        if value:
            words.append(f"since {value}" if name == "since" else value)
    return " ".join(words)


def plot_divergence(
    claims: Iterable[Claim], *, top: int = 15, width: float = 10.0, row_height: float = 0.45
) -> Figure:
    """The spread by subject: the subjects whose compared figures disagree most.

    One row per subject with at least two compared figures (the current ones; in a
    cumulative series, each claimant's figure as of the aligned date), the largest
    spread (largest figure over smallest) first: the reconciled range as a grey bar,
    each claimant's figure as a dot, the spread written at the right, on a logarithmic
    axis.

    Args:
        claims: The claims.
        top: How many subjects to show.
        width: The figure's width in inches.
        row_height: Each row's height in inches.

    Returns:
        A :class:`matplotlib.figure.Figure`.

    Raises:
        ImportError: matplotlib is not installed.
    """
    figure_class = _pyplot()
    result = reconcile(claims)
    rows = sorted(
        (s for s in result if len(s.figures) >= 2 and s.spread is not None and s.range is not None),
        key=lambda s: (-(s.spread or 0), s.key),
    )[:top]
    height = 1.8 + row_height * max(len(rows), 1)
    figure: Figure = figure_class(figsize=(width, height), dpi=DPI, layout="constrained")
    axes = figure.subplots()
    names = dict.fromkeys(row.claim(f.claim).claimant.name for row in rows for f in row.figures)
    colours = _colours(names)
    seen: set[str] = set()
    for y, row in enumerate(reversed(rows)):
        figures = row.figures
        points = [(f.point or 0, row.claim(f.claim).claimant.name) for f in figures]
        finite = [p for p, _ in points if p > 0]
        low = max(row.range.low, 1) if row.range is not None else 1
        high = (
            row.range.high if row.range is not None and row.range.high is not None else max(finite)
        )
        axes.hlines(y, low, high, color="0.6", linewidth=6, alpha=0.6)
        for point, name in points:
            axes.plot(
                [max(point, 1)],
                [y],
                marker="o",
                linestyle="none",
                color=colours[name],
                label=name if name not in seen else f"_{name}",
            )
            seen.add(name)
        axes.annotate(
            f"\N{MULTIPLICATION SIGN}{row.spread:.1f}",
            xy=(1, y),
            xycoords=("axes fraction", "data"),
            xytext=(4, -3),
            textcoords="offset points",
            fontsize=8,
        )
    axes.set_yticks(range(len(rows)), [_short(r.key) for r in reversed(rows)], fontsize=8)
    axes.set_xscale("log")
    axes.set_xlabel("figure (log scale); grey: reconciled range of the compared figures")
    axes.set_title("Spread by subject: largest compared figure / smallest", fontsize=10, loc="left")
    axes.grid(visible=True, axis="x", alpha=0.3)
    if seen:
        figure.legend(fontsize=8, loc="outside lower center", ncols=min(len(seen), 4))
    return figure
