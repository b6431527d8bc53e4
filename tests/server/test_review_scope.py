"""Scopes a filesystem cannot take (a NUL byte, a name past the OS limit, a symlink loop) are
refused as bad input, and the scope never reaches the server log in an exception message."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import AUTH, Deployment

#: Looks like a credential pasted into the wrong field.
CANARY = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.mark.parametrize(
    "scope",
    [f"services/{CANARY}\x00", f"{CANARY}{'x' * 300}", "loop"],
)
def test_scope_the_filesystem_cannot_take_is_refused_without_echo(
    client: TestClient, deployment: Deployment, caplog: pytest.LogCaptureFixture, scope: str
) -> None:
    (deployment.tree / "loop").symlink_to(deployment.tree / "loop")
    caplog.set_level(logging.DEBUG)
    response = client.post("/v1/diagnose", json={"scope": scope, "offline": True}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert "scope" in response.json()["error"]["message"]
    assert CANARY not in response.text
    assert CANARY not in caplog.text
