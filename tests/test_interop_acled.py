"""Reading ACLED CSV exports as claims by ACLED.

ACLED's terms forbid redistribution: tests/data/acled holds fictional rows written
from the public codebook's column list, never real ACLED data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _doc_tables import doc_table
from conflictevents import (
    Attack,
    AttackKind,
    LocationPrecision,
    Negotiation,
    NegotiationStatus,
    Qualifier,
    Quantity,
    SourceKind,
    TerritorialControl,
    TimePrecision,
    dumps,
    loads,
)
from conflictevents.datasets import (
    AcledActorType,
    AcledCoding,
    AcledDisorderType,
    AcledEventType,
    AcledSubEventType,
    CodedEvent,
)
from conflictevents.interop import RowError, acled

DATA = Path(__file__).parent / "data" / "acled"
SAMPLE = DATA / "acled_fictional.csv"
EVERY_TYPE = DATA / "acled_every_type.csv"
DOCS = Path(__file__).parent.parent / "docs" / "importing" / "acled.md"


@pytest.fixture(scope="module")
def imported():
    stream = acled.read(SAMPLE, on_error="collect")
    return stream, {c.id: c for c in stream}


class TestCounts:
    """Every row is imported or reported with its line and reason."""

    def test_rows_add_up(self, imported):
        """Seven rows: six events imported (a protest and a looting too), one reported."""
        stream, claims = imported
        assert (stream.rows, stream.imported, stream.rejected) == (7, 6, 1)
        assert len(claims) == 12
        assert [(e.line, e.column) for e in stream.errors] == [(7, "fatalities")]

    def test_raise(self):
        """By default the first bad row stops the import."""
        with pytest.raises(RowError, match="whole number"):
            list(acled.read(SAMPLE))


class TestActors:
    """ACLED's actors carry their names as ids; state forces are their state."""

    def test_state_forces_are_their_state(self):
        """ "Military Forces of Russia (2000-)" is Russia's military, with ACLED's name as id."""
        russia = acled.actor("Military Forces of Russia (2000-)")
        assert russia.ids == {"acled-actor:Military Forces of Russia (2000-)", "iso3166:RU"}
        assert (russia.kind, russia.side, russia.country) == (SourceKind.MILITARY, "RU", "RU")

    def test_police_and_non_state_actors(self):
        """Police forces are their state's agency; civilians and groups have no state."""
        police = acled.actor("Police Forces of Ukraine (2019-)")
        assert (police.kind, police.side) == (SourceKind.AGENCY, "UA")
        civilians = acled.actor("Civilians (Ukraine)")
        assert (civilians.kind, civilians.side) == (SourceKind.OTHER, None)
        assert civilians.ids == {"acled-actor:Civilians (Ukraine)"}

    def test_ids_survive_json(self, imported):
        """Every claim read, actor ids included, comes back equal from JSON."""
        _, claims = imported
        assert all(loads(dumps(c)) == c for c in claims.values())

    def test_a_bad_actor_name_names_its_column(self):
        """An actor name with a control character rejects the row at that column."""
        text = SAMPLE.read_text(encoding="utf-8").splitlines()
        header, row = text[0], text[1]
        cells = row.split(",")
        cells[header.split(",").index("actor2")] = "Bad\u0007Name"
        lines = "\n".join([header, ",".join(cells)])
        stream = acled.read(io.StringIO(lines, newline=""), on_error="collect")
        assert list(stream) == []
        assert [e.column for e in stream.errors] == ["actor2"]


