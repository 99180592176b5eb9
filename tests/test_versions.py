"""Versions of a claim: when each was recorded, and how reconciliation orders them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    CasualtyCount,
    Claim,
    InvariantError,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    TimeSpan,
    cli,
    dumps,
    loads,
    read_jsonl,
    reconcile,
    write_jsonl,
)
from conflictevents import strategies as cst
from conflictevents.interop import acled, general_staff, ucdp

MINISTRY = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY)
KILLED = CasualtyCount(outcome=Outcome.KILLED, side="RU", quantity=Quantity(value=498))
T1 = pendulum.datetime(2022, 4, 15, 5, 20, tz="UTC")


class TestRecordedField:
    """`Claim.recorded` says when a version was recorded, never what the claim says."""

    @given(cst.claims(), cst.aware_datetimes())
    def test_recorded_never_changes_a_derived_id(self, claim: Claim, moment: dt.datetime):
        """Setting or changing the recorded time keeps a derived id."""
        assert attrs.evolve(claim, recorded=moment).id == claim.id
        assert attrs.evolve(claim, recorded=None).id == claim.id

    def test_a_claim_without_it_keeps_the_id_it_had(self):
        """A claim that never sets the field has the id of the previous release."""
        claim = Claim(claimant=MINISTRY, subject=KILLED)
        assert claim.recorded is None
        assert claim.id == "claim-48504331099ed979d065"

    def test_a_naive_datetime_is_refused(self):
        """A recorded time without a zone raises, naming the field."""
        with pytest.raises(InvariantError, match="recorded"):
            Claim(claimant=MINISTRY, subject=KILLED, recorded=dt.datetime(2022, 4, 15))  # noqa: DTZ001

    def test_equal_instants_in_other_zones_are_equal(self):
        """The same instant written in Kyiv's offset is the same recorded time."""
        kyiv = T1.in_timezone("Europe/Kyiv")
        assert Claim(claimant=MINISTRY, subject=KILLED, recorded=T1) == Claim(
            claimant=MINISTRY, subject=KILLED, recorded=kyiv
        )

    def test_round_trips_through_json(self):
        """The recorded time is written and read back as the same instant."""
        claim = Claim(claimant=MINISTRY, subject=KILLED, recorded=T1)
        assert '"recorded":"2022-04-15T05:20:00+00:00"' in dumps(claim)
        assert loads(dumps(claim), Claim) == claim

    def test_json_without_the_key_loads(self):
        """A line written before the field existed loads with no recorded time."""
        line = dumps(Claim(claimant=MINISTRY, subject=KILLED)).replace('"recorded":null,', "")
        assert "recorded" not in line
        assert loads(line, Claim).recorded is None


ACLED = Path(__file__).parent / "data" / "acled"
ORIGINAL = ACLED / "acled_fictional.csv"
REVISED = ACLED / "acled_fictional_revised.csv"
FATALITIES = "acled-XTS1-fatalities"


def _acled(*paths: Path) -> list[Claim]:
    return [c for path in paths for c in acled.read(path, on_error="collect")]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    """The revised export with one piece of text replaced."""
    text = REVISED.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "edited.csv"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


class TestAcledReexport:
    """An ACLED row revised between two exports: its timestamp orders the versions."""

    @pytest.mark.parametrize("order", [(ORIGINAL, REVISED), (REVISED, ORIGINAL)])
    def test_the_newer_figure_is_current_in_either_order(self, order: tuple[Path, Path]):
        """Fatalities 4 then 9 a week later: 9 is current and 4 superseded, whatever came first."""
        result = reconcile(_acled(*order))
        subject = result.of(next(c for c in _acled(REVISED) if c.id == FATALITIES))
        assert [s.quantity.value for s in subject.current if s.quantity] == [9]
        assert [c.quantity.value for c in subject.superseded_versions if c.quantity] == [4]
        assert subject.version_collisions == ()
        assert subject.envelope is not None
        assert subject.envelope.low == 4
        assert [c.recorded for c in subject.versions(FATALITIES)] == [
            pendulum.from_timestamp(1650000000),
            pendulum.from_timestamp(1650600000),
        ]
        assert result == reconcile(_acled(*reversed(order)))

    @pytest.mark.parametrize(
        "timestamp", ["1650000000", ""], ids=["equal timestamps", "no timestamps"]
    )
    def test_versions_with_no_order_are_a_collision(self, tmp_path: Path, timestamp: str):
        """Two figures for one row with no order between them are both kept and flagged."""
        original = ORIGINAL
        if not timestamp:
            original = tmp_path / "original.csv"
            original.write_text(
                ORIGINAL.read_text(encoding="utf-8").replace(",4,,1650000000", ",4,,"),
                encoding="utf-8",
            )
        revised = _edited(tmp_path, ",9,,1650600000", f",9,,{timestamp}")
        for order in [(original, revised), (revised, original)]:
            result = reconcile(_acled(*order))
            subject = next(s for s in result if FATALITIES in {c.id for c in s.claims})
            assert subject.version_collisions == (FATALITIES,)
            assert sorted(s.quantity.value for s in subject.current if s.quantity) == [4, 9]
            assert subject.superseded_versions == ()
            assert subject.range is not None
            assert subject.range.low == 4


