"""Media types in and out: JSON bodies only (a 415 otherwise), reports in any registered format.

Without this a form post or ``text/plain`` body reached FastAPI's validation and came back
as a 422 about the body's fields, which sends the caller looking at the wrong thing. A
request without a ``Content-Type`` is still read as JSON (FastAPI's rule), so ``curl
--data-binary`` scripts keep working; ``application/json`` and any ``+json`` type pass.

A diagnosis answers in the format the ``Accept`` header prefers among the registered ones
(:mod:`sherlock.render.registry`): JSON by default, Markdown for a ticket, SARIF for a code
scanning upload. A client that accepts none of them gets a 406 listing what is on offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import Request, Response

from sherlock.models import Diagnosis
from sherlock.render.options import RenderOptions
from sherlock.render.registry import FORMATS, OutputFormat
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


# --- what the client accepts back ------------------------------------------------------

#: The report formats ``/v1/diagnose`` answers in, JSON (the default) first.
DIAGNOSIS_FORMATS = ("json", "markdown", "sarif", "terminal", "github", "slack")


def _ranges(accept: str) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; a malformed q counts as 0 (not acceptable)."""
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q the most specific matching range gives ``media`` (RFC 9110, 12.5.1)."""
    kind = media.split("/", 1)[0] + "/*"
    for candidate in (media, kind, "*/*"):
        found = [quality for name, quality in ranges if name == candidate]
        if found:
            return max(found)
    return 0.0


def negotiate(accept: str | None, among: Sequence[str] = DIAGNOSIS_FORMATS) -> OutputFormat:
    """The registered format a client's ``Accept`` prefers, the first of ``among`` when it
    has no preference; a 406 naming the media types on offer when it accepts none."""
    offered = [FORMATS[name] for name in among]
    if not accept or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    scored = [(_quality(fmt.media_type.split(";")[0].lower(), ranges), fmt) for fmt in offered]
    best = max(quality for quality, _ in scored)
    if best <= 0:
        types = ", ".join(fmt.media_type.split(";")[0] for fmt in offered)
        raise ApiError(406, "not_acceptable", f"the report is available as: {types}")
    return next(fmt for quality, fmt in scored if quality == best)


def alternative_media() -> dict[int | str, dict[str, Any]]:
    """The non-JSON answers of ``/v1/diagnose``, for the OpenAPI description."""
    content: dict[str, Any] = {
        FORMATS[name].media_type.split(";")[0]: {"schema": {"type": "string"}}
        for name in DIAGNOSIS_FORMATS[1:]
    }
    return {200: {"content": content}}


def rendered(
    answer: OutputFormat, diagnosis: Diagnosis, root: Path, environment: str | None
) -> Response:
    """The diagnosis in a negotiated non-JSON format (JSON goes through the response model)."""
    options = RenderOptions(root=root, environment=environment)
    return Response(answer.render(diagnosis, options), media_type=answer.media_type)
