"""Reading UCDP GED CSV files as claims by UCDP, and writing them back.

The sample is UCDP Candidate Events for Ukraine 2022-2023 (cite Sundberg & Melander
2013, JPR 50(4); Davies, Pettersson & Öberg, UCDP Candidate Events), see tests/data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    CasualtyCount,
    Category,
    LocationPrecision,
    Medium,
    Qualifier,
    Quantity,
    TimePrecision,
    ValidationError,
    Verification,
    dumps,
    loads,
    reconcile,
    subject_key,
)
from conflictevents.datasets import UcdpCoding, ViolenceType
from conflictevents.exceptions import SkippedLineWarning
from conflictevents.interop import RowError, oryx, ucdp
from conflictevents.rollups import rollup

SAMPLE = Path(__file__).parent / "data" / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"


def _raw_rows() -> list[tuple[int, dict[str, str]]]:
    """The sample's data rows with the line each starts on, read with the csv module."""
    with SAMPLE.open(encoding="cp1252", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = []
        start = 2
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    return rows


@pytest.fixture(scope="module")
def imported():
    stream = ucdp.read(SAMPLE, encoding="cp1252", on_error="collect")
    return stream, list(stream)


def _by_id(claims: list) -> dict:
    return {c.id: c for c in claims}


class TestCounts:
    """Every row of the sample is imported or reported with its line and reason."""

    def test_rows_add_up(self, imported):
        """894 rows: 876 imported and 18 rejected, none lost."""
        stream, _ = imported
        assert (stream.rows, stream.imported, stream.rejected) == (894, 876, 18)
        assert stream.rows == len(_raw_rows())

    def test_rejected_rows_are_exactly_those_breaking_low_best_high(self, imported):
        """The reported lines are the rows where low <= best <= high fails, with a column."""
        stream, _ = imported
        expected = {
            line
            for line, row in _raw_rows()
            if not int(row["low"]) <= int(row["best"]) <= int(row["high"])
        }
        assert {e.line for e in stream.errors} == expected
        assert {e.column for e in stream.errors} <= {"low", "high", "best"}
        assert all(isinstance(e, ValidationError) for e in stream.errors)

    def test_every_imported_row_has_its_claims(self, imported):
        """Each good row gives an event claim and a deaths claim with its GED id."""
        stream, claims = imported
        ids = _by_id(claims)
        bad_lines = {e.line for e in stream.errors}
        for line, row in _raw_rows():
            present = f"ucdp-ged-{row['id']}" in ids and f"ucdp-ged-{row['id']}-deaths" in ids
            assert present != (line in bad_lines)

    def test_error_names_line_and_column(self):
        """With on_error="raise" the first bad row stops the import, naming line and column."""
        with pytest.raises(RowError) as info:
            list(ucdp.read(SAMPLE, encoding="cp1252"))
        assert (info.value.line, info.value.column) == (339, "low")
        assert "line 339, column 'low'" in str(info.value)
        assert "5294" in str(info.value)

    def test_skip_warns_and_counts(self):
        """With on_error="skip" each bad row issues a warning and is counted."""
        stream = ucdp.read(SAMPLE, encoding="cp1252", on_error="skip")
        with pytest.warns(SkippedLineWarning):
            claims = list(stream)
        with pytest.deprecated_call():
            assert stream.skipped == 18  # the old name of rejected
        assert len({c.id for c in claims if c.id.endswith("-deaths")}) == 876

    def test_wrong_encoding_is_reported(self):
        """Reading the Windows-1252 file as UTF-8 fails with a message naming encoding=."""
        with pytest.raises(RowError, match="encoding="):
            list(ucdp.read(SAMPLE))

    def test_unknown_on_error(self):
        """An unknown on_error value is refused at once."""
        with pytest.raises(ValueError, match="on_error"):
            ucdp.read(SAMPLE, on_error="ignore")  # type: ignore[arg-type]

    def test_stream_is_single_use(self):
        """Iterating an ImportStream twice is an error, not an empty second pass."""
        stream = ucdp.read(SAMPLE, encoding="cp1252", on_error="skip")
        iter(stream)
        with pytest.raises(RuntimeError, match="once"):
            iter(stream)

    def test_missing_column(self):
        """A file without a required column is refused with the column's name."""
        text = "id,best\n1,2\n"
        with pytest.raises(RowError, match="low"):
            list(ucdp.read(io.StringIO(text, newline="")))


class TestFields:
    """A handful of rows checked field by field against the file."""

    def test_first_row(self, imported):
        """Row 446152: a day, a point, low 2 best 3 high 3, three publications."""
        _, claims = imported
        ids = _by_id(claims)
        event, deaths = ids["ucdp-ged-446152"], ids["ucdp-ged-446152-deaths"]
        assert event.claimant == ucdp.UCDP
        assert event.medium is Medium.DATASET
        attack = event.subject
        assert isinstance(attack, Attack)
        assert attack.kind is AttackKind.ENGAGEMENT
        assert attack.attacker is not None
        assert attack.target is not None
        assert attack.attacker.name == "Government of Russia (Soviet Union)"
        assert attack.target.name == "Government of Ukraine"
        assert attack.attacker.side == "RU"
        assert attack.target.ids == {"ucdp-actor:61", "iso3166:UA"}
        assert attack.when is not None
        assert attack.when.precision is TimePrecision.DAY
        assert attack.when.start.date() == dt.date(2022, 9, 1)
        assert attack.when.end.date() == dt.date(2022, 9, 2)
        place = attack.place
        assert place is not None
        assert (place.name, place.country, place.region) == (
            "Enerhodar village",
            "UA",
            "Zaporizhzhya oblast",
        )
        assert place.precision is LocationPrecision.POINT
        assert place.coordinates is not None
        assert (place.coordinates.latitude, place.coordinates.longitude) == (47.498902, 34.623017)
        count = deaths.subject
        assert isinstance(count, CasualtyCount)
        assert count.quantity == Quantity(value=3, qualifier=Qualifier.BETWEEN, low=2, high=3)
        assert count.event == attack.id == "ucdp-ged-446152"
        assert [p.outlet.name for p in deaths.reported_in] == [
            "Ukrinform",
            "Unified news feed",
            "AOAV",
        ]
        assert deaths.reported_in[2].published is not None
        assert deaths.reported_in[2].published.start.date() == dt.date(2022, 9, 26)
        assert deaths.reported_in[0].title == (
            "Russians fired on Energodar from helicopters and MLRS, there are dead"
        )
        assert deaths.via[0].name.startswith("Ukraine (Yevgeny Yevtushenko")
        civilians = ids["ucdp-ged-446152-deaths-civilians"].subject
        assert isinstance(civilians, CasualtyCount)
        assert civilians.category is Category.CIVILIAN
        assert civilians.quantity == Quantity(value=3)
        assert civilians.event == "ucdp-ged-446152"

    def test_second_row_other_date_style(self, imported):
        """Row 446258: '8/31/2022 12:00:00 AM' to '09/01/2022 00:00', date_prec 2, source_date day first."""
        _, claims = imported
        deaths = _by_id(claims)["ucdp-ged-446258-deaths"]
        period = deaths.subject.period
        assert period.precision is TimePrecision.INTERVAL
        assert (period.start.date(), period.end.date()) == (
            dt.date(2022, 8, 31),
            dt.date(2022, 9, 2),
        )
        assert deaths.reported_in[0].published.start.date() == dt.date(2022, 9, 1)
        assert deaths.subject.quantity == Quantity(
            value=1, qualifier=Qualifier.BETWEEN, low=1, high=1
        )

    def test_low_clarity_is_unverified(self, imported):
        """event_clarity 2 makes both claims of the row 'unverified'."""
        _, claims = imported
        clarity = {row["id"]: row["event_clarity"] for _, row in _raw_rows()}
        for claim in claims:
            ged_id = claim.id.split("-")[2]
            expected = ucdp.EVENT_CLARITY[clarity[ged_id]]
            assert claim.verification is expected
        assert any(c.verification is Verification.UNVERIFIED for c in claims)

    def test_one_sided_violence(self, imported):
        """type_of_violence 3 becomes an attack on the side_b 'Civilians'."""
        _, claims = imported
        attacks = [
            c.subject
            for c in claims
            if isinstance(c.subject, Attack) and c.subject.kind is AttackKind.ATTACK
        ]
        assert attacks
        assert {a.target.name for a in attacks if a.target} == {"Civilians"}

    def test_precision_tables_cover_the_sample(self, imported):
        """Every date_prec and where_prec of the sample maps to the documented precision."""
        _, claims = imported
        ids = _by_id(claims)
        for _, row in _raw_rows():
            claim = ids.get(f"ucdp-ged-{row['id']}")
            if claim is None:
                continue
            assert claim.subject.when.precision is ucdp.DATE_PRECISION[row["date_prec"]]
            assert claim.subject.place.precision is ucdp.WHERE_PRECISION[row["where_prec"]]


class TestDates:
    """GED dates in their three styles."""

    @given(st.dates(min_value=dt.date(1989, 1, 1), max_value=dt.date(2099, 12, 31)))
    def test_styles_agree(self, day):
        """ISO, 'MM/DD/YYYY 00:00' and 'M/D/YYYY 12:00:00 AM' give the same day."""
        styles = [
            day.isoformat(),
            f"{day.month:02}/{day.day:02}/{day.year} 00:00",
            f"{day.month}/{day.day}/{day.year} 12:00:00 AM",
        ]
        assert {ucdp.parse_date(s, "date_start") for s in styles} == {day}

    @pytest.mark.parametrize("text", ["2022-13-01", "31/12/2022 00:00", "09/01/2022 13:00", "x"])
    def test_bad_dates(self, text):
        """Impossible dates and times of day other than midnight are refused."""
        stream = ucdp.read(io.StringIO(_one_row(date_start=text), newline=""), on_error="collect")
        assert list(stream) == []
        assert [e.column for e in stream.errors] == ["date_start"]


def _one_row(**values: str) -> str:
    row = dict.fromkeys(ucdp.COLUMNS, "")
    row.update(
        id="1",
        type_of_violence="1",
        where_prec="1",
        where_coordinates="Kyiv",
        event_clarity="1",
        date_prec="1",
        date_start="2022-03-01",
        date_end="2022-03-01",
        best="1",
        low="1",
        high="1",
    )
    row.update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ucdp.COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def _normal(column: str, value: str) -> object:
    if column in {"date_start", "date_end"}:
        return ucdp.parse_date(value, column)
    if column == "source_date":
        return [ucdp._source_date(v) for v in value.split(";") if v]
    if column in {"latitude", "longitude"}:
        return float(value)
    if column == "source_article":  # UCDP pads some parts with spaces
        return [tuple(p.strip() for p in item.split(",", 2)) for item in value[1:-1].split('";"')]
    if column == "source_headline":
        return [item.strip() for item in value.split(";")]
    return value


class TestReconcile:
    """UCDP's own counts reconciled together: one subject per GED event."""

    def test_one_subject_per_event(self, imported):
        """Reconciling every imported deaths claim gives one subject per event, none superseded."""
        stream, claims = imported
        deaths = [c for c in claims if c.id.endswith("-deaths")]
        assert len(deaths) == stream.imported
        result = reconcile(deaths)
        assert len(result.subjects) == len(deaths)
        assert all(sub.superseded == () for sub in result)
        events = {sub.current[0].claim.removesuffix("-deaths") for sub in result}
        assert events == {c.id.removesuffix("-deaths") for c in deaths}

    def test_without_the_event_same_day_and_place_would_merge(self, imported):
        """The same counts stripped of their event share subjects (why the event is kept)."""
        _, claims = imported
        deaths = [c for c in claims if c.id.endswith("-deaths")]
        keys = {subject_key(attrs.evolve(c.subject, event=None)) for c in deaths}
        assert len(keys) < len(deaths)


class TestRoundTrip:
    """UCDP row → objects → UCDP row gives the same values."""

    def test_sample_round_trips(self, imported):
        """Every imported row's modelled columns come back with the file's values."""
        stream, claims = imported
        out = io.StringIO(newline="")
        assert ucdp.write(claims, out) == stream.imported
        out.seek(0)
        written = {row["id"]: row for row in csv.DictReader(out)}
        originals = {row["id"]: row for _, row in _raw_rows()}
        assert len(written) == stream.imported
        differences = [
            (ged_id, column)
            for ged_id, back in written.items()
            for column in ucdp.ROUND_TRIP_COLUMNS
            if _normal(column, originals[ged_id][column]) != _normal(column, back[column])
        ]
        assert differences == []

    def test_the_id_columns_come_back(self, imported):
        """write() of the imported sample reproduces the actor, dyad and conflict id columns."""
        _, claims = imported
        out = io.StringIO(newline="")
        ucdp.write(claims, out)
        out.seek(0)
        columns = ("side_a_new_id", "side_b_new_id", "dyad_new_id", "conflict_new_id")
        written = {row["id"]: [row[c] for c in columns] for row in csv.DictReader(out)}
        originals = {row["id"]: [row[c] for c in columns] for _, row in _raw_rows()}
        assert written
        assert all(all(values) for values in written.values())
        assert written == {ged_id: originals[ged_id] for ged_id in written}

    def test_ids_survive_json(self, imported):
        """Every id read (actors, dyad, conflict) is in the claims after a JSON round trip."""
        _, claims = imported
        again = [loads(dumps(c)) for c in claims]
        assert again == claims
        first = next(c.subject for c in again if isinstance(c.subject, Attack))
        assert first.attacker.ids == {"ucdp-actor:57", "iso3166:RU"}
        assert {i.split(":")[0] for i in first.part_of} == {"ucdp-dyad", "ucdp-conflict"}

    def test_reading_the_written_file_gives_the_same_claims(self, imported):
        """Reading back what write() wrote gives equal claims (ids and content)."""
        _, claims = imported
        out = io.StringIO(newline="")
        ucdp.write(claims, out)
        out.seek(0)
        again = list(ucdp.read(out))
        assert len(again) == len(claims)
        assert again == claims

    def test_write_refuses_foreign_claims(self):
        """write() refuses claims that did not come from a GED file."""
        claim = next(iter(oryx.read(Path(__file__).parent / "data" / "oryx" / "daily_count.csv")))
        with pytest.raises(ValueError, match="not read from a UCDP GED file"):
            ucdp.write([claim], io.StringIO())


_names = st.text(
    alphabet=st.characters(
        codec="cp1252", exclude_characters=';"\r\n', exclude_categories=("Cc", "Cs", "Zs")
    ),
    min_size=1,
    max_size=12,
)

_sides = st.sampled_from(["Government of Ukraine", "Government of Russia (Soviet Union)"]) | _names


@st.composite
def ged_rows(draw: st.DrawFn) -> dict[str, str]:
    """A valid GED row over the round-trip columns, in either of the sample's date styles."""
    low = draw(st.integers(0, 50))
    best = draw(st.integers(low, low + 50))
    high = draw(st.integers(best, best + 50))
    # deaths_unknown is a part of the total: never more than its high bound
    parts = [
        *draw(st.lists(st.integers(0, 20), min_size=3, max_size=3)),
        draw(st.integers(0, high)),
    ]
    first = draw(st.dates(min_value=dt.date(1989, 1, 1), max_value=dt.date(2030, 12, 31)))
    last = first + dt.timedelta(days=draw(st.integers(0, 60)))
    n = draw(st.integers(0, 3))
    offices = [draw(_names) for _ in range(n)]
    titles = [draw(_names) for _ in range(n)]
    days = [
        draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)))
        for _ in range(n)
    ]

    def style(day: dt.date) -> str:
        if draw(st.booleans()):
            return f"{day.month:02}/{day.day:02}/{day.year} 00:00"
        return f"{day.month}/{day.day}/{day.year} 12:00:00 AM"

    row = dict.fromkeys(ucdp.COLUMNS, "")
    row.update(
        id=str(draw(st.integers(1, 10**9))),
        type_of_violence=draw(st.sampled_from(sorted(ucdp.VIOLENCE_TYPE))),
        side_a=draw(_sides),
        side_b=draw(_sides),
        side_a_new_id=draw(st.sampled_from(["", "57", "61"])),
        side_b_new_id=draw(st.sampled_from(["", "1", "61", "6711"])),
        dyad_new_id=draw(st.sampled_from(["", "920", "14117"])),
        conflict_new_id=draw(st.sampled_from(["", "453", "13243"])),
        number_of_sources=draw(st.sampled_from([str(n), str(n + 2), ""])),
        source_office=";".join(offices),
        source_date=";".join(d.isoformat() for d in days),
        source_headline=";".join(titles),
        source_article=";".join(
            f'"{o},{d.isoformat()},{t}"' for o, d, t in zip(offices, days, titles, strict=True)
        ),
        source_original=draw(st.sampled_from(["", "Ukraine (a spokesman)"])),
        where_prec=draw(st.sampled_from(sorted(ucdp.WHERE_PRECISION))),
        where_coordinates=draw(_names),
        adm_1=draw(st.sampled_from(["", "Kharkiv Oblast"])),
        adm_2=draw(st.sampled_from(["", "Vasylivka raion"])),
        priogrid_gid=draw(st.sampled_from(["", "197710", "1", "259200"])),
        geom_wkt=draw(
            st.sampled_from(["", "POINT (37.69076 49.069781999999996)", "POINT (34.6 47.4)"])
        ),
        latitude=str(draw(st.floats(-90, 90, allow_nan=False).map(lambda x: round(x, 6)))),
        longitude=str(draw(st.floats(-180, 180, allow_nan=False).map(lambda x: round(x, 6)))),
        country=draw(st.sampled_from(["Ukraine", "Russia (Soviet Union)", ""])),
        event_clarity=draw(st.sampled_from(sorted(ucdp.EVENT_CLARITY))),
        date_prec=draw(st.sampled_from(sorted(ucdp.DATE_PRECISION))),
        date_start=style(first),
        date_end=style(last),
        best=str(best),
        low=str(low),
        high=str(high),
    )
    breakdown = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]
    for column, figure in zip(breakdown, parts, strict=True):
        row[column] = str(figure)
    return row


