"""A compose service's lone half is judged alone only when no framework project completes it.

A service that builds a Spring Boot or ASP.NET Core project (compose file in the project's
folder or above it) is that project's deployment: its variables are the top layer of the
project's run, which the framework reader emits, for every property the project's config
uses, whether the files set it, leave it to a placeholder or do not name it at all. A half
that run carries is held back with a note; every other lone half stays a set of its own, for
missing-credential to judge.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import CollectResult
from tests.collect.builders import SID, TOKEN, raw, scan, write_tree

APPLICATION_YML = f"twilio:\n  account-sid: {SID}\n  auth-token: placeholder-rotated\n"
APPSETTINGS = f'{{\n  "Twilio": {{\n    "AccountSid": "{SID}",\n    "AuthToken": "old"\n  }}\n}}\n'
SPRING = {"app/src/main/resources/application.yml": APPLICATION_YML, "app/build.gradle": ""}
DOTNET = {"app/appsettings.json": APPSETTINGS, "app/Api.csproj": "<Project />\n"}


def compose(build: str, *env: tuple[str, str]) -> str:
    lines = "".join(f"      {name}: {value}\n" for name, value in env)
    return f"services:\n  api:\n    {build}\n    environment:\n{lines}"


def _compose_values(result: CollectResult) -> list[tuple[str, str]]:
    return [(v.name, raw(v)) for v in result.values if v.scope.startswith("compose:")]


@pytest.mark.parametrize(
    ("project", "variable"),
    [(SPRING, "TWILIO_AUTH_TOKEN"), (DOTNET, "Twilio__AuthToken")],
    ids=["spring", "dotnet"],
)
def test_a_token_only_service_building_a_framework_project_is_part_of_its_run(
    tmp_path: Path, project: dict[str, str], variable: str
) -> None:
    tree = {**project, "docker-compose.yml": compose("build: ./app", (variable, TOKEN))}
    result = scan(write_tree(tmp_path, tree))
    assert _compose_values(result) == []
    [note] = [n for n in result.notes if "judged in the run of the project" in str(n)]
    assert str(note).startswith(f"docker-compose.yml:5: {variable} ")
    assert "(over app/" in str(note)
    run = [v for v in result.values if "[compose:api@docker-compose.yml]" in v.scope]
    assert {(v.field, raw(v)) for v in run} == {("account_sid", SID), ("auth_token", TOKEN)}


@pytest.mark.parametrize(
    ("files", "build"),
    [
        ({"app/package.json": '{"dependencies": {"twilio": "^5"}}\n'}, "build: ./app"),
        ({}, "image: ghcr.io/acme/api:3"),
        ({f"app/{name}": text for name, text in SPRING.items()}, "build: ../app"),
        ({"app/src/main/resources/application.yml": "server:\n  port: 8080\n"}, "build: ./app"),
        (
            {
                "app/src/main/resources/application.yml": f"twilio:\n  account-sid: {SID}\n"
                "  authToken: ${TWILIO_TOKEN}\n"
            },
            "build: ./app",
        ),
        ({"app/appsettings.json": f'{{"Twilio": {{"AccountSid": "{SID}"}}}}\n'}, "build: ./app"),
    ],
    ids=[
        "node-project",
        "image-only",
        "sibling-folder",
        "config-naming-no-provider",
        "camel-case-token-property-reads-another-variable",
        "dotnet-single-underscore",
    ],
)
def test_a_lone_half_no_project_run_carries_is_still_emitted(
    tmp_path: Path, files: dict[str, str], build: str
) -> None:
    folder = "deploy/" if build.startswith("build: ..") else ""
    tree = {**files, f"{folder}docker-compose.yml": compose(build, ("TWILIO_AUTH_TOKEN", TOKEN))}
    result = scan(write_tree(tmp_path, tree))
    assert _compose_values(result) == [("TWILIO_AUTH_TOKEN", TOKEN)]


def test_a_complete_set_in_a_linked_service_is_still_its_own_set(tmp_path: Path) -> None:
    env = (("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN))
    tree = {**SPRING, "docker-compose.yml": compose("build:\n      context: ./app", *env)}
    result = scan(write_tree(tmp_path, tree))
    assert sorted(_compose_values(result)) == [
        ("TWILIO_ACCOUNT_SID", SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
    ]


SID_ONLY_YML = f"twilio:\n  account-sid: {SID}\n"


@pytest.mark.parametrize(
    ("config", "variable"),
    [
        ({"app/src/main/resources/application.yml": SID_ONLY_YML}, "TWILIO_AUTH_TOKEN"),
        (
            {"app/config/application.yml": SID_ONLY_YML + "  auth-token: ${TWILIO_AUTH_TOKEN}\n"},
            "TWILIO_AUTH_TOKEN",
        ),
        (
            {
                "app/application.properties": f"twilio.account-sid={SID}\ntwilio.auth-token=${{TWILIO_AUTH_TOKEN:}}\n"
            },
            "TWILIO_AUTH_TOKEN",
        ),
        (
            {"app/appsettings.json": f'{{"Twilio": {{"AccountSid": "{SID}"}}}}\n'},
            "Twilio__AuthToken",
        ),
        (
            {"app/appsettings.json": f'{{"Twilio": {{"AccountSid": "{SID}", "AuthToken": ""}}}}\n'},
            "Twilio__AuthToken",
        ),
    ],
    ids=[
        "spring-sid-only",
        "spring-placeholder",
        "spring-properties-placeholder-with-default",
        "dotnet-sid-only",
        "dotnet-emptied-key",
    ],
)
def test_a_token_the_config_leaves_to_the_environment_is_held_for_the_projects_run(
    tmp_path: Path, config: dict[str, str], variable: str
) -> None:
    """The process gets the token although no config file sets it: the run is complete."""
    tree = {**config, "docker-compose.yml": compose("build: ./app", (variable, TOKEN))}
    result = scan(write_tree(tmp_path, tree))
    assert _compose_values(result) == []
    [note] = [n for n in result.notes if "judged in the run of the project" in str(n)]
    assert f"(over {next(iter(config))})" in str(note)
    run = [v for v in result.values if "[compose:api@docker-compose.yml]" in v.scope]
    assert {(v.field, raw(v)) for v in run} == {("account_sid", SID), ("auth_token", TOKEN)}
