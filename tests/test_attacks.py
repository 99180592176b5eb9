"""How an attack was made, and accounts of one identified attack as one subject."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    AttackKind,
    Claim,
    Location,
    Quantity,
    ReconciliationStatus,
    Source,
    SourceKind,
    Stance,
    SubjectReconciliation,
    dumps,
    loads,
    reconcile,
    subject_key,
    write_jsonl,
)
from conflictevents import strategies as cst
from conflictevents.exceptions import InvariantError
from conflictevents.reports import DisputedDetail, Weapon, WeaponKind

SCRIPT = Path(sys.executable).parent / "conflictevents"
PRZEWODOW = Location(name="Przewodów", country="PL")
UKRAINE = Source(name="Ukraine", kind=SourceKind.GOVERNMENT, country="UA", side="UA")
POLAND = Source(name="Poland", kind=SourceKind.GOVERNMENT, country="PL")


def _account(claimant: Source, kind: AttackKind, attacker: str, weapon: Weapon) -> Claim:
    subject = Attack(
        id="przewodow-2022-11-15", kind=kind, attacker=attacker, place=PRZEWODOW, means=(weapon,)
    )
    return Claim(claimant=claimant, subject=subject)


def _missile_strike() -> Claim:
    return _account(UKRAINE, AttackKind.MISSILE_STRIKE, "RU", Weapon(kind=WeaponKind.MISSILE))


def _air_defence() -> Claim:
    weapon = Weapon(kind=WeaponKind.AIR_DEFENCE_MISSILE, model="S-300")
    return _account(POLAND, AttackKind.INTERCEPTION, "UA", weapon)


class TestOneIdentifiedAttack:
    """Accounts of one attack (one given id) are one subject whose disputed details show."""

    def test_missile_strike_and_air_defence_missile_are_one_divergent_subject(self):
        """A missile strike by RU and UA's own air-defence missile: one subject, divergent."""
        result = reconcile([_missile_strike(), _air_defence()])
        assert len(result) == 1
        (subject,) = result
        assert subject.key == "attack/id=przewodow-2022-11-15"
        assert subject.status is ReconciliationStatus.DIVERGENT
        disputed = {d.field: d.values for d in subject.disputed}
        assert disputed == {
            "attacker": ("RU", "UA"),
            "kind": ("interception", "missile_strike"),
            "means": ("air_defence_missile", "missile"),
        }

    def test_each_disputed_value_names_the_claims_that_give_it(self):
        """Each value of a disputed detail is tied to the claim that gives it."""
        strike, air_defence = _missile_strike(), _air_defence()
        (subject,) = reconcile([strike, air_defence])
        attacker = next(d for d in subject.disputed if d.field == "attacker")
        assert [(a.value, a.claims) for a in attacker.accounts] == [
            ("RU", (strike.id,)),
            ("UA", (air_defence.id,)),
        ]

    def test_the_dispute_shows_in_json_and_loads_back(self):
        """The disputed details are in the JSON of the result, and it loads back equal."""
        (subject,) = reconcile([_missile_strike(), _air_defence()])
        written = orjson.loads(dumps(subject))
        assert [d["field"] for d in written["disputed"]] == ["attacker", "kind", "means"]
        assert written["disputed"][0]["accounts"][0] == {
            "value": "RU",
            "claims": [_missile_strike().id],
        }
        assert loads(dumps(subject), SubjectReconciliation) == subject

    def test_the_dispute_shows_in_the_cli_table(self, tmp_path):
        """`conflictevents reconcile` prints the disputed details on the subject's line."""
        path = tmp_path / "przewodow.jsonl"
        write_jsonl([_missile_strike(), _air_defence()], path)
        result = subprocess.run(
            [str(SCRIPT), "reconcile", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "disputed attacker: RU / UA" in result.stdout
        assert "disputed means: air_defence_missile / missile" in result.stdout

    def test_saying_less_is_not_disagreeing(self):
        """An account without attacker or means, or an unspecified kind, disputes nothing."""
        vague = Claim(claimant=POLAND, subject=Attack(id="przewodow-2022-11-15", place=PRZEWODOW))
        (subject,) = reconcile([_missile_strike(), vague])
        assert subject.disputed == ()
        assert subject.status is ReconciliationStatus.CONSISTENT

    def test_a_denial_keeps_the_subject_contested_and_the_details_visible(self):
        """A denial beside two differing accounts: contested, disputed details still shown."""
        denial = Claim(
            claimant=Source(name="Russia", kind=SourceKind.GOVERNMENT, country="RU", side="RU"),
            stance=Stance.DENIES,
            subject=_missile_strike().subject,
        )
        (subject,) = reconcile([_missile_strike(), _air_defence(), denial])
        assert subject.status is ReconciliationStatus.CONTESTED
        assert [d.field for d in subject.disputed] == ["attacker", "kind", "means"]

    def test_attacks_without_a_given_id_group_as_before(self):
        """Attacks with derived ids still group by kind, attacker, place and day."""
        strike = attrs.evolve(_missile_strike().subject, id="attack-00000000000000000000")
        assert subject_key(strike) == "attack/kind=missile_strike/attacker=RU/place=przewodow/day=*"
        fresh = Attack(kind=AttackKind.SHELLING, attacker="RU", place=PRZEWODOW)
        assert subject_key(fresh).startswith("attack/kind=shelling/attacker=RU/")

    @given(
        st.lists(
            cst.claims(subjects=cst.attacks(ids=st.just("przewodow-2022-11-15"))),
            min_size=1,
            max_size=6,
        )
    )
    def test_accounts_of_one_attack_are_always_one_subject(self, claims):
        """However accounts differ, one given id is one subject; every disputed value is given."""
        result = reconcile(claims)
        assert result.keys == ("attack/id=przewodow-2022-11-15",)
        (subject,) = result
        current = {s.claim for s in subject.current}
        for detail in subject.disputed:
            for account in detail.accounts:
                assert set(account.claims) <= current
        if subject.disputed and subject.status not in {
            ReconciliationStatus.CONTESTED,
            ReconciliationStatus.DENIED,
            ReconciliationStatus.CONCEDED,
        }:
            assert subject.status is ReconciliationStatus.DIVERGENT
        assert subject.timeline()[-1].status is subject.status


class TestWeapons:
    """Means and munitions are typed, and the total never falls below its parts."""

    def test_weapons_round_trip_through_json(self):
        """An attack with weapons and a munitions total loads back equal."""
        attack = Attack(
            kind=AttackKind.MISSILE_STRIKE,
            means=(
                Weapon(kind=WeaponKind.CRUISE_MISSILE, model="Kh-101", count=Quantity(value=48)),
                Weapon(kind=WeaponKind.DRONE, model="Shahed-136", count=Quantity(value=20)),
            ),
            munitions=Quantity(value=70),
        )
        assert loads(dumps(attack), Attack) == attack

    def test_fewer_munitions_than_the_weapons_count_is_an_invariant_error(self):
        """A total below the weapons' counts raises, naming the field and the value."""
        with pytest.raises(InvariantError, match="munitions") as caught:
            Attack(
                means=(Weapon(kind=WeaponKind.DRONE, count=Quantity(value=20)),),
                munitions=Quantity(value=12),
            )
        assert isinstance(caught.value, ValueError)
        assert caught.value.field == "munitions"
        assert caught.value.value == "12"

    def test_adding_means_leaves_old_ids_alone(self):
        """An attack that gives no means keeps the id the previous release derived."""
        attack = Attack(kind=AttackKind.EXPLOSION, place=Location(name="Kyiv", country="UA"))
        assert attack.id == attrs.evolve(attack, means=(), munitions=None).id
        assert attack.id != attrs.evolve(attack, means=(Weapon(kind=WeaponKind.DRONE),)).id

    def test_a_disputed_detail_needs_two_sorted_values(self):
        """A disputed detail with one value, or values out of order, is refused."""
        with pytest.raises(InvariantError, match="at least two"):
            DisputedDetail(field="attacker", accounts=_accounts("RU"))
        with pytest.raises(InvariantError, match="sorted"):
            DisputedDetail(field="attacker", accounts=_accounts("UA", "RU"))


def _accounts(*values: str):
    from conflictevents.reports import DetailAccount  # noqa: PLC0415

    return tuple(DetailAccount(value=value, claims=(f"claim-{value}",)) for value in values)
