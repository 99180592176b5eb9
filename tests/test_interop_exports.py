"""Exports to GeoJSON, PLOVER, FollowTheMoney and ClaimReview, validated by each format's own checker."""

from __future__ import annotations

import csv
import io
import json

import attrs
import geojson
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictevents import Publication, Source, SourceKind, Verification
from conflictevents import strategies as ces
from conflictevents._claims import subject_place
from conflictevents.examples import first_week_2022, first_week_2022_rows, samples
from conflictevents.interop import exports, tables, ucdp

UCDP_SAMPLE = samples() / "ucdp" / "ucdp_ged_candidate_ukraine_2022-2023.cp1252.csv"

# PLOVER ships no JSON Schema: this one is the manual's table "PLOVER JSON" (v0.7b1),
# required fields and formats as the manual states them.
_ACTOR = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "minLength": 3, "maxLength": 3},
        "actor_text": {"type": "string", "minLength": 1},
        "sector": {"type": "string", "minLength": 3},
    },
    "minProperties": 1,
}
PLOVER_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "date", "source", "event"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "enddate": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "source": {"type": "array", "items": _ACTOR, "minItems": 1},
        "recipient": {"type": "array", "items": _ACTOR},
        "event": {"type": "array", "items": {"enum": list(exports.PLOVER_EVENTS)}, "minItems": 1},
        "quad_code": {"enum": [1, 2, 3, 4]},
        "mode": {"type": "array", "items": {"type": "string"}},
        "event_loc": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                "country code": {"type": "string", "pattern": "^[A-Z]{2}$"},
            },
        },
        "cite_info": {"type": "object"},
    },
}

# Google's required and recommended ClaimReview properties (schema.org itself makes none
# required): url, claimReviewed, reviewRating with alternateName, author; itemReviewed a Claim.
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "reviewRating",
        "author",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "url": {"type": "string", "pattern": "^https?://"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "author": {
            "type": "object",
            "required": ["@type", "name"],
            "properties": {"@type": {"enum": ["Organization", "Person"]}},
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName", "ratingValue", "bestRating", "worstRating"],
            "properties": {
                "@type": {"const": "Rating"},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
            },
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "author"],
            "properties": {
                "@type": {"const": "Claim"},
                "author": {"type": "object", "required": ["@type", "name"]},
                "datePublished": {"type": "string", "format": "date"},
            },
        },
    },
}


def _lines(write, claims, **options):
    out = io.StringIO()
    written = write(claims, out, **options)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return written, records


@pytest.fixture(scope="module")
def ftm():
    """followthemoney's model; its import raises the csv module's global field limit, so put it back."""
    limit = csv.field_size_limit()
    from followthemoney import model  # noqa: PLC0415

    csv.field_size_limit(limit)
    return model


@pytest.fixture(scope="module")
def ucdp_claims():
    return list(ucdp.read(UCDP_SAMPLE, encoding="cp1252", on_error="collect"))[:300]


class TestGeoJson:
    """write_geojson: one valid Point feature per claim with coordinates."""

    def test_ucdp_features_are_valid(self, ucdp_claims):
        """UCDP's located claims become valid features, [longitude, latitude], columns as properties."""
        out = io.StringIO()
        written = exports.write_geojson(ucdp_claims, out)
        collection = geojson.loads(out.getvalue())
        assert collection.is_valid, collection.errors()
        assert written.written == len(collection["features"]) > 100
        assert written.written + len(written.skipped) == len(ucdp_claims)
        by_id = {c.id: c for c in ucdp_claims}
        for feature in collection["features"]:
            point = subject_place(by_id[feature["id"]].subject).coordinates
            assert feature["geometry"]["coordinates"] == [point.longitude, point.latitude]
            assert list(feature["properties"]) == [name for name, _, _ in tables.COLUMNS]
        assert {reason for _, reason in written.skipped} <= {"no place", "no coordinates"}

    def test_nested_claim(self, ucdp_claims):
        """nested=True adds the whole claim, chain and publications, as a JSON object."""
        out = io.StringIO()
        exports.write_geojson(ucdp_claims[:2], out, nested=True)
        feature = json.loads(out.getvalue())["features"][0]
        assert feature["properties"]["claim"]["id"] == feature["id"]
        assert feature["properties"]["claim"]["reported_in"]

    @given(st.lists(ces.claims(), max_size=6))
    def test_any_claims(self, claims):
        """Any claims give a valid FeatureCollection; each claim is written or skipped with a reason."""
        out = io.StringIO()
        written = exports.write_geojson(claims, out)
        assert geojson.loads(out.getvalue()).is_valid
        assert written.written + len(written.skipped) == len(claims)