def _ged_file(rows: list[dict[str, str]], columns: Sequence[str] = ucdp.COLUMNS) -> io.StringIO:
    """A GED CSV file of ``rows``, as an open text stream at its start."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    text.seek(0)
    return text


class TestRoundTripLaw:
    """For any valid GED row, reading and writing gives the row's values back."""

    @given(st.lists(ged_rows(), min_size=1, max_size=4, unique_by=lambda r: r["id"]))
    def test_rows_round_trip(self, rows):
        """read(write(read(rows))) keeps every round-trip column's value."""
        text = _ged_file(rows)
        claims = list(ucdp.read(text))
        out = io.StringIO(newline="")
        assert ucdp.write(claims, out) == len(rows)
        out.seek(0)
        for row, back in zip(rows, csv.DictReader(out), strict=True):
            for column in ucdp.ROUND_TRIP_COLUMNS:
                assert _normal(column, row[column]) == _normal(column, back[column]), column


def _total_results(claims: list) -> dict[str, object]:
    """Each ``-deaths`` claim's id → the reconciled subject that holds it."""
    found = {}
    for result in reconcile(claims).subjects:
        for claim_id in (*(c.claim for c in result.current), *result.superseded):
            if claim_id.endswith("-deaths"):
                found[claim_id] = result
    return found


