"""What the Twilio emulator knows: accounts, API keys, faults, and the file they load from.

A state file is JSON or YAML with these top-level keys (all optional)::

    accounts:
      - sid: AC0123...             # AC + 32 lowercase hex
        auth_token: 0123...        # the primary token
        secondary_token: null      # set by rotation, or preset
        status: active             # active | suspended | closed
        type: Full                 # Trial | Full
        friendly_name: Main
        parent_sid: null           # the parent's SID for a subaccount
        region: us1                # us1, ie1, au1, ...: tokens only work in their region
        test_account_sid: null     # optional test credentials of this account
        test_auth_token: null
    api_keys:
      - sid: SK0123...             # SK + 32 lowercase hex
        secret: abc...
        account_sid: AC0123...     # the account the key belongs to
        type: standard             # main | standard | restricted
        permissions: []            # restricted keys only, e.g. /twilio/messaging/messages/read
        region: us1
        revoked: false
    latency_seconds: 0.0           # added to every request
    inactive_response: "20003"     # what a suspended/closed account's own credentials get:
                                   # "20003" (401), "20403" (403) or "20005" (403, "Account
                                   # not active": out of funds, trial not activated) or
                                   # "10001" (403); Twilio's choice is unsure
    parent_inactive_response: "10001"  # what an active subaccount's credentials get while its
                                   # parent is suspended or closed: "10001" (403, Twilio's
                                   # documented code for a parent's suspension cascading),
                                   # or "20003", "20403", "20005" as above
    faults:
      - kind: "429"                # see the fault kinds below
        username: null             # only requests with this Basic-auth user (None = all)
        times: 2                   # how many requests it hits (None = every one)
        retry_after: 1             # 429: the Retry-After header, in seconds
        seconds: 0.0               # latency: the extra delay; drip: the pause between bytes
        status: 502                # the HTTP status of non-json, bare, gateway-json, 20003-body

Fault kinds, each a way a network path (a proxy, a gateway, a broken load balancer) can
answer in Twilio's place:

* ``latency``: wait ``seconds``, then answer normally.
* ``429``: Twilio's 20429 with ``Retry-After``; ``500``: Twilio's 20500.
* ``reset``: drop the connection without an answer.
* ``non-json``: an HTML page with ``status``; ``bare``: ``status`` with no body at all.
* ``gateway-json``: ``status`` with a JSON error body that is not Twilio's.
* ``20003-body``: ``status`` (a 5xx or 429) carrying Twilio's own 20003 body.
* ``407``: a proxy asking for its own credentials (``Proxy-Authenticate``).
* ``drip``: the normal answer, one byte every ``seconds``.
* ``truncated-json``: the normal answer's JSON cut in half (with a matching length).
* ``cut-off``: the normal answer's headers and half its body, then the connection closes.
* ``junk-200``: a 200 whose JSON is not the resource asked for.
* ``xml``: the normal answer in Twilio's XML form, even for a ``.json`` URL.

Restricted-key permissions understood by the emulator: ``/twilio/accounts/read``,
``/twilio/messaging/messages/read``, ``/twilio/messaging/messages/create``,
``/twilio/voice/calls/read``, ``/twilio/voice/calls/create``,
``/twilio/phone-numbers/incoming/read``, ``/twilio/phone-numbers/incoming/create``,
``/twilio/iam/api-keys/read``, ``/twilio/iam/api-keys/create``,
``/twilio/iam/api-keys/delete``. (Twilio's own permission names are not all published;
these follow the pattern of the documented messaging ones.)

The models are plain pydantic models so tests can build them in code; the running
emulator mutates them (rotation, key creation) under its own lock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sherlock.errors import InputError

ACCOUNT_SID_PATTERN = r"^AC[0-9a-f]{32}$"
KEY_SID_PATTERN = r"^SK[0-9a-f]{32}$"
REGION_PATTERN = r"^[a-z]{2}[0-9]$"

FaultKind = Literal[
    "latency",
    "429",
    "500",
    "reset",
    "non-json",
    "bare",
    "gateway-json",
    "20003-body",
    "407",
    "drip",
    "truncated-json",
    "cut-off",
    "junk-200",
    "xml",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Account(_Model):
    """A Twilio account or subaccount with its credentials."""

    sid: str = Field(pattern=ACCOUNT_SID_PATTERN)
    auth_token: str = Field(min_length=1)
    secondary_token: str | None = None
    status: Literal["active", "suspended", "closed"] = "active"
    type: Literal["Trial", "Full"] = "Full"
    friendly_name: str = "My first Twilio account"
    parent_sid: str | None = Field(default=None, pattern=ACCOUNT_SID_PATTERN)
    region: str = Field(default="us1", pattern=REGION_PATTERN)
    test_account_sid: str | None = Field(default=None, pattern=ACCOUNT_SID_PATTERN)
    test_auth_token: str | None = None

    @property
    def owner_sid(self) -> str:
        """Twilio's ``owner_account_sid``: the parent for a subaccount, else itself."""
        return self.parent_sid or self.sid