class TestPlover:
    """write_plover: PLOVER JSON Lines for claims asserting events."""

    def test_reference_article(self):
        """The article's attacks, talks, sanctions and curfew validate; what PLOVER cannot hold is skipped."""
        written, records = _lines(exports.write_plover, first_week_2022())
        for record in records:
            jsonschema.validate(record, PLOVER_SCHEMA)
        rows = first_week_2022_rows()
        by_id = {record["id"]: record for record in records}
        attack = by_id[rows["A2"].id]
        assert attack["event"] == ["ASSAULT"]
        assert attack["link"] == rows["A2"].subject.id
        assert attack["source"] == [{"sector": "UAF", "actor_text": "unidentified"}]
        assert attack["date"] == "2022-03-03"
        assert by_id[rows["D4"].id]["event"] == ["COERCE"]
        assert by_id[rows["N1"].id]["event"] == ["CONSULT"]
        reasons = dict(written.skipped)
        assert reasons[rows["S1"].id] == "no date: PLOVER requires one"
        assert reasons[rows["T2"].id] == "not an event"
        assert reasons[rows["I1"].id] == "a airspace_incident: PLOVER has no category for it"
        assert reasons[rows["C1"].id] == "not an event"
        assert written.written == len(records)
        assert written.written + len(written.skipped) == len(first_week_2022())

    @given(st.lists(ces.claims(subjects=ces.events()), max_size=6))
    def test_any_events(self, claims):
        """Every record written for any event claims validates against the manual's fields."""
        written, records = _lines(exports.write_plover, claims)
        for record in records:
            jsonschema.validate(record, PLOVER_SCHEMA)
        assert written.written + len(written.skipped) == len(claims)


class TestFollowTheMoney:
    """write_ftm: Sanction and LegalEntity entities that followthemoney accepts."""

    def _check(self, model, records):
        ids = {record["id"] for record in records}
        for record in records:
            model.get(record["schema"]).validate(record)  # raises InvalidData
            proxy = model.get_proxy(record, cleaned=False)
            assert proxy.to_dict()["properties"] == record["properties"]  # nothing dropped
            if record["schema"] == "Sanction":
                assert set(record["properties"]["entity"]) <= ids

    def test_reference_article(self, ftm):
        """The article's five sanctions become valid Sanction entities with their targets."""
        written, records = _lines(exports.write_ftm, first_week_2022())
        self._check(ftm, records)
        assert written.written == 10
        sanctions = [r for r in records if r["schema"] == "Sanction"]
        assert all(r["properties"]["authority"] for r in sanctions)
        assert {r["properties"]["recordId"][0] for r in sanctions} == {
            first_week_2022_rows()[k].id for k in ("S1", "S2", "S3", "S4", "S5")
        }

    @given(st.lists(ces.claims(subjects=ces.sanctions()), max_size=5))
    def test_any_sanctions(self, ftm, claims):
        """Any sanction claims give entities followthemoney validates, dates as ISO prefixes."""
        written, records = _lines(exports.write_ftm, claims)
        self._check(ftm, records)
        for record in records:
            for name in ("startDate", "listingDate"):
                for value in record["properties"].get(name, []):
                    assert len(value) in {4, 7, 10}
        assert written.written == 2 * (len(claims) - len(written.skipped))

    def test_publications_sharing_a_url_list_it_once(self, ftm):
        """Two outlets' reports at one URL give the entity one sourceUrl (FtM refuses a repeat)."""
        sanction = next(c for c in first_week_2022() if c.subject.type == "sanction")
        url = "https://example.org/sanctions"
        reports = tuple(
            Publication(outlet=Source(name=name, kind=SourceKind.NEWS_AGENCY), url=url)
            for name in ("Reuters", "AFP")
        )
        _written, records = _lines(exports.write_ftm, [attrs.evolve(sanction, reported_in=reports)])
        self._check(ftm, records)
        entity = next(r for r in records if r["schema"] == "Sanction")
        assert entity["properties"]["sourceUrl"] == [url]


class TestClaimReview:
    """write_claimreview: ClaimReview JSON-LD with the properties search engines require."""

    def test_reference_article(self):
        """The article's unverified figures become reviews rated 2 of 5; unassessed claims are skipped."""
        written, records = _lines(
            exports.write_claimreview,
            first_week_2022(),
            reviewer="Example Desk",
            url="https://example.org/reviews",
        )
        for record in records:
            jsonschema.validate(
                record, CLAIMREVIEW_SCHEMA, format_checker=jsonschema.FormatChecker()
            )
        c1 = first_week_2022_rows()["C1"]
        review = next(r for r in records if r["url"].endswith(c1.id))
        assert review["reviewRating"]["alternateName"] == "unverified"
        assert review["claimReviewed"] == exports.claim_text(c1)
        assert "498" in review["claimReviewed"]
        assert all(reason.startswith("verification not assessed") for _, reason in written.skipped)

    @given(st.lists(ces.claims(), max_size=6))
    def test_any_claims(self, claims):
        """Any claim with a verification gives a review that validates."""
        written, records = _lines(
            exports.write_claimreview, claims, reviewer="Desk", url="https://example.org/r"
        )
        for record in records:
            jsonschema.validate(
                record, CLAIMREVIEW_SCHEMA, format_checker=jsonschema.FormatChecker()
            )
        assessed = [c for c in claims if c.verification is not Verification.NOT_ASSESSED]
        assert written.written == len(assessed)
