"""Serverless Functions: .twilioserverlessrc and the unprefixed names twilio-run deploys with."""

from __future__ import annotations

from pathlib import Path

from tests.collect.builders import SID, TOKEN, raw, scan, write_tree

RC = """{
  // twilio-run configuration, read as JSON5
  "commands": {},
  environments: {
    prod: {
      env: ".env.prod",
    },
  },
  "projects": {},
}
"""


def test_each_loaded_env_file_is_read_for_unprefixed_account_sid_and_auth_token(
    tmp_path: Path,
) -> None:
    result = scan(write_tree(tmp_path, {"hotline/.twilioserverlessrc": RC}))
    got = {(r.environment, r.slot, r.name, str(r.location)) for r in result.readings}
    assert got == {
        ("dev", "account_sid", "ACCOUNT_SID", "hotline/.twilioserverlessrc:1"),
        ("dev", "auth_token", "AUTH_TOKEN", "hotline/.twilioserverlessrc:1"),
        ("prod", "account_sid", "ACCOUNT_SID", "hotline/.twilioserverlessrc:6"),
        ("prod", "auth_token", "AUTH_TOKEN", "hotline/.twilioserverlessrc:6"),
    }
    assert {r.service for r in result.readings} == {"hotline"}
    assert {r.reader for r in result.readings} == {
        "twilio-run (loads hotline/.env)",
        "twilio-run (loads hotline/.env.prod)",
    }


def test_credentials_written_in_the_rc_are_values(tmp_path: Path) -> None:
    rc = f'{{\n  "accountSid": "{SID}",\n  "authToken": "{TOKEN}"\n}}\n'
    result = scan(write_tree(tmp_path, {".twilioserverlessrc": rc}))
    assert {(v.field, v.location.line, v.environment) for v in result.values} == {
        ("account_sid", 2, "dev"),
        ("auth_token", 3, "dev"),
    }


def test_an_unreadable_rc_is_a_note(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {".twilioserverlessrc": f"{{ authToken: '{TOKEN}' "}))
    assert [n.location for n in result.notes] == [".twilioserverlessrc"]
    assert all(TOKEN not in n.message for n in result.notes)


def test_swapped_values_in_the_loaded_env_file_stay_under_the_names_twilio_run_reads(
    tmp_path: Path,
) -> None:
    files = {
        "hotline/.twilioserverlessrc": RC,
        "hotline/.env.prod": f"ACCOUNT_SID={TOKEN}\nAUTH_TOKEN={SID}\nFORWARD_TO=+15005550006\n",
    }
    result = scan(write_tree(tmp_path, files))
    got = {(v.name, v.field, v.location.line, raw(v)) for v in result.values}
    assert got == {("ACCOUNT_SID", "account_sid", 1, TOKEN), ("AUTH_TOKEN", "auth_token", 2, SID)}
