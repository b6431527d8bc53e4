"""PM2: ``apps[].env`` and ``env_<name>`` blocks of ecosystem files, read without running JS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, scan, write_tree

ECOSYSTEM = f"""// pm2 start ecosystem.config.js --env production
module.exports = {{
  apps: [
    {{
      name: "sms-api",
      script: "./dist/server.js",
      instances: 2,
      env: {{
        NODE_ENV: "development",
        TWILIO_ACCOUNT_SID: "{SID}",
        TWILIO_AUTH_TOKEN: '{TOKEN}',
      }},
      env_production: {{
        NODE_ENV: "production",
        TWILIO_ACCOUNT_SID: "{SID_2}",
        TWILIO_AUTH_TOKEN: process.env.PROD_TWILIO_TOKEN,
      }},
      env_staging: {{ TWILIO_AUTH_TOKEN: "{TOKEN_2}" }},
    }},
  ],
}};
"""


def _pm2(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "pm2"]


def test_env_blocks_layer_over_env_one_set_per_pm2_env(tmp_path: Path) -> None:
    mine = _pm2(scan(write_tree(tmp_path, {"ecosystem.config.js": ECOSYSTEM})))
    seen = {(v.environment, v.field, str(v.location), v.value.reveal()) for v in mine}
    assert seen == {
        ("dev", "account_sid", "ecosystem.config.js:10", SID),
        ("dev", "auth_token", "ecosystem.config.js:11", TOKEN),
        ("staging", "account_sid", "ecosystem.config.js:10", SID),
        ("staging", "auth_token", "ecosystem.config.js:18", TOKEN_2),
    }
    assert {v.service for v in mine} == {"sms-api"}


def test_a_value_computed_in_js_is_a_note_and_hides_the_env_value(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"ecosystem.config.js": ECOSYSTEM}))
    # the token is whatever PROD_TWILIO_TOKEN holds, so the SID alone is held back
    assert [v for v in _pm2(result) if v.environment == "prod"] == []
    assert any(n.location == "ecosystem.config.js:15" for n in result.notes)
    notes = [n for n in result.notes if n.location == "ecosystem.config.js:16"]
    assert notes and "PROD_TWILIO_TOKEN" in notes[0].message


@pytest.mark.parametrize("file", ["ecosystem.json", "process.json"])
def test_the_json_ecosystem_file_is_read_the_same_way(tmp_path: Path, file: str) -> None:
    app = {
        "name": "worker",
        "env_production": {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN},
    }
    text = json.dumps({"apps": [app]}, indent=2) + "\n"
    mine = _pm2(scan(write_tree(tmp_path, {file: text})))
    assert {(v.environment, v.service, str(v.location)) for v in mine} == {
        ("prod", "worker", f"{file}:6"),
        ("prod", "worker", f"{file}:7"),
    }


def test_an_unclosed_env_block_is_a_note_not_a_crash(tmp_path: Path) -> None:
    text = f'module.exports = {{ apps: [{{\n  name: "a",\n  env: {{\n    TWILIO_AUTH_TOKEN: "{TOKEN}",\n'
    result = scan(write_tree(tmp_path, {"ecosystem.config.js": text}))
    assert any(n.location.startswith("ecosystem.config.js") for n in result.notes)


def test_a_lone_sid_in_an_env_block_is_held_back(tmp_path: Path) -> None:
    text = f'module.exports = {{\n  apps: [{{\n    name: "a",\n    env: {{ TWILIO_ACCOUNT_SID: "{SID}" }},\n  }}],\n}};\n'
    result = scan(write_tree(tmp_path, {"ecosystem.config.js": text}))
    assert _pm2(result) == []
    assert any("not checked" in n.message for n in result.notes)


ECOSYSTEM_YAML = f"""# pm2 start ecosystem.config.yml --env production
apps:
  - name: sms-api
    script: ./dist/server.js
    instances: 2
    env:
      NODE_ENV: development
      TWILIO_ACCOUNT_SID: {SID}
      TWILIO_AUTH_TOKEN: "{TOKEN}"
    env_production:
      NODE_ENV: production
      TWILIO_AUTH_TOKEN: '{TOKEN_2}'
  - name: sms-worker
    script: ./dist/worker.js
    env_staging:
      TWILIO_ACCOUNT_SID: {SID_2}
      TWILIO_AUTH_TOKEN: {TOKEN}
"""


def test_a_yaml_ecosystem_file_layers_env_blocks_per_app(tmp_path: Path) -> None:
    mine = _pm2(scan(write_tree(tmp_path, {"deploy/ecosystem.config.yml": ECOSYSTEM_YAML})))
    seen = {(v.service, v.environment, v.field, v.location.line, v.value.reveal()) for v in mine}
    assert seen == {
        ("sms-api", "dev", "account_sid", 8, SID),
        ("sms-api", "dev", "auth_token", 9, TOKEN),
        ("sms-api", "prod", "account_sid", 8, SID),
        ("sms-api", "prod", "auth_token", 12, TOKEN_2),
        ("sms-worker", "staging", "account_sid", 16, SID_2),
        ("sms-worker", "staging", "auth_token", 17, TOKEN),
    }
    [prod_token] = [v for v in mine if v.environment == "prod" and v.field == "auth_token"]
    assert [s.value.value.reveal() for s in prod_token.shadows] == [TOKEN]


def test_process_yml_with_a_top_level_app_list_is_read(tmp_path: Path) -> None:
    text = (
        f"- name: notifier\n  script: index.js\n  env:\n"
        f"    TWILIO_ACCOUNT_SID: {SID}\n    TWILIO_AUTH_TOKEN: {TOKEN}\n"
    )
    mine = _pm2(scan(write_tree(tmp_path, {"process.yml": text})))
    assert {(v.service, str(v.location)) for v in mine} == {
        ("notifier", "process.yml:4"),
        ("notifier", "process.yml:5"),
    }


def test_a_yaml_ecosystem_file_that_does_not_parse_is_a_note(tmp_path: Path) -> None:
    text = f"apps:\n  - name: a\n    env:\n      TWILIO_AUTH_TOKEN: [{TOKEN}\n"
    result = scan(write_tree(tmp_path, {"ecosystem.yaml": text}))
    assert _pm2(result) == []
    assert any(n.location.startswith("ecosystem.yaml") for n in result.notes)


def test_a_yaml_without_apps_is_not_taken_for_pm2(tmp_path: Path) -> None:
    text = f"twilio:\n  account_sid: {SID}\n  auth_token: {TOKEN}\n"
    assert _pm2(scan(write_tree(tmp_path, {"process.yml": text}))) == []
