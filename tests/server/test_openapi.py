"""The OpenAPI spec lists every route with its schemas and security, and real answers fit it."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sherlock.server import examples
from tests.server.conftest import AUTH

jsonschema = pytest.importorskip("jsonschema")

ROUTES = {
    "/healthz": "get",
    "/metrics": "get",
    "/readyz": "get",
    "/v1/diagnose": "post",
    "/v1/explain": "post",
    "/v1/webhooks/sentry": "post",
    "/v1/webhooks/datadog": "post",
    "/v1/webhooks/alertmanager": "post",
    "/v1/webhooks/generic": "post",
}


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    data = response.json()
    assert data["openapi"].startswith("3.")
    return dict(data)


def schema_for(spec: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    schema = responses[str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": spec["components"]}


def assert_fits(spec: dict[str, Any], response: httpx.Response, path: str, method: str) -> None:
    schema = schema_for(spec, path, method, response.status_code)
    jsonschema.Draft202012Validator(schema).validate(response.json())


def test_every_route_is_listed_with_its_method(spec: dict[str, Any]) -> None:
    listed = {path: set(ops) for path, ops in spec["paths"].items()}
    assert listed == {path: {method} for path, method in ROUTES.items()}


def test_v1_operations_need_the_bearer_scheme_and_ops_do_not(spec: dict[str, Any]) -> None:
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The token in the environment variable named by [server] token_env.",
    }
    for path, method in ROUTES.items():
        operation = spec["paths"][path][method]
        if path.startswith("/v1/"):
            assert operation["security"] == [{"bearerAuth": []}], path
            for status in ("400", "401", "413", "422", "500"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/ErrorResponse"}, (path, status)
        else:
            assert "security" not in operation, path


def test_request_bodies_are_described(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    body = spec["paths"]["/v1/diagnose"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/DiagnoseBody"}
    assert set(schemas["DiagnoseBody"]["properties"]) == {
        "error",
        "environment",
        "scope",
        "offline",
        "token",
    }
    assert schemas["DiagnoseBody"]["additionalProperties"] is False
    assert schemas["ExplainBody"]["required"] == ["text"]
    sentry = spec["paths"]["/v1/webhooks/sentry"]["post"]["requestBody"]["content"]
    example = sentry["application/json"]["examples"]["event_alert"]["value"]
    assert example == examples.SENTRY_EVENT_ALERT


def test_the_diagnosis_schema_is_the_cli_json_contract(
    spec: dict[str, Any], client: TestClient
) -> None:
    report = client.post("/v1/diagnose", json={}, headers=AUTH).json()
    schemas = spec["components"]["schemas"]
    assert set(schemas["DiagnosisReport"]["properties"]) == set(report)
    assert set(schemas["CauseReport"]["properties"]) == set(report["causes"][0])
    assert set(schemas["CredentialRow"]["properties"]) == set(report["credentials"][0])
    for name in ("DiagnosisReport", "CauseReport", "CredentialRow"):
        assert set(schemas[name]["required"]) == set(schemas[name]["properties"]), name


def test_real_answers_validate_against_the_spec(spec: dict[str, Any], client: TestClient) -> None:
    resolved = copy.deepcopy(examples.ALERTMANAGER_FIRING)
    resolved["alerts"][0]["status"] = "resolved"
    calls: list[tuple[str, str, Any, dict[str, str]]] = [
        ("/healthz", "get", None, {}),
        ("/v1/diagnose", "post", {"environment": "prod"}, AUTH),
        ("/v1/diagnose", "post", {"error": "not an error"}, AUTH),
        ("/v1/diagnose", "post", {"scope": "../"}, AUTH),
        ("/v1/diagnose", "post", {"offline": "no"}, AUTH),
        ("/v1/diagnose", "post", {}, {}),
        ("/v1/explain", "post", {"text": "Twilio error 20003"}, AUTH),
        ("/v1/webhooks/sentry", "post", examples.SENTRY_EVENT_ALERT, AUTH),
        ("/v1/webhooks/alertmanager", "post", resolved, AUTH),
    ]
    statuses = set()
    for path, method, body, headers in calls:
        response = client.request(method, path, json=body, headers=headers)
        assert_fits(spec, response, path, method)
        statuses.add(response.status_code)
    assert statuses == {200, 202, 400, 401, 422}
    big = client.post("/v1/explain", content=b"x" * 2_000_000, headers=AUTH)
    assert_fits(spec, big, "/v1/explain", "post")


def test_errors_outside_the_spec_still_fit_the_error_schema(
    spec: dict[str, Any], client: TestClient
) -> None:
    schema = {"$ref": "#/components/schemas/ErrorResponse", "components": spec["components"]}
    for response in (client.get("/nowhere"), client.put("/v1/diagnose", headers=AUTH)):
        assert response.status_code in (404, 405)
        jsonschema.Draft202012Validator(schema).validate(response.json())


def test_the_metrics_operation_is_plain_text(spec: dict[str, Any], client: TestClient) -> None:
    content = spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    response = client.get("/metrics")
    assert list(content) == [response.headers["content-type"]]
