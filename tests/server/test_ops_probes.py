"""Probes for an orchestrator: /healthz answers HEAD too, /readyz says whether the tree, the
config and (when configured) Slack are ready, and says why not in the one error shape."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN
from tests.server.conftest import AppFactory, Deployment


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_healthz_answers_get_and_head(client: TestClient, method: str) -> None:
    response = client.request(method, "/healthz")
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_readyz_is_200_when_the_tree_and_config_are_ready(client: TestClient, method: str) -> None:
    response = client.request(method, "/readyz")
    assert response.status_code == 200
    if method == "GET":
        assert response.json()["status"] == "ready"


def _not_ready(client: TestClient) -> dict[str, str]:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert client.head("/readyz").status_code == 503
    error = response.json()["error"]
    assert error["code"] == "not_ready"
    assert error["request_id"] == response.headers["x-request-id"]
    return {d["location"]: d["message"] for d in error["details"]}


def test_readyz_is_503_naming_the_tree_when_it_is_gone(
    make_app: AppFactory, deployment: Deployment
) -> None:
    with TestClient(make_app()) as client:
        shutil.rmtree(deployment.tree)
        reasons = _not_ready(client)
    assert set(reasons) == {"tree"}
    assert str(deployment.tree) in reasons["tree"]


def test_readyz_is_503_with_the_config_line_when_the_config_breaks(
    make_app: AppFactory, deployment: Deployment
) -> None:
    with TestClient(make_app()) as client:
        (deployment.tree / "sherlock.toml").write_text("[server]\nprot = 1\n", encoding="utf-8")
        reasons = _not_ready(client)
    assert set(reasons) == {"config"}
    assert "sherlock.toml:2" in reasons["config"]


def test_readyz_is_503_when_alerts_go_to_slack_but_the_bot_token_is_missing(
    make_app: AppFactory,
) -> None:
    # The default deployment sets [slack] alert_channel; no client and no token in environ.
    app = make_app(slack_client=None, environ={})
    with TestClient(app) as client:
        reasons = _not_ready(client)
    assert set(reasons) == {"slack"}
    assert "SLACK_BOT_TOKEN" in reasons["slack"]


def test_readyz_is_503_when_only_half_of_the_slack_app_secrets_are_set(
    make_app: AppFactory,
) -> None:
    environ = {"SLACK_BOT_TOKEN": DEFAULT_BOT_TOKEN}
    with TestClient(make_app(slack_client=None, environ=environ)) as client:
        reasons = _not_ready(client)
    assert "SLACK_SIGNING_SECRET" in reasons["slack"]
    assert DEFAULT_BOT_TOKEN not in str(reasons)


def test_readyz_needs_no_token_and_never_touches_twilio(
    make_app: AppFactory, deployment: Deployment
) -> None:
    with TestClient(make_app()) as client:
        before = len(deployment.twilio.requests)
        assert client.get("/readyz").status_code == 200
        assert len(deployment.twilio.requests) == before


def test_readyz_reasons_never_show_a_secret_value(
    make_app: AppFactory, deployment: Deployment
) -> None:
    canary = deployment.book.token("readyz-canary")
    environ = {"SLACK_SIGNING_SECRET": canary}
    with TestClient(make_app(slack_client=None, environ=environ)) as client:
        (deployment.tree / "sherlock.toml").write_text(
            f'[server]\nport = "{canary}"\n[slack]\nbot_token_env = "{canary}"\n',
            encoding="utf-8",
        )
        response = client.get("/readyz")
    assert response.status_code == 503
    assert canary not in response.text and canary[:10] not in response.text
