"""The canary proof for the API: no secret, nor any 10-character piece of one, in any answer
(bodies and headers), any Slack payload or any log record, even when requests carry them."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import httpx
import pytest

from sherlock.server import create_app, examples
from sherlock_testing.emulators.slack_api import SlackApiEmulator
from tests.scenario_harness import assert_no_secret
from tests.server.conftest import (
    API_TOKEN,
    AUTH,
    SLACK_CONFIG,
    deployment_of,
    live_server,
    slack_client,
)


def paste_with(secrets: list[str]) -> str:
    """An error report as people paste it: the exception, and the credentials beside it."""
    lines = [f"twilio.base.exceptions.TwilioRestException: {examples.TWILIO_401}"]
    for n, secret in enumerate(secrets):
        basic = base64.b64encode(f"AC{'0' * 32}:{secret}".encode()).decode()
        lines += [f"TWILIO_AUTH_TOKEN_{n}={secret}", f"Authorization: Basic {basic}", secret]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "scenario",
    ["rotation-partial-dotenv", "api-key-revoked-dotenv", "sid-key-confusion-compose-swapped"],
)
def test_no_secret_reaches_an_answer_a_slack_message_or_a_log(
    scenario: str,
    tmp_path: Path,
    slack: SlackApiEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with deployment_of(scenario, tmp_path / "deploy", config=SLACK_CONFIG) as found:
        secrets = sorted(found.book.secrets)
        secret = secrets[0]
        paste = paste_with(secrets)
        app = create_app(
            found.runner(), api_token=API_TOKEN, environ={}, slack_client=slack_client(slack)
        )
        sentry = {"action": "triggered", "data": {"event": {"title": paste, "tags": [["environment", secret]]}}}  # fmt: skip
        calls: list[tuple[str, str, object, dict[str, str]]] = [
            ("POST", "/v1/diagnose", {}, AUTH),
            ("POST", "/v1/diagnose", {"offline": True, "environment": "prod"}, AUTH),
            ("POST", "/v1/diagnose", {"error": paste}, AUTH),
            ("POST", "/v1/diagnose", {"scope": secret}, AUTH),
            ("POST", "/v1/diagnose", {"offline": secret, secret: 1, "environment": secret}, AUTH),
            ("POST", "/v1/explain", {"text": paste}, AUTH),
            ("POST", "/v1/webhooks/generic", {"text": paste, "environment": secret}, AUTH),
            ("POST", "/v1/webhooks/sentry", sentry, AUTH),
            ("POST", "/v1/webhooks/datadog", {"title": paste, "tags": [f"env:{secret}"]}, AUTH),
            ("POST", "/v1/diagnose", {}, {"Authorization": f"Bearer {secret}"}),
            ("GET", f"/v1/{secret}", None, AUTH),
            ("GET", "/healthz", None, {"X-Request-Id": secret}),
            ("GET", "/metrics", None, {}),
        ]
        answers = []
        with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=10) as http:
            for method, path, body, headers in calls:
                response = http.request(method, path, json=body, headers=headers)
                assert response.status_code < 500, (path, response.text)
                answers += [response.text, str(response.headers)]
    posted = slack.calls_to("chat.postMessage")
    assert posted, "the webhooks posted nothing, so Slack payloads were not tested"
    # The test's own HTTP client logs the URLs it asks for (one holds a secret on purpose);
    # everything the server, the verifier and the Slack client log runs on other threads.
    server_records = [
        r
        for r in caplog.records
        if not (r.threadName == "MainThread" and r.name.startswith("http"))
    ]
    assert any(r.name == "sherlock.server.access" for r in server_records)
    logs = [f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in server_records]
    assert_no_secret(found.book, *answers, *(str(c.params) for c in slack.calls), *logs)
    for text in (*answers, *logs):
        assert API_TOKEN not in text
