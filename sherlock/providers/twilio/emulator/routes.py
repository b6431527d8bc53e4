"""The emulator's endpoints: from an authenticated request to Twilio's response body.

Served on ``api.*`` hosts (and on the bare loopback address):

* ``GET /2010-04-01/Accounts/{Sid}.json`` and ``GET /2010-04-01/Accounts.json``
* ``GET|POST /2010-04-01/Accounts/{Sid}/Messages.json`` (empty pages; fake created messages)
* ``GET|POST .../Calls.json`` and ``GET|POST .../IncomingPhoneNumbers.json`` (empty pages;
  fake queued calls and bought numbers), the other two resources test credentials may create
* ``GET|POST /2010-04-01/Accounts/{Sid}/Keys.json``, ``GET|DELETE .../Keys/{KeySid}.json``

Served on ``accounts.*`` hosts (and on the loopback address): ``POST|DELETE
/v1/AuthTokens/Secondary`` and ``POST /v1/AuthTokens/Promote``, Twilio's Auth Token
rotation. Anything else is 404/20404 once the caller has authenticated. The 2010 paths
also answer without ``.json`` (XML) or with ``.xml``.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Callable
from typing import Any

from sherlock.providers.twilio.emulator.auth import authenticate, authorize, host_labels
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock.providers.twilio.emulator.wire import (
    Incoming,
    Principal,
    Reply,
    Route,
    error,
    not_found,
)
from sherlock.providers.twilio.hosts import is_twilio_host

#: A fixed timestamp keeps responses deterministic (RFC 2822, as Twilio formats them).
DATE = "Mon, 06 Jan 2025 10:00:00 +0000"
API = "/2010-04-01"
_EXT = r"(?:\.json|\.xml)?"
_PATTERNS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(rf"^{API}/Accounts{_EXT}"), "accounts", ("GET",)),
    (re.compile(rf"^{API}/Accounts/(?P<sid>[^/]+?){_EXT}"), "account", ("GET",)),
    (re.compile(rf"^{API}/Accounts/(?P<sid>[^/]+)/Messages{_EXT}"), "messages", ("GET", "POST")),
    (re.compile(rf"^{API}/Accounts/(?P<sid>[^/]+)/Calls{_EXT}"), "calls", ("GET", "POST")),
    (
        re.compile(rf"^{API}/Accounts/(?P<sid>[^/]+)/IncomingPhoneNumbers{_EXT}"),
        "numbers",
        ("GET", "POST"),
    ),
    (re.compile(rf"^{API}/Accounts/(?P<sid>[^/]+)/Keys{_EXT}"), "keys", ("GET", "POST")),
    (
        re.compile(rf"^{API}/Accounts/(?P<sid>[^/]+)/Keys/(?P<key>[^/]+?){_EXT}"),
        "key",
        ("GET", "DELETE"),
    ),
]
_ROTATION_PATHS = {
    "/v1/AuthTokens/Secondary": ("secondary", ("POST", "DELETE")),
    "/v1/AuthTokens/Promote": ("promote", ("POST",)),
}
_ALNUM = string.ascii_letters + string.digits

Handler = Callable[[EmulatorState, Principal, Route, Incoming], Reply]


def parse_route(req: Incoming) -> Route | None:
    """The endpoint a path names on this host, or None (→ 404)."""
    product = host_labels(req.host)[0] if is_twilio_host(req.host) else None
    if product in (None, "accounts") and req.path in _ROTATION_PATHS:
        kind, methods = _ROTATION_PATHS[req.path]
        return Route(kind, methods)
    if product not in (None, "api"):
        return None
    for pattern, kind, methods in _PATTERNS:
        match = pattern.fullmatch(req.path)
        if match:
            groups = match.groupdict()
            return Route(kind, methods, groups.get("sid"), groups.get("key"))
    return None


def respond(state: EmulatorState, req: Incoming) -> Reply:
    """Authenticate, route, authorize and answer one request (the caller holds the lock)."""
    who = authenticate(state, req)
    if isinstance(who, Reply):
        return who
    route = parse_route(req)
    if route is None:
        return not_found(req.path)
    if req.method not in route.methods:
        return error(405, 20004, "Method not allowed")
    refusal = authorize(state, who, route, req.method)
    if refusal is not None:
        return refusal
    return _HANDLERS[route.kind](state, who, route, req)


def _page(
    name: str, items: list[dict[str, Any]], uri: str, query: dict[str, str]
) -> dict[str, Any]:
    """Twilio's paging envelope around one (first and only) page."""
    raw = query.get("PageSize", "50")
    size = int(raw) if raw.isdigit() and 0 < int(raw) <= 1000 else 50
    first = f"{uri}?PageSize={size}&Page=0"
    shown = items[:size]
    return {
        name: shown,
        "end": max(len(shown) - 1, 0),
        "first_page_uri": first,
        "next_page_uri": None,
        "page": 0,
        "page_size": size,
        "previous_page_uri": None,
        "start": 0,
        "uri": first,
    }


