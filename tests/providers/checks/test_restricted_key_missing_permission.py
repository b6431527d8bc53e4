"""restricted-key-missing-permission: 70051 on the Messages read is proven when the account
works otherwise; a restricted key that can read is only possible (reads cannot test sends)."""

from __future__ import annotations

import pytest

from sherlock.models import Proof
from sherlock.providers.twilio.checks.restricted_key_missing_permission import CAUSE, check
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from tests.providers.checks.live import assert_no_secret, key_set, run_checks, token_set

SID = "AC" + "9c" * 16
TOKEN = "ab" * 16
KEY_SID = "SK" + "ba" * 16
KEY_SECRET = "RestrictedKeySecretCanary7Hq2Wx4"


def _state(*permissions: str, key_type: str = "restricted") -> EmulatorState:
    key = ApiKey(
        sid=KEY_SID,
        secret=KEY_SECRET,
        account_sid=SID,
        type=key_type,  # type: ignore[arg-type]
        permissions=list(permissions),
    )
    return EmulatorState(accounts=[Account(sid=SID, auth_token=TOKEN)], api_keys=[key])


def test_a_key_refused_the_read_is_proven_when_the_account_works() -> None:
    sets = [key_set("sms/.env", SID, KEY_SID, KEY_SECRET), token_set("api/.env", SID, TOKEN)]
    with TwilioEmulator(_state("/twilio/messaging/messages/create")) as emulator:
        outcome = run_checks(emulator, sets, [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.PROVEN
    assert "70051" in " ".join(finding.evidence)
    assert_no_secret(outcome, KEY_SECRET, TOKEN)


def test_without_the_accounts_other_credentials_it_is_only_likely() -> None:
    with TwilioEmulator(_state("/twilio/messaging/messages/create")) as emulator:
        outcome = run_checks(emulator, [key_set("sms/.env", SID, KEY_SID, KEY_SECRET)], [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.LIKELY


def test_a_restricted_key_that_can_read_is_only_possible() -> None:
    with TwilioEmulator(_state("/twilio/messaging/messages/read")) as emulator:
        outcome = run_checks(emulator, [key_set("sms/.env", SID, KEY_SID, KEY_SECRET)], [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.POSSIBLE
    assert "read-only" in " ".join(finding.evidence)


@pytest.mark.parametrize("key_type", ["standard", "main"])
def test_unrestricted_keys_are_not_this_cause(key_type: str) -> None:
    with TwilioEmulator(_state(key_type=key_type)) as emulator:
        outcome = run_checks(emulator, [key_set("sms/.env", SID, KEY_SID, KEY_SECRET)], [check])
    assert outcome.findings == []
