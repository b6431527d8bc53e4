"""`sherlock explain`: recognition over real twilio-python texts, the CLI, and redaction.

Exception texts are produced by the installed twilio package itself, through a fake
HttpClient that returns canned responses, so a change in twilio-python's wording shows
up here rather than in a user's terminal. No network is touched.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.explain import Recognised, recognise
from sherlock.kb import load_entry
from sherlock.redact import redact_secrets

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "a1b2c3d4e5f6a7b8" * 2
API_SECRET = "Zq7LmN2pR4sT6uV8wX0yA1bC3dE5fG7h"
REQUEST_ID = "RQ" + "5" * 32
BASIC = "QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjphMWIyYzNkNGU1ZjZhN2I4"
LEGACY_401 = json.dumps(
    {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }
)
RFC9457_401 = json.dumps(
    {
        "type": "https://www.twilio.com/docs/errors/20003",
        "title": "Authenticate",
        "status": 401,
        "code": 20003,
        "detail": "credentials were not accepted",
    }
)

runner = CliRunner()


class CannedClient(HttpClient):
    """A twilio-python HttpClient that answers every request with one canned response."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(logger=logging.getLogger("canned"), is_async=False)
        self.status = status
        self.body = body

    def request(self, *args: Any, **kwargs: Any) -> Response:
        return Response(self.status, self.body, {"Twilio-Request-Id": REQUEST_ID})


def _raised(status: int, body: str, call: Callable[[Client], object]) -> Exception:
    client = Client(SID, TOKEN, http_client=CannedClient(status, body))
    with pytest.raises(Exception) as caught:
        call(client)
    return caught.value


def _fetch(client: Client) -> object:
    return client.api.v2010.accounts(SID).fetch()


def _create(client: Client) -> object:
    return client.messages.create(to="+15005550006", from_="+15005550006", body="hi")


def _list(client: Client) -> object:
    return client.messages.list(limit=1)


def _twilio_texts() -> dict[str, str]:
    fetch = _raised(401, LEGACY_401, _fetch)
    create = _raised(401, LEGACY_401, _create)
    page = _raised(401, LEGACY_401, _list)
    service = _raised(401, RFC9457_401, _fetch)
    html = _raised(401, "<html>Unauthorized</html>", _fetch)
    assert type(fetch) is TwilioRestException
    assert type(service) is TwilioServiceException
    assert type(page).__name__ == "TwilioException"
    return {
        "rest str (fetch)": str(fetch),
        "rest repr (fetch)": repr(fetch),
        "rest str (create)": str(create),
        "rest repr (create)": repr(create),
        "page str": str(page),
        "page repr": repr(page),
        "service str": str(service),
        "non-json 401 str": str(html),
        "non-json 401 repr": repr(html),
        "traceback line": f"twilio.base.exceptions.TwilioRestException: {fetch}",
    }


TWILIO_TEXTS = _twilio_texts()

PLAIN_TEXTS = {
    "json body": LEGACY_401,
    "rfc 9457 body": RFC9457_401,
    "xml body": (
        "<?xml version='1.0' encoding='UTF-8'?><TwilioResponse><RestException>"
        "<Code>20003</Code><Message>Authenticate</Message>"
        "<MoreInfo>https://www.twilio.com/docs/errors/20003</MoreInfo><Status>401</Status>"
        "</RestException></TwilioResponse>"
    ),
    "access log, path": (
        f'10.1.2.3 - - [26/Nov/2025:16:55:01 +0000] "GET /2010-04-01/Accounts/{SID}'
        '/Messages.json HTTP/1.1" 401 153 "-" "twilio-python/9.13.0"'
    ),
    "access log, url": (
        f'"POST https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json HTTP/1.1" 401 153'
    ),
    "error 20003": "error 20003",
    "Twilio 20003": "Twilio 20003",
    "code=20003": "code=20003",
    "Twilio error code 20003": "send failed: Twilio error code 20003",
    "ErrorCode=20003": "ErrorCode=20003 ErrorMessage=Authenticate",
    "docs link": "see https://www.twilio.com/docs/errors/20003",
}

