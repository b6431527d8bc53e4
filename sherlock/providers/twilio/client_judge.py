"""Turning what Twilio answered into a :class:`~sherlock.models.Verification`.

The rule that matters most: only an HTTP 401 ever yields INVALID. Everything the
verifier could not settle (timeouts, resets, rate limits, server errors, bodies that are
neither JSON nor a 401) is UNVERIFIED with a plain reason, because calling a working
credential "invalid" would send users after the wrong fix.

Nothing from the wire goes into a Verification unchecked: Twilio's message is cut short,
stripped of control characters, has SIDs masked and the probe's own values redacted;
account status and type must look like the words Twilio uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sherlock.models import Outcome, Verification
from sherlock.secrets import Secret

#: Codes that say the account (not the credential) is the problem.
INACTIVE_CODES = frozenset({20005, 20403, 10001})
TEST_CREDENTIALS_CODE = 20008
RESTRICTED_CODE = 70051
DELEGATION_CODE = 20006
_INACTIVE_STATUSES = frozenset({"suspended", "closed"})
_SID_LIKE = re.compile(r"\b[A-Z]{2}[0-9a-fA-F]{32}\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{0,19}")
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Answer:
    """One HTTP response, reduced to what judging needs."""

    status: int
    body: dict[str, Any] | None
    request_id: str | None
    retry_after: float | None = None

    @property
    def code(self) -> int | None:
        value = (self.body or {}).get("code")
        return value if isinstance(value, int) and not isinstance(value, bool) else None


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
    }
    if isinstance(owner, str) and owner:
        facts["owner_account_masked"] = Secret(owner, identifier=True).masked
        if isinstance(sid, str):
            facts["is_subaccount"] = owner != sid
    return facts


def _wire(answer: Answer, host: str, attempts: int, message: str | None) -> dict[str, Any]:
    return {
        "host": host,
        "http_status": answer.status,
        "code": answer.code,
        "message": message,
        "request_id": answer.request_id,
        "attempts": attempts,
    }


def _refusal_outcome(answer: Answer) -> Outcome | None:
    """The outcome a Twilio error code or a 401 settles, or None if nothing is settled."""
    code = answer.code
    if code == RESTRICTED_CODE or (answer.status == 403 and code == DELEGATION_CODE):
        return Outcome.FORBIDDEN
    if code == TEST_CREDENTIALS_CODE:
        return Outcome.TEST_CREDENTIALS
    if code in INACTIVE_CODES:
        return Outcome.INACTIVE
    if answer.status == 401:
        return Outcome.INVALID
    return None


def _unsettled_reason(answer: Answer, host: str, attempts: int) -> str:
    what = f"HTTP {answer.status}" + (f" code {answer.code}" if answer.code else "")
    if answer.status == 429 or answer.status >= 500:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return f"could not verify: {host} answered {what}{tries}"
    if answer.body is None:
        return f"could not verify: {host} answered {what} without a JSON body"
    return f"could not verify: unexpected answer from {host} ({what})"


def judge(
    answer: Answer, *, host: str, attempts: int, secrets: tuple[Secret, ...], account_probe: bool
) -> Verification:
    """The verdict on one probe's final answer.

    ``account_probe`` marks ``GET /Accounts/{sid}.json``, whose 200 body carries the
    account's status (a suspended account read by its parent answers 200).
    """
    message = scrub_message((answer.body or {}).get("message"), secrets)
    wire = _wire(answer, host, attempts, message)
    if answer.status == 200 and answer.body is not None:
        facts = account_facts(answer.body) if account_probe else {}
        inactive = facts.get("account_status") in _INACTIVE_STATUSES
        return Verification(Outcome.INACTIVE if inactive else Outcome.VALID, **wire, **facts)
    outcome = _refusal_outcome(answer)
    if outcome is not None:
        key_type = "restricted" if answer.code == RESTRICTED_CODE else None
        return Verification(outcome, **wire, key_type=key_type)
    return Verification(
        Outcome.UNVERIFIED, **wire, reason=_unsettled_reason(answer, host, attempts)
    )


def key_type_from(answer: Answer) -> str | None:
    """What ``GET /Accounts/{sid}.json`` says about a key that could read Messages."""
    if answer.status == 200:
        return "main"
    if answer.code == RESTRICTED_CODE:
        return "restricted"
    if answer.status == 401:
        return "standard"
    return None
