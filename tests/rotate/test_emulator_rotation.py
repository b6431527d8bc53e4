"""The emulator's rotation endpoints behave as Twilio documents them, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState

SID = "AC" + "1" * 32
OLD = "a" * 32
MAIN_KEY = ("SK" + "2" * 32, "M" * 32)
STANDARD_KEY = ("SK" + "3" * 32, "S" * 32)


@pytest.fixture
def twilio() -> Iterator[TwilioEmulator]:
    keys = [
        ApiKey(sid=MAIN_KEY[0], secret=MAIN_KEY[1], account_sid=SID, type="main"),
        ApiKey(sid=STANDARD_KEY[0], secret=STANDARD_KEY[1], account_sid=SID),
    ]
    state = EmulatorState(accounts=[Account(sid=SID, auth_token=OLD)], api_keys=keys)
    with TwilioEmulator(state) as running:
        yield running


def call(
    twilio: TwilioEmulator, method: str, path: str, auth: tuple[str, str], host: str
) -> httpx.Response:
    return httpx.request(
        method, twilio.base_url + path, auth=auth, headers={"Host": host}, timeout=5.0
    )


def accounts(twilio: TwilioEmulator, method: str, path: str, token: str) -> httpx.Response:
    return call(twilio, method, f"/v1/AuthTokens/{path}", (SID, token), "accounts.twilio.com")


def accepted(twilio: TwilioEmulator, user: str, password: str) -> int:
    path = f"/2010-04-01/Accounts/{SID}/Messages.json"
    return call(twilio, "GET", path, (user, password), "api.twilio.com").status_code


def test_both_tokens_work_until_promotion_then_only_the_new_one(twilio: TwilioEmulator) -> None:
    created = accounts(twilio, "POST", "Secondary", OLD)
    assert created.status_code == 201
    secondary = created.json()["secondary_auth_token"]
    assert created.json()["account_sid"] == SID
    assert accepted(twilio, SID, OLD) == accepted(twilio, SID, secondary) == 200
    promoted = accounts(twilio, "POST", "Promote", OLD)
    assert promoted.status_code == 200 and promoted.json()["auth_token"] == secondary
    refused = call(twilio, "GET", f"/2010-04-01/Accounts/{SID}.json", (SID, OLD), "api.twilio.com")
    assert refused.status_code == 401 and refused.json()["code"] == 20003
    assert accepted(twilio, SID, secondary) == 200


def test_deleting_the_secondary_token_makes_it_fail(twilio: TwilioEmulator) -> None:
    secondary = accounts(twilio, "POST", "Secondary", OLD).json()["secondary_auth_token"]
    assert accounts(twilio, "DELETE", "Secondary", OLD).status_code == 204
    assert accepted(twilio, SID, secondary) == 401
    assert accepted(twilio, SID, OLD) == 200


def test_promoting_without_a_secondary_token_is_refused(twilio: TwilioEmulator) -> None:
    assert accounts(twilio, "POST", "Promote", OLD).status_code == 400
    assert accepted(twilio, SID, OLD) == 200


@pytest.mark.parametrize(
    "auth",
    [(SID, "b" * 32), STANDARD_KEY],
    ids=["wrong-token", "standard-key"],
)
def test_rotation_with_wrong_credentials_is_401_20003(
    twilio: TwilioEmulator, auth: tuple[str, str]
) -> None:
    answer = call(twilio, "POST", "/v1/AuthTokens/Secondary", auth, "accounts.twilio.com")
    assert answer.status_code == 401 and answer.json()["code"] == 20003
    assert twilio.state.accounts[0].secondary_token is None


def test_a_created_key_works_shows_its_secret_once_and_dies_when_deleted(
    twilio: TwilioEmulator,
) -> None:
    keys = f"/2010-04-01/Accounts/{SID}/Keys"
    made = call(twilio, "POST", f"{keys}.json", (SID, OLD), "api.twilio.com")
    assert made.status_code == 201
    key_sid, secret = made.json()["sid"], made.json()["secret"]
    assert accepted(twilio, key_sid, secret) == 200
    shown = call(twilio, "GET", f"{keys}/{key_sid}.json", MAIN_KEY, "api.twilio.com")
    assert shown.status_code == 200 and "secret" not in shown.json()
    gone = call(twilio, "DELETE", f"{keys}/{key_sid}.json", (SID, OLD), "api.twilio.com")
    assert gone.status_code == 204
    assert accepted(twilio, key_sid, secret) == 401