def account_body(account: Account) -> dict[str, Any]:
    base = f"{API}/Accounts/{account.sid}"
    return {
        "sid": account.sid,
        "friendly_name": account.friendly_name,
        "status": account.status,
        "type": account.type,
        "owner_account_sid": account.owner_sid,
        "date_created": DATE,
        "date_updated": DATE,
        "uri": f"{base}.json",
        "subresource_uris": {
            "messages": f"{base}/Messages.json",
            "keys": f"{base}/Keys.json",
            "calls": f"{base}/Calls.json",
        },
    }


def _get_account(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    account = state.account(route.account_sid or "")
    if account is None:  # unreachable after authorize, kept for safety
        return not_found(req.path)
    return Reply(200, account_body(account), xml_root="Account")


def _list_accounts(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    accounts = [who.account, *state.subaccounts(who.account.sid)]
    items = [account_body(a) for a in accounts]
    return Reply(200, _page("accounts", items, f"{API}/Accounts.json", req.query))


def _messages(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    uri = f"{API}/Accounts/{route.account_sid}/Messages.json"
    if req.method == "GET":
        return Reply(200, _page("messages", [], uri, req.query))
    return _create_message(route.account_sid or "", uri, req.form)


def _create_message(account_sid: str, uri: str, form: dict[str, str]) -> Reply:
    if not form.get("To"):
        return error(400, 21604, "A 'To' phone number is required.")
    if not form.get("From") and not form.get("MessagingServiceSid"):
        return error(400, 21603, "A 'From' phone number is required.")
    if not form.get("Body") and not form.get("MediaUrl"):
        return error(400, 21602, "Message body is required.")
    sid = "SM" + secrets.token_hex(16)
    body = {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": form.get("Body", ""),
        "date_created": DATE,
        "date_sent": None,
        "date_updated": DATE,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": form.get("From"),
        "messaging_service_sid": form.get("MessagingServiceSid"),
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "to": form["To"],
        "uri": uri.replace("Messages.json", f"Messages/{sid}.json"),
    }
    return Reply(201, body, xml_root="Message")


def _calls(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    """A page of no calls, or a queued fake call (nothing is dialled)."""
    sid = route.account_sid or ""
    uri = f"{API}/Accounts/{sid}/Calls.json"
    if req.method == "GET":
        return Reply(200, _page("calls", [], uri, req.query))
    form = req.form
    if not form.get("To"):
        return error(400, 21201, "No 'To' number is specified")
    if not form.get("From"):
        return error(400, 21213, "Caller phone number is required")
    if not (form.get("Url") or form.get("Twiml") or form.get("ApplicationSid")):
        return error(400, 21205, "Invalid URL")
    call_sid = "CA" + secrets.token_hex(16)
    body = {
        "sid": call_sid,
        "account_sid": sid,
        "to": form["To"],
        "from": form["From"],
        "status": "queued",
        "direction": "outbound-api",
        "date_created": DATE,
        "date_updated": DATE,
        "uri": uri.replace("Calls.json", f"Calls/{call_sid}.json"),
    }
    return Reply(201, body, xml_root="Call")


def _numbers(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    """A page of no numbers, or a fake bought number (nothing is charged)."""
    sid = route.account_sid or ""
    uri = f"{API}/Accounts/{sid}/IncomingPhoneNumbers.json"
    if req.method == "GET":
        return Reply(200, _page("incoming_phone_numbers", [], uri, req.query))
    number = req.form.get("PhoneNumber")
    if not number and not req.form.get("AreaCode"):
        return error(400, 21421, "PhoneNumber is invalid")
    number_sid = "PN" + secrets.token_hex(16)
    body = {
        "sid": number_sid,
        "account_sid": sid,
        "phone_number": number or "+15005550006",
        "friendly_name": number or "(500) 555-0006",
        "date_created": DATE,
        "date_updated": DATE,
        "uri": uri.replace("IncomingPhoneNumbers.json", f"IncomingPhoneNumbers/{number_sid}.json"),
    }
    return Reply(201, body, xml_root="IncomingPhoneNumber")


def _key_body(key: ApiKey, *, with_secret: bool = False) -> dict[str, Any]:
    body = {
        "sid": key.sid,
        "friendly_name": key.friendly_name,
        "date_created": DATE,
        "date_updated": DATE,
    }
    if with_secret:
        body["secret"] = key.secret
    return body


def _keys(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    sid = route.account_sid or ""
    if req.method == "GET":
        items = [_key_body(k) for k in state.api_keys if k.account_sid == sid and not k.revoked]
        return Reply(200, _page("keys", items, f"{API}/Accounts/{sid}/Keys.json", req.query))
    account = state.account(sid)
    region = account.region if account else "us1"
    key = ApiKey(
        sid="SK" + secrets.token_hex(16),
        secret="".join(secrets.choice(_ALNUM) for _ in range(32)),
        account_sid=sid,
        region=region,
        friendly_name=req.form.get("FriendlyName", "key"),
    )
    state.api_keys.append(key)
    return Reply(201, _key_body(key, with_secret=True), xml_root="Key")


def _key(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    key = state.key(route.key_sid or "")
    if key is None or key.revoked or key.account_sid != route.account_sid:
        return not_found(req.path)
    if req.method == "DELETE":
        key.revoked = True
        return Reply(204)
    return Reply(200, _key_body(key), xml_root="Key")


def _token_body(account: Account, field: str, value: str, path: str) -> dict[str, Any]:
    return {
        "account_sid": account.sid,
        field: value,
        "date_created": DATE,
        "date_updated": DATE,
        "url": f"https://accounts.twilio.com{path}",
    }


def _secondary(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    account = who.account
    if req.method == "DELETE":
        account.secondary_token = None
        return Reply(204)
    account.secondary_token = secrets.token_hex(16)
    body = _token_body(account, "secondary_auth_token", account.secondary_token, req.path)
    return Reply(201, body)


def _promote(state: EmulatorState, who: Principal, route: Route, req: Incoming) -> Reply:
    """The secondary token becomes primary; the old primary stops working at once."""
    account = who.account
    if account.secondary_token is None:
        return error(400, 20001, "There is no secondary Auth Token to promote")
    account.auth_token, account.secondary_token = account.secondary_token, None
    return Reply(200, _token_body(account, "auth_token", account.auth_token, req.path))


_HANDLERS: dict[str, Handler] = {
    "account": _get_account,
    "accounts": _list_accounts,
    "messages": _messages,
    "calls": _calls,
    "numbers": _numbers,
    "keys": _keys,
    "key": _key,
    "secondary": _secondary,
    "promote": _promote,
}
