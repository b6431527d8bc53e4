"""Env files through collect_tree: the consumer decides how each one is read."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.records import Field

from .builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree


def test_env_files_are_read_as_python_dotenv_by_default(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "services/api/.env.production": f'# prod\nTWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n'
        },
    )
    found = by_location(scan(tmp_path))
    sid, token = found["services/api/.env.production:2"], found["services/api/.env.production:3"]
    assert (sid.field, raw(sid), sid.value.identifier) == (Field.ACCOUNT_SID, SID, True)
    assert (token.field, raw(token), token.value.identifier) == (Field.AUTH_TOKEN, TOKEN, False)
    for value in (sid, token):
        assert (value.source_kind, value.consumer) == ("dotenv", "python-dotenv")
        assert (value.scope, value.environment, value.service) == (
            "services/api/.env.production",
            "prod",
            "api",
        )


def test_values_are_never_trimmed(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env": f'TWILIO_AUTH_TOKEN="{TOKEN} "\nTWILIO_ACCOUNT_SID=" {SID}"\n'})
    found = by_location(scan(tmp_path))
    assert raw(found[".env:1"]) == f"{TOKEN} "
    assert raw(found[".env:2"]) == f" {SID}"


def test_a_file_passed_to_docker_run_is_read_as_docker_does(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "scripts/run.sh": "#!/bin/sh\ndocker run --rm \\\n  --env-file deploy/.env.docker app\n",
            "deploy/.env.docker": f'TWILIO_ACCOUNT_SID={SID}\r\nTWILIO_AUTH_TOKEN="{TOKEN}"  \r\n',
        },
    )
    found = by_location(scan(tmp_path))
    token = found["deploy/.env.docker:2"]
    assert raw(token) == f'"{TOKEN}"  '  # quotes and trailing blanks kept, the CR dropped
    assert raw(found["deploy/.env.docker:1"]) == SID
    assert (token.source_kind, token.consumer) == ("docker-env-file", "docker --env-file")


def test_docker_reference_in_a_makefile_relative_to_its_folder(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "svc/Makefile": "run:\n\tdocker run --env-file=$(CURDIR)/prod.env img\n",
            "svc/prod.env": f"export TWILIO_AUTH_TOKEN={TOKEN}\nTWILIO_ACCOUNT_SID='{SID}'\n",
        },
    )
    result = scan(tmp_path)
    assert [(str(v.location), raw(v)) for v in result.values] == [("svc/prod.env:2", f"'{SID}'")]
    assert [(n.location, n.message) for n in result.notes] == [
        ("svc/prod.env:1", "variable name contains whitespace; docker refuses the whole file")
    ]


def test_a_docker_env_file_with_any_name_is_read_once_referenced(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "run.sh": "docker run --env-file ./config/app.vars img\n",
            "config/app.vars": f"TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    found = by_location(scan(tmp_path))
    assert found["config/app.vars:1"].consumer == "docker --env-file"


def test_example_and_template_env_files_are_not_read(tmp_path: Path) -> None:
    names = [".env.example", ".env.sample", ".env.template", "example.env", ".env.dist"]
    write_tree(tmp_path, {name: f"TWILIO_AUTH_TOKEN={TOKEN}\n" for name in names})
    assert scan(tmp_path).values == []


def test_crlf_and_bom_files_keep_exact_lines(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {".env": f"\ufeffTWILIO_ACCOUNT_SID={SID}\r\n\r\nTWILIO_AUTH_TOKEN={TOKEN}\r\n"}
    )
    found = by_location(scan(tmp_path))
    assert raw(found[".env:1"]) == SID  # python-dotenv reads text mode: no BOM, no CR
    assert raw(found[".env:3"]) == TOKEN


def test_expansion_from_earlier_lines_and_the_process(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {".env": f"SID={SID}\nTWILIO_ACCOUNT_SID=${{SID}}\nTWILIO_AUTH_TOKEN=${{TOKEN_FROM_CI}}\n"},
    )
    result = scan(tmp_path)
    assert [(str(v.location), raw(v)) for v in result.values] == [
        (".env:1", SID),
        (".env:2", SID),
    ]
    assert [n.location for n in result.notes] == [".env:3"]
    assert "${TOKEN_FROM_CI}" in result.notes[0].message
    resolved = scan(tmp_path, process_env={"TOKEN_FROM_CI": TOKEN})
    assert raw(by_location(resolved)[".env:3"]) == TOKEN


def test_a_shadowed_value_is_noted_and_the_last_one_kept(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env": f"TWILIO_AUTH_TOKEN={TOKEN_2}\nTWILIO_AUTH_TOKEN={TOKEN}\n"})
    result = scan(tmp_path)
    assert [(str(v.location), raw(v)) for v in result.values] == [(".env:2", TOKEN)]
    assert [(n.location, n.message) for n in result.notes] == [
        (".env:1", "TWILIO_AUTH_TOKEN is set again (line 2); python-dotenv uses the later value")
    ]


def test_prefixed_names_form_their_own_scope_and_environment(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".env": (
                f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"
                f"PROD_TWILIO_ACCOUNT_SID={SID_2}\nTWILIO_AUTH_TOKEN_PROD={TOKEN_2}\n"
            )
        },
    )
    found = by_location(scan(tmp_path))
    assert {(v.scope, v.environment) for k, v in found.items() if k in (".env:1", ".env:2")} == {
        (".env", "default")
    }
    assert {(v.scope, v.environment) for k, v in found.items() if k in (".env:3", ".env:4")} == {
        (".env#prod", "prod")
    }


def test_an_app_env_variable_names_the_environment(tmp_path: Path) -> None:
    write_tree(tmp_path, {"api/.env": f"APP_ENV=production\nTWILIO_AUTH_TOKEN={TOKEN}\n"})
    assert by_location(scan(tmp_path))["api/.env:2"].environment == "prod"


def test_non_twilio_values_are_not_returned(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env": f"SESSION_SECRET={TOKEN}\nDATABASE_URL=postgres://x\n"})
    assert scan(tmp_path).values == []


def test_a_malformed_line_is_a_note_and_the_rest_is_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env": f"this is not a binding\nTWILIO_AUTH_TOKEN={TOKEN}\n"})
    result = scan(tmp_path)
    assert [str(v.location) for v in result.values] == [".env:2"]
    assert [n.location for n in result.notes] == [".env:1"]
