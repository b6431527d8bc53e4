"""The API proper: ``/v1/diagnose`` and ``/v1/explain``, and the open ``/healthz`` and ``/metrics``.

Handlers hold no diagnosis logic: a diagnosis is the runner's (the same ``diagnose()`` as
the CLI, so the body is the CLI's ``--format json`` report), an explanation is
:func:`sherlock.explain_report.explanation` (the CLI's ``explain --format json``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response

from sherlock.engine.scrub import unknown_error_message
from sherlock.explain import recognise
from sherlock.explain_report import explanation
from sherlock.providers.registry import error_spec, known_error_ids
from sherlock.secrets import Secret
from sherlock.server.errors import ApiError
from sherlock.server.media import alternative_media, negotiate, rendered
from sherlock.server.metrics import CONTENT_TYPE_LATEST, Metrics
from sherlock.server.readiness import Readiness, Ready, not_ready
from sherlock.server.schemas import (
    DiagnoseBody,
    DiagnosisReport,
    ErrorResponse,
    ExplainBody,
    Explanation,
    Health,
)
from sherlock.server.scopes import ScopedRunners

#: An error id (``twilio-20003``) rather than error text.
_ERROR_ID = re.compile(r"[a-z][a-z0-9]*-\d+")

_NOT_RECOGNISED = (
    "not recognised: no Twilio error code Sherlock knows (such as 20003) and no HTTP 401 "
    "from a Twilio API request in the text"
)


@dataclass
class ApiContext:
    scopes: ScopedRunners
    metrics: Metrics
    version: str


def error_id(error: str) -> str:
    """The error id a request names, directly or by the text of the error."""
    stripped = error.strip()
    if _ERROR_ID.fullmatch(stripped):
        return stripped
    found = recognise(error)
    if found is None:
        raise ApiError(422, "not_recognised", _NOT_RECOGNISED)
    return found.entry_id


def _pasted_token(text: str | None) -> Secret | None:
    """The access token in a request's ``token`` (the first JWT in it, as ``--token-file``)."""
    if text is None or not text.strip():
        return None
    from sherlock.providers.twilio.tokens.decode import find_token

    return find_token(text) or Secret(text.strip())


def api_router(
    ctx: ApiContext, responses: dict[int | str, Any], dependencies: Sequence[Any]
) -> APIRouter:
    router = APIRouter(responses=responses, dependencies=dependencies)

    @router.post(
        "/v1/diagnose",
        response_model=DiagnosisReport,
        tags=["diagnosis"],
        summary="Diagnose the served deployment (the report of `sherlock diagnose --format json`)",
        responses=alternative_media(),
    )
    async def diagnose(body: DiagnoseBody, request: Request) -> dict[str, Any] | Response:
        answer = negotiate(request.headers.get("accept"))  # a 406 before any work
        wanted = error_id(body.error)
        if error_spec(wanted) is None:  # quoted back only when it is a plain id, never a token
            raise ApiError(400, "invalid_input", unknown_error_message(wanted, known_error_ids()))
        runner = await ctx.scopes.runner_for(body.scope)
        result = await runner.diagnose(
            environment=body.environment,
            error=wanted,
            offline=body.offline,
            token=_pasted_token(body.token),
        )
        ctx.metrics.diagnosed(result, "api")
        if answer.name != "json":
            return rendered(answer, result, runner.root, body.environment)
        return result.to_dict()

    @router.post(
        "/v1/explain",
        response_model=Explanation,
        tags=["diagnosis"],
        summary="Recognise an error in text and return its knowledge-base entry",
    )
    async def explain(body: ExplainBody) -> dict[str, Any]:
        if not body.text.strip():
            raise ApiError(422, "invalid_request", "the text is empty; nothing to explain")
        found = recognise(body.text)
        if found is None:
            raise ApiError(422, "not_recognised", _NOT_RECOGNISED)
        return explanation(found)

    return router


def ops_router(ctx: ApiContext, readiness: Readiness) -> APIRouter:
    """Probes and metrics: open, cheap, never reaching Twilio (HEAD too, for probes that use it)."""
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", response_model=Health, summary="Liveness: the process answers")
    async def healthz() -> Health:
        return Health(status="ok", version=ctx.version)

    @router.head("/healthz", include_in_schema=False)
    async def healthz_head() -> Response:
        return Response(status_code=200)

    @router.get(
        "/readyz",
        response_model=Ready,
        summary="Readiness: the tree, the config and (if configured) Slack are ready",
        responses={503: {"model": ErrorResponse, "description": "Not ready, with the reasons"}},
    )
    async def readyz(request: Request) -> Any:
        problems = readiness.problems()
        return (
            not_ready(request, problems) if problems else Ready(status="ready", version=ctx.version)
        )

    @router.head("/readyz", include_in_schema=False)
    async def readyz_head(request: Request) -> Response:
        problems = readiness.problems()
        return Response(status_code=503 if problems else 200)

    @router.get(
        "/metrics",
        summary="Prometheus metrics",
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
    )
    async def metrics() -> Response:
        return Response(ctx.metrics.render(), media_type=CONTENT_TYPE_LATEST)

    return router
