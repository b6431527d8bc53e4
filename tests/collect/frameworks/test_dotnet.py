"""ASP.NET Core: appsettings(.Environment).json sections, comments, and Twilio__X names."""

from __future__ import annotations

from pathlib import Path

from tests.collect.builders import SID, TOKEN, scan, write_tree


def test_nested_literals_are_values_in_the_files_environment(tmp_path: Path) -> None:
    text = f"""{{
  // Twilio credentials for the reminder sender
  "Logging": {{ "LogLevel": {{ "Default": "Information" }} }},
  "Twilio": {{
    "AccountSid": "{SID}",
    /* rotated 2024-05 */
    "AuthToken": "{TOKEN}",
  }},
}}
"""
    result = scan(write_tree(tmp_path, {"Reminders/appsettings.Production.json": text}))
    got = {(v.field, v.location.line, v.location.key, v.environment) for v in result.values}
    assert got == {
        ("account_sid", 5, "Twilio:AccountSid", "prod"),
        ("auth_token", 7, "Twilio:AuthToken", "prod"),
    }
    assert {v.service for v in result.values} == {"Reminders"}


def test_an_empty_credential_key_is_a_reading_of_its_double_underscore_name(
    tmp_path: Path,
) -> None:
    text = '{\n  "Twilio": {\n    "AccountSid": "",\n    "AuthToken": null\n  }\n}\n'
    result = scan(write_tree(tmp_path, {"api/appsettings.json": text}))
    assert {(r.slot, r.name, r.location.line) for r in result.readings} == {
        ("account_sid", "Twilio__AccountSid", 3),
        ("auth_token", "Twilio__AuthToken", 4),
    }
    assert result.values == []


def test_invalid_json_is_a_note_with_its_line(tmp_path: Path) -> None:
    text = f'{{\n  "Twilio": {{\n    "AuthToken": "{TOKEN}"\n    "AccountSid": 1\n}}\n'
    result = scan(write_tree(tmp_path, {"api/appsettings.json": text}))
    assert [n.location for n in result.notes] == ["api/appsettings.json:4"]
    assert all(TOKEN not in n.message for n in result.notes)


def test_settings_without_the_provider_are_not_parsed(tmp_path: Path) -> None:
    text = '{"ConnectionStrings": {"Default": "Server=db;Password=x"}}'
    result = scan(write_tree(tmp_path, {"api/appsettings.json": text}))
    assert result.values == [] and result.readings == [] and result.notes == []


def test_the_twilio_aspnet_core_client_section_is_read(tmp_path: Path) -> None:
    """Twilio.AspNet.Core binds ``Twilio:Client:AccountSid``/``AuthToken`` (its README's
    appsettings layout); the section name between them must not hide the credentials."""
    text = (
        '{\n  "Twilio": {\n    "Client": {\n'
        f'      "AccountSid": "{SID}",\n      "AuthToken": "{TOKEN}",\n'
        '      "CredentialType": "AuthToken"\n    }\n  }\n}\n'
    )
    result = scan(write_tree(tmp_path, {"Api/appsettings.Production.json": text}))
    got = {(v.field, v.location.line, v.location.key) for v in result.values}
    assert got == {
        ("account_sid", 4, "Twilio:Client:AccountSid"),
        ("auth_token", 5, "Twilio:Client:AuthToken"),
    }
