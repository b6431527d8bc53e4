"""A start-up guard for applications: refuse to start with Twilio settings that cannot work.

Most 20003s are visible before the first request: a trailing newline, quotes kept by the
loader, an API Key SID in the Account SID slot, a key without its Account SID, a placeholder
that was never replaced. Checking them when the process starts turns an outage at the first
SMS into a failed deploy that names the variable::

    from sherlock.guard import require_twilio_credentials

    settings = require_twilio_credentials()          # os.environ, shape checks only
    settings = require_twilio_credentials(live=True)  # plus one read-only call to Twilio

The guard raises :class:`TwilioCredentialError` naming the variable and the problem, never
the value. It imports only the standard library (``httpx`` only for ``live=True``), so it
costs an application nothing at start-up. :data:`TwilioAccountSid` and friends are the same
rules as pydantic types, for pydantic-settings users.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_SECRET_LIKE = re.compile(r"\S{16,}")
_SID = re.compile(r"([A-Z]{2})[0-9a-fA-F]{32}")
_PLACEHOLDER = re.compile(
    r"(?i)^(x+|\*+|changeme|change-me|todo|tbd|none|null|undefined|secret|token|password|"
    r"your[_ -].*|<.*>|\$\{.*\}|\$[A-Z_]+|\{\{.*\}\}|ac[x]+|sk[x]+)$"
)
_SID_KINDS = {
    "AC": "an Account SID",
    "SK": "an API Key SID",
    "PN": "a phone number SID",
    "MG": "a Messaging Service SID",
    "AP": "a TwiML app SID",
    "CA": "a call SID",
    "SM": "a message SID",
    "MM": "a message SID",
    "CN": "a Connect app SID",
    "VA": "a Verify service SID",
    "US": "a user SID",
}
#: Regions and edges as Twilio documents them for its regional API hosts.
REGIONS = frozenset({"us1", "us2", "ie1", "au1", "jp1", "br1", "de1", "sg1"})
EDGES = frozenset(
    {
        "ashburn",
        "umatilla",
        "dublin",
        "frankfurt",
        "sydney",
        "tokyo",
        "singapore",
        "sao-paulo",
        "roaming",
    }
)


class TwilioCredentialError(Exception):
    """One Twilio setting that cannot work; names the variable and the problem only.

    Deliberately not a ValueError: pydantic would wrap a ValueError in a ValidationError
    whose text repeats the input, that is, the secret.
    """

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        self.problem = problem
        super().__init__(f"{variable} {problem}")


@dataclass(frozen=True)
class TwilioSettings:
    """The checked settings. Secrets stay out of ``repr`` so a logged object leaks nothing."""

    account_sid: str
    auth_token: str | None = field(default=None, repr=False)
    api_key: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    region: str | None = None
    edge: str | None = None

    @property
    def username(self) -> str:
        return self.api_key or self.account_sid

    @property
    def password(self) -> str:
        return self.api_secret or self.auth_token or ""


def _invisible(value: str) -> str | None:
    """What about the value's edges or insides a loader would have kept by mistake."""
    if value != value.strip():
        first, last = value[:1], value[-1:]
        edge = last if last.isspace() else first
        names = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", " ": "a space"}
        where = "ends with" if last.isspace() else "starts with"
        return f"{where} {names.get(edge, 'invisible whitespace')}"
    for char in value:
        if unicodedata.category(char) in ("Cf", "Zs", "Cc"):
            return f"contains an invisible character ({unicodedata.name(char, 'control')})"
    return None


def _wrapping(value: str) -> str | None:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return "is wrapped in quotes, which the loader kept as part of the value"
    return None


def _common_problem(value: str) -> str | None:
    if not value:
        return "is set but empty"
    return (
        _invisible(value)
        or _wrapping(value)
        or ("is a placeholder that was never replaced" if _PLACEHOLDER.match(value) else None)
    )


def _sid_problem(value: str, expected: str) -> str | None:
    """``expected`` is the SID prefix the slot needs (AC or SK)."""
    problem = _common_problem(value)
    if problem:
        return problem
    match = _SID.fullmatch(value)
    if match is None:
        if _HEX32.fullmatch(value):
            return "holds 32 hex characters without a prefix: an auth token, not a SID"
        return f"does not have the shape of {_SID_KINDS[expected]} ({expected} + 32 hex)"
    prefix = match[1]
    if prefix != expected:
        kind = _SID_KINDS.get(prefix, f"a {prefix} SID")
        return f"holds {kind}, not {_SID_KINDS[expected]}"
    return None


def _secret_problem(value: str, kind: str, pattern: re.Pattern[str]) -> str | None:
    problem = _common_problem(value)
    if problem:
        return problem
    if _SID.fullmatch(value):
        return f"holds a SID ({value[:2]}…), not {kind}: the fields may be swapped"
    if not pattern.fullmatch(value):
        return f"does not have the shape of {kind} (got {len(value)} characters)"
    return None


def check_account_sid(value: str) -> str | None:
    """The problem with an Account SID value, or None."""
    return _sid_problem(value, "AC")


def check_api_key_sid(value: str) -> str | None:
    return _sid_problem(value, "SK")


def check_auth_token(value: str) -> str | None:
    return _secret_problem(value, "an auth token", _HEX32)


