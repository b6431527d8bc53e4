"""What the process really sees: the winning value per variable keeps the ones it hides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sherlock.models import FoundValue

from .builders import SID, TOKEN, TOKEN_2, by_location, raw, scan, write_tree


def _shadowed(value: FoundValue) -> list[tuple[str, str, str]]:
    return [(str(s.value.location), raw(s.value), s.rule) for s in value.shadows]


def test_compose_environment_hides_the_env_file_value_and_says_why(tmp_path: Path) -> None:
    compose = (
        "services:\n  api:\n    env_file: [api.env]\n"
        f"    environment:\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
    )
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": compose,
            "api.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    found = by_location(scan(tmp_path))
    winner = found["docker-compose.yml:5"]
    assert raw(winner) == TOKEN
    assert _shadowed(winner) == [
        ("api.env:2", TOKEN_2, "compose: environment: overrides env_file: api.env")
    ]
    assert winner.shadows[0].value.scope == winner.scope
    assert "api.env:2" not in found  # the loser is evidence, never a value the process uses


def test_compose_later_env_file_hides_the_earlier_one(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    env_file:\n      - base.env\n      - prod.env\n"
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": compose,
            "base.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
            "prod.env": f"TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    winner = by_location(scan(tmp_path))["prod.env:1"]
    assert _shadowed(winner) == [
        ("base.env:2", TOKEN_2, "compose: env_file: prod.env overrides env_file: base.env")
    ]


def test_a_name_written_twice_in_one_file_is_not_a_precedence_question(tmp_path: Path) -> None:
    text = f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\nTWILIO_AUTH_TOKEN={TOKEN}\n"
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  api:\n    env_file: a.env\n"})
    write_tree(tmp_path, {"a.env": text})
    found = by_location(scan(tmp_path))
    assert raw(found["a.env:3"]) == TOKEN
    assert found["a.env:3"].shadows == ()


def _cli(active: str | None = "prod") -> str:
    data: dict[str, object] = {
        "profiles": {
            "dev": {"accountSid": SID, "authToken": TOKEN_2},
            "prod": {"accountSid": SID, "authToken": TOKEN_2, "region": "ie1"},
        }
    }
    if active:
        data["activeProfile"] = active
    return json.dumps(data, indent=2) + "\n"


@pytest.mark.parametrize(
    ("active", "overridden"),
    [("prod", "prod"), ("dev", "dev"), (None, "dev")],
    ids=["active-profile", "other-active-profile", "first-profile-when-none-active"],
)
def test_cli_environment_credential_wins_over_the_active_profile_only(
    tmp_path: Path, active: str | None, overridden: str
) -> None:
    write_tree(tmp_path, {".twilio-cli/config.json": _cli(active)})
    environ = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}
    values = scan(tmp_path, process_env=environ).values
    scope = f"twilio-cli:{overridden}@.twilio-cli/config.json"
    used = {v.name: v for v in values if v.scope == scope}
    assert set(used) == {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}  # region: not read either
    token = used["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "env:TWILIO_AUTH_TOKEN" and raw(token) == TOKEN
    [(where, value, rule)] = _shadowed(token)
    assert value == TOKEN_2 and where.startswith(".twilio-cli/config.json:")
    assert rule.startswith("twilio-cli: environment variables (used when no -p is given)")
    others = [v for v in values if v.scope.startswith("twilio-cli:") and v.scope != scope]
    assert others and all(
        not v.shadows and v.name in {"accountSid", "authToken", "region"} for v in others
    )


def test_cli_incomplete_environment_credential_leaves_profiles_alone(tmp_path: Path) -> None:
    write_tree(tmp_path, {".twilio-cli/config.json": _cli()})
    values = scan(tmp_path, process_env={"TWILIO_AUTH_TOKEN": TOKEN}).values
    profile = [v for v in values if v.scope.startswith("twilio-cli:")]
    assert {raw(v) for v in profile if v.name == "authToken"} == {TOKEN_2}
    assert all(not v.shadows for v in values)


def test_exported_variable_beats_the_dotenv_line_python_dotenv_reads(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app/.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n"})
    values = scan(tmp_path, process_env={"TWILIO_AUTH_TOKEN": TOKEN}).values
    used = {v.name: v for v in values if v.scope == "app/.env"}
    token = used["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "env:TWILIO_AUTH_TOKEN" and raw(token) == TOKEN
    [(where, value, rule)] = _shadowed(token)
    assert (where, value) == ("app/.env:2", TOKEN_2)
    assert "load_dotenv does not override" in rule
    assert str(used["TWILIO_ACCOUNT_SID"].location) == "app/.env:1"


@pytest.mark.parametrize(
    "files",
    [
        {".env.production": f"TWILIO_AUTH_TOKEN={TOKEN_2}\n"},  # not what load_dotenv() finds
        {".env": f"TWILIO_AUTH_TOKEN={TOKEN_2}\n", "run.sh": "set -a; . ./.env; set +a\n"},
    ],
    ids=["other-env-file", "file-sourced-by-a-shell-script"],
)
def test_exported_variable_does_not_shadow_files_other_consumers_read(
    tmp_path: Path, files: dict[str, str]
) -> None:
    write_tree(tmp_path, files)
    values = scan(tmp_path, process_env={"TWILIO_AUTH_TOKEN": TOKEN}).values
    in_files = [v for v in values if not str(v.location).startswith("env:")]
    assert in_files and all(raw(v) == TOKEN_2 and not v.shadows for v in in_files)


@pytest.mark.parametrize(
    ("build", "dockerfile"),
    [
        ("./api", "api/Dockerfile"),
        ("\n      context: ./api\n      dockerfile: deploy.Dockerfile", "api/deploy.Dockerfile"),
    ],
    ids=["context-string", "context-and-dockerfile"],
)
def test_compose_env_file_hides_the_built_image_env(
    tmp_path: Path, build: str, dockerfile: str
) -> None:
    compose = f"services:\n  api:\n    build: {build}\n    env_file: api.env\n"
    image = f"FROM python:3.12-slim\nENV TWILIO_AUTH_TOKEN={TOKEN_2} TWILIO_REGION=ie1\n"
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": compose,
            dockerfile: image,
            "api.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    found = by_location(scan(tmp_path))
    assert _shadowed(found["api.env:2"]) == [
        (
            f"{dockerfile}:2",
            TOKEN_2,
            f"compose: env_file: api.env overrides image ENV ({dockerfile})",
        )
    ]
    compose_scope = [v for v in found.values() if v.scope.startswith("compose:")]
    assert {v.name for v in compose_scope} == {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}
