"""Pictures: each claimant's figures over time, and the divergence overview."""

from __future__ import annotations

import datetime as dt
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictevents import (
    Claim,
    EquipmentLoss,
    Quantity,
    ReconciliationStatus,
    Source,
    SourceKind,
    TimeSpan,
    subject_key,
    write_jsonl,
)
from conflictevents import strategies as ces
from conflictevents.cli import main
from conflictevents.examples import first_week_2022, samples
from conflictevents.interop import general_staff, oryx
from conflictevents.plot import plot_divergence, plot_figures, timelines

matplotlib = pytest.importorskip("matplotlib")

TANKS = "equipment_loss/side=RU/equipment=tank/status=lost"
ARTICLE = (
    "casualty_count/side=RU/category=military/outcome=killed",
    "casualty_count/side=UA/category=military/outcome=killed",
    "casualty_count/side=UA/category=military/outcome=wounded",
    "casualty_count/side=UA/category=civilian/outcome=killed",
)
KYIV = "Europe/Kyiv"


@pytest.fixture(scope="module")
def losses():
    folder = samples()
    return [
        *general_staff.read(folder / "general-staff" / "russia_losses_equipment.json"),
        *oryx.read(folder / "oryx" / "daily_count.csv"),
    ]


@pytest.fixture(scope="module")
def files(losses, tmp_path_factory):
    folder = tmp_path_factory.mktemp("plot")
    write_jsonl(losses, folder / "losses.jsonl")
    write_jsonl(first_week_2022(), folder / "article.jsonl")
    return folder


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _svg_size(path):
    root = ET.parse(path).getroot()  # noqa: S314 - a file this test wrote
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root.get("width"), root.get("height")


def _claimant_lines(axes):
    return [line.get_label() for line in axes.get_lines() if not line.get_label().startswith("_")]


def _claim(claimant, figure, day, *, stated=None):
    end = TimeSpan.day(day, tz=KYIV).end
    return Claim(
        claimant=Source(name=claimant, kind=SourceKind.MONITOR),
        subject=EquipmentLoss(
            side="RU",
            equipment="tank",
            quantity=Quantity(value=figure),
            period=TimeSpan.between(TimeSpan.day(dt.date(2022, 2, 24), tz=KYIV).start, end),
        ),
        stated=stated or TimeSpan.day(day, tz=KYIV),
    )