class TestDeathsTotal:
    """An event's deaths total is its own subject; deaths_unknown is a part of it (review F7)."""

    def test_every_total_of_the_sample_is_current_and_best(self, imported):
        """On the shipped file every event's total is current, alone, and equals UCDP's best."""
        _, claims = imported
        results = _total_results(claims)
        rows = {f"ucdp-ged-{row['id']}-deaths": row for _, row in _raw_rows()}
        assert len(results) == 876
        for claim_id, result in results.items():
            assert [c.claim for c in result.current] == [claim_id]
            assert result.superseded == ()
            assert result.estimate.best == int(rows[claim_id]["best"])
            unknown = int(rows[claim_id]["deaths_unknown"])
            expected = [(unknown, unknown)] if unknown else []
            assert [
                (p.range.low, p.range.high) for p in result.parts if p.label == "unknown status"
            ] == expected

    def test_lyman(self, imported):
        """Row 449974 (best 165, deaths_unknown 8) reconciles as 165 with a part of 8."""
        _, claims = imported
        result = _total_results(claims)["ucdp-ged-449974-deaths"]
        assert result.estimate.best == 165
        assert "ucdp-ged-449974-deaths-unknown" not in _by_id(claims)

    @given(st.lists(ged_rows(), min_size=1, max_size=4, unique_by=lambda r: r["id"]))
    def test_any_rows_totals_are_current_and_best(self, rows):
        """For any GED rows, each event's total is current alone and its estimate is best."""
        text = _ged_file(rows)
        results = _total_results(list(ucdp.read(text)))
        for row in rows:
            claim_id = f"ucdp-ged-{row['id']}-deaths"
            result = results[claim_id]
            assert [c.claim for c in result.current] == [claim_id]
            assert result.estimate.best == int(row["best"])
            unknown = int(row["deaths_unknown"])
            parts = [(p.label, p.range.low) for p in result.parts]
            assert parts == ([("unknown status", unknown)] if unknown else [])

    @given(st.lists(ged_rows(), min_size=1, max_size=4, unique_by=lambda r: r["id"]))
    def test_any_rows_side_counts_take_the_side_label(self, rows):
        """For any GED rows, a deaths_a/deaths_b count's side is its actor's label (review F14)."""
        from conflictevents._countries import side_label  # noqa: PLC0415

        labels = {"Government of Ukraine": "UA", "Government of Russia (Soviet Union)": "RU"}
        claims = _by_id(ucdp.read(_ged_file(rows)))
        for row in rows:
            event = claims[f"ucdp-ged-{row['id']}"].subject
            for letter, actor in (("a", event.attacker), ("b", event.target)):
                count = claims.get(f"ucdp-ged-{row['id']}-deaths-{letter}")
                name = row[f"side_{letter}"].strip()
                assert (count is None) == (int(row[f"deaths_{letter}"]) == 0)
                if count is not None:  # the actor's label: a state's code, else its name
                    assert count.subject.side == side_label(actor.side or actor.name)
                    if name in labels:
                        assert count.subject.side == labels[name]

    def test_rollup_does_not_add_the_unknown_part(self, imported):
        """Rolled up, the sample's killed-of-any-side totals are those of the totals alone."""
        _, claims = imported
        totals = [c for c in claims if c.id.endswith("-deaths")]

        def cells(these: list) -> dict:
            m = rollup(these, period="year", area="country")
            measure = "casualty_count/side=-/category=unspecified/outcome=killed"
            return {
                (t.area, t.period.start): (t.low, t.high) for t in m.totals if t.measure == measure
            }

        assert cells(claims) == cells(totals)
        assert cells(claims)

    def test_unknown_more_than_the_high_bound_is_rejected(self):
        """A row whose deaths_unknown exceeds high is rejected at deaths_unknown, not repaired."""
        lines = SAMPLE.read_text(encoding="cp1252").splitlines(keepends=True)
        header = next(csv.reader([lines[0]]))
        row = dict(_raw_rows()[0][1])
        row.update(low="1", best="1", high="1", deaths_unknown="2")
        stream = ucdp.read(_ged_file([row], header), on_error="collect")
        assert list(stream) == []
        assert [(e.line, e.column) for e in stream.errors] == [(2, "deaths_unknown")]

    def test_side_counts_take_the_side_label(self, imported):
        """deaths_a/deaths_b counts have their actor's side label: "RU"/"UA", a name otherwise."""
        _, claims = imported
        ids = _by_id(claims)
        sides = set()
        for claim in claims:
            if not claim.id.endswith(("-deaths-a", "-deaths-b")):
                continue
            event = ids[claim.id.rsplit("-", 2)[0]].subject
            actor = event.attacker if claim.id.endswith("-a") else event.target
            assert claim.subject.side == (actor.side or actor.name)
            sides.add(claim.subject.side)
        assert {"RU", "UA"} <= sides
        assert not any(side.startswith("Government of") for side in sides)

    def test_claims_imported_before_write_their_unknown_column(self, imported):
        """A -deaths-unknown claim of an earlier import still writes deaths_unknown back."""
        _, claims = imported
        ids = _by_id(claims)
        total = ids["ucdp-ged-449974-deaths"]
        assert isinstance(total.subject, CasualtyCount)
        old_total = attrs.evolve(total, subject=attrs.evolve(total.subject, parts=()))
        legacy = attrs.evolve(
            total,
            id="ucdp-ged-449974-deaths-unknown",
            subject=attrs.evolve(total.subject, parts=(), quantity=Quantity(value=8)),
        )
        group = [c for c in claims if c.id.startswith("ucdp-ged-449974")]
        old = [old_total if c is total else c for c in group] + [legacy]
        for these in (group, old):
            out = io.StringIO(newline="")
            ucdp.write(these, out)
            out.seek(0)
            assert [r["deaths_unknown"] for r in csv.DictReader(out)] == ["8"]


