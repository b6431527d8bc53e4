"""The emulator behaves like Twilio, as seen by the official twilio-python client and raw HTTP."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from sherlock.errors import InputError
from sherlock.providers.twilio.emulator import TwilioEmulator, load_state
from sherlock.providers.twilio.emulator.state import EmulatorState, Fault
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
    REVOKED_KEY_SECRET,
    REVOKED_KEY_SID,
    SIBLING_SID,
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
    twilio_client,
)

AUTH_401 = {
    "code": 20003,
    "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003",
    "status": 401,
}
XML_401 = (
    "<?xml version='1.0' encoding='UTF-8'?><TwilioResponse><RestException><Code>20003</Code>"
    "<Message>Authenticate</Message><MoreInfo>https://www.twilio.com/docs/errors/20003</MoreInfo>"
    "<Status>401</Status></RestException></TwilioResponse>"
)


def raw(
    emulator: TwilioEmulator,
    path: str,
    auth: tuple[str, str] | None = None,
    *,
    method: str = "GET",
    host: str = "api.twilio.com",
) -> httpx.Response:
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as client:
        return client.request(method, path, auth=auth, headers={"Host": host})


def account_path(sid: str, suffix: str = ".json") -> str:
    return f"/2010-04-01/Accounts/{sid}{suffix}"


def fetch_error(call: Callable[[], object]) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as caught:
        call()
    return caught.value


def list_error_code(call: Callable[[], object]) -> int:
    """twilio-python's list() raises a plain TwilioException carrying the response."""
    with pytest.raises(TwilioException) as caught:
        call()
    response = caught.value.args[1]
    code = json.loads(response.text)["code"]
    assert isinstance(code, int)
    return code


# --- authentication -------------------------------------------------------------------


def test_twilio_python_fetches_account_with_valid_token(emulator: TwilioEmulator) -> None:
    account = twilio_client(emulator, MAIN_SID, MAIN_TOKEN).api.v2010.accounts(MAIN_SID).fetch()
    assert account.sid == MAIN_SID
    assert account.status == "active"
    assert account.owner_account_sid == MAIN_SID
    assert account.date_updated is not None  # RFC 2822 parsed by twilio-python


def test_twilio_python_bad_token_raises_401_code_20003(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, MAIN_SID, "0" * 32)
    exc = fetch_error(client.api.v2010.accounts(MAIN_SID).fetch)
    assert (exc.status, exc.code) == (401, 20003)
    assert "Authenticate" in str(exc)


def test_401_body_and_headers_are_twilios(emulator: TwilioEmulator) -> None:
    response = raw(emulator, account_path(MAIN_SID), (MAIN_SID, "wrong"))
    assert response.status_code == 401
    assert response.json() == AUTH_401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    assert re.fullmatch(r"RQ[0-9a-f]{32}", response.headers["Twilio-Request-Id"])


def test_every_response_carries_a_request_id(emulator: TwilioEmulator) -> None:
    response = raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    assert response.status_code == 200
    assert re.fullmatch(r"RQ[0-9a-f]{32}", response.headers["Twilio-Request-Id"])


def test_missing_auth_says_no_credentials_provided(emulator: TwilioEmulator) -> None:
    response = raw(emulator, account_path(MAIN_SID))
    assert response.json()["code"] == 20003
    assert response.json()["message"] == "Authentication Error - No credentials provided"


def test_unknown_username_says_invalid_username(emulator: TwilioEmulator) -> None:
    response = raw(emulator, account_path(MAIN_SID), (" " + MAIN_SID, MAIN_TOKEN))
    assert response.status_code == 401
    assert response.json()["message"] == "Authentication Error - invalid username"


def test_url_without_json_answers_xml(emulator: TwilioEmulator) -> None:
    failed = raw(emulator, account_path(MAIN_SID, ""), (MAIN_SID, "wrong"))
    assert failed.status_code == 401
    assert failed.text == XML_401
    ok = raw(emulator, account_path(MAIN_SID, ""), (MAIN_SID, MAIN_TOKEN))
    assert ok.headers["Content-Type"].startswith("application/xml")
    assert f"<Account><Sid>{MAIN_SID}</Sid>" in ok.text


