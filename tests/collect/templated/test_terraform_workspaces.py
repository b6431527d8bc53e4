"""Terraform workspaces: one configuration, a map keyed by workspace name, one value per key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collect.builders import ALL_RAW, SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

PROVIDER_INDEXED = """provider "twilio" {
  username = var.twilio_account_sid
  password = var.twilio_auth_tokens[terraform.workspace]
}
"""
MAP_DEFAULT = f"""variable "twilio_account_sid" {{
  type    = string
  default = "{SID}"
}}

variable "twilio_auth_tokens" {{
  type      = map(string)
  sensitive = true
  default = {{
    prod    = "{TOKEN}"
    staging = "{TOKEN_2}"
  }}
}}
"""


def _tokens(tmp_path: Path) -> set[tuple[str, str, str]]:
    result = scan(tmp_path)
    return {
        (v.environment, raw(v), str(v.location))
        for v in result.values
        if v.name == "TWILIO_AUTH_TOKEN"
    }


@pytest.mark.parametrize(
    "expression",
    [
        "var.twilio_auth_tokens[terraform.workspace]",
        '"${var.twilio_auth_tokens[terraform.workspace]}"',
        "lookup(var.twilio_auth_tokens, terraform.workspace)",
        'lookup(var.twilio_auth_tokens, terraform.workspace, "")',
    ],
)
def test_a_map_indexed_by_the_workspace_gives_one_token_per_key_at_its_default_line(
    tmp_path: Path, expression: str
) -> None:
    provider = PROVIDER_INDEXED.replace("var.twilio_auth_tokens[terraform.workspace]", expression)
    write_tree(tmp_path, {"infra/main.tf": provider, "infra/variables.tf": MAP_DEFAULT})
    assert _tokens(tmp_path) == {
        ("prod", TOKEN, "infra/variables.tf:10"),
        ("staging", TOKEN_2, "infra/variables.tf:11"),
    }


def test_each_workspace_key_pairs_with_the_shared_account_sid(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": PROVIDER_INDEXED, "variables.tf": MAP_DEFAULT})
    result = scan(tmp_path)
    sids = {(v.environment, raw(v)) for v in result.values if v.name == "TWILIO_ACCOUNT_SID"}
    assert sids == {("prod", SID), ("staging", SID)}
    assert not [n for n in result.notes if "not checked" in n.message]


def test_a_tfvars_map_overrides_the_default_and_is_located_at_its_own_entries(
    tmp_path: Path,
) -> None:
    tfvars = f'twilio_auth_tokens = {{\n  "staging" = "{TOKEN}"\n  production = "{TOKEN_2}"\n}}\n'
    write_tree(
        tmp_path,
        {"main.tf": PROVIDER_INDEXED, "variables.tf": MAP_DEFAULT, "terraform.tfvars": tfvars},
    )
    assert _tokens(tmp_path) == {
        ("staging", TOKEN, "terraform.tfvars:2"),
        ("prod", TOKEN_2, "terraform.tfvars:3"),
    }


def test_a_local_that_indexes_by_workspace_is_followed_from_a_resource_environment(
    tmp_path: Path,
) -> None:
    main = """locals {
  twilio_token = lookup(var.auth_tokens, terraform.workspace)
}

resource "aws_lambda_function" "notifier" {
  function_name = "notifier-${terraform.workspace}"
  environment {
    variables = {
      TWILIO_ACCOUNT_SID = var.account_sids[terraform.workspace]
      TWILIO_AUTH_TOKEN  = local.twilio_token
    }
  }
}
"""
    tfvars = (
        f'account_sids = {{ prod = "{SID}", staging = "{SID_2}" }}\n'
        f'auth_tokens = {{ prod = "{TOKEN}", staging = "{TOKEN_2}" }}\n'
    )
    variables = 'variable "account_sids" {\n  type = map(string)\n}\n\nvariable "auth_tokens" {}\n'
    write_tree(
        tmp_path,
        {"tf/main.tf": main, "tf/variables.tf": variables, "tf/secrets.auto.tfvars": tfvars},
    )
    result = scan(tmp_path)
    found = {(v.environment, v.name, raw(v), str(v.location)) for v in result.values}
    assert found == {
        ("prod", "TWILIO_ACCOUNT_SID", SID, "tf/secrets.auto.tfvars:1"),
        ("staging", "TWILIO_ACCOUNT_SID", SID_2, "tf/secrets.auto.tfvars:1"),
        ("prod", "TWILIO_AUTH_TOKEN", TOKEN, "tf/secrets.auto.tfvars:2"),
        ("staging", "TWILIO_AUTH_TOKEN", TOKEN_2, "tf/secrets.auto.tfvars:2"),
    }
    assert {v.consumer for v in result.values} == {"terraform aws_lambda_function.notifier"}


def test_a_per_workspace_var_file_that_sets_the_map_is_read_per_key(tmp_path: Path) -> None:
    tfvars = f'twilio_auth_tokens = {{\n  staging = "{TOKEN_2}"\n}}\n'
    write_tree(
        tmp_path,
        {
            "main.tf": PROVIDER_INDEXED,
            "variables.tf": MAP_DEFAULT,
            "env/staging.tfvars": tfvars,
        },
    )
    assert ("staging", TOKEN_2, "env/staging.tfvars:2") in _tokens(tmp_path)


def test_a_workspace_map_with_no_value_in_the_tree_is_a_note_not_a_guess(tmp_path: Path) -> None:
    variables = f'variable "twilio_account_sid" {{\n  default = "{SID}"\n}}\n'
    write_tree(tmp_path, {"main.tf": PROVIDER_INDEXED, "variables.tf": variables})
    result = scan(tmp_path)
    assert not [v for v in result.values if v.name == "TWILIO_AUTH_TOKEN"]
    messages = " | ".join(n.message for n in result.notes)
    assert "var.twilio_auth_tokens" in messages and "terraform.workspace" in messages


def test_workspace_values_never_leak_raw_into_notes(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": PROVIDER_INDEXED, "variables.tf": MAP_DEFAULT})
    result = scan(tmp_path)
    text = " ".join(f"{n.location} {n.message}" for n in result.notes)
    text += " ".join(repr(v) for v in result.values)
    assert not [secret for secret in ALL_RAW if secret in text]


def test_a_literal_map_in_locals_indexed_by_workspace_is_read_at_its_entries(
    tmp_path: Path,
) -> None:
    main = f"""locals {{
  twilio_tokens = {{
    prod    = "{TOKEN}"
    staging = "{TOKEN_2}"
  }}
}}

provider "twilio" {{
  username = "{SID}"
  password = local.twilio_tokens[terraform.workspace]
}}
"""
    write_tree(tmp_path, {"main.tf": main})
    assert _tokens(tmp_path) == {("prod", TOKEN, "main.tf:3"), ("staging", TOKEN_2, "main.tf:4")}
