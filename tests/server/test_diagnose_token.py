"""The API diagnoses the access-token errors too: ``token`` in the body plays
``--token-file``'s part, is never echoed, and is refused for errors that do not read one."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from sherlock.engine.runner import Runner
from sherlock.server import create_app
from tests.tokens.factory import access_token

API_TOKEN = "srv-token-test-0123456789abcdef0123"
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def _client(root: Path) -> TestClient:
    return TestClient(create_app(Runner(root=root), api_token=API_TOKEN, environ={}))


def _pieces(secret: str) -> list[str]:
    return [secret[i : i + 12] for i in range(len(secret) - 11)]


def test_an_expired_token_in_the_body_is_diagnosed_and_not_echoed(tmp_path: Path) -> None:
    token = access_token(ttl=-3600)
    body = {"error": "twilio-20104", "offline": True, "token": f"connect failed: {token}"}
    with _client(tmp_path) as client:
        response = client.post("/v1/diagnose", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["causes"][0]["id"] == "token-expired"
    signature = token.rsplit(".", 1)[1]
    assert not [p for p in _pieces(signature) if p in response.text]


def test_a_token_for_an_error_that_reads_none_is_refused(tmp_path: Path) -> None:
    token = access_token()
    body = {"error": "twilio-20003", "offline": True, "token": token}
    with _client(tmp_path) as client:
        response = client.post("/v1/diagnose", json=body, headers=AUTH)
    assert response.status_code == 400
    assert "access-token errors" in response.json()["error"]["message"]
    assert token.rsplit(".", 1)[1][:12] not in response.text
