"""`sherlock serve` answers from a warm index: edits show within a second, nothing goes stale."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sherlock.server import create_app
from tests.scenario_harness import assert_no_secret
from tests.server.conftest import API_TOKEN, AUTH, Deployment, live_server

NEW_FILE = "services/notify/.env.production"
NEW_LOCATION = f"{NEW_FILE}:2"
#: A token that looks real but is cut short: the new file is a cause, not only a credential.
NEW_TEXT = "TWILIO_ACCOUNT_SID=AC" + "7" * 32 + "\nTWILIO_AUTH_TOKEN=" + "5" * 20 + "\n"


def _diagnose(client: httpx.Client, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/diagnose", json={"offline": True, **body}, headers=AUTH)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


def _locations(report: dict[str, Any]) -> set[str]:
    return {row["location"] for row in report["credentials"]}


def _seconds_until(client: httpx.Client, seen: Any, limit: float = 3.0) -> float:
    """Seconds until an answer satisfies ``seen`` (asking every 20 ms), or ``limit``."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if seen(_diagnose(client)):
            return time.monotonic() - start
        time.sleep(0.02)
    return limit


@pytest.fixture
def served(deployment: Deployment) -> Iterator[httpx.Client]:
    runner = deployment.runner(watch=True)
    app = create_app(runner, api_token=API_TOKEN, environ={})
    with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        _diagnose(client)
        time.sleep(0.3)  # the watcher is set up in the background after start-up
        assert runner._served is not None and runner._served.watcher is not None
        assert runner._served.watcher.mode == "events"  # file-system events, not polling
        yield client


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_new_credential_file_is_in_the_answer_within_a_second(
    served: httpx.Client, deployment: Deployment
) -> None:
    assert NEW_LOCATION not in _locations(_diagnose(served))
    _write(deployment.tree, NEW_FILE, NEW_TEXT)
    assert _seconds_until(served, lambda r: NEW_LOCATION in _locations(r)) < 1.0


def test_an_edited_value_is_in_the_answer_within_a_second(
    served: httpx.Client, deployment: Deployment
) -> None:
    before = {r["location"]: r["fingerprint"] for r in _diagnose(served)["credentials"]}
    edited = "services/api/.env.production"
    text = (deployment.tree / edited).read_text(encoding="utf-8")
    _write(deployment.tree, edited, text.replace("TWILIO_AUTH_TOKEN=", "TWILIO_AUTH_TOKEN=x"))

    def changed(report: dict[str, Any]) -> bool:
        now = {r["location"]: r["fingerprint"] for r in report["credentials"]}
        return bool(now[f"{edited}:2"] != before[f"{edited}:2"])

    assert _seconds_until(served, changed) < 1.0


def test_a_deleted_file_disappears_from_the_answer(
    served: httpx.Client, deployment: Deployment
) -> None:
    gone = "services/billing/.env.production"
    assert f"{gone}:2" in _locations(_diagnose(served))
    (deployment.tree / gone).unlink()
    assert _seconds_until(served, lambda r: f"{gone}:2" not in _locations(r)) < 1.0


def test_a_warm_answer_equals_a_cold_one_after_edits(
    served: httpx.Client, deployment: Deployment
) -> None:
    _write(deployment.tree, NEW_FILE, NEW_TEXT)
    (deployment.tree / "services/billing/.env.production").unlink()
    assert _seconds_until(served, lambda r: NEW_LOCATION in _locations(r)) < 1.0
    cold = create_app(deployment.runner(), api_token=API_TOKEN, environ={})
    with live_server(cold) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        assert _diagnose(served) == _diagnose(client)
        assert _diagnose(served, environment="prod") == _diagnose(client, environment="prod")


def test_without_watchfiles_the_server_polls_and_still_sees_edits(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import fails as if not installed
    caplog.set_level(logging.INFO)
    app = create_app(deployment.runner(watch=True), api_token=API_TOKEN, environ={})
    with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        _diagnose(client)
        _write(deployment.tree, NEW_FILE, NEW_TEXT)
        assert _seconds_until(client, lambda r: NEW_LOCATION in _locations(r)) < 1.5
    assert "watchfiles is not installed" in caplog.text


def test_a_watcher_that_cannot_start_leaves_the_server_answering(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import watchfiles

    def refuse(*_: Any, **__: Any) -> Any:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchfiles, "awatch", refuse)
    app = create_app(deployment.runner(watch=True), api_token=API_TOKEN, environ={})
    with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        _diagnose(client)
        (deployment.tree / "services/billing/.env.production").unlink()
        gone = "services/billing/.env.production:2"
        assert _seconds_until(client, lambda r: gone not in _locations(r)) < 1.5
    assert "file watcher stopped (OSError)" in caplog.text


def test_no_raw_secret_in_logs_or_reprs_of_a_watched_server(
    deployment: Deployment, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    runner = deployment.runner(watch=True)
    app = create_app(runner, api_token=API_TOKEN, environ={})
    with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        first = client.post("/v1/diagnose", json={}, headers=AUTH).text
        _write(deployment.tree, NEW_FILE, NEW_TEXT)
        _seconds_until(client, lambda r: NEW_LOCATION in _locations(r))
        served = runner._served
        assert served is not None
        shown = [first, repr(runner), repr(served), repr(vars(served.index))]
    assert_no_secret(deployment.book, caplog.text, *shown)
