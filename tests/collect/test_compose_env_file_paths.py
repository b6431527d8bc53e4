"""Compose interpolates ``env_file:`` paths like any other value: ``.env.${APP_ENV:-dev}``
picks the file per deployment, filled from the shell, then the project's ``.env``."""

from __future__ import annotations

from pathlib import Path

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree

COMPOSE = "services:\n  notifier:\n    build: .\n    env_file:\n      - .env.${APP_ENV:-dev}\n"


def _pair(token: str) -> str:
    return f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={token}\n"


def _tree(tmp_path: Path, project_env: str | None) -> Path:
    files = {
        "docker-compose.yml": COMPOSE,
        ".env.prod": _pair(TOKEN),
        ".env.dev": _pair(TOKEN_2),
    }
    if project_env is not None:
        files[".env"] = project_env
    return write_tree(tmp_path, files)


def _service_token(tmp_path: Path, **kwargs: object) -> tuple[str, str]:
    result = scan(tmp_path, **kwargs)
    assert not any("does not exist" in str(n) for n in result.notes), result.notes
    (token,) = [v for v in result.values if v.service == "notifier" and "TOKEN" in v.name]
    return str(token.location), raw(token)


def test_the_project_env_file_picks_the_env_file(tmp_path: Path) -> None:
    _tree(tmp_path, "APP_ENV='prod'\nCOMPOSE_PROJECT_NAME=notify\n")
    assert _service_token(tmp_path) == (".env.prod:2", TOKEN)


def test_the_default_is_used_when_nothing_sets_the_variable(tmp_path: Path) -> None:
    _tree(tmp_path, None)
    assert _service_token(tmp_path) == (".env.dev:2", TOKEN_2)


def test_the_shell_wins_over_the_project_env_file(tmp_path: Path) -> None:
    _tree(tmp_path, "APP_ENV=dev\n")
    got = _service_token(tmp_path, process_env={"APP_ENV": "prod"})
    assert got == (".env.prod:2", TOKEN)


def test_a_file_compose_loads_is_not_also_read_alone(tmp_path: Path) -> None:
    _tree(tmp_path, "APP_ENV=prod\n")
    scopes = {v.scope for v in scan(tmp_path).values if v.location.path == ".env.prod"}
    assert len(scopes) == 1 and "notifier" in next(iter(scopes))


def test_a_path_nothing_fills_is_a_note_not_a_missing_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"docker-compose.yml": "services:\n  api:\n    env_file: ./config/${STAGE}.env\n"},
    )
    notes = [str(n) for n in scan(tmp_path).notes]
    assert any("takes ${STAGE} from the shell running compose" in n for n in notes), notes
    assert not any("does not exist" in n for n in notes)


def test_a_value_interpolated_from_the_env_file_it_also_loads_is_not_set_twice(
    tmp_path: Path,
) -> None:
    """``TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}`` filled from the project ``.env`` that
    ``env_file:`` loads as well: one line, one value, no "set again" note about itself."""
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": (
                "services:\n  hook:\n    build: .\n    environment:\n"
                "      - TWILIO_ACCOUNT_SID=${TWILIO_ACCOUNT_SID}\n"
                "      - TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}\n"
                "    env_file:\n      - .env\n"
            ),
            ".env": _pair(TOKEN),
        },
    )
    result = scan(tmp_path)
    assert not any("set again" in str(n) for n in result.notes), result.notes
    tokens = [v for v in result.values if v.service == "hook" and "TOKEN" in v.name]
    assert [(str(v.location), v.shadows) for v in tokens] == [(".env:2", ())]
