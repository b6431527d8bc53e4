"""Terraform: one-line ``{ name = …, value = … }`` env items, as an ECS container's
``environment`` inside ``container_definitions = jsonencode([…])`` writes them."""

from __future__ import annotations

from pathlib import Path

from tests.collect.builders import SID, TOKEN, raw, scan, write_tree

ECS = """resource "aws_ecs_task_definition" "sms" {{
  family = "sms"
  container_definitions = jsonencode([
    {{
      name  = "sms"
      environment = [
        {{ name = "NODE_ENV", value = "production" }},
        {{ name = "TWILIO_ACCOUNT_SID", value = "{sid}" }},
        {{ value = {token}, name = "TWILIO_AUTH_TOKEN" }},
      ]
    }}
  ])
}}
"""


def _values(root: Path) -> dict[str, tuple[str, str]]:
    return {v.name: (str(v.location), raw(v)) for v in scan(root).values}


def test_literal_items_are_values_at_their_lines(tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/ecs.tf": ECS.format(sid=SID, token=f'"{TOKEN}"')})
    found = _values(tmp_path)
    assert found["TWILIO_ACCOUNT_SID"] == ("infra/ecs.tf:8", SID)
    assert found["TWILIO_AUTH_TOKEN"] == ("infra/ecs.tf:9", TOKEN), "value written first"


def test_a_variable_item_resolves_per_var_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "infra/ecs.tf": ECS.format(sid=SID, token="var.twilio_auth_token"),
            "infra/variables.tf": 'variable "twilio_auth_token" {\n  type = string\n}\n',
            "infra/prod.tfvars": f'twilio_auth_token = "{TOKEN}"\n',
        },
    )
    tokens = [v for v in scan(tmp_path).values if v.name == "TWILIO_AUTH_TOKEN"]
    assert [(str(v.location), raw(v), v.environment) for v in tokens] == [
        ("infra/prod.tfvars:1", TOKEN, "prod")
    ]
