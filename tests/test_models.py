"""The core models: every invariant raises, instances are frozen and hashable, ids are stable."""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
import zoneinfo
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from conflictevents import (
    AircraftCount,
    AirspaceIncident,
    Attack,
    CasualtyCount,
    Category,
    Claim,
    ConflictEventsError,
    Coordinates,
    Credit,
    Curfew,
    EquipmentLoss,
    InvariantError,
    Location,
    MeasureKind,
    Negotiation,
    NegotiationStatus,
    Outcome,
    Publication,
    Qualifier,
    Quantity,
    Relation,
    RelativePlace,
    Sanction,
    Source,
    SourceKind,
    Statement,
    TerritorialControl,
    TimePrecision,
    TimeSpan,
    Vote,
    VoteResult,
)
from conflictevents import strategies as cst
from conflictevents._ids import ADDED, canonical
from conflictevents.examples import first_week_2022

KYIV_TZ = "Europe/Kyiv"
T0 = pendulum.datetime(2022, 3, 2, 12, tz=KYIV_TZ)
NAIVE = dt.datetime(2022, 3, 2, 12)  # noqa: DTZ001 - naive on purpose
DAY = TimeSpan.day(dt.date(2022, 3, 2), tz=KYIV_TZ)
MOD = Source(name="Russian Defence Ministry", kind=SourceKind.MINISTRY, country="RU", side="RU")
DPA = Source(name="dpa", kind=SourceKind.NEWS_AGENCY, country="DE")
US = Source(name="United States", kind=SourceKind.GOVERNMENT, country="US")
UNGA = Source(name="UN General Assembly", kind=SourceKind.INTERNATIONAL_BODY)
ZELENSKY = Source(
    name="Volodymyr Zelensky",
    kind=SourceKind.HEAD_OF_STATE,
    country="UA",
    side="UA",
    aliases=frozenset({"Zelenksy"}),
)
KYIV = Location(name="Kyiv", aliases=frozenset({"Kiev"}), country="UA")
KHERSON = Location(name="Kherson", country="UA")
KILLED = CasualtyCount(
    side="RU", category=Category.MILITARY, outcome=Outcome.KILLED, quantity=Quantity(value=498)
)

# Minimal valid keyword arguments for every model.
BASE: dict[type, dict[str, Any]] = {
    TimeSpan: {"start": T0, "end": T0.add(hours=6), "precision": TimePrecision.PART_OF_DAY},
    Quantity: {"value": 498},
    Source: {"name": "Russian Defence Ministry", "kind": SourceKind.MINISTRY},
    Credit: {"item": "photo", "chain": (DPA,)},
    Publication: {"outlet": DPA},
    Coordinates: {"latitude": 50.45, "longitude": 30.52},
    RelativePlace: {"relation": Relation.NEAR, "anchor": KYIV},
    Location: {"name": "Kyiv"},
    CasualtyCount: {"outcome": Outcome.KILLED},
    EquipmentLoss: {"equipment": "tank"},
    TerritorialControl: {"place": KHERSON, "controller": "RU"},
    Claim: {"claimant": MOD, "subject": KILLED},
    Negotiation: {"parties": frozenset({"RU", "UA"}), "status": NegotiationStatus.PLANNED},
    Sanction: {
        "authority": (US,),
        "entity": "Belarus",
        "measures": frozenset({MeasureKind.EXPORT_CONTROLS}),
    },
    AircraftCount: {"model": "Su-27", "count": 2},
    AirspaceIncident: {"violated_state": "SE"},
    Attack: {},
    Statement: {"speaker": ZELENSKY},
    Vote: {"body": UNGA, "motion": "Resolution ES-11/1", "result": VoteResult.ADOPTED},
    Curfew: {"authority": MOD, "place": KYIV},
}
MODELS = sorted(BASE, key=lambda cls: cls.__name__)
ID_MODELS = [cls for cls in MODELS if "id" in attrs.fields_dict(cls)]

SAME = object()
"""Expected value marker: the error holds exactly the value passed in."""


def case(cls: type, field: str, bad: Any, *, value: Any = SAME, name: str, **extra: Any) -> Any:
    """A parametrized case: building ``cls`` with ``field=bad`` fails on ``field``."""
    return pytest.param(cls, {field: bad, **extra}, field, bad if value is SAME else value, id=name)


