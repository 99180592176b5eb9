"""The writer's encoding memo, on or off, never changes a byte written."""

from __future__ import annotations

import io
from unittest import mock

import attrs
import orjson
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import dumps, write_jsonl
from conflictevents import strategies as cst
from conflictevents._json import _Codec, _codec


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


def test_memo_free_encoders_are_built_on_first_use():
    """A new codec builds its memo-free encoders only when something first asks for them."""
    codec = _Codec(lenient=False)
    assert "fast_unstructure_plain" not in vars(codec)
    assert codec.fast_unstructure_plain.keys() == codec.fast_unstructure.keys()
    assert "fast_unstructure_plain" in vars(codec)
