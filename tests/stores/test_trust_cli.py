"""`sherlock diagnose` end to end: a pull request's sherlock.toml cannot make CI send the
runner's VAULT_TOKEN anywhere, `--offline` reaches no store, `--trust-config` and a config
from outside the tree do, and the JSON report lists the store endpoints contacted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock_testing.emulators.vault import VaultEmulator
from tests.stores.rogue_listener import Rogue
from tests.stores.vault_fixtures import READER_TOKEN, seed_history, vault  # noqa: F401

URI = "vault://secret/prod/twilio#auth_token"
TOKENS = ("0" * 31 + "a", "0" * 31 + "b")


def _config(url: str) -> str:
    return f'[stores.vault]\nurl = "{url}"\n[environments.prod]\nstores = ["{URI}"]\n'


def _diagnose(*args: str) -> dict[str, Any]:
    env = {"VAULT_TOKEN": READER_TOKEN, "VAULT_ADDR": None}
    result = CliRunner().invoke(app, ["diagnose", *args, "--format", "json"], env=env)
    assert READER_TOKEN not in result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _tree(tmp_path: Path, url: str) -> Path:
    tree = tmp_path / "repo"
    tree.mkdir()
    (tree / "sherlock.toml").write_text(_config(url), encoding="utf-8")
    return tree


@pytest.mark.parametrize(
    ("flags", "note"),
    [
        (["--offline"], "not read: --offline"),
        (["--offline", "--trust-config"], "not read: --offline"),
        ([], "not used without --trust-config"),
    ],
)
def test_a_pull_requests_config_reaches_no_endpoint(
    tmp_path: Path,
    rogue: Rogue,
    flags: list[str],
    note: str,
) -> None:
    report = _diagnose(str(_tree(tmp_path, rogue.url)), *flags)
    assert rogue.accepted == 0
    assert any(note in n for n in report["notes"]), report["notes"]
    assert not any("127.0.0.2" in c for c in report["contacted"])


def test_trust_config_reads_the_store_and_the_report_names_it(
    tmp_path: Path,
    vault: VaultEmulator,  # noqa: F811
) -> None:
    seed_history(vault, "secret/prod/twilio", TOKENS)
    tree = _tree(tmp_path, vault.base_url)
    report = _diagnose(str(tree), "--offline")
    assert vault.requests == [] and vault.base_url not in report["contacted"]
    report = _diagnose(str(tree), "--trust-config")
    assert vault.base_url in report["contacted"]
    assert vault.requests


def test_a_config_from_outside_the_tree_needs_no_flag(
    tmp_path: Path,
    vault: VaultEmulator,  # noqa: F811
) -> None:
    seed_history(vault, "secret/prod/twilio", TOKENS)
    outside = tmp_path / "ops.toml"
    outside.write_text(_config(vault.base_url), encoding="utf-8")
    tree = tmp_path / "repo"
    tree.mkdir()
    report = _diagnose(str(tree), "--config", str(outside))
    assert vault.base_url in report["contacted"]
