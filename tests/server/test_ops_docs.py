"""/docs works on an air-gapped network: Swagger UI and its assets come from the package,
never from a CDN (the suite blocks every non-loopback connection), and /metrics labels the
documentation routes by their templates."""

from __future__ import annotations

import re
from importlib.metadata import version

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import AppFactory, live_server
from tests.server.test_metrics import samples

_URL = re.compile(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""")

EXPECTED_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def _referenced(client: TestClient) -> list[str]:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    return _URL.findall(page.text)


def test_docs_page_references_only_urls_of_this_server(client: TestClient) -> None:
    urls = _referenced(client)
    assert urls, "the page should load Swagger UI from somewhere"
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert "http://" not in client.get("/docs").text.replace("http://testserver", "")
    assert "https://" not in client.get("/docs").text


def test_every_asset_the_docs_page_loads_answers_with_its_content_type(
    client: TestClient,
) -> None:
    assets = [u for u in _referenced(client) if u.endswith(tuple(EXPECTED_TYPES))]
    assert {u.rsplit(".", 1)[1] for u in assets} >= {"js", "css"}
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        expected = EXPECTED_TYPES["." + url.rsplit(".", 1)[1]]
        assert response.headers["content-type"].startswith(expected), url
        assert len(response.content) > 100, url


def test_docs_loads_the_openapi_spec_of_this_server(client: TestClient) -> None:
    assert "/openapi.json" in _referenced(client)
    assert client.get("/openapi.json").status_code == 200


def test_oauth2_redirect_page_is_served_locally(client: TestClient) -> None:
    response = client.get("/docs/oauth2-redirect")
    assert response.status_code == 200
    assert "https://" not in response.text


@pytest.mark.parametrize("path", ["/docs/assets/index.html", "/docs/assets/../../etc/passwd"])
def test_only_the_swagger_ui_files_are_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_redoc_page_from_a_cdn_is_not_served(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404


def test_metrics_label_documentation_routes_by_their_templates(client: TestClient) -> None:
    client.get("/docs")
    client.get("/openapi.json")
    client.get("/docs/oauth2-redirect")
    client.get("/docs/assets/swagger-ui.css")
    client.get("/docs/assets/swagger-ui-bundle.js")
    found = samples(client)
    routes = {
        dict(labels)["route"]
        for (name, labels) in found
        if name == "sherlock_http_requests_total" and dict(labels)["status"] == "200"
    }
    assert routes >= {"/docs", "/openapi.json", "/docs/oauth2-redirect", "/docs/assets/{name}"}
    assert "unmatched" not in routes
    assert not any(route.endswith((".css", ".js")) for route in routes)


def test_docs_and_its_assets_load_over_real_http_with_no_way_out(make_app: AppFactory) -> None:
    # The suite refuses every connection off the machine, so this is an air-gapped network.
    with live_server(make_app()) as base_url:
        page = httpx.get(f"{base_url}/docs", timeout=10)
        urls = _URL.findall(page.text)
        answers = [httpx.get(f"{base_url}{url}", timeout=10) for url in urls]
    assert page.status_code == 200
    assert urls and all(a.status_code == 200 for a in answers), urls


def test_the_bundled_swagger_ui_can_render_the_openapi_version_served(client: TestClient) -> None:
    # Swagger UI 4 shows "Unable to render this definition" for OpenAPI 3.1; 5 renders it.
    served = client.get("/openapi.json").json()["openapi"]
    bundled = int(version("swagger-ui-bundle-v2").split(".")[0])
    assert served.startswith("3.1") and bundled >= 5
