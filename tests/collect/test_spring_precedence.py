"""Spring Boot: what a profile's process really reads when two config files set one property.

Spring Boot loads ``application.yml`` and then, for each active profile,
``application-{profile}.yml`` (and ``on-profile`` documents) over it; a ``.properties`` file
beats a YAML one in the same place. The value the process uses is the winner, and the one it
hides is kept as evidence for ``source-precedence``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.models import FoundValue

from .builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

RES = "notifier/src/main/resources"


def _base(token: str = TOKEN_2, sid: str = SID) -> str:
    return f"spring:\n  application:\n    name: notifier\ntwilio:\n  account-sid: {sid}\n  auth-token: {token}\n"


def _in(values: list[FoundValue], environment: str) -> dict[str, FoundValue]:
    return {v.field: v for v in values if v.environment == environment}


def _hidden(value: FoundValue) -> list[tuple[str, str, str]]:
    return [(str(s.value.location), raw(s.value), s.rule) for s in value.shadows]


def test_profile_file_token_wins_and_hides_the_default_files_token(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": _base(),
        f"{RES}/application-prod.yml": f"twilio:\n  auth-token: {TOKEN}\n",
    }
    prod = _in(scan(write_tree(tmp_path, files)).values, "prod")
    token, sid = prod["auth_token"], prod["account_sid"]
    assert raw(token) == TOKEN and str(token.location) == f"{RES}/application-prod.yml:2"
    assert _hidden(token) == [
        (
            f"{RES}/application.yml:6",
            TOKEN_2,
            "spring boot: application-prod.yml overrides application.yml",
        )
    ]
    # the profile's process takes the SID it does not override from application.yml
    assert raw(sid) == SID and str(sid.location) == f"{RES}/application.yml:5"
    assert sid.scope == token.scope and token.shadows[0].value.scope == token.scope


def test_on_profile_document_overrides_the_first_document_of_the_same_file(
    tmp_path: Path,
) -> None:
    text = (
        _base()
        + "---\nspring:\n  config:\n    activate:\n      on-profile: staging\n"
        + f"twilio:\n  auth-token: {TOKEN}\n"
    )
    staging = _in(scan(write_tree(tmp_path, {f"{RES}/application.yml": text})).values, "staging")
    token = staging["auth_token"]
    assert raw(token) == TOKEN and raw(staging["account_sid"]) == SID
    [(where, value, rule)] = _hidden(token)
    assert (where, value) == (f"{RES}/application.yml:6", TOKEN_2)
    assert rule == "spring boot: application.yml (on-profile: staging) overrides application.yml"


def test_profile_file_overrides_the_on_profile_document_it_shares_a_profile_with(
    tmp_path: Path,
) -> None:
    text = (
        _base() + "---\nspring.config.activate.on-profile: prod\n" + f"twilio.auth-token: {SID_2}\n"
    )
    files = {
        f"{RES}/application.yml": text,
        f"{RES}/application-prod.properties": f"twilio.auth-token={TOKEN}\n",
    }
    token = _in(scan(write_tree(tmp_path, files)).values, "prod")["auth_token"]
    assert raw(token) == TOKEN
    assert [value for _where, value, _rule in _hidden(token)] == [TOKEN_2, SID_2]


def test_active_profile_in_the_default_file_means_the_default_set_never_runs(
    tmp_path: Path,
) -> None:
    base = "spring:\n  profiles:\n    active: prod\n" + _base().removeprefix("spring:\n")
    files = {
        f"{RES}/application.yml": base,
        f"{RES}/application-prod.yml": f"twilio:\n  auth-token: {TOKEN}\n",
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {v.environment for v in values} == {"prod"}
    assert raw(_in(values, "prod")["auth_token"]) == TOKEN


def test_without_a_known_active_profile_the_default_set_is_still_read(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN),
        f"{RES}/application-dev.yml": f"twilio:\n  auth-token: {TOKEN_2}\n",
    }
    values = scan(write_tree(tmp_path, files)).values
    default, dev = _in(values, "default"), _in(values, "dev")
    assert raw(default["auth_token"]) == TOKEN and not default["auth_token"].shadows
    assert raw(dev["auth_token"]) == TOKEN_2 and raw(dev["account_sid"]) == SID
    assert default["auth_token"].scope != dev["auth_token"].scope


def test_relaxed_binding_makes_camel_and_kebab_keys_one_property(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.properties": f"twilio.accountSid={SID}\ntwilio.authToken={TOKEN_2}\n",
        f"{RES}/application-prod.properties": f"twilio.auth-token={TOKEN}\n",
    }
    prod = _in(scan(write_tree(tmp_path, files)).values, "prod")
    assert raw(prod["auth_token"]) == TOKEN
    assert [v for _w, v, _r in _hidden(prod["auth_token"])] == [TOKEN_2]


def test_properties_beat_yaml_in_the_same_folder(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN_2),
        f"{RES}/application.properties": f"twilio.auth-token={TOKEN}\n",
    }
    default = _in(scan(write_tree(tmp_path, files)).values, "default")
    assert raw(default["auth_token"]) == TOKEN and raw(default["account_sid"]) == SID
    [(_where, value, rule)] = _hidden(default["auth_token"])
    assert value == TOKEN_2
    assert rule == "spring boot: application.properties overrides application.yml"


def test_profile_file_without_the_provider_adds_nothing_and_hides_nothing(
    tmp_path: Path,
) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN),
        f"{RES}/application-prod.yml": "spring:\n  datasource:\n    url: jdbc:postgresql://db/app\n",
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {(v.field, raw(v)) for v in values} == {("account_sid", SID), ("auth_token", TOKEN)}
    assert all(not v.shadows for v in values)


def test_projects_in_other_folders_never_layer_over_each_other(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN),
        "billing/src/main/resources/application-prod.yml": f"twilio:\n  auth-token: {TOKEN_2}\n",
    }
    values = scan(write_tree(tmp_path, files)).values
    assert all(not v.shadows for v in values)
    billing = [v for v in values if v.service == "billing"]
    assert [(v.field, raw(v)) for v in billing] == [("auth_token", TOKEN_2)]


def _compose(environment: str, build: str = "./notifier") -> str:
    return f"services:\n  notifier:\n    build: {build}\n    environment:\n{environment}"


def test_compose_environment_variable_overrides_the_files_by_relaxed_binding(
    tmp_path: Path,
) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN_2),
        "docker-compose.yml": _compose(f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"),
    }
    values = [
        v for v in scan(write_tree(tmp_path, files)).values if v.source_kind == "spring-config"
    ]
    used = {v.field: v for v in values}
    token = used["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "docker-compose.yml:5"
    assert _hidden(token) == [
        (
            f"{RES}/application.yml:6",
            TOKEN_2,
            "spring boot: OS environment (environment:) overrides application.yml",
        )
    ]
    assert raw(used["account_sid"]) == SID and used["account_sid"].scope == token.scope
    assert token.scope.endswith("[compose:notifier@docker-compose.yml]")


def test_spring_profiles_active_in_compose_picks_the_run_and_drops_the_default_one(
    tmp_path: Path,
) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN_2),
        f"{RES}/application-prod.yml": f"twilio:\n  auth-token: {TOKEN}\n",
        "docker-compose.yml": _compose("      SPRING_PROFILES_ACTIVE: prod\n"),
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {v.environment for v in values} == {"prod"}
    assert raw(_in(values, "prod")["auth_token"]) == TOKEN


def test_project_dockerfile_env_overrides_the_files_without_compose(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.properties": f"twilio.account-sid={SID}\ntwilio.auth-token={TOKEN_2}\n",
        "notifier/Dockerfile": f"FROM eclipse-temurin:21-jre\nENV TWILIO_AUTHTOKEN={TOKEN}\n",
    }
    values = scan(write_tree(tmp_path, files)).values
    token = {v.field: v for v in values if v.source_kind == "spring-config"}["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "notifier/Dockerfile:2"
    assert [v for _w, v, _r in _hidden(token)] == [TOKEN_2]


def _run_values(files: dict[str, str], tmp_path: Path) -> dict[str, FoundValue]:
    """The values of the project's run, by field (what the Spring reader emits)."""
    values = scan(write_tree(tmp_path, files)).values
    return {v.field: v for v in values if v.source_kind == "spring-config"}


