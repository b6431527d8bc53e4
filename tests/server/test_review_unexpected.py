"""An unexpected exception whose message holds a secret (a library echoing what it was sent)
is logged with the secret masked, once, by Sherlock: it does not escape the app, so the ASGI
server does not log it again with its raw message."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sherlock.engine.runner import Runner
from tests.server.conftest import AUTH, AppFactory, live_server

SECRET = "0123456789abcdef0123456789abcdef"


def _break_diagnose(monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(self: Runner, **_: Any) -> Any:
        raise RuntimeError(f"upstream refused auth_token={SECRET}")

    monkeypatch.setattr(Runner, "diagnose", broken)


def test_the_secret_in_an_unexpected_error_is_masked_in_the_log(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _break_diagnose(monkeypatch)
    caplog.set_level(logging.DEBUG)
    with TestClient(make_app()) as client:  # raises if the exception leaves the app
        response = client.post("/v1/diagnose", json={}, headers=AUTH)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal"
    rid = response.json()["error"]["request_id"]
    assert response.headers["x-request-id"] == rid
    logged = [r for r in caplog.records if rid in r.getMessage()]
    assert logged and "RuntimeError" in logged[0].getMessage()
    assert SECRET[:10] not in caplog.text


def test_the_server_does_not_log_the_raw_message_either(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_diagnose(monkeypatch)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    keep = Keep()
    with live_server(make_app()) as base:
        logging.getLogger("uvicorn.error").addHandler(keep)
        try:
            response = httpx.post(f"{base}/v1/diagnose", json={}, headers=AUTH, timeout=10)
        finally:
            logging.getLogger("uvicorn.error").removeHandler(keep)
    assert response.status_code == 500
    text = "\n".join(logging.Formatter().format(r) for r in records)
    assert SECRET[:10] not in text
