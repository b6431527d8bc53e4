"""Errors as twilio-python itself prints them are recognised as the code they carry.

The exceptions are built the way twilio-python builds them (``TwilioRestException(status,
uri, msg, code, method)``, positionally, in ``twilio/base/version.py``), so ``repr()``
carries the code; ``str()`` carries it only on a terminal (a docs link). Codes whose
knowledge-base entry has not landed yet are skipped with a reason, not failed.
"""

from __future__ import annotations

import sys

import pytest
from twilio.base.exceptions import TwilioRestException

from sherlock.explain import recognise
from sherlock.kb.loader import entry_id_for_code

SID = "AC" + "0123456789abcdef" * 2
MESSAGES_URI = f"/Accounts/{SID}/Messages.json"

#: code → (HTTP status, the message twilio-python builds: "Unable to <verb> record: <title>")
SAMPLES = {
    20003: (401, "Unable to fetch record: Authenticate"),
    20005: (401, "Unable to create record: Account not active"),
    20403: (403, "Unable to create record: Permission Denied"),
    70051: (403, "Unable to create record: Authorization failed"),
}


def _exception(code: int) -> TwilioRestException:
    status, message = SAMPLES[code]
    return TwilioRestException(status, MESSAGES_URI, message, code, "POST")


def _needs_entry(code: int) -> None:
    if entry_id_for_code("twilio", code) is None:
        pytest.skip(f"no knowledge-base entry for twilio-{code} yet (kb/data/twilio/{code}.yaml)")


def _on_a_terminal(exc: TwilioRestException, monkeypatch: pytest.MonkeyPatch) -> str:
    class FakeTTY:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", FakeTTY())
    text = str(exc)
    monkeypatch.undo()
    return text


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_repr_of_the_sdk_exception_is_recognised_as_its_own_code(code: int) -> None:
    _needs_entry(code)
    found = recognise(repr(_exception(code)))
    assert found is not None
    assert (found.entry_id, found.code, found.code_stated) == (f"twilio-{code}", code, True)
    assert found.http_status == SAMPLES[code][0]
    assert found.message == SAMPLES[code][1]
    assert found.uri == MESSAGES_URI


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_terminal_str_of_the_sdk_exception_is_recognised_by_its_docs_link(
    code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_entry(code)
    found = recognise(_on_a_terminal(_exception(code), monkeypatch))
    assert found is not None
    assert (found.entry_id, found.code_stated) == (f"twilio-{code}", True)


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_traceback_line_names_the_code_of_the_exception(code: int) -> None:
    _needs_entry(code)
    text = f"Traceback (most recent call last):\n  ...\ntwilio.base.exceptions.{_exception(code)!r}"
    found = recognise(text)
    assert found is not None and found.code == code


def test_plain_str_of_a_401_without_a_code_is_twilios_authentication_failure() -> None:
    found = recognise(str(TwilioRestException(401, f"/Accounts/{SID}.json", "Unable to fetch")))
    assert found is not None
    assert (found.entry_id, found.code_stated) == ("twilio-20003", False)


def test_plain_str_of_a_403_without_a_code_is_not_taken_for_20003() -> None:
    text = str(_exception(20403))  # "HTTP 403 error: ...": the code is not in str()
    assert "20403" not in text
    assert recognise(text) is None


def test_a_code_sherlock_has_no_entry_for_is_not_recognised_even_on_a_401() -> None:
    exc = TwilioRestException(401, MESSAGES_URI, "Unable to create record: odd", 29999, "POST")
    assert entry_id_for_code("twilio", 29999) is None
    assert recognise(repr(exc)) is None


@pytest.mark.parametrize(
    ("typed", "entry_id", "stated"),
    [("20003", "twilio-20003", True), (" 401 ", "twilio-20003", False), ("20005", None, True)],
)
def test_a_bare_code_or_401_typed_alone_names_its_entry(
    typed: str, entry_id: str | None, stated: bool
) -> None:
    """401 alone is Twilio's 20003 even though other entries (the access-token errors) also
    answer with HTTP 401; a code is its own entry when the knowledge base has one."""
    from sherlock.explain import recognise_bare

    wanted = entry_id or f"twilio-{typed.strip()}"
    if entry_id_for_code("twilio", int(wanted.rpartition("-")[2])) is None:
        pytest.skip(f"no knowledge-base entry {wanted} yet")
    found = recognise_bare(typed)
    assert found is not None and (found.entry_id, found.code_stated) == (wanted, stated)
