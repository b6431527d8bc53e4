"""Heroku: the ``env`` of ``app.json`` (Heroku Button, review apps, Heroku CI)."""

from __future__ import annotations

import json
from pathlib import Path

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, scan, write_tree

APP = {
    "name": "sms-reminders",
    "repository": "https://github.com/acme/sms-reminders",
    "env": {
        "TWILIO_ACCOUNT_SID": {"description": "Your Account SID", "value": SID},
        "TWILIO_AUTH_TOKEN": {"description": "Your auth token", "value": TOKEN, "required": True},
        "SECRET_KEY": {"generator": "secret"},
        "WEB_CONCURRENCY": "2",
    },
    "environments": {
        "test": {"env": {"TWILIO_ACCOUNT_SID": SID_2, "TWILIO_AUTH_TOKEN": TOKEN_2}},
    },
}


def _scan(tmp_path: Path, app: object, relpath: str = "app.json") -> CollectResult:
    return scan(write_tree(tmp_path, {relpath: json.dumps(app, indent=2) + "\n"}))


def _heroku(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "heroku-app-json"]


def test_env_values_and_the_ci_test_environment_are_separate_sets(tmp_path: Path) -> None:
    mine = _heroku(_scan(tmp_path, APP))
    seen = {(v.environment, v.field, str(v.location), v.value.reveal()) for v in mine}
    assert seen == {
        ("default", "account_sid", "app.json:7", SID),
        ("default", "auth_token", "app.json:11", TOKEN),
        ("test", "account_sid", "app.json:22", SID_2),
        ("test", "auth_token", "app.json:23", TOKEN_2),
    }


def test_a_plain_string_value_is_read(tmp_path: Path) -> None:
    app = {"env": {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}}
    mine = _heroku(_scan(tmp_path, app))
    assert {v.value.reveal() for v in mine} == {SID, TOKEN}


def test_a_declared_variable_without_value_is_a_note_that_heroku_holds_it(
    tmp_path: Path,
) -> None:
    app = {"env": {"TWILIO_AUTH_TOKEN": {"description": "Auth token", "required": True}}}
    result = _scan(tmp_path, app)
    assert _heroku(result) == []
    [note] = [n for n in result.notes if n.location.startswith("app.json")]
    assert "config var" in note.message and note.location == "app.json:3"


def test_a_placeholder_default_is_a_form_prompt_not_a_credential(tmp_path: Path) -> None:
    app = {"env": {"TWILIO_AUTH_TOKEN": {"value": "your-twilio-auth-token"}}}
    result = _scan(tmp_path, app)
    assert _heroku(result) == []
    assert any("form" in n.message for n in result.notes)


def test_invalid_json_is_a_note_not_a_crash(tmp_path: Path) -> None:
    text = '{"env": {"TWILIO_AUTH_TOKEN": "' + TOKEN + '",}\n'
    result = scan(write_tree(tmp_path, {"app.json": text}))
    assert _heroku(result) == []
    assert any(n.location.startswith("app.json") and "JSON" in n.message for n in result.notes)


def test_an_app_json_in_a_service_folder_names_the_service(tmp_path: Path) -> None:
    mine = _heroku(_scan(tmp_path, APP, "services/reminders/app.json"))
    assert {v.service for v in mine} == {"reminders"}


def test_a_sid_whose_token_is_a_heroku_config_var_is_held_back(tmp_path: Path) -> None:
    app = {"env": {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": {"required": True}}}
    result = _scan(tmp_path, app)
    assert _heroku(result) == []
    assert any("Heroku" in n.message and "not checked" in n.message for n in result.notes)
