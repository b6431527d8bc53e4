"""Vercel: the env files ``vercel pull`` caches under ``.vercel/``, one per target."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

PULLED = f'''# Created by Vercel CLI
NODE_ENV="production"
TWILIO_ACCOUNT_SID="{SID}"
TWILIO_AUTH_TOKEN="{TOKEN}"
VERCEL="1"
'''


def _vercel(tmp_path: Path, files: dict[str, str]) -> list[FoundValue]:
    result = scan(write_tree(tmp_path, files))
    return [v for v in result.values if v.source_kind == "vercel-pull"]


@pytest.mark.parametrize(
    ("target", "environment"),
    [
        ("production", "prod"),
        ("preview", "preview"),
        ("development", "dev"),
        ("staging", "staging"),
        ("qa-eu", "qa-eu"),
    ],
)
def test_each_pulled_target_is_its_own_environment(
    tmp_path: Path, target: str, environment: str
) -> None:
    mine = _vercel(tmp_path, {f".vercel/.env.{target}.local": PULLED})
    assert {v.environment for v in mine} == {environment}
    assert [(v.field, str(v.location)) for v in mine] == [
        ("account_sid", f".vercel/.env.{target}.local:3"),
        ("auth_token", f".vercel/.env.{target}.local:4"),
    ]


def test_the_pulled_file_is_read_once_and_named_after_vercel(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {".vercel/.env.preview.local": PULLED}))
    tokens = [v for v in result.values if v.field == "auth_token"]
    assert len(tokens) == 1
    assert "vercel" in tokens[0].consumer


def test_the_project_folder_names_the_service(tmp_path: Path) -> None:
    mine = _vercel(tmp_path, {"apps/checkout/.vercel/.env.production.local": PULLED})
    assert {v.service for v in mine} == {"checkout"}


def test_an_escaped_newline_is_decoded_as_vercel_dev_reads_it(tmp_path: Path) -> None:
    text = f'TWILIO_ACCOUNT_SID="{SID}"\nTWILIO_AUTH_TOKEN="{TOKEN_2}\\n"\n'
    mine = _vercel(tmp_path, {".vercel/.env.production.local": text})
    [token] = [v for v in mine if v.field == "auth_token"]
    assert token.value.reveal() == TOKEN_2 + "\n"


def test_a_root_env_local_is_left_to_the_env_file_reader(tmp_path: Path) -> None:
    assert _vercel(tmp_path, {".env.production.local": PULLED}) == []


VERCEL_JSON = f"""{{
  "version": 2,
  "build": {{
    "env": {{
      "TWILIO_ACCOUNT_SID": "{SID}",
      "TWILIO_AUTH_TOKEN": "{TOKEN}"
    }}
  }},
  "env": {{
    "NODE_ENV": "production",
    "TWILIO_ACCOUNT_SID": "{SID_2}",
    "TWILIO_AUTH_TOKEN": "{TOKEN_2}"
  }}
}}
"""


def _config(tmp_path: Path, files: dict[str, str]) -> CollectResult:
    return scan(write_tree(tmp_path, files))


def _json_values(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "vercel-json"]


def test_vercel_json_env_and_build_env_are_two_sets_located_by_line(tmp_path: Path) -> None:
    mine = _json_values(_config(tmp_path, {"vercel.json": VERCEL_JSON}))
    seen = {(v.consumer, v.field, str(v.location), raw(v)) for v in mine}
    build, runtime = "vercel build (vercel.json build.env)", "vercel deployment (vercel.json env)"
    assert seen == {
        (build, "account_sid", "vercel.json:5", SID),
        (build, "auth_token", "vercel.json:6", TOKEN),
        (runtime, "account_sid", "vercel.json:11", SID_2),
        (runtime, "auth_token", "vercel.json:12", TOKEN_2),
    }
    assert len({v.scope for v in mine}) == 2


def test_the_legacy_now_json_of_a_project_folder_is_read_and_names_the_service(
    tmp_path: Path,
) -> None:
    mine = _json_values(_config(tmp_path, {"apps/notify/now.json": VERCEL_JSON}))
    assert len(mine) == 4
    assert {v.service for v in mine} == {"notify"}


def test_a_legacy_secret_reference_is_a_note_and_its_half_is_held_back(tmp_path: Path) -> None:
    text = (
        '{\n  "env": {\n    "TWILIO_ACCOUNT_SID": "' + SID + '",\n'
        '    "TWILIO_AUTH_TOKEN": "@twilio-auth-token"\n  }\n}\n'
    )
    result = _config(tmp_path, {"vercel.json": text})
    assert _json_values(result) == []
    notes = [n for n in result.notes if n.location == "vercel.json:4"]
    assert notes and "secret" in notes[0].message


def test_invalid_vercel_json_is_a_note_not_a_crash(tmp_path: Path) -> None:
    text = '{\n  "env": {\n    "TWILIO_AUTH_TOKEN": "' + TOKEN + '",\n  }\n'
    result = _config(tmp_path, {"vercel.json": text})
    assert _json_values(result) == []
    assert any(n.location.startswith("vercel.json") for n in result.notes)


def test_a_vercel_json_without_env_is_silent(tmp_path: Path) -> None:
    text = '{"rewrites": [{"source": "/twilio/(.*)", "destination": "/api/twilio"}]}\n'
    result = _config(tmp_path, {"vercel.json": text})
    assert _json_values(result) == []
    assert [n for n in result.notes if n.location.startswith("vercel.json")] == []


def test_a_trailing_comma_vercel_refuses_is_not_read(tmp_path: Path) -> None:
    text = (
        '{\n  "env": {\n    "TWILIO_ACCOUNT_SID": "'
        + SID
        + '",\n    "TWILIO_AUTH_TOKEN": "'
        + TOKEN
        + '",\n  }\n}\n'
    )
    result = _config(tmp_path, {"vercel.json": text})
    assert _json_values(result) == []
    assert any(n.location == "vercel.json:5" for n in result.notes)


def test_a_vercel_json_nested_past_pythons_limit_is_a_note(tmp_path: Path) -> None:
    text = '{"env": {"TWILIO_AUTH_TOKEN": "x"}, "deep": ' + "[" * 100_000 + "]" * 100_000 + "}"
    result = _config(tmp_path, {"vercel.json": text})
    assert _json_values(result) == []
    assert any(n.location.startswith("vercel.json") for n in result.notes)
