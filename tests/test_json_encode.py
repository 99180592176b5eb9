"""The writer's encoding memo, on or off, never changes a byte written."""

from __future__ import annotations

import io
from unittest import mock

import attrs
import orjson
import pendulum
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conflictevents import (
    CONSERVATIVE,
    MEDIAN_OF_INDEPENDENT,
    UCDP,
    Claim,
    SubjectReconciliation,
    dumps,
    reconcile,
    write_jsonl,
)
from conflictevents import strategies as cst
from conflictevents._json import _Codec, _codec
from conflictevents.examples import first_week_2022
from test_alignment import _DAYS, GS, ORYX, SERIES, _tanks
from test_reconcile import claim_lists
from test_versions import _VERSIONS


class TestEncodeSharingLaws:
    @given(cst.records())
    def test_encoders_with_and_without_memo_agree(self, record):
        """The generated encoder writes the cattrs bytes with a memo and without one."""
        codec = _codec()
        expected = orjson.dumps(codec.unstructure(record))
        assert orjson.dumps(codec.for_orjson(record)) == expected
        memo = codec.encode_memo()
        assert orjson.dumps(codec.for_orjson(record, memo)) == expected
        assert orjson.dumps(codec.for_orjson(record, memo)) == expected  # from the memo

    @given(
        st.lists(cst.records(), min_size=1, max_size=5),
        st.lists(st.integers(0, 4), max_size=12),
        st.integers(1, 6),
        st.integers(1, 3),
        st.sampled_from([0.0, 0.25, 1.1]),
    )
    def test_file_bytes_do_not_depend_on_sharing(self, records, picks, probe, sample, hits):
        """Whatever a writer decides about its memo, it writes the lines ``dumps`` writes."""
        objects = [  # repeated objects (shared by identity) and equal copies (not shared)
            records[i % len(records)] if i % 2 else attrs.evolve(records[i % len(records)])
            for i in picks
        ] + records
        buffer = io.BytesIO()
        with (
            mock.patch("conflictevents._json_fast.SHARING_WINDOW", probe + 3),
            mock.patch("conflictevents._json_fast.SHARING_PROBE", probe),
            mock.patch("conflictevents._json_fast.SHARING_SAMPLE", sample),
            mock.patch("conflictevents._json_fast.SHARING_MIN_HITS", hits),
        ):
            write_jsonl(objects, buffer)
        lines = buffer.getvalue().decode().splitlines()[1:]
        assert lines == [dumps(o) for o in objects]


_CLAIM_SETS = st.one_of(
    claim_lists(),  # claimants superseding and disagreeing on shared subjects
    _VERSIONS,  # versions of one id, ordered or colliding
    SERIES,  # cumulative series: aligned on a date, or not aligned
    st.lists(cst.claims(), max_size=6),  # any subject type
)


class TestResultEncoder:
    @given(
        _CLAIM_SETS,
        st.lists(cst.assessments(), max_size=2),
        st.sampled_from([CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT]),
    )
    @example(  # a series aligned on a date, and a figure as of it (dates in the result)
        claims=[_tanks(GS, _DAYS[0], 100), _tanks(ORYX, _DAYS[0], 120), _tanks(GS, _DAYS[2], 130)],
        assessments=[],
        policy=CONSERVATIVE,
    )
    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    def test_results_are_written_as_cattrs_writes_them(self, claims, assessments, policy):
        """A subject's result, through its generated encoder, has the strict converter's bytes."""
        codec = _codec()
        memo = codec.encode_memo()
        results = list(reconcile([*claims, *assessments], policy=policy))
        for result in results:
            expected = orjson.dumps(codec.unstructure(result))
            assert orjson.dumps(codec.for_orjson(result)) == expected
            assert orjson.dumps(codec.for_orjson(result, memo)) == expected
            assert orjson.dumps(codec.for_orjson(result, memo)) == expected  # from the memo
            assert orjson.dumps(codec.for_orjson(result, memo, objects=False)) == expected
            assert dumps(result) == expected.decode()
        buffer = io.BytesIO()
        write_jsonl(results, buffer)
        written = buffer.getvalue().splitlines()[1:]
        assert written == [orjson.dumps(codec.unstructure(r)) for r in results]

    def test_the_encoder_is_made_on_first_use(self):
        """A new codec makes a result's encoder only when a result is first written."""
        codec = _Codec(lenient=False)
        result = next(iter(reconcile(r for r in first_week_2022() if isinstance(r, Claim))))
        assert SubjectReconciliation not in codec.fast_unstructure
        codec.for_orjson(result, codec.encode_memo())
        assert SubjectReconciliation in codec.fast_unstructure


