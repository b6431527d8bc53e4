"""The shipped 20003 entry: the cause ids other modules rely on, and complete causes."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from sherlock.kb import KBEntry, entry_for_code, list_entries, load_entry

EXPECTED_CAUSES = {
    "stale-credential-after-rotation",
    "environment-mismatch",
    "rotation-not-propagated",
    "whitespace-in-credential",
    "sid-key-confusion",
    "account-inactive",
    "quoted-credential",
    "malformed-credential",
    "missing-credential",
    "region-mismatch",
    "api-key-revoked",
    "api-key-type",
    "account-scope-mismatch",
    "deprecated-regional-host",
    "rotation-not-finished",
    "api-key-without-account-sid",
    "variable-name-mismatch",
    "source-precedence",
}


@pytest.fixture
def entry() -> KBEntry:
    return load_entry("twilio-20003")


def test_identity(entry: KBEntry) -> None:
    assert (entry.provider, entry.code, entry.http_status) == ("twilio", 20003, 401)
    assert "Authenticate" in entry.aliases
    assert "Permission Denied" in entry.aliases


def test_exactly_the_expected_causes(entry: KBEntry) -> None:
    assert set(entry.cause_ids) == EXPECTED_CAUSES
    assert len(entry.cause_ids) == len(EXPECTED_CAUSES)


@pytest.mark.parametrize("cause_id", sorted(EXPECTED_CAUSES))
def test_every_cause_is_actionable(entry: KBEntry, cause_id: str) -> None:
    cause = entry.cause(cause_id)
    assert cause.confirm
    assert cause.fix
    assert cause.description


def test_common_causes_are_marked_common(entry: KBEntry) -> None:
    for cause_id in (
        "stale-credential-after-rotation",
        "rotation-not-propagated",
        "whitespace-in-credential",
        "environment-mismatch",
    ):
        assert entry.cause(cause_id).likelihood == "common"
    for cause_id in ("region-mismatch", "account-scope-mismatch"):
        assert entry.cause(cause_id).likelihood == "occasional"


def test_no_literal_secrets_in_commands() -> None:
    raw = files("sherlock.kb").joinpath("data", "twilio", "20003.yaml").read_text("utf-8")
    assert not re.search(r"(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])", raw)
    assert not re.search(r"\b(?:AC|SK)[0-9a-f]{32}\b", raw)


def test_prevention_covers_the_basics(entry: KBEntry) -> None:
    text = " ".join(f"{p.title} {p.detail}" for p in entry.prevention).lower()
    for needle in ("start-up", "sherlock diagnose --offline --format json", "20003", "secondary"):
        assert needle in text


def test_related_codes_and_references(entry: KBEntry) -> None:
    codes = {related.code for related in entry.related_codes}
    assert {20008, 20403, 70051}.issubset(codes)
    assert "https://www.twilio.com/docs/errors/20003" in entry.references


def test_list_and_lookup_agree(entry: KBEntry) -> None:
    assert "twilio-20003" in [e.id for e in list_entries()]
    assert entry_for_code("twilio", 20003) is entry
    assert entry_for_code("twilio", 21211) is None
