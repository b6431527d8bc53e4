"""Render Blueprints: each service's ``envVars`` in ``render.yaml``."""

from __future__ import annotations

from pathlib import Path

from .builders import SID, TOKEN, raw, scan, write_tree

BLUEPRINT = f"""services:
  - type: web
    name: sms-api-staging
    runtime: node
    envVars:
      - key: TWILIO_ACCOUNT_SID
        value: {SID}
      - key: TWILIO_AUTH_TOKEN
        value: "{TOKEN}"
  - type: worker
    name: sms-worker
    envVars:
      - key: TWILIO_ACCOUNT_SID
        value: {SID}
      - key: TWILIO_AUTH_TOKEN
        sync: false
"""


def test_each_services_env_vars_are_its_values(tmp_path: Path) -> None:
    write_tree(tmp_path, {"render.yaml": BLUEPRINT})
    result = scan(tmp_path)
    values = [(str(v.location), raw(v), v.environment, v.service) for v in result.values]
    assert values == [
        ("render.yaml:7", SID, "staging", "sms-api-staging"),
        ("render.yaml:9", TOKEN, "staging", "sms-api-staging"),
    ], "the worker's SID is held: its token is set in the dashboard"
    notes = " ".join(str(n) for n in result.notes)
    assert "TWILIO_AUTH_TOKEN is set in Render, not in the tree" in notes


def test_a_blueprint_without_env_vars_is_not_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"render.yaml": "services:\n  - type: web\n    name: api\n"})
    assert scan(tmp_path).values == []
