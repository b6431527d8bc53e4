"""direnv's exports laid over the ``.env`` files that do not override them (what a diagnosis
works with: the scan, then :func:`sherlock.engine.sources.settle_values`)."""

from __future__ import annotations

from pathlib import Path

from sherlock.engine.sources import settle_values
from sherlock.models import FoundValue

from .builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

DOTENV = f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"
STALE_ENVRC = f"# direnv\nexport TWILIO_AUTH_TOKEN={TOKEN_2}\n"


def _settled(root: Path, **kwargs: object) -> tuple[list[FoundValue], list[str]]:
    values, notes = settle_values(scan(root, **kwargs).values)
    return values, [f"{n.location} {n.message}" for n in notes]


def _in(values: list[FoundValue], scope: str) -> dict[str, FoundValue]:
    return {v.name: v for v in values if v.scope == scope}


def test_an_envrc_export_hides_the_dotenv_line_of_its_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {"api/.envrc": STALE_ENVRC, "api/.env": DOTENV})
    values, _notes = _settled(tmp_path)
    used = _in(values, "api/.env")
    token = used["TWILIO_AUTH_TOKEN"]
    assert (str(token.location), raw(token)) == ("api/.envrc:2", TOKEN_2)
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == ("api/.env:2", TOKEN)
    assert "api/.envrc" in hidden.rule and "does not override" in hidden.rule
    assert (token.environment, token.service) == (
        used["TWILIO_ACCOUNT_SID"].environment,
        used["TWILIO_ACCOUNT_SID"].service,
    )
    assert not [v for v in values if v.scope == "api/.envrc"]  # judged through the app's .env


def test_a_dotenv_below_the_envrc_folder_inherits_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {".envrc": STALE_ENVRC, "services/sms/.env": DOTENV})
    values, _notes = _settled(tmp_path)
    assert str(_in(values, "services/sms/.env")["TWILIO_AUTH_TOKEN"].location) == ".envrc:2"


def test_a_dotenv_beside_but_not_below_is_untouched(tmp_path: Path) -> None:
    write_tree(tmp_path, {"tools/.envrc": STALE_ENVRC, "api/.env": DOTENV})
    values, _notes = _settled(tmp_path)
    assert all(not v.shadows for v in values)
    assert str(_in(values, "api/.env")["TWILIO_AUTH_TOKEN"].location) == "api/.env:2"
    assert raw(_in(values, "tools/.envrc")["TWILIO_AUTH_TOKEN"]) == TOKEN_2  # its own set


def test_the_nearest_envrc_is_the_one_direnv_loads(tmp_path: Path) -> None:
    child = f"export TWILIO_AUTH_TOKEN={TOKEN}\n"
    write_tree(tmp_path, {".envrc": STALE_ENVRC, "api/.envrc": child, "api/.env": DOTENV})
    values, _notes = _settled(tmp_path)
    token = _in(values, "api/.env")["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "api/.envrc:1"
    assert [str(s.value.location) for s in token.shadows] == ["api/.env:2"]


def test_a_name_only_the_envrc_sets_joins_the_dotenv_set(tmp_path: Path) -> None:
    envrc = f"export TWILIO_ACCOUNT_SID={SID}\n"
    write_tree(tmp_path, {".envrc": envrc, ".env": f"TWILIO_AUTH_TOKEN={TOKEN}\n"})
    values, _notes = _settled(tmp_path)
    used = _in(values, ".env")
    assert set(used) == {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}
    assert str(used["TWILIO_ACCOUNT_SID"].location) == ".envrc:1"


def test_dotenv_prod_in_the_envrc_fills_the_app_environment(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/.envrc": "dotenv .env.prod\n",
            "app/.env.prod": f"TWILIO_ACCOUNT_SID={SID_2}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
            "app/.env": DOTENV,
        },
    )
    values, _notes = _settled(tmp_path)
    used = _in(values, "app/.env")
    assert {n: str(v.location) for n, v in used.items()} == {
        "TWILIO_ACCOUNT_SID": "app/.env.prod:1",
        "TWILIO_AUTH_TOKEN": "app/.env.prod:2",
    }
    assert raw(used["TWILIO_AUTH_TOKEN"]) == TOKEN_2
    assert [str(s.value.location) for s in used["TWILIO_AUTH_TOKEN"].shadows] == ["app/.env:2"]
    assert not _in(values, "app/.env.prod")  # read through the envrc, not as a set of its own


