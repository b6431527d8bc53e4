"""Turning what Twilio answered into a :class:`~sherlock.models.Verification`.

The rule that matters most: only Twilio's own answer counts. INVALID needs an HTTP 401
carrying Twilio's error body (JSON, or the 2010 API's ``<TwilioResponse>`` XML) with a
documented authentication code; a bodiless or HTML 401 is what proxies and gateways send.
A 429 or 5xx settles nothing whatever its body claims, and a 200 must be the resource
asked for (a captive portal answers 200 too). Everything unsettled is UNVERIFIED with a
plain reason naming the URL contacted, because calling a working credential "invalid"
would send users after the wrong fix.

Nothing from the wire goes into a TwilioVerification unchecked: Twilio's message is cut short,
stripped of control characters, has SIDs masked and the probe's own values redacted;
account status and type must look like the words Twilio uses.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from sherlock.models import Outcome
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret

#: Codes that say the account (not the credential) is the problem.
INACTIVE_CODES = frozenset({20005, 20403, 10001})
TEST_CREDENTIALS_CODE = 20008
RESTRICTED_CODE = 70051
DELEGATION_CODE = 20006
AUTHENTICATE_CODE = 20003
#: Twilio's documented authentication and authorization codes: only these settle a 401.
AUTH_CODES = frozenset(
    {AUTHENTICATE_CODE, DELEGATION_CODE, TEST_CREDENTIALS_CODE, RESTRICTED_CODE, *INACTIVE_CODES}
)
PROXY_AUTH_STATUS = 407
_MORE_INFO = "https://www.twilio.com/docs/errors/"
_INACTIVE_STATUSES = frozenset({"suspended", "closed"})
_SID_LIKE = re.compile(r"\b[A-Z]{2}[0-9a-fA-F]{32}\b")
_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{0,19}")
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_NUMBER = re.compile(r"[0-9]{1,6}")
_XML_FIELDS = {"Code": "code", "Message": "message", "MoreInfo": "more_info", "Status": "status"}


@dataclass(frozen=True)
class Answer:
    """One HTTP response, reduced to what judging needs.

    ``url`` is the URL contacted as it may be shown (SIDs masked) and ``proxy`` the proxy it
    went through, so every reason can name where the answer came from.
    """

    status: int
    body: dict[str, Any] | None
    request_id: str | None
    retry_after: float | None = None
    url: str = ""
    proxy: str = ""

    @property
    def code(self) -> int | None:
        value = (self.body or {}).get("code")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def twilio_error(self) -> bool:
        """Whether the body is Twilio's error shape: a five-digit code, a message, and
        Twilio's ``more_info`` link or a ``status`` matching the response's."""
        body = self.body or {}
        code, message = self.code, body.get("message")
        if code is None or not 10000 <= code <= 99999 or not isinstance(message, str):
            return False
        more_info = body.get("more_info")
        linked = isinstance(more_info, str) and more_info.startswith(_MORE_INFO)
        return linked or body.get("status") == self.status

    @property
    def where(self) -> str:
        """The URL contacted, and the proxy when there was one."""
        return self.url + (f" via proxy {self.proxy}" if self.proxy else "")


def read_body(content: bytes) -> dict[str, Any] | None:
    """A JSON object, or the fields of Twilio's XML ``<RestException>``; None otherwise."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _xml_error(content)
    return data if isinstance(data, dict) else None


def _xml_error(content: bytes) -> dict[str, Any] | None:
    """Code, message, more_info and status from ``<TwilioResponse><RestException>``.

    Documents declaring a DOCTYPE or entities are refused before parsing: Twilio never
    sends them, and they are how XML bombs start.
    """
    if not content.lstrip().startswith(b"<") or _XML_DECLARATIONS.search(content):
        return None
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError:
        return None
    exception = root.find("RestException") if root.tag == "TwilioResponse" else None
    if exception is None:
        return None
    fields: dict[str, Any] = {}
    for tag, name in _XML_FIELDS.items():
        text = (exception.findtext(tag) or "").strip()
        number = name in ("code", "status") and _XML_NUMBER.fullmatch(text)
        fields[name] = int(text) if number else text
    return fields


def clean_request_id(value: str | None) -> str | None:
    """Keep Twilio-Request-Id for support tickets, if it looks like one."""
    return value if value and _REQUEST_ID.fullmatch(value) else None


def scrub_message(value: Any, secrets: tuple[Secret, ...]) -> str | None:
    """Twilio's message, safe to show: short, one line, SIDs masked, probe values redacted."""
    if not isinstance(value, str) or not value:
        return None
    text = value[:300]
    for secret in secrets:
        raw = secret.reveal()
        for variant in {raw, raw.strip()}:
            if len(variant) >= 4:
                text = text.replace(variant, "<redacted>")
    text = _SID_LIKE.sub(lambda m: Secret(m.group(0), identifier=True).masked, text)
    return _CONTROL.sub(" ", text)[:200]


