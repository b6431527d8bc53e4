"""Redaction and recognition stay linear on long runs of dashed or dotted words.

The HTTP API reads up to a megabyte of alert or error text and Slack up to 40,000
characters, on the event loop; a text such as ``a-a-a-…`` once cost quadratic time in the
``name=secret`` and ``scheme://user:password@`` patterns (seconds at 30,000 characters,
hours at a megabyte), stalling every other request meanwhile.
"""

from __future__ import annotations

import time

import pytest

from sherlock.explain import recognise
from sherlock.redact import redact_secrets

SIZE = 30_000


@pytest.mark.parametrize("unit", ["a-", "a.", "ab-", "ab.c-"])
def test_long_dashed_or_dotted_text_is_read_quickly(unit: str) -> None:
    text = unit * (SIZE // len(unit))
    started = time.perf_counter()
    assert redact_secrets(text) == text
    assert recognise(text) is None
    assert time.perf_counter() - started < 1.0


def test_assignments_and_url_passwords_are_still_masked() -> None:
    text = (
        "x-api.auth_token=0f0f secret: hunter2 abc=token=zzz9 --password=pw1 "
        "see https://user:pa55@example.com/x and db+ssl://u:p@db/x"
    )
    clean = redact_secrets(text)
    for gone in ("0f0f", "hunter2", "zzz9", "pw1", "pa55", ":p@"):
        assert gone not in clean
    for kept in ("x-api.auth_token=", "secret: ", "abc=token=", "--password=", "https://user:"):
        assert kept in clean


def test_many_unclosed_xml_messages_are_read_quickly() -> None:
    text = "HTTP 401 error: Unable to fetch record: Authenticate " + "<Message>" * 8_000
    started = time.perf_counter()
    found = recognise(text)
    assert found is not None and found.entry_id == "twilio-20003"
    assert time.perf_counter() - started < 1.0


def test_an_xml_message_is_still_read() -> None:
    body = "<TwilioResponse><RestException><Code>20003</Code><Message>Authenticate\n"
    found = recognise(body + "</Message><Status>401</Status></RestException></TwilioResponse>")
    assert found is not None and found.message == "Authenticate"
