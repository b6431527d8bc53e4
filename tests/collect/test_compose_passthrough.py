"""Compose pass-through variables (``- NAME``, ``NAME:``) resolved from where compose runs.

compose-go resolves a bare name and ``${NAME}`` from one environment: the shell's variables
over the env files (``--env-file`` or the project's ``.env``). These tests hold the reader to
it: the value is the service's, at the line that really sets it, and a value the winner hides
is kept as its shadow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.compose_commands import compose_runs
from sherlock.collect.profile_links import link_profile_exports
from sherlock.models import FoundValue

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree

SCOPE = "compose:api@docker-compose.yml"
LIST_FORM = "services:\n  api:\n    build: .\n    environment:\n      - TWILIO_ACCOUNT_SID\n      - TWILIO_AUTH_TOKEN\n"
MAPPING_FORM = "services:\n  api:\n    build: .\n    environment:\n      TWILIO_ACCOUNT_SID:\n      TWILIO_AUTH_TOKEN:\n"
DOTENV = f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"


def _service(root: Path, scope: str = SCOPE) -> dict[str, FoundValue]:
    """The service's values by variable name."""
    return {v.name: v for v in scan(root).values if v.scope == scope}


@pytest.mark.parametrize("compose", [LIST_FORM, MAPPING_FORM], ids=["list", "mapping-null"])
def test_a_pass_through_takes_the_project_env_value_at_its_env_line(
    tmp_path: Path, compose: str
) -> None:
    write_tree(tmp_path, {"docker-compose.yml": compose, ".env": DOTENV})
    found = _service(tmp_path)
    assert raw(found["TWILIO_AUTH_TOKEN"]) == TOKEN
    assert str(found["TWILIO_AUTH_TOKEN"].location) == ".env:2"
    assert str(found["TWILIO_ACCOUNT_SID"].location) == ".env:1"
    assert found["TWILIO_AUTH_TOKEN"].consumer == "compose"


def test_a_pass_through_nothing_sets_stays_unset(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docker-compose.yml": LIST_FORM})
    assert _service(tmp_path) == {}


def test_an_env_file_named_by_the_makefile_replaces_the_default_dotenv(tmp_path: Path) -> None:
    makefile = "up:\n\tdocker compose --env-file deploy/prod.env up -d --build\n"
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            "deploy/prod.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
            "Makefile": makefile,
        },
    )
    found = _service(tmp_path)
    assert raw(found["TWILIO_AUTH_TOKEN"]) == TOKEN_2
    assert str(found["TWILIO_AUTH_TOKEN"].location) == "deploy/prod.env:2"
    assert found["TWILIO_AUTH_TOKEN"].shadows == ()


def test_an_envrc_export_wins_over_the_dotenv_which_becomes_its_shadow(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            ".envrc": f"export TWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    token = _service(tmp_path)["TWILIO_AUTH_TOKEN"]
    assert raw(token) == TOKEN_2
    assert str(token.location) == ".envrc:1"
    [hidden] = token.shadows
    assert raw(hidden.value) == TOKEN
    assert str(hidden.value.location) == ".env:2"
    assert ".envrc" in hidden.rule and "overrides environment: from .env" in hidden.rule


def test_the_machine_profile_export_feeds_a_pass_through(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/docker-compose.yml": LIST_FORM,
            "home/deploy/.bashrc": f"export TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    found = _service(tmp_path, "compose:api@app/docker-compose.yml")
    assert str(found["TWILIO_AUTH_TOKEN"].location) == "home/deploy/.bashrc:2"


WORKFLOW = """name: e2e
on: push
env:
  TWILIO_ACCOUNT_SID: {sid}
jobs:
  smoke:
    runs-on: ubuntu-latest
    env:
      TWILIO_AUTH_TOKEN: {token}
    steps:
      - uses: actions/checkout@v4
      - run: docker compose up -d --wait
"""


def test_a_ci_job_that_runs_compose_sets_the_pass_through_over_the_dotenv(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            ".github/workflows/e2e.yml": WORKFLOW.format(sid=SID, token=TOKEN_2),
        },
    )
    token = _service(tmp_path)["TWILIO_AUTH_TOKEN"]
    assert raw(token) == TOKEN_2
    assert str(token.location) == ".github/workflows/e2e.yml:9"
    assert [str(s.value.location) for s in token.shadows] == [".env:2"]
    assert "job smoke of .github/workflows/e2e.yml" in token.shadows[0].rule


def test_a_ci_secret_reference_leaves_the_name_unresolved_with_a_note(tmp_path: Path) -> None:
    workflow = WORKFLOW.format(sid=SID, token="${{ secrets.TWILIO_AUTH_TOKEN }}")
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            ".github/workflows/e2e.yml": workflow,
        },
    )
    result = scan(tmp_path)
    assert [v for v in result.values if v.scope == SCOPE] == []  # the SID alone is no fault
    messages = [n.message for n in result.notes]
    assert any("secrets.TWILIO_AUTH_TOKEN" in m for m in messages)
    assert any("TWILIO_ACCOUNT_SID is not checked: service api" in m for m in messages)


