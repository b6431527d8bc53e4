"""`sherlock serve`: refuses to start when it would be unsafe or broken; serves when it can."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from tests.server.conftest import API_TOKEN, AUTH, Deployment


def serve(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["serve", *args], env=env)
    return result.exit_code, result.stderr


def test_serve_refuses_to_start_without_an_api_token(deployment: Deployment) -> None:
    code, stderr = serve(str(deployment.tree))
    assert code == 2
    assert "SHERLOCK_API_TOKEN" in stderr and "--insecure-no-auth" in stderr
    assert "Traceback" not in stderr


def test_serve_reads_the_token_variable_named_in_the_config(deployment: Deployment) -> None:
    (deployment.tree / "sherlock.toml").write_text('[server]\ntoken_env = "ACME_API_TOKEN"\n')
    code, stderr = serve(str(deployment.tree), env={"SHERLOCK_API_TOKEN": API_TOKEN})
    assert code == 2
    assert "ACME_API_TOKEN" in stderr


def test_serve_refuses_a_bad_config_with_its_line(deployment: Deployment) -> None:
    (deployment.tree / "sherlock.toml").write_text("[server]\nprot = 8080\n")
    code, stderr = serve(str(deployment.tree), env={"SHERLOCK_API_TOKEN": API_TOKEN})
    assert code == 2
    assert "sherlock.toml:2" in stderr and "unknown key" in stderr


def test_insecure_no_auth_is_refused_on_a_public_address(deployment: Deployment) -> None:
    code, stderr = serve(str(deployment.tree), "--insecure-no-auth", "--host", "0.0.0.0")
    assert code == 2
    assert "loopback" in stderr


def test_serve_refuses_a_twilio_base_url_that_is_not_loopback(deployment: Deployment) -> None:
    code, stderr = serve(
        str(deployment.tree),
        "--twilio-base-url",
        "http://example.com",
        env={"SHERLOCK_API_TOKEN": API_TOKEN},
    )
    assert code == 2
    assert "loopback" in stderr


def test_serve_refuses_a_missing_directory(tmp_path: Path) -> None:
    code, stderr = serve(str(tmp_path / "nope"), env={"SHERLOCK_API_TOKEN": API_TOKEN})
    assert code == 2
    assert "no such directory" in stderr


def test_sherlock_serve_answers_over_http_and_stops_on_sigint(deployment: Deployment) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SLACK_"))}
    env["SHERLOCK_API_TOKEN"] = API_TOKEN
    args = [str(deployment.tree), "--port", "0", "--twilio-base-url", deployment.twilio.base_url]
    process = subprocess.Popen(
        [sys.executable, "-m", "sherlock", "serve", *args],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = _wait_for_url(process)
        health = httpx.get(f"{base_url}/healthz", timeout=5)
        report = httpx.post(
            f"{base_url}/v1/diagnose", json={"environment": "prod"}, headers=AUTH, timeout=10
        )
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    assert health.json()["status"] == "ok"
    assert report.json()["causes"][0]["id"] == "rotation-not-propagated"
    assert process.returncode == 0
    assert API_TOKEN not in stderr
    assert re.search(r"POST /v1/diagnose 200", stderr), stderr


def _wait_for_url(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + 20
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            pytest.fail("sherlock serve exited early: " + "".join(seen))
        seen.append(line)
        match = re.search(r"running on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return match.group(1)
    pytest.fail("sherlock serve did not say where it listens: " + "".join(seen))
