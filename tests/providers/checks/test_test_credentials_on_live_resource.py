"""test-credentials-on-live-resource: Twilio's 20008 to the account read proves it."""

from __future__ import annotations

from sherlock.models import Proof
from sherlock.providers.twilio.checks.test_credentials_on_live_resource import CAUSE, check
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState
from tests.providers.checks.live import assert_no_secret, run_checks, token_set

LIVE_SID = "AC" + "5b" * 16
LIVE_TOKEN = "6a" * 16
TEST_SID = "AC" + "79" * 16
TEST_TOKEN = "88" * 16


def _state() -> EmulatorState:
    account = Account(
        sid=LIVE_SID, auth_token=LIVE_TOKEN, test_account_sid=TEST_SID, test_auth_token=TEST_TOKEN
    )
    return EmulatorState(accounts=[account])


def test_test_credentials_are_proven_and_the_live_pair_is_named() -> None:
    sets = [
        token_set("otp/.env", TEST_SID, TEST_TOKEN),
        token_set("api/.env", LIVE_SID, LIVE_TOKEN),
    ]
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, sets, [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.PROVEN
    assert "20008" in " ".join(finding.evidence)
    assert any("api/.env" in line for line in finding.fix)
    assert_no_secret(outcome, TEST_TOKEN, LIVE_TOKEN)


def test_live_credentials_are_not_test_credentials() -> None:
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, [token_set("api/.env", LIVE_SID, LIVE_TOKEN)], [check])
    assert outcome.findings == []


def test_a_test_sid_with_a_live_token_is_20003_not_this_cause() -> None:
    """Mixed halves are rejected with 20003: environment-mismatch's case, not ours."""
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, [token_set("otp/.env", TEST_SID, LIVE_TOKEN)], [check])
    assert outcome.findings == []


def test_in_the_test_environment_test_credentials_are_only_possibly_the_cause() -> None:
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(
            emulator, [token_set("ci/.env", TEST_SID, TEST_TOKEN, env="test")], [check]
        )
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.POSSIBLE