def test_a_ci_job_running_another_project_does_not_feed_this_one(tmp_path: Path) -> None:
    workflow = WORKFLOW.format(sid=SID, token=TOKEN_2).replace(
        "docker compose up", "docker compose -f other/compose.yaml up"
    )
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            ".github/workflows/e2e.yml": workflow,
        },
    )
    assert raw(_service(tmp_path)["TWILIO_AUTH_TOKEN"]) == TOKEN


def test_interpolation_reads_the_same_environment_as_a_pass_through(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    image: x\n    environment:\n      TWILIO_AUTH_TOKEN: ${TWILIO_AUTH_TOKEN}\n      TWILIO_ACCOUNT_SID: ${TWILIO_ACCOUNT_SID}\n"
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": compose,
            ".env": DOTENV,
            ".envrc": f"export TWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    found = _service(tmp_path)
    assert str(found["TWILIO_AUTH_TOKEN"].location) == ".envrc:1"
    assert str(found["TWILIO_ACCOUNT_SID"].location) == ".env:1"


def test_a_pass_through_beats_the_services_env_file(tmp_path: Path) -> None:
    compose = LIST_FORM.replace("    environment:", "    env_file: api.env\n    environment:")
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": compose,
            "api.env": f"TWILIO_AUTH_TOKEN={TOKEN_2}\n",
            ".env": DOTENV,
        },
    )
    token = _service(tmp_path)["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == ".env:2"
    assert [str(s.value.location) for s in token.shadows] == ["api.env:1"]


@pytest.mark.parametrize(
    ("line", "cwds", "expected"),
    [
        ("docker compose --env-file .env.prod up -d", ("",), ("", (".env.prod",))),
        ("docker-compose --env-file=a.env --env-file b.env up", ("",), ("", ("a.env", "b.env"))),
        ("docker compose -f deploy/compose.yaml up", ("",), ("deploy", ())),
        ("cd deploy && docker compose --env-file ../prod.env up", ("",), ("deploy", ("prod.env",))),
        ("docker compose --project-directory srv up", ("ops",), ("ops/srv", ())),
        ("docker compose --env-file $(CURDIR)/x.env up", ("ops",), ("ops", ("ops/x.env",))),
    ],
)
def test_compose_command_lines_give_the_project_folder_and_env_files(
    line: str, cwds: tuple[str, ...], expected: tuple[str, tuple[str, ...]]
) -> None:
    [run] = compose_runs(line, "Makefile", cwds)
    assert (run.folder, run.env_files) == expected


@pytest.mark.parametrize(
    ("line", "env_files"),
    [
        ("docker compose run --env-file x.env api", [()]),  # run's own option: the container's
        ("docker compose --env-file x.env down", []),  # creates no container
        ("docker compose --env-file $(ENV_FILE) up", [()]),  # a path no file spells
        ("echo docker compose is great", []),
    ],
)
def test_only_global_env_files_of_commands_that_start_the_project_count(
    line: str, env_files: list[tuple[str, ...]]
) -> None:
    assert [run.env_files for run in compose_runs(line, "Makefile", ("",))] == env_files


def test_what_the_envrc_loads_with_dotenv_feeds_a_pass_through_at_that_files_line(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".envrc": "layout python\ndotenv .env.shared\n",
            ".env.shared": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    token = _service(tmp_path)["TWILIO_AUTH_TOKEN"]
    assert raw(token) == TOKEN_2
    assert str(token.location) == ".env.shared:2"


def test_the_ci_job_beats_the_envrc_which_beats_the_machine_profile(tmp_path: Path) -> None:
    token_3 = "77aa" * 8
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            "home/dev/.zshrc": f"export TWILIO_AUTH_TOKEN={token_3}\n",
            ".envrc": f"export TWILIO_AUTH_TOKEN={TOKEN_2}\n",
            ".github/workflows/e2e.yml": WORKFLOW.format(sid=SID, token=TOKEN),
        },
    )
    token = _service(tmp_path)["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == ".github/workflows/e2e.yml:9"
    hidden = [str(s.value.location) for s in token.shadows]
    assert hidden == [".env:2", "home/dev/.zshrc:1", ".envrc:1"]


PIPELINE = """variables:
  TWILIO_ACCOUNT_SID: {sid}

.with-docker:
  image: docker:27
  services: [docker:27-dind]

smoke:
  extends: .with-docker
  variables:
    TWILIO_AUTH_TOKEN: {token}
  script:
    - docker compose up -d --wait
    - docker compose exec -T api npm test
"""


def test_a_gitlab_job_that_runs_compose_sets_the_pass_through(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            ".gitlab-ci.yml": PIPELINE.format(sid=SID, token=TOKEN_2),
        },
    )
    found = _service(tmp_path)
    assert str(found["TWILIO_AUTH_TOKEN"].location) == ".gitlab-ci.yml:11"
    assert str(found["TWILIO_ACCOUNT_SID"].location) == ".gitlab-ci.yml:2"
    assert [str(s.value.location) for s in found["TWILIO_AUTH_TOKEN"].shadows] == [".env:2"]


