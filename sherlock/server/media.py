"""Only JSON bodies reach the JSON endpoints: anything else is a 415 in the one error shape.

Without this a form post or ``text/plain`` body reached FastAPI's validation and came back
as a 422 about the body's fields, which sends the caller looking at the wrong thing. A
request without a ``Content-Type`` is still read as JSON (FastAPI's rule), so ``curl
--data-binary`` scripts keep working; ``application/json`` and any ``+json`` type pass.
"""

from __future__ import annotations

from fastapi import Request

from sherlock.server.errors import ApiError

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
MESSAGE = "send the body as JSON, with 'Content-Type: application/json'"


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def require_json(request: Request) -> None:
    """A router dependency: refuse a body declared as anything but JSON."""
    if request.method not in _BODY_METHODS:
        return
    content_type = request.headers.get("content-type")
    if content_type is not None and not is_json(content_type):
        raise ApiError(415, "unsupported_media_type", MESSAGE)
