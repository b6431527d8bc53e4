"""An env file is read once per program in the tree that loads it, each the way it reads it."""

from __future__ import annotations

from pathlib import Path

from sherlock.models import FoundValue
from sherlock.providers.twilio.grouping import group_credentials
from sherlock.providers.twilio.records import Field

from .builders import SID, TOKEN, raw, scan, write_tree

QUOTED = f'TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n'
UNIT = (
    "[Unit]\nDescription=api\n\n[Service]\nEnvironmentFile=-/etc/api/prod.env\nExecStart=/srv/api\n"
)


def tokens(root: Path) -> list[FoundValue]:
    return [v for v in scan(root).values if v.field is Field.AUTH_TOKEN]


def test_a_crlf_file_sourced_by_a_bash_script_keeps_the_cr_and_names_the_script(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/prod.env": f"TWILIO_ACCOUNT_SID={SID}\r\nTWILIO_AUTH_TOKEN={TOKEN}\r\n",
            "deploy/run.sh": "#!/bin/bash\nset -a\n. ./deploy/prod.env\nset +a\nexec app\n",
        },
    )
    [token] = tokens(tmp_path)
    assert raw(token) == TOKEN + "\r"
    assert "shell source" in token.consumer and "deploy/run.sh" in token.consumer
    assert str(token.location) == "deploy/prod.env:2"


def test_systemd_and_docker_reading_one_file_each_get_their_own_value(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/prod.env": QUOTED,
            "deploy/api.service": UNIT,
            "deploy/run-docker.sh": "#!/bin/sh\ndocker run --env-file deploy/prod.env api\n",
        },
    )
    readings = {v.consumer: raw(v) for v in tokens(tmp_path)}
    assert readings == {
        "docker --env-file": f'"{TOKEN}"',
        "systemd EnvironmentFile (deploy/api.service)": TOKEN,
    }


def test_each_reading_forms_its_own_credential_set(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/prod.env": QUOTED,
            "deploy/api.service": UNIT,
            "Makefile": "include deploy/prod.env\nexport\nrun:\n\t./api\n",
        },
    )
    sets = group_credentials(scan(tmp_path).values)
    pairs = sorted((s.auth_token.consumer, raw(s.auth_token)) for s in sets if s.auth_token)
    assert pairs == [
        ("make include (Makefile)", f'"{TOKEN}"'),
        ("systemd EnvironmentFile (deploy/api.service)", TOKEN),
    ]
    assert all(s.account_sid is not None and raw(s.account_sid) == SID for s in sets)
    assert len({s.scope for s in sets}) == 2


def test_consumers_that_agree_give_one_value_naming_both(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/prod.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n",
            "deploy/api.service": UNIT,
            "deploy/run.sh": "#!/bin/sh\nsource deploy/prod.env\n",
        },
    )
    [token] = tokens(tmp_path)
    assert raw(token) == TOKEN
    assert token.scope == "deploy/prod.env"
    assert "systemd EnvironmentFile" in token.consumer and "shell source" in token.consumer


def test_export_cat_xargs_strips_quotes_but_env_cat_keeps_them(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/.env": QUOTED,
            "a/start.sh": "#!/bin/sh\nexport $(cat .env | xargs)\nexec worker\n",
            "b/.env": QUOTED,
            "b/start.sh": "#!/bin/sh\nenv $(grep -v '^#' .env) ./worker\n",
        },
    )
    found = {v.location.path: (raw(v), v.consumer) for v in tokens(tmp_path)}
    assert found["a/.env"] == (TOKEN, "export $(cat | xargs) (a/start.sh)")
    assert found["b/.env"] == (f'"{TOKEN}"', "env $(cat | grep -v '^#') (b/start.sh)")


def test_a_makefile_recipe_that_sources_with_make_escaped_dollars_is_a_consumer(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "svc/.env.production": QUOTED,
            "svc/Makefile": "deploy:\n\texport $$(cat .env.production | xargs) && ./deploy\n",
        },
    )
    [token] = tokens(tmp_path)
    assert (raw(token), token.consumer) == (TOKEN, "export $(cat | xargs) (svc/Makefile)")


