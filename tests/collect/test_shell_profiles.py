"""Shell profiles: what a login or interactive shell exports, and the .env values it hides."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sherlock.collect.profile_links import link_profile_exports
from sherlock.collect.shell_profiles import ShellProfileCollector
from sherlock.engine.sources import gather_sources
from sherlock.models import FoundValue

from .builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

PROFILE = f"# my shell\nalias ll='ls -l'\nexport TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN={TOKEN_2}\n"
DOTENV = f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"


def _linked(root: Path, **kwargs: object) -> tuple[list[FoundValue], list[str]]:
    """What a diagnosis works with: the scan, then the profile exports laid over .env files."""
    found = scan(root, **kwargs)
    values, notes = link_profile_exports(found.values)
    return values, [f"{n.location} {n.message}" for n in notes]


@pytest.mark.parametrize(
    "relpath",
    [
        ".bashrc",
        ".bash_profile",
        ".profile",
        ".zshrc",
        ".zprofile",
        ".zshenv",
        "home/alice/.bashrc",
        "dotfiles/bashrc",
        "dotfiles/zshrc",
        ".devcontainer/home/.bash_profile",
    ],
)
def test_exported_twilio_variables_in_a_profile_are_found_at_their_lines(
    tmp_path: Path, relpath: str
) -> None:
    write_tree(tmp_path, {relpath: PROFILE})
    found = by_location(scan(tmp_path))
    token = found[f"{relpath}:4"]
    assert raw(token) == TOKEN_2 and token.source_kind == "shell-profile"
    assert raw(found[f"{relpath}:3"]) == SID


def test_etc_environment_lines_are_exported_without_the_export_word(tmp_path: Path) -> None:
    text = (
        f'PATH="/usr/local/bin:/usr/bin"\nTWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN_2}"\n'
    )
    write_tree(tmp_path, {"etc/environment": text})
    found = by_location(scan(tmp_path))
    assert raw(found["etc/environment:3"]) == TOKEN_2


def test_a_profile_variable_that_is_never_exported_reaches_no_process(tmp_path: Path) -> None:
    text = f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\nexport TWILIO_ACCOUNT_SID\n"
    write_tree(tmp_path, {".bashrc": text})
    found = by_location(scan(tmp_path))
    assert set(found) == {".bashrc:1"}  # exported by the later bare `export NAME`


def test_set_a_exports_every_later_assignment(tmp_path: Path) -> None:
    text = f"set -a\nTWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\nset +a\nX_TOKEN=1\n"
    write_tree(tmp_path, {".zshrc": text})
    assert set(by_location(scan(tmp_path))) == {".zshrc:2", ".zshrc:3"}


@pytest.mark.parametrize(
    "relpath",
    ["src/profile", "config/environment", "docs/bashrc.md", "app/.bashrc.swp"],
)
def test_generic_names_outside_profile_folders_are_not_profiles(relpath: str) -> None:
    assert not ShellProfileCollector().wants(relpath)


@pytest.mark.parametrize("relpath", ["etc/profile", "etc/environment", "dotfiles/profile"])
def test_system_profiles_are_wanted_where_they_live(relpath: str) -> None:
    collector = ShellProfileCollector()
    assert collector.could_want(relpath.rsplit("/", 1)[-1]) and collector.wants(relpath)


def test_scripts_are_still_read_by_the_shell_reader(tmp_path: Path) -> None:
    write_tree(tmp_path, {"deploy.sh": f"export TWILIO_AUTH_TOKEN={TOKEN}\n"})
    [value] = scan(tmp_path).values
    assert value.source_kind == "shell"


def test_a_profile_export_hides_the_dotenv_line_load_dotenv_reads(tmp_path: Path) -> None:
    write_tree(tmp_path, {"home/dev/.bashrc": PROFILE, "app/.env": DOTENV})
    values, _notes = _linked(tmp_path)
    used = {v.name: v for v in values if v.scope == "app/.env"}
    token = used["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "home/dev/.bashrc:4" and raw(token) == TOKEN_2
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == ("app/.env:2", TOKEN)
    assert "home/dev/.bashrc" in hidden.rule and "load_dotenv does not override" in hidden.rule
    assert token.environment == used["TWILIO_ACCOUNT_SID"].environment
    assert token.service == used["TWILIO_ACCOUNT_SID"].service
    assert not [v for v in values if v.source_kind == "shell-profile"]  # judged through the app


def test_a_compose_env_file_is_not_shadowed_by_the_host_profile(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    image: api\n    env_file: .env\n"
    write_tree(tmp_path, {".bashrc": PROFILE, "docker-compose.yml": compose, ".env": DOTENV})
    values, notes = _linked(tmp_path)
    assert {raw(v) for v in values if v.name == "TWILIO_AUTH_TOKEN"} == {TOKEN}
    assert all(not v.shadows for v in values)
    assert any(n.startswith(".bashrc:4 ") and "no process" in n for n in notes)


def test_the_process_environment_beats_the_profile(tmp_path: Path) -> None:
    write_tree(tmp_path, {".bashrc": PROFILE, ".env": DOTENV})
    values, _notes = _linked(tmp_path, process_env={"TWILIO_AUTH_TOKEN": TOKEN})
    [token] = [v for v in values if v.scope == ".env" and v.name == "TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "env:TWILIO_AUTH_TOKEN"
    [sid] = [v for v in values if v.scope == ".env" and v.name == "TWILIO_ACCOUNT_SID"]
    assert str(sid.location) == ".bashrc:3"  # the profile still beats the .env line here


def test_other_env_files_are_not_shadowed(tmp_path: Path) -> None:
    write_tree(tmp_path, {".bashrc": PROFILE, ".env.production": DOTENV})
    values, _notes = _linked(tmp_path)
    in_file = [v for v in values if v.location.path == ".env.production"]
    assert in_file and all(not v.shadows for v in in_file)


def test_a_profile_alone_in_the_tree_is_judged_as_its_own_set(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dotfiles/zshrc": PROFILE})
    values, _notes = _linked(tmp_path)
    assert {(v.name, raw(v)) for v in values} == {
        ("TWILIO_ACCOUNT_SID", SID),
        ("TWILIO_AUTH_TOKEN", TOKEN_2),
    }


def test_a_profile_exporting_unrelated_variables_changes_nothing(tmp_path: Path) -> None:
    profile = 'export EDITOR=vim\nexport PATH="$HOME/bin:$PATH"\nexport GOPATH=/home/dev/go\n'
    write_tree(tmp_path, {".bashrc": profile, ".env": DOTENV})
    values, notes = _linked(tmp_path)
    assert {str(v.location) for v in values} == {".env:1", ".env:2"}
    assert all(not v.shadows for v in values) and not notes


def test_the_profile_read_last_wins_and_hides_the_earlier_one(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".bash_profile": f"export TWILIO_AUTH_TOKEN={TOKEN}\n",
            ".bashrc": f"export TWILIO_ACCOUNT_SID={SID_2}\nexport TWILIO_AUTH_TOKEN={TOKEN_2}\n",
            ".env": DOTENV,
        },
    )
    values, _notes = _linked(tmp_path)
    token = next(v for v in values if v.scope == ".env" and v.name == "TWILIO_AUTH_TOKEN")
    assert str(token.location) == ".bashrc:2"
    assert [str(s.value.location) for s in token.shadows] == [".env:2", ".bash_profile:1"]


def test_no_profile_value_reaches_a_note(tmp_path: Path) -> None:
    write_tree(tmp_path, {".bashrc": PROFILE, "docker-compose.yml": "services: {}\n"})
    _values, notes = _linked(tmp_path)
    assert not any(s in n for n in notes for s in (TOKEN, TOKEN_2, TOKEN_2[:10]))


def test_a_profile_reaches_only_the_projects_under_the_folder_that_holds_its_home(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "prod/api/home/app/.bashrc": f"export TWILIO_AUTH_TOKEN={TOKEN_2}\n",
            "prod/api/.env": DOTENV,
            "prod/worker/.env": DOTENV,
        },
    )
    values, _notes = _linked(tmp_path)
    tokens = {v.scope: str(v.location) for v in values if v.name == "TWILIO_AUTH_TOKEN"}
    assert tokens == {
        "prod/api/.env": "prod/api/home/app/.bashrc:1",
        "prod/worker/.env": "prod/worker/.env:2",
    }


def test_an_export_the_env_file_does_not_set_still_reaches_its_process(tmp_path: Path) -> None:
    write_tree(tmp_path, {".zshrc": "export TWILIO_REGION=au1\n", "app/.env": DOTENV})
    values, notes = _linked(tmp_path)
    region = next(v for v in values if v.name == "TWILIO_REGION")
    assert region.scope == "app/.env" and str(region.location) == ".zshrc:1"
    assert not region.shadows and not notes


def test_a_token_the_shell_computes_at_login_is_a_note_not_a_value(tmp_path: Path) -> None:
    text = 'export TWILIO_AUTH_TOKEN="$(pass show twilio/token)"\nexport EDITOR=vim\n'
    write_tree(tmp_path, {".bash_profile": text})
    found = scan(tmp_path)
    assert found.values == []
    assert any(
        n.location == ".bash_profile:1" and "TWILIO_AUTH_TOKEN" in n.message for n in found.notes
    )


@pytest.mark.parametrize(
    ("relpath", "environment"),
    [("home/dev/.bashrc", "default"), ("deploy/prod/home/test/.zshrc", "prod")],
)
def test_a_profile_environment_comes_from_its_path_but_not_from_the_user_name(
    tmp_path: Path, relpath: str, environment: str
) -> None:
    write_tree(tmp_path, {relpath: PROFILE})
    assert {v.environment for v in scan(tmp_path).values} == {environment}


def test_an_example_env_file_is_not_given_the_profile_token(tmp_path: Path) -> None:
    write_tree(tmp_path, {".bashrc": PROFILE, "app/.env": DOTENV, "app/tests/.env": DOTENV})
    sources = asyncio.run(gather_sources(tmp_path, None, process_env=None, store_environ=None))
    linked = {v.scope for v in sources.values if v.location.path == ".bashrc"}
    assert linked == {"app/.env"}  # tests/.env is a fixture the diagnosis sets aside


def test_a_profile_in_an_example_folder_hides_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {".devcontainer/tests/.bashrc": PROFILE, "app/.env": DOTENV})
    sources = asyncio.run(gather_sources(tmp_path, None, process_env=None, store_environ=None))
    used = {str(v.location) for v in sources.values if v.scope == "app/.env"}
    assert used == {"app/.env:1", "app/.env:2"}