class TestFigures:
    """plot_figures draws one line per claimant, with bands, faded corrections and status changes."""

    def test_general_staff_vs_oryx(self, losses, tmp_path):
        """The tanks figure has one line per claimant and saves as PNG and SVG of the expected size."""
        figure = plot_figures(losses, [TANKS])
        [axes] = figure.axes
        assert _claimant_lines(axes) == ["General Staff of the Armed Forces of Ukraine", "Oryx"]
        figure.savefig(tmp_path / "tanks.png")
        figure.savefig(tmp_path / "tanks.svg")
        assert _png_size(tmp_path / "tanks.png") == (1000, 360)
        assert _svg_size(tmp_path / "tanks.svg") == ("720pt", "259.2pt")

    def test_no_range_past_the_last_date_every_claimant_gives(self, losses):
        """The General Staff against Oryx: the range stops at Oryx's last date (19 Jul 2025)."""
        [timeline] = timelines(losses, [TANKS])
        last = max(p.at for p in timeline.points if p.claimant == "Oryx")
        assert max(r.at for r in timeline.ranges) == last
        final = timeline.ranges[-1]
        assert (final.low, final.high) == (4074, 11032)  # both as of 19 Jul 2025

    def test_a_range_only_at_dates_both_give(self):
        """A date one claimant skipped gets no range: two dates are never joined."""
        claims = [
            _claim("A", 10, dt.date(2025, 3, 1)),
            _claim("A", 12, dt.date(2025, 3, 2)),
            _claim("A", 14, dt.date(2025, 3, 3)),
            _claim("B", 5, dt.date(2025, 3, 1)),
            _claim("B", 6, dt.date(2025, 3, 3)),
        ]
        [timeline] = timelines(claims, [TANKS])
        assert [(r.at.day, r.low, r.high) for r in timeline.ranges] == [(2, 5, 10), (4, 6, 14)]

    def test_reference_article(self, tmp_path):
        """The article's casualty subjects get a panel each, a line per claimant in each."""
        figure = plot_figures(first_week_2022(), ARTICLE)
        assert len(figure.axes) == 4
        assert _claimant_lines(figure.axes[0]) == [
            "Russian Defence Ministry",
            "Ukrainian Defence Ministry",
            "Volodymyr Zelensky",
        ]
        assert [len(_claimant_lines(axes)) for axes in figure.axes] == [3, 1, 1, 1]
        figure.savefig(tmp_path / "article.png")
        assert _png_size(tmp_path / "article.png") == (1000, 1440)

    def test_corrections_are_faded_and_status_changes_marked(self):
        """A corrected figure is drawn faded; the change from consistent to divergent is marked."""
        day = dt.date(2022, 4, 22)
        first = _claim("General Staff", 800, day)
        correction = _claim(
            "General Staff", 838, day, stated=TimeSpan.day(day + dt.timedelta(days=1), tz=KYIV)
        )
        later = [
            _claim("General Staff", 900, day + dt.timedelta(days=5)),
            _claim("Oryx", 400, day + dt.timedelta(days=5)),
        ]
        [timeline] = timelines(
            [first, correction, *later], ["equipment_loss/side=RU/equipment=tank/status=lost"]
        )
        faded = {p.claim: p.superseded for p in timeline.points}
        assert (faded[first.id], faded[correction.id]) == (True, False)
        assert [(c.before, c.after) for c in timeline.changes] == [
            (ReconciliationStatus.CONSISTENT, ReconciliationStatus.DIVERGENT)
        ]
        assert (timeline.ranges[-1].low, timeline.ranges[-1].high) == (400, 900)
        figure = plot_figures([first, correction, *later], [TANKS])
        labels = [line.get_label() for line in figure.axes[0].get_lines()]
        assert "_superseded" in labels
        assert "_status change" in labels

    def test_unknown_subject(self):
        """A subject no claim has raises KeyError naming it."""
        with pytest.raises(KeyError, match="nothing"):
            plot_figures(first_week_2022(), ["nothing"])

    @settings(max_examples=25)
    @given(
        st.lists(
            ces.claims(
                subjects=ces.casualty_counts(
                    sides=st.just("RU"), places=st.none(), events=st.none()
                )
            ),
            min_size=1,
            max_size=6,
        )
    )
    def test_any_claims(self, claims):
        """For any claims, each drawn panel has one line per claimant with a figure."""
        wanted = sorted({subject_key(c.subject) for c in claims})
        drawn = timelines(claims, wanted)
        figure = plot_figures(claims, wanted)
        for axes, timeline in zip(figure.axes, drawn, strict=True):
            assert _claimant_lines(axes) == list(timeline.claimants)


class TestDivergence:
    """plot_divergence draws the subjects whose figures disagree most."""

    def test_reference_article(self, tmp_path):
        """The article's Russian military deaths (498 to 9,000) are on the overview."""
        figure = plot_divergence(first_week_2022())
        [axes] = figure.axes
        labels = [tick.get_text() for tick in axes.get_yticklabels()]
        assert labels == ["casualty count RU military killed since 2022-02-24"]
        figure.savefig(tmp_path / "divergence.svg")
        assert _svg_size(tmp_path / "divergence.svg")[0] == "720pt"

    def test_general_staff_vs_oryx(self, losses):
        """Every row's spread is at least the next one's, largest first."""
        figure = plot_divergence(losses, top=5)
        labels = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
        assert len(labels) >= 3
        assert any("tank" in label for label in labels)


