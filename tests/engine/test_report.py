"""The credentials table: rows in an order a person can scan and two runs agree on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.engine.report import credential_rows, is_file_location
from sherlock.models import FoundValue, Location, Outcome, Verification
from sherlock.providers.twilio.records import CredentialSet, Field
from sherlock.secrets import Secret

SID = "AC" + "a1b2c3d4" * 4
TOKEN = "9c8b7a6f" * 4
VAULT = "vault://secret/prod/twilio"
CONTRACT = {
    "location",
    "name",
    "environment",
    "service",
    "kind",
    "fingerprint",
    "masked",
    "verification",
}


def found(field: Field, location: Location, environment: str, service: str) -> FoundValue:
    raw = SID if field is Field.ACCOUNT_SID else TOKEN
    return FoundValue(
        field=field,
        name=f"TWILIO_{field.value.upper()}",
        value=Secret(raw, identifier=field.is_identifier),
        location=location,
        source_kind="test",
        consumer="test",
        scope=location.path,
        environment=environment,
        service=service,
    )


def pair(sid: Location, token: Location, env: str, svc: str) -> CredentialSet:
    return CredentialSet(
        scope=sid.path,
        environment=env,
        service=svc,
        account_sid=found(Field.ACCOUNT_SID, sid, env, svc),
        auth_token=found(Field.AUTH_TOKEN, token, env, svc),
    )


def in_file(path: str, sid_line: int, token_line: int, env: str, svc: str) -> CredentialSet:
    return pair(Location(path, sid_line), Location(path, token_line), env, svc)


def test_rows_go_by_environment_service_path_then_numeric_line_with_uris_last() -> None:
    sets = [
        pair(
            Location(f"{VAULT}#TWILIO_ACCOUNT_SID@v3"),
            Location(f"{VAULT}#TWILIO_AUTH_TOKEN@v3"),
            "prod",
            "api",
        ),
        in_file("services/api/.env", 10, 2, "prod", "api"),
        pair(Location("env:TWILIO_ACCOUNT_SID"), Location("env:TWILIO_AUTH_TOKEN"), "prod", "api"),
        in_file("k8s/prod/worker.yaml", 9, 8, "prod", "worker"),
        in_file("deploy/staging/api.env", 12, 3, "staging", "api"),
        in_file("services/api-gw/.env", 1, 2, "prod", "api"),
        in_file("a/.env", 4, 5, "dev", "zeta"),
    ]
    results = {s: Verification(Outcome.VALID, http_status=200) for s in sets}
    rows = credential_rows(sets, results, None)
    assert [(r.environment, r.service, r.location) for r in rows] == [
        ("dev", "zeta", "a/.env:4"),
        ("dev", "zeta", "a/.env:5"),
        ("prod", "api", "services/api/.env:2"),
        ("prod", "api", "services/api/.env:10"),
        ("prod", "api", "services/api-gw/.env:1"),
        ("prod", "api", "services/api-gw/.env:2"),
        ("prod", "api", "env:TWILIO_ACCOUNT_SID"),
        ("prod", "api", "env:TWILIO_AUTH_TOKEN"),
        ("prod", "api", f"{VAULT}#TWILIO_ACCOUNT_SID@v3"),
        ("prod", "api", f"{VAULT}#TWILIO_AUTH_TOKEN@v3"),
        ("prod", "worker", "k8s/prod/worker.yaml:8"),
        ("prod", "worker", "k8s/prod/worker.yaml:9"),
        ("staging", "api", "deploy/staging/api.env:3"),
        ("staging", "api", "deploy/staging/api.env:12"),
    ]


def test_the_order_does_not_depend_on_the_order_sets_were_found_in() -> None:
    sets = [in_file(f"svc/.env.{n}", n, n + 1, "prod", "api") for n in (11, 2, 30, 1)]
    forward = credential_rows(sets, {}, None)
    backward = credential_rows(list(reversed(sets)), {}, None)
    assert forward == backward
    assert [r.location for r in forward][:2] == ["svc/.env.1:1", "svc/.env.1:2"]
    assert {r.verification for r in forward} == {"not verified"}


def test_store_and_variable_uris_are_not_files() -> None:
    assert is_file_location(Location("services/api/.env", 2))
    assert is_file_location(Location(".twilio-cli/config.json", 3))
    assert not is_file_location(Location("env:TWILIO_AUTH_TOKEN"))
    assert not is_file_location(Location("aws-sm://prod/twilio#TWILIO_AUTH_TOKEN@AWSCURRENT"))
    assert not is_file_location(Location("gcp-sm://projects/p/secrets/twilio"))


def test_json_rows_keep_their_fields_and_put_line_2_before_line_10(tmp_path: Path) -> None:
    env = tmp_path / "deploy" / "services" / "api" / ".env.production"
    env.parent.mkdir(parents=True)
    filler = [f"OTHER_{n}=x" for n in range(7)]
    lines = ["# api", f"TWILIO_AUTH_TOKEN={TOKEN}", *filler, f"TWILIO_ACCOUNT_SID={SID}"]
    env.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["diagnose", str(tmp_path / "deploy"), "--offline", "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.stderr
    rows = json.loads(result.stdout)["credentials"]
    assert [r["location"] for r in rows] == [
        "services/api/.env.production:2",
        "services/api/.env.production:10",
    ]
    assert all(set(r) == CONTRACT for r in rows)
    assert TOKEN not in result.stdout


def test_two_readings_of_one_line_are_two_rows() -> None:
    """docker keeps the quotes systemd strips: one line, two values, both shown."""
    plain = in_file("deploy/prod.env", 1, 2, "prod", "sms")
    quoted_token = FoundValue(
        field=Field.AUTH_TOKEN,
        name="TWILIO_AUTH_TOKEN",
        value=Secret(f'"{TOKEN}"'),
        location=Location("deploy/prod.env", 2),
        source_kind="test",
        consumer="docker --env-file",
        scope="deploy/prod.env [docker]",
        environment="prod",
        service="sms",
    )
    quoted = CredentialSet(
        scope="deploy/prod.env [docker]",
        environment="prod",
        service="sms",
        account_sid=plain.account_sid,
        auth_token=quoted_token,
    )
    results = {
        plain: Verification(Outcome.VALID, http_status=200),
        quoted: Verification(Outcome.INVALID, http_status=401, code=20003),
    }
    rows = credential_rows([plain, quoted], results, None)
    tokens = [r for r in rows if r.kind == "auth_token"]
    assert len(tokens) == 2
    assert {r.verification.split(",")[0] for r in tokens} == {"valid", "invalid"}
