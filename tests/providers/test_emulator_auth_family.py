"""The emulator answers Twilio's auth family (20005, 20008, 20403, 70051, 10001) as documented,
as seen by the official twilio-python client."""

from __future__ import annotations

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException

from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from tests.twilio_fixtures import (
    MAIN_SID,
    MAIN_TOKEN,
    RESTRICTED_KEY_SECRET,
    RESTRICTED_KEY_SID,
    SUSPENDED_SID,
    SUSPENDED_TOKEN,
    TEST_SID,
    TEST_TOKEN,
    standard_state,
    twilio_client,
)

PARENT_SID = "AC" + "5" * 32
PARENT_TOKEN = "5a" * 16
CHILD_SID = "AC" + "6" * 32
CHILD_TOKEN = "6b" * 16
CHILD_KEY_SID = "SK" + "6" * 32
CHILD_KEY_SECRET = "ChildKeySecretChildKeySecret0001"


def _cascade_state(**overrides: str) -> EmulatorState:
    """A suspended parent with an active subaccount (and a key of that subaccount)."""
    return EmulatorState(
        accounts=[
            Account(sid=PARENT_SID, auth_token=PARENT_TOKEN, status="suspended"),
            Account(sid=CHILD_SID, auth_token=CHILD_TOKEN, parent_sid=PARENT_SID),
        ],
        api_keys=[ApiKey(sid=CHILD_KEY_SID, secret=CHILD_KEY_SECRET, account_sid=CHILD_SID)],
        **overrides,  # type: ignore[arg-type]
    )


def _fetch_error(
    emulator: TwilioEmulator, user: str, password: str, sid: str
) -> TwilioRestException:
    client = twilio_client(emulator, user, password, account_sid=sid)
    with pytest.raises(TwilioRestException) as caught:
        client.api.v2010.accounts(sid).fetch()
    return caught.value


def test_subaccount_of_a_suspended_parent_gets_10001() -> None:
    with TwilioEmulator(_cascade_state()) as emulator:
        exc = _fetch_error(emulator, CHILD_SID, CHILD_TOKEN, CHILD_SID)
    assert (exc.status, exc.code) == (403, 10001)
    assert "Account is not active" in str(exc)


def test_a_subaccount_key_is_stopped_by_the_parents_suspension_too() -> None:
    with TwilioEmulator(_cascade_state()) as emulator:
        client = twilio_client(emulator, CHILD_KEY_SID, CHILD_KEY_SECRET, account_sid=CHILD_SID)
        with pytest.raises(TwilioRestException) as caught:
            client.messages.create(to="+15005550006", from_="+15005550006", body="hi")
    assert caught.value.code == 10001


def test_the_suspended_parents_own_credentials_keep_the_inactive_response() -> None:
    with TwilioEmulator(_cascade_state(inactive_response="20403")) as emulator:
        exc = _fetch_error(emulator, PARENT_SID, PARENT_TOKEN, PARENT_SID)
    assert (exc.status, exc.code) == (403, 20403)


def test_the_cascade_answer_can_be_set_to_20005() -> None:
    with TwilioEmulator(_cascade_state(parent_inactive_response="20005")) as emulator:
        exc = _fetch_error(emulator, CHILD_SID, CHILD_TOKEN, CHILD_SID)
    assert exc.code == 20005


def test_inactive_response_20005_says_account_not_active() -> None:
    with TwilioEmulator(standard_state(inactive_response="20005")) as emulator:
        exc = _fetch_error(emulator, SUSPENDED_SID, SUSPENDED_TOKEN, SUSPENDED_SID)
    assert (exc.status, exc.code) == (403, 20005)
    assert "Account not active" in str(exc)


def test_test_credentials_may_make_a_fake_call_and_buy_a_fake_number(
    emulator: TwilioEmulator,
) -> None:
    client = twilio_client(emulator, TEST_SID, TEST_TOKEN)
    call = client.calls.create(to="+15005550006", from_="+15005550006", url="https://x.test/t")
    number = client.incoming_phone_numbers.create(phone_number="+15005550006")
    assert call.sid.startswith("CA") and call.account_sid == TEST_SID
    assert number.sid.startswith("PN") and number.account_sid == TEST_SID


def test_test_credentials_listing_calls_get_20008(emulator: TwilioEmulator) -> None:
    response = _raw(emulator, f"/2010-04-01/Accounts/{TEST_SID}/Calls.json", (TEST_SID, TEST_TOKEN))
    assert (response.status_code, response.json()["code"]) == (403, 20008)


def test_a_restricted_key_without_calls_create_gets_70051_when_calling(
    emulator: TwilioEmulator,
) -> None:
    """The fixture's restricted key may only read messages: placing a call is refused."""
    client = twilio_client(
        emulator, RESTRICTED_KEY_SID, RESTRICTED_KEY_SECRET, account_sid=MAIN_SID
    )
    with pytest.raises(TwilioRestException) as caught:
        client.calls.create(to="+15005550006", from_="+15005550006", url="https://x.test/t")
    assert (caught.value.status, caught.value.code) == (403, 70051)


def test_a_restricted_key_with_calls_create_may_call() -> None:
    key = ApiKey(
        sid="SK" + "7" * 32,
        secret="CallerKeySecretCallerKeySecret01",
        account_sid=MAIN_SID,
        type="restricted",
        permissions=["/twilio/voice/calls/create"],
    )
    state = EmulatorState(accounts=[Account(sid=MAIN_SID, auth_token=MAIN_TOKEN)], api_keys=[key])
    with TwilioEmulator(state) as emulator:
        client = twilio_client(emulator, key.sid, key.secret, account_sid=MAIN_SID)
        call = client.calls.create(to="+15005550006", from_="+15005550006", url="https://x.test/t")
    assert call.status == "queued"


def test_a_call_without_a_destination_is_refused_like_twilio(emulator: TwilioEmulator) -> None:
    response = _raw(
        emulator, f"/2010-04-01/Accounts/{MAIN_SID}/Calls.json", (MAIN_SID, MAIN_TOKEN), "POST"
    )
    assert (response.status_code, response.json()["code"]) == (400, 21201)


def _raw(
    emulator: TwilioEmulator, path: str, auth: tuple[str, str], method: str = "GET"
) -> httpx.Response:
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as client:
        return client.request(method, path, auth=auth, headers={"Host": "api.twilio.com"})
