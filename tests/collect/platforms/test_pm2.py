"""PM2: ``apps[].env`` and ``env_<name>`` blocks of ecosystem files, read without running JS."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_the_json_ecosystem_file_is_read_the_same_way(tmp_path: Path) -> None:
    app = {
        "name": "worker",
        "env_production": {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN},
    }
    text = json.dumps({"apps": [app]}, indent=2) + "\n"
    mine = _pm2(scan(write_tree(tmp_path, {"ecosystem.json": text})))
    assert {(v.environment, v.service, str(v.location)) for v in mine} == {
        ("prod", "worker", "ecosystem.json:6"),
        ("prod", "worker", "ecosystem.json:7"),
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
