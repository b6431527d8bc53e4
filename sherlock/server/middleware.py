"""Per-request plumbing: a request id, a body-size limit, metrics and one access-log line.

Written as plain ASGI so it sees every request, including the ones that never reach a
route (404, 405, 413) and the ones that end in an exception. The access log names the
route template, never the raw path or query, and never a header or body, so nothing a
client sent can end up in the log verbatim.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sherlock.server.echo import echoable
from sherlock.server.errors import error_response, internal_error
from sherlock.server.metrics import Metrics

access_log = logging.getLogger("sherlock.server.access")

_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body without Content-Length grows past the limit."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


def _request_id(headers: Headers) -> str:
    """The caller's X-Request-Id if it is a plain token (for tracing), else a fresh one."""
    given = headers.get("x-request-id", "")
    return given if echoable(given, _CLIENT_ID) else uuid.uuid4().hex


def _declared_length(headers: Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


def _template(route: Any) -> str | None:
    """A route's path template; a mount's is its prefix plus ``/{path}``."""
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return None
    return f"{path.rstrip('/')}/{{path}}" if isinstance(route, Mount) else path


def _route_label(scope: Scope) -> str:
    """The template of the route that answered, else ``unmatched``.

    FastAPI records the route in the scope only for its own API routes; plain Starlette
    routes (``/openapi.json``, the Slack events route) leave nothing there, so those are
    matched again here against the app's routes, by template and never by raw path.
    """
    found = _template(scope.get("route"))
    if found is not None:
        return found
    routes: Any = getattr(scope.get("app"), "routes", ())
    for route in routes:
        match, _ = route.matches(dict(scope))
        if match is Match.FULL:
            return _template(route) or "unmatched"
    return "unmatched"


class RequestContext:
    """Outermost middleware of the app (inside Starlette's own error middleware)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        rid = _request_id(headers)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500
        responded = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            declared = _declared_length(headers)
            if declared is not None and declared > self.max_body_bytes:
                await self._too_large(scope, receive, send_with_id)
            else:
                await self.app(scope, self._limited(receive), send_with_id)
        except Exception as exc:
            if responded:
                raise
            # Answered and logged (masked) here: an exception that left the app would be
            # logged again by the ASGI server, raw message and all.
            await internal_error(Request(scope), exc)(scope, receive, send_with_id)
        finally:
            self._record(scope, status, time.perf_counter() - started, rid)

    def _limited(self, receive: Receive) -> Receive:
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge()
            return message

        return limited

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than {self.max_body_bytes} bytes"
        response = error_response(Request(scope), 413, "payload_too_large", message)
        await response(scope, receive, send)

    def _record(self, scope: Scope, status: int, seconds: float, rid: str) -> None:
        method = scope.get("method", "")
        method = method if method in _METHODS else "OTHER"
        route = _route_label(scope)
        self.metrics.observe_request(method, route, status, seconds)
        access_log.info("%s %s %s %d %.1fms", rid, method, route, status, seconds * 1000)