def check_api_secret(value: str) -> str | None:
    """Key secrets are 32 alphanumerics in practice, but Twilio does not promise it, so only
    a value far too short to be one (a truncation) is refused on shape."""
    return _secret_problem(value, "an API key secret", _SECRET_LIKE)


def _region_problems(region: str | None, edge: str | None) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if region is not None and region not in REGIONS:
        problems.append(("REGION", "is not a Twilio region (us1, ie1, au1, …)"))
    if edge is not None and edge not in EDGES:
        problems.append(("EDGE", "is not a Twilio edge location (dublin, sydney, …)"))
    if region not in (None, "us1") and edge is None:
        problems.append(
            ("REGION", "is set without an EDGE: clients call a retired regional host; set EDGE")
        )
    return problems


def _read(environ: Mapping[str, str], prefix: str, name: str) -> str | None:
    value = environ.get(prefix + name)
    return value if value is not None else None


def _first_problem(environ: Mapping[str, str], prefix: str) -> tuple[str, str] | None:
    sid = _read(environ, prefix, "ACCOUNT_SID")
    token = _read(environ, prefix, "AUTH_TOKEN")
    key = _read(environ, prefix, "API_KEY")
    secret = _read(environ, prefix, "API_SECRET")
    if sid is None:
        if key is not None:
            return ("ACCOUNT_SID", "is not set: an API key also needs its Account SID")
        return ("ACCOUNT_SID", "is not set")
    checks = [("ACCOUNT_SID", check_account_sid(sid))]
    if key is not None or secret is not None:
        if key is None:
            return ("API_KEY", "is not set while API_SECRET is")
        if secret is None:
            return ("API_SECRET", "is not set while API_KEY is")
        checks += [("API_KEY", check_api_key_sid(key)), ("API_SECRET", check_api_secret(secret))]
    elif token is None:
        return ("AUTH_TOKEN", "is not set (nor API_KEY and API_SECRET)")
    else:
        checks.append(("AUTH_TOKEN", check_auth_token(token)))
    for name, problem in checks:
        if problem:
            return (name, problem)
    problems = _region_problems(_read(environ, prefix, "REGION"), _read(environ, prefix, "EDGE"))
    return problems[0] if problems else None


def require_twilio_credentials(
    environ: Mapping[str, str] | None = None,
    *,
    prefix: str = "TWILIO_",
    live: bool = False,
    timeout: float = 3.0,
) -> TwilioSettings:
    """The process's Twilio settings, checked; TwilioCredentialError on the first problem.

    With ``live=True`` one read-only request (``GET /2010-04-01/Accounts/{sid}.json``) asks
    Twilio itself; a rejection raises, a network problem does not (the guard cannot tell a
    bad credential from a closed firewall, and refusing to start on that would be worse).
    """
    import os

    env = os.environ if environ is None else environ
    problem = _first_problem(env, prefix)
    if problem is not None:
        raise TwilioCredentialError(prefix + problem[0], problem[1])
    settings = TwilioSettings(
        account_sid=env[prefix + "ACCOUNT_SID"],
        auth_token=env.get(prefix + "AUTH_TOKEN"),
        api_key=env.get(prefix + "API_KEY"),
        api_secret=env.get(prefix + "API_SECRET"),
        region=env.get(prefix + "REGION"),
        edge=env.get(prefix + "EDGE"),
    )
    if live:
        _ask_twilio(settings, prefix, timeout)
    return settings


def api_host(region: str | None, edge: str | None) -> str:
    """The host twilio-python would call for these settings."""
    if region is None and edge is None:
        return "api.twilio.com"
    return ".".join(["api", *([edge] if edge else []), region or "us1", "twilio.com"])


def _ask_twilio(settings: TwilioSettings, prefix: str, timeout: float) -> None:
    import httpx

    host = api_host(settings.region, settings.edge)
    url = f"https://{host}/2010-04-01/Accounts/{settings.account_sid}.json"
    try:
        response = httpx.get(url, auth=(settings.username, settings.password), timeout=timeout)
    except httpx.HTTPError:
        return
    if response.status_code == 401 and _is_twilio_error(response):
        slot = "API_KEY" if settings.api_key else "AUTH_TOKEN"
        raise TwilioCredentialError(prefix + slot, "was rejected by Twilio (HTTP 401, 20003)")


def _is_twilio_error(response: Any) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("code"), int)


class _Checked:
    """A pydantic type running one of the checks above; failures raise TwilioCredentialError
    (not a ValidationError, whose text would repeat the secret)."""

    check: Any = staticmethod(check_account_sid)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        def validate(value: str, info: core_schema.ValidationInfo) -> str:
            problem = cls.check(value)
            if problem:
                raise TwilioCredentialError((info.field_name or "value").upper(), problem)
            return value

        return core_schema.with_info_after_validator_function(validate, core_schema.str_schema())


class TwilioAccountSid(str, _Checked):
    """An Account SID field for pydantic models and pydantic-settings."""

    check = staticmethod(check_account_sid)


class TwilioAuthToken(str, _Checked):
    check = staticmethod(check_auth_token)


class TwilioApiKeySid(str, _Checked):
    check = staticmethod(check_api_key_sid)


class TwilioApiSecret(str, _Checked):
    check = staticmethod(check_api_secret)
