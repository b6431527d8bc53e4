"""AWS SAM / CloudFormation: Lambda environment variables, ``!Ref`` parameters, samconfig."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import CollectResult
from sherlock.engine.decoys import is_decoy
from sherlock.models import FoundValue
from tests.collect.builders import SID, TOKEN, TOKEN_2, scan, write_tree

TEMPLATE = f"""AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31

Parameters:
  TwilioAuthToken:
    Type: String
    NoEcho: true
    Default: {TOKEN}

Globals:
  Function:
    Runtime: python3.12
    Environment:
      Variables:
        TWILIO_ACCOUNT_SID: {SID}

Resources:
  SendFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          TWILIO_AUTH_TOKEN: !Ref TwilioAuthToken
  AuditFunction:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          TWILIO_AUTH_TOKEN: '{{{{resolve:secretsmanager:twilio:SecretString:token}}}}'
"""

SAMCONFIG = f"""version = 0.1

[default.deploy.parameters]
stack_name = "reminders-dev"

[prod.deploy.parameters]
stack_name = "reminders-prod"
parameter_overrides = "Stage=prod TwilioAuthToken={TOKEN_2}"
"""


def _sam(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "sam"]


def test_globals_and_a_ref_to_a_parameter_default_form_one_set(tmp_path: Path) -> None:
    mine = _sam(scan(write_tree(tmp_path, {"template.yaml": TEMPLATE})))
    seen = {(v.service, v.field, str(v.location), v.value.reveal()) for v in mine}
    assert seen == {
        ("SendFunction", "account_sid", "template.yaml:15", SID),
        ("SendFunction", "auth_token", "template.yaml:8", TOKEN),
    }


def test_each_samconfig_environment_overrides_the_parameter(tmp_path: Path) -> None:
    files = {"template.yaml": TEMPLATE, "samconfig.toml": SAMCONFIG}
    mine = _sam(scan(write_tree(tmp_path, files)))
    tokens = {
        (v.environment, str(v.location), v.value.reveal()) for v in mine if v.field == "auth_token"
    }
    assert tokens == {("default", "template.yaml:8", TOKEN), ("prod", "samconfig.toml:8", TOKEN_2)}


def test_a_dynamic_reference_is_a_note(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"template.yaml": TEMPLATE}))
    assert any(n.location == "template.yaml:30" and "resolve" in n.message for n in result.notes)


def test_sams_default_template_name_is_a_deployment_not_an_example() -> None:
    assert not is_decoy("template.yaml") and not is_decoy("infra/prod/template.yml")
    assert is_decoy("template.env") and is_decoy(".env.template")
