"""File patterns pathlib cannot glob (``.``, ``./``) are a note about that source, and the
rest of the config is still read: never a traceback out of the diagnosis."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sherlock.config import LoadedConfig, parse_config
from sherlock.engine.sources import gather_sources

TOKEN = "f" * 32


@pytest.mark.parametrize("pattern", [".", "./"])
def test_an_unglobbable_pattern_is_a_note(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "services").mkdir()
    (tmp_path / "creds.env").write_text(f"TWILIO_AUTH_TOKEN={TOKEN}\n", encoding="utf-8")
    toml = f'[environments.prod.services.api]\nsources = ["{pattern}", "creds.env"]\n'
    path = tmp_path / "sherlock.toml"
    path.write_text(toml, encoding="utf-8")
    loaded = LoadedConfig(parse_config(toml, path), path)
    found = asyncio.run(gather_sources(tmp_path, loaded, process_env=None, store_environ={}))
    assert any(n.location == pattern and "pattern" in n.message for n in found.notes), found.notes
    assert {(v.location.path, v.service) for v in found.values} == {("creds.env", "api")}
