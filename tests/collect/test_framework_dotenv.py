"""Next.js, Create React App, Vite, Vue CLI and dotenv-flow read a project's env files as one
layered run per mode, in orders that disagree about ``.env.local``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sherlock.collect.framework_dotenv import FRAMEWORKS, framework_of, modes_of, run_order
from sherlock.models import FoundValue

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree


def _package(dependency: str, dev: bool = False) -> str:
    section = "devDependencies" if dev else "dependencies"
    return json.dumps({"name": "web", section: {dependency: "1.0.0", "twilio": "^5.0.0"}})


def _tokens(values: list[FoundValue]) -> dict[str, FoundValue]:
    """The token each environment's run uses."""
    return {v.environment: v for v in values if v.name == "TWILIO_AUTH_TOKEN"}


def _pair(token: str) -> str:
    return f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={token}\n"


def test_next_reads_env_local_over_env_production_and_keeps_the_hidden_token(
    tmp_path: Path,
) -> None:
    root = write_tree(
        tmp_path,
        {
            "web/package.json": _package("next"),
            "web/.env.local": _pair(TOKEN),
            "web/.env.production": _pair(TOKEN_2),
        },
    )
    prod = _tokens(scan(root).values)["prod"]
    assert str(prod.location) == "web/.env.local:2"
    assert raw(prod) == TOKEN
    assert [str(s.value.location) for s in prod.shadows] == ["web/.env.production:2"]
    assert raw(prod.shadows[0].value) == TOKEN_2


def test_vite_lets_the_mode_file_override_env_local(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "web/package.json": _package("vite", dev=True),
            "web/.env.local": _pair(TOKEN),
            "web/.env.production": _pair(TOKEN_2),
        },
    )
    prod = _tokens(scan(root).values)["prod"]
    assert str(prod.location) == "web/.env.production:2"
    assert [str(s.value.location) for s in prod.shadows] == ["web/.env.local:2"]


def test_each_named_mode_is_its_own_run_over_the_shared_env(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "web/package.json": _package("react-scripts"),
            "web/.env": _pair(TOKEN),
            "web/.env.staging": f"TWILIO_AUTH_TOKEN={TOKEN_2}\n",
            "web/.env.production": "NEXT_TELEMETRY_DISABLED=1\n",
        },
    )
    tokens = _tokens(scan(root).values)
    assert str(tokens["staging"].location) == "web/.env.staging:1"
    assert str(tokens["prod"].location) == "web/.env:2", "production sets no token: .env's"
    assert not tokens["prod"].shadows


def test_a_plain_env_file_stays_with_the_dotenv_reader(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"web/package.json": _package("next"), "web/.env": _pair(TOKEN)})
    (value,) = _tokens(scan(root).values).values()
    assert value.source_kind == "dotenv"
    assert value.scope == "web/.env"


def test_a_project_without_such_a_framework_is_read_file_by_file(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "api/package.json": _package("express"),
            "api/.env.local": _pair(TOKEN),
            "api/.env.production": _pair(TOKEN_2),
        },
    )
    scopes = {v.scope for v in scan(root).values}
    assert scopes == {"api/.env.local", "api/.env.production"}


def test_a_file_compose_loads_is_left_to_compose(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "web/package.json": _package("next"),
            "web/.env.local": _pair(TOKEN),
            "web/.env.production": _pair(TOKEN_2),
            "web/docker-compose.yml": "services:\n  web:\n    build: .\n    env_file: .env.production\n",
        },
    )
    values = scan(root).values
    compose = [v for v in values if v.source_kind == "compose"]
    assert {str(v.location) for v in compose} >= {"web/.env.production:2"}
    framework = [v for v in values if "Next.js" in v.consumer]
    assert all(v.location.path != "web/.env.production" for v in framework)


def test_test_mode_skips_env_local_where_the_tool_says_so() -> None:
    present = [".env", ".env.local", ".env.test"]
    assert run_order(FRAMEWORKS["next"], "test", present) == [".env", ".env.test"]
    assert run_order(FRAMEWORKS["vite"], "test", present) == [".env", ".env.local", ".env.test"]


@pytest.mark.parametrize(
    ("tool", "expected"),
    [
        ("next", [".env", ".env.production", ".env.local", ".env.production.local"]),
        ("vite", [".env", ".env.local", ".env.production", ".env.production.local"]),
    ],
)
def test_the_two_orders_weaker_first(tool: str, expected: list[str]) -> None:
    present = [".env", ".env.local", ".env.production", ".env.production.local", ".env.example"]
    assert run_order(FRAMEWORKS[tool], "production", present) == expected


def test_modes_come_from_the_files_and_examples_name_none() -> None:
    assert modes_of([".env", ".env.local"]) == [""]
    assert modes_of([".env.production", ".env.staging.local"]) == ["production", "staging"]


@pytest.mark.parametrize("text", ["", "[]", "{not json", '{"dependencies": ["next"]}'])
def test_a_broken_package_json_names_no_framework(text: str) -> None:
    assert framework_of(text) is None


def test_rails_dotenv_reads_env_local_over_the_mode_file(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "shop/Gemfile": "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem 'dotenv-rails'\n",
            "shop/.env.local": _pair(TOKEN),
            "shop/.env.production": _pair(TOKEN_2),
        },
    )
    prod = _tokens(scan(root).values)["prod"]
    assert str(prod.location) == "shop/.env.local:2"
    assert "dotenv (Rails)" in prod.consumer


def test_symfony_lets_the_mode_file_override_env_local(tmp_path: Path) -> None:
    composer = json.dumps({"require": {"php": ">=8.2", "symfony/framework-bundle": "7.1.*"}})
    root = write_tree(
        tmp_path,
        {
            "api/composer.json": composer,
            "api/.env.local": _pair(TOKEN),
            "api/.env.prod": _pair(TOKEN_2),
        },
    )
    prod = _tokens(scan(root).values)["prod"]
    assert str(prod.location) == "api/.env.prod:2"
    assert [str(s.value.location) for s in prod.shadows] == ["api/.env.local:2"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Gemfile", "gem 'rails'\n# gem 'dotenv-rails' is not used any more\n"),
        ("composer.json", '{"require": {"laravel/framework": "^11.0"}}'),
    ],
)
def test_a_manifest_without_such_a_tool_names_none(name: str, text: str) -> None:
    assert framework_of(text, name) is None
