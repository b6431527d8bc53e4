"""The HTTP answer and the Slack message say "incomplete" too; neither reads as an all-clear."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from fastapi.testclient import TestClient

from sherlock.demo.book import CredentialBook
from sherlock.engine.runner import Runner
from sherlock.models import Completeness, Diagnosis
from sherlock.render.slack import render_blocks, render_text
from sherlock.server import create_app
from tests.server.conftest import API_TOKEN, AUTH

REASON = "Twilio unreachable: 2 of 2 credential set(s) unverified: last error connect refused"
INCOMPLETE = Diagnosis(
    error="twilio-20003",
    causes=(),
    credentials=(),
    completeness=Completeness(complete=False, reasons=(REASON,), unverified=2, verifiable=2),
)


def test_slack_blocks_for_an_incomplete_diagnosis_are_a_warning_not_a_check_mark() -> None:
    text = json.dumps(render_blocks(INCOMPLETE, environment="prod"))
    assert ":white_check_mark:" not in text
    assert "incomplete" in text
    assert "Twilio unreachable: 2 of 2" in text
    assert render_text(INCOMPLETE, environment="prod").endswith("incomplete, no cause found")


def test_api_reports_complete_false_with_the_counts(tmp_path: Path) -> None:
    book = CredentialBook()
    env_file = tmp_path / "prod" / ".env"
    env_file.parent.mkdir()
    env_file.write_text(
        f"TWILIO_ACCOUNT_SID={book.sid('prod')}\nTWILIO_AUTH_TOKEN={book.token('prod')}\n",
        encoding="utf-8",
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    runner = Runner(root=tmp_path, twilio_base_url=closed, timeout=1.0)
    with TestClient(create_app(runner, api_token=API_TOKEN, environ={})) as client:
        response = client.post("/v1/diagnose", json={}, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["complete"] is False
    assert body["completeness"]["unverified"] == 1
    assert body["causes"] == []
