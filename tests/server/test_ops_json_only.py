"""The JSON endpoints refuse other content types with a 415 in the one error shape, so a
client that sends a form or plain text learns what is wrong instead of a confusing 422."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import AUTH

JSON_ENDPOINTS = ["/v1/diagnose", "/v1/explain", "/v1/webhooks/generic", "/v1/webhooks/sentry"]


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_that_is_not_json_is_a_415(client: TestClient, path: str, content_type: str) -> None:
    response = client.post(
        path, content=b'{"text": "x"}', headers={**AUTH, "content-type": content_type}
    )
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_media_type"
    assert "application/json" in error["message"]
    assert error["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"]
)
def test_json_content_types_are_accepted(client: TestClient, content_type: str) -> None:
    response = client.post(
        "/v1/explain",
        content=b'{"text": "HTTP 401 error: Unable to fetch record: Authenticate"}',
        headers={**AUTH, "content-type": content_type},
    )
    assert response.status_code == 200


def test_the_415_is_listed_in_the_openapi_spec(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "415" in spec["paths"]["/v1/diagnose"]["post"]["responses"]
