"""App Engine's ``app.yaml`` ``env_variables`` and Azure Functions' ``local.settings.json``."""

from __future__ import annotations

import json
from pathlib import Path

from .builders import SID, TOKEN, raw, scan, write_tree


def _found(root: Path) -> dict[str, tuple[str, str, str, str]]:
    return {v.name: (str(v.location), raw(v), v.environment, v.service) for v in scan(root).values}


def test_app_engine_env_variables_are_the_apps(tmp_path: Path) -> None:
    app = (
        "runtime: python312\nservice: sms\n\nenv_variables:\n"
        f'  TWILIO_ACCOUNT_SID: "{SID}"\n  TWILIO_AUTH_TOKEN: "{TOKEN}"\n'
    )
    write_tree(tmp_path, {"gae/staging/app.yaml": app})
    found = _found(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"] == ("gae/staging/app.yaml:6", TOKEN, "staging", "sms")


def test_a_yaml_without_runtime_is_not_app_engine(tmp_path: Path) -> None:
    write_tree(tmp_path, {"conf/vars.yaml": f"env_variables:\n  TWILIO_AUTH_TOKEN: {TOKEN}\n"})
    assert all(v.source_kind != "app-engine" for v in scan(tmp_path).values)


def test_azure_local_settings_values_are_the_local_runs(tmp_path: Path) -> None:
    settings = {
        "IsEncrypted": False,
        "Values": {"FUNCTIONS_WORKER_RUNTIME": "node", "TWILIO_AUTH_TOKEN": TOKEN},
    }
    write_tree(tmp_path, {"SmsFunc/local.settings.json": json.dumps(settings, indent=2)})
    found = _found(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"] == ("SmsFunc/local.settings.json:5", TOKEN, "dev", "SmsFunc")


def test_encrypted_local_settings_are_a_note(tmp_path: Path) -> None:
    settings = {"IsEncrypted": True, "Values": {"TWILIO_AUTH_TOKEN": "CfDJ8Ak0c2Fh"}}
    write_tree(tmp_path, {"local.settings.json": json.dumps(settings)})
    result = scan(tmp_path)
    assert result.values == []
    assert any("encrypted" in str(n) for n in result.notes)