NOT_20003 = {
    "message text alone": "Authenticate",
    "catalogue title alone": "Permission Denied",
    "invalid username text": "Authentication Error - invalid username",
    "401 with no Twilio": "HTTP 401 Unauthorized",
    "webhook to our own server": '"POST /sms HTTP/1.1" 401 0 "-" "TwilioProxy/1.1"',
    "other code 21211": "error 21211",
    "other code json": '{"code": 20404, "message": "not found", "status": 404}',
    "twilio 404": "HTTP 404 error: Unable to fetch record: The requested resource was not found",
    "other code in repr": repr(
        TwilioRestException(400, "/Messages.json", "Unable to create record: bad To", 21211, "POST")
    ),
    "401 to a non-Twilio api": '"GET https://api.example.com/v1/me HTTP/1.1" 401 12',
    "prose": "the deploy went fine",
}


@pytest.mark.parametrize("name", sorted(TWILIO_TEXTS) + sorted(PLAIN_TEXTS))
def test_recognised_as_20003(name: str) -> None:
    text = TWILIO_TEXTS.get(name) or PLAIN_TEXTS[name]
    found = recognise(text)
    assert found is not None, text
    assert (found.entry_id, found.code, found.http_status) == ("twilio-20003", 20003, 401)


@pytest.mark.parametrize("name", sorted(NOT_20003))
def test_not_recognised(name: str) -> None:
    assert recognise(NOT_20003[name]) is None


def test_code_basis_stated_or_inferred() -> None:
    stated = recognise(TWILIO_TEXTS["rest repr (fetch)"])
    inferred = recognise(TWILIO_TEXTS["rest str (fetch)"])
    assert stated is not None and stated.code_stated
    assert inferred is not None and not inferred.code_stated
    assert "401" in inferred.code_basis


def test_details_extracted_from_repr() -> None:
    found = recognise(TWILIO_TEXTS["rest repr (fetch)"])
    assert found == Recognised(
        entry_id="twilio-20003",
        provider="twilio",
        code=20003,
        http_status=401,
        code_stated=True,
        form="twilio-python TwilioRestException",
        message="Unable to fetch record: Authenticate",
        uri=f"/Accounts/{SID}.json",
    )


def test_forms_are_named() -> None:
    forms = {name: recognise(text) for name, text in {**TWILIO_TEXTS, **PLAIN_TEXTS}.items()}
    assert forms["page repr"] is not None
    assert "list()" in forms["page repr"].form
    assert forms["xml body"] is not None and forms["xml body"].form == "XML error body"
    assert forms["access log, url"] is not None
    assert forms["access log, url"].form == "HTTP access log line"


def test_request_id_and_url_found() -> None:
    text = (
        f"Twilio-Request-Id: {REQUEST_ID}\n"
        f"POST https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/{SID}/Messages.json\n"
        f"{LEGACY_401}"
    )
    found = recognise(text)
    assert found is not None
    assert found.request_id == REQUEST_ID
    assert found.uri == f"https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"
    assert found.message == "Authenticate"


