"""Supabase: the SMS provider block of supabase/config.toml and its env() references."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.grouping import group_credentials
from tests.collect.builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree

CONFIG = f"""[auth]
enabled = true

[auth.sms]
enable_signup = true

[auth.sms.twilio]
enabled = true
account_sid = "{SID}"
message_service_sid = "MG0123456789abcdef0123456789abcdef"
# DO NOT commit your Twilio auth token to git. Use environment variable substitution instead:
auth_token = "env(SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN)"
"""


def test_a_literal_sid_and_an_env_reference_resolved_from_the_env_file(tmp_path: Path) -> None:
    files = {
        "supabase/config.toml": CONFIG,
        ".env": f"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN={TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, files))
    mine = [v for v in result.values if v.source_kind == "supabase-config"]
    assert {(v.field, str(v.location)) for v in mine} == {
        ("account_sid", "supabase/config.toml:9"),
        ("auth_token", ".env:1"),
    }
    assert {v.value.reveal() for v in mine} == {SID, TOKEN}
    assert len({v.scope for v in mine}) == 1  # one client: grouped together


def test_every_env_reference_is_a_reading_of_its_slot(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"supabase/config.toml": CONFIG}))
    [reading] = result.readings
    assert (reading.slot, reading.name) == ("auth_token", "SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN")
    assert str(reading.location) == "supabase/config.toml:12"
    assert reading.location.key == "auth.sms.twilio.auth_token"


def test_an_unset_reference_sends_no_value_of_ours(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"supabase/config.toml": CONFIG}))
    fields = [v.field for v in result.values if v.source_kind == "supabase-config"]
    assert fields == ["account_sid"]


def test_a_remote_branch_block_is_its_own_environment(tmp_path: Path) -> None:
    text = CONFIG + f'\n[remotes.staging.auth.sms.twilio]\naccount_sid = "{SID}"\n'
    result = scan(write_tree(tmp_path, {"supabase/config.toml": text}))
    staged = [v for v in result.values if v.environment == "staging"]
    assert [str(v.location) for v in staged] == ["supabase/config.toml:15"]


def test_broken_toml_is_a_note_with_its_line(tmp_path: Path) -> None:
    text = f'[auth.sms.twilio]\naccount_sid = "{SID}\nauth_token = 1\n'
    result = scan(write_tree(tmp_path, {"supabase/config.toml": text}))
    assert [n.location for n in result.notes if "TOML" in n.message] == ["supabase/config.toml:2"]
    assert result.values == []


def test_a_config_toml_elsewhere_is_not_read_as_supabase(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"config.toml": CONFIG}))
    assert result.values == [] and result.readings == []


def test_an_env_file_in_the_supabase_folder_belongs_to_the_project(tmp_path: Path) -> None:
    files = {
        "clinic/supabase/config.toml": CONFIG,
        "clinic/supabase/.env": f"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN={TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, files))
    assert {(v.source_kind, v.service) for v in result.values} == {
        ("supabase-config", "clinic"),
        ("dotenv", "clinic"),
    }


def test_the_config_block_and_the_env_file_it_reads_are_one_credential_set(
    tmp_path: Path,
) -> None:
    files = {
        "clinic/supabase/config.toml": CONFIG,
        "clinic/supabase/.env": f"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN={TOKEN}\n",
    }
    [cred] = group_credentials(scan(write_tree(tmp_path, files)).values)
    assert cred.account_sid is not None and cred.auth_token is not None
    assert (cred.scope, str(cred.auth_token.location)) == (
        "clinic/supabase/config.toml",
        "clinic/supabase/.env:1",
    )


def test_the_supabase_folder_env_file_wins_over_the_project_one(tmp_path: Path) -> None:
    files = {
        "supabase/config.toml": CONFIG,
        "supabase/.env": f"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN={TOKEN}\n",
        ".env": f"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN={TOKEN_2}\n",
    }
    result = scan(write_tree(tmp_path, files))
    [token] = [
        v for v in result.values if v.source_kind == "supabase-config" and v.field == "auth_token"
    ]
    assert (raw(token), str(token.location)) == (TOKEN, "supabase/.env:1")
