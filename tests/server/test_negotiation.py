"""`/v1/diagnose` answers in the registered format the client's Accept header prefers: JSON by
default, Markdown, SARIF and the rest on request, and a 406 listing the choices otherwise."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from sherlock.render.registry import FORMATS
from sherlock.server.errors import ApiError
from sherlock.server.media import DIAGNOSIS_FORMATS, negotiate
from tests.server.conftest import AUTH


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("application/json", "json"),
        ("text/markdown", "markdown"),
        ("text/markdown;q=0.4, application/sarif+json", "sarif"),
        ("application/sarif+json;q=0.2, text/markdown;q=0.9", "markdown"),
        ("text/plain", "terminal"),
        ("TEXT/MARKDOWN", "markdown"),
        ("text/*, text/markdown;q=0", "terminal"),
        ("application/xml, */*;q=0.1", "json"),
    ],
)
def test_the_accept_header_picks_the_report_format(accept: str | None, chosen: str) -> None:
    assert negotiate(accept).name == chosen


@pytest.mark.parametrize("accept", ["application/xml", "image/png", "*/*;q=0", "text/html;q=x"])
def test_accepting_no_registered_format_is_a_406_naming_the_choices(accept: str) -> None:
    with pytest.raises(ApiError) as refused:
        negotiate(accept)
    assert refused.value.status == 406
    assert "application/sarif+json" in refused.value.message


def test_every_format_the_api_offers_is_registered() -> None:
    assert set(DIAGNOSIS_FORMATS) <= set(FORMATS)


def test_a_markdown_report_comes_back_as_markdown(client: TestClient) -> None:
    response = client.post("/v1/diagnose", json={}, headers={**AUTH, "accept": "text/markdown"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.text.startswith("## Sherlock: twilio-20003")


def test_a_sarif_report_comes_back_as_sarif(client: TestClient) -> None:
    headers = {**AUTH, "accept": "application/sarif+json"}
    response = client.post("/v1/diagnose", json={}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sarif+json")
    assert json.loads(response.text)["version"] == "2.1.0"


def test_an_unacceptable_format_is_refused_before_diagnosing(client: TestClient) -> None:
    response = client.post("/v1/diagnose", json={}, headers={**AUTH, "accept": "image/png"})
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "not_acceptable"
    assert 'origin="api"' not in client.get("/metrics").text


def test_the_openapi_description_lists_the_other_report_media_types(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    content = spec["paths"]["/v1/diagnose"]["post"]["responses"]["200"]["content"]
    assert {"application/json", "text/markdown", "application/sarif+json"} <= set(content)
