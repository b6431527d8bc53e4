"""Twilio CLI profiles and the process environment."""

from __future__ import annotations

import json
from pathlib import Path

from sherlock.providers.twilio.records import Field

from .builders import KEY_SECRET, KEY_SID, SID, SID_2, TOKEN, by_location, raw, scan, write_tree


def cli_config(**profiles: dict[str, str]) -> str:
    return json.dumps({"profiles": profiles, "activeProfile": "prod"}, indent=2) + "\n"


def test_each_cli_profile_is_its_own_scope_with_exact_lines(tmp_path: Path) -> None:
    config = cli_config(
        prod={"accountSid": SID, "apiKey": KEY_SID, "apiSecret": KEY_SECRET, "region": "ie1"},
        sandbox={"accountSid": SID_2, "apiKey": KEY_SID, "apiSecret": KEY_SECRET},
    )
    write_tree(tmp_path, {".twilio-cli/config.json": config})
    found = by_location(scan(tmp_path))
    lines = config.splitlines()
    for location, value in found.items():
        line = int(location.rsplit(":", 1)[1])
        assert f'"{value.name}"' in lines[line - 1]
    prod = [v for v in found.values() if v.scope == "twilio-cli:prod@.twilio-cli/config.json"]
    assert {v.field for v in prod} == {
        Field.ACCOUNT_SID,
        Field.API_KEY_SID,
        Field.API_KEY_SECRET,
        Field.REGION,
    }
    assert {(v.environment, v.service, v.source_kind) for v in prod} == {
        ("prod", "twilio-cli", "twilio-cli")
    }
    sandbox = [v for v in found.values() if "sandbox" in v.scope]
    assert {v.environment for v in sandbox} == {"default"}


def test_any_config_json_with_profiles_is_a_cli_config(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "ops/config.json": cli_config(ci={"accountSid": SID}),
            "app/config.json": json.dumps({"TWILIO_ACCOUNT_SID": SID}),
        },
    )
    (value,) = scan(tmp_path).values
    assert (str(value.location), value.environment) == ("ops/config.json:4", "test")


def test_broken_cli_json_is_a_note(tmp_path: Path) -> None:
    write_tree(tmp_path, {"config.json": '{"profiles": {"a": {"accountSid": "x",}}}'})
    result = scan(tmp_path)
    assert result.values == []
    assert result.notes[0].message.startswith("not valid JSON (line 1)")


def test_process_environment_twilio_variables(tmp_path: Path) -> None:
    environ = {
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": f"{TOKEN}\n",
        "PROD_TWILIO_AUTH_TOKEN": TOKEN,
        "HOME": "/root",
        "SOME_SID": SID_2,
    }
    values = scan(tmp_path, process_env=environ).values
    assert [(str(v.location), v.scope, v.environment, v.service) for v in values] == [
        ("env:PROD_TWILIO_AUTH_TOKEN", "process-env#prod", "process", "process"),
        ("env:TWILIO_ACCOUNT_SID", "process-env", "process", "process"),
        ("env:TWILIO_AUTH_TOKEN", "process-env", "process", "process"),
    ]
    assert raw(values[2]) == f"{TOKEN}\n"
    assert {v.source_kind for v in values} == {"process-env"}


def test_no_process_environment_means_no_process_values(tmp_path: Path) -> None:
    assert scan(tmp_path).values == []


def test_cli_lines_are_found_even_when_a_profile_name_appears_earlier(tmp_path: Path) -> None:
    config = (
        '{\n  "activeProfile": "prod",\n  "note": "prod",\n  "profiles": {\n'
        f'    "prod": {{\n      "accountSid": "{SID}"\n    }}\n  }}\n}}\n'
    )
    write_tree(tmp_path, {".twilio-cli/config.json": config})
    (value,) = scan(tmp_path).values
    assert str(value.location) == ".twilio-cli/config.json:6"
