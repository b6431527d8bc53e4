"""Slack for an operator: `[slack] api_url` points the Web API at GovSlack or an egress
gateway (alerts and the Slack app alike), and Bolt no longer warns that a token is unused."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sherlock.cli.main import app as cli
from sherlock.config.schema import SlackSettings
from sherlock.errors import UsageError
from sherlock.server import create_app, examples
from sherlock.slack.app import build_slack_app
from sherlock.slack.web_api import slack_api_url
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator
from tests.server.conftest import API_TOKEN, AUTH, Deployment, deployment_of, slack_client

SIGNING_SECRET = "5c0ffee5c0ffee5c0ffee5c0ffee5c0f"


def test_alerts_are_posted_through_the_configured_slack_api_url(
    tmp_path: Path, slack: SlackApiEmulator
) -> None:
    config = f'[slack]\nalert_channel = "C0ALERTS"\napi_url = "{slack.base_url}"\n'
    with deployment_of("rotation-partial-dotenv", tmp_path / "d", config=config) as found:
        environ = {"SLACK_BOT_TOKEN": DEFAULT_BOT_TOKEN}
        app = create_app(found.runner(), api_token=API_TOKEN, environ=environ)
        with TestClient(app) as client:
            answer = client.post(
                "/v1/webhooks/alertmanager", json=examples.ALERTMANAGER_FIRING, headers=AUTH
            )
    assert answer.json()["diagnoses"][0]["posted"] is True
    assert len(slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        ("https://slack-gov.com/api", "https://slack-gov.com/api/"),
        (
            "https://egress.internal.example/slack/api/",
            "https://egress.internal.example/slack/api/",
        ),
        ("http://127.0.0.1:9000/api/", "http://127.0.0.1:9000/api/"),
    ],
)
def test_slack_api_url_is_normalised_for_the_web_client(
    given: str | None, expected: str | None
) -> None:
    assert slack_api_url(SlackSettings(api_url=given)) == expected


@pytest.mark.parametrize(
    "given", ["http://slack.example.com/api/", "slack.com/api", "ftp://127.0.0.1/", "https://"]
)
def test_a_slack_api_url_that_is_not_https_is_refused(given: str) -> None:
    with pytest.raises(UsageError, match=r"\[slack\] api_url"):
        slack_api_url(SlackSettings(api_url=given))


def test_serve_refuses_a_plain_http_slack_api_url_with_one_line(deployment: Deployment) -> None:
    (deployment.tree / "sherlock.toml").write_text(
        '[slack]\napi_url = "http://slack.example.com/api/"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["serve", str(deployment.tree)], env={"SHERLOCK_API_TOKEN": API_TOKEN}
    )
    assert result.exit_code == 2
    assert "api_url" in result.stderr and "Traceback" not in result.stderr


def test_the_slack_app_built_without_a_client_uses_the_api_url(deployment: Deployment) -> None:
    settings = SlackSettings(api_url="https://slack-gov.com/api")
    bolt = build_slack_app(
        deployment.runner(), settings, signing_secret=SIGNING_SECRET, token=DEFAULT_BOT_TOKEN
    )
    assert bolt.client.base_url == "https://slack-gov.com/api/"


def test_bolt_does_not_warn_that_the_token_is_unused(
    deployment: Deployment,
    slack: SlackApiEmulator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # In production SLACK_BOT_TOKEN is in the process environment, which Bolt reads itself.
    monkeypatch.setenv("SLACK_BOT_TOKEN", DEFAULT_BOT_TOKEN)
    with caplog.at_level(logging.WARNING):
        build_slack_app(
            deployment.runner(),
            SlackSettings(),
            signing_secret=SIGNING_SECRET,
            token=DEFAULT_BOT_TOKEN,
            client=slack_client(slack),
        )
    assert not [r for r in caplog.records if "unused" in r.getMessage()]