def _word(value: Any) -> str | None:
    return value if isinstance(value, str) and _WORD.fullmatch(value) else None


def account_facts(body: dict[str, Any]) -> dict[str, Any]:
    """Status, type and ownership from an account resource, with the owner SID masked."""
    sid, owner = body.get("sid"), body.get("owner_account_sid")
    facts: dict[str, Any] = {
        "account_status": _word(body.get("status")),
        "account_type": _word(body.get("type")),
        "friendly_name": scrub_message(body.get("friendly_name"), ()),
    }
    if isinstance(owner, str) and owner:
        facts["owner_account_masked"] = Secret(owner, identifier=True).masked
        if isinstance(sid, str):
            facts["is_subaccount"] = owner != sid
    return facts


def is_account_resource(body: dict[str, Any] | None) -> bool:
    """An account resource carries the account's SID; a captive portal's JSON does not."""
    sid = (body or {}).get("sid")
    return isinstance(sid, str) and bool(_ACCOUNT_SID.fullmatch(sid))


def is_message_page(body: dict[str, Any] | None) -> bool:
    """A page of ``Messages.json`` carries a ``messages`` list."""
    return isinstance((body or {}).get("messages"), list)


def _wire(answer: Answer, host: str, attempts: int, message: str | None) -> dict[str, Any]:
    return {
        "host": host,
        "http_status": answer.status,
        "code": answer.code,
        "message": message,
        "request_id": answer.request_id,
        "attempts": attempts,
        "url": answer.url,
        "proxy": answer.proxy,
    }


def _refusal_outcome(answer: Answer) -> Outcome | None:
    """The outcome Twilio's own refusal settles, or None if nothing is settled.

    Only a 4xx with Twilio's error body counts; 429, 407 and 5xx never do.
    """
    status, code = answer.status, answer.code
    if not 400 <= status < 500 or status in (429, PROXY_AUTH_STATUS):
        return None
    if not answer.twilio_error:
        return None
    if code == RESTRICTED_CODE or (status == 403 and code == DELEGATION_CODE):
        return Outcome.FORBIDDEN
    if code == TEST_CREDENTIALS_CODE:
        return Outcome.TEST_CREDENTIALS
    if code in INACTIVE_CODES:
        return Outcome.INACTIVE
    if status == 401 and code in AUTH_CODES:
        return Outcome.INVALID
    return None


def unsettled_reason(answer: Answer, attempts: int) -> str:
    """Why an answer settles nothing, naming the URL (and proxy) that gave it."""
    what = f"HTTP {answer.status}" + (f" code {answer.code}" if answer.code else "")
    where = answer.where
    if answer.status == 429 or answer.status >= 500:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return f"could not verify: {where} answered {what}{tries}"
    if answer.status == PROXY_AUTH_STATUS:
        return f"could not verify: a proxy requires authentication (HTTP 407 from {where})"
    if answer.status == 401:
        gateway = "(a proxy or gateway?)"
        return f"could not verify: HTTP 401 without Twilio's error body from {where} {gateway}"
    if answer.status == 200:
        return f"could not verify: the HTTP 200 from {where} is not Twilio's answer"
    return f"could not verify: unexpected answer from {where} ({what})"


def judge(
    answer: Answer, *, host: str, attempts: int, secrets: tuple[Secret, ...], account_probe: bool
) -> TwilioVerification:
    """The verdict on one probe's final answer.

    ``account_probe`` marks ``GET /Accounts/{sid}.json``, whose 200 body carries the
    account's status (a suspended account read by its parent answers 200); other probes
    read a page of Messages.
    """
    message = scrub_message((answer.body or {}).get("message"), secrets)
    wire = _wire(answer, host, attempts, message)
    expected = is_account_resource if account_probe else is_message_page
    if answer.status == 200 and expected(answer.body):
        facts = account_facts(answer.body or {}) if account_probe else {}
        inactive = facts.get("account_status") in _INACTIVE_STATUSES
        return TwilioVerification(Outcome.INACTIVE if inactive else Outcome.VALID, **wire, **facts)
    outcome = _refusal_outcome(answer)
    if outcome is not None:
        key_type = "restricted" if answer.code == RESTRICTED_CODE else None
        return TwilioVerification(outcome, **wire, key_type=key_type)
    wire["message"] = message if answer.twilio_error else None
    return TwilioVerification(Outcome.UNVERIFIED, **wire, reason=unsettled_reason(answer, attempts))


def key_type_from(answer: Answer) -> str | None:
    """What ``GET /Accounts/{sid}.json`` says about a key that could read Messages."""
    if answer.status == 200:
        return "main" if is_account_resource(answer.body) else None
    if _refusal_outcome(answer) is Outcome.FORBIDDEN and answer.code == RESTRICTED_CODE:
        return "restricted"
    if _refusal_outcome(answer) is Outcome.INVALID and answer.code == AUTHENTICATE_CODE:
        return "standard"
    return None
