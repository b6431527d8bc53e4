"""Vercel: the env files ``vercel pull`` caches under ``.vercel/``, one per target."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.models import FoundValue
from tests.collect.builders import SID, TOKEN, TOKEN_2, scan, write_tree

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
