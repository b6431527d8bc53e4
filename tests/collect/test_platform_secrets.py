"""Commands that store credentials in a platform (fly, heroku, railway, gh) found in scripts,
Makefiles and CI ``run:`` steps: the value at the line that writes it, as the shell passes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.providers.twilio.grouping import group_credentials

from .builders import SID, TOKEN, raw, scan, write_tree


def _values(root: Path) -> dict[str, tuple[str, str, str, str]]:
    return {v.name: (str(v.location), raw(v), v.environment, v.service) for v in scan(root).values}


@pytest.mark.parametrize(
    ("command", "service"),
    [
        (
            f"heroku config:set TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN='{TOKEN}' -a sms-api",
            "sms-api",
        ),
        (
            f'heroku config:set --app=sms-api TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN="{TOKEN}"',
            "sms-api",
        ),
        (
            f"fly secrets set TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN} -a sms-api",
            "sms-api",
        ),
        (
            f"flyctl secrets set --stage TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN} --app sms-api",
            "sms-api",
        ),
        (
            f'railway variables --service sms-api --set "TWILIO_ACCOUNT_SID={SID}" --set "TWILIO_AUTH_TOKEN={TOKEN}"',
            "sms-api",
        ),
    ],
)
def test_a_platform_command_stores_the_value_the_shell_passes(
    tmp_path: Path, command: str, service: str
) -> None:
    write_tree(tmp_path, {"deploy.sh": f"#!/bin/sh\nset -e\n{command}\n"})
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"][:2] == ("deploy.sh:3", TOKEN)
    assert found["TWILIO_AUTH_TOKEN"][3] == service
    assert found["TWILIO_ACCOUNT_SID"][:2] == ("deploy.sh:3", SID)


def test_continued_lines_put_each_value_at_its_own_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "scripts/heroku.sh": (
                "heroku config:set \\\n"
                f"  TWILIO_ACCOUNT_SID={SID} \\\n"
                f"  TWILIO_AUTH_TOKEN={TOKEN} \\\n"
                "  --remote staging\n"
            )
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_ACCOUNT_SID"][0] == "scripts/heroku.sh:2"
    assert found["TWILIO_AUTH_TOKEN"][0] == "scripts/heroku.sh:3"
    assert found["TWILIO_AUTH_TOKEN"][2] == "staging"


def test_commands_for_one_app_in_one_script_form_one_set(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy.sh": (
                f"heroku config:set TWILIO_ACCOUNT_SID={SID} -a sms-api-prod\n"
                "heroku ps:scale web=1 -a sms-api-prod\n"
                f"heroku config:set TWILIO_AUTH_TOKEN={TOKEN} -a sms-api-prod\n"
            )
        },
    )
    sets = group_credentials(scan(tmp_path).values)
    assert len(sets) == 1
    assert sets[0].environment == "prod"
    assert sets[0].auth_token is not None and str(sets[0].auth_token.location) == "deploy.sh:3"


def test_a_lone_half_is_a_note_not_a_missing_credential(tmp_path: Path) -> None:
    write_tree(tmp_path, {"deploy.sh": f"heroku config:set TWILIO_AUTH_TOKEN={TOKEN} -a sms-api\n"})
    result = scan(tmp_path)
    assert result.values == []
    assert any("TWILIO_AUTH_TOKEN is not checked" in str(n) for n in result.notes)


@pytest.mark.parametrize(
    "line",
    [
        f"# heroku config:set TWILIO_AUTH_TOKEN={TOKEN} TWILIO_ACCOUNT_SID={SID} -a sms-api",
        f'echo "fly secrets set TWILIO_AUTH_TOKEN={TOKEN} TWILIO_ACCOUNT_SID={SID} -a sms-api"',
        f"heroku config:get TWILIO_AUTH_TOKEN -a sms-api # was {TOKEN}",
    ],
)
def test_text_that_only_mentions_a_command_stores_nothing(tmp_path: Path, line: str) -> None:
    write_tree(tmp_path, {"README.sh": f"#!/bin/sh\n{line}\n"})
    assert scan(tmp_path).values == []


def test_a_shell_variable_is_a_note_not_a_value(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy.sh": f'fly secrets set TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN="$TOKEN" -a x\n'
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    notes = " ".join(str(n) for n in result.notes)
    assert "TWILIO_AUTH_TOKEN takes its value from the shell running fly" in notes


def test_gh_secret_set_body_is_the_value_and_env_the_environment(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "bootstrap.sh": (
                f"gh secret set TWILIO_ACCOUNT_SID --body {SID} --env production\n"
                f"gh secret set TWILIO_AUTH_TOKEN -b '{TOKEN}' --env production\n"
            )
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"][:3] == ("bootstrap.sh:2", TOKEN, "prod")
    assert found["TWILIO_ACCOUNT_SID"][:3] == ("bootstrap.sh:1", SID, "prod")


def test_a_github_actions_run_step_is_read_and_secrets_references_are_notes(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            ".github/workflows/deploy.yml": (
                "on: push\n"
                "jobs:\n"
                "  deploy:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: |\n"
                f"          flyctl secrets set TWILIO_ACCOUNT_SID={SID} \\\n"
                f"            TWILIO_AUTH_TOKEN={TOKEN} --app sms-relay\n"
                "      - run: heroku config:set"
                " TWILIO_AUTH_TOKEN=${{ secrets.TWILIO_AUTH_TOKEN }} -a sms-api\n"
            )
        },
    )
    result = scan(tmp_path)
    found = {v.name: str(v.location) for v in result.values}
    assert found == {
        "TWILIO_ACCOUNT_SID": ".github/workflows/deploy.yml:7",
        "TWILIO_AUTH_TOKEN": ".github/workflows/deploy.yml:8",
    }
    assert any(
        "TWILIO_AUTH_TOKEN takes its value from" in str(n) and ":9" in str(n) for n in result.notes
    )


def test_a_makefile_recipe_is_read(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "Makefile": (
                "secrets:\n"
                f"\tfly secrets set TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN} -a sms-relay\n"
            )
        },
    )
    assert _values(tmp_path)["TWILIO_AUTH_TOKEN"][:2] == ("Makefile:2", TOKEN)


def test_a_crlf_script_keeps_the_carriage_return_in_the_last_value_as_bash_does(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "deploy.sh": (
                f"heroku config:set --app sms-api TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN}\r\n"
            )
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"][1] == TOKEN + "\r"
    assert found["TWILIO_AUTH_TOKEN"][3] == "sms-api"


def test_an_unterminated_quote_stores_nothing_since_the_shell_refuses_the_line(
    tmp_path: Path,
) -> None:
    line = f'heroku config:set TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN} --app "sms-api'
    write_tree(tmp_path, {"deploy.sh": line + "\n"})
    assert scan(tmp_path).values == []


def test_a_continued_commands_arguments_are_not_read_as_shell_assignments(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "deploy.sh": (
                "heroku config:set \\\n"
                f"  TWILIO_AUTH_TOKEN={TOKEN} \\\n"
                "  -a sms-api\n"
                "export TWILIO_REGION=ie1 \\\n"
                "  TWILIO_EDGE=dublin\n"
            )
        },
    )
    result = scan(tmp_path)
    assert {v.name for v in result.values} == {"TWILIO_REGION", "TWILIO_EDGE"}
    assert any("TWILIO_AUTH_TOKEN is not checked" in str(n) for n in result.notes)


def test_a_gitlab_script_item_is_read_at_its_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".gitlab-ci.yml": (
                "stages: [deploy]\n"
                "deploy-prod:\n"
                "  stage: deploy\n"
                "  script:\n"
                "    - echo deploying\n"
                f"    - heroku config:set TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN}"
                " --app sms-api-prod\n"
            )
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"][:3] == (".gitlab-ci.yml:6", TOKEN, "prod")


def test_fly_secrets_with_a_config_flag_join_that_files_env(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/fly.production.toml": f'app = "relay"\n[env]\nTWILIO_ACCOUNT_SID = "{SID}"\n',
            "scripts/secrets.sh": (
                f"flyctl secrets set -c deploy/fly.production.toml TWILIO_AUTH_TOKEN={TOKEN}\n"
            ),
        },
    )
    sets = group_credentials(scan(tmp_path).values)
    assert [(str(s.account_sid.location), s.environment) for s in sets if s.account_sid] == [
        ("deploy/fly.production.toml:3", "prod")
    ]


def test_a_circleci_run_command_is_read_at_its_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".circleci/config.yml": (
                "version: 2.1\n"
                "jobs:\n"
                "  deploy:\n"
                "    docker:\n"
                "      - image: cimg/base:stable\n"
                "    steps:\n"
                "      - run:\n"
                "          name: configure heroku\n"
                "          command: |\n"
                f"            heroku config:set TWILIO_ACCOUNT_SID={SID} \\\n"
                f"              TWILIO_AUTH_TOKEN={TOKEN} -a sms-api-staging\n"
            )
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"][:3] == (".circleci/config.yml:11", TOKEN, "staging")