class TestErrorPolicy:
    """Whatever rows are bad, none is lost and the good ones are unaffected."""

    @given(st.lists(st.tuples(ged_rows(), st.booleans()), min_size=1, max_size=6))
    def test_rows_add_up(self, rows):
        """rows == imported + rejected; rejected rows are exactly the broken ones."""
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=ucdp.COLUMNS)
        writer.writeheader()
        for row, broken in rows:
            bad = {"high": str(int(row["best"]) + 1), "low": str(int(row["best"]) + 2)}
            writer.writerow({**row, **bad} if broken else row)
        text.seek(0)
        stream = ucdp.read(text, on_error="collect")
        claims = list(stream)
        assert stream.rows == len(rows) == stream.imported + stream.rejected
        assert [e.line for e in stream.errors] == [i + 2 for i, (_, b) in enumerate(rows) if b]
        imported = {c.id for c in claims if c.id.endswith("-deaths")}
        expected = {f"ucdp-ged-{r['id']}-deaths" for r, b in rows if not b}
        assert imported == expected


class TestStreaming:
    """Reading does not hold the file: memory stays flat as rows go by."""

    def test_peak_memory_is_flat(self):
        """Streaming 2,000 rows peaks at about what 200 rows need."""

        def peak(copies: int) -> int:
            text = SAMPLE.read_text(encoding="cp1252")
            header, _, body = text.partition("\n")
            good = body.splitlines(keepends=True)[:50]
            stream = io.StringIO(header + "\n" + "".join(good) * copies, newline="")
            tracemalloc.start()
            try:
                for _ in ucdp.read(stream, on_error="skip"):
                    pass
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

        small, large = peak(4), peak(40)
        assert large < 2 * small


