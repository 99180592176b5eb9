"""reconcile_table: reconciliation over an Arrow table equals the object path, exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictevents import (
    CONSERVATIVE,
    MEDIAN_OF_INDEPENDENT,
    UCDP,
    Claim,
    ClaimStanding,
    Estimate,
    Source,
    SourceKind,
    Stance,
    TimeSpan,
    loads,
    reconcile,
)
from conflictevents import strategies as cst
from conflictevents.interop import acled, general_staff, oryx, tables, ucdp
from conflictevents.interop._columnar import objects_needed, result_table
from test_alignment import _DAYS, GS, KYIV, ORYX, SERIES, UK, _tanks
from test_as_of import _MOMENTS, CLAIMS
from test_reconcile import _KHERSON, claim_lists
from test_versions import _VERSIONS

DATA = Path(__file__).parent / "data"
_POLICIES = st.sampled_from([CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT])
_LAWS = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None
)


def _same(claims: list[Claim], **options: object) -> None:
    """reconcile_table(to_arrow(claims)) is the object path's rows, column for column."""
    table = tables.to_arrow(claims, reconcilable=True)
    got = tables.reconcile_table(table, **options)  # type: ignore[arg-type]
    expected = result_table(reconcile(claims, **options))  # type: ignore[arg-type]
    assert got.schema == expected.schema
    for name in expected.column_names:
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name
    assert got.equals(expected)


@st.composite
def _with_versions(draw: st.DrawFn) -> list[Claim]:
    """Claims on shared subjects, some given again as versions or duplicates of one id."""
    claims = draw(claim_lists(max_size=10))
    extra: list[Claim] = []
    for claim in claims:
        kind = draw(st.sampled_from(["none", "none", "duplicate", "version"]))
        if kind == "duplicate":
            extra.append(claim)
        elif kind == "version":
            recorded = draw(st.none() | cst.aware_datetimes())
            other = draw(cst.claims(subjects=st.just(claim.subject)))
            extra.append(attrs.evolve(other, id=claim.id, recorded=recorded))
    return claims + extra


def _tanks_said(by: Source, day: dt.date, value: int, late: int, stance: Stance) -> Claim:
    """``by``'s count of tanks lost as of ``day``, said ``late`` days after that day."""
    count = _tanks(by, day, value, stance=stance)
    said = TimeSpan.day(day + dt.timedelta(days=late), tz=KYIV)
    return Claim(claimant=by, subject=count.subject, stance=stance, stated=said)


_CORRECTED_SERIES = st.lists(
    st.builds(
        _tanks_said,
        st.sampled_from([GS, ORYX, UK]),
        st.sampled_from(_DAYS[:3]),
        st.integers(0, 20_000),
        st.integers(0, 2),
        st.sampled_from([Stance.ASSERTS] * 4 + [Stance.DENIES]),
    ),
    max_size=12,
)
"""Series whose claimants often restate a figure as of one date later (a correction)."""


_MOD = Source(name="Ministry of Defence of Ukraine", kind=SourceKind.MILITARY, side="UA")
_CONCESSIONS = st.lists(
    cst.claims(
        subjects=cst.territorial_controls(places=st.just(_KHERSON), controllers=st.just("RU")),
        claimants=st.sampled_from([GS, _MOD, ORYX]),
        stated=st.sampled_from([TimeSpan.day(day, tz=KYIV) for day in _DAYS[:3]]),
    ),
    min_size=2,
    max_size=8,
)
"""Claims by two sources of one side, denying and asserting shared subjects on a few days."""