def test_compose_token_completes_a_run_whose_files_set_only_the_sid(tmp_path: Path) -> None:
    """Relaxed binding reaches twilio.auth-token even when no config file names it."""
    files = {
        f"{RES}/application.yml": f"twilio:\n  account-sid: {SID}\n",
        "docker-compose.yml": _compose(
            f"      SPRING_PROFILES_ACTIVE: prod\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        ),
    }
    used = _run_values(files, tmp_path)
    token, sid = used["auth_token"], used["account_sid"]
    assert raw(token) == TOKEN and str(token.location) == "docker-compose.yml:6"
    assert raw(sid) == SID and str(sid.location) == f"{RES}/application.yml:2"
    assert token.scope == sid.scope and token.environment == sid.environment == "prod"


def test_placeholders_resolve_from_the_deployments_variables(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": "twilio:\n  account-sid: ${TWILIO_ACCOUNT_SID}\n  auth-token: ${TWILIO_AUTH_TOKEN}\n",
        "docker-compose.yml": _compose(
            f"      TWILIO_ACCOUNT_SID: {SID}\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        ),
    }
    result = scan(write_tree(tmp_path, files))
    used = {v.field: v for v in result.values if v.source_kind == "spring-config"}
    assert {f: (raw(v), str(v.location)) for f, v in used.items()} == {
        "account_sid": (SID, "docker-compose.yml:5"),
        "auth_token": (TOKEN, "docker-compose.yml:6"),
    }
    assert {r.name for r in result.readings} == {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}


def test_a_placeholder_of_another_name_resolves_from_that_variable(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": f"twilio:\n  account-sid: {SID}\n  auth-token: ${{SMS_SECRET}}\n",
        "docker-compose.yml": _compose(f"      SMS_SECRET: {TOKEN}\n"),
    }
    token = _run_values(files, tmp_path)["auth_token"]
    assert (raw(token), token.name, str(token.location)) == (
        TOKEN,
        "SMS_SECRET",
        "docker-compose.yml:5",
    )


def test_the_relaxed_binding_variable_beats_the_placeholders_variable(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": f"twilio:\n  account-sid: {SID}\n  auth-token: ${{SMS_SECRET}}\n",
        "docker-compose.yml": _compose(
            f"      TWILIO_AUTH_TOKEN: {TOKEN}\n      SMS_SECRET: {TOKEN_2}\n"
        ),
    }
    token = _run_values(files, tmp_path)["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "docker-compose.yml:5"


@pytest.mark.parametrize(
    "config",
    [
        f"twilio:\n  accountSid: ${{TWILIO_SID}}\n  auth-token: {TOKEN_2}\n",
        f"twilio:\n  sid: {SID_2}\n  auth-token: {TOKEN_2}\n",
    ],
    ids=["camel-case-placeholder-of-another-name", "literal-under-another-key"],
)
def test_a_variable_for_a_key_the_project_does_not_read_stays_out_of_the_run(
    tmp_path: Path, config: str
) -> None:
    """TWILIO_ACCOUNT_SID binds twilio.account-sid, not the SID key the config names."""
    files = {
        f"{RES}/application.yml": config,
        "docker-compose.yml": _compose(f"      TWILIO_ACCOUNT_SID: {SID}\n"),
    }
    used = _run_values(files, tmp_path)
    assert SID not in {raw(v) for v in used.values()}


def test_a_file_value_under_a_placeholder_is_not_hidden_by_the_variable(tmp_path: Path) -> None:
    """The profile's placeholder already replaced the base literal: it is no fallback."""
    files = {
        f"{RES}/application.yml": _base(TOKEN_2),
        f"{RES}/application-prod.yml": "twilio:\n  auth-token: ${TWILIO_AUTH_TOKEN}\n",
        "docker-compose.yml": _compose(
            f"      SPRING_PROFILES_ACTIVE: prod\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        ),
    }
    token = _run_values(files, tmp_path)["auth_token"]
    assert raw(token) == TOKEN and token.shadows == ()


def test_a_profile_that_sets_no_credential_key_is_not_a_run_of_its_own(tmp_path: Path) -> None:
    files = {
        f"{RES}/application.yml": _base(TOKEN_2),
        f"{RES}/application-prod.yml": f"twilio:\n  auth-token: {TOKEN}\n",
        f"{RES}/application-local.yml": "twilio:\n  status-callback: http://localhost/cb\n",
        "docker-compose.yml": _compose("      SPRING_PROFILES_ACTIVE: prod\n"),
    }
    values = scan(write_tree(tmp_path, files)).values
    assert {v.environment for v in values} == {"prod"}


@pytest.mark.parametrize(
    "files",
    [
        {
            "docker-compose.yml": _compose(
                "      JAVA_TOOL_OPTIONS: -Dspring.profiles.active=prod\n"
            )
        },
        {
            "docker-compose.yml": "services:\n  notifier:\n    build: ./notifier\n"
            '    command: ["--spring.profiles.active=prod"]\n'
        },
        {
            "notifier/Dockerfile": "FROM eclipse-temurin:21-jre\n"
            'ENTRYPOINT ["java", "-Dspring.profiles.active=prod", "-jar", "/app.jar"]\n'
        },
    ],
    ids=["jvm-option-in-compose", "compose-command-argument", "dockerfile-entrypoint"],
)
def test_profile_given_as_a_jvm_option_or_argument_picks_the_run(
    tmp_path: Path, files: dict[str, str]
) -> None:
    tree = {
        f"{RES}/application.yml": _base(TOKEN_2),
        f"{RES}/application-prod.yml": f"twilio:\n  auth-token: {TOKEN}\n",
        **files,
    }
    values = scan(write_tree(tmp_path, tree)).values
    assert {v.environment for v in values} == {"prod"}
    assert raw(_in(values, "prod")["auth_token"]) == TOKEN


def test_broken_neighbours_are_skipped_and_the_files_own_run_still_counts(
    tmp_path: Path,
) -> None:
    files: dict[str, str | bytes] = {
        f"{RES}/application.yml": _base(TOKEN),
        f"{RES}/application-prod.yml": "twilio:\n  auth-token: [unclosed\n",
        f"{RES}/application-dev.properties": b"twilio.auth-token=\xff\xfe\n",
        "docker-compose.yml": "services:\n  notifier: {build: ./notifier\n",
        "notifier/Dockerfile": "ENV TWILIO_AUTH_TOKEN\n",
    }
    result = scan(write_tree(tmp_path, files))
    own = {v.field: raw(v) for v in result.values if v.location.path.endswith("application.yml")}
    assert own == {"account_sid": SID, "auth_token": TOKEN}
    assert any(n.location == f"{RES}/application-prod.yml" for n in result.notes)
