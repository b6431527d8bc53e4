"""``/docs``: Swagger UI served from the Python package, so it works on an air-gapped network.

FastAPI's own ``/docs`` and ``/redoc`` pages load their JavaScript and CSS from a CDN, and
are blank where the server cannot reach the internet, which is where an on-call tool often
runs. The Swagger UI files come from the ``swagger-ui-bundle-v2`` wheel instead, through one
route that serves an allow-list of names (not the bundle's whole folder, whose sample
``index.html`` points at a public demo API). Swagger UI's online spec validator is switched
off too, so the page asks nothing of any host but this one.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from swagger_ui_bundle import swagger_ui_path

from sherlock.server.errors import ApiError

DOCS = "/docs"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
ASSETS = "/docs/assets"

#: The files the page loads, with their media types; anything else under ASSETS is a 404.
_ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
_ASSET_DIR = Path(str(swagger_ui_path))
_CACHE = "public, max-age=86400"


def _prefix(request: Request) -> str:
    """The path the server is mounted under (``--root-path`` behind a proxy), or ''."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def install_docs(app: FastAPI) -> None:
    """Add /docs, its OAuth2 redirect page and its assets; call with ``docs_url=None``."""

    @app.get(DOCS, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = _prefix(request)
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} API",
            swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS}/favicon-32x32.png",
            oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT}",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(OAUTH2_REDIRECT, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(ASSETS + "/{name}", include_in_schema=False)
    async def swagger_ui_asset(name: str) -> FileResponse:
        media_type = _ASSET_TYPES.get(name)
        if media_type is None:
            raise ApiError(404, "not_found", "no such documentation asset")
        return FileResponse(
            _ASSET_DIR / name, media_type=media_type, headers={"Cache-Control": _CACHE}
        )
