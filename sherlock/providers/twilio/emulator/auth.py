"""Who is calling the emulator, and what they may touch: Twilio's authentication rules.

Authentication (:func:`authenticate`) turns HTTP Basic credentials into a
:class:`Principal` or a 401/20003 reply: an Account SID with its primary or secondary
token, an API key SID with its secret (unless revoked), or an account's test pair.
Credentials only work in their own region, which the emulator reads from the Host
header (:func:`region_for_host`). A suspended or closed account's own credentials get the
state's ``inactive_response``; an active subaccount whose parent is suspended or closed gets
``parent_inactive_response`` (10001 by default, the code Twilio documents for a parent's
suspension reaching its subaccounts).

Authorization (:func:`authorize`) then applies scope (an account reaches itself and its
subaccounts; a key only its own account), test-credential limits (403/20008 for anything
but creating Messages, Calls and IncomingPhoneNumbers), and key types: main keys reach everything, standard keys not ``/Accounts``, ``/Keys`` or token
rotation (20003), restricted keys only their listed permissions (70051). Twilio's HTTP
status for 70051 is not documented; the emulator answers 403.
"""

from __future__ import annotations

import hmac

from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock.providers.twilio.emulator.wire import (
    Incoming,
    Principal,
    Reply,
    Route,
    authenticate_error,
    error,
)
from sherlock.providers.twilio.hosts import is_twilio_host

#: Restricted-key permission needed per (route kind, method).
PERMISSIONS: dict[tuple[str, str], str] = {
    ("account", "GET"): "/twilio/accounts/read",
    ("accounts", "GET"): "/twilio/accounts/read",
    ("messages", "GET"): "/twilio/messaging/messages/read",
    ("messages", "POST"): "/twilio/messaging/messages/create",
    ("calls", "GET"): "/twilio/voice/calls/read",
    ("calls", "POST"): "/twilio/voice/calls/create",
    ("numbers", "GET"): "/twilio/phone-numbers/incoming/read",
    ("numbers", "POST"): "/twilio/phone-numbers/incoming/create",
    ("keys", "GET"): "/twilio/iam/api-keys/read",
    ("keys", "POST"): "/twilio/iam/api-keys/create",
    ("key", "GET"): "/twilio/iam/api-keys/read",
    ("key", "DELETE"): "/twilio/iam/api-keys/delete",
}
_NOT_FOR_STANDARD_KEYS = frozenset({"account", "accounts", "keys", "key", "secondary", "promote"})
_ROTATION = frozenset({"secondary", "promote"})
#: What test credentials may do: create Messages, Calls and IncomingPhoneNumbers (Twilio's
#: test-credentials page); everything else is 403/20008.
_TEST_CREATES = frozenset({"messages", "calls", "numbers"})
#: The answers an inactive account can get: (HTTP status, message). Twilio does not document
#: the status for 20005 and 10001; 403 is assumed, and clients match on the code.
_INACTIVE_REPLIES: dict[str, tuple[int, str]] = {
    "20403": (403, "Forbidden"),
    "20005": (403, "Account not active"),
    "10001": (403, "Account is not active"),
}


def host_labels(host: str) -> list[str]:
    """The Host header's DNS labels, lower-cased, port removed."""
    name = host.strip().lower()
    name = name[1:].split("]", 1)[0] if name.startswith("[") else name.rsplit(":", 1)[0]
    return name.rstrip(".").split(".")


def region_for_host(host: str) -> str:
    """``api.{edge}.{region}.twilio.com`` → region; any other host (api.twilio.com,
    accounts.twilio.com, the loopback address itself) → us1."""
    labels = host_labels(host)
    if is_twilio_host(host) and len(labels) == 5:
        return labels[2]
    return "us1"


def _same(given: str, *expected: str | None) -> bool:
    """Constant-time comparison against any of the expected values."""
    return any(
        value is not None and hmac.compare_digest(given.encode(), value.encode())
        for value in expected
    )


def _find_principal(state: EmulatorState, user: str, password: str) -> Principal | Reply:
    account = state.account(user)
    if account is not None:
        ok = _same(password, account.auth_token, account.secondary_token)
        return Principal(account) if ok else authenticate_error()
    owner = state.test_owner(user)
    if owner is not None:
        ok = _same(password, owner.test_auth_token)
        return Principal(owner, test=True) if ok else authenticate_error()
    key = state.key(user)
    if key is not None:
        holder = state.account(key.account_sid)
        if holder is None or key.revoked or not _same(password, key.secret):
            return authenticate_error()
        return Principal(holder, key=key)
    return authenticate_error("Authentication Error - invalid username")


def _refusal_for_status(state: EmulatorState, account: Account) -> Reply | None:
    """None for a usable account; else the reply its own inactivity, or its parent's
    (suspension cascades to subaccounts), earns."""
    if account.status != "active":
        return inactive_reply(state)
    parent = state.account(account.parent_sid) if account.parent_sid else None
    if parent is not None and parent.status != "active":
        return _coded_inactive(state.parent_inactive_response)
    return None


def _coded_inactive(code: str) -> Reply:
    if code in _INACTIVE_REPLIES:
        status, message = _INACTIVE_REPLIES[code]
        return error(status, int(code), message)
    return authenticate_error()


def inactive_reply(state: EmulatorState) -> Reply:
    return _coded_inactive(state.inactive_response)


def authenticate(state: EmulatorState, req: Incoming) -> Principal | Reply:
    """The caller's identity, or the reply that refuses it."""
    if not req.has_auth:
        return authenticate_error("Authentication Error - No credentials provided")
    if req.username is None or req.password is None:
        return authenticate_error()
    found = _find_principal(state, req.username, req.password)
    if isinstance(found, Reply):
        return found
    if found.region != region_for_host(req.host):
        return authenticate_error()
    return _refusal_for_status(state, found.account) or found


def _in_scope(state: EmulatorState, who: Principal, route: Route) -> bool:
    target = route.account_sid
    if target is None:
        return True
    if who.key is not None:
        return target == who.key.account_sid
    if target == who.account.sid:
        return True
    sub = state.account(target)
    return sub is not None and sub.parent_sid == who.account.sid


def _test_rules(who: Principal, route: Route, method: str) -> Reply | None:
    if route.account_sid is not None and route.account_sid != who.account.test_account_sid:
        return authenticate_error()
    if route.kind in _TEST_CREATES and method == "POST":
        return None
    return error(403, 20008, "Resource not accessible with Test Account Credentials")


def _key_rules(key: ApiKey, route: Route, method: str) -> Reply | None:
    if key.type == "main":
        return None
    if key.type == "standard" or route.kind in _ROTATION:
        return authenticate_error() if route.kind in _NOT_FOR_STANDARD_KEYS else None
    needed = PERMISSIONS.get((route.kind, method))
    if needed is not None and needed in key.permissions:
        return None
    return error(403, 70051, "Authorization failed")


def authorize(state: EmulatorState, who: Principal, route: Route, method: str) -> Reply | None:
    """None when allowed, else the refusal Twilio would send."""
    if who.test:
        return _test_rules(who, route, method)
    if not _in_scope(state, who, route):
        return authenticate_error()
    if who.key is not None:
        return _key_rules(who.key, route, method)
    return None