def test_memo_free_encoders_are_built_on_first_use():
    """A new codec builds its memo-free encoders only when something first asks for them."""
    codec = _Codec(lenient=False)
    assert "fast_unstructure_plain" not in vars(codec)
    assert codec.fast_unstructure_plain.keys() == codec.fast_unstructure.keys()
    assert "fast_unstructure_plain" in vars(codec)


def _variants(moment: pendulum.DateTime, zone: str) -> list[pendulum.DateTime]:
    """``moment`` again as another object, in another zone, at its wall time elsewhere."""
    fixed = pendulum.parse(moment.isoformat())  # a fixed offset, as read from a file
    assert isinstance(fixed, pendulum.DateTime)
    return [
        moment,
        pendulum.instance(moment),  # equal, another object
        moment.in_timezone(zone),  # the same instant elsewhere
        fixed,
        pendulum.datetime(*moment.timetuple()[:6], moment.microsecond, tz=zone),  # its wall time
        moment.replace(fold=1 - moment.fold),  # the other side of a clock change, if any
    ]


# Wall times each zone reads twice (its clocks go back over them), far and near Kyiv.
_REPEATED_HOURS = [
    ("Europe/London", (2024, 10, 27, 1, 30)),
    ("Europe/Kyiv", (2024, 10, 27, 3, 30)),
    ("America/New_York", (2024, 11, 3, 1, 30)),
    ("Australia/Lord_Howe", (2024, 4, 7, 1, 45)),  # a half-hour shift
    ("America/Santiago", (2024, 4, 6, 23, 30)),
    ("Asia/Jerusalem", (2024, 10, 27, 1, 30)),
]


@pytest.mark.parametrize(("zone", "wall"), _REPEATED_HOURS, ids=[z for z, _ in _REPEATED_HOURS])
def test_both_readings_of_a_repeated_hour_keep_their_offsets(zone, wall):
    """Both readings of a wall time a zone repeats are written with their own offsets."""
    claim = first_week_2022()[0]
    first = pendulum.datetime(*wall, tz=zone).replace(fold=0)
    second = first.replace(fold=1)
    assert first.utcoffset() != second.utcoffset(), "not a repeated hour"
    claims = [attrs.evolve(claim, recorded=m) for m in (first, second, first, second)]
    buffer = io.BytesIO()
    write_jsonl(claims, buffer)
    lines = buffer.getvalue().decode().splitlines()[1:]
    assert lines == [dumps(c) for c in claims]
    assert lines[0] != lines[1]


class TestTimestampTexts:
    @given(
        st.lists(cst.claims(), min_size=1, max_size=2),
        st.lists(cst.aware_datetimes(), min_size=1, max_size=3),
        cst.time_zone_names(),
        st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 5)), max_size=12),
        st.sampled_from([0.0, 1.1]),
    )
    def test_kept_texts_are_those_of_each_timestamp(self, claims, moments, zone, picks, hits):
        """A writer that keeps timestamps' text by value writes each one as ``to_dict`` does."""
        variants = [_variants(moment, zone) for moment in moments]
        objects = [
            attrs.evolve(
                claims[c % len(claims)],
                recorded=variants[m % len(variants)][k],
            )
            for c, m, k in picks
        ] + claims
        buffer = io.BytesIO()
        with (
            mock.patch("conflictevents._json_fast.SHARING_WINDOW", 5),
            mock.patch("conflictevents._json_fast.SHARING_PROBE", 2),
            mock.patch("conflictevents._json_fast.SHARING_MIN_HITS", hits),
        ):
            write_jsonl(objects, buffer)
        codec = _codec()
        lines = buffer.getvalue().splitlines(keepends=False)[1:]
        assert lines == [orjson.dumps(codec.unstructure(o)) for o in objects]