class TestDifferentialLaw:
    """For any claims, the columnar result is the object path's, exactly."""

    @_LAWS
    @given(st.lists(cst.claims(), max_size=8), _POLICIES)
    def test_any_claims(self, claims, policy):
        """Any generated claims (every subject type) reconcile to the object path's rows."""
        _same(claims, policy=policy)

    @_LAWS
    @given(_CONCESSIONS, _POLICIES)
    def test_denials_and_concessions(self, claims, policy):
        """A side denying and then asserting a subject (conceded, contested) is as the objects."""
        _same(claims, policy=policy)

    @_LAWS
    @given(claim_lists(), _POLICIES, st.integers(1, 4), st.integers(1, 5))
    def test_a_table_in_batches(self, claims, policy, rows, column_rows):
        """A table cut into record batches (and one column cut elsewhere) reconciles the same."""
        table = tables.to_arrow(claims, reconcilable=True)
        cut = pa.Table.from_batches(table.to_batches(max_chunksize=rows), schema=table.schema)
        index = cut.schema.get_field_index("subject_id")
        whole = cut.column(index).combine_chunks()
        pieces = [whole[i : i + column_rows] for i in range(0, len(whole), column_rows)]
        other = pa.chunked_array(pieces, type=whole.type)
        cut = cut.set_column(index, cut.schema.field(index), other)
        got = tables.reconcile_table(cut, policy=policy)
        assert got.equals(result_table(reconcile(claims, policy=policy)))

    @_LAWS
    @given(claim_lists(), _POLICIES)
    def test_claims_on_shared_subjects(self, claims, policy):
        """Claimants superseding and disagreeing on a few shared subjects: the same rows."""
        _same(claims, policy=policy)

    @_LAWS
    @given(_with_versions(), _POLICIES)
    def test_versions_and_duplicates(self, claims, policy):
        """Versions of one id (ordered or colliding) and duplicates: the same rows."""
        _same(claims, policy=policy)

    @_LAWS
    @given(_VERSIONS)
    def test_version_collisions(self, claims):
        """Versions that cannot be ordered are listed as the object path lists them."""
        _same(claims)

    @_LAWS
    @given(SERIES, st.none() | st.dates(dt.date(2025, 3, 17), dt.date(2025, 3, 24)))
    def test_cumulative_series(self, claims, day):
        """Aligned cumulative series with denials, as of any day: the same rows."""
        _same(claims, as_of=day)

    @_LAWS
    @given(_CORRECTED_SERIES, st.none() | st.sampled_from(_DAYS), _POLICIES)
    def test_corrected_cumulative_series(self, claims, day, policy):
        """Figures as of one date said again later (corrections), as of any day: the same rows."""
        _same(claims, policy=policy, as_of=day)

    @_LAWS
    @given(CLAIMS, _MOMENTS, _POLICIES)
    def test_as_of(self, claims, moment, policy):
        """As of an instant or a date in each claim's own zone: the same rows."""
        _same(claims, policy=policy, as_of=moment)


class _Highest:
    """A policy that is not built in: the highest point."""

    name = "highest"

    def estimate(self, figures: tuple[ClaimStanding, ...]) -> Estimate | None:
        points = [f.point for f in figures if f.point is not None]
        return Estimate(policy=self.name, best=max(points)) if points else None


@_LAWS
@given(claim_lists(max_size=6))
def test_a_policy_of_your_own_goes_through_the_object_path(claims):
    """A policy that is not built in gives the object path's estimates."""
    _same(claims, policy=_Highest())


def _general_staff() -> list[Claim]:
    gs = DATA / "general-staff"
    return [
        *general_staff.read(
            gs / "russia_losses_equipment.json",
            corrections=gs / "russia_losses_equipment_correction.json",
            on_error="collect",
        ),
        *general_staff.read(gs / "russia_losses_personnel.json", on_error="collect"),
    ]


@pytest.mark.parametrize(
    "read",
    [
        lambda: ucdp.read(
            DATA / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv",
            encoding="cp1252",
            on_error="collect",
        ),
        lambda: acled.read(DATA / "acled" / "acled_every_type.csv", on_error="collect"),
        lambda: [
            *acled.read(DATA / "acled" / "acled_fictional.csv", on_error="collect"),
            *acled.read(DATA / "acled" / "acled_fictional_revised.csv", on_error="collect"),
        ],
        _general_staff,
        lambda: [*_general_staff(), *oryx.read(DATA / "oryx" / "daily_count.csv")],
    ],
    ids=["ucdp", "acled", "acled-versions", "general-staff", "general-staff-and-oryx"],
)
@pytest.mark.parametrize("policy", [CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT])
def test_real_files(read, policy):
    """The importers' claims from the test files reconcile to the object path's rows."""
    _same(list(read()), policy=policy)


