"""Instants as integers: the memoised offsets and the spans' cached keys change no value."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
from hypothesis import example, given
from hypothesis import strategies as st

from conflictevents import strategies as cst
from conflictevents._recency import recency
from conflictevents._time import _micros

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


def _reference(moment: dt.datetime) -> int:
    """The plain C subtraction of the UTC epoch, in microseconds."""
    return dt.datetime.__sub__(moment, _EPOCH) // dt.timedelta(microseconds=1)


def _as(kind: str, moment: dt.datetime) -> dt.datetime:
    if kind == "pendulum":
        return pendulum.instance(moment)
    if kind == "fixed":
        offset = moment.utcoffset()
        assert offset is not None
        return moment.replace(tzinfo=dt.timezone(offset))
    return moment


@given(
    st.datetimes(timezones=st.timezones()),
    st.sampled_from([0, 1]),
    st.sampled_from(["stdlib", "pendulum", "fixed"]),
)
@example(dt.datetime(2022, 10, 30, 3, 30, tzinfo=_KYIV), 0, "stdlib")  # the repeated hour
@example(dt.datetime(2022, 10, 30, 3, 30, tzinfo=_KYIV), 1, "stdlib")
@example(dt.datetime(2022, 3, 27, 3, 30, tzinfo=_KYIV), 0, "stdlib")  # the skipped hour
@example(dt.datetime(2022, 3, 27, 3, 30, 0, 999_999, tzinfo=_KYIV), 1, "stdlib")
def test_micros_is_the_subtraction_of_the_epoch(moment, fold, kind):
    """``_micros`` equals subtracting the UTC epoch, fold, DST gaps and pendulum included."""
    moment = _as(kind, moment.replace(fold=fold))
    assert _micros(moment) == _reference(moment)
    assert _micros(moment) == _reference(moment)  # the memoised offset gives it again


@given(st.datetimes(timezones=st.timezones()), st.sampled_from([0, 1]))
def test_both_folds_of_one_wall_time_keep_their_own_offsets(moment, fold):
    """The memo tells the two folds of a wall time apart, whichever is asked first."""
    other = moment.replace(fold=1 - fold)
    first, second = moment.replace(fold=fold), other
    assert (_micros(first), _micros(second)) == (_reference(first), _reference(second))


@given(cst.claims())
def test_recency_reads_the_instants_of_the_claim(claim):
    """``recency`` from the spans' cached keys equals recency from the claim's datetimes."""
    stated = claim.stated
    dawn = _reference(dt.datetime.min.replace(tzinfo=dt.UTC))
    if stated is None:
        start = end = dawn
    else:
        first = stated.start or stated.end
        start = dawn if first is None else _reference(first)
        end = start if stated.end is None else _reference(stated.end)
    as_of = claim.as_of
    expected = (dawn if as_of is None else _reference(as_of), start, end, claim.id)
    assert recency(claim) == expected
    assert recency(claim) == expected  # again, from the cached keys