_IDS = st.sampled_from(["x-1", "x-2"])
_TIMES = st.one_of(st.none(), st.sampled_from([T1, T1.add(days=1), T1.add(days=2)]))
_VERSIONS = st.lists(
    st.builds(
        lambda claim_id, value, recorded: Claim(
            id=claim_id,
            claimant=MINISTRY,
            subject=attrs.evolve(KILLED, quantity=Quantity(value=value)),
            recorded=recorded,
        ),
        _IDS,
        st.integers(1, 4),
        _TIMES,
    ),
    min_size=1,
    max_size=8,
)
"""Versions of two claims: a few contents and recorded times, so that they clash."""


def _unorderable(versions: list[Claim], claim_id: str) -> bool:
    """Whether the versions that may be the latest of ``claim_id`` say different things."""
    mine = [c for c in versions if c.id == claim_id]
    times = [c.recorded for c in mine if c.recorded is not None]
    top = max(times, default=None)
    newest = {c.quantity for c in mine if c.recorded is None or c.recorded == top}
    return len(newest) > 1


class TestVersionLaws:
    """Versions of one id: ordered by recorded time alone, never lost, never settled by a hash."""

    @given(_VERSIONS, st.randoms(use_true_random=False))
    def test_any_order_of_the_versions_gives_the_same_result(self, versions, rnd):
        """Reconciling a permutation of the versions gives an equal result."""
        shuffled = list(versions)
        rnd.shuffle(shuffled)
        assert reconcile(shuffled) == reconcile(versions)

    @given(_VERSIONS)
    def test_an_unorderable_collision_is_always_visible(self, versions):
        """An id whose possible latest versions disagree is listed as a version collision."""
        (subject,) = reconcile(versions)
        for claim_id in {c.id for c in versions}:
            assert (claim_id in subject.version_collisions) == _unorderable(versions, claim_id)

    @given(_VERSIONS)
    def test_no_version_is_lost(self, versions):
        """Every version is kept: as a latest claim or as a superseded version."""
        (subject,) = reconcile(versions)
        assert set(subject.claims) | set(subject.superseded_versions) == set(versions)
        assert not set(subject.claims) & set(subject.superseded_versions)

    @given(_VERSIONS)
    def test_the_latest_recorded_version_counts(self, versions):
        """Without a collision, each claim counts with its version recorded last."""
        (subject,) = reconcile(versions)
        for claim_id in {c.id for c in versions} - set(subject.version_collisions):
            (kept,) = [c for c in subject.claims if c.id == claim_id]
            times = [c.recorded for c in versions if c.id == claim_id and c.recorded]
            if times:
                assert kept.recorded == max(times)
            assert kept in versions

    @given(_VERSIONS, st.lists(st.integers(0, 2), min_size=8, max_size=8))
    def test_merge_of_partitions_equals_the_whole(self, versions, parts):
        """Reconciling parts of the versions and merging gives the result of all of them."""
        partitions: list[list[Claim]] = [[], [], []]
        for claim, part in zip(versions, parts, strict=False):
            partitions[part].append(claim)
        merged = reconcile(partitions[0])
        for part in partitions[1:]:
            merged = merged.merge(reconcile(part))
        assert merged == reconcile(versions)

    @given(_VERSIONS)
    def test_results_pass_their_validators(self, versions):
        """A result with versions is a valid model (evolve re-runs the validators)."""
        for subject in reconcile(versions):
            assert attrs.evolve(subject) == subject


