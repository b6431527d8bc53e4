"""ASP.NET Core: what the process really reads when appsettings files set one key twice.

The default host builder loads ``appsettings.json``, then ``appsettings.{Environment}.json``
over it (keys compared case-insensitively); the environment is Production unless
``ASPNETCORE_ENVIRONMENT``/``DOTNET_ENVIRONMENT`` say otherwise. The winner is the value the
process uses; the one it hides is kept as evidence for ``source-precedence``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.models import FoundValue

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree


def _settings(sid: str | None, token: str | None, section: str = "Twilio") -> str:
    keys = []
    if sid is not None:
        keys.append(f'    "AccountSid": "{sid}"')
    if token is not None:
        keys.append(f'    "AuthToken": "{token}"')
    body = ",\n".join(keys)
    return (
        '{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n'
        f'  "{section}": {{\n{body}\n  }}\n}}\n'
    )


def _in(values: list[FoundValue], environment: str) -> dict[str, FoundValue]:
    return {v.field: v for v in values if v.environment == environment}


def test_environment_file_token_wins_and_hides_the_base_token(tmp_path: Path) -> None:
    files = {
        "Reminders/appsettings.json": _settings(SID, TOKEN_2),
        "Reminders/appsettings.Production.json": _settings(None, TOKEN),
    }
    values = scan(write_tree(tmp_path, files)).values
    prod = _in(values, "prod")
    token, sid = prod["auth_token"], prod["account_sid"]
    assert raw(token) == TOKEN and str(token.location) == "Reminders/appsettings.Production.json:4"
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == (
        "Reminders/appsettings.json:5",
        TOKEN_2,
    )
    assert (
        hidden.rule == ".NET configuration: appsettings.Production.json overrides appsettings.json"
    )
    assert raw(sid) == SID and sid.scope == token.scope == hidden.value.scope
    # Production is the default environment: appsettings.json alone never runs here
    assert {v.environment for v in values} == {"prod"}


def test_keys_are_compared_without_case(tmp_path: Path) -> None:
    files = {
        "api/appsettings.json": _settings(SID, TOKEN_2),
        "api/appsettings.Production.json": '{ "twilio": { "authToken": "' + TOKEN + '" } }\n',
    }
    prod = _in(scan(write_tree(tmp_path, files)).values, "prod")
    assert raw(prod["auth_token"]) == TOKEN
    assert [raw(s.value) for s in prod["auth_token"].shadows] == [TOKEN_2]


def test_base_file_runs_alone_when_production_has_no_file_of_its_own(tmp_path: Path) -> None:
    files = {
        "api/appsettings.json": _settings(SID, TOKEN),
        "api/appsettings.Development.json": _settings(None, TOKEN_2),
    }
    values = scan(write_tree(tmp_path, files)).values
    base, dev = _in(values, "default"), _in(values, "dev")
    assert raw(base["auth_token"]) == TOKEN and not base["auth_token"].shadows
    assert raw(dev["auth_token"]) == TOKEN_2 and raw(dev["account_sid"]) == SID
    assert [raw(s.value) for s in dev["auth_token"].shadows] == [TOKEN]


def test_environment_file_without_the_provider_adds_no_set(tmp_path: Path) -> None:
    files = {
        "api/appsettings.json": _settings(SID, TOKEN),
        "api/appsettings.Development.json": '{ "Logging": { "LogLevel": { "Default": "Debug" } } }',
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {(v.environment, v.field) for v in values} == {
        ("default", "account_sid"),
        ("default", "auth_token"),
    }


def test_empty_key_in_the_environment_file_still_hides_the_base_value(tmp_path: Path) -> None:
    """An empty string is a value to the JSON provider: it replaces the base one."""
    files = {
        "api/appsettings.json": _settings(SID, TOKEN),
        "api/appsettings.Production.json": '{ "Twilio": { "AuthToken": "" } }',
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {(v.environment, v.field) for v in values} == {("prod", "account_sid")}


def _compose(environment: str) -> str:
    return f"services:\n  reminders:\n    build: ./Reminders\n    environment:\n{environment}"


def test_double_underscore_variable_overrides_both_files(tmp_path: Path) -> None:
    files = {
        "Reminders/appsettings.json": _settings(SID, TOKEN_2),
        "compose.yaml": _compose(f"      TWILIO__AUTHTOKEN: {TOKEN}\n"),
    }
    values = scan(write_tree(tmp_path, files)).values
    used = {v.field: v for v in values if v.source_kind == "dotnet-appsettings"}
    token = used["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "compose.yaml:5"
    [hidden] = token.shadows
    assert raw(hidden.value) == TOKEN_2
    assert hidden.rule == (
        ".NET configuration: environment variables (environment:) overrides appsettings.json"
    )
    assert raw(used["account_sid"]) == SID and used["account_sid"].scope == token.scope
    # no environment named: the host runs as Production, which has no file here
    assert token.environment == "default"


def test_single_underscore_variable_does_not_reach_the_section_key(tmp_path: Path) -> None:
    files = {
        "Reminders/appsettings.json": _settings(SID, TOKEN_2),
        "compose.yaml": _compose(f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"),
    }
    values = scan(write_tree(tmp_path, files)).values
    token = {v.field: v for v in values if v.source_kind == "dotnet-appsettings"}["auth_token"]
    assert raw(token) == TOKEN_2 and not token.shadows


def test_deployment_environment_picks_the_environment_file(tmp_path: Path) -> None:
    files = {
        "Reminders/appsettings.json": _settings(SID, TOKEN_2),
        "Reminders/appsettings.Staging.json": _settings(None, TOKEN),
        "compose.yaml": _compose("      ASPNETCORE_ENVIRONMENT: Staging\n"),
    }
    values = [v for v in scan(write_tree(tmp_path, files)).values]
    assert {v.environment for v in values} == {"staging"}
    assert raw(_in(values, "staging")["auth_token"]) == TOKEN


def test_environment_file_setting_no_credential_key_is_not_a_run(tmp_path: Path) -> None:
    files = {
        "api/appsettings.json": _settings(SID, TOKEN_2),
        "api/appsettings.Production.json": _settings(None, TOKEN),
        "api/appsettings.Development.json": '{ "Twilio": { "StatusCallback": "http://localhost/cb" } }',
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {v.environment for v in values} == {"prod"}


def _run_values(files: dict[str, str], tmp_path: Path) -> dict[str, FoundValue]:
    """The values of the project's run, by field (what the appsettings reader emits)."""
    values = scan(write_tree(tmp_path, files)).values
    return {v.field: v for v in values if v.source_kind == "dotnet-appsettings"}