class TestCoding:
    """What GED says beyond the models' fields is kept typed in the event's coding."""

    def test_every_violence_type_is_typed(self):
        """type_of_violence 1, 2 and 3 become their own ViolenceType, none `other`."""
        rows = []
        for code in ("1", "2", "3"):
            row = dict.fromkeys(ucdp.COLUMNS, "")
            row.update(
                id=f"9{code}", type_of_violence=code, best="1", low="1", high="1",
                date_prec="1", date_start="2022-03-01", date_end="2022-03-01",
                where_prec="1", event_clarity="1",
            )  # fmt: skip
            rows.append(row)
        text = _ged_file(rows)
        events = [c.subject for c in ucdp.read(text) if isinstance(c.subject, Attack)]
        assert [e.coding.violence for e in events] == [
            ViolenceType.STATE_BASED,
            ViolenceType.NON_STATE,
            ViolenceType.ONE_SIDED,
        ]
        assert AttackKind.OTHER not in {e.kind for e in events}

    def test_sample_columns_are_kept(self, imported):
        """Row 446152 keeps adm_2, priogrid_gid, geom_wkt and number_of_sources."""
        _, claims = imported
        attack = _by_id(claims)["ucdp-ged-446152"].subject
        assert attack.place.district == "Vasylivka raion"
        assert attack.coding == UcdpCoding(
            violence=ViolenceType.STATE_BASED,
            number_of_sources=3,
            priogrid_gid=197710,
            geometry="POINT (34.623017 47.498902)",
        )

    def test_one_sided_rows_of_the_sample(self, imported):
        """The sample's six type-3 rows are one-sided violence."""
        _, claims = imported
        one_sided = {
            c.id
            for c in claims
            if isinstance(c.subject, Attack) and c.subject.coding.violence is ViolenceType.ONE_SIDED
        }
        expected = {
            f"ucdp-ged-{row['id']}"
            for line, row in _raw_rows()
            if row["type_of_violence"] == "3" and line not in _bad_lines()
        }
        assert one_sided == expected
        assert expected


