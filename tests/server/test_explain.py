"""`POST /v1/explain`: the same JSON as `sherlock explain --format json`, secrets redacted."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sherlock.cli.main import app as cli
from sherlock.demo.book import CredentialBook
from tests.scenario_harness import assert_no_secret
from tests.server.conftest import AUTH

ERROR_BODY = json.dumps(
    {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }
)


def test_explain_returns_what_the_cli_prints_as_json(client: TestClient) -> None:
    printed = CliRunner().invoke(cli, ["explain", ERROR_BODY, "--format", "json"])
    assert printed.exit_code == 0, printed.stderr
    response = client.post("/v1/explain", json={"text": ERROR_BODY}, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == json.loads(printed.stdout)
    assert response.json()["recognised"]["code"] == 20003
    assert response.json()["recognised"]["code_stated"] is True
    assert response.json()["entry"]["id"] == "twilio-20003"


def test_a_pasted_token_is_never_echoed_back(client: TestClient) -> None:
    book = CredentialBook("explain-canary")
    token = book.token("prod")
    sid = book.sid("prod")
    paste = (
        f"curl -u {sid}:{token} https://api.twilio.com/2010-04-01/Accounts/{sid}.json\n"
        f'HTTP/1.1 401 Unauthorized\n{{"code": 20003, "message": "Authenticate"}}\n'
        f"TWILIO_AUTH_TOKEN={token}"
    )
    response = client.post("/v1/explain", json={"text": paste}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["recognised"]["entry_id"] == "twilio-20003"
    assert_no_secret(book, response.text)


def test_text_without_a_known_error_is_not_recognised(client: TestClient) -> None:
    response = client.post(
        "/v1/explain", json={"text": "stripe.error.AuthenticationError: 401"}, headers=AUTH
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "not_recognised"


def test_blank_text_is_an_invalid_request(client: TestClient) -> None:
    response = client.post("/v1/explain", json={"text": "   \n"}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "empty" in response.json()["error"]["message"]