def test_a_dotenv_file_only_the_envrc_loads_is_judged_once(tmp_path: Path) -> None:
    write_tree(tmp_path, {".envrc": "dotenv .env.prod\n", ".env.prod": DOTENV})
    values, _notes = _settled(tmp_path)
    assert {(v.scope, str(v.location)) for v in values} == {
        (".envrc", ".env.prod:1"),
        (".envrc", ".env.prod:2"),
    }


def test_an_envrc_loading_the_same_dotenv_changes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {".envrc": "dotenv\n", ".env": DOTENV})
    values, _notes = _settled(tmp_path)
    assert {(v.scope, str(v.location)) for v in values} == {(".env", ".env:1"), (".env", ".env:2")}
    assert all(not v.shadows for v in values)


def test_an_envrc_alone_is_its_own_set(tmp_path: Path) -> None:
    write_tree(tmp_path, {"eu/.envrc": f"export TWILIO_ACCOUNT_SID={SID}\n{STALE_ENVRC}"})
    values, notes = _settled(tmp_path)
    assert {(v.scope, v.name) for v in values} == {
        ("eu/.envrc", "TWILIO_ACCOUNT_SID"),
        ("eu/.envrc", "TWILIO_AUTH_TOKEN"),
    }
    assert not notes


def test_a_compose_env_file_is_not_shadowed_by_direnv(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    image: api\n    env_file: .env\n"
    write_tree(tmp_path, {".envrc": STALE_ENVRC, "docker-compose.yml": compose, ".env": DOTENV})
    values, _notes = _settled(tmp_path)
    assert all(not v.shadows for v in values)
    assert {raw(v) for v in values if v.location.path == ".env"} == {SID, TOKEN}


def test_direnv_beats_the_shell_profile(tmp_path: Path) -> None:
    profile = f"export TWILIO_AUTH_TOKEN={TOKEN}\n"
    write_tree(
        tmp_path, {"home/dev/.bashrc": profile, "proj/.envrc": STALE_ENVRC, "proj/.env": DOTENV}
    )
    values, _notes = _settled(tmp_path)
    token = _in(values, "proj/.env")["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "proj/.envrc:2"


def test_the_process_environment_beats_direnv(tmp_path: Path) -> None:
    write_tree(tmp_path, {".envrc": STALE_ENVRC, ".env": DOTENV})
    values, _notes = _settled(tmp_path, process_env={"TWILIO_AUTH_TOKEN": TOKEN})
    token = _in(values, ".env")["TWILIO_AUTH_TOKEN"]
    assert str(token.location) == "env:TWILIO_AUTH_TOKEN"


def test_an_envrc_in_an_example_folder_hides_nothing(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"examples/.envrc": STALE_ENVRC, "examples/app/.env": DOTENV, ".env": DOTENV}
    )
    values, _notes = _settled(tmp_path)
    assert all(not v.shadows for v in values)
    assert all(v.location.path != "examples/.envrc" or v.scope == "examples/.envrc" for v in values)


def _nested(tmp_path: Path, inner_envrc: str) -> list[FoundValue]:
    write_tree(
        tmp_path,
        {
            ".envrc": f"export TWILIO_ACCOUNT_SID={SID}\nexport TWILIO_AUTH_TOKEN={TOKEN}\n",
            "svc/.envrc": inner_envrc,
            "svc/.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
        },
    )
    values, _notes = settle_values(scan(tmp_path).values, root=tmp_path)
    return [v for v in values if v.name == "TWILIO_AUTH_TOKEN" and v.scope == "svc/.env"]


def test_a_nearer_envrc_without_credentials_fences_off_the_outer_one(tmp_path: Path) -> None:
    """direnv loads svc/.envrc alone: the root's exports never reach svc's shell, so the
    app reads its own .env (a stale token there must not be hidden by the root's good one)."""
    (token,) = _nested(tmp_path, "export LOG_LEVEL=debug\nlayout python3\n")
    assert (str(token.location), raw(token)) == ("svc/.env:2", TOKEN_2)


def test_a_nearer_envrc_that_calls_source_up_lets_the_outer_one_in(tmp_path: Path) -> None:
    (token,) = _nested(tmp_path, "source_up\nexport LOG_LEVEL=debug\n")
    assert (str(token.location), raw(token)) == (".envrc:2", TOKEN)