class TestReconcileCommand:
    """`conflictevents reconcile` shows older versions and version collisions."""

    def _imports(self, tmp_path: Path, *paths: Path) -> list[str]:
        names = []
        for i, path in enumerate(paths):
            name = str(tmp_path / f"import-{i}.jsonl")
            # exit 1: the fixture's protest and strategic rows have no model
            assert cli.main(["import", "acled", str(path), "-o", name]) == 1
            names.append(name)
        return names

    def test_a_collision_shows_in_every_format(self, tmp_path: Path, capsys):
        """Table, JSON and CSV all name the colliding claim."""
        revised = _edited(tmp_path, ",9,,1650600000", ",9,,1650000000")
        files = self._imports(tmp_path, ORIGINAL, revised)
        capsys.readouterr()
        assert cli.main(["reconcile", *files]) == 0
        assert f"version collision: {FATALITIES}" in capsys.readouterr().out
        assert cli.main(["reconcile", *files, "--format", "json"]) == 0
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [d["version_collisions"] for d in lines if d["version_collisions"]] == [[FATALITIES]]
        assert cli.main(["reconcile", *files, "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert sorted(r["value"] for r in rows if r["version"] == "collision") == ["4", "9"]

    def test_an_older_version_is_listed_not_current(self, tmp_path: Path, capsys):
        """The older figure is an `older` CSV row, the newer the current one."""
        files = self._imports(tmp_path, REVISED, ORIGINAL)
        capsys.readouterr()
        assert cli.main(["reconcile", *files]) == 0
        assert "1 older version" in capsys.readouterr().out
        assert cli.main(["reconcile", *files, "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        mine = {
            (r["value"], r["version"], r["current"]) for r in rows if r["claim_id"] == FATALITIES
        }
        assert mine == {("9", "latest", "True"), ("4", "older", "False")}


GENERAL_STAFF = Path(__file__).parent / "data" / "general-staff"
APRIL_22 = "ua-general-staff-2022-04-22-personnel"


class TestRecordedOnImport:
    """Importers and `conflictevents import --recorded` fill the recorded time."""

    def test_general_staff_versions_keep_their_ids(self):
        """Two versions of the series read with `recorded=`: one id, the later figure current."""
        first = general_staff.read(
            GENERAL_STAFF / "revision-2022-04-22.json", recorded=T1.subtract(days=1)
        )
        today = general_staff.read(
            GENERAL_STAFF / "russia_losses_personnel.json",
            recorded=pendulum.datetime(2026, 8, 8, tz="UTC"),
        )
        killed = [c for c in [*first, *today] if c.id == APRIL_22]
        assert len(killed) == 2
        (result,) = reconcile(killed)
        assert [s.quantity.value for s in result.current if s.quantity] == [21200]
        assert [c.quantity.value for c in result.superseded_versions if c.quantity] == [22000]

    def test_a_correction_is_recorded_on_its_day(self):
        """The figure a correction file restates is recorded at the start of that day, Kyiv."""
        stream = general_staff.read(
            GENERAL_STAFF / "russia_losses_equipment.json",
            corrections=GENERAL_STAFF / "russia_losses_equipment_correction.json",
        )
        claims = {c.id: c for c in stream}
        corrected = claims["ua-general-staff-2022-10-12-apc-stated-2022-10-13"]
        assert corrected.recorded == pendulum.datetime(2022, 10, 13, tz="Europe/Kyiv")
        assert claims["ua-general-staff-2022-10-12-apc"].recorded is None

    def test_the_option_fills_claims_without_their_own_time(self, tmp_path: Path):
        """`--recorded` stamps General Staff claims, while ACLED rows keep their timestamp."""
        staff, rows = str(tmp_path / "gs.jsonl"), str(tmp_path / "acled.jsonl")
        source = str(GENERAL_STAFF / "revision-2022-04-22.json")
        assert (
            cli.main(["import", "general-staff", source, "--recorded", "2022-04-22", "-o", staff])
            == 0
        )
        assert {c.recorded for c in read_jsonl(staff)} == {pendulum.datetime(2022, 4, 22)}
        assert (
            cli.main(["import", "acled", str(ORIGINAL), "--recorded", "2026-08-08", "-o", rows])
            == 1
        )
        recorded = {c.id: c.recorded for c in read_jsonl(rows)}
        assert recorded[FATALITIES] == pendulum.from_timestamp(1650000000)

    def test_a_datetime_without_offset_is_a_usage_error(self, tmp_path: Path, capsys):
        """`--recorded 2026-08-08T10:00` stops with exit 2, naming the missing offset."""
        assert cli.main(["import", "acled", str(ORIGINAL), "--recorded", "2026-08-08T10:00"]) == 2
        assert "no UTC offset" in capsys.readouterr().err


class TestDiffOfTwoImports:
    """`conflictevents diff` of two imports of one data set: added, removed, changed per id."""

    def _import(self, tmp_path: Path, path: Path, name: str) -> str:
        target = str(tmp_path / name)
        assert cli.main(["import", "acled", str(path), "-o", target]) == 1
        return target

    def test_changed_ids_show_their_field_differences(self, tmp_path: Path, capsys):
        """The revised row is one changed id; a new recorded time alone is no change."""
        a = self._import(tmp_path, ORIGINAL, "a.jsonl")
        b = self._import(tmp_path, REVISED, "b.jsonl")
        capsys.readouterr()
        assert cli.main(["diff", a, b]) == 1
        out, err = capsys.readouterr()
        assert out.splitlines() == [
            f"{FATALITIES}: $.subject.quantity.value: 4 -> 9",
            f"{FATALITIES}: $.subject.quantity.low: 4 -> 9",
            f'{FATALITIES}: $.recorded: "2022-04-15T05:20:00+00:00" -> "2022-04-22T04:00:00+00:00"',
        ]
        assert err.splitlines()[-1] == "0 ids added, 0 removed, 1 changed, 11 unchanged"

    def test_versions_in_one_file_are_settled_or_reported(self, tmp_path: Path, capsys):
        """A file holding two versions of an id compares its latest; with no order, a collision."""
        original = _acled(ORIGINAL)
        revised = _acled(REVISED)
        both = tmp_path / "both.jsonl"
        write_jsonl([*original, *revised], both)
        only = tmp_path / "revised.jsonl"
        write_jsonl(revised, only)
        assert cli.main(["diff", str(both), str(only)]) == 0
        stamped = [attrs.evolve(c, recorded=None) for c in [*original, *revised]]
        write_jsonl(stamped, both)
        capsys.readouterr()
        assert cli.main(["diff", str(both), str(only)]) == 1
        out, err = capsys.readouterr()
        assert f"{FATALITIES}: version collision in {both} (2 versions, no order)" in out
        assert "1 with a version collision" in err.splitlines()[-1]


_DAYS = st.one_of(
    st.none(),
    st.sampled_from([TimeSpan.day(dt.date(2022, 3, d), tz="Europe/Kyiv") for d in (1, 2)]),
)
_STATED_VERSIONS = st.lists(
    st.builds(
        lambda claim, stated: attrs.evolve(claim, stated=stated),
        _VERSIONS.map(lambda versions: versions[0]),
        _DAYS,
    ),
    min_size=1,
    max_size=8,
)
"""Versions made on a few days: the timeline orders them by when they were made."""


class TestTimelineWithVersions:
    """A subject's timeline with versions and collisions ends where the result is."""

    @given(_STATED_VERSIONS)
    def test_the_last_change_is_the_result(self, versions):
        """The timeline's last status and range are the result's, collisions included."""
        (subject,) = reconcile(versions)
        last = subject.timeline()[-1]
        assert (last.status, last.range) == (subject.status, subject.range)


class TestUcdpVersions:
    """Two UCDP releases read with `recorded=`: each event's figure from the later one."""

    def test_the_later_release_counts(self):
        """A death toll revised between two releases: the later release's figure is current."""
        path = (
            Path(__file__).parent
            / "data"
            / "ucdp"
            / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"
        )
        first = list(ucdp.read(path, encoding="cp1252", recorded=T1, on_error="collect"))
        claim = next(c for c in first if c.id.endswith("-deaths") and c.quantity)
        assert claim.recorded == T1
        quantity = claim.quantity
        assert quantity is not None
        revised = attrs.evolve(
            claim,
            subject=attrs.evolve(
                claim.subject, quantity=attrs.evolve(quantity, value=quantity.high)
            ),
            recorded=T1.add(months=1),
        )
        assert revised.id == claim.id
        (subject,) = reconcile([revised, claim])
        assert [s.quantity for s in subject.current] == [revised.quantity]
        assert subject.superseded_versions == (claim,)