def inv(cls: type, field: str, kwargs: dict[str, Any], value: Any, *, name: str) -> Any:
    """A case whose error names ``field`` though the bad input is spread over ``kwargs``."""
    return pytest.param(cls, kwargs, field, value, id=name)


AFTER = T0.add(hours=1)
INVARIANTS = [
    # -- TimeSpan: aware bounds, order, precision rules --------------------------------
    case(TimeSpan, "start", NAIVE, name="span-naive-start"),
    case(TimeSpan, "end", NAIVE, name="span-naive-end", start=None, precision=TimePrecision.OPEN),
    case(TimeSpan, "start", "2022-03-02", name="span-start-string"),
    case(TimeSpan, "precision", "day", name="span-precision-string"),
    case(TimeSpan, "approximate", "yes", name="span-approximate-not-bool"),
    inv(
        TimeSpan,
        "end",
        {"start": AFTER, "end": T0, "precision": TimePrecision.INTERVAL},
        T0.isoformat(),
        name="span-end-before-start",
    ),
    inv(
        TimeSpan,
        "precision",
        {"start": T0, "end": None, "precision": TimePrecision.DAY},
        "day",
        name="span-open-bound-needs-open",
    ),
    inv(
        TimeSpan,
        "precision",
        {"start": T0, "end": AFTER, "precision": TimePrecision.OPEN},
        "open",
        name="span-open-needs-unknown-bound",
    ),
    inv(
        TimeSpan,
        "end",
        {"start": T0, "end": AFTER, "precision": TimePrecision.INSTANT},
        AFTER.isoformat(),
        name="span-instant-with-width",
    ),
    inv(
        TimeSpan,
        "end",
        {"start": T0, "end": T0, "precision": TimePrecision.DAY},
        T0.isoformat(),
        name="span-day-without-width",
    ),
    # -- Quantity: counts, bounds, qualifier rules --------------------------------------
    case(Quantity, "value", -1, name="quantity-negative"),
    case(Quantity, "value", True, name="quantity-bool"),
    case(Quantity, "value", 1.5, name="quantity-float"),
    case(Quantity, "value", "498", name="quantity-string"),
    case(Quantity, "qualifier", "about", name="quantity-qualifier-string"),
    case(Quantity, "low", -5, name="quantity-negative-low", qualifier=Qualifier.BETWEEN, high=5),
    inv(
        Quantity,
        "low",
        {"value": None, "qualifier": Qualifier.BETWEEN, "low": 5, "high": 2},
        5,
        name="quantity-low-above-high",
    ),
    inv(
        Quantity,
        "low",
        {"value": None, "qualifier": Qualifier.BETWEEN, "high": 2},
        None,
        name="quantity-between-needs-low",
    ),
    inv(
        Quantity,
        "high",
        {"value": None, "qualifier": Qualifier.BETWEEN, "low": 2},
        None,
        name="quantity-between-needs-high",
    ),
    inv(
        Quantity,
        "low",
        {"value": 1, "qualifier": Qualifier.BETWEEN, "low": 2, "high": 3},
        2,
        name="quantity-between-value-below-low",
    ),
    inv(Quantity, "value", {"value": None}, None, name="quantity-exact-needs-value"),
    inv(
        Quantity,
        "value",
        {"value": None, "qualifier": Qualifier.ABOUT},
        None,
        name="quantity-about-needs-value",
    ),
    inv(
        Quantity,
        "low",
        {"value": 100, "qualifier": Qualifier.MORE_THAN, "low": 100},
        100,
        name="quantity-more-than-low-not-above",
    ),
    inv(
        Quantity,
        "high",
        {"value": 100, "qualifier": Qualifier.MORE_THAN, "high": 200},
        200,
        name="quantity-more-than-bounded-above",
    ),
    inv(
        Quantity,
        "high",
        {"value": 100, "qualifier": Qualifier.AT_LEAST, "high": 200},
        200,
        name="quantity-at-least-bounded-above",
    ),
    inv(
        Quantity,
        "value",
        {"value": 0, "qualifier": Qualifier.LESS_THAN},
        0,
        name="quantity-less-than-zero",
    ),
    inv(
        Quantity,
        "high",
        {"value": 10, "qualifier": Qualifier.LESS_THAN, "high": 10},
        10,
        name="quantity-less-than-high-not-below",
    ),
    inv(
        Quantity,
        "low",
        {"value": 100, "qualifier": Qualifier.ABOUT, "low": 101},
        101,
        name="quantity-about-low-above-value",
    ),
    inv(
        Quantity,
        "high",
        {"value": 100, "qualifier": Qualifier.NEARLY, "high": 99},
        99,
        name="quantity-nearly-high-below-value",
    ),
    inv(
        Quantity,
        "qualifier",
        {"value": 100, "low": 90, "high": 100},
        "exact",
        name="quantity-exact-with-range",
    ),
    # -- Source, Credit, Publication ----------------------------------------------------
    case(Source, "name", "", name="source-empty-name"),
    case(Source, "name", "   ", name="source-blank-name"),
    case(Source, "name", None, name="source-name-none"),
    case(Source, "kind", "ministry", name="source-kind-string"),
    case(Source, "kind", "army", name="source-kind-unknown"),
    case(Source, "country", "XX", name="source-unknown-country"),
    case(Source, "country", "ua", name="source-lower-case-country"),
    case(Source, "country", "UKR", name="source-alpha-3-country"),
    case(Source, "side", "", name="source-empty-side"),
    case(Source, "aliases", {"Zelenksy"}, name="source-aliases-set"),
    case(Source, "aliases", ["Zelenksy"], name="source-aliases-list"),
    case(Source, "aliases", frozenset({""}), value="", name="source-empty-alias"),
    case(Source, "role", "", name="source-empty-role"),
    case(Source, "speaks_for", "Russian Defence Ministry", name="source-speaks-for-string"),
    case(Credit, "item", "", name="credit-empty-item"),
    case(Credit, "chain", (), name="credit-empty-chain"),
    case(Credit, "chain", [DPA], name="credit-chain-list"),
    case(Credit, "chain", ("dpa",), value="dpa", name="credit-chain-string-item"),
    case(Publication, "outlet", "dpa", name="publication-outlet-string"),
    case(Publication, "url", "", name="publication-empty-url"),
    case(Publication, "published", T0, name="publication-published-datetime"),
    case(Publication, "credits", [], name="publication-credits-list"),
    # -- places -------------------------------------------------------------------------
    case(Coordinates, "latitude", 91.0, name="coordinates-latitude-above-90"),
    case(Coordinates, "latitude", -90.5, name="coordinates-latitude-below-minus-90"),
    case(Coordinates, "longitude", 180.5, name="coordinates-longitude-above-180"),
    case(Coordinates, "latitude", math.nan, name="coordinates-nan"),
    case(Coordinates, "longitude", math.inf, name="coordinates-inf"),
    case(Coordinates, "latitude", "50.45", name="coordinates-string"),
    case(Coordinates, "latitude", True, name="coordinates-bool"),
    case(RelativePlace, "relation", "near", name="relative-relation-string"),
    case(RelativePlace, "anchor", "Kyiv", name="relative-anchor-string"),
    case(RelativePlace, "distance_km", -1.0, name="relative-negative-distance"),
    case(RelativePlace, "distance_km", 50_000.0, name="relative-distance-beyond-earth"),
    case(Location, "name", "", name="location-empty-name"),
    case(Location, "aliases", ["Kiev"], name="location-aliases-list"),
    case(Location, "country", "XX", name="location-unknown-country"),
    case(Location, "region", "", name="location-empty-region"),
    case(Location, "coordinates", (50.45, 30.52), name="location-coordinates-tuple"),
    case(Location, "precision", "point", name="location-precision-string"),
    case(Location, "relative_to", KYIV, name="location-relative-to-location"),
    case(Location, "population", 1_000_000, name="location-population-int"),
    # -- subjects -----------------------------------------------------------------------
    case(CasualtyCount, "type", "claim", name="casualty-wrong-tag"),
    case(CasualtyCount, "side", "", name="casualty-empty-side"),
    case(CasualtyCount, "category", "military", name="casualty-category-string"),
    case(CasualtyCount, "outcome", "killed", name="casualty-outcome-string"),
    case(CasualtyCount, "quantity", 498, name="casualty-quantity-int"),
    case(CasualtyCount, "period", "since the invasion began", name="casualty-period-string"),
    case(CasualtyCount, "place", "Kyiv", name="casualty-place-string"),
    case(EquipmentLoss, "equipment", "", name="equipment-empty"),
    case(EquipmentLoss, "status", "lost", name="equipment-status-string"),
    case(EquipmentLoss, "quantity", -3, name="equipment-quantity-int"),
    case(TerritorialControl, "place", "Kherson", name="control-place-string"),
    case(TerritorialControl, "controller", "", name="control-empty-controller"),
    case(TerritorialControl, "extent", "full", name="control-extent-string"),
    case(TerritorialControl, "change", "yes", name="control-change-not-bool"),
    # -- claims -------------------------------------------------------------------------
    case(Claim, "claimant", "Russian Defence Ministry", name="claim-claimant-string"),
    case(Claim, "stance", "asserts", name="claim-stance-string"),
    case(Claim, "subject", MOD, name="claim-subject-source"),
    case(Claim, "stated", T0, name="claim-stated-datetime"),
    case(Claim, "via", [DPA], name="claim-via-list"),
    case(Claim, "via", ("Ria Novosti",), value="Ria Novosti", name="claim-via-string-item"),
    case(Claim, "reported_in", (DPA,), value=DPA, name="claim-reported-in-source"),
    case(Claim, "verification", "unverified", name="claim-verification-string"),
    case(Claim, "quote", "", name="claim-empty-quote"),
    case(Claim, "medium", "video_message", name="claim-medium-string"),
    case(Claim, "id", "", name="claim-empty-id"),
    case(Claim, "type", "event", name="claim-wrong-tag"),
    # -- events -------------------------------------------------------------------------
    case(Negotiation, "parties", frozenset({"RU"}), value=["RU"], name="negotiation-one-party"),
    case(Negotiation, "parties", frozenset(), value=[], name="negotiation-no-party"),
    case(Negotiation, "parties", {"RU", "UA"}, name="negotiation-parties-set"),
    case(Negotiation, "parties", ("RU", "UA"), name="negotiation-parties-tuple"),
    case(Negotiation, "round", 0, name="negotiation-round-zero"),
    case(Negotiation, "round", -1, name="negotiation-round-negative"),
    case(Negotiation, "status", "held", name="negotiation-status-string"),
    case(
        Negotiation,
        "status",
        NegotiationStatus.PLANNED,
        value="planned",
        name="negotiation-held-not-held",
        held=DAY,
    ),
    case(Negotiation, "delegation_heads", [MOD], name="negotiation-heads-list"),
    case(Negotiation, "agenda", ("",), value="", name="negotiation-empty-agenda-item"),
    case(Sanction, "authority", (), name="sanction-no-authority"),
    case(Sanction, "authority", ("US",), value="US", name="sanction-authority-string"),
    case(Sanction, "entity", "", name="sanction-empty-entity"),
    case(Sanction, "entity_country", "XX", name="sanction-unknown-country"),
    case(Sanction, "measures", frozenset(), name="sanction-no-measure"),
    case(
        Sanction,
        "measures",
        frozenset({"export_controls"}),
        value="export_controls",
        name="sanction-measure-string",
    ),
    case(Sanction, "provisions", ["strict controls"], name="sanction-provisions-list"),
    case(Sanction, "status", "in_force", name="sanction-status-string"),
    case(AircraftCount, "count", 0, name="aircraft-count-zero"),
    case(AircraftCount, "count", -2, name="aircraft-count-negative"),
    case(AircraftCount, "model", "", name="aircraft-empty-model"),
    inv(
        AirspaceIncident,
        "total",
        {
            "violated_state": "SE",
            "aircraft": (
                AircraftCount(model="Su-27", count=2),
                AircraftCount(model="Su-24", count=2),
            ),
            "total": 5,
        },
        5,
        name="airspace-total-disagrees",
    ),
    case(
        AirspaceIncident, "violated_state", "RU", name="airspace-own-airspace", operator_state="RU"
    ),
    case(AirspaceIncident, "violated_state", "XX", name="airspace-unknown-violated-state"),
    case(AirspaceIncident, "operator_state", "SU", name="airspace-unknown-operator-state"),
    case(AirspaceIncident, "total", 0, name="airspace-total-zero"),
    case(AirspaceIncident, "aircraft", [], name="airspace-aircraft-list"),
    case(Attack, "kind", "shelling", name="attack-kind-string"),
    case(Attack, "count", 3, name="attack-count-int"),
    case(Attack, "effects", ["air-raid sirens"], name="attack-effects-list"),
    case(Attack, "place", KYIV.name, name="attack-place-string"),
    case(Statement, "verbatim", True, name="statement-verbatim-without-text"),
    case(Statement, "speaker", "Zelensky", name="statement-speaker-string"),
    case(Statement, "concerning", [KYIV], name="statement-concerning-list"),
    case(Vote, "body", "UN General Assembly", name="vote-body-string"),
    case(Vote, "motion", "", name="vote-empty-motion"),
    case(Vote, "result", "adopted", name="vote-result-string"),
    case(Vote, "votes_for", 141, name="vote-votes-for-int"),
    case(Curfew, "authority", None, name="curfew-no-authority"),
    case(Curfew, "place", None, name="curfew-no-place"),
    case(Curfew, "declared", NAIVE, name="curfew-declared-datetime"),
]