class TestFields:
    """Rows checked field by field against the file."""

    def test_battle(self, imported):
        """XTS1: a battle on an exact day at a town, 4 fatalities at least, two sources."""
        _, claims = imported
        event = claims["acled-XTS1"].subject
        assert isinstance(event, Attack)
        assert event.kind is AttackKind.ENGAGEMENT
        assert event.attacker.name == "Military Forces of Russia (2000-)"
        assert event.target.name == "Military Forces of Ukraine (2019-)"
        assert event.attacker.ids == {"acled-actor:Military Forces of Russia (2000-)", "iso3166:RU"}
        assert (event.target.side, event.target.country) == ("UA", "UA")
        assert event.when.precision is TimePrecision.DAY
        assert event.when.start.date() == dt.date(2022, 3, 2)
        assert event.place.name == "Kharkiv"
        assert event.place.country == "UA"
        assert event.place.precision is LocationPrecision.SETTLEMENT
        assert event.description == "Fictional row: clashes on the outskirts."
        deaths = claims["acled-XTS1-fatalities"]
        assert deaths.quantity == Quantity(value=4, qualifier=Qualifier.AT_LEAST)
        assert [p.outlet.name for p in deaths.reported_in] == ["Example Wire", "Example Daily"]
        assert deaths.claimant == acled.ACLED

    def test_week_and_month(self, imported):
        """time_precision 2 is the week around the date; 3 the calendar month."""
        _, claims = imported
        week = claims["acled-XTS2"].subject.when
        assert week.precision is TimePrecision.WEEK
        assert (week.start.date(), week.end.date()) == (dt.date(2022, 2, 28), dt.date(2022, 3, 7))
        assert claims["acled-XTS2"].subject.kind is AttackKind.SHELLING
        assert claims["acled-XTS2"].subject.place.precision is LocationPrecision.DISTRICT
        month = claims["acled-XTS3"].subject.when
        assert month.precision is TimePrecision.MONTH
        assert (month.start.date(), month.end.date()) == (dt.date(2022, 3, 1), dt.date(2022, 4, 1))
        assert claims["acled-XTS3"].subject.kind is AttackKind.AIR_STRIKE
        assert claims["acled-XTS3"].subject.place.precision is LocationPrecision.REGION


class TestDates:
    """ACLED's date styles."""

    @given(st.dates(min_value=dt.date(1997, 1, 1), max_value=dt.date(2099, 12, 31)))
    def test_styles_agree(self, day):
        """ISO, '24 February 2022' and '24-Feb-2022' give the same day."""
        styles = [
            day.isoformat(),
            f"{day.day} {day.strftime('%B')} {day.year}",
            f"{day.day:02}-{day.strftime('%b')}-{day.year}",
        ]
        assert {acled.parse_date(s) for s in styles} == {day}


@pytest.fixture(scope="module")
def every_type():
    stream = acled.read(EVERY_TYPE, on_error="collect")
    return stream, list(stream)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


