"""`--env production` means the tree's `prod`, everywhere; an unknown name is a usage error
that lists what was found, never a filter that leaves an empty (healthy-looking) report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook
from sherlock.engine.environments import UnknownEnvironmentError, resolve_environment
from sherlock.engine.runner import Runner
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.server import create_app
from tests.server.conftest import API_TOKEN, AUTH


def _broken_prod(root: Path, book: CredentialBook, folder: str) -> None:
    """prod holds a token Twilio rejects; staging is fine."""
    for env, token in ((folder, book.token("prod", "old")), ("staging", book.token("staging"))):
        path = root / env / "api" / ".env"
        path.parent.mkdir(parents=True)
        sid = book.sid("prod" if env == folder else "staging")
        path.write_text(f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n", "utf-8")


EMULATOR = {"accounts": [{"name": "prod"}, {"name": "staging"}]}


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("production", "prod"),
        ("prd", "prod"),
        ("live", "prod"),
        ("PROD", "prod"),
        ("stage", "staging"),
        ("stg", "staging"),
        ("development", "dev"),
        ("local", "dev"),
        ("ci", "test"),
    ],
)
def test_aliases_resolve_to_the_canonical_label(asked: str, expected: str) -> None:
    assert resolve_environment(asked, ("prod", "staging", "dev", "test")) == expected


def test_an_exact_configured_label_wins_over_the_alias() -> None:
    assert resolve_environment("live", ("prod", "live")) == "live"


def test_an_unknown_environment_lists_what_was_found() -> None:
    with pytest.raises(UnknownEnvironmentError) as raised:
        resolve_environment("qa", ("prod", "staging"))
    assert "found: prod, staging" in str(raised.value)


def test_a_pasted_secret_as_environment_is_not_quoted_back() -> None:
    with pytest.raises(UnknownEnvironmentError) as raised:
        resolve_environment("AC123:0123456789abcdef0123456789abcdef", ("prod",))
    assert "0123456789abcdef" not in str(raised.value)


@pytest.mark.parametrize("asked", ["production", "prd", "live"])
@pytest.mark.parametrize("folder", ["prod", "production"])
def test_cli_env_alias_finds_the_prod_cause(tmp_path: Path, asked: str, folder: str) -> None:
    book = CredentialBook()
    _broken_prod(tmp_path, book, folder)
    with TwilioEmulator(book.state(EMULATOR)) as twilio:
        args = ["diagnose", str(tmp_path), "--env", asked, "--format", "json"]
        result = CliRunner().invoke(app, [*args, "--twilio-base-url", twilio.base_url])
    report = json.loads(result.stdout)
    assert result.exit_code == 1, result.stderr
    assert report["environment"] == "prod"
    assert report["causes"], "the prod failure was filtered away"
    assert all(row["environment"] == "prod" for row in report["credentials"])


def test_cli_unknown_env_is_exit_2_not_healthy(tmp_path: Path) -> None:
    _broken_prod(tmp_path, CredentialBook(), "prod")
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--env", "qa", "--offline"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "sherlock: error: no environment 'qa' in the scanned tree (found: prod, staging)"
    )


def _client(tmp_path: Path, twilio: TwilioEmulator) -> TestClient:
    runner = Runner(root=tmp_path, twilio_base_url=twilio.base_url, timeout=2.0)
    return TestClient(create_app(runner, api_token=API_TOKEN, environ={}))


def test_api_env_alias_and_unknown_env(tmp_path: Path) -> None:
    book = CredentialBook()
    _broken_prod(tmp_path, book, "prod")
    with TwilioEmulator(book.state(EMULATOR)) as twilio, _client(tmp_path, twilio) as client:
        found = client.post("/v1/diagnose", json={"environment": "production"}, headers=AUTH)
        unknown = client.post("/v1/diagnose", json={"environment": "qa"}, headers=AUTH)
    assert found.status_code == 200
    assert found.json()["environment"] == "prod"
    assert found.json()["causes"]
    assert unknown.status_code == 400
    assert "found: prod, staging" in unknown.json()["error"]["message"]


def test_webhook_env_alias_is_diagnosed_as_the_canonical_environment(tmp_path: Path) -> None:
    book = CredentialBook()
    _broken_prod(tmp_path, book, "prod")
    alert = {"text": "HTTP 401 error: Unable to fetch record: Authenticate", "environment": "prd"}
    with TwilioEmulator(book.state(EMULATOR)) as twilio, _client(tmp_path, twilio) as client:
        response = client.post("/v1/webhooks/generic", json=alert, headers=AUTH)
    assert response.status_code == 202, response.text
    (diagnosis,) = response.json()["diagnoses"]
    assert diagnosis["environment"] == "prod"
    assert diagnosis["causes"] >= 1


def test_a_capitalised_unknown_environment_is_named_back() -> None:
    with pytest.raises(UnknownEnvironmentError) as raised:
        resolve_environment("Perf", ("prod", "staging"))
    assert "no environment 'Perf'" in str(raised.value)
