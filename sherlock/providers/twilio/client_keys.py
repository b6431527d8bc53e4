"""Asking an account whether it still holds an API key: ``GET .../Keys/{KeySid}.json``.

A key Twilio rejects with 20003 was deleted, or its secret is wrong, or it belongs to
another account. Asked with the account's own working credentials, Twilio settles which:
200 means the account holds the key, 404 (code 20404) that it holds no such key. The call
is read-only and carries only the account's credentials; the key's secret is never sent,
and the key SID goes into the URL only when it is shaped like one.

A lookup's verdict is a :class:`~sherlock.models.Verification` like any probe's: VALID
when Twilio accepted the credentials and answered the question (found or not found, told
apart by :func:`key_found` and :func:`key_not_found`), INVALID only for Twilio's own 401,
UNVERIFIED for anything unsettled (a 404 counts only with Twilio's 20404 body).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from sherlock.models import Outcome
from sherlock.providers.twilio.client_judge import Answer, judge
from sherlock.providers.twilio.client_probe import core
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret

KEY_FOUND = "the account holds this API key"
KEY_NOT_FOUND = "the account holds no API key with this SID"
NOT_FOUND_CODE = 20404
_KEY_SID = re.compile(r"SK[0-9a-f]{32}", re.IGNORECASE)


def key_path(sid_path: str, key_sid: Secret) -> str | None:
    """The lookup path under ``sid_path``, or None when the value is not a key SID."""
    shape = core(key_sid.reveal())
    if not _KEY_SID.fullmatch(shape):
        return None
    return f"{sid_path}/Keys/{quote(shape, safe='')}.json"


def _answered(answer: Answer, host: str, attempts: int, reason: str) -> TwilioVerification:
    return TwilioVerification(
        Outcome.VALID,
        host=host,
        http_status=answer.status,
        code=answer.code,
        request_id=answer.request_id,
        attempts=attempts,
        reason=reason,
        url=answer.url,
        proxy=answer.proxy,
    )


def judge_lookup(
    answer: Answer, *, host: str, attempts: int, secrets: tuple[Secret, ...], key_sid: Secret
) -> TwilioVerification:
    """The verdict on a key lookup's final answer."""
    body_sid = (answer.body or {}).get("sid")
    wanted = core(key_sid.reveal()).lower()
    if answer.status == 200 and isinstance(body_sid, str) and body_sid.lower() == wanted:
        return _answered(answer, host, attempts, KEY_FOUND)
    if answer.status == 404 and answer.code == NOT_FOUND_CODE and answer.twilio_error:
        return _answered(answer, host, attempts, KEY_NOT_FOUND)
    verdict = judge(answer, host=host, attempts=attempts, secrets=secrets, account_probe=False)
    if verdict.outcome is Outcome.VALID:  # a 200 that is not about this key settles nothing
        reason = f"could not verify: unexpected answer from {answer.where} to a key lookup"
        return TwilioVerification(
            Outcome.UNVERIFIED,
            host=host,
            http_status=answer.status,
            request_id=answer.request_id,
            attempts=attempts,
            reason=reason,
            url=answer.url,
            proxy=answer.proxy,
        )
    return verdict


def key_found(result: TwilioVerification | None) -> bool:
    """Twilio said the account holds the key (so a rejection means a wrong secret)."""
    return result is not None and result.outcome is Outcome.VALID and result.reason == KEY_FOUND


def key_not_found(result: TwilioVerification | None) -> bool:
    """Twilio, asked with the account's working credentials, said it holds no such key."""
    return (
        result is not None
        and result.outcome is Outcome.VALID
        and result.http_status == 404
        and result.reason == KEY_NOT_FOUND
    )
