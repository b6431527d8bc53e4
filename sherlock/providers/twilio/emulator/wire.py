"""Request and reply shapes of the Twilio emulator, and how replies become bytes.

Kept apart from the HTTP server so the routing and auth logic can be read (and tested)
as plain functions from an :class:`Incoming` request to a :class:`Reply`. Error bodies
copy Twilio's exactly, in JSON for ``.json`` URLs and in Twilio's ``<TwilioResponse>``
XML otherwise, because clients (and Sherlock) parse them.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from sherlock.providers.twilio.emulator.state import Account, ApiKey

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"
XML_HEAD = "<?xml version='1.0' encoding='UTF-8'?>"


@dataclass(frozen=True)
class Incoming:
    """An HTTP request reduced to what the emulator decides on."""

    method: str
    host: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    query_string: str = ""
    form: dict[str, str] = field(default_factory=dict)
    has_auth: bool = False
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class Route:
    """A recognised endpoint: ``kind`` names the handler, ``methods`` what it accepts."""

    kind: str
    methods: tuple[str, ...]
    account_sid: str | None = None
    key_sid: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who authenticated: an account's own token, one of its keys, or its test credentials."""

    account: Account
    key: ApiKey | None = None
    test: bool = False

    @property
    def region(self) -> str:
        """Credentials only work in the region where they were created."""
        return self.key.region if self.key else self.account.region


@dataclass(frozen=True)
class Reply:
    """What to answer. ``body`` None means no body (204); ``xml_root`` wraps a success
    body in that element when XML is asked for; ``raw`` replaces the body verbatim.

    Two faults damage the delivery rather than the content: ``drip`` sends the whole
    response one byte every that many seconds, ``cut_off`` sends the headers and half the
    body, then closes the connection."""

    status: int
    body: dict[str, Any] | None = None
    xml_root: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    raw: bytes | None = None
    content_type: str = "application/json; charset=utf-8"
    drip: float = 0.0
    cut_off: bool = False

    @property
    def code(self) -> int | None:
        """The Twilio error code, for the request log."""
        value = (self.body or {}).get("code")
        return value if isinstance(value, int) and self.status >= 400 else None


def error(status: int, code: int, message: str) -> Reply:
    """A Twilio error reply, the same four fields Twilio sends."""
    body = {"code": code, "message": message, "more_info": MORE_INFO.format(code=code)}
    body["status"] = status
    headers: tuple[tuple[str, str], ...] = ()
    if status == 401:
        headers = (("WWW-Authenticate", 'Basic realm="Twilio API"'),)
    return Reply(status, body, headers=headers)


def authenticate_error(message: str = "Authenticate") -> Reply:
    """The 20003 reply this whole project is about."""
    return error(401, 20003, message)


def not_found(path: str) -> Reply:
    return error(404, 20404, f"The requested resource {path} was not found")


def wants_xml(path: str) -> bool:
    """The 2010 API answers XML unless the URL ends in ``.json``."""
    return path.startswith("/2010-04-01") and not path.endswith(".json")


def request_id() -> str:
    """A fresh ``Twilio-Request-Id`` value: RQ + 32 hex."""
    return "RQ" + secrets.token_hex(16)


def parse_basic_auth(header: str | None) -> tuple[bool, str | None, str | None]:
    """(header present, username, password); user/password are None when malformed."""
    if header is None:
        return False, None, None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return True, None, None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return True, None, None
    user, sep, password = decoded.partition(":")
    return (True, user, password) if sep else (True, None, None)


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _xml_value(name: str, value: Any) -> str:
    """One element; lists hold singular children (Accounts → Account)."""
    if isinstance(value, dict):
        inner = "".join(_xml_value(_camel(k), v) for k, v in value.items())
    elif isinstance(value, list):
        child = name[:-1] if name.endswith("s") else name
        inner = "".join(_xml_value(child, item) for item in value)
    elif value is None:
        return f"<{name}/>"
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = escape(str(value))
    return f"<{name}>{inner}</{name}>"


def to_xml(reply: Reply) -> bytes:
    """Twilio's XML form of a reply (``<RestException>`` for errors)."""
    body = reply.body or {}
    if reply.status >= 400 and "code" in body:
        inner = _xml_value(
            "RestException",
            {
                "code": body["code"],
                "message": body["message"],
                "more_info": body["more_info"],
                "status": body["status"],
            },
        )
    elif reply.xml_root:
        inner = _xml_value(reply.xml_root, body)
    else:
        inner = "".join(_xml_value(_camel(k), v) for k, v in body.items())
    return f"{XML_HEAD}<TwilioResponse>{inner}</TwilioResponse>".encode()


def encode(reply: Reply, *, as_xml: bool) -> tuple[bytes, str]:
    """The body bytes and Content-Type for a reply."""
    if reply.raw is not None:
        return reply.raw, reply.content_type
    if reply.body is None:
        return b"", reply.content_type
    if as_xml:
        return to_xml(reply), "application/xml"
    return json.dumps(reply.body).encode(), reply.content_type
