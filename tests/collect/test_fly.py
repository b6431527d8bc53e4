"""Fly.io apps: ``fly.toml`` ``[env]`` values, and the ``fly secrets set`` commands that give the
same app the rest of its environment."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.grouping import group_credentials

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree

FLY_TOML = f"""app = "sms-relay"
primary_region = "ams"

[env]
  PORT = "8080"
  TWILIO_ACCOUNT_SID = "{SID}"
"""


def test_env_table_values_are_read_at_their_line_with_the_app_as_service(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"fly.toml": FLY_TOML.replace("PORT", f'TWILIO_AUTH_TOKEN = "{TOKEN}"\n  PORT')}
    )
    found = {v.name: v for v in scan(tmp_path).values}
    assert str(found["TWILIO_ACCOUNT_SID"].location) == "fly.toml:7"
    assert str(found["TWILIO_AUTH_TOKEN"].location) == "fly.toml:5"
    assert found["TWILIO_AUTH_TOKEN"].service == "sms-relay"
    assert raw(found["TWILIO_AUTH_TOKEN"]) == TOKEN


def test_a_lone_sid_is_held_as_a_note_since_fly_secrets_hold_the_token(tmp_path: Path) -> None:
    write_tree(tmp_path, {"fly.toml": FLY_TOML})
    result = scan(tmp_path)
    assert result.values == []
    assert any("TWILIO_ACCOUNT_SID is not checked" in str(n) for n in result.notes)


def test_the_environment_comes_from_the_app_name_or_the_file_name(tmp_path: Path) -> None:
    body = f'app = "sms-relay-staging"\n[env]\nTWILIO_ACCOUNT_SID = "{SID}"\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n'
    write_tree(tmp_path, {"fly.toml": body, "fly.production.toml": body.replace("-staging", "")})
    envs = {(v.location.path, v.environment) for v in scan(tmp_path).values}
    assert envs == {("fly.toml", "staging"), ("fly.production.toml", "prod")}


def test_fly_toml_env_and_a_secrets_set_script_for_the_app_are_one_set(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "fly.toml": FLY_TOML,
            "scripts/set-secrets.sh": (
                f"#!/bin/sh\nset -e\nfly secrets set TWILIO_AUTH_TOKEN={TOKEN} --app sms-relay\n"
            ),
        },
    )
    sets = group_credentials(scan(tmp_path).values)
    assert len(sets) == 1
    [one] = sets
    assert one.account_sid is not None and one.auth_token is not None
    assert str(one.account_sid.location) == "fly.toml:6"
    assert str(one.auth_token.location) == "scripts/set-secrets.sh:3"
    assert one.service == "sms-relay"


def test_secrets_for_another_app_do_not_pair_with_this_fly_toml(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "fly.toml": FLY_TOML,
            "ops.sh": f"flyctl secrets set -a other-app TWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    notes = " ".join(str(n) for n in result.notes)
    assert "TWILIO_AUTH_TOKEN is not checked" in notes


def test_invalid_toml_is_a_note_not_a_traceback(tmp_path: Path) -> None:
    write_tree(tmp_path, {"fly.toml": 'app = "x"\n[env\nTWILIO_AUTH_TOKEN = "a"\n'})
    result = scan(tmp_path)
    assert result.values == []
    assert any("not valid TOML" in str(n) for n in result.notes)


def test_a_secret_set_for_the_app_wins_over_the_same_name_in_env(tmp_path: Path) -> None:
    with_token = FLY_TOML + f'  TWILIO_AUTH_TOKEN = "{TOKEN}"\n'
    write_tree(
        tmp_path,
        {
            "fly.toml": with_token,
            "deploy/secrets.sh": f"fly secrets set TWILIO_AUTH_TOKEN={TOKEN_2} -a sms-relay\n",
        },
    )
    script_tokens = [v for v in scan(tmp_path).values if v.scope.startswith("deploy/secrets.sh")]
    [token] = [v for v in script_tokens if v.name == "TWILIO_AUTH_TOKEN"]
    assert raw(token) == TOKEN_2
    assert [str(s.value.location) for s in token.shadows] == ["fly.toml:7"]
