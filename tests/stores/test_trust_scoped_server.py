"""A scoped `/v1/diagnose` (one folder of the served tree) keeps the served tree's trust rule:
the tree's own sherlock.toml lies outside the folder, yet may still not move a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sherlock.engine.runner import Runner
from sherlock.server import create_app
from tests.server.conftest import API_TOKEN, AUTH
from tests.stores.rogue_listener import Rogue, rogue  # noqa: F401
from tests.stores.test_trust_cli import _config


def _served(tmp_path: Path, url: str) -> Path:
    tree = tmp_path / "repo"
    (tree / "services" / "api").mkdir(parents=True)
    (tree / "sherlock.toml").write_text(_config(url), encoding="utf-8")
    return tree


@pytest.mark.parametrize("scope", [None, "services", "services/api"])
def test_a_scoped_run_sends_no_store_credential_where_the_tree_points(
    tmp_path: Path,
    rogue: Rogue,  # noqa: F811
    scope: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VAULT_TOKEN", "hvs.reader-of-the-ci-runner")
    monkeypatch.delenv("VAULT_ADDR", raising=False)
    runner = Runner(root=_served(tmp_path, rogue.url), timeout=1.0)
    body = {} if scope is None else {"scope": scope}
    with TestClient(create_app(runner, api_token=API_TOKEN, environ={})) as client:
        response = client.post("/v1/diagnose", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert rogue.accepted == 0
    notes = " ".join(response.json()["notes"])
    assert "vault://" in notes  # the note says the store was not read
