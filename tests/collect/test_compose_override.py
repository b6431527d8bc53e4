"""Compose override files merged into their base file the way compose merges them."""

from __future__ import annotations

from pathlib import Path

from .builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

BASE = (
    "services:\n"
    "  api:\n"
    "    image: acme/api:4.2\n"
    "    environment:\n"
    f"      TWILIO_ACCOUNT_SID: {SID}\n"
    f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"
    "  worker:\n"
    "    image: acme/worker:4.2\n"
    "    environment:\n"
    f"      - TWILIO_ACCOUNT_SID={SID}\n"
    f"      - TWILIO_AUTH_TOKEN={TOKEN}\n"
)


def test_the_override_value_wins_at_its_own_line_and_the_base_value_is_noted(
    tmp_path: Path,
) -> None:
    override = f"services:\n  api:\n    environment:\n      - TWILIO_AUTH_TOKEN={TOKEN_2}\n"
    write_tree(
        tmp_path,
        {
            "deploy/prod/docker-compose.yml": BASE,
            "deploy/prod/docker-compose.override.yml": override,
        },
    )
    result = scan(tmp_path)
    found = by_location(result)
    assert set(found) == {
        "deploy/prod/docker-compose.yml:5",
        "deploy/prod/docker-compose.override.yml:4",
        "deploy/prod/docker-compose.yml:10",
        "deploy/prod/docker-compose.yml:11",
    }
    token = found["deploy/prod/docker-compose.override.yml:4"]
    assert raw(token) == TOKEN_2
    sid = found["deploy/prod/docker-compose.yml:5"]
    assert token.scope == sid.scope == "compose:api@deploy/prod/docker-compose.yml"
    assert (token.environment, token.service, token.consumer) == ("prod", "api", "compose")
    assert [str(n) for n in result.notes] == [
        "deploy/prod/docker-compose.yml:6: TWILIO_AUTH_TOKEN is set again "
        "(deploy/prod/docker-compose.override.yml:4); compose uses the later value"
    ]


def test_an_env_file_added_by_the_override_does_not_beat_base_environment(
    tmp_path: Path,
) -> None:
    override = "services:\n  api:\n    env_file: [twilio.env]\n  cron:\n    env_file: twilio.env\n"
    write_tree(
        tmp_path,
        {
            "compose.yaml": BASE,
            "compose.override.yaml": override,
            "twilio.env": f"TWILIO_ACCOUNT_SID={SID_2}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    result = scan(tmp_path)
    api = {str(v.location) for v in result.values if v.scope == "compose:api@compose.yaml"}
    assert api == {"compose.yaml:5", "compose.yaml:6"}  # environment: beats env_file:
    cron = {str(v.location) for v in result.values if v.scope == "compose:cron@compose.yaml"}
    assert cron == {"twilio.env:1", "twilio.env:2"}  # a service only the override defines
    assert (
        "twilio.env:2: TWILIO_AUTH_TOKEN is set again (compose.yaml:6); compose uses the later value"
        in [str(n) for n in result.notes]
    )


def test_compose_picks_one_base_and_one_override_and_other_files_stay_alone(
    tmp_path: Path,
) -> None:
    override = f"services:\n  api:\n    environment:\n      TWILIO_AUTH_TOKEN: {TOKEN_2}\n"
    write_tree(
        tmp_path,
        {
            "compose.yaml": BASE,
            "docker-compose.yml": BASE,  # compose.yaml comes first: this one is only for -f
            "compose.override.yml": override,
            "docker-compose.override.yml": f"services:\n  api:\n    environment:\n      TWILIO_AUTH_TOKEN: {TOKEN}\n",
            "docker-compose.prod.yml": override,
        },
    )
    scopes = {(v.scope, str(v.location)) for v in scan(tmp_path).values}
    assert ("compose:api@compose.yaml", "compose.override.yml:4") in scopes
    assert ("compose:api@docker-compose.yml", "docker-compose.yml:6") in scopes
    assert ("compose:api@docker-compose.prod.yml", "docker-compose.prod.yml:4") in scopes
    # the second override name is not compose's pick here: like any -f file, it stands alone
    assert ("compose:api@docker-compose.override.yml", "docker-compose.override.yml:4") in scopes
    assert not any(scope.endswith("@compose.override.yml") for scope, _ in scopes)


def test_an_override_without_a_base_file_is_read_alone(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docker-compose.override.yml": BASE})
    scopes = {v.scope for v in scan(tmp_path).values}
    assert scopes == {
        "compose:api@docker-compose.override.yml",
        "compose:worker@docker-compose.override.yml",
    }


def test_a_broken_override_is_noted_and_the_base_is_read_alone(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": BASE,
            "docker-compose.override.yml": f"services:\n  api: [\n    TWILIO_AUTH_TOKEN: {TOKEN_2}\n",
        },
    )
    result = scan(tmp_path)
    assert {str(v.location) for v in result.values} == {
        "docker-compose.yml:5",
        "docker-compose.yml:6",
        "docker-compose.yml:10",
        "docker-compose.yml:11",
    }
    assert [n.location for n in result.notes] == ["docker-compose.override.yml"]
    assert "compose cannot merge it" in result.notes[0].message


def test_odd_overrides_are_harmless(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/docker-compose.yml": BASE,
            "a/docker-compose.override.yml": "services:\n  api: 3\n  worker:\n",
            "b/docker-compose.yml": BASE,
            "b/docker-compose.override.yml": "",
            "c/docker-compose.yml": "- not a mapping\n",
            "c/docker-compose.override.yml": BASE,
        },
    )
    result = scan(tmp_path)
    paths = {v.location.path for v in result.values}
    assert paths == {
        "a/docker-compose.yml",
        "b/docker-compose.yml",
        "c/docker-compose.override.yml",
    }
    assert result.notes == []


def test_an_override_whose_base_is_not_read_is_read_alone(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docker-compose.yml": BASE + "#" * 400 + "\n",
            "docker-compose.override.yml": f"services:\n  api:\n    environment:\n      TWILIO_AUTH_TOKEN: {TOKEN_2}\n",
        },
    )
    result = scan(tmp_path, max_file_bytes=300)
    assert {str(v.location) for v in result.values} == {"docker-compose.override.yml:4"}
    assert [n.location for n in result.notes] == ["docker-compose.yml"]