# Cases that change one field: evolving a valid object into them must fail the same way.
# (Evolving a Quantity keeps its old bounds, so multi-field Quantity cases do not apply.)
SINGLE_FIELD = [param for param in INVARIANTS if len(param.values[1]) == 1]


def _names_value(message: str, value: Any) -> bool:
    """Whether ``message`` shows ``value``: in full for scalars, by type for the rest."""
    if value is None or isinstance(value, bool):
        return True  # "needs a value", "a verbatim statement needs its text"
    if isinstance(value, dt.datetime):
        return value.isoformat() in message or f"{type(value).__name__}(" in message
    if isinstance(value, str | int | float):
        return repr(value) in message or str(value) in message
    return repr(value) in message or type(value).__name__ in message


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    return type(left) is type(right) and left == right


class TestInvariants:
    """Every invariant of every model raises `InvariantError` naming field and value."""

    @pytest.mark.parametrize(("cls", "overrides", "field", "value"), INVARIANTS)
    def test_bad_value_raises(self, cls, overrides, field, value):
        """Building the model with the bad value raises, naming model, field and value."""
        with pytest.raises(InvariantError) as info:
            cls(**{**BASE[cls], **overrides})
        error = info.value
        assert (error.model, error.field) == (cls.__name__, field)
        assert _same(error.value, value), (error.value, value)
        assert str(error).startswith(f"{cls.__name__}.{field}: ")
        assert _names_value(str(error), error.value), str(error)
        assert isinstance(error, ValueError)
        assert isinstance(error, ConflictEventsError)

    @pytest.mark.parametrize(("cls", "overrides", "field", "value"), SINGLE_FIELD)
    def test_evolve_rechecks(self, cls, overrides, field, value):
        """`attrs.evolve` of a valid object into the bad value raises the same error."""
        valid = cls(**BASE[cls])
        with pytest.raises(InvariantError) as info:
            attrs.evolve(valid, **overrides)
        assert info.value.field == field

    @pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
    def test_base_is_valid(self, cls):
        """The baseline of each case builds: a failing case fails for its own reason."""
        assert isinstance(cls(**BASE[cls]), cls)

    def test_every_model_has_a_case(self):
        """Every model has at least one invariant case."""
        covered = {param.values[0] for param in INVARIANTS}
        assert covered == set(MODELS)

    def test_error_pickles(self):
        """An `InvariantError` survives pickling (multiprocessing, dask) with its fields."""
        import pickle  # noqa: PLC0415

        with pytest.raises(InvariantError) as info:
            Quantity(value=-1)
        copy = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own object
        assert (copy.model, copy.field, copy.value, str(copy)) == (
            "Quantity",
            "value",
            -1,
            str(info.value),
        )


