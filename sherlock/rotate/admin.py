"""Twilio's rotation calls: the secondary Auth Token, its promotion, API key create/delete.

``POST|DELETE https://accounts.twilio.com/v1/AuthTokens/Secondary`` and ``POST
/v1/AuthTokens/Promote``, authenticated with the account's SID and a token Twilio accepts
(the primary when the rotation still knows it); ``POST /2010-04-01/Accounts/{Sid}/Keys.json``
and ``DELETE .../Keys/{KeySid}.json`` on the account's API host, with its Auth Token. Only
values shaped like SIDs ever go into a path. With a loopback ``base_url`` (the
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
import re

import httpx

from sherlock.aclosing import AsyncClosing
from sherlock.errors import UnsafeDestinationError
from sherlock.providers.twilio.hosts import check_base_url, check_destination
from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret

ACCOUNTS_HOST = "accounts.twilio.com"
SECONDARY = "/v1/AuthTokens/Secondary"
PROMOTE = "/v1/AuthTokens/Promote"
_ACCOUNT = re.compile(r"AC[0-9a-f]{32}")
_KEY = re.compile(r"SK[0-9a-f]{32}")


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


class TwilioAdmin(AsyncClosing):
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

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _send(
        self,
        method: str,
        path: str,
        user: str,
        password: Secret,
        *,
        host: str = ACCOUNTS_HOST,
        form: dict[str, str] | None = None,
    ) -> httpx.Response:
        url = f"{self._base_url}{path}" if self._base_url else f"https://{host}{path}"
        try:
            check_destination(url, base_url=self._base_url)
        except UnsafeDestinationError as exc:
            raise RotationError(f"not sent: {exc}") from None
        headers = {"Authorization": _auth(user, password), "Accept": "application/json"}
        if self._base_url:
            headers["Host"] = host
        try:
            return await self._client.request(method, url, headers=headers, data=form)
        except httpx.HTTPError as exc:
            what = path.rsplit("/", 1)[-1].split(".")[0]  # Secondary, Promote, Keys: no SIDs
            raise RotationError(
                f"could not reach Twilio for {method} {what} ({type(exc).__name__}); "
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

    async def create_key(
        self, account: str, user: str, password: Secret, *, host: str, friendly_name: str
    ) -> tuple[str, Secret]:
        """A new Standard API key: its SID and its secret (which Twilio shows only once)."""
        _check_sid(account, _ACCOUNT)
        path = f"/2010-04-01/Accounts/{account}/Keys.json"
        form = {"FriendlyName": friendly_name}
        response = await self._send("POST", path, user, password, host=host, form=form)
        secret = self._field(response, "secret", "create an API key")
        key_sid = json.loads(response.content).get("sid")
        if not isinstance(key_sid, str) or not _KEY.fullmatch(key_sid):
            raise RotationError("Twilio's answer to create an API key held no key SID")
        return key_sid, Secret(secret)

    async def delete_key(
        self, account: str, key_sid: str, user: str, password: Secret, *, host: str
    ) -> None:
        """Delete a key; one already gone (404) counts as deleted."""
        _check_sid(account, _ACCOUNT)
        _check_sid(key_sid, _KEY)
        path = f"/2010-04-01/Accounts/{account}/Keys/{key_sid}.json"
        response = await self._send("DELETE", path, user, password, host=host)
        if response.status_code not in (204, 404):
            raise RotationError(f"Twilio refused to delete the old API key: {_code(response)}")


def _check_sid(value: str, shape: re.Pattern[str]) -> None:
    """Only a real SID goes into a URL path (a secret pasted there must never be sent)."""
    if not shape.fullmatch(value):
        raise RotationError("refusing to put a value that is not a SID into a URL")
