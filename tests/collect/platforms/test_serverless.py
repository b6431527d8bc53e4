"""Serverless Framework: ``serverless.yml`` environment blocks, resolved per stage."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, scan, write_tree

SLS = f"""service: reminders
frameworkVersion: "3"

custom:
  accountSid: {SID}
  prod:
    twilioToken: {TOKEN}
  staging:
    twilioToken: {TOKEN_2}

provider:
  name: aws
  runtime: nodejs20.x
  stage: ${{opt:stage, 'staging'}}
  environment:
    TWILIO_ACCOUNT_SID: ${{self:custom.accountSid}}
    TWILIO_AUTH_TOKEN: ${{self:custom.${{sls:stage}}.twilioToken}}

functions:
  send:
    handler: src/send.handler
    events:
      - schedule: rate(5 minutes)
  audit:
    handler: src/audit.handler
    environment:
      TWILIO_API_SECRET: ${{ssm:/reminders/${{sls:stage}}/twilio-api-secret}}

resources:
  Resources:
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: !Sub "${{AWS::StackName}}-queue"
"""


def _sls(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "serverless"]


def test_one_set_per_stage_a_custom_lookup_names(tmp_path: Path) -> None:
    mine = _sls(scan(write_tree(tmp_path, {"serverless.yml": SLS})))
    seen = {(v.environment, v.field, str(v.location), v.value.reveal()) for v in mine}
    assert ("prod", "auth_token", "serverless.yml:7", TOKEN) in seen
    assert ("staging", "auth_token", "serverless.yml:9", TOKEN_2) in seen
    assert ("prod", "account_sid", "serverless.yml:5", SID) in seen
    assert {v.environment for v in mine} == {"prod", "staging"}
    assert {v.service for v in mine} == {"reminders", "audit"}  # audit adds its own block


def test_a_store_reference_is_a_note(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"serverless.yml": SLS}))
    assert any(n.location == "serverless.yml:27" and "ssm" in n.message for n in result.notes)


def test_an_env_reference_resolves_from_the_stage_env_file(tmp_path: Path) -> None:
    text = (
        "service: api\nuseDotenv: true\nprovider:\n  name: aws\n  environment:\n"
        f"    TWILIO_ACCOUNT_SID: {SID_2}\n    TWILIO_AUTH_TOKEN: ${{env:TWILIO_AUTH_TOKEN}}\n"
    )
    files = {"serverless.yml": text, ".env.dev": f"TWILIO_AUTH_TOKEN={TOKEN}\n"}
    mine = _sls(scan(write_tree(tmp_path, files)))
    [token] = [v for v in mine if v.field == "auth_token"]
    assert token.value.reveal() == TOKEN and token.environment == "dev"


def test_cloudformation_tags_and_bad_yaml_never_crash(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"serverless.yml": "service: x\nprovider: [twilio\n"}))
    assert _sls(result) == []
    assert any(n.location.startswith("serverless.yml") for n in result.notes)


FILE_REFS = """service: dispatch
frameworkVersion: "3"

provider:
  name: aws
  runtime: nodejs20.x
  stage: ${opt:stage, 'dev'}
  environment:
    TWILIO_ACCOUNT_SID: ${file(./config/twilio.json):accountSid}
    TWILIO_AUTH_TOKEN: ${file(./secrets.${sls:stage}.yml):twilio.authToken}

functions:
  send:
    handler: handler.send
"""


def _seen(values: list[FoundValue]) -> set[tuple[str, str, str]]:
    return {(v.environment, v.field, str(v.location)) for v in values}


def test_file_references_resolve_per_stage_and_locate_in_the_file(tmp_path: Path) -> None:
    tree = {
        "sls/serverless.yml": FILE_REFS,
        "sls/config/twilio.json": f'{{\n  "accountSid": "{SID}"\n}}\n',
        "sls/secrets.prod.yml": f"twilio:\n  authToken: {TOKEN}\n",
        "sls/secrets.staging.yml": f"# staging\ntwilio:\n  authToken: '{TOKEN_2}'\n",
    }
    result = scan(write_tree(tmp_path, tree))
    mine = _sls(result)
    assert _seen(mine) == {
        ("prod", "account_sid", "sls/config/twilio.json:2"),
        ("prod", "auth_token", "sls/secrets.prod.yml:2"),
        ("staging", "account_sid", "sls/config/twilio.json:2"),
        ("staging", "auth_token", "sls/secrets.staging.yml:3"),
    }
    assert {v.value.reveal() for v in mine if v.field == "auth_token"} == {TOKEN, TOKEN_2}
    # the default stage has no secrets.dev.yml in the tree: a note, and its SID is held back
    assert any("secrets.dev.yml" in n.message for n in result.notes)


def test_a_whole_environment_from_a_file_is_read_key_by_key(tmp_path: Path) -> None:
    sls = (
        "service: alerts\nprovider:\n  name: aws\n  stage: prod\n"
        "  environment: ${file(./env/${sls:stage}.yml)}\n"
    )
    env = f"TWILIO_ACCOUNT_SID: {SID}\nTWILIO_AUTH_TOKEN: {TOKEN}\nLOG_LEVEL: warn\n"
    mine = _sls(scan(write_tree(tmp_path, {"serverless.yml": sls, "env/prod.yml": env})))
    assert _seen(mine) == {
        ("prod", "account_sid", "env/prod.yml:1"),
        ("prod", "auth_token", "env/prod.yml:2"),
    }


def test_a_javascript_file_reference_is_a_note(tmp_path: Path) -> None:
    sls = (
        "service: alerts\nprovider:\n  name: aws\n  environment:\n"
        f"    TWILIO_ACCOUNT_SID: {SID}\n"
        "    TWILIO_AUTH_TOKEN: ${file(./secrets.js):authToken}\n"
    )
    result = scan(
        write_tree(tmp_path, {"serverless.yml": sls, "secrets.js": "module.exports = {}\n"})
    )
    assert _sls(result) == []
    assert any(n.location == "serverless.yml:6" and "JavaScript" in n.message for n in result.notes)


def test_an_example_secrets_file_is_no_stage(tmp_path: Path) -> None:
    tree = {
        "serverless.yml": FILE_REFS,
        "config/twilio.json": f'{{"accountSid": "{SID}"}}\n',
        "secrets.prod.yml": f"twilio:\n  authToken: {TOKEN}\n",
        "secrets.example.yml": "twilio:\n  authToken: <your-auth-token>\n",
    }
    mine = _sls(scan(write_tree(tmp_path, tree)))
    assert {v.environment for v in mine} == {"prod"}
