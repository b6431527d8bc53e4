"""The start-up guard: one exception naming the variable and the problem, never the value."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import BaseModel

from sherlock.guard import (
    TwilioAccountSid,
    TwilioAuthToken,
    TwilioCredentialError,
    require_twilio_credentials,
)

SID = "AC" + "0123456789abcdef" * 2
KEY = "SK" + "fedcba9876543210" * 2
TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SECRET = "Zq4Lm8Np2Rs6Tv0Xb3Cd7Fg1Hj5Kw9Ya"


def _env(**values: str) -> dict[str, str]:
    return {f"TWILIO_{name}": value for name, value in values.items()}


def test_a_good_auth_token_pair_passes() -> None:
    settings = require_twilio_credentials(_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN))
    assert settings.username == SID
    assert TOKEN not in repr(settings)


def test_a_good_api_key_set_passes() -> None:
    env = _env(ACCOUNT_SID=SID, API_KEY=KEY, API_SECRET=SECRET, REGION="ie1", EDGE="dublin")
    settings = require_twilio_credentials(env)
    assert (settings.username, settings.region) == (KEY, "ie1")
    assert SECRET not in repr(settings)


@pytest.mark.parametrize(
    ("env", "variable", "problem"),
    [
        (_env(AUTH_TOKEN=TOKEN), "TWILIO_ACCOUNT_SID", "is not set"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN + "\n"), "TWILIO_AUTH_TOKEN", "ends with a newline"),
        (_env(ACCOUNT_SID=" " + SID, AUTH_TOKEN=TOKEN), "TWILIO_ACCOUNT_SID", "starts with a space"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=f'"{TOKEN}"'), "TWILIO_AUTH_TOKEN", "wrapped in quotes"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN[:16] + "\u200b" + TOKEN[16:]),
         "TWILIO_AUTH_TOKEN", "invisible character"),
        (_env(ACCOUNT_SID=KEY, AUTH_TOKEN=TOKEN), "TWILIO_ACCOUNT_SID", "holds an API Key SID"),
        (_env(ACCOUNT_SID="MG" + SID[2:], AUTH_TOKEN=TOKEN),
         "TWILIO_ACCOUNT_SID", "holds a Messaging Service SID"),
        (_env(ACCOUNT_SID=TOKEN, AUTH_TOKEN=SID), "TWILIO_ACCOUNT_SID", "an auth token, not a SID"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=SID), "TWILIO_AUTH_TOKEN", "fields may be swapped"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN[:31]), "TWILIO_AUTH_TOKEN", "got 31 characters"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN="your_auth_token"), "TWILIO_AUTH_TOKEN", "placeholder"),
        (_env(API_KEY=KEY, API_SECRET=SECRET), "TWILIO_ACCOUNT_SID", "also needs its Account SID"),
        (_env(ACCOUNT_SID=SID, API_KEY=SID, API_SECRET=SECRET), "TWILIO_API_KEY",
         "holds an Account SID, not an API Key SID"),
        (_env(ACCOUNT_SID=SID, API_KEY=KEY), "TWILIO_API_SECRET", "is not set while API_KEY is"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN, REGION="ie1"), "TWILIO_REGION",
         "without an EDGE"),
        (_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN, REGION="eu1", EDGE="dublin"), "TWILIO_REGION",
         "is not a Twilio region"),
    ],
)  # fmt: skip
def test_each_problem_names_the_variable_and_never_the_value(
    env: dict[str, str], variable: str, problem: str
) -> None:
    with pytest.raises(TwilioCredentialError) as raised:
        require_twilio_credentials(env)
    message = str(raised.value)
    assert raised.value.variable == variable
    assert message.startswith(variable + " ")
    assert problem in message
    for secret in (TOKEN, SECRET, SID[2:], KEY[2:]):
        for start in range(len(secret) - 7):
            assert secret[start : start + 8] not in message


class Settings(BaseModel):
    twilio_account_sid: TwilioAccountSid
    twilio_auth_token: TwilioAuthToken


def test_the_pydantic_types_accept_good_values() -> None:
    settings = Settings(twilio_account_sid=SID, twilio_auth_token=TOKEN)  # type: ignore[arg-type]
    assert settings.twilio_auth_token == TOKEN


def test_the_pydantic_types_raise_without_echoing_the_value() -> None:
    with pytest.raises(TwilioCredentialError) as raised:
        Settings(twilio_account_sid=SID, twilio_auth_token=TOKEN + "\n")  # type: ignore[arg-type]
    assert str(raised.value) == "TWILIO_AUTH_TOKEN ends with a newline"


def test_the_live_check_reports_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    seen: list[str] = []

    def fake_get(url: str, **_: object) -> httpx.Response:
        seen.append(url)
        body = {"code": 20003, "message": "Authenticate", "status": 401}
        return httpx.Response(401, json=body)

    monkeypatch.setattr(httpx, "get", fake_get)
    with pytest.raises(TwilioCredentialError, match="rejected by Twilio"):
        require_twilio_credentials(_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN), live=True)
    assert seen == [f"https://api.twilio.com/2010-04-01/Accounts/{SID}.json"]


def test_the_live_check_does_not_block_start_up_on_a_network_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import httpx

    def unreachable(url: str, **_: object) -> httpx.Response:
        raise httpx.ConnectError("refused")

    monkeypatch.setattr(httpx, "get", unreachable)
    assert require_twilio_credentials(_env(ACCOUNT_SID=SID, AUTH_TOKEN=TOKEN), live=True)


def test_importing_the_guard_pulls_in_no_heavy_library() -> None:
    code = (
        "import sys, sherlock.guard; "
        "heavy = [m for m in ('httpx', 'pydantic', 'boto3', 'hvac', 'fastapi', 'slack_bolt', "
        "'rich', 'typer') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
