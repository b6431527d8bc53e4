"""One HTTP exchange for the verifier, with every failure turned into plain words.

Each exchange runs under one deadline, the ``--timeout``: connecting, the proxy's
tunnel, the headers and the whole body. httpx's own timeouts apply per read, so a server
that drips a byte a second would otherwise hold a request for as long as it likes.
Bodies are read up to :data:`MAX_BODY` bytes; Twilio's answers here are a few kilobytes.

httpx exceptions carry URLs and sometimes request details in their text; none of that is
kept. A failure names what went wrong and where: the URL contacted (SIDs masked) and the
proxy it went through ("could not connect to https://api.twilio.com/... via proxy
http://127.0.0.1:3128"), flagged retryable when another attempt could change the answer.

:class:`ProxyRouter` sends each request direct or through the egress proxy's CONNECT
tunnel, as :class:`~sherlock.providers.twilio.hosts.ProxyPlan` decides, over two
connection pools that live as long as the verifier.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from dataclasses import dataclass

import httpx

from sherlock.providers.twilio.client_judge import Answer, clean_request_id, read_body
from sherlock.providers.twilio.hosts import ProxyPlan

#: Bytes of an answer read at most; a larger one is not a Twilio answer to these calls.
MAX_BODY = 1 << 20
_PROXY_STATUS = re.compile(r"\s*(\d{3})\b")


@dataclass(frozen=True)
class Call:
    """A request ready to go. ``host`` is the real Twilio host, also sent as ``Host``;
    ``shown_url`` is ``url`` with SIDs masked and ``proxy`` the proxy it goes through."""

    url: str
    host: str
    headers: dict[str, str]
    shown_url: str = ""
    proxy: str = ""

    @property
    def where(self) -> str:
        return self.shown_url + (f" via proxy {self.proxy}" if self.proxy else "")


@dataclass(frozen=True)
class Failure:
    """No usable HTTP answer; ``reason`` is safe to show."""

    reason: str
    retryable: bool = True
    url: str = ""
    proxy: str = ""


def _parse_retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _proxy_refusal(exc: httpx.ProxyError, call: Call) -> Failure:
    """The proxy answered the CONNECT with an error status (its text is not kept)."""
    match = _PROXY_STATUS.match(str(exc))
    status = int(match.group(1)) if match else None
    if status == 407:
        text = f"proxy {call.proxy} requires authentication (HTTP 407) for {call.shown_url}"
        return Failure(text, False, call.shown_url, call.proxy)
    answered = f" (HTTP {status})" if status else ""
    text = f"proxy {call.proxy} refused the tunnel{answered} to {call.shown_url}"
    return Failure(text, True, call.shown_url, call.proxy)


def _describe(exc: httpx.HTTPError, call: Call, timeout: float) -> Failure:
    """Plain words for an httpx error; the exception's own text is never used."""
    if isinstance(exc, httpx.ProxyError):
        return _proxy_refusal(exc, call)
    where, retry = call.where, True
    if isinstance(exc, httpx.TimeoutException):
        text = f"timed out after {timeout:g} s waiting for {where}"
    elif isinstance(exc, httpx.ConnectError):
        text = f"could not connect to {where}"
    elif isinstance(exc, httpx.RemoteProtocolError):
        text = f"the connection to {where} closed before a complete HTTP response"
    elif isinstance(exc, httpx.NetworkError):
        text = f"connection reset talking to {where}"
    elif isinstance(exc, httpx.TransportError):
        text = f"network error talking to {where} ({type(exc).__name__})"
    else:
        text, retry = f"HTTP client error talking to {where} ({type(exc).__name__})", False
    return Failure(text, retry, call.shown_url, call.proxy)


async def _read_capped(response: httpx.Response) -> bytes | None:
    """The body, or None once it passes :data:`MAX_BODY` (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _fetch(client: httpx.AsyncClient, call: Call) -> Answer | Failure:
    async with client.stream("GET", call.url, headers=call.headers) as response:
        content = await _read_capped(response)
        if content is None:
            text = f"the answer from {call.where} was larger than {MAX_BODY >> 20} MiB"
            return Failure(text, False, call.shown_url, call.proxy)
        return Answer(
            status=response.status_code,
            body=read_body(content),
            request_id=clean_request_id(response.headers.get("Twilio-Request-Id")),
            retry_after=_parse_retry_after(response.headers.get("Retry-After")),
            url=call.shown_url,
            proxy=call.proxy,
        )


async def send(client: httpx.AsyncClient, call: Call, timeout: float) -> Answer | Failure:
    """Send one GET and read the whole answer, all within ``timeout`` seconds."""
    try:
        async with asyncio.timeout(timeout):
            return await _fetch(client, call)
    except TimeoutError:
        text = f"timed out after {timeout:g} s waiting for {call.where}"
        return Failure(text, True, call.shown_url, call.proxy)
    except httpx.HTTPError as exc:
        return _describe(exc, call, timeout)


def retryable(result: Answer | Failure) -> bool:
    """429, 5xx and network trouble may pass; a 401 (or any other answer) will not."""
    if isinstance(result, Failure):
        return result.retryable
    return result.status == 429 or result.status >= 500


class ProxyRouter(httpx.AsyncBaseTransport):
    """Direct, or through the proxy's CONNECT tunnel, per request as ``plan`` says."""

    def __init__(
        self, plan: ProxyPlan, direct: httpx.AsyncBaseTransport, tunnel: httpx.AsyncBaseTransport
    ) -> None:
        self._plan = plan
        self._direct = direct
        self._tunnel = tunnel

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # ProxyPlan.for_url refuses plain HTTP through a proxy: only tunnels carry credentials.
        if self._plan.for_url(str(request.url)) is None:
            return await self._direct.handle_async_request(request)
        return await self._tunnel.handle_async_request(request)

    async def aclose(self) -> None:
        await self._direct.aclose()
        await self._tunnel.aclose()


def build_transport(
    plan: ProxyPlan,
    limits: httpx.Limits,
    direct: httpx.AsyncBaseTransport | None = None,
    verify: ssl.SSLContext | bool = True,
) -> httpx.AsyncBaseTransport:
    """The verifier's transport: ``direct`` (a pooled HTTP transport by default), routed
    through a tunnel to the plan's proxy when there is one. ``verify`` is the TLS trust
    (the default CA bundle; tests pass a context trusting their own CA)."""
    direct = direct or httpx.AsyncHTTPTransport(limits=limits, trust_env=False, verify=verify)
    if plan.url is None:
        return direct
    tunnel = httpx.AsyncHTTPTransport(limits=limits, trust_env=False, verify=verify, proxy=plan.url)
    return ProxyRouter(plan, direct, tunnel)
