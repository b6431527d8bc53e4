"""The Slack app inside `sherlock serve`: mounted at /slack/events when its secrets are set,
authenticated by Slack's signature (not the API token), answering through the Web API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sherlock.server import create_app
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator
from tests.scenario_harness import assert_no_secret
from tests.server.conftest import API_TOKEN, AUTH, Deployment, deployment_of, slack_client
from tests.slack.harness import mention, sign

SIGNING_SECRET = "5c0ffee5c0ffee5c0ffee5c0ffee5c0f"
CHANNEL = "C0INCIDENT"
CONFIG = f"""\
[slack]
alert_channel = "C0ALERTS"
allowed_channels = ["{CHANNEL}"]
signing_secret_env = "ACME_SLACK_SIGNING"
"""
ENVIRON = {"SLACK_BOT_TOKEN": DEFAULT_BOT_TOKEN, "ACME_SLACK_SIGNING": SIGNING_SECRET}


@pytest.fixture
def slack_deployment(tmp_path: Path) -> Iterator[Deployment]:
    with deployment_of("rotation-partial-dotenv", tmp_path / "deploy", config=CONFIG) as found:
        yield found


def test_a_signed_mention_is_answered_with_a_live_diagnosis(
    slack_deployment: Deployment, slack: SlackApiEmulator
) -> None:
    app = create_app(
        slack_deployment.runner(),
        api_token=API_TOKEN,
        environ=ENVIRON,
        slack_client=slack_client(slack),
    )
    body = json.dumps(mention("why is prod getting 20003?", channel=CHANNEL)).encode()
    with TestClient(app) as client:
        response = client.post(
            "/slack/events",
            content=body,
            headers={"content-type": "application/json", **sign(body, secret=SIGNING_SECRET)},
        )
        assert response.status_code == 200
        answer = slack.wait_for("chat.update", timeout=10)[0]
    blocks = json.dumps(answer.params["blocks"])
    assert "Rotation reached some services but not others" in blocks
    assert_no_secret(slack_deployment.book, json.dumps([c.params for c in slack.calls]))


def test_slack_events_need_the_signature_not_the_bearer_token(
    slack_deployment: Deployment, slack: SlackApiEmulator
) -> None:
    app = create_app(
        slack_deployment.runner(),
        api_token=API_TOKEN,
        environ=ENVIRON,
        slack_client=slack_client(slack),
    )
    body = json.dumps({"type": "url_verification", "challenge": "chal-123"}).encode()
    with TestClient(app) as client:
        unsigned = client.post("/slack/events", content=body, headers=AUTH)
        wrong = client.post("/slack/events", content=body, headers=sign(body, secret="x" * 32))
        signed = client.post(
            "/slack/events", content=body, headers=sign(body, secret=SIGNING_SECRET)
        )
    assert unsigned.status_code == 401 and wrong.status_code == 401
    assert signed.status_code == 200
    assert signed.json() == {"challenge": "chal-123"}
    assert slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    "environ",
    [{}, {"SLACK_BOT_TOKEN": DEFAULT_BOT_TOKEN}, {"ACME_SLACK_SIGNING": SIGNING_SECRET}],
)
def test_without_both_slack_secrets_there_is_no_slack_endpoint(
    slack_deployment: Deployment, environ: dict[str, str]
) -> None:
    app = create_app(slack_deployment.runner(), api_token=API_TOKEN, environ=environ)
    with TestClient(app) as client:
        response = client.post("/slack/events", content=b"{}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
