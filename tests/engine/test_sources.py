"""What a diagnosis reads when sherlock.toml is present: relabelling, env: sources, notes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sherlock.config import LoadedConfig, parse_config
from sherlock.engine.sources import Sources, gather_sources
from sherlock.providers.twilio.records import Field

SID = "AC" + "1" * 32
TOKEN = "f" * 32


def _gather(root: Path, toml: str, **environ: str) -> Sources:
    path = root / "sherlock.toml"
    path.write_text(toml, encoding="utf-8")
    loaded = LoadedConfig(parse_config(toml, path), path)
    return asyncio.run(gather_sources(root, loaded, process_env=None, store_environ=environ))


def _write(root: Path, rel: str, text: str) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def test_a_configured_file_takes_the_configured_environment_and_service(tmp_path: Path) -> None:
    _write(tmp_path, "misc/creds.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    found = _gather(
        tmp_path, '[environments.prod.services.billing]\nsources = ["misc/creds.env"]\n'
    )
    labels = {(v.environment, v.service) for v in found.values}
    assert labels == {("prod", "billing")}


def test_a_file_discovery_would_not_pick_is_read_when_named(tmp_path: Path) -> None:
    _write(tmp_path, "ops/twilio.txt", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    found = _gather(tmp_path, '[environments.prod.services.api]\nsources = ["ops/*.txt"]\n')
    assert {v.field for v in found.values} == {Field.ACCOUNT_SID, Field.AUTH_TOKEN}
    assert all(v.location.path == "ops/twilio.txt" for v in found.values)


def test_discovery_off_keeps_only_configured_sources(tmp_path: Path) -> None:
    _write(tmp_path, "services/api/.env", f"TWILIO_AUTH_TOKEN={TOKEN}\n")
    _write(tmp_path, "services/web/.env", f"TWILIO_AUTH_TOKEN={'e' * 32}\n")
    toml = 'discovery = false\n[environments.prod.services.api]\nsources = ["services/api/.env"]\n'
    found = _gather(tmp_path, toml)
    assert [v.location.path for v in found.values] == ["services/api/.env"]
    found_all = _gather(tmp_path, toml.replace("discovery = false", "discovery = true"))
    assert {v.location.path for v in found_all.values} == {
        "services/api/.env",
        "services/web/.env",
    }


def test_env_sources_join_the_services_files_in_one_unit(tmp_path: Path) -> None:
    _write(tmp_path, "k8s/api.env", f"TWILIO_ACCOUNT_SID={SID}\n")
    toml = (
        '[environments.prod.services.api]\nsources = ["k8s/api.env", "env:API_TWILIO_AUTH_TOKEN"]\n'
    )
    found = _gather(tmp_path, toml, API_TWILIO_AUTH_TOKEN=TOKEN)
    scopes = {v.scope for v in found.values}
    assert len(scopes) == 1, scopes
    token = next(v for v in found.values if v.field is Field.AUTH_TOKEN)
    assert str(token.location) == "env:API_TWILIO_AUTH_TOKEN"


def test_missing_variables_and_empty_globs_are_notes(tmp_path: Path) -> None:
    toml = '[environments.prod.services.api]\nsources = ["nothing/*.env", "env:NOPE"]\n'
    found = _gather(tmp_path, toml)
    text = "\n".join(str(n) for n in found.notes)
    assert "nothing/*.env" in text and "no file matches" in text
    assert "env:NOPE" in text and "not set" in text
    assert found.values == ()


def test_a_glob_that_escapes_the_tree_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.env"
    outside.write_text(f"TWILIO_AUTH_TOKEN={TOKEN}\n", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    found = _gather(root, '[environments.prod.services.api]\nsources = ["../outside.env"]\n')
    assert found.values == ()
    assert any("outside the scanned tree" in str(n) for n in found.notes)


def test_a_configured_example_file_is_not_set_aside_as_a_decoy(tmp_path: Path) -> None:
    _write(tmp_path, "examples/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    found = _gather(tmp_path, '[environments.dev.services.demo]\nsources = ["examples/.env"]\n')
    assert "examples/.env" in found.claimed_paths
    assert {v.environment for v in found.values} == {"dev"}


def test_an_unreachable_store_is_a_note_not_an_error(tmp_path: Path) -> None:
    toml = '[environments.prod]\nstores = ["vault://secret/prod/twilio"]\n'
    found = _gather(tmp_path, toml, VAULT_ADDR="http://127.0.0.1:1", VAULT_TOKEN="t")
    assert found.values == () and found.history == ()
    assert any("could not read vault://secret/prod/twilio" in str(n) for n in found.notes)


def test_a_runner_never_shows_its_environments(tmp_path: Path) -> None:
    from sherlock.engine.runner import Runner

    runner = Runner(tmp_path, store_environ={"VAULT_TOKEN": "hvs.canary-7f3a9c"}, process_env={})
    assert "canary" not in repr(runner)