class TestEveryType:
    """A fictional export with one row of each of ACLED's 25 sub-event types."""

    def test_every_row_imports(self, every_type):
        """All 25 rows import, none rejected, each sub-event type once."""
        stream, claims = every_type
        assert (stream.rows, stream.imported, stream.rejected) == (25, 25, 0)
        events = [c.subject for c in claims if isinstance(c.subject, Attack | CodedEvent)]
        assert len(events) == 25
        assert {e.coding.sub_event_type for e in events} == set(AcledSubEventType)

    def test_model_follows_the_event_type(self, every_type):
        """Political violence is an Attack, protests and developments a CodedEvent."""
        _, claims = every_type
        for claim in claims:
            if claim.id.count("-") > 1:
                continue  # the fatalities, control and negotiation claims
            event = claim.subject
            expected = Attack if event.coding.event_type in acled.ATTACKS else CodedEvent
            assert type(event) is expected, claim.id

    def test_sexual_violence_keeps_its_label(self, every_type):
        """A 'Sexual violence' row: kind other, but the sub-event type is typed in coding."""
        _, claims = every_type
        event = next(
            c.subject
            for c in claims
            if isinstance(c.subject, Attack)
            and c.subject.coding.sub_event_type is AcledSubEventType.SEXUAL_VIOLENCE
        )
        assert event.kind is AttackKind.OTHER
        assert event.coding.event_type is AcledEventType.VIOLENCE_AGAINST_CIVILIANS
        assert event.coding.civilian_targeting
        assert event.coding.tags == ("women targeted: girls", "crowd size=no report")

    def test_columns_kept(self, every_type):
        """Each row's coded columns are in its event, typed, as the file gives them."""
        _, claims = every_type
        events = {c.id: c.subject for c in claims if isinstance(c.subject, Attack | CodedEvent)}
        for row in _rows(EVERY_TYPE):
            event = events[f"acled-{row['event_id_cnty']}"]
            coding, place = event.coding, event.place
            assert coding.disorder_type == AcledDisorderType(row["disorder_type"])
            assert coding.source_scale == row["source_scale"]
            assert coding.civilian_targeting == (row["civilian_targeting"] != "")
            assert place.district == (row["admin2"] or None)
            assert place.subdistrict == (row["admin3"] or None)
            inter1 = coding.inter1
            assert row["inter1"] in {str(inter1.code), inter1.value}
            if row["interaction"]:
                assert int(row["interaction"]) == coding.interaction

    def test_crowd_size(self, every_type):
        """A protest's 'crowd size=around 100' is its size; 'no report' and 'dozens' none."""
        _, claims = every_type
        protests = [c.subject for c in claims if isinstance(c.subject, CodedEvent)]
        sizes = {
            next(t for t in p.coding.tags if t.startswith("crowd size=")): p.size
            for p in protests
            if p.coding.event_type is AcledEventType.PROTESTS
        }
        assert sizes["crowd size=around 100"] == Quantity(value=100, qualifier=Qualifier.ABOUT)
        assert sizes["crowd size=no report"] is None

    def test_cli_import_exits_0(self, tmp_path):
        """`conflictevents import acled` on a file of every event type exits 0."""
        result = subprocess.run(
            [sys.executable, "-m", "conflictevents", "import", "acled", str(EVERY_TYPE)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[-1].endswith(
            "25 rows, 25 imported as 54 claims, 0 rejected"
        )
        assert len(result.stdout.splitlines()) == 55  # the header line and 54 claims

    def test_cli_event_type_flag(self, tmp_path):
        """`--event-type Protests` imports the 3 protests and counts the rest as left out."""
        result = subprocess.run(
            [
                sys.executable, "-m", "conflictevents", "import", "acled", str(EVERY_TYPE),
                "--event-type", "Protests",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[-1].endswith(
            "25 rows, 3 imported as 6 claims, 0 rejected, 22 of other event types left out"
        )


class TestWhatEventsAre:
    """Changes of territory are control claims, agreements are talks held."""

    def test_changes_of_territory_are_control_claims(self, every_type):
        """The three territory sub-event types give actor1 control of the place, changed."""
        _, claims = every_type
        events = {c.id: c.subject for c in claims if isinstance(c.subject, Attack | CodedEvent)}
        controls = {c.id: c.subject for c in claims if isinstance(c.subject, TerritorialControl)}
        changed = {
            f"{event_id}-control"
            for event_id, event in events.items()
            if event.coding.sub_event_type in acled.CONTROL_CHANGES
        }
        assert set(controls) == changed
        assert len(changed) == 3
        for claim_id, control in controls.items():
            event = events[claim_id.removesuffix("-control")]
            first = event.attacker if isinstance(event, Attack) else event.actor
            assert (control.controller, control.place, control.change) == (
                first.side or first.name,
                event.place,
                True,
            )

    def test_an_agreement_is_talks_held(self, every_type):
        """An agreement between two actors is a negotiation held, the notes its outcome."""
        _, claims = every_type
        talks = [c.subject for c in claims if isinstance(c.subject, Negotiation)]
        assert len(talks) == 1
        assert talks[0].status is NegotiationStatus.HELD
        assert talks[0].parties == {"Fictional Rebel Front", "Military Forces of Testland (2001-)"}
        assert talks[0].outcome == "Fictional row: a agreement."

    def test_state_forces_control_as_their_side(self):
        """Russia's forces regaining a town: the control claim's controller is 'RU'."""
        row = _rows(EVERY_TYPE)[0] | {"actor1": "Military Forces of Russia (2000-)"}
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=acled.COLUMNS)
        writer.writeheader()
        writer.writerow(row)
        text.seek(0)
        control = next(c for c in acled.read(text) if c.id.endswith("-control"))
        assert control.subject.controller == "RU"


class TestFilter:
    """read(event_types=...) imports only those event types and counts the others."""

    @pytest.mark.parametrize("chosen", [["Protests"], ["Battles", "Riots"], list(AcledEventType)])
    def test_only_the_chosen_types(self, chosen):
        """Only the chosen event types import; rows == imported + rejected + filtered_out."""
        stream = acled.read(EVERY_TYPE, event_types=chosen)
        claims = list(stream)
        events = [c.subject for c in claims if isinstance(c.subject, Attack | CodedEvent)]
        types = {e.coding.event_type for e in events}
        assert types == set(map(AcledEventType, chosen))
        expected = sum(1 for r in _rows(EVERY_TYPE) if r["event_type"] in chosen)
        assert (stream.imported, stream.rejected) == (expected, 0)
        assert stream.rows == stream.imported + stream.filtered_out == 25

    def test_unknown_event_type(self):
        """A name ACLED does not use is refused at once, listing the known ones."""
        with pytest.raises(ValueError, match=r"'Battle'.*Battles"):
            acled.read(EVERY_TYPE, event_types=["Battle"])


def _one_row(**changes: str) -> io.StringIO:
    row = _rows(EVERY_TYPE)[2] | changes
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=acled.COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    text.seek(0)
    return text


class TestBadCodes:
    """Codes that contradict each other or the codebook reject their row, at the column."""

    @pytest.mark.parametrize(
        ("changes", "column"),
        [
            ({"event_type": "Protests"}, "event_type"),
            ({"sub_event_type": "Armed clashes"}, "sub_event_type"),
            ({"interaction": "11"}, "interaction"),
            ({"inter1": "9"}, "inter1"),
            ({"inter1": "0", "interaction": ""}, "inter1"),
            ({"civilian_targeting": "yes"}, "civilian_targeting"),
            ({"disorder_type": "Violence"}, "disorder_type"),
        ],
    )
    def test_rejected_at_the_column(self, changes, column):
        """The row is rejected, naming the column that holds the contradiction."""
        stream = acled.read(_one_row(**changes), on_error="collect")
        assert list(stream) == []
        assert [e.column for e in stream.errors] == [column]


def _normal(column: str, value: str, row: dict[str, str]) -> object:
    if column == "event_date":
        day = acled.parse_date(value)
        return day.replace(day=1) if row["time_precision"] == "3" else day
    if column in {"inter1", "inter2"}:
        return acled._ACTOR_TYPES.get(value.strip())
    if column in {"latitude", "longitude"}:
        return float(value) if value else None
    if column in {"source", "tags", "assoc_actor_1", "assoc_actor_2"}:
        return [v.strip() for v in value.split(";") if v.strip()]
    return value


def _round_trip_differences(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=acled.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    text.seek(0)
    claims = list(acled.read(text))
    out = io.StringIO(newline="")
    assert acled.write(claims, out) == len(rows)
    out.seek(0)
    differences = []
    for row, back in zip(rows, csv.DictReader(out), strict=True):
        for column in acled.ROUND_TRIP_COLUMNS:
            if column == "interaction" and not row[column].isdigit():
                continue  # the text form is not kept: it follows from inter1/inter2
            if _normal(column, row[column], row) != _normal(column, back[column], row):
                differences.append((row["event_id_cnty"], column))
    return differences


class TestRoundTrip:
    """ACLED row -> objects -> ACLED row keeps every column the reader keeps."""

    @pytest.mark.parametrize("path", [EVERY_TYPE, DATA / "acled_fictional_revised.csv"])
    def test_fixture_round_trips(self, path):
        """Every round-trip column of the fictional files comes back (the bad row aside)."""
        rows = [r for r in _rows(path) if r["fatalities"].isdigit()]
        assert _round_trip_differences(rows) == []

    def test_reading_the_written_rows_gives_the_same_claims(self, every_type):
        """Reading back what write() wrote gives equal claims."""
        _, claims = every_type
        out = io.StringIO(newline="")
        acled.write(claims, out)
        out.seek(0)
        assert list(acled.read(out)) == claims

    @given(st.lists(st.data(), min_size=1, max_size=4))
    def test_generated_rows_round_trip(self, draws):
        """Any valid row (any sub-event type, codes or labels, any columns) comes back."""
        rows = [draw.draw(acled_rows(f"XG{i}")) for i, draw in enumerate(draws)]
        assert _round_trip_differences(rows) == []


_words = st.text(
    alphabet=st.characters(exclude_characters=';,"\r\n', exclude_categories=("Cc", "Cs", "Z")),
    min_size=1,
    max_size=10,
)


@st.composite
def acled_rows(draw: st.DrawFn, event_id: str) -> dict[str, str]:
    """A valid ACLED row over the round-trip columns, in either style of actor types."""
    sub = draw(st.sampled_from(AcledSubEventType))
    inters = draw(st.lists(st.sampled_from(AcledActorType), min_size=1, max_size=2))
    labels = draw(st.booleans())
    coding = AcledCoding(
        sub_event_type=sub, inter1=inters[0], inter2=inters[1] if len(inters) > 1 else None
    )

    def inter(t: AcledActorType | None) -> str:
        if t is None:
            return "" if labels else "0"
        return t.value if labels else str(t.code)

    day = draw(st.dates(min_value=dt.date(1997, 1, 1), max_value=dt.date(2030, 12, 31)))
    names = st.lists(_words, max_size=2).map("; ".join)
    return dict.fromkeys(acled.COLUMNS, "") | {
        "event_id_cnty": event_id,
        "event_date": day.isoformat(),
        "time_precision": draw(st.sampled_from(sorted(acled.TIME_PRECISION))),
        "disorder_type": draw(st.sampled_from(["", *AcledDisorderType])),
        "event_type": sub.event_type.value,
        "sub_event_type": sub.value,
        "actor1": draw(_words),
        "assoc_actor_1": draw(names),
        "inter1": inter(coding.inter1),
        "actor2": draw(st.sampled_from(["", "Civilians (Testland)"])),
        "assoc_actor_2": draw(names),
        "inter2": inter(coding.inter2),
        "interaction": "" if labels else str(coding.interaction),
        "civilian_targeting": draw(st.sampled_from(["", "Civilian targeting"])),
        "country": draw(st.sampled_from(sorted(acled.COUNTRIES))),
        "admin1": draw(st.sampled_from(["", "Kharkiv"])),
        "admin2": draw(st.sampled_from(["", "Kharkivskyi"])),
        "admin3": draw(st.sampled_from(["", "Kharkivska"])),
        "location": draw(_words),
        "latitude": str(round(draw(st.floats(-90, 90, allow_nan=False)), 4)),
        "longitude": str(round(draw(st.floats(-180, 180, allow_nan=False)), 4)),
        "geo_precision": draw(st.sampled_from(sorted(acled.GEO_PRECISION))),
        "source": draw(st.lists(_words, min_size=1, max_size=3).map("; ".join)),
        "source_scale": draw(st.sampled_from(["", "National", "Local partner-Other"])),
        "notes": draw(st.sampled_from(["", "Fictional notes, with a comma."])),
        "fatalities": str(draw(st.integers(0, 10**6))),
        "tags": draw(st.sampled_from(["", "crowd size=around 100", "a; crowd size=no report"])),
        "timestamp": draw(st.sampled_from(["", "1650000000"])),
    }


class TestDocs:
    """The docs' table of every sub-event type is the reader's."""

    def test_every_sub_event_type_is_documented_as_read(self):
        """Each row: the event type, the model and the kind the reader gives it."""
        rows = doc_table(DOCS, "### Every event type and sub-event type")[1:]  # no header
        documented = {r[0]: tuple(r[1:4]) for r in rows}
        assert set(documented) == {t.value for t in AcledSubEventType}
        for sub in AcledSubEventType:
            model = "Attack" if sub.event_type in acled.ATTACKS else "CodedEvent"
            kind = acled.SUB_EVENT_TYPES[sub].value if model == "Attack" else ""
            assert documented[sub.value] == (sub.event_type.value, model, kind), sub

    def test_actor_types_are_documented(self):
        """The inter codes table gives each actor type's number and label."""
        rows = doc_table(DOCS, "### Actor types")[1:]  # no header
        assert [(r[0], r[1], r[2]) for r in rows] == [
            (str(t.code), t.value, t.name) for t in AcledActorType
        ]
