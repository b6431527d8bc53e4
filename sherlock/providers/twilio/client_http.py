"""One HTTP exchange for the verifier, with every failure turned into plain words.

httpx exceptions carry URLs and sometimes request details in their text; none of that is
kept. A failure is described by the host and what went wrong ("connection reset by
api.twilio.com"), and flagged retryable when another attempt could change the answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx

from sherlock.providers.twilio.client_judge import Answer, clean_request_id


@dataclass(frozen=True)
class Call:
    """A request ready to go. ``host`` is the real Twilio host, also sent as ``Host``."""

    url: str
    host: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Failure:
    """No usable HTTP answer; ``reason`` is safe to show."""

    reason: str
    retryable: bool = True


def _parse_retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _json_object(response: httpx.Response) -> dict[str, object] | None:
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _describe(exc: httpx.HTTPError, host: str, timeout: float) -> Failure:
    """Plain words for an httpx error; the exception's own text is never used."""
    if isinstance(exc, httpx.TimeoutException):
        return Failure(f"timed out after {timeout:g} s waiting for {host}")
    if isinstance(exc, httpx.ConnectError):
        return Failure(f"could not connect to {host}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return Failure(f"{host} closed the connection without an HTTP response")
    if isinstance(exc, httpx.NetworkError):
        return Failure(f"connection reset by {host}")
    if isinstance(exc, httpx.TransportError):
        return Failure(f"network error talking to {host} ({type(exc).__name__})")
    return Failure(f"HTTP client error talking to {host} ({type(exc).__name__})", False)


async def send(client: httpx.AsyncClient, call: Call, timeout: float) -> Answer | Failure:
    """Send one GET and read the whole answer (bodies are small)."""
    try:
        response = await client.get(call.url, headers=call.headers)
    except httpx.HTTPError as exc:
        return _describe(exc, call.host, timeout)
    return Answer(
        status=response.status_code,
        body=_json_object(response),
        request_id=clean_request_id(response.headers.get("Twilio-Request-Id")),
        retry_after=_parse_retry_after(response.headers.get("Retry-After")),
    )


def retryable(result: Answer | Failure) -> bool:
    """429, 5xx and network trouble may pass; a 401 (or any other answer) will not."""
    if isinstance(result, Failure):
        return result.retryable
    return result.status == 429 or result.status >= 500
