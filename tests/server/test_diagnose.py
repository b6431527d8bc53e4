"""`POST /v1/diagnose`: the same report as `sherlock diagnose --format json`, over the emulator."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sherlock.server import create_app
from tests.scenario_harness import assert_no_secret, run_cli
from tests.server.conftest import API_TOKEN, AUTH, Deployment, deployment_of, live_server

_REQUEST_ID = re.compile(r"RQ[0-9a-f]{32}")

TWILIO_EXCEPTION = (
    "twilio.base.exceptions.TwilioRestException: HTTP 401 error: Unable to fetch record: "
    "Authenticate"
)


def same_report(report: Any) -> Any:
    """The report with Twilio's request ids (fresh for every request) blanked out."""
    return json.loads(_REQUEST_ID.sub("RQ…", json.dumps(report)))


@pytest.mark.parametrize(
    "scenario",
    [
        "rotation-partial-dotenv",
        "whitespace-k8s-secret-echo-base64",
        "environment-mismatch-staging-token-in-prod",
        "api-key-revoked-cli-profile",
        "healthy-with-decoys",
    ],
)
def test_diagnose_returns_exactly_the_cli_json_report(scenario: str, tmp_path: Path) -> None:
    with deployment_of(scenario, tmp_path / "deploy") as found:
        args = found.spec.get("args", [])
        cli = run_cli(found.tree, found.twilio, *args)
        body = {"environment": args[args.index("--env") + 1]} if "--env" in args else {}
        app = create_app(found.runner(), api_token=API_TOKEN, environ={})
        with TestClient(app) as client:
            response = client.post("/v1/diagnose", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert same_report(response.json()) == same_report(cli.report())
    expect = found.spec["expect"]
    causes = response.json()["causes"]
    assert (causes[0]["id"] if causes else None) == expect.get("top")
    assert_no_secret(found.book, response.text)


def test_diagnose_over_real_http_matches_the_cli(deployment: Deployment) -> None:
    cli = run_cli(deployment.tree, deployment.twilio, "--env", "prod")
    app = create_app(deployment.runner(), api_token=API_TOKEN, environ={})
    with live_server(app) as base_url:
        response = httpx.post(
            f"{base_url}/v1/diagnose", json={"environment": "prod"}, headers=AUTH, timeout=10
        )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert same_report(response.json()) == same_report(cli.report())
    assert response.json()["causes"][0]["id"] == "rotation-not-propagated"


def test_error_text_is_recognised_and_diagnosed_like_the_error_id(client: TestClient) -> None:
    by_id = client.post("/v1/diagnose", json={"error": "twilio-20003"}, headers=AUTH).json()
    by_text = client.post("/v1/diagnose", json={"error": TWILIO_EXCEPTION}, headers=AUTH)
    assert by_text.status_code == 200
    assert by_text.json()["causes"] == by_id["causes"]
    assert by_text.json()["error"] == "twilio-20003"


def test_a_second_diagnosis_reuses_the_cached_twilio_verdicts(
    client: TestClient, deployment: Deployment
) -> None:
    first = client.post("/v1/diagnose", json={}, headers=AUTH).json()
    sent = len(deployment.twilio.requests)
    second = client.post("/v1/diagnose", json={}, headers=AUTH).json()
    assert first["requests"] > 0 and sent > 0
    assert second["requests"] == 0
    assert len(deployment.twilio.requests) == sent
    assert second["causes"] == first["causes"]


def test_text_that_is_not_a_twilio_error_is_refused_as_not_recognised(
    client: TestClient,
) -> None:
    response = client.post(
        "/v1/diagnose", json={"error": "KeyError: 'user_id' in checkout"}, headers=AUTH
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "not_recognised"
    assert "user_id" not in response.text


def test_an_error_id_sherlock_cannot_diagnose_is_invalid_input(client: TestClient) -> None:
    response = client.post("/v1/diagnose", json={"error": "twilio-21211"}, headers=AUTH)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert "twilio-20003" in error["message"]


def test_offline_diagnosis_sends_nothing_to_twilio(
    client: TestClient, deployment: Deployment
) -> None:
    response = client.post("/v1/diagnose", json={"offline": True}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["requests"] == 0
    assert deployment.twilio.requests == []
    assert {c["verification"] for c in response.json()["credentials"]} == {
        "skipped, offline: not verified"
    }


def test_scope_diagnoses_one_folder_exactly_like_the_cli_on_that_folder(
    client: TestClient, deployment: Deployment
) -> None:
    folder = deployment.tree / "services" / "billing"
    cli = run_cli(folder, deployment.twilio)
    response = client.post("/v1/diagnose", json={"scope": "services/billing"}, headers=AUTH)
    assert response.status_code == 200
    assert same_report(response.json()) == same_report(cli.report())
    assert {c["location"] for c in response.json()["credentials"]} == {
        ".env.production:1",
        ".env.production:2",
    }


@pytest.mark.parametrize("scope", ["../", "/etc", "services/../../..", "services/nope", "."])
def test_scope_outside_the_tree_or_missing_is_refused(
    client: TestClient, deployment: Deployment, scope: str
) -> None:
    response = client.post("/v1/diagnose", json={"scope": scope, "offline": True}, headers=AUTH)
    if scope == ".":  # the tree itself is a fine scope
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert "scope" in response.json()["error"]["message"]


def test_scope_through_a_symlink_out_of_the_tree_is_refused(
    client: TestClient, deployment: Deployment, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (deployment.tree / "escape").symlink_to(outside)
    response = client.post("/v1/diagnose", json={"scope": "escape"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