def _bad_lines() -> set[int]:
    return {
        line
        for line, row in _raw_rows()
        if not int(row["low"]) <= int(row["best"]) <= int(row["high"])
    }


@pytest.fixture(scope="module")
def flagged():
    stream = ucdp.read(SAMPLE, encoding="cp1252", on_error="collect", bounds="flag")
    return stream, list(stream)


class TestFlaggedBounds:
    """With bounds="flag", rows breaking low <= best <= high are imported and listed."""

    def test_every_row_imported_and_the_18_flagged(self, flagged):
        """894 rows imported, none rejected; the flagged lines are exactly the 18 broken rows."""
        stream, _ = flagged
        assert (stream.rows, stream.imported, stream.rejected) == (894, 894, 0)
        assert {e.line for e in stream.flagged} == _bad_lines()
        assert len(stream.flagged) == 18
        first = stream.flagged[0]
        assert (first.line, first.column) == (339, "high")
        assert "low 5294, best 5294, high 0" in first.reason

    def test_flagged_row_keeps_its_event_and_breakdown_not_its_total(self, flagged):
        """Row 466965 (low 54, best 54, high 48): its event and deaths_a, no deaths total."""
        _, claims = flagged
        ids = _by_id(claims)
        assert "ucdp-ged-466965" in ids
        assert "ucdp-ged-466965-deaths" not in ids
        assert ids["ucdp-ged-466965-deaths-a"].quantity == Quantity(value=54)

    def test_reject_is_the_default(self):
        """Without bounds=, the broken rows are rejected as before."""
        stream = ucdp.read(SAMPLE, encoding="cp1252", on_error="collect")
        list(stream)
        assert (stream.rejected, stream.flagged) == (18, [])

    def test_unknown_policy(self):
        """An unknown bounds policy is refused at once."""
        with pytest.raises(ValueError, match="bounds"):
            ucdp.read(SAMPLE, bounds="repair")  # type: ignore[arg-type]

    def test_flagged_sample_round_trips(self, flagged):
        """Every row comes back; a flagged row loses only best, low and high."""
        _, claims = flagged
        out = io.StringIO(newline="")
        assert ucdp.write(claims, out) == 894
        out.seek(0)
        originals = {row["id"]: (line, row) for line, row in _raw_rows()}
        bad = _bad_lines()
        differences = set()
        for back in csv.DictReader(out):
            line, row = originals[back["id"]]
            for column in ucdp.ROUND_TRIP_COLUMNS:
                if _normal(column, row[column]) != _normal(column, back[column]):
                    differences.add((line in bad, column))
        assert differences == {(True, "best"), (True, "low"), (True, "high")}


def test_cli_bounds_flag_imports_every_row_with_warnings(tmp_path):
    """`import ucdp --bounds flag` exits 0: 894 rows imported, the 18 broken ones warned."""
    result = subprocess.run(
        [
            sys.executable, "-m", "conflictevents", "import", "ucdp", str(SAMPLE),
            "--encoding", "cp1252", "--bounds", "flag",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-500:]
    lines = result.stderr.splitlines()
    assert sum(": warning: low <= best <= high fails" in line for line in lines) == 18
    assert lines[-1].endswith("894 rows, 894 imported as 2,656 claims, 0 rejected")
