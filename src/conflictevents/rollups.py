"""Roll-ups that keep uncertainty: counts by area and period, with ranges and every policy.

:func:`rollup` groups count claims (casualties, equipment losses) into **cells**: one
*measure* (what is counted: "Russian tanks lost", "civilians killed in Ukraine"), one
*area* (a country, a first-order region, or a grid cell) and one *period* (an ISO week,
a calendar month, a quarter or a year). Each cell's :class:`Total` carries

* the **range** of the sum, by interval arithmetic over the subjects in the cell: the
  low of a sum is the sum of the lows, the high the sum of the highs (open if any
  subject's high is open or a subject has no figure at all);
* the **estimate of each policy side by side** (:data:`~conflictevents.CONSERVATIVE`,
  :data:`~conflictevents.UCDP`, :data:`~conflictevents.MEDIAN_OF_INDEPENDENT`, or yours);
* the **subjects and claims behind it**, so every total can be traced and rolled up
  again.

Claims about the same subject (two claimants counting the deaths of one event) count
once: they are reconciled first (:func:`~conflictevents.reconcile`), and each subject
adds its reconciled range. A subject whose time or place does not fit one cell (a
"since the invasion began" cumulative figure, a count for a whole country when rolling
up by region, a two-day event across a month boundary) is never dropped silently: it
goes to :attr:`Rollup.unplaced` with the reason.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Collection, Iterable, Sequence
from typing import Final, Literal

import attrs
import pendulum

from . import _validators as v
from ._claims import CasualtyCount, Claim, EquipmentLoss
from ._estimates import CONSERVATIVE, MEDIAN_OF_INDEPENDENT, UCDP, EstimatePolicy
from ._locations import LocationPrecision
from ._names import visible_name
from ._reconcile import SubjectReconciliation, in_id_order, reconcile
from ._subject_keys import key_text
from ._time import TimePrecision, TimeSpan, day_start, first_of_month_after, zone
from ._time import _instant_key as _micros

__all__ = [
    "Area",
    "Period",
    "PolicyTotal",
    "Rollup",
    "Total",
    "Unplaced",
    "measure_of",
    "rollup",
]


class Period(enum.StrEnum):
    """The calendar periods a roll-up groups by (in the roll-up's time zone)."""

    WEEK = "week"
    """An ISO week, Monday 00:00 to the next Monday 00:00."""
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Area(enum.StrEnum):
    """The areas a roll-up groups by."""

    COUNTRY = "country"
    """The place's country (ISO 3166-1 alpha-2 code)."""
    REGION = "region"
    """The place's country and first-order administrative region (ACLED's admin1).

    Regions are one cell whatever the case, Unicode form (NFC, NFD), invisible marks
    or spacing of their text: "Kharkiv Oblast" and "Kharkiv oblast" are one region,
    shown in its most frequent spelling (the first in code-point order on a tie).
    """
    GRID = "grid"
    """A square cell of ``grid`` degrees (0.5 is PRIO-GRID's size), from coordinates."""


_PRECISION: Final = {
    Period.WEEK: TimePrecision.WEEK,
    Period.MONTH: TimePrecision.MONTH,
    Period.QUARTER: TimePrecision.INTERVAL,
    Period.YEAR: TimePrecision.YEAR,
}


@attrs.frozen(kw_only=True)
class PolicyTotal:
    """One policy's estimate for a cell: the sums of its subjects' estimates.

    Attributes:
        policy: The policy's name.
        low: Sum of the subjects' low estimates (``None`` if one has none).
        best: Sum of the subjects' best estimates.
        high: Sum of the subjects' high estimates (``None`` if one is open).
        missing: Keys of the cell's subjects this policy gives no estimate for (their
            figures are left out of ``best``: a median of independent sources has
            nothing to say about a party's own figure).
    """

    type: Literal["policy_total"] = v.type_tag("policy_total")
    policy: str = attrs.field(validator=v.non_empty_str)
    low: int | None = attrs.field(validator=v.optional_count)
    best: int = attrs.field(validator=v.count)
    high: int | None = attrs.field(validator=v.optional_count)
    missing: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.non_empty_str))


