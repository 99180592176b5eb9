"""One name, however its Unicode is written: NFC and NFD, invisible format characters and odd
whitespace never make two claimants, two attackers or two regions (review F1, F3, F12)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    CasualtyCount,
    Category,
    Claim,
    Location,
    LocationPrecision,
    Outcome,
    Quantity,
    Source,
    SourceKind,
    TimeSpan,
    dumps,
    reconcile,
    rollups,
    same_subject,
    subject_key,
)
from conflictevents import strategies as cst
from conflictevents._names import cross_script_key, name_key, visible_name
from conflictevents._subject_keys import actor_key
from conflictevents.rollups import Period, Rollup, rollup
from test_reconcile_digest import _claims
from test_rollups import claim_sets

FORMAT_CHARACTERS = ("\u200e", "\u200f", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060")
"""Invisible characters that reports carry in names (category Cf): LRM, RLM, ZWSP, ZWNJ,
ZWJ, BOM, soft hyphen, word joiner."""

ODD_SPACES = ("\u00a0", "\u2007", "\u202f", "\u3000", "\t")


def _range(first: int, last: int) -> str:
    return "".join(chr(c) for c in range(first, last + 1))


_SCRIPTS = {
    # letters (precomposed where the script has them) and the marks written over them
    "cyrillic": _range(0x0410, 0x044F) + "ёЁїЇйЙўЎєЄіІґҐ" + "\u0301\u0306\u0308",
    "greek": _range(0x0391, 0x03A9).replace("\u03a2", "") + _range(0x03AC, 0x03CE) + "\u0301",
    "hebrew": _range(0x05D0, 0x05EA) + _range(0x05B0, 0x05BC) + "\u05c1\u05c2" + "\ufb2a\ufb35",
    "arabic": _range(0x0621, 0x064A) + _range(0x064B, 0x0652),
    "latin": _range(0x00C0, 0x017F).replace("\u00d7", "").replace("\u00f7", "")
    + "abcdefghijklmnopqrstuvwxyz"
    + "\u0300\u0301\u0302\u0303\u0308\u030c\u0327",
}
REAL_NAMES = (
    "Міністерство оборони України",
    "Министерство обороны Российской Федерации",
    "Υπουργείο Εθνικής Άμυνας",
    "צְבָא הַהֲגָנָה לְיִשְׂרָאֵל",
    "وزارة الدفاع",
    "Hamás",
    "Carl-Johan Edström",
    "Państwowa Straż Pożarna",
)


def _words(letters: str) -> st.SearchStrategy[str]:
    word = st.text(st.sampled_from(letters), min_size=1, max_size=8).filter(
        lambda w: any(ch.isalpha() for ch in w)
    )
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


NAMES = st.sampled_from(REAL_NAMES) | st.one_of([_words(s) for s in _SCRIPTS.values()])


@st.composite
def _marked(draw: st.DrawFn, name: str) -> str:
    """``name`` with format characters inserted anywhere and its spaces made odd."""
    chars = list(name)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(chars)))
        chars.insert(at, draw(st.sampled_from(FORMAT_CHARACTERS)))
    spaced = [draw(st.sampled_from((" ", *ODD_SPACES))) if ch == " " else ch for ch in chars]
    return "".join(spaced)


def _ministry(name: str, country: str | None = "UA") -> Source:
    return Source(name=name, kind=SourceKind.MINISTRY, country=country, side=country)


def _old_identity(source: Source) -> str:
    """The identity as release 0.x-1.x computed it (whitespace collapsed, nothing else)."""
    org = source.organisation
    name = " ".join(org.name.split())
    anchor = org.country or org.side
    key = name if anchor is None else f"{name} ({anchor})"
    return f"anonymous: {key}" if org.anonymous else key


def _plain(text: str) -> bool:
    """Already as a reader sees it: NFC and without format characters."""
    return unicodedata.is_normalized("NFC", text) and not any(
        unicodedata.category(ch) == "Cf" for ch in text
    )


class TestClaimantIdentity:
    @given(NAMES, st.data())
    def test_unicode_forms_are_one_claimant(self, name: str, data: st.DataObject) -> None:
        """A name, its NFD form and the name with format characters inserted are one identity."""
        marked = data.draw(_marked(name))
        identity = _ministry(name).identity
        assert identity == _ministry(unicodedata.normalize("NFD", name)).identity
        assert identity == _ministry(marked).identity
        assert identity == _ministry(unicodedata.normalize("NFD", marked)).identity

    @given(NAMES, st.data())
    def test_identity_is_visible_text(self, name: str, data: st.DataObject) -> None:
        """The identity is NFC, without format characters, single-spaced: what a reader sees."""
        identity = _ministry(data.draw(_marked(name))).identity
        assert _plain(identity)
        assert identity == " ".join(identity.split())
        assert identity == f"{' '.join(unicodedata.normalize('NFC', name).split())} (UA)"

    @given(cst.sources(max_depth=2))
    def test_plain_names_keep_their_identity(self, source: Source) -> None:
        """A source whose names are plain keeps the identity earlier releases gave it."""
        assert source.identity == _old_identity(source)

    @given(st.text(min_size=1))
    def test_visible_name_changes_only_forms(self, text: str) -> None:
        """Text already NFC and without format characters only has its whitespace collapsed."""
        if _plain(text):
            assert visible_name(text) == " ".join(text.split())
        assert visible_name(visible_name(text)) == visible_name(text)

    def test_real_data_keeps_its_identities(self) -> None:
        """Every claimant in tests/data (readers' output and earlier releases' files) keeps its key."""
        sources = [c.claimant for c in _claims() if isinstance(c, Claim)]
        assert len(sources) > 1000
        assert all(s.identity == _old_identity(s) for s in sources)

    @pytest.mark.parametrize(
        "variant",
        [
            pytest.param(lambda n: unicodedata.normalize("NFD", n), id="NFD"),
            *(pytest.param(lambda n, c=c: n + c, id=f"U+{ord(c):04X}") for c in FORMAT_CHARACTERS),
            pytest.param(lambda n: n.replace(" ", "\u00a0"), id="NBSP"),
            pytest.param(lambda n: n[:3] + "\u00ad" + n[3:], id="soft-hyphen-inside"),
        ],
    )
    def test_reviewer_reproducer(self, variant: object) -> None:
        """The later claim of one ministry supersedes its earlier one, the later written oddly."""
        invasion = pendulum.datetime(2022, 2, 24, tz="Europe/Kyiv")

        def claim(name: str, value: int, day: int) -> Claim:
            return Claim(
                claimant=_ministry(name),
                subject=CasualtyCount(
                    side="RU",
                    category=Category.MILITARY,
                    outcome=Outcome.KILLED,
                    quantity=Quantity(value=value),
                    period=TimeSpan.between(
                        invasion, pendulum.datetime(2022, 3, day, 23, tz="Europe/Kyiv")
                    ),
                ),
                stated=TimeSpan.day(dt.date(2022, 3, day), tz="Europe/Kyiv"),
            )

        name = "Міністерство оборони України"
        assert callable(variant)
        (subject,) = reconcile([claim(name, 5000, 2), claim(variant(name), 9000, 5)]).subjects
        assert (subject.status, subject.estimate.best) == ("consistent", 9000)
        assert [s.claimant for s in subject.current] == ["Міністерство оборони України (UA)"]


def _attack(attacker: str, event_id: str | None = None) -> Attack:
    attack = Attack(
        kind=AttackKind.AIR_STRIKE,
        attacker=Source(name=attacker, kind=SourceKind.OTHER),
        place=Location(name="Kyiv", country="UA"),
        when=TimeSpan.day(dt.date(2023, 7, 1), tz="Europe/Kyiv"),
    )
    return attack if event_id is None else attrs.evolve(attack, id=event_id)


class TestAttacker:
    @given(NAMES, st.data())
    def test_unicode_forms_are_one_attacker(self, name: str, data: st.DataObject) -> None:
        """An attack by a name, by its NFD form and by it with invisible marks is one subject."""
        marked = data.draw(_marked(name))
        key = subject_key(_attack(name))
        assert key == subject_key(_attack(unicodedata.normalize("NFD", name)))
        assert key == subject_key(_attack(marked))
        assert key == subject_key(_attack(unicodedata.normalize("NFD", marked)))

    @given(st.text(min_size=1).filter(lambda t: t.strip()))
    def test_plain_names_keep_their_key(self, name: str) -> None:
        """A plain, single-spaced attacker's name keys as written, as earlier releases keyed it."""
        key = actor_key(Source(name=name, kind=SourceKind.OTHER))
        if _plain(name) and name == " ".join(name.split()):
            assert key == name
        assert key == actor_key(Source(name=f" {name}\u00a0 ", kind=SourceKind.OTHER))

    def test_reviewer_reproducer(self) -> None:
        """ "Hamás" in NFC and NFD is one attacker: one subject, no disputed attacker."""
        nfd = unicodedata.normalize("NFD", "Hamás")
        assert same_subject(_attack("Hamás"), _attack(nfd))
        claims = [
            Claim(
                claimant=Source(name=who, kind=SourceKind.NEWS_AGENCY),
                subject=_attack(name, "strike-2023-07-01"),
                stated=TimeSpan.day(dt.date(2023, 7, 1), tz="Europe/Kyiv"),
            )
            for who, name in (("Reuters", "Hamás"), ("AP", nfd + "\u200f"))
        ]
        (subject,) = reconcile(claims).subjects
        assert subject.disputed == ()