def test_unknown_path_is_404_code_20404(emulator: TwilioEmulator) -> None:
    response = raw(emulator, f"/2010-04-01/Accounts/{MAIN_SID}/Nope.json", (MAIN_SID, MAIN_TOKEN))
    assert (response.status_code, response.json()["code"]) == (404, 20404)


# --- scope, inactive accounts, test credentials ------------------------------------------


def test_parent_reads_and_lists_its_subaccounts(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, MAIN_SID, MAIN_TOKEN)
    sub = client.api.v2010.accounts(SUB_SID).fetch()
    assert sub.owner_account_sid == MAIN_SID
    listed = {a.sid for a in client.api.v2010.accounts.list()}
    assert {MAIN_SID, SUB_SID, SIBLING_SID, SUSPENDED_SUB_SID} <= listed


def test_subaccount_cannot_read_parent_or_sibling(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, SUB_SID, SUB_TOKEN)
    assert client.api.v2010.accounts(SUB_SID).fetch().sid == SUB_SID
    for other in (MAIN_SID, SIBLING_SID):
        assert fetch_error(client.api.v2010.accounts(other).fetch).code == 20003


def test_parent_sees_suspended_subaccount_status(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, MAIN_SID, MAIN_TOKEN)
    assert client.api.v2010.accounts(SUSPENDED_SUB_SID).fetch().status == "suspended"


def test_suspended_account_own_credentials_get_20003_by_default(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, SUSPENDED_SID, SUSPENDED_TOKEN)
    exc = fetch_error(client.api.v2010.accounts(SUSPENDED_SID).fetch)
    assert (exc.status, exc.code) == (401, 20003)


def test_inactive_response_20403_answers_403() -> None:
    with TwilioEmulator(standard_state(inactive_response="20403")) as emu:
        response = raw(emu, account_path(SUSPENDED_SID), (SUSPENDED_SID, SUSPENDED_TOKEN))
    assert (response.status_code, response.json()["code"]) == (403, 20403)


def test_test_credentials_get_20008_on_reads(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, TEST_SID, TEST_TOKEN)
    exc = fetch_error(client.api.v2010.accounts(TEST_SID).fetch)
    assert (exc.status, exc.code) == (403, 20008)


def test_test_credentials_can_send_a_fake_message(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, TEST_SID, TEST_TOKEN)
    message = client.messages.create(to="+15005550006", from_="+15005550006", body="hi")
    assert message.sid.startswith("SM")
    assert message.account_sid == TEST_SID


def test_mixing_test_and_live_halves_gets_20003(emulator: TwilioEmulator) -> None:
    for user, password in ((TEST_SID, MAIN_TOKEN), (MAIN_SID, TEST_TOKEN)):
        response = raw(emulator, account_path(user), (user, password))
        assert (response.status_code, response.json()["code"]) == (401, 20003)


# --- API keys ---------------------------------------------------------------------------


def key_client(emulator: TwilioEmulator, sid: str, secret: str, account: str = MAIN_SID) -> Client:
    return twilio_client(emulator, sid, secret, account_sid=account)


def test_main_key_reads_the_account(emulator: TwilioEmulator) -> None:
    client = key_client(emulator, MAIN_KEY_SID, MAIN_KEY_SECRET)
    assert client.api.v2010.accounts(MAIN_SID).fetch().sid == MAIN_SID


def test_standard_key_reads_messages_but_not_the_account(emulator: TwilioEmulator) -> None:
    client = key_client(emulator, STANDARD_KEY_SID, STANDARD_KEY_SECRET)
    assert client.messages.list(limit=1) == []
    assert fetch_error(client.api.v2010.accounts(MAIN_SID).fetch).code == 20003
    assert list_error_code(lambda: client.keys.list()) == 20003


def test_restricted_key_without_permission_gets_70051(emulator: TwilioEmulator) -> None:
    client = key_client(emulator, RESTRICTED_KEY_SID, RESTRICTED_KEY_SECRET)
    assert client.messages.list(limit=1) == []  # it holds messages/read
    exc = fetch_error(client.api.v2010.accounts(MAIN_SID).fetch)
    assert (exc.status, exc.code) == (403, 70051)


def test_main_key_on_a_subaccount_path_gets_20003(emulator: TwilioEmulator) -> None:
    client = key_client(emulator, MAIN_KEY_SID, MAIN_KEY_SECRET, account=SUB_SID)
    assert fetch_error(client.api.v2010.accounts(SUB_SID).fetch).code == 20003


