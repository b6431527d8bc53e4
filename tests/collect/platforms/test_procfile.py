"""Procfiles: variables set inline on a process line, and env files a process line loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, TOKEN, TOKEN_2, scan, write_tree

PROCFILE = f"""web: TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN='{TOKEN}' node server.js
worker: env TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN="{TOKEN_2}" node worker.js
release: npm run migrate
"""


def _procfile(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "procfile"]


def test_each_process_type_is_a_service_with_its_inline_values(tmp_path: Path) -> None:
    mine = _procfile(scan(write_tree(tmp_path, {"Procfile": PROCFILE})))
    seen = {(v.service, v.field, str(v.location), v.value.reveal()) for v in mine}
    assert seen == {
        ("web", "account_sid", "Procfile:1", SID),
        ("web", "auth_token", "Procfile:1", TOKEN),
        ("worker", "account_sid", "Procfile:2", SID),
        ("worker", "auth_token", "Procfile:2", TOKEN_2),
    }
    assert len({v.scope for v in mine}) == 2


@pytest.mark.parametrize(
    ("name", "environment"),
    [("Procfile", "default"), ("Procfile.prod", "prod"), ("Procfile.staging", "staging")],
)
def test_the_file_name_says_the_environment(tmp_path: Path, name: str, environment: str) -> None:
    mine = _procfile(scan(write_tree(tmp_path, {name: PROCFILE})))
    assert {v.environment for v in mine} == {environment}


def test_a_shell_expanded_value_is_a_note_not_a_value(tmp_path: Path) -> None:
    text = f"web: TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN=$PROD_TOKEN node server.js\n"
    result = scan(write_tree(tmp_path, {"Procfile": text}))
    assert _procfile(result) == []  # the SID alone is held back: the token comes at run time
    assert any(n.location == "Procfile:1" and "shell" in n.message for n in result.notes)


def test_an_env_file_a_process_word_splits_is_read_as_that_process_reads_it(
    tmp_path: Path,
) -> None:
    files = {
        "Procfile": "web: env $(cat .env.prod | xargs) node server.js\n",
        ".env.prod": f'TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n',
    }
    result = scan(write_tree(tmp_path, files))
    [token] = [v for v in result.values if v.field == "auth_token"]
    assert "Procfile" in token.consumer
    assert token.value.reveal() == TOKEN  # xargs strips the quotes


def test_an_unbalanced_quote_is_a_note_not_a_crash(tmp_path: Path) -> None:
    text = f"web: TWILIO_AUTH_TOKEN='{TOKEN} node server.js\n"
    result = scan(write_tree(tmp_path, {"Procfile": text}))
    assert _procfile(result) == []
    assert any(n.location == "Procfile:1" for n in result.notes)


def test_a_lone_inline_sid_is_held_back_for_the_environment_to_complete(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"Procfile": f"web: TWILIO_ACCOUNT_SID={SID} node x\n"}))
    assert _procfile(result) == []
    assert any("not checked" in n.message for n in result.notes)
