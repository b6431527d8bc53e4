"""Twilio's auth family (20005, 20008, 20403, 70051, 10001), as twilio-python really reports it,
is recognised as its own entry by ``sherlock explain``, ``/v1/explain`` and the Slack parser.

The exceptions are not built by hand: the official client talks to the emulator, which
answers each code the way Twilio documents it, and the texts a developer would paste are
taken from the exception it raised (on a terminal, ``str()`` carries the docs link with the
code; in a log, ``repr()`` carries the code) and from the response body itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.engine.runner import Runner
from sherlock.explain import recognise
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock.server import create_app
from sherlock.slack.question import parse_question
from tests.server.conftest import API_TOKEN, AUTH, deployment_of
from tests.twilio_fixtures import twilio_client

PARENT_SID = "AC" + "a1" * 16
PARENT_TOKEN = "b2" * 16
SUB_SID = "AC" + "c3" * 16
SUB_TOKEN = "d4" * 16
LIVE_SID = "AC" + "e5" * 16
LIVE_TOKEN = "f6" * 16
TEST_SID = "AC" + "07" * 16
TEST_TOKEN = "18" * 16
KEY_SID = "SK" + "29" * 16
KEY_SECRET = "Q7w3Lx9Zt2MkP4vB8nR6yH1sD5fG0jKc"


def _state(**overrides: str) -> EmulatorState:
    """A live account with test credentials and a read-only Restricted key, and a suspended
    parent whose subaccount is otherwise fine."""
    return EmulatorState(
        accounts=[
            Account(
                sid=LIVE_SID,
                auth_token=LIVE_TOKEN,
                test_account_sid=TEST_SID,
                test_auth_token=TEST_TOKEN,
            ),
            Account(sid=PARENT_SID, auth_token=PARENT_TOKEN, status="suspended"),
            Account(sid=SUB_SID, auth_token=SUB_TOKEN, parent_sid=PARENT_SID),
        ],
        api_keys=[
            ApiKey(
                sid=KEY_SID,
                secret=KEY_SECRET,
                account_sid=LIVE_SID,
                type="restricted",
                permissions=["/twilio/messaging/messages/read"],
            )
        ],
        **overrides,  # type: ignore[arg-type]
    )


def _send_sms(client: Client) -> object:
    return client.messages.create(to="+15005550006", from_="+15005550006", body="hi")


#: code → (emulator overrides, username, password, account SID, the call that fails)
CASES: dict[int, tuple[dict[str, str], str, str, str, Callable[[Client], object]]] = {
    20005: ({"inactive_response": "20005"}, PARENT_SID, PARENT_TOKEN, PARENT_SID, _send_sms),
    20008: ({}, TEST_SID, TEST_TOKEN, TEST_SID, lambda c: c.api.v2010.accounts(TEST_SID).fetch()),
    20403: ({"inactive_response": "20403"}, PARENT_SID, PARENT_TOKEN, PARENT_SID, _send_sms),
    70051: ({}, KEY_SID, KEY_SECRET, LIVE_SID, _send_sms),
    10001: ({}, SUB_SID, SUB_TOKEN, SUB_SID, _send_sms),
}
CODES = sorted(CASES)


def _raised(code: int) -> TwilioRestException:
    overrides, user, password, account, call = CASES[code]
    with TwilioEmulator(_state(**overrides)) as emulator:
        client = twilio_client(emulator, user, password, account_sid=account)
        with pytest.raises(TwilioRestException) as caught:
            call(client)
    assert caught.value.code == code, "the emulator must answer the documented code"
    return caught.value


def _body(code: int) -> str:
    """The raw JSON error body Twilio sends, as a log line or a proxy would keep it."""
    overrides, user, password, account, _ = CASES[code]
    path = f"/2010-04-01/Accounts/{account}/Messages.json"
    with (
        TwilioEmulator(_state(**overrides)) as emulator,
        httpx.Client(base_url=emulator.base_url, trust_env=False) as http,
    ):
        method = "GET" if code == 20008 else "POST"
        form = {"To": "+15005550006", "From": "+15005550006", "Body": "hi"}
        response = http.request(
            method,
            path,
            auth=(user, password),
            headers={"Host": "api.twilio.com"},
            data=form if method == "POST" else None,
        )
    assert response.json()["code"] == code
    return response.text


def _on_a_terminal(exc: TwilioRestException, monkeypatch: pytest.MonkeyPatch) -> str:
    """``str(exc)`` as a developer sees it in a terminal: twilio-python adds the docs link."""

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    text = str(exc)
    monkeypatch.undo()
    return text


def _explain(text: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, ["explain", text, "--format", "json"])
    return result.exit_code, (json.loads(result.stdout) if result.exit_code == 0 else {})


@pytest.mark.parametrize("code", CODES)
def test_explain_maps_the_terminal_text_of_the_sdk_exception_to_its_entry(
    code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    exit_code, report = _explain(_on_a_terminal(_raised(code), monkeypatch))
    assert exit_code == 0
    recognised = report["recognised"]
    assert isinstance(recognised, dict)
    assert recognised["entry_id"] == f"twilio-{code}"


@pytest.mark.parametrize("code", CODES)
def test_a_logged_traceback_of_the_sdk_exception_is_recognised(code: int) -> None:
    exc = _raised(code)
    text = f"Traceback (most recent call last):\n  ...\ntwilio.base.exceptions.{exc!r}"
    found = recognise(text)
    assert found is not None
    assert (found.entry_id, found.code_stated) == (f"twilio-{code}", True)


@pytest.mark.parametrize("code", CODES)
def test_the_response_body_is_recognised_with_its_status(code: int) -> None:
    found = recognise(_body(code))
    assert found is not None
    assert found.entry_id == f"twilio-{code}"
    assert found.http_status == 403


def test_a_403_without_a_code_is_not_guessed_into_one_of_the_family() -> None:
    """Off a terminal, ``str()`` has no code: five entries answer 403, so none is picked."""
    plain = str(_raised(70051))
    assert plain.startswith("HTTP 403 error: ")
    assert recognise(plain) is None


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    runner = Runner(root=tmp_path_factory.mktemp("empty"))
    with TestClient(create_app(runner, api_token=API_TOKEN, environ={})) as client:
        yield client


@pytest.mark.parametrize("code", CODES)
def test_v1_explain_answers_with_the_codes_entry(code: int, api: TestClient) -> None:
    response = api.post("/v1/explain", json={"text": _body(code)}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["recognised"]["entry_id"] == f"twilio-{code}"


@pytest.mark.parametrize(
    ("scenario", "code", "top"),
    [
        (
            "70051-restricted-key-missing-permission-dotenv",
            70051,
            "restricted-key-missing-permission",
        ),
        ("10001-subaccount-parent-suspended-compose", 10001, "subaccount-parent-suspended"),
    ],
)
def test_an_alert_carrying_the_code_is_diagnosed_as_that_error(
    scenario: str, code: int, top: str, tmp_path: Path
) -> None:
    """The webhook recognises the code in the alert and diagnoses that error, not 20003."""
    alert = {"text": _body(code), "environment": "prod"}
    with deployment_of(scenario, tmp_path / "deploy") as found:
        app = create_app(found.runner(), api_token=API_TOKEN, environ={})
        with TestClient(app) as client:
            response = client.post("/v1/webhooks/generic", json=alert, headers=AUTH)
    [result] = response.json()["diagnoses"]
    assert (result["error"], result["top_cause"]) == (f"twilio-{code}", top)


@pytest.mark.parametrize("code", CODES)
def test_slack_questions_naming_the_code_diagnose_that_error(code: int) -> None:
    question = parse_question(f"why is prod getting {code} from twilio?", ("prod", "staging"))
    assert question.error == f"twilio-{code}"
    assert question.environment == "prod"


def test_no_secret_of_the_family_reaches_explain_output() -> None:
    """A pasted body sits next to the credentials in many logs; nothing of them comes back."""
    texts = [f"{_body(code)} auth={KEY_SID}:{KEY_SECRET} token={SUB_TOKEN}" for code in CODES]
    for text in texts:
        result = CliRunner().invoke(app, ["explain", text, "--format", "json"])
        assert result.exit_code == 0
        for secret in (KEY_SECRET, SUB_TOKEN):
            for piece in (secret[:10], secret[-10:]):
                assert piece not in result.stdout + result.stderr
