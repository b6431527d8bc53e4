"""Every failure comes back in the one error shape, with the request id, never echoing input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sherlock.engine.runner import Runner
from sherlock.errors import InputError
from sherlock.server import create_app
from tests.server.conftest import AUTH, AppFactory, Deployment, live_server


def assert_error_shape(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "request_id", "details"}
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    return dict(error)


def test_unknown_route_is_not_found(client: TestClient) -> None:
    assert_error_shape(client.get("/v1/nothing", headers=AUTH), 404, "not_found")


def test_wrong_method_is_method_not_allowed_and_says_which_are(client: TestClient) -> None:
    response = client.get("/v1/diagnose", headers=AUTH)
    assert_error_shape(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("body", "location", "message"),
    [
        ({"offline": "perhaps"}, "body.offline", "must be true or false"),
        ({"environment": "prod; rm -rf /"}, "body.environment", "expected form"),
        ({"enviroment": "prod"}, "body.enviroment", "not a known field"),
        ({"error": ""}, "body.error", "must not be empty"),
        ([1, 2], "body", "must be a JSON object"),
    ],
)
def test_an_invalid_body_names_the_field_and_the_problem(
    client: TestClient, body: Any, location: str, message: str
) -> None:
    response = client.post("/v1/diagnose", json=body, headers=AUTH)
    error = assert_error_shape(response, 422, "invalid_request")
    assert [d["location"] for d in error["details"]] == [location]
    assert message in error["details"][0]["message"]
    assert "rm -rf" not in response.text and "perhaps" not in response.text


def test_malformed_json_is_an_invalid_request(client: TestClient) -> None:
    response = client.post(
        "/v1/diagnose",
        content=b'{"environment": "pro',
        headers={**AUTH, "content-type": "application/json"},
    )
    error = assert_error_shape(response, 422, "invalid_request")
    assert error["details"] == [{"location": "body", "message": "is not valid JSON"}]


def test_a_body_over_the_limit_is_refused_by_its_content_length(client: TestClient) -> None:
    response = client.post("/v1/explain", content=b"x" * 70_000, headers=AUTH)
    # the default limit (1 MiB) is not reached: the app answers normally
    assert response.status_code == 422
    big = b'{"text": "' + b"x" * 1_100_000 + b'"}'
    response = client.post("/v1/explain", content=big, headers=AUTH)
    assert_error_shape(response, 413, "payload_too_large")


def test_a_streamed_body_over_the_limit_is_refused_too(make_app: AppFactory) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(20):
            yield b"x" * 1000
        yield b'"}'

    with TestClient(make_app(max_body_bytes=5_000)) as client:
        response = client.post("/v1/explain", content=chunks(), headers=AUTH)
    assert "content-length" not in response.request.headers
    assert_error_shape(response, 413, "payload_too_large")


def test_a_body_over_the_limit_is_refused_over_real_http(make_app: AppFactory) -> None:
    with live_server(make_app(max_body_bytes=10_000)) as base_url:
        response = httpx.post(
            f"{base_url}/v1/webhooks/generic", content=b"{" + b" " * 20_000 + b"}", headers=AUTH
        )
        after = httpx.get(f"{base_url}/healthz")
    assert_error_shape(response, 413, "payload_too_large")
    assert after.status_code == 200


def test_a_sherlock_input_error_is_invalid_input(
    make_app: AppFactory, deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreadable(self: Runner, **_: Any) -> Any:
        raise InputError("services/api/.env: cannot read (Permission denied)")

    monkeypatch.setattr(Runner, "diagnose", unreadable)
    with TestClient(make_app()) as client:
        response = client.post("/v1/diagnose", json={}, headers=AUTH)
    error = assert_error_shape(response, 400, "invalid_input")
    assert error["message"] == "services/api/.env: cannot read (Permission denied)"


def test_a_bad_config_stops_the_app_from_being_built(deployment: Deployment) -> None:
    (deployment.tree / "sherlock.toml").write_text("[server]\nport = 'eighty'\n")
    with pytest.raises(InputError, match=r"sherlock.toml:2: server.port"):
        create_app(deployment.runner(), api_token="x" * 32, environ={})


def test_an_unexpected_exception_is_an_internal_error_without_its_message(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: Runner, **_: Any) -> Any:
        raise RuntimeError("internal detail the client must not see")

    monkeypatch.setattr(Runner, "diagnose", broken)
    with TestClient(make_app(), raise_server_exceptions=False) as client:
        response = client.post("/v1/diagnose", json={}, headers=AUTH)
    error = assert_error_shape(response, 500, "internal")
    assert "internal detail" not in response.text
    assert error["request_id"] in error["message"]
    assert any(error["request_id"] in r.getMessage() for r in caplog.records)


def test_a_plain_request_id_from_the_caller_is_kept_for_tracing(client: TestClient) -> None:
    kept = client.get("/v1/nothing", headers={**AUTH, "X-Request-Id": "trace-42"})
    assert kept.json()["error"]["request_id"] == "trace-42"
    odd = client.get("/v1/nothing", headers={**AUTH, "X-Request-Id": "a b <script>"})
    assert odd.json()["error"]["request_id"] != "a b <script>"
    assert len(odd.headers["x-request-id"]) == 32


def test_the_servers_own_token_is_never_echoed_even_when_it_looks_like_a_label(
    make_app: AppFactory,
) -> None:
    """A random token_urlsafe token has the shape of a trace id; the server knows its own."""
    own = "Zq3xK9v_Lm2Pw7Rt-Yb5Nc8Hd4Fg6Js1"
    with TestClient(make_app(api_token=own)) as client:
        auth = {"Authorization": f"Bearer {own}"}
        answer = client.get("/v1/nothing", headers={**auth, "X-Request-Id": own})
        alert = client.post(
            "/v1/webhooks/generic",
            json={"text": "HTTP 401 Twilio error 20003 Authenticate", "environment": own},
            headers=auth,
        )
    assert own not in answer.text and own not in str(answer.headers)
    assert own not in alert.text
