"""direnv's ``.envrc``: what direnv exports into the shell of a folder, in script order."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.models import FoundValue

from .builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree


def _direnv(root: Path) -> dict[str, FoundValue]:
    return {k: v for k, v in by_location(scan(root)).items() if v.source_kind == "direnv"}


def _notes(root: Path) -> list[str]:
    return [f"{n.location} {n.message}" for n in scan(root).notes]


def test_exported_variables_are_what_direnv_exports_at_their_lines(tmp_path: Path) -> None:
    envrc = f"# direnv\nexport TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN='{TOKEN}'\n"
    write_tree(tmp_path, {"api/.envrc": envrc})
    found = _direnv(tmp_path)
    assert set(found) == {"api/.envrc:2", "api/.envrc:3"}
    token = found["api/.envrc:3"]
    assert raw(token) == TOKEN and token.consumer == "direnv" and token.scope == "api/.envrc"


def test_a_plain_assignment_never_reaches_the_environment(tmp_path: Path) -> None:
    # direnv keeps what the script exports: a variable set without export stays in bash
    envrc = f"TWILIO_AUTH_TOKEN={TOKEN_2}\nexport TWILIO_ACCOUNT_SID={SID}\n"
    write_tree(tmp_path, {".envrc": envrc})
    assert set(by_location(scan(tmp_path))) == {".envrc:2"}


def test_an_assignment_after_dotenv_changes_the_exported_value(tmp_path: Path) -> None:
    # bash keeps the export mark dotenv's `export` gave the name: the new value is exported
    envrc = f"dotenv\nTWILIO_AUTH_TOKEN={TOKEN_2}  # local override\n"
    write_tree(tmp_path, {".envrc": envrc, ".env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    token = _direnv(tmp_path)[".envrc:2"]
    assert raw(token) == TOKEN_2
    assert [str(s.value.location) for s in token.shadows] == [".env:1"]


def test_a_crlf_line_keeps_its_carriage_return_as_bash_does(tmp_path: Path) -> None:
    write_tree(tmp_path, {".envrc": f"export TWILIO_AUTH_TOKEN={TOKEN}\r\n"})
    assert raw(_direnv(tmp_path)[".envrc:1"]) == f"{TOKEN}\r"


def test_dotenv_puts_the_named_file_in_the_folder_environment(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "api/.envrc": "dotenv .env.prod\n",
            "api/.env.prod": f'TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n',
        },
    )
    values = scan(tmp_path).values
    pulled = {str(v.location): v for v in values if v.scope == "api/.envrc"}
    assert set(pulled) == {"api/.env.prod:1", "api/.env.prod:2"}
    assert raw(pulled["api/.env.prod:2"]) == TOKEN
    assert all(v.source_kind == "direnv" for v in pulled.values())


@pytest.mark.parametrize("directive", ["dotenv", "dotenv_if_exists", "dotenv .", "dotenv .env"])
def test_dotenv_without_a_file_loads_the_folder_dot_env(tmp_path: Path, directive: str) -> None:
    write_tree(
        tmp_path, {"app/.envrc": f"{directive}\n", "app/.env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"}
    )
    assert raw(_direnv(tmp_path)["app/.env:1"]) == TOKEN


def test_an_export_after_dotenv_overrides_the_file_and_hides_it(tmp_path: Path) -> None:
    envrc = f"dotenv .env.local\nexport TWILIO_AUTH_TOKEN={TOKEN_2}\n"
    write_tree(
        tmp_path,
        {".envrc": envrc, ".env.local": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"},
    )
    found = _direnv(tmp_path)
    token = found[".envrc:2"]
    assert raw(token) == TOKEN_2
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == (".env.local:2", TOKEN)
    assert ".env.local:2" not in found


def test_dotenv_after_an_export_overrides_the_export(tmp_path: Path) -> None:
    envrc = f"export TWILIO_AUTH_TOKEN={TOKEN_2}\ndotenv_if_exists .env.local\n"
    write_tree(tmp_path, {".envrc": envrc, ".env.local": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    found = _direnv(tmp_path)
    assert raw(found[".env.local:1"]) == TOKEN and ".envrc:1" not in found


def test_a_missing_dotenv_file_is_a_note_and_dotenv_if_exists_is_silent(tmp_path: Path) -> None:
    envrc = f"export TWILIO_AUTH_TOKEN={TOKEN}\ndotenv .env.prod\ndotenv_if_exists .env.local\n"
    write_tree(tmp_path, {".envrc": envrc})
    notes = [n for n in _notes(tmp_path) if n.startswith(".envrc")]
    assert len(notes) == 1 and notes[0].startswith(".envrc:2 ") and ".env.prod" in notes[0]
    assert raw(_direnv(tmp_path)[".envrc:1"]) == TOKEN


@pytest.mark.parametrize(
    "directive", ["dotenv ../../../etc/twilio.env", "dotenv ~/twilio.env", "dotenv /etc/t.env"]
)
def test_a_dotenv_file_outside_the_tree_is_a_note_not_a_read(
    tmp_path: Path, directive: str
) -> None:
    write_tree(tmp_path, {"a/.envrc": f"{directive}\n", "a/.env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    notes = [n for n in _notes(tmp_path) if n.startswith("a/.envrc:1 ")]
    assert len(notes) == 1 and "outside" in notes[0]
    assert not _direnv(tmp_path)


def test_source_up_brings_the_parent_envrc_first(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".envrc": f"export TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN={TOKEN}\n",
            "svc/api/.envrc": f"source_up\nexport TWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    child = {str(v.location): v for v in scan(tmp_path).values if v.scope == "svc/api/.envrc"}
    assert set(child) == {".envrc:1", "svc/api/.envrc:2"}
    [hidden] = child["svc/api/.envrc:2"].shadows
    assert str(hidden.value.location) == ".envrc:2"


def test_without_source_up_the_parent_envrc_is_not_loaded(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".envrc": f"export TWILIO_ACCOUNT_SID={SID}\n",
            "api/.envrc": f"export TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    child = {str(v.location) for v in scan(tmp_path).values if v.scope == "api/.envrc"}
    assert child == {"api/.envrc:1"}


def test_source_env_if_exists_reads_a_private_envrc(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".envrc": f"export TWILIO_ACCOUNT_SID={SID_2}\nsource_env_if_exists .envrc.private\n",
            ".envrc.private": f"export TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN={TOKEN}\n",
        },
    )
    found = {str(v.location): v for v in scan(tmp_path).values if v.scope == ".envrc"}
    assert set(found) == {".envrc.private:1", ".envrc.private:2"}
    assert raw(found[".envrc.private:1"]) == SID


def test_envrc_files_that_source_each_other_are_read_once(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".envrc": f"source_env other\nexport TWILIO_AUTH_TOKEN={TOKEN}\n",
            "other/.envrc": "source_env ..\n",
        },
    )
    assert raw(by_location(scan(tmp_path))[".envrc:2"]) == TOKEN


def test_a_computed_export_is_a_note_not_a_value(tmp_path: Path) -> None:
    envrc = (
        "export TWILIO_AUTH_TOKEN=$(cat .secrets/twilio-token)\nwatch_file .secrets/twilio-token\n"
    )
    write_tree(tmp_path, {".envrc": envrc, ".secrets/twilio-token": TOKEN})
    assert not scan(tmp_path).values
    [note] = [n for n in _notes(tmp_path) if n.startswith(".envrc:1 ")]
    assert "TWILIO_AUTH_TOKEN" in note and "not checked" in note


@pytest.mark.parametrize("name", [".envrc.example", ".envrc.sample", "envrc"])
def test_example_envrc_files_are_not_read(tmp_path: Path, name: str) -> None:
    write_tree(tmp_path, {name: f"export TWILIO_AUTH_TOKEN={TOKEN}\n"})
    assert not scan(tmp_path).values


@pytest.mark.parametrize(
    "text",
    [
        b"export TWILIO_AUTH_TOKEN='unterminated\n",
        b"\xff\xfe export TWILIO_AUTH_TOKEN=x\n",
        b"dotenv 'unclosed\n",
        b'source_up "\n',
        b"dotenv .env\x00\n",
    ],
)
def test_broken_envrc_files_never_raise(tmp_path: Path, text: bytes) -> None:
    write_tree(tmp_path, {".envrc": text, ".env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    scan(tmp_path)


def test_a_guarded_one_line_dotenv_is_followed(tmp_path: Path) -> None:
    envrc = "[[ -f .env.local ]] && dotenv .env.local\n"
    write_tree(tmp_path, {".envrc": envrc, ".env.local": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    assert raw(_direnv(tmp_path)[".env.local:1"]) == TOKEN


@pytest.mark.parametrize(
    "line", ["# dotenv .env.old", "export LOG=1  # then; dotenv .env.old", "echo 'use dotenv'"]
)
def test_dotenv_in_a_comment_or_a_word_loads_nothing(tmp_path: Path, line: str) -> None:
    write_tree(tmp_path, {".envrc": f"{line}\n", ".env.old": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    assert not _direnv(tmp_path)


def test_a_binary_dotenv_file_is_a_note_that_never_quotes_it(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {".envrc": "dotenv secrets.bin\n", "secrets.bin": b"\x00" + TOKEN.encode()}
    )
    [note] = [n for n in _notes(tmp_path) if n.startswith(".envrc:1 ")]
    assert "secrets.bin" in note and "binary" in note


@pytest.mark.parametrize(
    "envrc", [f"dotenv {TOKEN}\n", f"source_env secrets/{TOKEN}\n", f"source_up {TOKEN}\n"]
)
def test_a_token_written_as_a_path_never_reaches_a_note(tmp_path: Path, envrc: str) -> None:
    write_tree(tmp_path, {"app/.envrc": envrc})
    notes = [n for n in _notes(tmp_path) if n.startswith("app/.envrc:1 ")]  # scan() checks them
    assert len(notes) == 1