class TestDocsImages:
    """The pictures the docs show are valid PNGs of the size plot_figures draws."""

    @pytest.mark.parametrize(
        ("name", "size"),
        [
            ("tanks-general-staff-oryx.png", (1000, 360)),
            ("article-casualties.png", (1000, 1440)),
            ("divergence.png", (1000, 405)),
        ],
    )
    def test_image(self, name, size):
        """Each image exists, is a PNG and has the expected pixel size."""
        path = Path(__file__).parents[1] / "docs" / "images" / name
        assert _png_size(path) == size


class TestCommand:
    """`conflictevents plot` writes the pictures the functions draw."""

    @pytest.mark.parametrize("suffix", ["png", "svg"])
    def test_general_staff_vs_oryx(self, files, suffix):
        """The tanks picture is written as PNG or SVG, 1,000 pixels (720 points) wide."""
        out = files / f"tanks.{suffix}"
        assert main(["plot", str(files / "losses.jsonl"), "--subject", TANKS, "-o", str(out)]) == 0
        if suffix == "png":
            assert _png_size(out) == (1000, 360)
        else:
            assert _svg_size(out) == ("720pt", "259.2pt")

    @pytest.mark.parametrize("suffix", ["png", "svg"])
    def test_reference_article(self, files, suffix):
        """The article's four casualty subjects are four panels, 1,440 pixels high."""
        out = files / f"article.{suffix}"
        args = ["plot", str(files / "article.jsonl"), "-o", str(out)]
        for subject in ARTICLE:
            args += ["--subject", subject]
        assert main(args) == 0
        if suffix == "png":
            assert _png_size(out) == (1000, 1440)
        else:
            assert _svg_size(out) == ("720pt", "1036.8pt")

    def test_errors(self, files, capsys):
        """A wrong suffix is a usage error, an unknown subject exit 1, an unwritable folder exit 4."""
        article = str(files / "article.jsonl")
        assert main(["plot", article, "-o", str(files / "x.pdf")]) == 2
        assert main(["plot", article, "--subject", "nothing", "-o", str(files / "x.png")]) == 1
        assert main(["plot", article, "-o", str(files / "missing" / "x.png")]) == 4
        assert not (files / "x.png").exists()
        assert "no claim is about 'nothing'" in capsys.readouterr().err

    def test_written_whole_through_a_link(self, files, monkeypatch):
        """The picture goes to a link's target (the link stays); a failed save leaves the old file and nothing beside it."""
        target = files / "real.png"
        target.write_bytes(b"OLD")
        link = files / "link.png"
        link.symlink_to(target)
        article = str(files / "article.jsonl")
        assert main(["plot", article, "--subject", ARTICLE[0], "-o", str(link)]) == 0
        assert link.is_symlink()
        assert _png_size(target) == (1000, 360)

        def full(*_args: object, **_kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("matplotlib.figure.Figure.savefig", full)
        target.write_bytes(b"OLD")
        assert main(["plot", article, "--subject", ARTICLE[0], "-o", str(target)]) == 4
        assert target.read_bytes() == b"OLD"
        assert sorted(p.name for p in files.iterdir() if p.name.startswith(".")) == []


def test_a_label_keeps_a_side_named_like_the_unknown_mark():
    """A side named "*" is shown in a subject's label; a side not given is left out."""
    from conflictevents import CasualtyCount, Category, Outcome  # noqa: PLC0415
    from conflictevents.plot import _short  # noqa: PLC0415

    def count(side):
        return CasualtyCount(
            side=side,
            category=Category.CIVILIAN,
            outcome=Outcome.KILLED,
            quantity=Quantity(value=1),
            period=TimeSpan.day(dt.date(2023, 7, 1), tz="Europe/Kyiv"),
        )

    assert _short(subject_key(count("*"))).split()[:3] == ["casualty", "count", "*"]
    assert _short(subject_key(count("a/b"))).split()[2] == "a/b"
    assert _short(subject_key(count(None))).split()[2] == "civilian"
