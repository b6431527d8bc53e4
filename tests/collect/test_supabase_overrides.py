"""Supabase CLI environment overrides: ``SUPABASE_<PATH>`` variables beat config.toml keys."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect.supabase import Setting, override_name
from sherlock.models import FoundValue
from sherlock.providers.twilio.grouping import group_credentials
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

LITERAL = f"""[auth.sms]
enable_signup = true

[auth.sms.twilio]
enabled = true
account_sid = "{SID}"
message_service_sid = "MG0123456789abcdef0123456789abcdef"
auth_token = "{TOKEN_2}"
"""
OVERRIDE = f"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN={TOKEN}\n"


def supabase_values(tmp_path: Path, files: dict[str, str], **kwargs: object) -> list[FoundValue]:
    result = scan(write_tree(tmp_path, files), **kwargs)
    return [v for v in result.values if v.source_kind == "supabase-config"]


def token_of(values: list[FoundValue]) -> FoundValue:
    [token] = [v for v in values if v.field == "auth_token"]
    return token


def test_an_env_file_override_wins_over_the_config_literal_and_hides_it(tmp_path: Path) -> None:
    files = {"supabase/config.toml": LITERAL, "supabase/.env": OVERRIDE}
    token = token_of(supabase_values(tmp_path, files))
    assert (str(token.location), raw(token)) == ("supabase/.env:1", TOKEN)
    assert [(str(s.value.location), raw(s.value)) for s in token.shadows] == [
        ("supabase/config.toml:8", TOKEN_2)
    ]
    assert "SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN" in token.shadows[0].rule


def test_without_an_override_the_literal_is_what_supabase_sends(tmp_path: Path) -> None:
    token = token_of(supabase_values(tmp_path, {"supabase/config.toml": LITERAL}))
    assert (str(token.location), raw(token), token.shadows) == (
        "supabase/config.toml:8",
        TOKEN_2,
        (),
    )


def test_the_override_name_is_the_key_path_upper_cased_under_the_prefix(tmp_path: Path) -> None:
    files = {
        "supabase/config.toml": LITERAL,
        ".env": f"SUPABASE_AUTH_SMS_TWILIO_ACCOUNT_SID={SID_2}\n"
        f"SUPABASE_AUTH_SMS_TWILIO_VERIFY_AUTH_TOKEN={TOKEN}\n",  # another block's variable
    }
    values = supabase_values(tmp_path, files)
    [sid] = [v for v in values if v.field == "account_sid"]
    assert (str(sid.location), raw(sid)) == (".env:1", SID_2)
    assert raw(token_of(values)) == TOKEN_2


def test_override_names_follow_vipers_key_replacer() -> None:
    setting = Setting("auth.sms.twilio_verify", "auth_token", "", 0, None)
    assert override_name(setting) == "SUPABASE_AUTH_SMS_TWILIO_VERIFY_AUTH_TOKEN"


def test_an_override_reaches_a_key_the_block_leaves_out(tmp_path: Path) -> None:
    text = f'[auth.sms.twilio]\nenabled = true\naccount_sid = "{SID}"\n'
    files = {"supabase/config.toml": text, "supabase/.env": OVERRIDE}
    token = token_of(supabase_values(tmp_path, files))
    assert (str(token.location), raw(token)) == ("supabase/.env:1", TOKEN)


def test_the_process_environment_beats_the_env_files(tmp_path: Path) -> None:
    files = {"supabase/config.toml": LITERAL, "supabase/.env": OVERRIDE}
    environ = {"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN": SID_2[2:]}
    token = token_of(supabase_values(tmp_path, files, process_env=environ))
    assert raw(token) == SID_2[2:]
    assert {raw(s.value) for s in token.shadows} == {TOKEN_2}


def test_a_remote_branch_block_is_not_overridden(tmp_path: Path) -> None:
    text = LITERAL + f'\n[remotes.staging.auth.sms.twilio]\nauth_token = "{TOKEN_2}"\n'
    files = {"supabase/config.toml": text, "supabase/.env": OVERRIDE}
    staged = [v for v in supabase_values(tmp_path, files) if v.environment == "staging"]
    assert [(str(v.location), raw(v), v.shadows) for v in staged] == [
        ("supabase/config.toml:11", TOKEN_2, ())
    ]


def test_an_env_reference_is_satisfied_by_the_override_name(tmp_path: Path) -> None:
    text = LITERAL.replace(f'"{TOKEN_2}"', '"env(SMS_TOKEN)"')
    files = {"supabase/config.toml": text, "supabase/.env": f"SMS_TOKEN={TOKEN_2}\n" + OVERRIDE}
    result = scan(write_tree(tmp_path, files))
    [reading] = result.readings
    assert reading.satisfied_by({"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN"})
    token = token_of([v for v in result.values if v.source_kind == "supabase-config"])
    assert (str(token.location), raw(token)) == ("supabase/.env:2", TOKEN)
    assert [str(s.value.location) for s in token.shadows] == ["supabase/.env:1"]


def test_the_override_and_the_env_file_reading_it_are_one_credential_set(tmp_path: Path) -> None:
    files = {"supabase/config.toml": LITERAL, "supabase/.env": OVERRIDE}
    [cred] = group_credentials(scan(write_tree(tmp_path, files)).values)
    assert cred.auth_token is not None and raw(cred.auth_token) == TOKEN
    assert cred.account_sid is not None and raw(cred.account_sid) == SID


TEMPLATE = """[auth.sms.twilio]
enabled = true
account_sid = ""
message_service_sid = ""
auth_token = "env(SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN)"
"""


def test_a_block_filled_wholly_from_one_env_file_is_that_files_set_once(tmp_path: Path) -> None:
    files = {
        "otp/supabase/config.toml": TEMPLATE,
        "otp/supabase/.env": f"SUPABASE_AUTH_SMS_TWILIO_ACCOUNT_SID={SID}\n" + OVERRIDE,
    }
    result = scan(write_tree(tmp_path, files))
    [cred] = group_credentials(result.values)
    assert cred.account_sid is not None and cred.auth_token is not None
    assert (raw(cred.account_sid), raw(cred.auth_token)) == (SID, TOKEN)
    assert str(cred.auth_token.location) == "otp/supabase/.env:2"
    assert {r.name for r in result.readings} == {"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN"}


def test_an_empty_key_under_an_override_is_no_hidden_value(tmp_path: Path) -> None:
    files = {
        "supabase/config.toml": TEMPLATE,
        "supabase/.env": f"SUPABASE_AUTH_SMS_TWILIO_ACCOUNT_SID={SID}\n" + OVERRIDE,
    }
    result = scan(
        write_tree(tmp_path, files), process_env={"SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN": TOKEN_2}
    )
    [sid] = [
        v for v in result.values if v.source_kind == "supabase-config" and v.field == "account_sid"
    ]
    assert (str(sid.location), sid.shadows) == ("supabase/.env:1", ())