@attrs.frozen(kw_only=True)
class Total:
    """What the claims say one measure came to in one area and period.

    Attributes:
        measure: What is counted: the subject key without place, time and event
            (``"casualty_count/side=UA/category=civilian/outcome=killed"``).
        area: ``"UA"``, ``"UA/Kharkiv"`` or ``"grid:0.5/96/422"`` (row of the
            latitude, column of the longitude, from -90 and -180).
        period: The calendar period, in the roll-up's time zone.
        low: The sum of the subjects' low bounds (their reconciled ranges).
        high: The sum of their high bounds; ``None`` if any is open or unknown.
        subjects: Keys of the subjects in the cell, sorted.
        unknown: Keys of the subjects whose claims give no figure (never counted as 0:
            they leave ``high`` open).
        claims: Ids of every claim behind the total, sorted.
        estimates: One :class:`PolicyTotal` per policy, in the order asked for.
    """

    type: Literal["total"] = v.type_tag("total")
    measure: str = attrs.field(validator=v.non_empty_str)
    area: str = attrs.field(validator=v.non_empty_str)
    period: TimeSpan = attrs.field(validator=v.instance_of(TimeSpan))
    low: int = attrs.field(validator=v.count)
    high: int | None = attrs.field(validator=v.optional_count)
    subjects: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    unknown: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.non_empty_str))
    claims: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))
    estimates: tuple[PolicyTotal, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(PolicyTotal))
    )

    def __attrs_post_init__(self) -> None:
        if self.high is not None and self.high < self.low:
            raise v.fail(self, "high", self.high, f"{self.high} is less than low ({self.low})")

    def estimate(self, policy: str) -> PolicyTotal:
        """The total under the policy with this name.

        Raises:
            KeyError: The roll-up was not asked for this policy.
        """
        for total in self.estimates:
            if total.policy == policy:
                return total
        raise KeyError(policy)


@attrs.frozen(kw_only=True)
class Unplaced:
    """A subject that fits no single cell, and why.

    Attributes:
        subject: The subject key.
        reason: Why: ``"not a count"``, ``"no time"``, ``"spans several periods"``,
            ``"time precision"``, ``"no place"``, ``"place precision"``, ``"no
            country"``, ``"no region"``, ``"no coordinates"``.
        claims: Ids of the subject's claims.
    """

    type: Literal["unplaced"] = v.type_tag("unplaced")
    subject: str = attrs.field(validator=v.non_empty_str)
    reason: str = attrs.field(validator=v.non_empty_str)
    claims: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.non_empty_str, non_empty=True))


@attrs.frozen(kw_only=True)
class Rollup:
    """The totals of a roll-up, the subjects left out and the claims behind them all.

    Attributes:
        period: The calendar period grouped by.
        area: The kind of area grouped by.
        grid: The grid cell's size in degrees (for :attr:`Area.GRID`).
        tz: The IANA time zone the periods start and end in.
        totals: One :class:`Total` per cell, sorted by measure, area and period start.
        unplaced: The subjects that fit no cell, sorted by key.
        claims: Every claim rolled up (the totals' and the unplaced ones'), sorted by id:
            :func:`rollup` accepts a :class:`Rollup` and regroups these.
    """

    type: Literal["rollup"] = v.type_tag("rollup")
    period: Period = attrs.field(validator=v.enum_member(Period))
    area: Area = attrs.field(validator=v.enum_member(Area))
    grid: float = attrs.field(default=0.5)
    tz: str = attrs.field(default="UTC", validator=v.non_empty_str)
    totals: tuple[Total, ...] = attrs.field(default=(), validator=v.tuple_of(v.instance_of(Total)))
    unplaced: tuple[Unplaced, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Unplaced))
    )
    claims: tuple[Claim, ...] = attrs.field(default=(), validator=v.tuple_of(v.instance_of(Claim)))

    def __len__(self) -> int:
        return len(self.totals)

    def total(self, measure: str, area: str, day: dt.date) -> Total:
        """The total of ``measure`` in ``area`` for the period that holds ``day``.

        Raises:
            KeyError: No claim counts that measure there and then.
        """
        start = _bucket_start(day, self.period, self.tz)
        wanted = _area_key(area, self.area)
        for total in self.totals:
            if (
                total.measure == measure
                and _area_key(total.area, self.area) == wanted
                and _micros(total.period.start) == _micros(start)
            ):
                return total
        raise KeyError((measure, area, day.isoformat()))