class ApiKey(_Model):
    """An API key: the SID is the Basic-auth user, the secret the password."""

    sid: str = Field(pattern=KEY_SID_PATTERN)
    secret: str = Field(min_length=1)
    account_sid: str = Field(pattern=ACCOUNT_SID_PATTERN)
    type: Literal["main", "standard", "restricted"] = "standard"
    permissions: list[str] = Field(default_factory=list)
    region: str = Field(default="us1", pattern=REGION_PATTERN)
    revoked: bool = False
    friendly_name: str = "key"


class Fault(_Model):
    """A misbehaviour injected before normal handling (see the module docstring)."""

    kind: FaultKind
    username: str | None = None
    times: int | None = Field(default=None, ge=0)
    retry_after: int = Field(default=1, ge=0)
    seconds: float = Field(default=0.0, ge=0)
    status: int = Field(default=502, ge=100, le=599)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_as_text(cls, value: Any) -> Any:
        """YAML reads ``kind: 429`` as a number; accept it."""
        return str(value) if isinstance(value, int) else value


class EmulatorState(_Model):
    """Everything the emulator serves; see the module docstring for the file format."""

    accounts: list[Account] = Field(default_factory=list)
    api_keys: list[ApiKey] = Field(default_factory=list)
    latency_seconds: float = Field(default=0.0, ge=0)
    faults: list[Fault] = Field(default_factory=list)
    inactive_response: Literal["20003", "20403", "20005", "10001"] = "20003"
    parent_inactive_response: Literal["10001", "20003", "20403", "20005"] = "10001"

    @field_validator("inactive_response", "parent_inactive_response", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _references_resolve(self) -> EmulatorState:
        """Unique SIDs, and every parent/key account exists: a typo should fail loudly."""
        sids = [a.sid for a in self.accounts] + [k.sid for k in self.api_keys]
        sids += [a.test_account_sid for a in self.accounts if a.test_account_sid]
        if len(sids) != len(set(sids)):
            raise ValueError("SIDs must be unique across accounts, test accounts and keys")
        known = {a.sid for a in self.accounts}
        for account in self.accounts:
            if account.parent_sid and account.parent_sid not in known:
                raise ValueError("an account's parent_sid names no account in the file")
        if any(k.account_sid not in known for k in self.api_keys):
            raise ValueError("an API key's account_sid names no account in the file")
        return self

    def account(self, sid: str) -> Account | None:
        return next((a for a in self.accounts if a.sid == sid), None)

    def test_owner(self, test_sid: str) -> Account | None:
        """The live account whose test credentials use ``test_sid``."""
        return next((a for a in self.accounts if a.test_account_sid == test_sid), None)

    def key(self, sid: str) -> ApiKey | None:
        return next((k for k in self.api_keys if k.sid == sid), None)

    def subaccounts(self, parent_sid: str) -> list[Account]:
        return [a for a in self.accounts if a.parent_sid == parent_sid]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the emulator saw it. ``username`` is the Basic-auth user (a SID),
    never the password; ``status``/``code`` are None when the connection was dropped."""

    method: str
    host: str
    path: str
    query: str
    username: str | None
    status: int | None
    code: int | None


def _parse_text(path: Path, text: str) -> Any:
    """JSON for ``.json`` files, YAML otherwise (YAML also reads JSON)."""
    if path.suffix.lower() == ".json":
        return json.loads(text)
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def load_state(path: Path) -> EmulatorState:
    """Read and validate a state file; any problem becomes one clear :class:`InputError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read emulator state {path}: {type(exc).__name__}") from None
    try:
        data = _parse_text(path, text)
    except Exception as exc:  # JSON and YAML parsers raise many types
        raise InputError(
            f"emulator state {path} is not valid JSON/YAML: {type(exc).__name__}"
        ) from None
    if data is None:
        data = {}
    try:
        return EmulatorState.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe_error(e) for e in exc.errors()[:5])
        raise InputError(f"emulator state {path} is invalid: {problems}") from None


def _describe_error(error: Any) -> str:
    """Where and what, without echoing the offending value (it may be a credential)."""
    where = ".".join(str(part) for part in error.get("loc", ())) or "(top level)"
    return f"{where}: {error.get('msg', 'invalid')}"