def test_parquet_round_trip(tmp_path):
    """A Parquet file written with reconcilable=True reconciles as the claims do."""
    claims = _general_staff()
    path = tmp_path / "claims.parquet"
    tables.write_parquet(claims, path, reconcilable=True, batch_size=50)
    got = tables.reconcile_table(pq.read_table(path))
    assert got.equals(result_table(reconcile(claims)))


def test_a_table_without_the_reconcile_columns_is_refused():
    """The plain to_arrow columns lack the key and claimant identity: a clear error."""
    claims = _general_staff()[:3]
    with pytest.raises(ValueError, match="reconcilable=True"):
        tables.reconcile_table(tables.to_arrow(claims))


def test_a_column_of_another_type_is_refused():
    """A key column read as another type is named, not misread."""
    claims = _general_staff()[:3]
    table = tables.to_arrow(claims, reconcilable=True)
    table = table.set_column(
        table.column_names.index("low"), "low", table.column("low").cast(pa.float64())
    )
    with pytest.raises(ValueError, match="'low'"):
        tables.reconcile_table(table)


def test_no_claims():
    """No rows: no subjects, with the result's columns."""
    empty = tables.to_arrow([], reconcilable=True)
    assert tables.reconcile_table(empty).equals(result_table(reconcile([])))


def test_the_reference_article():
    """The article's claims (Kherson asserted and denied, superseded figures) give its rows."""
    from conflictevents.examples import first_week_2022  # noqa: PLC0415

    claims = first_week_2022()
    _same(claims)
    table = tables.reconcile_table(tables.to_arrow(claims, reconcilable=True))
    assert "contested" in table.column("reconciliation").to_pylist()


_SMALL_INTS = st.lists(st.integers(0, 70_000), max_size=60)


@given(_SMALL_INTS, st.integers(0, 2**40))
def test_stable_order_is_a_stable_sort(keys, headroom):
    """The radix order of non-negative integers is NumPy's stable argsort, at any bound."""
    from conflictevents.interop._columnar import _stable_order  # noqa: PLC0415

    values = np.array(keys, dtype=np.int64)
    bound = max(keys, default=0) + 1 + headroom
    assert _stable_order(values, bound).tolist() == np.argsort(values, kind="stable").tolist()


_ROWS = st.lists(
    st.tuples(
        st.integers(0, 3),
        *[st.sampled_from([np.iinfo(np.int64).min, -1, 0, 5, 2**62])] * 3,
    ),
    max_size=40,
)


@given(_ROWS)
def test_last_of_is_each_groups_latest_row(rows):
    """Each group's last row by its keys in turn, ties to the last row, as max() finds it."""
    from conflictevents.interop._columnar import _last_of  # noqa: PLC0415

    group = np.array([row[0] for row in rows], dtype=np.int64)
    keys = tuple(np.array([row[i] for row in rows], dtype=np.int64) for i in (1, 2, 3))
    expected = {
        g: max((i for i, row in enumerate(rows) if row[0] == g), key=lambda i: (*rows[i][1:], i))
        for g in {row[0] for row in rows}
    }
    assert sorted(_last_of(group, keys).tolist()) == sorted(expected.values())


_DICTIONARY_COLUMNS = ("subject_key", "claimant_id")


def _plain(table: pa.Table) -> pa.Table:
    """``table`` with its dictionary-encoded key columns as plain text (the earlier form)."""
    for name in _DICTIONARY_COLUMNS:
        index = table.schema.get_field_index(name)
        field = table.schema.field(index)
        text = table.column(index).cast(pa.string())
        table = table.set_column(index, field.with_type(pa.string()), text)
    return table