class TestValidEdgeCases:
    """Values at the edge of an invariant are accepted."""

    def test_poles_and_antimeridian(self):
        """Latitude ±90 and longitude ±180 are valid."""
        assert Coordinates(latitude=90, longitude=-180).latitude == 90
        assert Coordinates(latitude=-90.0, longitude=180.0).longitude == 180.0

    def test_zero_is_a_count(self):
        """Zero is a valid exact figure, and is not unknown."""
        assert Quantity(value=0).bounds == (0, 0)
        assert CasualtyCount(outcome=Outcome.KILLED).quantity is None

    def test_evolve_rederives_the_implied_bounds(self):
        """`attrs.evolve` of the value gives the bounds the new value implies."""
        at_least = Quantity(value=500, qualifier=Qualifier.AT_LEAST)
        assert attrs.evolve(at_least, value=600).bounds == (600, None)
        assert attrs.evolve(at_least, value=600) == Quantity(
            value=600, qualifier=Qualifier.AT_LEAST
        )

    def test_any_aware_datetime_is_stored_as_pendulum(self):
        """A stdlib aware datetime becomes a `pendulum.DateTime` with the same instant."""
        moment = dt.datetime(2022, 3, 2, 12, tzinfo=zoneinfo.ZoneInfo(KYIV_TZ))
        span = TimeSpan.instant(moment)
        assert isinstance(span.start, pendulum.DateTime)
        assert span.start == moment

    def test_kosovo_is_a_country(self):
        """The user-assigned code XK (Kosovo) is accepted."""
        assert Source(name="Kosovo Police", kind=SourceKind.AGENCY, country="XK").country == "XK"

    def test_interval_across_a_dst_fold(self):
        """An interval that crosses the repeated hour of a DST change is valid."""
        first = pendulum.instance(
            dt.datetime(2022, 10, 30, 3, 50, fold=0, tzinfo=zoneinfo.ZoneInfo(KYIV_TZ))
        )
        span = TimeSpan.between(first, first.add(minutes=15))
        assert span.duration == pendulum.duration(minutes=15)

    def test_same_wall_time_in_a_fold_is_two_instants(self):
        """The two 03:30s of a DST change are different instants, so different spans."""
        zone = zoneinfo.ZoneInfo(KYIV_TZ)
        first = TimeSpan.instant(dt.datetime(2022, 10, 30, 3, 30, fold=0, tzinfo=zone))
        second = TimeSpan.instant(dt.datetime(2022, 10, 30, 3, 30, fold=1, tzinfo=zone))
        assert first != second

    def test_fold_instant_equals_its_utc_form(self):
        """A span in the repeated hour equals (and hashes like) the same span in UTC."""
        zone = zoneinfo.ZoneInfo(KYIV_TZ)
        local = TimeSpan.instant(dt.datetime(2022, 10, 30, 3, 30, fold=1, tzinfo=zone))
        assert local.start is not None
        utc = TimeSpan.instant(local.start.in_tz("UTC"))
        assert local == utc
        assert hash(local) == hash(utc)


