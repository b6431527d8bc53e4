"""The access-token codes are recognised by ``explain``, ``/v1/explain``, the generic alert
webhook and the Slack parser; a pasted token is read offline and never shown back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.engine.runner import Runner
from sherlock.explain import recognise
from sherlock.providers.twilio.tokens.reading import explain_token, token_code
from sherlock.server import create_app
from sherlock.slack.question import parse_question
from tests.server.conftest import API_TOKEN, AUTH
from tests.tokens.factory import AUTH_TOKEN, KEY_SECRET, access_token

CODES = (20101, 20102, 20103, 20104, 20105, 20106, 20107, 20151)
TITLES = {
    20101: "Invalid Access Token",
    20102: "Invalid Access Token header",
    20103: "Invalid Access Token issuer/subject",
    20104: "Access Token expired or expiration date invalid",
    20105: "Access Token not yet valid",
    20106: "Invalid Access Token grants",
    20107: "Invalid Access Token signature",
    20151: "Authentication Failed",
}


def _body(code: int) -> str:
    """An error body in Twilio's JSON shape, as a proxy or a client log keeps it."""
    return json.dumps(
        {
            "code": code,
            "message": TITLES[code],
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": 401,
        }
    )


@pytest.mark.parametrize("code", CODES)
def test_an_error_body_with_the_code_is_recognised_as_its_entry(code: int) -> None:
    found = recognise(_body(code))
    assert found is not None
    assert (found.entry_id, found.http_status) == (f"twilio-{code}", 401)


@pytest.mark.parametrize("code", CODES)
def test_explain_on_the_cli_answers_with_the_codes_entry(code: int) -> None:
    result = CliRunner().invoke(app, ["explain", f"video error code {code}", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["recognised"]["entry_id"] == f"twilio-{code}"


@pytest.mark.parametrize(
    "text",
    [
        "AccessTokenExpired (20104): Access token expired or expiration date invalid",
        "TwilioError 20104: Access Token expired or expiration date invalid",
    ],
)
def test_the_js_sdks_error_strings_are_recognised(text: str) -> None:
    found = recognise(text)
    assert found is not None and found.entry_id == "twilio-20104"


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


@pytest.mark.parametrize("code", CODES)
def test_slack_questions_naming_the_code_diagnose_that_error(code: int) -> None:
    question = parse_question(f"why do video tokens get {code} in prod?", ("prod", "staging"))
    assert (question.error, question.environment) == (f"twilio-{code}", "prod")


def test_an_alert_with_a_token_error_is_diagnosed_as_that_error_and_asks_for_the_token(
    tmp_path: Path,
) -> None:
    (tmp_path / "tokens").mkdir()
    (tmp_path / "tokens" / ".env").write_text("LOG_LEVEL=info\n", encoding="utf-8")
    with TestClient(create_app(Runner(root=tmp_path), api_token=API_TOKEN, environ={})) as client:
        response = client.post("/v1/webhooks/generic", json={"text": _body(20104)}, headers=AUTH)
    assert response.status_code == 202, response.text
    [result] = response.json()["diagnoses"]
    assert (result["error"], result["top_cause"]) == ("twilio-20104", "token-not-provided")


def test_a_pasted_token_is_read_offline_and_only_masked() -> None:
    raw = access_token(secret=AUTH_TOKEN, ttl=-600)
    section = explain_token(f"Video connect failed with {raw}", now=time.time())
    assert section is not None
    assert [p["code"] for p in section["problems"]] == [20104]
    shown = json.dumps(section)
    for part in raw.split("."):
        assert part[:12] not in shown
    assert AUTH_TOKEN[:10] not in shown and KEY_SECRET[:10] not in shown


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"ttl": -600}, 20104), ({"products": ()}, 20106), ({}, None)],
)
def test_a_token_pasted_without_a_code_names_the_code_it_would_get(
    kwargs: dict[str, object], code: int | None
) -> None:
    assert token_code(access_token(**kwargs)) == code  # type: ignore[arg-type]


def _leaks(raw: str, output: str) -> bool:
    parts = [p for p in raw.split(".") if len(p) >= 12]
    return any(p[i : i + 12] in output for p in parts for i in range(0, len(p) - 11, 6))


def test_explain_given_only_a_token_names_the_error_it_would_get() -> None:
    raw = access_token(ttl=-900)
    result = CliRunner().invoke(app, ["explain", raw, "--format", "json"])
    assert result.exit_code == 0, result.stdout
    recognised = json.loads(result.stdout)["recognised"]
    assert (recognised["entry_id"], recognised["form"]) == ("twilio-20104", "an access token")
    assert recognised["code_basis"] == "inferred from the pasted access token's own claims"
    assert not _leaks(raw, result.stdout + result.stderr)


@pytest.mark.parametrize("fmt", ["rich", "markdown"])
def test_explain_lists_a_pasted_tokens_problems_beside_the_stated_code(fmt: str) -> None:
    raw = access_token(products=("chat",), secret=AUTH_TOKEN)
    text = f"twilio-video.js: connect failed, error code 20106, token {raw}"
    result = CliRunner().invoke(app, ["explain", text, "--format", fmt])
    assert result.exit_code == 0
    assert "video needs a 'video' grant" in result.stdout
    assert "twilio-20106" in result.stdout
    assert not _leaks(raw, result.stdout + result.stderr)
    assert AUTH_TOKEN[:10] not in result.stdout


def test_v1_explain_reads_the_token_in_a_pasted_log_line(api: TestClient) -> None:
    raw = access_token(ttl=-600)
    response = api.post(
        "/v1/explain", json={"text": f"ERROR video error code 20104 jwt={raw}"}, headers=AUTH
    )
    assert response.status_code == 200
    token = response.json()["recognised"]["token"]
    assert [p["cause"] for p in token["problems"]] == ["token-expired"]
    assert not _leaks(raw, response.text)


def test_explain_without_a_token_has_no_token_section() -> None:
    result = CliRunner().invoke(app, ["explain", "error code 20104", "--format", "json"])
    assert json.loads(result.stdout)["recognised"]["token"] is None
