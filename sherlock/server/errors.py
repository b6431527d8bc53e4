"""One JSON shape for every failure: ``{"error": {"code", "message", "request_id", "details"}}``.

Clients (and the people reading their logs) should never have to guess which of
FastAPI's, Starlette's or Sherlock's formats an error came in, so every path ends here:
routing misses, bad bodies, oversized bodies, refused tokens, ``SherlockError`` and
unexpected exceptions. Messages are written by Sherlock, never copied from the request:
a validation error says which field is wrong and why, without echoing what was sent,
because request bodies carry pasted error texts that may hold credentials.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sherlock.errors import SherlockError
from sherlock.redact import redact_secrets
from sherlock.server.echo import echoable

log = logging.getLogger("sherlock.server")

#: A field name that may be repeated in an error.
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")

#: Error codes by HTTP status, for failures raised by the framework rather than by Sherlock.
_CODES: dict[int, tuple[str, str]] = {
    400: ("invalid_request", "the request could not be read"),
    401: ("unauthorized", "a valid bearer token is required"),
    403: ("forbidden", "not allowed"),
    404: ("not_found", "no such endpoint; the API is described at /openapi.json"),
    405: ("method_not_allowed", "this endpoint does not accept that method"),
    413: ("payload_too_large", "the request body is too large"),
    415: ("unsupported_media_type", "send the body as application/json"),
    422: ("invalid_request", "the request body is not valid"),
}

#: Validation problems in Sherlock's words, by pydantic error type.
_PROBLEMS: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be an integer",
    "int_parsing": "must be an integer",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "does not have the expected form",
    "json_invalid": "is not valid JSON",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "list_type": "must be a JSON array",
}


class ApiError(Exception):
    """A failure Sherlock reports on purpose, already in API terms."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def request_id(request: Request) -> str:
    """The id the request-context middleware gave this request ("-" outside of it)."""
    return str(getattr(request.state, "request_id", "-"))


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    details: Sequence[Mapping[str, str]] = (),
) -> JSONResponse:
    body: dict[str, Any] = {
        "error": {
            "code": code,
            "message": message,
            "request_id": request_id(request),
            "details": [dict(d) for d in details],
        }
    }
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _location(loc: Iterable[Any]) -> str:
    """``("body", "environment")`` → ``body.environment``; list indexes as ``[0]``.

    Keys come from the client (an unknown field's name), so one that is not a plain short
    name, or looks like a credential, is shown as ``<field>``.
    """
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        name = str(part) if echoable(str(part), _FIELD_NAME) else "<field>"
        text += f".{name}" if text else name
    return text or "body"


def _problem(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        return f"is longer than {limit} characters" if limit else "is too long"
    return _PROBLEMS.get(kind, f"is not valid ({kind or 'unknown problem'})")


def validation_details(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each validation problem as location + Sherlock's message; the input is never quoted."""
    details = []
    for error in errors:
        loc = error.get("loc", ())
        if error.get("type") == "json_invalid":
            loc = ("body",)  # FastAPI puts the character offset in the location
        details.append({"location": _location(loc), "message": _problem(error)})
    return details


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status, exc.code, exc.message, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _CODES.get(exc.status_code, ("http_error", "the request failed"))
    return error_response(request, exc.status_code, code, message, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = validation_details(exc.errors())
    summary = "; ".join(f"{d['location']} {d['message']}" for d in details)
    message = f"the request is not valid: {summary}" if summary else _CODES[422][1]
    return error_response(request, 422, "invalid_request", message, details=details)


async def _sherlock_error(request: Request, exc: Exception) -> JSONResponse:
    # SherlockError messages are built from fingerprints and masks, never raw values.
    return error_response(request, 400, "invalid_input", str(exc))


def internal_error(
    request: Request, exc: BaseException, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The 500 answer for an unexpected exception, logged once with its request id.

    The log has the exception's type, its message with anything secret-looking masked (a
    library's message may quote what it was sent) and the traceback's frames, never the
    frames' values.
    """
    rid = request_id(request)
    frames = "".join(traceback.format_tb(exc.__traceback__))
    detail = f"{type(exc).__name__}: {redact_secrets(str(exc))}\n{frames}".rstrip()
    log.error("request %s failed: %s", rid, detail)
    message = f"internal error; the server log has details (request {rid})"
    return error_response(request, 500, "internal", message, headers=headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Sent by Starlette's outermost middleware, past the one that adds X-Request-Id.
    return internal_error(request, exc, headers={"X-Request-Id": request_id(request)})


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure to the one shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(SherlockError, _sherlock_error)
    app.add_exception_handler(Exception, _unexpected)
