"""Rails: figaro's application.yml sections, secrets.yml ERB references, encrypted credentials."""

from __future__ import annotations

from pathlib import Path

from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, scan, write_tree


def test_figaro_sections_give_each_environment_its_values(tmp_path: Path) -> None:
    text = f"""TWILIO_ACCOUNT_SID: "{SID}"
TWILIO_AUTH_TOKEN: "{TOKEN}"

production:
  TWILIO_ACCOUNT_SID: "{SID_2}"
  TWILIO_AUTH_TOKEN: "{TOKEN_2}"
"""
    result = scan(write_tree(tmp_path, {"shop/config/application.yml": text}))
    got = {(v.environment, v.value.reveal(), v.location.line) for v in result.values}
    assert got == {
        ("default", SID, 1),
        ("default", TOKEN, 2),
        ("prod", SID_2, 5),
        ("prod", TOKEN_2, 6),
    }
    assert {v.service for v in result.values} == {"shop"}


def test_a_section_that_overrides_one_key_keeps_the_top_level_other_half(tmp_path: Path) -> None:
    text = f'TWILIO_ACCOUNT_SID: "{SID}"\nproduction:\n  TWILIO_AUTH_TOKEN: "{TOKEN}"\n'
    result = scan(write_tree(tmp_path, {"config/application.yml": text}))
    prod = {(v.field, v.location.line) for v in result.values if v.environment == "prod"}
    assert prod == {("account_sid", 1), ("auth_token", 3)}


def test_secrets_yml_erb_references_are_readings(tmp_path: Path) -> None:
    text = """development:
  secret_key_base: abc
  twilio_account_sid: <%= ENV["TWILIO_SID"] %>
production:
  twilio:
    auth_token: <%= ENV.fetch("TWILIO_TOKEN") %>
"""
    result = scan(write_tree(tmp_path, {"config/secrets.yml": text}))
    got = {(r.environment, r.slot, r.name, r.location.line) for r in result.readings}
    assert got == {
        ("dev", "account_sid", "TWILIO_SID", 3),
        ("prod", "auth_token", "TWILIO_TOKEN", 6),
    }


def test_encrypted_credentials_are_a_note_not_a_silence(tmp_path: Path) -> None:
    files = {
        "config/credentials.yml.enc": "bm90IHJlYWxseSBlbmNyeXB0ZWQ=--aGVsbG8=--d29ybGQ=",
        "config/credentials/production.yml.enc": "c2VjcmV0--aXY=--dGFn",
    }
    result = scan(write_tree(tmp_path, files))
    assert sorted(n.location for n in result.notes if "master key" in n.message) == [
        "config/credentials.yml.enc",
        "config/credentials/production.yml.enc",
    ]
    assert result.values == []
