"""Compose services: environment, env_file, secrets and interpolation, one scope per service."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sherlock.providers.twilio.records import Field

from .builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree


def test_environment_as_a_mapping_keeps_lines_and_yaml_1_2_strings(tmp_path: Path) -> None:
    compose = (
        "services:\n"
        "  api:\n"
        "    environment:\n"
        f"      TWILIO_ACCOUNT_SID: {SID}\n"
        f'      TWILIO_AUTH_TOKEN: "{TOKEN}"\n'
        "      TWILIO_REGION: 0123  # a number in YAML, text to compose\n"
    )
    write_tree(tmp_path, {"docker-compose.yml": compose})
    found = by_location(scan(tmp_path))
    assert raw(found["docker-compose.yml:4"]) == SID
    assert raw(found["docker-compose.yml:5"]) == TOKEN
    assert raw(found["docker-compose.yml:6"]) == "0123"
    token = found["docker-compose.yml:5"]
    assert (token.scope, token.service, token.source_kind, token.consumer) == (
        "compose:api@docker-compose.yml",
        "api",
        "compose",
        "compose",
    )


def test_environment_as_a_list_keeps_quotes_as_written(tmp_path: Path) -> None:
    compose = (
        "services:\n  worker:\n    environment:\n"
        f"      - TWILIO_ACCOUNT_SID={SID}\n"
        f'      - TWILIO_AUTH_TOKEN="{TOKEN}"\n'
        "      - TWILIO_EDGE\n"
    )
    write_tree(tmp_path, {"compose.yaml": compose})
    found = by_location(scan(tmp_path))
    assert raw(found["compose.yaml:5"]) == f'"{TOKEN}"'
    assert len(found) == 2


@pytest.mark.parametrize(
    "env_file",
    [
        "    env_file: ../config/twilio.env\n",
        "    env_file:\n      - ../config/twilio.env\n",
        "    env_file:\n      - path: ../config/twilio.env\n        required: true\n",
    ],
)
def test_env_files_are_read_with_compose_rules_at_their_own_lines(
    tmp_path: Path, env_file: str
) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/docker-compose.yml": "services:\n  api:\n    image: x\n" + env_file,
            "config/twilio.env": f"# twilio\nTWILIO_ACCOUNT_SID='{SID}'\nTWILIO_AUTH_TOKEN={TOKEN} # rotated\n",
        },
    )
    result = scan(tmp_path)
    found = by_location(result)
    assert set(found) == {"config/twilio.env:2", "config/twilio.env:3"}
    assert raw(found["config/twilio.env:2"]) == SID
    assert raw(found["config/twilio.env:3"]) == TOKEN
    assert {v.scope for v in found.values()} == {"compose:api@deploy/docker-compose.yml"}
    assert {v.consumer for v in found.values()} == {"compose"}


def test_environment_overrides_env_file_for_the_same_name(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": (
                "services:\n  api:\n    env_file: app.env\n    environment:\n"
                f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"
            ),
            "app.env": f"TWILIO_AUTH_TOKEN={TOKEN_2}\nTWILIO_ACCOUNT_SID={SID}\n",
        },
    )
    result = scan(tmp_path)
    assert sorted(str(v.location) for v in result.values) == ["app.env:2", "docker-compose.yml:5"]
    assert [n.location for n in result.notes] == ["app.env:1"]


def test_missing_env_files_are_noted_unless_optional(tmp_path: Path) -> None:
    compose = (
        "services:\n  api:\n    env_file:\n      - missing.env\n"
        "      - path: optional.env\n        required: false\n"
    )
    write_tree(tmp_path, {"docker-compose.yml": compose})
    notes = scan(tmp_path).notes
    assert [(n.location, n.message) for n in notes] == [
        ("docker-compose.yml:4", "env_file missing.env does not exist")
    ]


def test_secret_files_are_whole_values_with_their_trailing_newline(tmp_path: Path) -> None:
    compose = (
        "services:\n  notifier:\n    environment:\n"
        f"      TWILIO_ACCOUNT_SID: {SID}\n"
        "      TWILIO_AUTH_TOKEN_FILE: /run/secrets/tok\n"
        "    secrets:\n      - tok\n"
        "secrets:\n  tok:\n    file: ./secrets/token.txt\n"
    )
    write_tree(tmp_path, {"docker-compose.prod.yml": compose, "secrets/token.txt": f"{TOKEN}\n"})
    found = by_location(scan(tmp_path))
    secret = found["secrets/token.txt:1"]
    assert raw(secret) == f"{TOKEN}\n"
    assert (secret.field, secret.source_kind) == (Field.AUTH_TOKEN, "docker-secret")
    assert (secret.scope, secret.environment) == (
        "compose:notifier@docker-compose.prod.yml",
        "prod",
    )
    assert found["docker-compose.prod.yml:4"].scope == secret.scope


def test_a_secret_is_classified_by_its_name_and_its_target(tmp_path: Path) -> None:
    compose = (
        "services:\n  api:\n    secrets:\n      - twilio_account_sid\n"
        "      - source: tok\n        target: twilio_auth_token\n"
        "secrets:\n  twilio_account_sid:\n    file: sid.txt\n  tok:\n    file: tok.txt\n"
    )
    write_tree(tmp_path, {"compose.yml": compose, "sid.txt": SID, "tok.txt": TOKEN})
    found = by_location(scan(tmp_path))
    assert found["sid.txt:1"].field is Field.ACCOUNT_SID
    assert found["tok.txt:1"].field is Field.AUTH_TOKEN  # the file name the app reads


def test_a_file_pointer_to_a_secret_target_decides_the_field(tmp_path: Path) -> None:
    compose = (
        "services:\n  api:\n    environment:\n"
        "      - TWILIO_AUTH_TOKEN_FILE=/run/secrets/t1\n"
        "    secrets:\n      - source: tok\n        target: t1\n"
        "secrets:\n  tok:\n    file: tok.txt\n"
    )
    write_tree(tmp_path, {"compose.yml": compose, "tok.txt": TOKEN})
    assert by_location(scan(tmp_path))["tok.txt:1"].field is Field.AUTH_TOKEN


def test_interpolation_from_the_project_env_points_at_the_env_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": (
                "services:\n  api:\n    environment:\n"
                "      TWILIO_AUTH_TOKEN: ${TWILIO_AUTH_TOKEN}\n"
                "      TWILIO_ACCOUNT_SID: ${SID_PART:-AC}${MISSING}\n"
            ),
            ".env": f"# project env\nTWILIO_AUTH_TOKEN='{TOKEN}'\n",
        },
    )
    result = scan(tmp_path)
    compose_values = [v for v in result.values if v.source_kind == "compose"]
    assert [(str(v.location), raw(v)) for v in compose_values] == [(".env:2", TOKEN)]
    assert [n.location for n in result.notes] == ["docker-compose.yml:5"]
    assert "${MISSING}" in result.notes[0].message


def test_compose_env_files_are_not_also_read_as_plain_dotenv(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  a:\n    env_file: .env.shared\n  b:\n    env_file: .env.shared\n",
            ".env.shared": f"TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    values = scan(tmp_path).values
    assert sorted(v.scope for v in values) == [
        "compose:a@docker-compose.yml",
        "compose:b@docker-compose.yml",
    ]


def test_app_env_in_a_service_names_its_environment(tmp_path: Path) -> None:
    compose = (
        "services:\n  api:\n    environment:\n      APP_ENV: staging\n"
        f"      TWILIO_ACCOUNT_SID: {SID_2}\n"
    )
    write_tree(tmp_path, {"services/api/docker-compose.yml": compose})
    assert {v.environment for v in scan(tmp_path).values} == {"staging"}


@pytest.mark.parametrize(
    "text",
    [
        f"services:\n  api:\n    environment:\n      TWILIO_AUTH_TOKEN: [{TOKEN}\n",
        f"services:\n  api:\n    environment:\n      TWILIO_AUTH_TOKEN: a\n      TWILIO_AUTH_TOKEN: {TOKEN}\n",
        "services:\n\tapi:\n\t\timage: x\n",
    ],
)
def test_malformed_yaml_is_a_note_that_never_quotes_the_file(tmp_path: Path, text: str) -> None:
    write_tree(tmp_path, {"docker-compose.yml": text})
    result = scan(tmp_path)
    assert result.values == []
    assert [n.location for n in result.notes] == ["docker-compose.yml"]
    assert result.notes[0].message.startswith("not valid YAML")


def test_env_files_outside_the_tree_are_not_read(tmp_path: Path) -> None:
    write_tree(tmp_path / "outside", {"x.env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    write_tree(
        tmp_path / "tree",
        {"docker-compose.yml": "services:\n  a:\n    env_file: ../outside/x.env\n"},
    )
    result = scan(tmp_path / "tree")
    assert result.values == []
    assert "outside the scanned tree" in result.notes[0].message


def test_referenced_files_that_link_out_of_the_tree_are_not_read(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"x.env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    tree = write_tree(
        tmp_path / "tree",
        {
            "docker-compose.yml": "services:\n  a:\n    env_file: linked.env\n",
            "run.sh": "docker run --env-file other.vars img\n",
        },
    )
    os.symlink(outside / "x.env", tree / "linked.env")
    os.symlink(outside / "x.env", tree / "other.vars")
    result = scan(tree)
    assert result.values == []
    messages = {(n.location, n.message) for n in result.notes}
    assert (
        "linked.env",
        "env_file linked.env: link to a path outside the scanned tree; not followed",
    ) in messages
    assert ("other.vars", "link to a path outside the scanned tree; not followed") in messages


def test_a_shadowing_note_names_the_other_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": (
                "services:\n  api:\n    env_file: app.env\n    environment:\n"
                f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"
            ),
            "app.env": f"TWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    (note,) = scan(tmp_path).notes
    assert (note.location, note.message) == (
        "app.env:1",
        "TWILIO_AUTH_TOKEN is set again (docker-compose.yml:5); compose uses the later value",
    )