def test_revoked_key_gets_20003(emulator: TwilioEmulator) -> None:
    response = raw(emulator, account_path(MAIN_SID), (REVOKED_KEY_SID, REVOKED_KEY_SECRET))
    assert response.json()["code"] == 20003


def test_keys_can_be_created_listed_and_deleted(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, MAIN_SID, MAIN_TOKEN)
    created = client.new_keys.create(friendly_name="ci")
    assert created.sid.startswith("SK") and created.secret
    assert created.sid in {k.sid for k in client.keys.list()}
    fresh = key_client(emulator, created.sid, created.secret)
    assert fresh.messages.list(limit=1) == []
    assert client.keys(created.sid).delete() is True
    assert list_error_code(lambda: fresh.messages.list(limit=1)) == 20003


# --- regions and hosts ------------------------------------------------------------------


def test_region_comes_from_the_host_header(emulator: TwilioEmulator) -> None:
    dublin = twilio_client(emulator, IE1_SID, IE1_TOKEN, region="ie1", edge="dublin")
    assert dublin.api.v2010.accounts(IE1_SID).fetch().sid == IE1_SID
    us1 = twilio_client(emulator, IE1_SID, IE1_TOKEN)
    assert fetch_error(us1.api.v2010.accounts(IE1_SID).fetch).code == 20003
    main_in_ie1 = twilio_client(emulator, MAIN_SID, MAIN_TOKEN, region="ie1", edge="dublin")
    assert fetch_error(main_in_ie1.api.v2010.accounts(MAIN_SID).fetch).code == 20003
    assert emulator.requests[0].host == "api.dublin.ie1.twilio.com"


def test_region_only_host_closes_the_connection_without_a_response(
    emulator: TwilioEmulator,
) -> None:
    client = twilio_client(emulator, IE1_SID, IE1_TOKEN, region="ie1")
    with pytest.raises(requests.exceptions.ConnectionError):
        client.api.v2010.accounts(IE1_SID).fetch()
    assert emulator.requests[-1].host == "api.ie1.twilio.com"
    assert emulator.requests[-1].status is None


# --- token rotation ---------------------------------------------------------------------


def test_rotation_secondary_then_promote_retires_the_old_primary(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, MAIN_SID, MAIN_TOKEN)
    secondary = client.accounts.v1.secondary_auth_token().create().secondary_auth_token
    for token in (MAIN_TOKEN, secondary):  # both work until promotion
        assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, token)).status_code == 200
    twilio_client(emulator, MAIN_SID, secondary).accounts.v1.auth_token_promotion().update()
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN)).status_code == 401
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, secondary)).status_code == 200
    assert emulator.requests[0].host == "accounts.twilio.com"


def test_deleting_the_secondary_token_disables_it(emulator: TwilioEmulator) -> None:
    client = twilio_client(emulator, MAIN_SID, MAIN_TOKEN)
    secondary = client.accounts.v1.secondary_auth_token().create().secondary_auth_token
    assert client.accounts.v1.secondary_auth_token().delete() is True
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, secondary)).status_code == 401


# --- faults, latency, concurrency ---------------------------------------------------------


def test_fault_429_sends_retry_after_and_code_20429_then_recovers(
    emulator: TwilioEmulator,
) -> None:
    emulator.add_fault(Fault(kind="429", times=1, retry_after=3))
    limited = raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    assert (limited.status_code, limited.json()["code"]) == (429, 20429)
    assert limited.headers["Retry-After"] == "3"
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN)).status_code == 200


def test_fault_500_answers_json(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="500"))
    response = raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    assert response.status_code == 500 and response.json()["status"] == 500


def test_fault_reset_closes_the_socket_without_a_response(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="reset", times=1))
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN)).status_code == 200


def test_fault_non_json_answers_html_with_the_chosen_status(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="non-json", times=1))
    emulator.add_fault(Fault(kind="non-json", status=503))
    first = raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    second = raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    assert (first.status_code, second.status_code) == (502, 503)
    assert first.headers["Content-Type"].startswith("text/html") and "<html>" in first.text