def _redundant(table: pa.Table, *, null: bool) -> pa.Table:
    """``table``'s key columns with dictionaries as other writers may give them.

    Every value twice (one row reads the first copy, the next row the second), one
    value never used, and (``null``) a null in the dictionary beside the null indices.
    """
    for name in _DICTIONARY_COLUMNS:
        index = table.schema.get_field_index(name)
        chunks = []
        for chunk in table.column(index).chunks:
            values = chunk.dictionary.to_pylist()
            doubled = pa.array(["unused", None if null else "", *values, *values], pa.string())
            indices = np.asarray(chunk.indices.fill_null(0), dtype=np.int32)
            picked = (indices + 2 + len(values) * (np.arange(len(indices)) % 2)).astype(np.int32)
            chunks.append(
                pa.DictionaryArray.from_arrays(
                    pa.array(picked, mask=np.asarray(chunk.is_null())), doubled
                )
            )
        field = table.schema.field(index)
        table = table.set_column(index, field, pa.chunked_array(chunks, type=field.type))
    return table


def test_the_key_columns_are_dictionary_encoded():
    """to_arrow writes subject_key and claimant_id dictionary-encoded, the rest as before."""
    table = tables.to_arrow(_general_staff()[:5], reconcilable=True)
    for name in _DICTIONARY_COLUMNS:
        assert table.schema.field(name).type == pa.dictionary(pa.int32(), pa.string())
    assert table.schema.field("claimant_side").type == pa.string()


@_LAWS
@given(claim_lists(), _POLICIES, st.integers(1, 4))
def test_plain_key_columns_reconcile_as_dictionary_ones(claims, policy, rows):
    """A table with the key columns as plain text, as earlier versions wrote it: same rows."""
    table = tables.to_arrow(claims, reconcilable=True, batch_size=rows)
    expected = result_table(reconcile(claims, policy=policy))
    assert tables.reconcile_table(_plain(table), policy=policy).equals(expected)
    assert tables.reconcile_table(table, policy=policy).equals(expected)


@_LAWS
@given(_CONCESSIONS | claim_lists(), _POLICIES, st.sampled_from([1, 3, 1000]), st.booleans())
def test_a_dictionary_naming_a_value_twice_reconciles_the_same(claims, policy, rows, null):
    """Key dictionaries with repeated, unused and null values (other writers'): the same rows."""
    table = _redundant(tables.to_arrow(claims, reconcilable=True, batch_size=rows), null=null)
    assert tables.reconcile_table(table, policy=policy).equals(
        result_table(reconcile(claims, policy=policy))
    )


def test_a_parquet_file_written_before_the_dictionary_columns():
    """A file written by main at b55d64a (plain-text key columns) reconciles as its claims do.

    ``tests/data/tables/reconcilable-0.parquet``: the reference article's claims and
    the fictional ACLED exports (a revised event: versions), ``write_parquet(...,
    reconcilable=True, batch_size=20)``.
    """
    old = pq.read_table(DATA / "tables" / "reconcilable-0.parquet")
    assert old.schema.field("subject_key").type == pa.string()
    claims = [loads(text, Claim) for text in old.column("claim_json").to_pylist()]
    for policy in (CONSERVATIVE, UCDP, MEDIAN_OF_INDEPENDENT):
        expected = result_table(reconcile(claims, policy=policy))
        assert tables.reconcile_table(old, policy=policy).equals(expected)
        new = tables.to_arrow(claims, reconcilable=True)
        assert tables.reconcile_table(new, policy=policy).equals(expected)
    assert objects_needed(old) > 0  # the revised event: decoded from the old file's JSON


def test_a_key_column_of_another_type_names_both_forms():
    """A subject_key that is neither text nor dictionary text is refused, naming both."""
    table = tables.to_arrow(_general_staff()[:3], reconcilable=True)
    index = table.schema.get_field_index("subject_key")
    table = table.set_column(index, "subject_key", pa.array([b"k"] * 3, pa.binary()))
    with pytest.raises(
        ValueError, match=r"'subject_key' is binary, expected dictionary.* or string"
    ):
        tables.reconcile_table(table)
