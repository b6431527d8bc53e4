"""Structured locations: shown exactly as before (``path:line``), kept apart for machines
(path, line, column, key inside a structured file, store URI), and carried by every cause
with the fingerprints of the values it concerns."""

from __future__ import annotations

import json

import pytest

from sherlock.engine.rank import rank
from sherlock.engine.sites import attach_sites
from sherlock.kb import load_entry
from sherlock.models import Cause, Finding, Location, Proof, Site
from sherlock.stores.base import SecretVersion, StoreRef
from sherlock.stores.values import version_location

STORE_TEXT = "aws-sm://prod/twilio#TWILIO_AUTH_TOKEN@AWSPREVIOUS"


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        (Location("services/api/.env", 2), "services/api/.env:2"),
        (Location("services/api/.env"), "services/api/.env"),
        (Location("k8s/secret.yaml", 9, column=3), "k8s/secret.yaml:9"),
        (Location("k8s/secret.yaml", 9, key="data.TWILIO_AUTH_TOKEN"), "k8s/secret.yaml:9"),
        (Location("env:TWILIO_AUTH_TOKEN"), "env:TWILIO_AUTH_TOKEN"),
        (Location.in_store("aws-sm://prod/twilio", "TWILIO_AUTH_TOKEN", "AWSPREVIOUS"), STORE_TEXT),
    ],
)
def test_a_location_is_shown_as_path_and_line_exactly_as_before(
    location: Location, shown: str
) -> None:
    assert str(location) == shown


@pytest.mark.parametrize(
    "text",
    [
        "services/api/.env:2",
        "services/api/.env",
        "env:TWILIO_AUTH_TOKEN",
        STORE_TEXT,
        "vault://secret/twilio#token@",
        "gcp-sm://projects/p/secrets/twilio",
        "a:b:7",
    ],
)
def test_shown_text_parses_back_to_a_location_that_shows_the_same(text: str) -> None:
    assert str(Location.parse(text)) == text


def test_a_store_location_keeps_its_secret_uri_version_and_json_key_apart() -> None:
    location = Location.parse(STORE_TEXT)
    assert location.uri == "aws-sm://prod/twilio#AWSPREVIOUS"
    assert location.key == "TWILIO_AUTH_TOKEN"
    assert location.line is None


def test_a_file_location_parses_its_line_apart_from_its_path() -> None:
    location = Location.parse("deploy/a:b.env:12")
    assert (location.path, location.line, location.uri) == ("deploy/a:b.env", 12, None)


@pytest.mark.parametrize(
    "location",
    [
        Location("k8s/secret.yaml", 9, column=5, key="stringData.TWILIO_AUTH_TOKEN"),
        Location.in_store("vault://secret/twilio", "token", "v3"),
        Location("services/api/.env"),
    ],
)
def test_a_location_survives_a_round_trip_through_its_structured_form(location: Location) -> None:
    assert Location.from_dict(json.loads(json.dumps(location.to_dict()))) == location


def test_locations_with_and_without_lines_sort_by_path_then_line() -> None:
    mixed = [Location("b.env", 2), Location("a.env", 3), Location("a.env"), Location("a.env", 1)]
    assert [str(loc) for loc in sorted(mixed)] == ["a.env", "a.env:1", "a.env:3", "b.env:2"]


def _cause(*locations: Location, sites: tuple[Site, ...] = ()) -> Cause:
    return Cause(
        id="quoted-credential",
        title="Quotes kept around the token",
        severity="high",
        likelihood="common",
        confidence=0.9,
        proof=Proof.PROVEN,
        locations=locations,
        evidence=("the value starts with a quote",),
        fix=("remove the quotes",),
        sites=sites,
    )


def test_the_json_contract_keeps_location_strings_and_adds_where() -> None:
    where = Location("k8s/secret.yaml", 9, column=5, key="data.TWILIO_AUTH_TOKEN")
    report = _cause(where, Location.parse(STORE_TEXT)).to_dict()
    assert report["locations"] == ["k8s/secret.yaml:9", STORE_TEXT]
    assert report["where"][0] == {
        "path": "k8s/secret.yaml",
        "line": 9,
        "column": 5,
        "key": "data.TWILIO_AUTH_TOKEN",
        "uri": None,
    }
    assert report["where"][1]["uri"] == "aws-sm://prod/twilio#AWSPREVIOUS"


def test_a_cause_carries_the_fingerprints_of_the_values_it_concerns_once_each() -> None:
    sites = (
        Site("a/.env", 2, "TWILIO_AUTH_TOKEN", "auth_token", "fp:aaaaaaaaaaaa"),
        Site("b/.env", 2, "TWILIO_AUTH_TOKEN", "auth_token", "fp:aaaaaaaaaaaa"),
        Site("b/.env", 1, "TWILIO_ACCOUNT_SID", "account_sid", "fp:bbbbbbbbbbbb"),
        Site("c/", None, "", "", ""),
    )
    cause = _cause(Location("a/.env", 2), sites=sites)
    assert cause.fingerprints == ("fp:aaaaaaaaaaaa", "fp:bbbbbbbbbbbb")
    assert cause.to_dict()["fingerprints"] == ["fp:aaaaaaaaaaaa", "fp:bbbbbbbbbbbb"]


def test_ranking_lists_a_place_once_even_when_checks_located_it_differently() -> None:
    findings = [
        Finding("quoted-credential", Proof.PROVEN, (Location("a/.env", 2),), ("one",)),
        Finding("quoted-credential", Proof.LIKELY, (Location("a/.env", 2, column=19),), ("two",)),
    ]
    (cause,) = rank(findings, load_entry("twilio-20003"))
    assert [str(loc) for loc in cause.locations] == ["a/.env:2"]
    assert all(isinstance(loc, Location) for loc in cause.locations)


def test_a_place_no_value_sits_at_becomes_a_site_without_a_fingerprint() -> None:
    (cause,) = attach_sites([_cause(Location("services/api", None))], [])
    assert cause.sites == (Site("services/api", None, "", "", ""),)
    assert cause.fingerprints == ()


def test_a_value_read_from_a_store_version_knows_its_secret_uri_and_json_key() -> None:
    ref = StoreRef(scheme="aws-sm", name="prod/twilio")
    old = SecretVersion("3f2a", None, current=False, payload=None, labels=("AWSPREVIOUS",))
    location = version_location(ref, "TWILIO_AUTH_TOKEN", old)
    assert str(location) == STORE_TEXT
    assert (location.uri, location.key) == ("aws-sm://prod/twilio#AWSPREVIOUS", "TWILIO_AUTH_TOKEN")
    assert Location.parse(str(location)) == location
