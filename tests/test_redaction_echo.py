"""Inputs are never quoted back unless they have the expected shape (issue 9, point 5).

An unknown ``error`` id in ``/v1/diagnose`` or ``sherlock diagnose --error`` is answered
"unknown error id (known: twilio-20003, …)"; it is quoted only when it reads as a plain
id such as ``twilio-99999``, never when it could be a credential or a piece of one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sherlock.cli.main import app as cli
from sherlock.engine.runner import Runner
from sherlock.engine.scrub import quotable_error_id
from sherlock.server import create_app

TOKEN = "c0ffee00c0ffee00c0ffee00deadbeef"
API_TOKEN = "srv-echo-test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}

#: Error ids shaped like ids (so they reach the id check) but carrying a token or a piece.
CARRIERS = [f"{TOKEN}-1", f"a-{TOKEN[:12]}-2", f"x{TOKEN[:12]}-20003", f"twilio-{TOKEN[:12]}"]


def pieces(secret: str) -> list[str]:
    return [secret[i : i + 8] for i in range(len(secret) - 7)]


def assert_not_quoted(text: str) -> None:
    assert not [piece for piece in pieces(TOKEN) if piece in text], text


@pytest.mark.parametrize("error", ["twilio-20003", "twilio-99999", "sendgrid-401", "aws-s3-403"])
def test_plain_ids_may_be_quoted(error: str) -> None:
    assert quotable_error_id(error)


@pytest.mark.parametrize(
    "error", [*CARRIERS, TOKEN, TOKEN[:12], "Twilio-20003", "twilio 20003", "a" * 42, ""]
)
def test_ids_that_could_carry_a_secret_are_not_quotable(error: str) -> None:
    assert not quotable_error_id(error)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = create_app(Runner(root=tmp_path), api_token=API_TOKEN, environ={})
    return TestClient(app)


@pytest.mark.parametrize("error", [f"{TOKEN}-1", f"x{TOKEN[:12]}-20003"])
def test_api_answers_an_unknown_id_without_quoting_it(client: TestClient, error: str) -> None:
    with client:
        response = client.post("/v1/diagnose", json={"error": error}, headers=AUTH)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("unknown error id (known: twilio-20003")
    assert_not_quoted(response.text)


def test_api_quotes_a_plain_unknown_id(client: TestClient) -> None:
    with client:
        response = client.post("/v1/diagnose", json={"error": "twilio-99999"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "unknown error id 'twilio-99999' (known: twilio-20003"
    )


@pytest.mark.parametrize("error", [*CARRIERS, TOKEN, f"token {TOKEN}"])
def test_cli_answers_an_unknown_id_without_quoting_it(tmp_path: Path, error: str) -> None:
    result = CliRunner().invoke(cli, ["diagnose", str(tmp_path), "--offline", "--error", error])
    assert result.exit_code == 2
    assert "unknown error id (known: twilio-20003" in result.stderr
    assert_not_quoted(result.stdout + result.stderr)


def test_cli_quotes_a_plain_unknown_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["diagnose", str(tmp_path), "--offline", "--error", "twilio-99999"]
    )
    assert result.exit_code == 2
    assert "unknown error id 'twilio-99999' (known: twilio-20003" in result.stderr
