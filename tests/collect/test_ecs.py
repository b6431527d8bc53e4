"""ECS task definitions: each container's ``environment`` is one process's variables."""

from __future__ import annotations

import json
from pathlib import Path

from .builders import SID, TOKEN, raw, scan, write_tree


def _task(environment: list[dict[str, str]], secrets: list[dict[str, str]] | None = None) -> str:
    container = {"name": "sms-worker", "image": "acme/sms:1", "environment": environment}
    if secrets is not None:
        container["secrets"] = secrets
    return json.dumps(
        {"family": "sms-worker-staging", "containerDefinitions": [container]}, indent=2
    )


def test_environment_items_are_values_at_their_lines(tmp_path: Path) -> None:
    text = _task(
        [
            {"name": "NODE_ENV", "value": "production"},
            {"name": "TWILIO_ACCOUNT_SID", "value": SID},
            {"name": "TWILIO_AUTH_TOKEN", "value": TOKEN},
        ]
    )
    write_tree(tmp_path, {"deploy/ecs/task-definition.json": text})
    found = {v.name: v for v in scan(tmp_path).values}
    token = found["TWILIO_AUTH_TOKEN"]
    line = next(n for n, row in enumerate(text.split("\n"), 1) if TOKEN in row)
    assert raw(token) == TOKEN
    assert token.location.path == "deploy/ecs/task-definition.json"
    assert token.location.line == line, "the value's own line"
    assert (token.environment, token.service) == ("staging", "sms-worker")


def test_a_half_from_a_store_is_a_note_and_the_other_half_is_held(tmp_path: Path) -> None:
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/twilio"
    text = _task(
        [{"name": "TWILIO_ACCOUNT_SID", "value": SID}],
        [{"name": "TWILIO_AUTH_TOKEN", "valueFrom": arn}],
    )
    write_tree(tmp_path, {"taskdef.json": text})
    result = scan(tmp_path)
    assert result.values == []
    notes = " ".join(str(n) for n in result.notes)
    assert "TWILIO_AUTH_TOKEN comes from AWS Secrets Manager" in notes


def test_other_json_and_broken_task_definitions_are_not_values(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "x", "containerDefinitions": []}),
            "task-definition.json": '{"containerDefinitions": [ {"environment": [',
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    assert any("not valid JSON" in str(n) for n in result.notes)
