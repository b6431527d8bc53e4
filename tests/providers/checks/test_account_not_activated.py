"""account-not-activated: Twilio's own 20005 makes it likely; a closed account is not it."""

from __future__ import annotations

from sherlock.models import Proof
from sherlock.providers.twilio.checks.account_not_activated import CAUSE, check
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState
from tests.providers.checks.live import assert_no_secret, run_checks, token_set

PARENT_SID = "AC" + "1f" * 16
PARENT_TOKEN = "2e" * 16
TRIAL_SID = "AC" + "3d" * 16
TRIAL_TOKEN = "4c" * 16


def _state(status: str = "suspended", response: str = "20005") -> EmulatorState:
    return EmulatorState(
        accounts=[
            Account(sid=PARENT_SID, auth_token=PARENT_TOKEN),
            Account(
                sid=TRIAL_SID,
                auth_token=TRIAL_TOKEN,
                parent_sid=PARENT_SID,
                status=status,  # type: ignore[arg-type]
                type="Trial",
            ),
        ],
        inactive_response=response,  # type: ignore[arg-type]
    )


def test_twilio_answering_20005_makes_the_unfunded_account_likely() -> None:
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, [token_set("sms/.env", TRIAL_SID, TRIAL_TOKEN)], [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.LIKELY
    assert "20005" in outcome.text()
    assert_no_secret(outcome, TRIAL_TOKEN)


def test_the_parent_view_adds_the_account_type() -> None:
    sets = [
        token_set("sms/.env", TRIAL_SID, TRIAL_TOKEN),
        token_set("admin/.env", PARENT_SID, PARENT_TOKEN),
    ]
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, sets, [check])
    [finding] = outcome.of(CAUSE)
    assert any("Trial account" in line for line in finding.evidence)
    assert_no_secret(outcome, TRIAL_TOKEN, PARENT_TOKEN)


def test_a_closed_account_is_not_reported_as_unfunded() -> None:
    sets = [
        token_set("sms/.env", TRIAL_SID, TRIAL_TOKEN),
        token_set("admin/.env", PARENT_SID, PARENT_TOKEN),
    ]
    with TwilioEmulator(_state(status="closed")) as emulator:
        outcome = run_checks(emulator, sets, [check])
    assert outcome.of(CAUSE) == []


def test_another_inactive_code_is_not_this_cause() -> None:
    with TwilioEmulator(_state(response="20403")) as emulator:
        outcome = run_checks(emulator, [token_set("sms/.env", TRIAL_SID, TRIAL_TOKEN)], [check])
    assert outcome.of(CAUSE) == []