def test_tty_exception_text_with_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal twilio-python adds ANSI colours and a docs link carrying the code."""

    class FakeTTY:
        def isatty(self) -> bool:
            return True

    exc = _raised(401, LEGACY_401, _fetch)
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    coloured = str(exc)
    monkeypatch.undo()
    assert "\x1b[" in coloured
    found = recognise(coloured)
    assert found is not None and found.code_stated


# --- redaction ------------------------------------------------------------------------


SECRET_TEXT = (
    f"code=20003 TWILIO_AUTH_TOKEN={TOKEN}\n"
    f"Authorization: Basic {BASIC}\n"
    f"bare {TOKEN} and api_secret: {API_SECRET}\n"
    f"GET https://{SID}:{TOKEN}@api.twilio.com/2010-04-01/Accounts/{SID}.json\n"
    f"key secret alone {API_SECRET}\n"
)
RAW_SECRETS = (TOKEN, BASIC, API_SECRET)


def test_redaction_masks_secrets_and_keeps_identifiers() -> None:
    clean = redact_secrets(SECRET_TEXT)
    for secret in RAW_SECRETS:
        assert secret not in clean
    assert SID in clean
    assert redact_secrets(REQUEST_ID) == REQUEST_ID
    assert "Basic [redacted]" in clean
    assert redact_secrets('WWW-Authenticate: Basic realm="Twilio API"').endswith('"Twilio API"')


def test_recognised_fields_carry_no_secret() -> None:
    found = recognise(SECRET_TEXT)
    assert found is not None
    dumped = json.dumps(found.to_dict())
    for secret in RAW_SECRETS:
        assert secret not in dumped
    assert found.uri == f"https://api.twilio.com/2010-04-01/Accounts/{SID}.json"


@pytest.mark.parametrize("output", ["rich", "json", "markdown"])
def test_cli_never_echoes_secrets(output: str) -> None:
    result = runner.invoke(app, ["explain", "--format", output, SECRET_TEXT])
    assert result.exit_code == 0, result.output
    for secret in RAW_SECRETS:
        assert secret not in result.output


def test_cli_unrecognised_input_with_secret_does_not_echo_it() -> None:
    result = runner.invoke(app, ["explain", f"token {TOKEN} failed"])
    assert result.exit_code == 2
    assert TOKEN not in result.output


# --- CLI ------------------------------------------------------------------------------


def test_cli_argument_rich() -> None:
    result = runner.invoke(app, ["explain", TWILIO_TEXTS["rest str (fetch)"]])
    assert result.exit_code == 0, result.output
    assert "Recognised" in result.stdout
    assert "Twilio 20003 (HTTP 401)" in result.stdout
    assert "stale-credential-after-rotation" in result.stdout


def test_cli_stdin_without_argument() -> None:
    result = runner.invoke(app, ["explain", "--format", "json"], input=LEGACY_401)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recognised"]["code"] == 20003
    assert data["recognised"]["message"] == "Authenticate"
    assert [c["id"] for c in data["entry"]["causes"]] == list(load_entry("twilio-20003").cause_ids)


def test_cli_stdin_dash() -> None:
    result = runner.invoke(app, ["explain", "-", "-f", "json"], input=PLAIN_TEXTS["xml body"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recognised"]["form"] == "XML error body"


def test_cli_markdown() -> None:
    result = runner.invoke(app, ["explain", "-f", "markdown", "error 20003"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Recognised error")
    assert "# Twilio 20003" in result.stdout


@pytest.mark.parametrize("text", ["Authenticate", "error 21211", "HTTP 401 Unauthorized"])
def test_cli_unknown_input_exits_2(text: str) -> None:
    result = runner.invoke(app, ["explain", text])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "not recognised" in result.stderr


def test_cli_empty_stdin_exits_2() -> None:
    result = runner.invoke(app, ["explain"], input="")
    assert result.exit_code == 2
    assert "empty" in result.stderr


def test_escape_sequences_in_a_pasted_error_never_reach_the_result() -> None:
    pasted = (
        '{"code": 20003, "message": "Authenticate\\u001b]8;;http://evil\\u0007 here\\u202e", '
        '"status": 401}'
    )
    found = recognise(pasted)
    assert found is not None
    shown = json.dumps(found.to_dict(), ensure_ascii=False)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert "\u202e" not in shown
    assert found.message is not None and found.message.startswith("Authenticate")


def test_a_json_body_indented_with_tabs_is_still_read() -> None:
    found = recognise('{\n\t"code":\t20003,\n\t"message":\t"Authenticate",\n\t"status":\t401\n}')
    assert found is not None
    assert (found.code, found.message) == (20003, "Authenticate")
