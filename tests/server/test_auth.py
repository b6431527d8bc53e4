"""Bearer auth: /v1 needs the token, /healthz and /metrics stay open, no token → no server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sherlock.config.schema import ServerSettings
from sherlock.engine.runner import Runner
from sherlock.errors import UsageError
from sherlock.secrets import Secret
from sherlock.server import create_app
from sherlock.server.auth import token_from_env
from tests.server.conftest import API_TOKEN, AUTH, AppFactory
from tests.server.test_errors import assert_error_shape


@pytest.fixture(scope="module")
def empty_tree_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app over an empty tree for the many auth cases (no emulator needed: 401 first)."""
    runner = Runner(root=tmp_path_factory.mktemp("empty"))
    with TestClient(create_app(runner, api_token=API_TOKEN, environ={})) as client:
        yield client


V1_CALLS = [
    ("/v1/diagnose", {"offline": True}),
    ("/v1/explain", {"text": "error 20003"}),
    ("/v1/webhooks/sentry", {}),
    ("/v1/webhooks/datadog", {}),
    ("/v1/webhooks/alertmanager", {}),
    ("/v1/webhooks/generic", {}),
]


@pytest.mark.parametrize(("path", "body"), V1_CALLS)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {API_TOKEN}", f"Bearer {API_TOKEN}x", "Bearer"],
)
def test_every_v1_endpoint_refuses_a_missing_or_wrong_token(
    empty_tree_client: TestClient, path: str, body: object, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = empty_tree_client.post(path, json=body, headers=headers)
    assert_error_shape(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert "wrong-token" not in response.text and API_TOKEN not in response.text


@pytest.mark.parametrize(("path", "body"), V1_CALLS[:2])
def test_the_right_token_is_let_in(empty_tree_client: TestClient, path: str, body: object) -> None:
    response = empty_tree_client.post(path, json=body, headers=AUTH)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("path", ["/healthz", "/metrics", "/openapi.json"])
def test_health_metrics_and_the_spec_need_no_token(
    empty_tree_client: TestClient, path: str
) -> None:
    assert empty_tree_client.get(path).status_code == 200


def test_healthz_says_ok_and_the_version(empty_tree_client: TestClient) -> None:
    body = empty_tree_client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["version"]


def test_without_a_token_the_app_refuses_to_be_built(make_app: AppFactory) -> None:
    with pytest.raises(UsageError, match=r"SHERLOCK_API_TOKEN.*--insecure-no-auth"):
        make_app(api_token=None)


def test_insecure_no_auth_serves_v1_without_a_token(make_app: AppFactory) -> None:
    with TestClient(make_app(api_token=None, insecure_no_auth=True)) as client:
        response = client.post("/v1/diagnose", json={"offline": True})
    assert response.status_code == 200


def test_a_token_given_with_insecure_no_auth_is_still_required(make_app: AppFactory) -> None:
    with TestClient(make_app(insecure_no_auth=True)) as client:
        assert client.post("/v1/diagnose", json={"offline": True}).status_code == 401


def test_the_token_is_read_from_the_variable_the_config_names() -> None:
    settings = ServerSettings(token_env="ACME_SHERLOCK_TOKEN")
    token = token_from_env(settings, {"ACME_SHERLOCK_TOKEN": f"  {API_TOKEN}\n"})
    assert isinstance(token, Secret)
    assert token.reveal() == API_TOKEN
    assert token_from_env(settings, {"SHERLOCK_API_TOKEN": API_TOKEN}) is None
    assert token_from_env(settings, {"ACME_SHERLOCK_TOKEN": "   "}) is None
