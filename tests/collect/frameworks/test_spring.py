"""Spring Boot: application[-profile].properties|yml, placeholders, profiles and relaxed names."""

from __future__ import annotations

from pathlib import Path

from tests.collect.builders import SID, TOKEN, scan, write_tree

RESOURCES = "api/src/main/resources"


def test_properties_literals_are_values_in_the_profile_environment(tmp_path: Path) -> None:
    text = f"server.port=8080\n# twilio\ntwilio.account-sid={SID}\ntwilio.auth-token = {TOKEN}\n"
    result = scan(write_tree(tmp_path, {f"{RESOURCES}/application-prod.properties": text}))
    got = {(v.field, v.location.line, v.environment, v.service) for v in result.values}
    assert got == {("account_sid", 3, "prod", "api"), ("auth_token", 4, "prod", "api")}
    assert {v.value.reveal() for v in result.values} == {SID, TOKEN}


def test_a_placeholder_is_a_reading_whose_aliases_are_the_relaxed_names(tmp_path: Path) -> None:
    text = "twilio.account-sid=${TWILIO_SID}\ntwilio.auth-token=${TWILIO_TOKEN:changeme}\n"
    result = scan(write_tree(tmp_path, {f"{RESOURCES}/application.properties": text}))
    got = {(r.slot, r.name, r.has_default, r.aliases) for r in result.readings}
    assert got == {
        ("account_sid", "TWILIO_SID", False, ("TWILIO_ACCOUNTSID", "TWILIO_ACCOUNT_SID")),
        ("auth_token", "TWILIO_TOKEN", True, ("TWILIO_AUTHTOKEN", "TWILIO_AUTH_TOKEN")),
    }
    assert result.values == []


def test_a_camel_case_key_is_reached_only_by_its_joined_name(tmp_path: Path) -> None:
    text = "twilio.accountSid=${TWILIO_SID}\n"
    result = scan(write_tree(tmp_path, {f"{RESOURCES}/application.properties": text}))
    assert result.readings[0].aliases == ("TWILIO_ACCOUNTSID",)


def test_continued_and_escaped_properties_lines_are_joined(tmp_path: Path) -> None:
    half = len(TOKEN) // 2
    text = f"twilio.auth-token={TOKEN[:half]}\\\n    {TOKEN[half:]}\ntwilio.account-sid {SID}\n"
    result = scan(write_tree(tmp_path, {f"{RESOURCES}/application.properties": text}))
    assert {v.value.reveal(): v.location.line for v in result.values} == {TOKEN: 1, SID: 3}


def test_yaml_documents_belong_to_their_on_profile(tmp_path: Path) -> None:
    text = f"""spring:
  application:
    name: notifier
twilio:
  account-sid: ${{TWILIO_ACCOUNT_SID}}
  auth-token: ${{TWILIO_AUTH_TOKEN}}
---
spring:
  config:
    activate:
      on-profile: staging
twilio:
  account-sid: {SID}
  auth-token: "{TOKEN}"
"""
    result = scan(write_tree(tmp_path, {f"{RESOURCES}/application.yml": text}))
    assert {(v.field, v.location.line, v.environment) for v in result.values} == {
        ("account_sid", 13, "staging"),
        ("auth_token", 14, "staging"),
    }
    assert {(r.name, r.location.line, r.environment) for r in result.readings} == {
        ("TWILIO_ACCOUNT_SID", 5, "default"),
        ("TWILIO_AUTH_TOKEN", 6, "default"),
    }


def test_broken_yaml_is_a_note_and_unrelated_files_are_skipped(tmp_path: Path) -> None:
    files = {
        f"{RESOURCES}/application.yml": "twilio:\n  auth-token: [unclosed\n",
        f"{RESOURCES}/application-dev.properties": "spring.datasource.password=hunter2\n",
    }
    result = scan(write_tree(tmp_path, files))
    assert result.values == [] and result.readings == []
    assert [n.location for n in result.notes] == [f"{RESOURCES}/application.yml"]
