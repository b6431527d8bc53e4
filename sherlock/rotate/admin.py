"""Twilio's Auth Token rotation calls: create or delete the secondary token, promote it.

``POST|DELETE https://accounts.twilio.com/v1/AuthTokens/Secondary`` and ``POST
/v1/AuthTokens/Promote``, authenticated with the account's SID and a token Twilio accepts
(the primary when the rotation still knows it). With a loopback ``base_url`` (the
emulator) requests go there and carry ``accounts.twilio.com`` in ``Host``, exactly as the
verifier does for ``api.twilio.com``; every URL passes the same destination guard, so a
token never leaves for anything but HTTPS on twilio.com or that emulator.

The one value Twilio returns (the new secondary token) goes straight into a
:class:`~sherlock.secrets.Secret`. Errors say what happened by status and Twilio error
code only; a network fault is "could not reach Twilio", never a claim about the token.
"""

from __future__ import annotations

import base64
import json
from types import TracebackType

import httpx

from sherlock.errors import UnsafeDestinationError
from sherlock.providers.twilio.hosts import check_base_url, check_destination
from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret

ACCOUNTS_HOST = "accounts.twilio.com"
SECONDARY = "/v1/AuthTokens/Secondary"
PROMOTE = "/v1/AuthTokens/Promote"


def _auth(sid: str, token: Secret) -> str:
    raw = f"{sid}:{token.reveal()}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _code(response: httpx.Response) -> str:
    """``HTTP 401 (Twilio 20003)``: status and Twilio code, never the body's text."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    code = body.get("code") if isinstance(body, dict) else None
    suffix = f" (Twilio {code})" if isinstance(code, int) else ""
    return f"HTTP {response.status_code}{suffix}"


class TwilioAdmin:
    """The three rotation calls for one account; use as an async context manager."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if base_url is not None:
            check_base_url(base_url)
        self._base_url = base_url.rstrip("/") if base_url else None
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            transport=transport,
            trust_env=False,
            follow_redirects=False,
        )

    async def __aenter__(self) -> TwilioAdmin:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def _send(self, method: str, path: str, sid: str, token: Secret) -> httpx.Response:
        url = f"{self._base_url}{path}" if self._base_url else f"https://{ACCOUNTS_HOST}{path}"
        try:
            check_destination(url, base_url=self._base_url)
        except UnsafeDestinationError as exc:
            raise RotationError(f"not sent: {exc}") from None
        headers = {"Authorization": _auth(sid, token), "Accept": "application/json"}
        if self._base_url:
            headers["Host"] = ACCOUNTS_HOST
        try:
            return await self._client.request(method, url, headers=headers)
        except httpx.HTTPError as exc:
            raise RotationError(
                f"could not reach Twilio for {method} {path} ({type(exc).__name__}); "
                "nothing is known to have changed"
            ) from None

    async def create_secondary(self, sid: str, token: Secret) -> Secret:
        """A new secondary token (any earlier secondary is replaced by Twilio)."""
        response = await self._send("POST", SECONDARY, sid, token)
        value = self._field(response, "secondary_auth_token", "create the secondary token")
        return Secret(value)

    async def delete_secondary(self, sid: str, token: Secret) -> None:
        response = await self._send("DELETE", SECONDARY, sid, token)
        if response.status_code not in (204, 404):
            raise RotationError(f"Twilio refused to delete the secondary token: {_code(response)}")

    async def promote(self, sid: str, token: Secret) -> Secret:
        """Make the secondary primary; the old primary stops working at once."""
        response = await self._send("POST", PROMOTE, sid, token)
        return Secret(self._field(response, "auth_token", "promote the secondary token"))

    @staticmethod
    def _field(response: httpx.Response, name: str, action: str) -> str:
        if response.status_code not in (200, 201):
            raise RotationError(f"Twilio refused to {action}: {_code(response)}")
        try:
            value = json.loads(response.content).get(name)
        except (ValueError, AttributeError):
            value = None
        if not isinstance(value, str) or not value:
            raise RotationError(f"Twilio's answer to {action} held no token; nothing was written")
        return value
