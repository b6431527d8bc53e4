"""Key lookups: asking an account, with its own credentials, whether it holds an API key."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from sherlock.models import Outcome
from sherlock.providers.twilio.client import ProbeRequest, TwilioVerifier
from sherlock.providers.twilio.client_keys import key_found, key_not_found
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Fault
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret
from tests.twilio_fixtures import (
    CANARY_SECRETS,
    MAIN_SID,
    MAIN_TOKEN,
    REVOKED_KEY_SID,
    STANDARD_KEY_SECRET,
    STANDARD_KEY_SID,
    SUB_SID,
    SUB_TOKEN,
    standard_state,
)


def lookup(sid: str, token: str, key_sid: str) -> ProbeRequest:
    user = Secret(sid, identifier=True)
    return ProbeRequest(user, Secret(token), user, lookup_key=Secret(key_sid, identifier=True))


def run(emulator: TwilioEmulator, *probes: ProbeRequest) -> list[TwilioVerification]:
    async def go() -> list[TwilioVerification]:
        async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
            return [await verifier.verify(p) for p in probes]

    return asyncio.run(go())


def shown(result: TwilioVerification) -> str:
    return f"{result.describe()} {result!r}"


def test_a_key_the_account_holds_is_found(emulator: TwilioEmulator) -> None:
    (result,) = run(emulator, lookup(MAIN_SID, MAIN_TOKEN, STANDARD_KEY_SID))
    assert key_found(result) and not key_not_found(result)
    assert (result.outcome, result.http_status) == (Outcome.VALID, 200)
    (request,) = emulator.requests
    assert (request.method, request.path) == (
        "GET",
        f"/2010-04-01/Accounts/{MAIN_SID}/Keys/{STANDARD_KEY_SID}.json",
    )
    assert request.username == MAIN_SID  # the account's credentials, never the key's


def test_a_deleted_key_is_not_found(emulator: TwilioEmulator) -> None:
    (result,) = run(emulator, lookup(MAIN_SID, MAIN_TOKEN, REVOKED_KEY_SID))
    assert key_not_found(result) and not key_found(result)
    assert (result.http_status, result.code) == (404, 20404)
    assert result.request_id is not None and result.request_id.startswith("RQ")


def test_a_key_of_another_account_is_not_found_on_this_one(emulator: TwilioEmulator) -> None:
    (result,) = run(emulator, lookup(SUB_SID, SUB_TOKEN, STANDARD_KEY_SID))
    assert key_not_found(result)


def test_a_rejected_account_token_settles_nothing_about_the_key(emulator: TwilioEmulator) -> None:
    (result,) = run(emulator, lookup(MAIN_SID, "e" * 32, REVOKED_KEY_SID))
    assert result.outcome is Outcome.INVALID
    assert not key_found(result) and not key_not_found(result)


def test_a_server_error_is_unverified_never_not_found() -> None:
    with TwilioEmulator(standard_state(faults=[Fault(kind="500")])) as emu:
        (result,) = run(emu, lookup(MAIN_SID, MAIN_TOKEN, REVOKED_KEY_SID))
    assert result.outcome is Outcome.UNVERIFIED
    assert not key_not_found(result)


@pytest.mark.parametrize("bad", ["not-a-key", f"{STANDARD_KEY_SID}/../..", MAIN_TOKEN])
def test_a_value_not_shaped_like_a_key_sid_is_never_sent(
    emulator: TwilioEmulator, bad: str
) -> None:
    (result,) = run(emulator, lookup(MAIN_SID, MAIN_TOKEN, bad))
    assert result.outcome is Outcome.SKIPPED
    assert emulator.requests == []
    assert MAIN_TOKEN not in shown(result)


def test_a_lookup_and_a_verification_with_the_same_credentials_are_cached_apart(
    emulator: TwilioEmulator,
) -> None:
    plain = lookup(MAIN_SID, MAIN_TOKEN, REVOKED_KEY_SID)
    verification = replace(plain, lookup_key=None)
    first, again, own, other_key = run(
        emulator, plain, plain, verification, lookup(MAIN_SID, MAIN_TOKEN, STANDARD_KEY_SID)
    )
    assert key_not_found(first) and again == first
    assert own.outcome is Outcome.VALID and own.http_status == 200 and not key_found(own)
    assert key_found(other_key)
    assert len(emulator.requests) == 3


def test_no_secret_appears_in_a_lookup_result_or_request_repr(emulator: TwilioEmulator) -> None:
    probes = [
        lookup(MAIN_SID, MAIN_TOKEN, STANDARD_KEY_SID),
        lookup(MAIN_SID, MAIN_TOKEN, REVOKED_KEY_SID),
        lookup(MAIN_SID, STANDARD_KEY_SECRET, REVOKED_KEY_SID),
    ]
    results = run(emulator, *probes)
    text = " ".join(shown(r) for r in results) + " ".join(repr(p) for p in probes)
    for secret in CANARY_SECRETS:
        assert secret not in text
    assert "lookup_key=" in repr(probes[0])
