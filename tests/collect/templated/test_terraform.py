"""Terraform: the Twilio provider and service environments, var.x followed to var files."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.records import Field
from tests.collect.builders import (
    KEY_SECRET,
    KEY_SID,
    SID,
    SID_2,
    TOKEN,
    TOKEN_2,
    by_location,
    raw,
    scan,
    write_tree,
)

MAIN = """terraform {
  required_providers {
    twilio = {
      source  = "twilio/twilio"
      version = "0.18.35"
    }
  }
}

provider "twilio" {
  username = var.twilio_account_sid
  password = var.twilio_auth_token # from the var file
}

resource "aws_lambda_function" "sms_sender" {
  function_name = "sms-sender"
  environment {
    variables = {
      TWILIO_ACCOUNT_SID = var.twilio_account_sid
      TWILIO_AUTH_TOKEN  = "${var.twilio_auth_token}"
    }
  }
}
"""
VARIABLES = """variable "twilio_account_sid" {
  type = string
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
  default   = ""
}
"""


def test_var_files_are_environments_and_each_consumer_gets_the_var_file_line(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "infra/main.tf": MAIN,
            "infra/variables.tf": VARIABLES,
            "infra/envs/prod.tfvars": f'twilio_account_sid = "{SID}"\ntwilio_auth_token = "{TOKEN}"\n',
            "infra/envs/staging.tfvars": f'twilio_account_sid = "{SID_2}"\ntwilio_auth_token  = "{TOKEN_2}"\n',
        },
    )
    result = scan(tmp_path)
    prod = [v for v in result.values if v.environment == "prod"]
    assert {(v.consumer, v.name, str(v.location)) for v in prod} == {
        ("terraform twilio provider", "TWILIO_ACCOUNT_SID", "infra/envs/prod.tfvars:1"),
        ("terraform twilio provider", "TWILIO_AUTH_TOKEN", "infra/envs/prod.tfvars:2"),
        (
            "terraform aws_lambda_function.sms_sender",
            "TWILIO_ACCOUNT_SID",
            "infra/envs/prod.tfvars:1",
        ),
        (
            "terraform aws_lambda_function.sms_sender",
            "TWILIO_AUTH_TOKEN",
            "infra/envs/prod.tfvars:2",
        ),
    }
    staging = [
        v for v in result.values if v.environment == "staging" and v.field == Field.AUTH_TOKEN
    ]
    assert {raw(v) for v in staging} == {TOKEN_2}
    lambda_token = next(v for v in prod if "lambda" in v.consumer and v.field == Field.AUTH_TOKEN)
    assert lambda_token.service == "sms-sender"


def test_a_literal_in_the_provider_block_is_read_where_it_is_written(tmp_path: Path) -> None:
    provider = f'provider "twilio" {{\n  username = "{KEY_SID}"\n  password = "{KEY_SECRET}"\n  account_sid = "{SID}"\n}}\n'
    write_tree(tmp_path, {"terraform/prod/twilio.tf": provider})
    found = by_location(scan(tmp_path))
    key = found["terraform/prod/twilio.tf:2"]
    secret = found["terraform/prod/twilio.tf:3"]
    assert (key.field, secret.field) == (Field.API_KEY_SID, Field.API_KEY_SECRET)
    assert (raw(secret), secret.environment) == (KEY_SECRET, "prod")


def test_a_variable_default_and_auto_tfvars_layer_as_terraform_loads_them(tmp_path: Path) -> None:
    variables = VARIABLES.replace('default   = ""', f'default   = "{TOKEN_2}"')
    write_tree(
        tmp_path,
        {
            "main.tf": MAIN,
            "variables.tf": variables,
            "terraform.tfvars": f'twilio_account_sid = "{SID}"\n',
            "secrets.auto.tfvars": f'twilio_auth_token = "{TOKEN}"\n',
        },
    )
    tokens = [v for v in scan(tmp_path).values if v.field == Field.AUTH_TOKEN]
    assert {(raw(v), str(v.location)) for v in tokens} == {(TOKEN, "secrets.auto.tfvars:1")}


def test_a_variable_with_no_value_in_the_tree_is_a_note_and_the_lone_sid_is_held(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "infra/main.tf": MAIN.split("resource")[0],
            "infra/variables.tf": VARIABLES.replace('  default   = ""\n', ""),
            "infra/terraform.tfvars": f'twilio_account_sid = "{SID}"\n',
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    messages = " | ".join(n.message for n in result.notes)
    assert "TF_VAR_twilio_auth_token" in messages
    assert "not checked" in messages


def test_a_var_file_without_a_module_is_read_by_its_variable_names(tmp_path: Path) -> None:
    tfvars = f'twilio_account_sid = "{SID}"\ntwilio_auth_token = "{TOKEN} "\n'
    write_tree(tmp_path, {"deploy/production.tfvars": tfvars})
    token = by_location(scan(tmp_path))["deploy/production.tfvars:2"]
    assert (raw(token), token.environment, token.field) == (TOKEN + " ", "prod", Field.AUTH_TOKEN)


def test_expressions_it_cannot_evaluate_are_notes_and_the_other_half_is_held(
    tmp_path: Path,
) -> None:
    main = (
        'resource "aws_lambda_function" "sms" {\n  environment {\n    variables = {\n'
        f'      TWILIO_ACCOUNT_SID = "{SID}"\n'
        "      TWILIO_AUTH_TOKEN = data.aws_ssm_parameter.token.value\n    }\n  }\n}\n"
    )
    write_tree(tmp_path, {"main.tf": main})
    result = scan(tmp_path)
    assert any(n.location == "main.tf:5" and "not checked" in n.message for n in result.notes)
    assert result.values == []