def test_a_gitlab_settings_variable_leaves_the_name_unresolved_with_a_note(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            ".env": DOTENV,
            ".gitlab-ci.yml": PIPELINE.format(sid=SID, token="$PROD_TWILIO_TOKEN"),
        },
    )
    result = scan(tmp_path)
    assert "TWILIO_AUTH_TOKEN" not in {v.name for v in result.values if v.scope == SCOPE}
    assert any("$PROD_TWILIO_TOKEN" in n.message for n in result.notes)


def test_a_deploy_script_run_from_the_root_names_the_env_file_of_a_nested_project(
    tmp_path: Path,
) -> None:
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\n"
        "docker compose -f deploy/docker-compose.yml \\\n"
        "  --env-file deploy/prod.env up -d --remove-orphans\n"
    )
    write_tree(
        tmp_path,
        {
            "deploy/docker-compose.yml": LIST_FORM,
            "deploy/.env": DOTENV,
            "deploy/prod.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
            "scripts/deploy.sh": script,
        },
    )
    found = _service(tmp_path, "compose:api@deploy/docker-compose.yml")
    assert str(found["TWILIO_AUTH_TOKEN"].location) == "deploy/prod.env:2"


def test_a_profile_export_a_pass_through_reads_is_not_called_unread(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": LIST_FORM,
            "home/deploy/.bashrc": f"export TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    values, notes = link_profile_exports(scan(tmp_path).values)
    assert {str(v.location) for v in values if v.scope == SCOPE} == {
        "home/deploy/.bashrc:1",
        "home/deploy/.bashrc:2",
    }
    assert [n for n in notes if "no process of this tree" in n.message] == []