_REGIONS = {"Kharkiv oblast": "Харківська область", "Donetsk oblast": "Donetsk Oblast"}
"""The test pool's regions, written in other scripts and cases (the spellings varied)."""

_CASES = (str, str.upper, str.lower, str.title, lambda t: unicodedata.normalize("NFD", t))


def _in_region(claim: Claim, region: str) -> Claim:
    subject = claim.subject
    assert isinstance(subject, CasualtyCount)
    assert subject.place is not None
    place = attrs.evolve(subject.place, region=region)
    return attrs.evolve(claim, subject=attrs.evolve(subject, place=place))


def _cells(result: Rollup) -> list[tuple[object, ...]]:
    """What a roll-up's cells hold, with the area by its key (not its shown spelling)."""
    return sorted(
        (t.measure, t.area.casefold(), t.period, t.low, t.high, t.subjects, t.estimates)
        for t in result.totals
    )


class TestRegions:
    @given(claim_sets(), st.sampled_from(list(Period)), st.data())
    def test_cells_ignore_the_region_text_form(
        self, claims: list[Claim], period: Period, data: st.DataObject
    ) -> None:
        """A region's case, Unicode form, invisible marks and spacing never split a cell."""
        placed = [c for c in claims if getattr(c.subject, "place", None) is not None]
        plain = [
            _in_region(c, _REGIONS.get(c.subject.place.region, "Kyiv City"))  # type: ignore[union-attr]
            for c in placed
        ]
        varied = [
            _in_region(
                c,
                data.draw(_marked(data.draw(st.sampled_from(_CASES))(c.subject.place.region))),  # type: ignore[union-attr, operator]
            )
            for c in plain
        ]
        expected = rollup(plain, period=period, area="region", tz="Europe/Kyiv")
        got = rollup(varied, period=period, area="region", tz="Europe/Kyiv")
        assert _cells(got) == _cells(expected)
        for total in got.totals:
            assert _plain(total.area)
            assert total.area == " ".join(total.area.split())
            day = total.period.start.date()  # type: ignore[union-attr]
            assert got.total(total.measure, total.area.upper(), day) == total

    def test_reviewer_reproducer(self) -> None:
        """ "Kharkiv Oblast", "Kharkiv oblast" and an NFD, marked spelling are one region's cell."""
        day = TimeSpan.day(dt.date(2022, 9, 10), tz="UTC")

        def claim(region: str, place: str, who: str, value: int) -> Claim:
            return Claim(
                claimant=Source(name=who, kind=SourceKind.MONITOR),
                subject=CasualtyCount(
                    category=Category.CIVILIAN,
                    outcome=Outcome.KILLED,
                    quantity=Quantity(value=value),
                    period=day,
                    place=Location(
                        name=place,
                        country="UA",
                        region=region,
                        precision=LocationPrecision.SETTLEMENT,
                    ),
                ),
                stated=day,
            )

        claims = [
            claim("Kharkiv Oblast", "Izium", "UCDP", 3),
            claim("Kharkiv oblast", "Kupiansk", "X", 4),
            claim("Kharkiv\u00a0oblast\u200b", "Balakliia", "Z", 2),
            claim("Kharkiv Oblast", "Chuhuiv", "Y", 1),
        ]
        (total,) = rollup(claims, period="month", area="region").totals
        assert (total.area, total.low, total.high) == ("UA/Kharkiv Oblast", 10, 10)

    def test_real_data_rolls_up_as_before(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The monthly roll-up by region of every claim in tests/data is, byte for byte, as before.

        "Before" is the same code keyed by the raw region text, as rollups.py was before
        review F12 (its area is the text as written, its key that text), in the same run.
        """
        claims = [c for c in _claims() if isinstance(c, Claim)]
        now = dumps(rollup(claims, period="month", area="region"))
        monkeypatch.setattr(rollups, "visible_name", lambda text: text)
        monkeypatch.setattr(rollups, "_area_key", lambda where, _area: where)
        before = dumps(rollup(claims, period="month", area="region"))
        assert now == before
        assert '"area":"UA/' in now


class TestNameKeys:
    @given(NAMES, st.data())
    def test_unicode_forms_are_one_key(self, name: str, data: st.DataObject) -> None:
        """A name, its NFD form and the name with invisible marks share name and place keys."""
        marked = data.draw(_marked(name))
        for key in (name_key, cross_script_key):
            assert key(name) == key(unicodedata.normalize("NFD", name)) == key(marked)

    def test_reviewer_style_reproducer(self) -> None:
        """A zero-width space or soft hyphen inside a Cyrillic or Arabic place name splits nothing."""
        for name in ("Харківська область", "وزارة الدفاع"):
            for odd in (name[:3] + "\u200b" + name[3:], name[:3] + "\u00ad" + name[3:]):
                assert name_key(odd) == name_key(name)
                assert cross_script_key(odd) == cross_script_key(name)


@pytest.mark.parametrize("name", ["\u200b", "\u200f\ufeff", "\u00ad"])
def test_invisible_names_key_as_written(name: str) -> None:
    """A name of invisible characters only keeps its text as key: never empty, never "no attacker"."""
    assert _ministry(name).identity == f"{name} (UA)"
    assert actor_key(Source(name=name, kind=SourceKind.OTHER)) == name
    assert not same_subject(_attack(name), _attack("Hamas"))
    assert "/attacker=*/" not in subject_key(_attack(name))