def test_double_underscore_variable_completes_a_run_whose_files_set_only_the_sid(
    tmp_path: Path,
) -> None:
    """The environment provider fills Twilio:AuthToken even when no JSON file names it."""
    files = {
        "Reminders/appsettings.json": _settings(SID, None),
        "compose.yaml": _compose(
            f"      ASPNETCORE_ENVIRONMENT: Production\n      Twilio__AuthToken: {TOKEN}\n"
        ),
    }
    used = _run_values(files, tmp_path)
    token, sid = used["auth_token"], used["account_sid"]
    assert raw(token) == TOKEN and str(token.location) == "compose.yaml:6"
    assert raw(sid) == SID and str(sid.location) == "Reminders/appsettings.json:4"
    assert token.scope == sid.scope and token.environment == "prod"


def test_double_underscore_variable_fills_a_key_the_environment_file_empties(
    tmp_path: Path,
) -> None:
    """The base token under the emptied key never reaches the process: it is not hidden."""
    files = {
        "Reminders/appsettings.json": _settings(SID, TOKEN_2),
        "Reminders/appsettings.Production.json": '{ "Twilio": { "AuthToken": "" } }\n',
        "compose.yaml": _compose(f"      Twilio__AuthToken: {TOKEN}\n"),
    }
    token = _run_values(files, tmp_path)["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "compose.yaml:5"
    assert token.shadows == ()


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        (_settings(SID, None), "TWILIO_AUTH_TOKEN"),
        (
            f'{{ "Twilio": {{ "AccountSid": "{SID}", "Token": "{TOKEN_2}" }} }}',
            "Twilio__AuthToken",
        ),
    ],
    ids=["single-underscore", "files-name-another-token-key"],
)
def test_a_variable_for_a_key_the_project_does_not_read_stays_out_of_the_run(
    tmp_path: Path, settings: str, variable: str
) -> None:
    files = {
        "Reminders/appsettings.json": settings,
        "compose.yaml": _compose(f"      {variable}: {TOKEN}\n"),
    }
    used = _run_values(files, tmp_path)
    assert raw(used["account_sid"]) == SID
    assert TOKEN not in {raw(v) for v in used.values()}
