"""Alert webhooks: recognise a Twilio 20003, diagnose the named environment, post to Slack."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.server import create_app, examples
from sherlock.server.alerts import alertmanager, datadog, generic, sentry
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator
from tests.scenario_harness import assert_no_secret
from tests.server.conftest import (
    ALERT_CHANNEL,
    API_TOKEN,
    AUTH,
    AppFactory,
    Deployment,
    deployment_of,
    slack_client,
)

TOP_CAUSE = "rotation-not-propagated"
TOP_TITLE = "Rotation reached some services but not others"

SAMPLES: dict[str, dict[str, Any]] = {
    "sentry": examples.SENTRY_EVENT_ALERT,
    "datadog": examples.DATADOG_MONITOR,
    "alertmanager": examples.ALERTMANAGER_FIRING,
    "generic": examples.GENERIC_TEXT,
}


def block_text(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


@pytest.mark.parametrize("source", list(SAMPLES))
def test_an_alert_is_recognised_diagnosed_and_posted_to_the_alert_channel(
    client: TestClient, slack: SlackApiEmulator, deployment: Deployment, source: str
) -> None:
    response = client.post(f"/v1/webhooks/{source}", json=SAMPLES[source], headers=AUTH)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["recognised"] is True and body["source"] == source
    [result] = body["diagnoses"]
    assert result["environment"] == "prod"  # "production" in Sentry and Datadog
    assert result["top_cause"] == TOP_CAUSE
    assert result["posted"] is True and result["channel"] == ALERT_CHANNEL
    [call] = slack.calls_to("chat.postMessage")
    assert call.ok, call.response
    assert call.params["channel"] == ALERT_CHANNEL
    blocks = block_text(call.params["blocks"])
    assert TOP_TITLE in blocks
    assert "services/billing/.env.production:2" in blocks
    assert_no_secret(deployment.book, response.text, json.dumps(call.params))


def test_a_resolved_alertmanager_alert_posts_nothing(
    client: TestClient, slack: SlackApiEmulator, deployment: Deployment
) -> None:
    payload = copy.deepcopy(examples.ALERTMANAGER_FIRING)
    payload["status"] = "resolved"
    payload["alerts"][0]["status"] = "resolved"
    response = client.post("/v1/webhooks/alertmanager", json=payload, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["recognised"] is False
    assert response.json()["reason"] == "the alerts are resolved"
    assert slack.calls == []
    assert deployment.twilio.requests == []


@pytest.mark.parametrize(
    ("source", "payload"),
    [
        (
            "sentry",
            {
                "action": "triggered",
                "data": {
                    "event": {
                        "title": "KeyError: 'user_id'",
                        "culprit": "checkout.views in pay",
                        "exception": {"values": [{"type": "KeyError", "value": "'user_id'"}]},
                        "tags": [["environment", "production"]],
                    }
                },
            },
        ),
        ("datadog", {"title": "Stripe 401 on /v1/charges", "body": "AuthenticationError"}),
        ("generic", {"text": "HTTP 401 Unauthorized from api.github.com", "env": "prod"}),
        ("generic", {"service": "sms", "error": {"code": 21211, "status": 400}}),
        ("sentry", {"action": "resolved", "data": {"issue": {"title": examples.TWILIO_401}}}),
        ("datadog", {**examples.DATADOG_MONITOR, "alert_transition": "Recovered"}),
    ],
)
def test_an_alert_that_is_not_a_failing_twilio_20003_posts_nothing(
    client: TestClient,
    slack: SlackApiEmulator,
    deployment: Deployment,
    source: str,
    payload: dict[str, Any],
) -> None:
    response = client.post(f"/v1/webhooks/{source}", json=payload, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["recognised"] is False
    assert response.json()["diagnoses"] == []
    assert slack.calls == []
    assert deployment.twilio.requests == []


def test_a_slack_error_is_reported_in_the_answer_not_as_a_failure(
    client: TestClient, slack: SlackApiEmulator
) -> None:
    slack.fail_next("chat.postMessage", "channel_not_found")
    response = client.post("/v1/webhooks/generic", json=examples.GENERIC_TEXT, headers=AUTH)
    assert response.status_code == 202
    [result] = response.json()["diagnoses"]
    assert result["top_cause"] == TOP_CAUSE
    assert result["posted"] is False
    assert result["not_posted"] == "slack: channel_not_found"


def test_an_unreachable_slack_is_reported_in_the_answer(make_app: AppFactory) -> None:
    nowhere = AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url="http://127.0.0.1:9/api/", timeout=2)
    with TestClient(make_app(slack_client=nowhere)) as client:
        response = client.post("/v1/webhooks/generic", json=examples.GENERIC_TEXT, headers=AUTH)
    assert response.status_code == 202
    [result] = response.json()["diagnoses"]
    assert result["posted"] is False
    assert result["not_posted"].startswith("slack: could not reach Slack")


def test_without_an_alert_channel_the_diagnosis_is_returned_but_not_posted(
    tmp_path: Path, slack: SlackApiEmulator
) -> None:
    with deployment_of("rotation-partial-dotenv", tmp_path / "deploy") as found:
        app = create_app(
            found.runner(), api_token=API_TOKEN, environ={}, slack_client=slack_client(slack)
        )
        with TestClient(app) as client:
            response = client.post("/v1/webhooks/generic", json=examples.GENERIC_TEXT, headers=AUTH)
    [result] = response.json()["diagnoses"]
    assert result["top_cause"] == TOP_CAUSE
    assert result["posted"] is False
    assert "alert_channel" in result["not_posted"]
    assert slack.calls == []


def test_a_repeated_alert_is_posted_once(client: TestClient, slack: SlackApiEmulator) -> None:
    first = client.post("/v1/webhooks/generic", json=examples.GENERIC_TEXT, headers=AUTH)
    second = client.post("/v1/webhooks/generic", json=examples.GENERIC_TEXT, headers=AUTH)
    assert first.json()["diagnoses"][0]["posted"] is True
    assert second.json()["diagnoses"][0]["posted"] is False
    assert "posted" in second.json()["diagnoses"][0]["not_posted"]
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_an_environment_the_deployment_lacks_diagnoses_every_environment(
    client: TestClient, slack: SlackApiEmulator
) -> None:
    payload = {"text": examples.GENERIC_TEXT["text"], "environment": "eu-west-canary"}
    response = client.post("/v1/webhooks/generic", json=payload, headers=AUTH)
    [result] = response.json()["diagnoses"]
    assert result["environment"] is None
    assert "eu-west-canary" in result["note"]
    assert result["top_cause"] == TOP_CAUSE
    assert result["requests"] > 0  # the first, filtered diagnosis did the verifying
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_alerts_for_two_environments_are_diagnosed_and_posted_separately(
    client: TestClient, slack: SlackApiEmulator
) -> None:
    payload = copy.deepcopy(examples.ALERTMANAGER_FIRING)
    second = copy.deepcopy(payload["alerts"][0])
    second["labels"]["environment"] = "staging"
    payload["alerts"].append(second)
    payload["alerts"].append(copy.deepcopy(payload["alerts"][0]))  # a repeat for prod
    response = client.post("/v1/webhooks/alertmanager", json=payload, headers=AUTH)
    envs = [r["environment"] for r in response.json()["diagnoses"]]
    assert envs == ["prod", None]  # the tree has no staging: every environment instead
    assert len(slack.calls_to("chat.postMessage")) == 2


def test_an_alert_body_that_is_not_json_is_an_invalid_request(client: TestClient) -> None:
    response = client.post(
        "/v1/webhooks/sentry",
        content=b"not json",
        headers={**AUTH, "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


# --- the parsers on their own ------------------------------------------------------------


def test_sentry_reads_the_exception_and_the_environment_tag() -> None:
    [alert] = sentry(examples.SENTRY_EVENT_ALERT).alerts
    assert "TwilioRestException" in alert.text and examples.TWILIO_401 in alert.text
    assert alert.environment == "production"


def test_sentry_tags_as_key_value_objects_and_issue_webhooks() -> None:
    payload = {
        "action": "created",
        "data": {
            "issue": {
                "title": "TwilioRestException: Unable to fetch record: Authenticate",
                "metadata": {"value": "HTTP 401 error: Unable to fetch record: Authenticate"},
                "tags": [{"key": "environment", "value": "staging"}],
            }
        },
    }
    [alert] = sentry(payload).alerts
    assert alert.environment == "staging"
    assert "HTTP 401 error" in alert.text


def test_datadog_reads_the_env_tag_from_a_list_or_a_string() -> None:
    assert datadog(examples.DATADOG_MONITOR).alerts[0].environment == "production"
    listed = {**examples.DATADOG_MONITOR, "tags": ["service:worker", "env:staging"]}
    assert datadog(listed).alerts[0].environment == "staging"


def test_alertmanager_skips_resolved_alerts_but_keeps_firing_ones() -> None:
    payload = copy.deepcopy(examples.ALERTMANAGER_FIRING)
    resolved = copy.deepcopy(payload["alerts"][0])
    resolved["status"] = "resolved"
    resolved["labels"]["environment"] = "staging"
    payload["alerts"].insert(0, resolved)
    parsed = alertmanager(payload)
    assert [a.environment for a in parsed.alerts] == ["prod"]
    assert parsed.ignored is None


def test_generic_reads_any_json_value_with_its_key() -> None:
    payload = {"event": {"provider": "twilio", "error": {"code": 20003, "status": 401}}}
    [alert] = generic(payload).alerts
    assert "code: 20003" in alert.text
    assert alert.environment is None