def _instance(cls: type) -> Any:
    return cls(**BASE[cls])


class TestFrozenAndHashable:
    """Instances cannot change and can be hashed, put in sets and used as keys."""

    @pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
    def test_frozen(self, cls):
        """Assigning to any field raises `FrozenInstanceError`."""
        obj = _instance(cls)
        for field in attrs.fields(cls):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(obj, field.name, getattr(obj, field.name))

    @pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
    def test_slotted(self, cls):
        """Instances have slots, no `__dict__`: no stray attributes."""
        assert not hasattr(_instance(cls), "__dict__")

    @pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
    def test_hashable_and_equal_by_value(self, cls):
        """Two instances built from the same values are equal and hash alike."""
        first, second = _instance(cls), _instance(cls)
        assert first is not second
        assert first == second
        assert hash(first) == hash(second)
        assert len({first, second}) == 1

    @pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
    def test_keyword_only(self, cls):
        """Models refuse positional arguments."""
        with pytest.raises(TypeError):
            cls(*(list(BASE[cls].values()) or [None]))

    @given(cst.records())
    def test_drawn_records_hash(self, record):
        """Every drawn claim or event hashes and equals its copy."""
        assert hash(record) == hash(attrs.evolve(record))


def _claim(**changes: Any) -> Claim:
    return Claim(**{**BASE[Claim], "stated": DAY, **changes})


