"""source-precedence over HTTP: proven only when the value hidden behind the rejected winner
works in the same request; a rejected loser, an accepted winner or a network fault say nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from sherlock.models import Proof, Shadowed
from sherlock.providers.twilio.checks.source_precedence import CAUSE, check
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState, Fault
from sherlock.providers.twilio.records import CredentialSet, Field
from tests.providers.checks.live import (
    assert_no_secret,
    found,
    key_set,
    run_checks,
    token_set,
)

SID = "AC" + "5a" * 16
FRESH = "6b" * 16
STALE = "7c" * 16
OTHER_STALE = "8d" * 16
KEY_SID = "SK" + "9e" * 16
KEY_SECRET = "FreshKeySecretCanaryQ7w3Lx9Zt2Mp"
OLD_KEY_SID = "SK" + "af" * 16
OLD_KEY_SECRET = "StaleKeySecretCanaryPn4Hs8Kp1Mn6"
CANARIES = (FRESH, STALE, OTHER_STALE, KEY_SECRET, OLD_KEY_SECRET)
RULE = "compose: environment: overrides env_file: api/.env"


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    state = EmulatorState(
        accounts=[Account(sid=SID, auth_token=FRESH)],
        api_keys=[ApiKey(sid=KEY_SID, secret=KEY_SECRET, account_sid=SID)],
    )
    with TwilioEmulator(state) as running:
        yield running


def _hiding(cset: CredentialSet, field: Field, raw: str, line: int = 7) -> CredentialSet:
    """The set with its ``field`` value hiding ``raw`` from the env file."""
    winner = getattr(cset, field.value)
    loser = replace(found(field, raw, "api/.env", line), scope=winner.scope)
    return replace(cset, **{field.value: replace(winner, shadows=(Shadowed(loser, RULE),))})


def test_a_rejected_winner_hiding_a_working_token_is_proven(emulator: TwilioEmulator) -> None:
    cset = _hiding(token_set("docker-compose.yml", SID, STALE), Field.AUTH_TOKEN, FRESH)
    outcome = run_checks(emulator, [cset], [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.PROVEN
    assert [str(loc) for loc in finding.locations] == ["docker-compose.yml:2", "api/.env:7"]
    assert any(RULE in line for line in finding.evidence)
    assert "Remove TWILIO_AUTH_TOKEN at docker-compose.yml:2" in finding.fix[0]
    assert outcome.counter_tests == 1
    assert_no_secret(outcome, *CANARIES)


def test_a_hidden_key_travels_with_its_hidden_secret(emulator: TwilioEmulator) -> None:
    cset = key_set("docker-compose.yml", SID, OLD_KEY_SID, OLD_KEY_SECRET)
    cset = _hiding(_hiding(cset, Field.API_KEY_SID, KEY_SID, 8), Field.API_KEY_SECRET, KEY_SECRET)
    [finding] = run_checks(emulator, [cset], [check]).of(CAUSE)
    assert finding.proof is Proof.PROVEN
    assert {str(loc) for loc in finding.locations} >= {"api/.env:7", "api/.env:8"}


@pytest.mark.parametrize(
    ("winner", "loser"),
    [(STALE, OTHER_STALE), (FRESH, STALE), (STALE, STALE)],
    ids=["loser-rejected-too", "winner-works", "same-value-twice"],
)
def test_no_finding_unless_the_winner_fails_and_a_different_loser_works(
    emulator: TwilioEmulator, winner: str, loser: str
) -> None:
    cset = _hiding(token_set("docker-compose.yml", SID, winner), Field.AUTH_TOKEN, loser)
    assert run_checks(emulator, [cset], [check]).of(CAUSE) == []


def test_a_counter_test_twilio_could_not_answer_is_no_verdict(emulator: TwilioEmulator) -> None:
    cset = _hiding(token_set("docker-compose.yml", SID, STALE), Field.AUTH_TOKEN, FRESH)
    fault = Fault(kind="500", username=SID)
    outcome = run_checks(emulator, [cset], [check], fault_after_verify=fault)
    assert outcome.of(CAUSE) == []


def test_a_set_with_nothing_hidden_asks_nothing(emulator: TwilioEmulator) -> None:
    outcome = run_checks(emulator, [token_set("api/.env", SID, STALE)], [check])
    assert (outcome.findings, outcome.counter_tests) == ([], 0)
