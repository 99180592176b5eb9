"""External ids and typed actors: validated per scheme, in the JSON and the schema; text migrates."""

from __future__ import annotations

import re

import attrs
import jsonschema
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import (
    Attack,
    InvariantError,
    Location,
    Source,
    SourceKind,
    ValidationError,
    dumps,
    json_schema,
    loads,
)
from conflictevents import strategies as cst
from conflictevents._external_ids import (
    PLACE_SCHEMES,
    SCHEMES,
    SOURCE_SCHEMES,
    decide,
    external_id,
    pattern,
    problem,
)
from conflictevents._json import _codec
from conflictevents._sources import actor_from_text, actor_text

SCHEMA = json_schema()


def _checker(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"})


class TestFormats:
    @pytest.mark.parametrize(
        "identifier",
        [
            "wikidata:Q1899",
            "iso3166:UA",
            "ucdp-actor:57",
            "acled-actor:Military Forces of Russia (2000-)",
        ],
    )
    def test_a_source_takes_ids_of_its_schemes(self, identifier):
        """Each source scheme's example format is accepted on a Source."""
        assert Source(name="x", kind=SourceKind.OTHER, ids=frozenset({identifier})).ids == {
            identifier
        }

    @pytest.mark.parametrize(
        ("identifier", "reason"),
        [
            ("wikidata:1899", r"'1899' is not a valid wikidata value"),
            ("wikidata:Q01", r"'Q01' is not a valid wikidata value"),
            ("geonames:703448", r"'geonames' ids do not belong here"),
            ("iso3166:XX", r"'XX' is not a valid iso3166 value"),
            ("iso3166:ua", r"'ua' is not a valid iso3166 value"),
            ("ucdp-actor:5a", r"'5a' is not a valid ucdp-actor value"),
            ("acled-actor: padded", r"' padded' is not a valid acled-actor value"),
            ("Q1899", r"'Q1899' is not an external id: expected '<scheme>:<value>'"),
        ],
    )
    def test_a_bad_id_names_field_value_and_reason(self, identifier, reason):
        """A malformed id, or one of another model's scheme, is refused naming Source.ids."""
        with pytest.raises(InvariantError, match=rf"^Source\.ids: {reason}"):
            Source(name="x", kind=SourceKind.OTHER, ids=frozenset({identifier}))

    def test_places_take_geonames_ids_and_refuse_actor_ids(self):
        """Location.ids holds GeoNames, Wikidata and ISO ids, never an actor id."""
        assert Location(name="Kyiv", ids=frozenset({"geonames:703448"})).ids
        with pytest.raises(InvariantError, match=r"^Location\.ids: 'ucdp-actor' ids"):
            Location(name="Kyiv", ids=frozenset({"ucdp-actor:57"}))

    def test_loads_names_the_path_of_a_bad_id(self):
        """A bad id in JSON is a ValidationError at its path."""
        text = '{"name": "Kyiv", "ids": ["geonames:703448", "wikidata:1899"]}'
        with pytest.raises(ValidationError, match=r"\$\.ids: '1899' is not a valid wikidata"):
            loads(text, type=Location)

    def test_external_id_builds_and_checks(self):
        """external_id("geonames", 703448) is the id string; a bad value raises ValueError."""
        assert external_id("geonames", 703448) == "geonames:703448"
        with pytest.raises(ValueError, match="not a valid geonames value"):
            external_id("geonames", "Kyiv")

    @given(st.text(max_size=30) | cst.external_ids())
    def test_python_and_the_schema_agree_on_every_text(self, text):
        """A text is a valid id for the model exactly when the schema's pattern says so."""
        for schemes in (SOURCE_SCHEMES, PLACE_SCHEMES):
            in_schema = re.search(pattern(schemes), text) is not None
            assert in_schema == (problem(text, schemes) is None)

    def test_a_trailing_newline_is_refused_by_both(self):
        """The pattern ends at the very end: "$" alone would let "Q1\\n" through in Python."""
        assert problem("wikidata:Q1\n", SOURCE_SCHEMES) is not None
        document = orjson.loads(dumps(Source(name="x", kind=SourceKind.OTHER)))
        assert not _checker("Source").is_valid(document | {"ids": ["wikidata:Q1\n"]})
        assert _checker("Source").is_valid(document | {"ids": ["wikidata:Q1"]})


class TestRule:
    @given(
        st.frozensets(cst.external_ids(), max_size=3), st.frozensets(cst.external_ids(), max_size=3)
    )
    def test_decide_is_symmetric(self, a, b):
        """Whether ids make two things one does not depend on the order."""
        assert decide(a, b) == decide(b, a)

    @given(st.frozensets(cst.external_ids(schemes=SOURCE_SCHEMES), min_size=1, max_size=3))
    def test_a_thing_is_itself(self, ids):
        """Identifying ids decide that a thing is itself."""
        assert decide(ids, ids) is True

    def test_shared_id_same_different_id_not_no_common_scheme_undecided(self):
        """Shared id: same; same scheme, no value in common: not; no common scheme: ids say nothing."""
        assert decide(frozenset({"ucdp-actor:57"}), frozenset({"ucdp-actor:57", "wikidata:Q1"}))
        assert decide(frozenset({"ucdp-actor:57"}), frozenset({"ucdp-actor:61"})) is False
        assert decide(frozenset({"ucdp-actor:57"}), frozenset({"wikidata:Q1"})) is None
        assert decide(frozenset(), frozenset({"wikidata:Q1"})) is None

    def test_a_contradiction_keeps_things_apart(self):
        """One id shared and another scheme disagreeing: not the same (a split shows, a merge hides)."""
        a = frozenset({"wikidata:Q1899", "geonames:703448"})
        b = frozenset({"wikidata:Q1899", "geonames:1"})
        assert decide(a, b) is False

    def test_grouping_schemes_only_separate(self):
        """Two events of one UCDP dyad are not thereby one event; of two dyads, they are two."""
        assert decide(frozenset({"ucdp-dyad:920"}), frozenset({"ucdp-dyad:920"})) is None
        assert decide(frozenset({"ucdp-dyad:920"}), frozenset({"ucdp-dyad:14117"})) is False
        assert not SCHEMES["ucdp-dyad"].identifies


class TestActors:
    def test_a_state_code_becomes_the_state(self):
        """attacker="RU" is the state RU: kind government, side and country RU, id iso3166:RU."""
        attacker = Attack(attacker="RU").attacker
        assert attacker == Source(
            name="RU",
            kind=SourceKind.GOVERNMENT,
            country="RU",
            side="RU",
            ids=frozenset({"iso3166:RU"}),
        )

    def test_other_text_becomes_a_named_actor(self):
        """Any other text becomes an actor of kind other, named by it, without ids."""
        target = Attack(target="main railway station").target
        assert target == Source(name="main railway station", kind=SourceKind.OTHER)

    @given(st.sampled_from(["RU", "Russia", "RUS", "UA", "DPR", "Civilians", "a depot"]))
    def test_actor_text_inverts_the_migration(self, text):
        """The text an actor was migrated from is given back, so ids stay those of the text."""
        assert actor_text(actor_from_text(text)) == text

    def test_an_actor_that_says_more_than_text_has_no_text(self):
        """An actor with an id or a kind beyond the migration is not mistaken for text."""
        russia = actor_from_text("RU")
        assert actor_text(attrs.evolve(russia, ids=frozenset({"ucdp-actor:57"}))) is None
        assert actor_text(attrs.evolve(russia, kind=SourceKind.MILITARY)) is None

    def test_an_attack_keeps_the_id_its_text_gave_it(self):
        """Attack(attacker="RU") has the id release 0.x derived (pinned), not a new one."""
        attack = Attack(attacker="RU", target="main railway station")
        assert attack.id == "attack-1385bc4302647a23dc69"
        richer = attrs.evolve(attack, attacker=attrs.evolve(attack.attacker, name="Russia"))
        assert richer.id != attack.id

    def test_old_json_with_text_loads_as_the_actor(self):
        """A 0.x record with "attacker": "RU" loads as the migrated actor, its id kept."""
        new = Attack(attacker="RU", target="a depot")
        old = orjson.loads(dumps(new))
        old["attacker"], old["target"] = "RU", "a depot"
        del old["part_of"]
        loaded = loads(orjson.dumps(old))
        assert loaded == new
        assert loaded.id == new.id

    def test_the_fast_decoder_reads_old_text_itself(self):
        """The generated decoder migrates text without falling back to the strict path."""
        old = orjson.loads(dumps(Attack(attacker="RU")))
        old["attacker"] = "RU"
        fast = _codec(lenient=False).fast_decoder(Attack)
        assert fast is not None
        assert fast(old) == Attack(attacker="RU")

    def test_blank_text_is_refused(self):
        """A blank actor text is refused as 0.x refused it, now naming the actor's name."""
        with pytest.raises(InvariantError, match=r"^Source\.name: must not be empty"):
            Attack(attacker="  ")

    @given(cst.attacks())
    def test_attacks_round_trip_with_their_actors(self, attack):
        """Every drawn attack, actors and ids included, round-trips through JSON."""
        assert loads(dumps(attack)) == attack