class TestIds:
    """Ids are derived from content: stable across builds, zones and processes."""

    def test_same_content_same_id(self):
        """The same claim built twice gets the same id."""
        assert _claim().id == _claim().id

    def test_different_content_different_id(self):
        """Changing any part of the content changes the id."""
        base = _claim()
        changed = [
            _claim(claimant=ZELENSKY),
            _claim(subject=attrs.evolve(KILLED, quantity=Quantity(value=499))),
            _claim(stated=TimeSpan.day(dt.date(2022, 3, 3), tz=KYIV_TZ)),
            _claim(quote="498 soldiers were killed"),
        ]
        ids = {claim.id for claim in changed}
        assert base.id not in ids
        assert len(ids) == len(changed)

    def test_same_instant_in_another_zone_same_id(self):
        """Writing the same instants in another time zone keeps the id."""
        moment = pendulum.datetime(2022, 3, 2, 21, 30, tz=KYIV_TZ)
        local = _claim(stated=TimeSpan.instant(moment))
        utc = _claim(stated=TimeSpan.instant(moment.in_tz("UTC")))
        moscow = _claim(stated=TimeSpan.instant(moment.in_tz("Europe/Moscow")))
        assert local.id == utc.id == moscow.id

    def test_evolve_follows_a_derived_id_and_keeps_a_given_one(self):
        """`attrs.evolve` with new content re-derives a derived id and keeps a given one."""
        claim = _claim()
        assert attrs.evolve(claim, quote="498").id == _claim(quote="498").id != claim.id
        given = _claim(id="c1")
        assert attrs.evolve(given, quote="498").id == "c1"

    def test_added_field_at_default_keeps_published_ids(self):
        """A count without ``event`` has the id published before the field existed."""
        first = first_week_2022()[1]  # C2 (C1 has since gained the headline's wording)
        assert first.id == "claim-79edb43159b1b9daab2c"
        fields = {f.name: getattr(first, f.name) for f in attrs.fields(Claim) if f.name != "id"}
        rebuilt = Claim(**fields)
        assert rebuilt.id == first.id

    def test_added_field_set_changes_the_id(self):
        """Naming the event a count belongs to gives another id, one per event."""
        base = _claim()
        ids = {
            base.id,
            _claim(subject=attrs.evolve(KILLED, event="ucdp-ged-1")).id,
            _claim(subject=attrs.evolve(KILLED, event="ucdp-ged-2")).id,
        }
        assert len(ids) == 3

    def test_added_field_needs_a_plain_default(self):
        """A field marked as added later without a plain default is refused."""

        @attrs.frozen(kw_only=True)
        class Later:
            tags: tuple[str, ...] = attrs.field(factory=tuple, metadata={ADDED: True})

        with pytest.raises(TypeError, match="an added field needs a plain default"):
            canonical(Later())

    def test_given_id_is_kept(self):
        """An explicit id is used as given."""
        assert _claim(id="c1").id == "c1"

    def test_id_has_a_prefix(self):
        """Derived ids read `claim-<20 hex digits>`."""
        prefix, digest = _claim().id.split("-")
        assert prefix == "claim"
        assert len(digest) == 20
        int(digest, 16)

    @pytest.mark.parametrize("cls", ID_MODELS, ids=lambda cls: cls.__name__)
    def test_every_event_id_is_derived(self, cls):
        """Every model with an id derives it from content, also through evolve."""
        first, second = _instance(cls), _instance(cls)
        assert first.id == second.id
        assert first.id.startswith(f"{first.type}-")
        assert attrs.evolve(first, **_different(cls)).id != first.id
        assert attrs.evolve(first, id="given", **_different(cls)).id == "given"
        assert cls(**{**BASE[cls], **_different(cls)}).id != first.id

    @given(cst.records())
    def test_rebuilt_records_get_the_same_id(self, record):
        """Any drawn record rebuilt from its fields (id left out) gets the same id."""
        cls = type(record)
        fields = {f.name: getattr(record, f.name) for f in attrs.fields(cls) if f.name != "id"}
        assert cls(**fields).id == record.id

    def test_id_does_not_depend_on_the_process(self):
        """Another process with another hash seed derives the same id."""
        code = (
            "import pendulum, datetime as dt\n"
            "from conflictevents import Claim, Source, SourceKind, CasualtyCount, Outcome,"
            " Quantity, TimeSpan\n"
            "s = Source(name='Russian Defence Ministry', kind=SourceKind.MINISTRY,"
            " aliases=frozenset({'MoD', 'Minoborony', 'RU MoD'}))\n"
            "c = Claim(claimant=s, subject=CasualtyCount(outcome=Outcome.KILLED,"
            " quantity=Quantity(value=498)),"
            " stated=TimeSpan.day(dt.date(2022, 3, 2), tz='Europe/Kyiv'))\n"
            "print(c.id)\n"
        )
        ids = {
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout.strip()
            for seed in ("1", "2", "3")
        }
        assert len(ids) == 1
        assert ids.pop().startswith("claim-")


def _different(cls: type) -> dict[str, Any]:
    if "description" in attrs.fields_dict(cls):
        return {"description": "something else"}
    return {"quote": "something else"}
