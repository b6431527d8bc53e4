"""variable-name-mismatch, offline: which readings count as a mismatch, and how the names differ."""

from __future__ import annotations

import asyncio

import pytest

from sherlock.collect.readings import CodeReading
from sherlock.models import Location, Proof
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks.variable_name_mismatch import check, rule
from sherlock.providers.twilio.records import Field
from tests.providers.checks.live import found

SID = "AC" + "a1b2c3d4" * 4
TOKEN = "9c8b7a6f" * 4


def _reading(name: str, slot: str, line: int = 3, aliases: tuple[str, ...] = ()) -> CodeReading:
    return CodeReading(
        slot,
        name,
        "app",
        "prod",
        Location("app/config/services.php", line),
        "laravel config()",
        aliases=aliases,
    )


def _context(*readings: CodeReading) -> CheckContext:
    values = (
        found(Field.ACCOUNT_SID, SID, "app/.env", 1),
        found(Field.AUTH_TOKEN, TOKEN, "app/.env", 2),
    )
    return CheckContext(sets=(), values=values, results={}, readings=readings)


def test_a_read_name_nobody_sets_next_to_a_set_one_is_a_likely_mismatch_offline() -> None:
    [finding] = asyncio.run(check(_context(_reading("TWILIO_SID", "account_sid"))))
    assert finding.proof is Proof.LIKELY
    assert [str(loc) for loc in finding.locations] == ["app/config/services.php:3"]
    assert any("TWILIO_ACCOUNT_SID at app/.env:1" in line for line in finding.evidence)
    assert all(TOKEN not in line and SID not in line for line in finding.evidence + finding.fix)


def test_a_name_that_is_set_is_no_mismatch() -> None:
    assert asyncio.run(check(_context(_reading("TWILIO_AUTH_TOKEN", "auth_token")))) == []


def test_an_alias_the_framework_binds_satisfies_the_reading() -> None:
    spring = _reading("TWILIO_TOKEN", "auth_token", aliases=("TWILIO_AUTH_TOKEN",))
    assert asyncio.run(check(_context(spring))) == []


def test_an_unset_optional_alternative_beside_a_filled_slot_is_no_mismatch() -> None:
    readings = (
        _reading("TWILIO_PASSWORD", "auth_token", 4),
        _reading("TWILIO_AUTH_TOKEN", "auth_token", 5),
    )
    assert asyncio.run(check(_context(*readings))) == []


def test_no_near_name_of_the_same_slot_means_no_finding() -> None:
    assert asyncio.run(check(_context(_reading("TWILIO_API_SECRET", "api_key_secret")))) == []


@pytest.mark.parametrize(
    ("read", "written", "expected"),
    [
        ("TWILLIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "a typo"),
        ("TWILIO_AUTH_TOKE", "TWILIO_AUTH_TOKEN", "a typo"),
        ("SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "a prefix"),
        ("AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "a prefix"),
        ("TWILIO_SID", "TWILIO_ACCOUNT_SID", "a renamed key"),
        ("TWILIO_TOKEN", "TWILIO_AUTH_TOKEN", "a renamed key"),
    ],
)
def test_the_rule_names_how_the_two_names_differ(read: str, written: str, expected: str) -> None:
    assert rule(read, written, "auth_token").startswith(expected)
