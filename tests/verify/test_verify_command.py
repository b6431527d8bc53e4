"""`sherlock verify REF...`: one set, by reference, against the emulator (and moto for AWS)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import assert_no_secret

BOOK = CredentialBook()
EMULATOR = {"accounts": [{"name": "prod"}], "keys": [{"name": "ops", "account": "prod"}]}


def _verify(
    tmp_path: Path, twilio: TwilioEmulator, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(
            app,
            ["verify", *args, "--twilio-base-url", twilio.base_url, "--timeout", "2"],
            env=env,
        )
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


def test_env_reference_is_verified_and_described_masked(tmp_path: Path) -> None:
    env = {"TWILIO_ACCOUNT_SID": BOOK.sid("prod"), "TWILIO_AUTH_TOKEN": BOOK.token("prod")}
    with TwilioEmulator(BOOK.state(EMULATOR)) as twilio:
        code, out, err = _verify(
            tmp_path,
            twilio,
            "env:TWILIO_ACCOUNT_SID",
            "env:TWILIO_AUTH_TOKEN",
            "--format",
            "json",
            env=env,
        )
    assert code == 0, err
    (checked,) = json.loads(out)["sets"]
    assert checked["status"] == "valid"
    assert checked["account_status"] == "active"
    assert checked["region"] == "us1"
    assert checked["credential"] == "auth-token"
    assert checked["friendly_name"]
    assert_no_secret(BOOK, out, err)
    assert BOOK.sid("prod") not in out


def test_a_file_reference_with_a_rejected_token_exits_1(tmp_path: Path) -> None:
    (tmp_path / "prod.env").write_text(
        f"TWILIO_ACCOUNT_SID={BOOK.sid('prod')}\nTWILIO_AUTH_TOKEN={BOOK.token('prod', 'old')}\n",
        encoding="utf-8",
    )
    with TwilioEmulator(BOOK.state(EMULATOR)) as twilio:
        code, out, err = _verify(tmp_path, twilio, "prod.env")
    assert code == 1, out + err
    assert out.startswith("INVALID  invalid, HTTP 401 code 20003")
    assert "TWILIO_AUTH_TOKEN at prod.env:2 = ****" in out
    assert_no_secret(BOOK, out, err)


def test_an_api_key_set_reports_its_key_type(tmp_path: Path) -> None:
    (tmp_path / "ops.env").write_text(
        f"TWILIO_ACCOUNT_SID={BOOK.sid('prod')}\nTWILIO_API_KEY={BOOK.value('keysid', 'ops')}\n"
        f"TWILIO_API_SECRET={BOOK.value('keysecret', 'ops')}\n",
        encoding="utf-8",
    )
    with TwilioEmulator(BOOK.state(EMULATOR)) as twilio:
        code, out, err = _verify(tmp_path, twilio, "ops.env", "--format", "json")
    (checked,) = json.loads(out)["sets"]
    assert code == 0, err
    assert (checked["credential"], checked["key_type"]) == ("api-key", "standard")


def test_a_reference_that_is_not_one_is_a_usage_error_that_does_not_echo_it(
    tmp_path: Path,
) -> None:
    with TwilioEmulator(BOOK.state(EMULATOR)) as twilio:
        code, _, err = _verify(tmp_path, twilio, f"env:{BOOK.token('prod')}")
    assert code == 2
    assert "is not one Sherlock can read" in err
    assert_no_secret(BOOK, err)


def test_references_without_a_pair_are_a_usage_error(tmp_path: Path) -> None:
    with TwilioEmulator(BOOK.state(EMULATOR)) as twilio:
        code, _, err = _verify(tmp_path, twilio, "env:TWILIO_NOT_SET_ANYWHERE")
    assert code == 2
    assert err.startswith("sherlock: error: no credential set found")


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with TwilioEmulator(BOOK.state(EMULATOR)) as twilio:
        code, _, err = _verify(tmp_path, twilio, "nope.env")
    assert (code, err.strip()) == (2, "sherlock: error: a file reference names no readable file")


def test_a_store_reference_is_read_from_moto_and_verified(tmp_path: Path) -> None:
    from tests.store_harness import running_stores

    spec = {
        "stores": {
            "aws": [
                {
                    "name": "prod/twilio",
                    "versions": [{"accountSid": "{{sid:prod}}", "authToken": "{{token:prod}}"}],
                }
            ]
        }
    }
    with (
        TwilioEmulator(BOOK.state(EMULATOR)) as twilio,
        running_stores(spec, BOOK) as store_env,
    ):
        code, out, err = _verify(
            tmp_path, twilio, "aws-sm://prod/twilio", "--format", "json", env=store_env
        )
    assert code == 0, err
    (checked,) = json.loads(out)["sets"]
    assert checked["status"] == "valid"
    assert checked["values"][0]["location"].startswith("aws-sm://prod/twilio")
    assert_no_secret(BOOK, out, err)
