"""Judging one answer: only Twilio's own error body settles a refusal, only its resource a 200."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sherlock.models import Outcome
from sherlock.providers.twilio.client_judge import Answer, judge, key_type_from, read_body
from tests.twilio_fixtures import MAIN_SID

URL = "https://api.twilio.com/2010-04-01/Accounts/ACa4f9…f60e.json"


def twilio_error(code: int, status: int, message: str = "Authenticate") -> dict[str, Any]:
    more_info = f"https://www.twilio.com/docs/errors/{code}"
    return {"code": code, "message": message, "more_info": more_info, "status": status}


def twilio_xml(code: int, status: int) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?><TwilioResponse><RestException>"
        f"<Code>{code}</Code><Message>Authenticate</Message>"
        f"<MoreInfo>https://www.twilio.com/docs/errors/{code}</MoreInfo>"
        f"<Status>{status}</Status></RestException></TwilioResponse>"
    ).encode()


def verdict(status: int, content: bytes, *, account_probe: bool = True) -> Any:
    answer = Answer(status=status, body=read_body(content), request_id=None, url=URL)
    return judge(answer, host="api.twilio.com", attempts=1, secrets=(), account_probe=account_probe)


def as_json(body: object) -> bytes:
    return json.dumps(body).encode()


ACCOUNT = {"sid": MAIN_SID, "status": "active", "type": "Full", "owner_account_sid": MAIN_SID}


@pytest.mark.parametrize(
    ("status", "content", "outcome"),
    [
        (401, as_json(twilio_error(20003, 401)), Outcome.INVALID),
        (401, twilio_xml(20003, 401), Outcome.INVALID),
        (401, as_json({"code": 20003, "message": "Authenticate", "status": 401}), Outcome.INVALID),
        (401, as_json(twilio_error(20006, 401)), Outcome.INVALID),
        (403, as_json(twilio_error(20008, 403)), Outcome.TEST_CREDENTIALS),
        (403, as_json(twilio_error(20403, 403)), Outcome.INACTIVE),
        (403, as_json(twilio_error(70051, 403)), Outcome.FORBIDDEN),
        (401, b"", Outcome.UNVERIFIED),
        (401, b"<html><body>Unauthorized</body></html>", Outcome.UNVERIFIED),
        (401, as_json({"error": "unauthorized"}), Outcome.UNVERIFIED),
        (401, as_json({"code": 401, "message": "Unauthorized"}), Outcome.UNVERIFIED),
        (401, as_json({"code": 20003, "message": "Authenticate"}), Outcome.UNVERIFIED),
        (401, as_json(twilio_error(20404, 401)), Outcome.UNVERIFIED),
        (401, twilio_xml(20003, 401)[:80], Outcome.UNVERIFIED),
        (503, as_json(twilio_error(20403, 503)), Outcome.UNVERIFIED),
        (503, as_json(twilio_error(20003, 503)), Outcome.UNVERIFIED),
        (429, as_json(twilio_error(20008, 429)), Outcome.UNVERIFIED),
        (500, twilio_xml(20003, 500), Outcome.UNVERIFIED),
        (407, as_json(twilio_error(20003, 407)), Outcome.UNVERIFIED),
        (200, as_json(ACCOUNT), Outcome.VALID),
        (200, as_json({"ok": True}), Outcome.UNVERIFIED),
        (200, as_json([ACCOUNT]), Outcome.UNVERIFIED),
        (200, b"<html>Welcome to the hotel wifi</html>", Outcome.UNVERIFIED),
        (401, b"[" * 100_000, Outcome.UNVERIFIED),
        (401, twilio_xml(20003, 401).replace(b"20003", "２０００３".encode()), Outcome.UNVERIFIED),
        (401, twilio_xml(20003, 401).replace(b"20003", b"9" * 5000), Outcome.UNVERIFIED),
    ],
)
def test_only_twilios_own_answer_settles_the_verdict(
    status: int, content: bytes, outcome: Outcome
) -> None:
    result = verdict(status, content)
    assert result.outcome is outcome, result
    if outcome is Outcome.UNVERIFIED:
        assert result.reason is not None and URL in result.reason


def test_a_bodiless_401_says_it_may_come_from_a_proxy() -> None:
    assert verdict(401, b"").reason == (
        f"could not verify: HTTP 401 without Twilio's error body from {URL} (a proxy or gateway?)"
    )


def test_a_407_says_a_proxy_wants_credentials() -> None:
    reason = verdict(407, b"<html>407</html>").reason
    assert reason == f"could not verify: a proxy requires authentication (HTTP 407 from {URL})"


def test_a_messages_probe_needs_a_page_of_messages() -> None:
    page = as_json({"messages": [], "page": 0, "page_size": 1})
    assert verdict(200, page, account_probe=False).outcome is Outcome.VALID
    assert verdict(200, as_json(ACCOUNT), account_probe=False).outcome is Outcome.UNVERIFIED


@pytest.mark.parametrize(
    ("status", "content", "key_type"),
    [
        (200, as_json(ACCOUNT), "main"),
        (200, as_json({"ok": True}), None),
        (401, as_json(twilio_error(20003, 401)), "standard"),
        (401, b"", None),
        (403, as_json(twilio_error(70051, 403)), "restricted"),
        (502, as_json(twilio_error(70051, 502)), None),
    ],
)
def test_the_key_type_comes_only_from_twilios_own_answer(
    status: int, content: bytes, key_type: str | None
) -> None:
    answer = Answer(status=status, body=read_body(content), request_id=None)
    assert key_type_from(answer) == key_type


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><TwilioResponse/>',
        b"<TwilioResponse><Account><Sid>x</Sid></Account></TwilioResponse>",
        b"<RestException><Code>20003</Code></RestException>",
        b"\xff\xfe<junk",
    ],
)
def test_xml_other_than_twilios_rest_exception_is_not_read(content: bytes) -> None:
    assert read_body(content) is None