def measure_of(subject: CasualtyCount | EquipmentLoss) -> str:
    """What a count counts, without its place, time and event: the key of a roll-up's rows."""
    side = key_text(subject.side, "-") if subject.side else "-"
    if isinstance(subject, CasualtyCount):
        return (
            f"casualty_count/side={side}/category={subject.category.value}"
            f"/outcome={subject.outcome.value}"
        )
    equipment = key_text(subject.equipment.casefold(), "-")
    return f"equipment_loss/side={side}/equipment={equipment}/status={subject.status.value}"


def _period_days(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The first day of the period that holds ``day``, and the first day after it."""
    if period is Period.WEEK:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(weeks=1)
    if period is Period.MONTH:
        first = day.replace(day=1)
        return first, first_of_month_after(first, 1)
    if period is Period.QUARTER:
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, first_of_month_after(first, 3)
    return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)


def _bucket_start(day: dt.date, period: Period, tz: str) -> pendulum.DateTime:
    """The first instant of the period that holds ``day`` in ``tz`` (see ``TimeSpan.day``)."""
    return day_start(_period_days(day, period)[0], tz)


def _bucket(span: TimeSpan, period: Period, tz: str) -> TimeSpan | None:
    """The one period that holds the whole span, or ``None``."""
    if span.start is None or span.end is None:
        return None
    first, after = _period_days(span.start.in_timezone(zone(tz)).date(), period)
    start, end = day_start(first, tz), day_start(after, tz)
    if _micros(span.end) > _micros(end):  # type: ignore[operator]
        return None
    return TimeSpan.between(start, end, precision=_PRECISION[period])


def _area(subject: CasualtyCount | EquipmentLoss, area: Area, grid: float) -> str | None:
    place = subject.place
    if place is None:
        return None
    if area is Area.COUNTRY:
        return place.country
    if area is Area.REGION:
        if place.country is None or place.region is None:
            return None
        return f"{place.country}/{visible_name(place.region)}"
    point = place.coordinates
    if point is None:
        return None
    row = math.floor((point.latitude + 90) / grid)
    column = math.floor((point.longitude + 180) / grid)
    return f"grid:{grid:g}/{row}/{column}"


@attrs.frozen(kw_only=True)
class _Grouping:
    """How :func:`rollup` places a subject: its arguments, checked."""

    period: Period
    area: Area
    grid: float
    tz: str
    times: frozenset[TimePrecision] | None
    places: frozenset[LocationPrecision] | None

    def cell(self, result: SubjectReconciliation) -> tuple[str, str, TimeSpan] | str:
        """The cell ``(measure, area, period)`` of a subject, or why it has none."""
        subject = result.subject
        if not isinstance(subject, CasualtyCount | EquipmentLoss):
            return "not a count"
        span, place = subject.period, subject.place
        if span is None or (self.times is not None and span.precision not in self.times):
            return "no time" if span is None else "time precision"
        bucket = _bucket(span, self.period, self.tz)
        if bucket is None:
            return "spans several periods"
        if place is None:
            return "no place"
        if self.places is not None and place.precision not in self.places:
            return "place precision"
        where = _area(subject, self.area, self.grid)
        return _MISSING_AREA[self.area] if where is None else (measure_of(subject), where, bucket)


def _area_key(where: str, area: Area) -> str:
    """Which cell an area's text names: a region's case, form and spacing do not count."""
    return visible_name(where.casefold()) if area is Area.REGION else where


def _shown(spellings: dict[str, int]) -> str:
    """The spelling a cell shows: the most frequent, the first in code-point order on a tie."""
    return min(spellings, key=lambda spelling: (-spellings[spelling], spelling))


_MISSING_AREA: Final = {
    Area.COUNTRY: "no country",
    Area.REGION: "no region",
    Area.GRID: "no coordinates",
}


def _sum(values: Sequence[int | None]) -> int | None:
    return None if None in values else sum(v for v in values if v is not None)


def _policy_total(policy: EstimatePolicy, results: Sequence[SubjectReconciliation]) -> PolicyTotal:
    lows: list[int | None] = []
    highs: list[int | None] = []
    best = 0
    missing = []
    for result in results:
        figures = result.figures
        estimate = policy.estimate(figures) if figures else None
        if estimate is None:
            missing.append(result.key)
            continue
        lows.append(estimate.low)
        highs.append(estimate.high)
        best += estimate.best
    return PolicyTotal(
        policy=policy.name, low=_sum(lows), best=best, high=_sum(highs), missing=tuple(missing)
    )


def _total(
    cell: tuple[str, str, TimeSpan],
    results: Sequence[SubjectReconciliation],
    policies: Sequence[EstimatePolicy],
) -> Total:
    measure, where, bucket = cell
    unknown = tuple(r.key for r in results if r.range is None)
    lows = [r.range.low for r in results if r.range is not None]
    highs = [r.range.high if r.range is not None else None for r in results]
    return Total(
        measure=measure,
        area=where,
        period=bucket,
        low=sum(lows),
        high=_sum(highs),
        subjects=tuple(r.key for r in results),
        unknown=unknown,
        claims=tuple(sorted(c.id for r in results for c in r.claims)),
        estimates=tuple(_policy_total(p, results) for p in policies),
    )


def rollup(
    data: Iterable[Claim] | Rollup,
    *,
    period: Period | str = Period.MONTH,
    area: Area | str = Area.REGION,
    grid: float = 0.5,
    tz: str = "UTC",
    policies: Sequence[EstimatePolicy] = (CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT),
    time_precisions: Collection[TimePrecision] | None = None,
    place_precisions: Collection[LocationPrecision] | None = None,
) -> Rollup:
    """Sum count claims by measure, area and period, keeping ranges, policies and claims.

    Args:
        data: Claims, or a :class:`Rollup` to regroup (its claims are rolled up again:
            ``rollup(rollup(claims, period="week"), period="month")`` equals
            ``rollup(claims, period="month")``, which summing weekly totals cannot give,
            since weeks straddle months).
        period: ``"week"``, ``"month"`` (the default), ``"quarter"`` or ``"year"``.
        area: ``"country"``, ``"region"`` (the default) or ``"grid"``.
        grid: The grid cell's size in degrees, for ``area="grid"``.
        tz: The IANA time zone whose midnights start and end the periods.
        policies: The estimate policies whose totals sit side by side in every cell
            (default: every built-in policy).
        time_precisions: Only subjects whose time has one of these precisions (e.g.
            ``{"day"}``, ACLED's ``time_precision == 1``); the others are unplaced.
        place_precisions: Only subjects whose place has one of these precisions.

    Returns:
        The :class:`Rollup`.

    Raises:
        ValueError: An unknown period, area or time zone, a grid size that is not
            positive, or no policy.
    """
    period, area = Period(period), Area(area)
    if not (math.isfinite(grid) and grid > 0):
        raise ValueError(f"grid: the cell size must be a positive number of degrees, got {grid!r}")
    if not policies:
        raise ValueError("policies: give at least one estimate policy")
    try:
        zone(tz)
    except Exception as exc:  # pendulum raises several kinds for a bad name
        message = f"tz: {tz!r} is not an IANA time zone name (such as 'Europe/Kyiv')"
        raise ValueError(message) from exc
    claims = data.claims if isinstance(data, Rollup) else tuple(data)
    grouping = _Grouping(
        period=period,
        area=area,
        grid=grid,
        tz=tz,
        times=None if time_precisions is None else frozenset(map(TimePrecision, time_precisions)),
        places=(
            None
            if place_precisions is None
            else frozenset(map(LocationPrecision, place_precisions))
        ),
    )
    cells: dict[tuple[str, str, int], tuple[tuple[str, str, TimeSpan], list[SubjectReconciliation]]]
    cells = {}
    spellings: dict[tuple[str, str, int], dict[str, int]] = {}
    unplaced = []
    for result in reconcile(claims, policy=CONSERVATIVE):
        where = grouping.cell(result)
        if isinstance(where, str):
            unplaced.append(
                Unplaced(
                    subject=result.key, reason=where, claims=tuple(c.id for c in result.claims)
                )
            )
            continue
        key = (where[0], _area_key(where[1], area), _micros(where[2].start) or 0)
        cells.setdefault(key, (where, []))[1].append(result)
        seen = spellings.setdefault(key, {})
        seen[where[1]] = seen.get(where[1], 0) + 1
    shown = {
        k: (measure, _shown(spellings[k]), bucket) for k, ((measure, _, bucket), _) in cells.items()
    }
    order = sorted(cells, key=lambda k: (shown[k][0], shown[k][1], k[2]))
    return Rollup(
        period=period,
        area=area,
        grid=grid,
        tz=tz,
        totals=tuple(_total(shown[k], cells[k][1], policies) for k in order),
        unplaced=tuple(unplaced),
        claims=in_id_order(claims),
    )
