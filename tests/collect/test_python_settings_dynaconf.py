"""dynaconf: the layered ``settings.*`` and ``.secrets.*`` files, as one environment's process reads them.

``Dynaconf(settings_files=["settings.toml", ".secrets.toml"], environments=True)`` loads each
file in order, and in each file ``[default]``, then the current environment's section (from
``ENV_FOR_DYNACONF``, ``development`` when unset), then ``[global]``; ``DYNACONF_*`` variables
override every file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sherlock.collect.dynaconf_files import DynaconfCollector
from sherlock.models import FoundValue

from .builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

SETTINGS = f"""[default]
TWILIO_ACCOUNT_SID = "{SID}"
TWILIO_AUTH_TOKEN = "{TOKEN_2}"

[development]
DEBUG = true

[production]
DEBUG = false
"""
SECRETS = f"""[production]
TWILIO_AUTH_TOKEN = "{TOKEN}"
"""


def _dynaconf(values: list[FoundValue], environment: str) -> dict[str, FoundValue]:
    return {
        v.field: v for v in values if v.source_kind == "dynaconf" and v.environment == environment
    }


def test_secrets_file_section_overrides_the_settings_default_in_its_environment(
    tmp_path: Path,
) -> None:
    files = {"app/settings.toml": SETTINGS, "app/.secrets.toml": SECRETS}
    prod = _dynaconf(scan(write_tree(tmp_path, files)).values, "prod")
    token, sid = prod["auth_token"], prod["account_sid"]
    assert raw(token) == TOKEN and str(token.location) == "app/.secrets.toml:2"
    assert token.location.key == "production.TWILIO_AUTH_TOKEN"
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == ("app/settings.toml:3", TOKEN_2)
    assert hidden.rule == "dynaconf: .secrets.toml [production] overrides settings.toml [default]"
    assert raw(sid) == SID and sid.scope == token.scope


def test_the_development_run_keeps_the_default_token(tmp_path: Path) -> None:
    files = {"app/settings.toml": SETTINGS, "app/.secrets.toml": SECRETS}
    dev = _dynaconf(scan(write_tree(tmp_path, files)).values, "dev")
    assert raw(dev["auth_token"]) == TOKEN_2 and str(dev["auth_token"].location) == (
        "app/settings.toml:3"
    )


def _compose(environment: str) -> str:
    return f"services:\n  api:\n    build: ./app\n    environment:\n{environment}"


def test_env_for_dynaconf_in_the_deployment_picks_its_run_only(tmp_path: Path) -> None:
    files = {
        "app/settings.toml": SETTINGS,
        "app/.secrets.toml": SECRETS,
        "docker-compose.yml": _compose("      ENV_FOR_DYNACONF: production\n"),
    }
    values = [v for v in scan(write_tree(tmp_path, files)).values if v.source_kind == "dynaconf"]
    assert {v.environment for v in values} == {"prod"}
    token = _dynaconf(values, "prod")["auth_token"]
    assert raw(token) == TOKEN and token.scope.endswith("[compose:api@docker-compose.yml]")


def test_a_prefixed_variable_overrides_the_files_and_a_plain_one_does_not(
    tmp_path: Path,
) -> None:
    files = {
        "app/settings.toml": SETTINGS,
        "docker-compose.yml": _compose(
            "      ENV_FOR_DYNACONF: production\n"
            f"      DYNACONF_TWILIO_AUTH_TOKEN: {TOKEN}\n"
            f"      TWILIO_ACCOUNT_SID: {SID_2}\n"
        ),
    }
    prod = _dynaconf(scan(write_tree(tmp_path, files)).values, "prod")
    token = prod["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "docker-compose.yml:6"
    assert token.shadows[0].rule == (
        "dynaconf: OS environment (environment:) overrides settings.toml [default]"
    )
    # dynaconf only loads DYNACONF_-prefixed variables: the plain SID never reaches it
    assert raw(prod["account_sid"]) == SID


def test_a_testing_section_is_the_test_suites_and_is_set_aside_with_a_note(
    tmp_path: Path,
) -> None:
    text = SETTINGS + f'\n[testing]\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n'
    result = scan(write_tree(tmp_path, {"app/settings.toml": text}))
    values = [v for v in result.values if v.source_kind == "dynaconf"]
    # production sets no credential of its own, so only the development run is left
    assert {v.environment for v in values} == {"dev"}
    assert all(raw(v) != TOKEN for v in values)
    assert any("[testing]" in n.message for n in result.notes)


def test_a_file_without_environments_is_one_set_with_dotted_keys(tmp_path: Path) -> None:
    text = f'debug = false\n\n[twilio]\naccount_sid = "{SID}"\nauth_token = "{TOKEN}"\n'
    code = (
        'from dynaconf import Dynaconf\n\nsettings = Dynaconf(settings_files=["settings.toml"])\n'
    )
    result = scan(write_tree(tmp_path, {"settings.toml": text, "config.py": code}))
    found = _dynaconf(result.values, "default")
    assert raw(found["auth_token"]) == TOKEN
    assert str(found["auth_token"].location) == "settings.toml:5"
    assert found["auth_token"].location.key == "twilio.auth_token"


@pytest.mark.parametrize(
    ("files", "read"),
    [
        # a generic name, flat, and nothing in the project uses dynaconf: not its file
        ({"settings.yaml": f"TWILIO_AUTH_TOKEN: {TOKEN}\nkind: x\n"}, False),
        ({"app/settings.json": json.dumps({"TWILIO_AUTH_TOKEN": TOKEN})}, False),
        # dynaconf's own file name, or its environments, say whose file it is
        ({"app/.secrets.yaml": f"TWILIO_AUTH_TOKEN: {TOKEN}\n"}, True),
        ({"settings.toml": f'[default]\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n'}, True),
    ],
)
def test_a_flat_file_of_a_generic_name_is_read_only_when_the_project_uses_dynaconf(
    tmp_path: Path, files: dict[str, str], read: bool
) -> None:
    result = scan(write_tree(tmp_path, files))
    assert bool([v for v in result.values if v.source_kind == "dynaconf"]) is read
    assert result.notes == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "settings.toml",
            f'[default]\nTWILIO_ACCOUNT_SID = "{SID}"\n\n'
            '[production]\nTWILIO_AUTH_TOKEN = "@format {env[TWILIO_TOKEN]}"\n',
        ),
        (
            "settings.yaml",
            f"default:\n  TWILIO_ACCOUNT_SID: {SID}\n"
            'production:\n  TWILIO_AUTH_TOKEN: "@jinja {{ env.TWILIO_TOKEN }}"\n',
        ),
    ],
)
def test_an_env_lazy_value_is_a_reading_of_that_variable(
    tmp_path: Path, name: str, text: str
) -> None:
    result = scan(write_tree(tmp_path, {f"svc/{name}": text}))
    assert [(r.slot, r.name, r.environment) for r in result.readings] == [
        ("auth_token", "TWILIO_TOKEN", "prod")
    ]
    assert all(v.field != "auth_token" for v in result.values if v.source_kind == "dynaconf")


@pytest.mark.parametrize("kind", ["toml", "yaml", "json"])
def test_the_three_formats_give_the_same_production_token(tmp_path: Path, kind: str) -> None:
    tree = {
        "toml": (
            "settings.toml",
            f'[production]\nTWILIO_ACCOUNT_SID = "{SID}"\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n',
        ),
        "yaml": (
            "settings.yaml",
            f"production:\n  TWILIO_ACCOUNT_SID: {SID}\n  TWILIO_AUTH_TOKEN: '{TOKEN}'\n",
        ),
        "json": (
            "settings.json",
            json.dumps(
                {"production": {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}}, indent=2
            ),
        ),
    }
    name, text = tree[kind]
    prod = _dynaconf(scan(write_tree(tmp_path, {f"svc/{name}": text})).values, "prod")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if TOKEN in row)
    assert raw(prod["auth_token"]) == TOKEN and prod["auth_token"].location.line == line


def test_broken_toml_of_dynaconfs_own_name_is_a_note(tmp_path: Path) -> None:
    text = f'[default]\nTWILIO_AUTH_TOKEN = "{TOKEN}\n'
    result = scan(write_tree(tmp_path, {".secrets.toml": text}))
    assert [v for v in result.values if v.source_kind == "dynaconf"] == []
    assert any(n.location.startswith(".secrets.toml") and "TOML" in n.message for n in result.notes)


def test_editor_settings_and_examples_are_not_wanted() -> None:
    collector = DynaconfCollector()
    for path in (
        "settings.toml",
        "app/.secrets.toml",
        "config/settings.yaml",
        "settings.local.toml",
    ):
        assert collector.wants(path), path
    for path in (
        ".vscode/settings.json",
        "settings.toml.example",
        "pyproject.toml",
        "settings.ini",
    ):
        assert not collector.wants(path), path


@pytest.mark.parametrize(
    ("code", "variables", "env"),
    [
        # the code's own prefix replaces DYNACONF_, which then reaches nothing
        (
            'Dynaconf(envvar_prefix="SHOP", settings_files=["settings.toml"], environments=True)',
            f"      ENV_FOR_DYNACONF: production\n      DYNACONF_TWILIO_AUTH_TOKEN: {TOKEN_2}\n"
            f"      SHOP_TWILIO_AUTH_TOKEN: {TOKEN}\n",
            "prod",
        ),
        # envvar_prefix=False: plain variables override the files
        (
            "Dynaconf(envvar_prefix=False, environments=True)",
            f"      ENV_FOR_DYNACONF: production\n      TWILIO_AUTH_TOKEN: {TOKEN}\n",
            "prod",
        ),
        # Flask's extension: FLASK_ prefix, FLASK_ENV picks the environment
        (
            "FlaskDynaconf(app)",
            f"      FLASK_ENV: staging\n      FLASK_TWILIO_AUTH_TOKEN: {TOKEN}\n",
            "staging",
        ),
        # the process's ENVVAR_PREFIX_FOR_DYNACONF wins over the code
        (
            'Dynaconf(envvar_prefix="SHOP", environments=True)',
            f"      ENVVAR_PREFIX_FOR_DYNACONF: OPS\n      OPS_TWILIO_AUTH_TOKEN: {TOKEN}\n",
            "dev",
        ),
    ],
    ids=["own-prefix", "no-prefix", "flask-extension", "process-prefix"],
)
def test_the_projects_own_prefix_and_switcher_decide_which_variables_count(
    tmp_path: Path, code: str, variables: str, env: str
) -> None:
    settings = SETTINGS.replace("[production]", "[staging]\nDEBUG = false\n\n[production]")
    files = {
        "app/settings.toml": settings,
        "app/config.py": f"from dynaconf import Dynaconf, FlaskDynaconf\n\nsettings = {code}\n",
        "docker-compose.yml": _compose(variables),
    }
    found = _dynaconf(scan(write_tree(tmp_path, files)).values, env)
    token = found["auth_token"]
    assert raw(token) == TOKEN and token.location.path == "docker-compose.yml"
    # the file's token is what the variable hides (the unread DYNACONF_ one hides nothing)
    assert [raw(s.value) for s in token.shadows] == [TOKEN_2]


def test_an_unprefixed_variable_for_a_file_key_is_a_note_and_the_file_value_is_sent(
    tmp_path: Path,
) -> None:
    files = {
        "app/settings.toml": SETTINGS,
        "docker-compose.yml": _compose(
            f"      ENV_FOR_DYNACONF: production\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        ),
    }
    result = scan(write_tree(tmp_path, files))
    token = _dynaconf(result.values, "prod")["auth_token"]
    assert raw(token) == TOKEN_2 and str(token.location) == "app/settings.toml:3"
    [note] = [n for n in result.notes if n.location == "docker-compose.yml:6"]
    assert "dynaconf does not load" in note.message
    assert "DYNACONF_TWILIO_AUTH_TOKEN" in note.message