def test_fault_only_hits_its_username(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="500", username=SUB_SID))
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN)).status_code == 200
    assert raw(emulator, account_path(SUB_SID), (SUB_SID, SUB_TOKEN)).status_code == 500


def test_fault_latency_delays_the_request(emulator: TwilioEmulator) -> None:
    emulator.add_fault(Fault(kind="latency", seconds=0.3, times=1))
    started = time.monotonic()
    assert raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN)).status_code == 200
    assert time.monotonic() - started >= 0.3


async def _many(base_url: str, count: int) -> list[int]:
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, trust_env=False) as client:
        calls = [
            client.get(account_path(MAIN_SID), auth=(MAIN_SID, MAIN_TOKEN)) for _ in range(count)
        ]
        return [r.status_code for r in await asyncio.gather(*calls)]


def test_hundred_slow_requests_run_side_by_side(emulator: TwilioEmulator) -> None:
    emulator.set_latency(0.2)
    started = time.monotonic()
    statuses = asyncio.run(_many(emulator.base_url, 120))
    elapsed = time.monotonic() - started
    assert statuses == [200] * 120
    assert elapsed < 6.0, f"requests queued: {elapsed:.2f}s for 120 x 0.2s (24 s if serial)"


# --- request log and control endpoints ---------------------------------------------------


def test_log_records_usernames_never_passwords(emulator: TwilioEmulator) -> None:
    raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    raw(emulator, f"/2010-04-01/Accounts/{MAIN_SID}/Messages.json?PageSize=1", (MAIN_SID, "x"))
    first, second = emulator.requests
    assert (first.username, first.status, first.code) == (MAIN_SID, 200, None)
    assert (second.query, second.status, second.code) == ("PageSize=1", 401, 20003)
    dumped = raw(emulator, "/_emulator/requests").text
    assert MAIN_SID in dumped and not any(secret in dumped for secret in CANARY_SECRETS)


def test_control_endpoints_list_and_reset_the_log(emulator: TwilioEmulator) -> None:
    raw(emulator, account_path(MAIN_SID), (MAIN_SID, MAIN_TOKEN))
    listed = json.loads(raw(emulator, "/_emulator/requests", host="anything.example").text)
    assert [entry["path"] for entry in listed] == [account_path(MAIN_SID)]
    assert raw(emulator, "/_emulator/reset", method="POST").status_code == 200
    assert emulator.requests == []
    emulator.reset_log()


def test_stop_cuts_open_keep_alive_connections() -> None:
    emu = TwilioEmulator(standard_state())
    emu.start()
    with httpx.Client(base_url=emu.base_url, trust_env=False) as client:
        assert client.get(account_path(MAIN_SID), auth=(MAIN_SID, MAIN_TOKEN)).status_code == 200
        emu.stop()
        with pytest.raises(httpx.TransportError):
            client.get(account_path(MAIN_SID), auth=(MAIN_SID, MAIN_TOKEN))


# --- state files ------------------------------------------------------------------------


def test_load_state_reads_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "state.yaml"
    yaml_file.write_text(
        f"accounts:\n  - sid: {MAIN_SID}\n    auth_token: {MAIN_TOKEN}\n"
        "faults:\n  - kind: 429\n    times: 1\ninactive_response: 20403\n"
    )
    state = load_state(yaml_file)
    assert state.faults[0].kind == "429" and state.inactive_response == "20403"
    json_file = tmp_path / "state.json"
    json_file.write_text(json.dumps(state.model_dump()))
    assert load_state(json_file) == state


@pytest.mark.parametrize(
    "content",
    [
        "accounts: [",
        f"accounts:\n  - sid: nope\n    auth_token: {MAIN_TOKEN}\n",
        f"api_keys:\n  - sid: {MAIN_KEY_SID}\n    secret: s\n    account_sid: {MAIN_SID}\n",
        "colour: blue\n",
    ],
    ids=["syntax", "bad-sid", "dangling-key", "unknown-field"],
)
def test_load_state_rejects_a_bad_file_without_echoing_values(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.yaml"
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        load_state(path)
    assert MAIN_TOKEN not in str(caught.value)


def test_load_state_of_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_state(tmp_path / "absent.yaml")


def test_empty_state_file_is_an_empty_state(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("")
    assert load_state(path) == EmulatorState()