def test_a_file_no_program_loads_is_still_read_as_python_dotenv(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env": f"TWILIO_ACCOUNT_SID={SID}\r\nTWILIO_AUTH_TOKEN={TOKEN}\r\n"})
    [token] = tokens(tmp_path)
    assert (raw(token), token.consumer) == (TOKEN, "python-dotenv")


def test_an_environment_file_with_any_name_is_read_once_a_unit_names_it(tmp_path: Path) -> None:
    unit = "[Service]\nEnvironmentFile=/etc/default/notifier\n"
    write_tree(
        tmp_path,
        {
            "ops/notifier.service": unit,
            "ops/etc/default/notifier": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN='{TOKEN}'\n",
        },
    )
    [token] = tokens(tmp_path)
    assert str(token.location) == "ops/etc/default/notifier:2"
    assert raw(token) == TOKEN


def test_unit_environment_lines_are_read_with_systemd_quoting(tmp_path: Path) -> None:
    unit = (
        "[Service]\n"
        f'Environment="TWILIO_ACCOUNT_SID={SID}" TWILIO_AUTH_TOKEN={TOKEN}\\s\n'
        "Environment=LOG=debug\n"
    )
    write_tree(tmp_path, {"deploy/billing-prod.service": unit})
    found = scan(tmp_path).values
    by_field = {v.field: v for v in found}
    assert raw(by_field[Field.ACCOUNT_SID]) == SID
    assert raw(by_field[Field.AUTH_TOKEN]) == TOKEN + " "
    token = by_field[Field.AUTH_TOKEN]
    assert (token.consumer, token.environment, token.service) == (
        "systemd Environment=",
        "prod",
        "billing",
    )


def test_an_empty_environment_line_forgets_the_earlier_ones(tmp_path: Path) -> None:
    unit = f"[Service]\nEnvironment=TWILIO_AUTH_TOKEN={TOKEN}\nEnvironment=\n"
    unit += f"Environment=TWILIO_ACCOUNT_SID={SID}\n"
    write_tree(tmp_path, {"api.service": unit})
    assert [v.field for v in scan(tmp_path).values] == [Field.ACCOUNT_SID]


def test_a_sourced_value_that_prefixes_a_command_is_a_note_not_a_value(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN} # ok\nTWILIO_EDGE=a b\n",
            "run.sh": "#!/bin/sh\n. ./.env\n",
        },
    )
    result = scan(tmp_path)
    assert [str(v.location) for v in result.values] == [".env:1", ".env:2"]
    assert any(n.location == ".env:3" and "prefixes a command" in n.message for n in result.notes)


def test_a_sourced_helper_script_adds_no_notes_about_unrelated_variables(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "ops/lib/common": "LC_ALL=C sort -u list\nDEBUG=1 run_checks\nPATH=/opt/bin:$PATH\n",
            "ops/run.sh": "#!/bin/sh\n. ops/lib/common\n. .venv/bin/activate\n",
            ".venv/bin/activate": f"TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    assert [n for n in result.notes if n.location.startswith((".venv", "ops/lib"))] == []


def test_a_units_lone_sid_is_held_back_when_its_environment_file_brings_the_rest(
    tmp_path: Path,
) -> None:
    unit = (
        f"[Service]\nEnvironment=TWILIO_ACCOUNT_SID={SID}\n"
        "EnvironmentFile=/etc/sms/secrets\nExecStart=/srv/sms\n"
    )
    write_tree(tmp_path, {"deploy/sms.service": unit})
    result = scan(tmp_path)
    assert result.values == []
    assert any(
        n.location == "deploy/sms.service:2" and "EnvironmentFile" in n.message
        for n in result.notes
    )


def test_a_unit_without_environment_files_keeps_its_lone_sid(tmp_path: Path) -> None:
    write_tree(tmp_path, {"sms.service": f"[Service]\nEnvironment=TWILIO_ACCOUNT_SID={SID}\n"})
    assert [v.field for v in scan(tmp_path).values] == [Field.ACCOUNT_SID]


def test_a_drop_in_override_of_a_unit_is_read_under_the_units_name(tmp_path: Path) -> None:
    override = f"[Service]\nEnvironment=TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN={TOKEN}\n"
    write_tree(tmp_path, {"etc/systemd/system/billing.service.d/twilio.conf": override})
    found = scan(tmp_path).values
    assert {(v.field, v.service, v.consumer) for v in found} == {
        (Field.ACCOUNT_SID, "billing", "systemd Environment="),
        (Field.AUTH_TOKEN, "billing", "systemd Environment="),
    }
