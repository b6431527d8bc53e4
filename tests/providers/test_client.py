"""TwilioVerifier against the emulator over loopback HTTP: outcomes, retries, dedup, safety."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from sherlock.errors import UnsafeDestinationError, UsageError
from sherlock.models import Outcome
from sherlock.providers.twilio.client import ProbeRequest, TwilioVerifier, backoff
from sherlock.providers.twilio.client_judge import scrub_message
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Fault
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret
from tests.twilio_fixtures import (
    CANARY_SECRETS,
    IE1_SID,
    IE1_TOKEN,
    MAIN_KEY_SECRET,
    MAIN_KEY_SID,
    MAIN_SID,
    MAIN_TOKEN,
    RESTRICTED_KEY_SECRET,
    RESTRICTED_KEY_SID,
    STANDARD_KEY_SECRET,
    STANDARD_KEY_SID,
    SUB_SID,
    SUB_TOKEN,
    SUSPENDED_SID,
    SUSPENDED_SUB_SID,
    SUSPENDED_TOKEN,
    TEST_SID,
    TEST_TOKEN,
    standard_state,
)

Result = TwilioVerification
MAIN_SID_MASKED = Secret(MAIN_SID, identifier=True).masked
TWILIO_20003 = {
    "code": 20003,
    "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003",
    "status": 401,
}


def token_probe(
    sid: str, token: str, *, region: str | None = None, edge: str | None = None
) -> ProbeRequest:
    user = Secret(sid, identifier=True)
    return ProbeRequest(user, Secret(token), user, region=region, edge=edge)


def key_probe(key_sid: str, secret: str, account: str | None = MAIN_SID) -> ProbeRequest:
    account_secret = Secret(account, identifier=True) if account is not None else None
    return ProbeRequest(Secret(key_sid, identifier=True), Secret(secret), account_secret)


def verify(emulator: TwilioEmulator, probe: ProbeRequest, **options: Any) -> TwilioVerification:
    async def run() -> TwilioVerification:
        async with TwilioVerifier(base_url=emulator.base_url, **options) as verifier:
            return await verifier.verify(probe)

    return asyncio.run(run())


def with_verifier(
    emulator: TwilioEmulator, body: Callable[[TwilioVerifier], Coroutine[Any, Any, Any]]
) -> Any:
    async def run() -> Any:
        async with TwilioVerifier(base_url=emulator.base_url) as verifier:
            return await body(verifier)

    return asyncio.run(run())


# --- outcomes -------------------------------------------------------------------------


def test_valid_token_is_valid_with_account_facts(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN))
    assert result.outcome is Outcome.VALID
    assert (result.http_status, result.attempts, result.host) == (200, 1, "api.twilio.com")
    assert (result.account_status, result.account_type, result.is_subaccount) == (
        "active",
        "Full",
        False,
    )
    assert result.owner_account_masked == Secret(MAIN_SID, identifier=True).masked
    assert result.request_id is not None and result.request_id.startswith("RQ")


def test_subaccount_token_is_valid_and_marked_subaccount(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(SUB_SID, SUB_TOKEN))
    assert (result.outcome, result.is_subaccount) == (Outcome.VALID, True)
    assert MAIN_SID not in repr(result)


def test_wrong_token_is_invalid_with_the_401_evidence(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(MAIN_SID, "f" * 32))
    assert result.outcome is Outcome.INVALID
    assert (result.http_status, result.code, result.message) == (401, 20003, "Authenticate")
    assert result.request_id is not None and "HTTP 401 code 20003" in result.describe()


def test_test_credentials_are_recognised(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(TEST_SID, TEST_TOKEN))
    assert (result.outcome, result.code) == (Outcome.TEST_CREDENTIALS, 20008)


def test_suspended_account_answering_20403_is_inactive() -> None:
    with TwilioEmulator(standard_state(inactive_response="20403")) as emu:
        result = verify(emu, token_probe(SUSPENDED_SID, SUSPENDED_TOKEN))
    assert (result.outcome, result.http_status, result.code) == (Outcome.INACTIVE, 403, 20403)


def test_suspended_account_answering_20003_is_invalid_as_twilio_says(
    emulator: TwilioEmulator,
) -> None:
    result = verify(emulator, token_probe(SUSPENDED_SID, SUSPENDED_TOKEN))
    assert result.outcome is Outcome.INVALID


def test_parent_reading_a_suspended_subaccount_sees_it_inactive(emulator: TwilioEmulator) -> None:
    probe = ProbeRequest(
        Secret(MAIN_SID, identifier=True),
        Secret(MAIN_TOKEN),
        Secret(SUSPENDED_SUB_SID, identifier=True),
    )
    result = verify(emulator, probe)
    assert (result.outcome, result.http_status, result.account_status) == (
        Outcome.INACTIVE,
        200,
        "suspended",
    )


@pytest.mark.parametrize(
    ("key_sid", "secret", "key_type"),
    [
        (MAIN_KEY_SID, MAIN_KEY_SECRET, "main"),
        (STANDARD_KEY_SID, STANDARD_KEY_SECRET, "standard"),
        (RESTRICTED_KEY_SID, RESTRICTED_KEY_SECRET, "restricted"),
    ],
)
def test_api_key_is_valid_and_its_type_reported(
    emulator: TwilioEmulator, key_sid: str, secret: str, key_type: str
) -> None:
    result = verify(emulator, key_probe(key_sid, secret))
    assert (result.outcome, result.key_type, result.attempts) == (Outcome.VALID, key_type, 2)
    assert emulator.requests[0].path.endswith("/Messages.json")
    assert emulator.requests[0].query == "PageSize=1"


def test_restricted_key_without_the_permission_is_forbidden() -> None:
    state = standard_state()
    state.api_keys[2].permissions = []
    with TwilioEmulator(state) as emu:
        result = verify(emu, key_probe(RESTRICTED_KEY_SID, RESTRICTED_KEY_SECRET))
    assert (result.outcome, result.code, result.key_type) == (
        Outcome.FORBIDDEN,
        70051,
        "restricted",
    )


def test_key_with_the_wrong_account_is_invalid(emulator: TwilioEmulator) -> None:
    result = verify(emulator, key_probe(MAIN_KEY_SID, MAIN_KEY_SECRET, account=SUB_SID))
    assert result.outcome is Outcome.INVALID


def test_key_without_an_account_sid_is_skipped(emulator: TwilioEmulator) -> None:
    result = verify(emulator, key_probe(STANDARD_KEY_SID, STANDARD_KEY_SECRET, account=None))
    assert result.outcome is Outcome.SKIPPED
    assert emulator.requests == []


# --- regions and hosts ------------------------------------------------------------------


def test_host_header_carries_the_regional_host(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(IE1_SID, IE1_TOKEN, region="ie1", edge="dublin"))
    assert (result.outcome, result.host) == (Outcome.VALID, "api.dublin.ie1.twilio.com")
    assert emulator.requests[0].host == "api.dublin.ie1.twilio.com"


def test_credential_from_another_region_is_invalid(emulator: TwilioEmulator) -> None:
    assert verify(emulator, token_probe(IE1_SID, IE1_TOKEN)).outcome is Outcome.INVALID


def test_region_only_host_is_unverified_never_invalid(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(IE1_SID, IE1_TOKEN, region="ie1"), retries=1)
    assert result.outcome is Outcome.UNVERIFIED
    assert result.host == "api.ie1.twilio.com"
    assert result.reason is not None and "2026-04-28" in result.reason
    assert result.attempts == 2


def test_junk_region_is_unverified_and_never_becomes_a_host(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN, region=MAIN_TOKEN))
    assert result.outcome is Outcome.UNVERIFIED
    assert emulator.requests == []
    assert MAIN_TOKEN not in repr(result)


# --- retries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [Fault(kind="429", retry_after=0), Fault(kind="500"), Fault(kind="reset")],
    ids=["429", "500", "reset"],
)
def test_persistent_failure_is_retried_a_bounded_number_of_times(
    emulator: TwilioEmulator, fault: Fault
) -> None:
    emulator.add_fault(fault)
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN), retries=2)
    assert result.outcome is Outcome.UNVERIFIED
    assert result.attempts == 3 and len(emulator.requests) == 3
    assert result.reason is not None and result.reason.startswith("could not verify")


def test_transient_429_then_success_is_valid(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="429", times=1, retry_after=0))
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN))
    assert (result.outcome, result.attempts) == (Outcome.VALID, 2)


def test_a_401_is_never_retried(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(MAIN_SID, "0" * 32), retries=5)
    assert (result.outcome, result.attempts, len(emulator.requests)) == (Outcome.INVALID, 1, 1)


def test_timeout_is_unverified_and_names_the_url_contacted(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="latency", seconds=0.6))
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN), timeout=0.15, retries=0)
    assert result.outcome is Outcome.UNVERIFIED
    url = f"{emulator.base_url}/2010-04-01/Accounts/{MAIN_SID_MASKED}.json"
    assert result.reason == f"could not verify: timed out after 0.15 s waiting for {url}"
    assert (result.url, result.proxy) == (url, "")


def test_html_error_pages_are_unverified_even_as_a_401(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="non-json", status=400, times=1))
    emulator.add_fault(Fault(kind="non-json", status=401, times=1))
    first = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN))
    second = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN))
    assert (first.outcome, first.attempts) == (Outcome.UNVERIFIED, 1)
    assert (second.outcome, second.attempts) == (Outcome.UNVERIFIED, 1)
    assert second.reason is not None and "without Twilio's error body" in second.reason


def test_backoff_stays_small_and_retry_after_is_capped() -> None:
    assert all(backoff(n, None) <= 0.5 for n in range(1, 20))
    assert backoff(1, 30.0) == 2.0 and backoff(1, 0.0) == 0.0


# --- dedup ------------------------------------------------------------------------------


def test_concurrent_verifies_of_one_pair_send_one_request(emulator: TwilioEmulator) -> None:
    emulator.set_latency(0.1)

    async def body(verifier: TwilioVerifier) -> tuple[list[TwilioVerification], int]:
        probes = [token_probe(MAIN_SID, MAIN_TOKEN) for _ in range(25)]
        results = await asyncio.gather(*(verifier.verify(p) for p in probes))
        again = await verifier.verify(token_probe(MAIN_SID, MAIN_TOKEN))
        return [*results, again], verifier.request_count

    results, count = with_verifier(emulator, body)
    assert {r.outcome for r in results} == {Outcome.VALID}
    assert count == 1 and len(emulator.requests) == 1


def test_different_pairs_are_probed_separately(emulator: TwilioEmulator) -> None:
    async def body(verifier: TwilioVerifier) -> int:
        await verifier.verify(token_probe(MAIN_SID, MAIN_TOKEN))
        await verifier.verify(token_probe(MAIN_SID, MAIN_TOKEN, region="us1", edge="ashburn"))
        return verifier.request_count

    assert with_verifier(emulator, body) == 2


# --- safety -----------------------------------------------------------------------------


def test_token_in_the_sid_field_is_skipped_and_never_sent_in_a_path(
    emulator: TwilioEmulator,
) -> None:
    swapped = ProbeRequest(Secret(MAIN_TOKEN), Secret(MAIN_SID), Secret(MAIN_TOKEN))
    key_with_secret_as_account = key_probe(MAIN_KEY_SID, MAIN_KEY_SECRET, account=MAIN_KEY_SECRET)

    async def body(verifier: TwilioVerifier) -> list[TwilioVerification]:
        probes = [swapped, key_with_secret_as_account, token_probe(MAIN_SID, MAIN_TOKEN)]
        return list(await asyncio.gather(*(verifier.verify(p) for p in probes)))

    skipped_token, skipped_key, valid = with_verifier(emulator, body)
    expected = "the SID field does not hold an Account SID; not probed"
    assert (skipped_token.outcome, skipped_token.reason) == (Outcome.SKIPPED, expected)
    assert (skipped_key.outcome, valid.outcome) == (Outcome.SKIPPED, Outcome.VALID)
    assert len(emulator.requests) == 1
    for request in emulator.requests:
        assert not any(s in unquote(request.path) + request.query for s in CANARY_SECRETS)


def test_sid_with_whitespace_is_sent_as_found_percent_encoded(emulator: TwilioEmulator) -> None:
    padded = f" {MAIN_SID}\n"
    result = verify(emulator, token_probe(padded, MAIN_TOKEN))
    assert result.outcome is Outcome.INVALID
    assert emulator.requests[0].path == f"/2010-04-01/Accounts/{padded}.json"
    assert emulator.requests[0].username == padded


def test_newline_in_a_token_is_sent_and_unencodable_text_is_unverified(
    emulator: TwilioEmulator,
) -> None:
    assert verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN + "\n")).outcome is Outcome.INVALID
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN + "\udc80"))
    assert result.outcome is Outcome.UNVERIFIED


@pytest.mark.parametrize(
    "base_url",
    ["http://example.com", "https://evil.com:8443", "http://10.0.0.5:8089", "ftp://127.0.0.1"],
)
def test_non_loopback_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(UnsafeDestinationError):
        TwilioVerifier(base_url=base_url)


def test_unexpected_transport_errors_become_unverified_without_their_text() -> None:
    def explode(request: httpx.Request) -> httpx.Response:
        raise RuntimeError(f"boom {MAIN_TOKEN}")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused {MAIN_TOKEN}")

    async def run(handler: Callable[[httpx.Request], httpx.Response]) -> TwilioVerification:
        transport = httpx.MockTransport(handler)
        async with TwilioVerifier(transport=transport, retries=0) as verifier:
            return await verifier.verify(token_probe(MAIN_SID, MAIN_TOKEN))

    crashed, refused = asyncio.run(run(explode)), asyncio.run(run(refuse))
    assert (crashed.outcome, crashed.reason) == (
        Outcome.UNVERIFIED,
        "could not verify: unexpected RuntimeError",
    )
    url = f"https://api.twilio.com/2010-04-01/Accounts/{MAIN_SID_MASKED}.json"
    assert refused.reason == f"could not verify: could not connect to {url}"


def test_without_base_url_requests_go_to_https_twilio() -> None:
    seen: list[httpx.URL] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(401, json=TWILIO_20003)

    async def run() -> TwilioVerification:
        async with TwilioVerifier(transport=httpx.MockTransport(record)) as verifier:
            return await verifier.verify(token_probe(MAIN_SID, MAIN_TOKEN, edge="sydney"))

    assert asyncio.run(run()).outcome is Outcome.INVALID
    assert str(seen[0]) == f"https://api.sydney.us1.twilio.com/2010-04-01/Accounts/{MAIN_SID}.json"


def test_canary_secrets_never_appear_in_any_verdict(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="500", username=SUB_SID))
    probes = [
        token_probe(MAIN_SID, MAIN_TOKEN),
        token_probe(MAIN_SID, SUB_TOKEN),
        token_probe(SUB_SID, SUB_TOKEN),
        token_probe(TEST_SID, TEST_TOKEN),
        token_probe(MAIN_SID, MAIN_TOKEN, region="ie1"),
        token_probe(MAIN_SID, MAIN_TOKEN, region=f"x {MAIN_TOKEN}"),
        key_probe(STANDARD_KEY_SID, STANDARD_KEY_SECRET),
        key_probe(MAIN_KEY_SID, MAIN_KEY_SECRET, account=MAIN_KEY_SECRET),
        ProbeRequest(Secret(MAIN_TOKEN), Secret(MAIN_TOKEN), Secret(MAIN_TOKEN)),
    ]

    async def body(verifier: TwilioVerifier) -> list[TwilioVerification]:
        return list(await asyncio.gather(*(verifier.verify(p) for p in probes)))

    results = with_verifier(emulator, body)
    assert len({r.outcome for r in results}) >= 5
    texts = [repr(p) for p in probes] + [repr(p.key) for p in probes]
    texts += [f"{r!r} {r.describe()} {r.reason} {r.message}" for r in results]
    for text in texts:
        assert not any(secret in text for secret in CANARY_SECRETS), text


def test_scrub_masks_sids_and_redacts_probe_values() -> None:
    text = f"The requested resource /Accounts/{MAIN_SID}.json for {MAIN_TOKEN} was not found\n"
    cleaned = scrub_message(text, (Secret(MAIN_TOKEN),))
    assert cleaned is not None
    assert MAIN_SID not in cleaned and MAIN_TOKEN not in cleaned and "\n" not in cleaned


# --- bounds and what the lead's banner reads ---------------------------------------------


@pytest.mark.parametrize("timeout", [0, -1, -0.5, float("nan"), float("inf"), float("-inf")])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(timeout: float) -> None:
    with pytest.raises(UsageError, match="positive number of seconds"):
        TwilioVerifier(timeout=timeout)


def test_last_failure_names_the_latest_unsettled_probe_and_its_url(
    emulator: TwilioEmulator,
) -> None:
    emulator.add_fault(Fault(kind="500", username=SUB_SID))

    async def body(verifier: TwilioVerifier) -> tuple[Any, ...]:
        await verifier.verify(token_probe(MAIN_SID, MAIN_TOKEN))
        before = verifier.last_failure
        failed = await verifier.verify(token_probe(SUB_SID, SUB_TOKEN))
        return before, failed, verifier.last_failure, verifier.contacted

    before, failed, after, contacted = with_verifier(emulator, body)
    url = f"{emulator.base_url}/2010-04-01/Accounts/{Secret(SUB_SID, identifier=True).masked}.json"
    assert before is None
    assert after == (failed.reason, url) and url in failed.reason
    assert contacted == (emulator.base_url,)


def test_a_valid_verdict_records_the_url_it_came_from(emulator: TwilioEmulator) -> None:
    result = verify(emulator, token_probe(MAIN_SID, MAIN_TOKEN))
    assert result.url == f"{emulator.base_url}/2010-04-01/Accounts/{MAIN_SID_MASKED}.json"
    assert MAIN_SID not in result.url
