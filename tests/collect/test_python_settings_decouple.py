"""python-decouple's ``settings.ini``: what ``config("TWILIO_AUTH_TOKEN")`` really returns.

decouple's ``AutoConfig`` finds ``settings.ini`` (before ``.env``) from the caller's folder
upwards and reads it with the standard library's ``ConfigParser``, section ``[settings]``; the
OS environment is asked first. So the file's value is what the app sends unless the deployment
exports the same name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.decouple_ini import DecoupleIniCollector
from sherlock.models import FoundValue

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree


def _ini(token: str = TOKEN, extra: str = "") -> str:
    return (
        "[settings]\nDEBUG=False\nTWILIO_ACCOUNT_SID=" + SID + "\nTWILIO_AUTH_TOKEN=" + token + "\n"
    ) + extra


def _decouple(values: list[FoundValue]) -> dict[str, FoundValue]:
    return {v.field: v for v in values if v.source_kind == "python-decouple"}


def test_settings_section_values_are_found_at_their_line_with_the_section_key(
    tmp_path: Path,
) -> None:
    found = _decouple(scan(write_tree(tmp_path, {"settings.ini": _ini()})).values)
    token, sid = found["auth_token"], found["account_sid"]
    assert raw(token) == TOKEN and raw(sid) == SID
    assert (
        str(token.location) == "settings.ini:4"
        and token.location.key == "settings.TWILIO_AUTH_TOKEN"
    )
    assert token.name == "TWILIO_AUTH_TOKEN" and token.scope == sid.scope
    assert token.consumer == "python-decouple"


def test_other_sections_are_never_read_by_decouple(tmp_path: Path) -> None:
    text = f"[settings]\nDEBUG=True\n\n[production]\nTWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"
    result = scan(write_tree(tmp_path, {"settings.ini": text}))
    assert _decouple(result.values) == {}


def test_default_section_keys_are_read_through_the_settings_section(tmp_path: Path) -> None:
    text = f"[DEFAULT]\nTWILIO_ACCOUNT_SID={SID}\n\n[settings]\nTWILIO_AUTH_TOKEN={TOKEN}\n"
    found = _decouple(scan(write_tree(tmp_path, {"settings.ini": text})).values)
    assert str(found["account_sid"].location) == "settings.ini:2"
    assert str(found["auth_token"].location) == "settings.ini:5"


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        # ConfigParser keeps an inline comment: decouple sends it as part of the token
        (f"{TOKEN} ; rotated 2026-03", f"{TOKEN} ; rotated 2026-03"),
        # BasicInterpolation: %% is one percent sign, %(name)s another key of the section
        (f"{TOKEN[:8]}%%{TOKEN[10:]}", f"{TOKEN[:8]}%{TOKEN[10:]}"),
        (f"%(token_base)s{TOKEN[16:]}", TOKEN),
        # surrounding blanks are stripped, quotes are kept
        (f"  {TOKEN}  ", TOKEN),
        (f'"{TOKEN}"', f'"{TOKEN}"'),
    ],
)
def test_values_are_read_with_configparsers_rules(tmp_path: Path, written: str, sent: str) -> None:
    extra = f"token_base={TOKEN[:16]}\n"
    found = _decouple(scan(write_tree(tmp_path, {"settings.ini": _ini(written, extra)})).values)
    assert raw(found["auth_token"]) == sent


def test_an_interpolation_configparser_cannot_resolve_is_a_note_not_a_value(
    tmp_path: Path,
) -> None:
    result = scan(write_tree(tmp_path, {"settings.ini": _ini("abc%(missing)s")}))
    assert "auth_token" not in _decouple(result.values)
    assert any(
        n.location == "settings.ini:4" and "interpolation" in n.message for n in result.notes
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"TWILIO_AUTH_TOKEN={TOKEN}\n[settings]\n", "settings.ini:1"),
        (f"[settings]\nTWILIO_AUTH_TOKEN={TOKEN}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n", "settings.ini:3"),
        (f"[settings]\n[settings]\nTWILIO_AUTH_TOKEN={TOKEN}\n", "settings.ini:2"),
    ],
)
def test_a_file_configparser_refuses_is_a_note_at_its_line(
    tmp_path: Path, text: str, where: str
) -> None:
    result = scan(write_tree(tmp_path, {"settings.ini": text}))
    assert _decouple(result.values) == {}
    assert any(n.location == where and "configparser" in n.message for n in result.notes)


def test_example_copies_and_other_ini_files_are_not_wanted() -> None:
    collector = DecoupleIniCollector()
    assert collector.wants("mysite/settings.ini")
    for path in ("settings.ini.example", "settings.ini.sample", "setup.cfg", "config/app.ini"):
        assert not collector.wants(path)


def _compose(environment: str) -> str:
    return f"services:\n  web:\n    build: ./shop\n    environment:\n{environment}"


def test_a_variable_the_deployment_exports_wins_over_the_file_which_is_kept_as_shadow(
    tmp_path: Path,
) -> None:
    files = {
        "shop/settings.ini": _ini(TOKEN_2),
        "docker-compose.yml": _compose(f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"),
    }
    found = _decouple(scan(write_tree(tmp_path, files)).values)
    token = found["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "docker-compose.yml:5"
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == ("shop/settings.ini:4", TOKEN_2)
    assert hidden.rule == "python-decouple: OS environment (environment:) overrides settings.ini"
    # the SID the deployment does not export still comes from the file, in the same set
    assert str(found["account_sid"].location) == "shop/settings.ini:3"
    assert found["account_sid"].scope == token.scope


def test_a_deployment_of_another_folder_changes_nothing(tmp_path: Path) -> None:
    files = {
        "shop/settings.ini": _ini(TOKEN_2),
        "docker-compose.yml": _compose(f"      TWILIO_AUTH_TOKEN: {TOKEN}\n").replace(
            "./shop", "./billing"
        ),
    }
    token = _decouple(scan(write_tree(tmp_path, files)).values)["auth_token"]
    assert raw(token) == TOKEN_2 and not token.shadows


def test_a_file_naming_no_provider_is_not_parsed(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"settings.ini": "[settings]\nSECRET_KEY=abc\n"}))
    assert _decouple(result.values) == {} and result.notes == []


def test_lower_case_keys_fill_the_upper_case_names_settings_py_asks_for(tmp_path: Path) -> None:
    ini = f"[settings]\ntwilio_account_sid = {SID}\ntwilio_auth_token = {TOKEN}\n"
    settings = 'from decouple import config\n\nTWILIO_AUTH_TOKEN = config("TWILIO_AUTH_TOKEN")\n'
    files = {"settings.ini": ini, "shop/settings.py": settings}
    result = scan(write_tree(tmp_path, files))
    token = _decouple(result.values)["auth_token"]
    # configparser lower-cases keys and decouple's lookup goes through it: the name is set
    assert token.name == "TWILIO_AUTH_TOKEN" and token.location.key == "settings.twilio_auth_token"
    [reading] = result.readings
    assert reading.satisfied_by({v.name for v in result.values})


def test_a_settings_ini_without_a_settings_section_is_another_tools_and_says_nothing(
    tmp_path: Path,
) -> None:
    text = f"export TWILIO_AUTH_TOKEN={TOKEN}\nTWILIO_ACCOUNT_SID={SID}\n"
    result = scan(write_tree(tmp_path, {"app/settings.ini": text}))
    assert _decouple(result.values) == {} and result.notes == []
