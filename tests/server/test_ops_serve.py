"""`sherlock serve` start-up: a short API token is refused without being echoed; the log has
one format for uvicorn's lines and Sherlock's (JSON lines with --log-format json), and its
start-up line names the tree, the config and whether the Slack app is on."""

from __future__ import annotations

import json
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
from tests.server.conftest import Deployment

TOKEN_32 = "0123456789abcdef0123456789ABCDEF"


@pytest.mark.parametrize("token", ["short-secret-value", "x" * 31])
def test_serve_refuses_an_api_token_shorter_than_32_characters(
    deployment: Deployment, token: str
) -> None:
    result = CliRunner().invoke(
        app, ["serve", str(deployment.tree)], env={"SHERLOCK_API_TOKEN": token}
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SHERLOCK_API_TOKEN" in lines[0] and "32" in lines[0]
    assert token not in result.stderr and token not in result.stdout
    assert "Traceback" not in result.stderr


def _serve(deployment: Deployment, *extra: str) -> tuple[list[str], str]:
    """Run `sherlock serve`, ask /healthz and /v1/diagnose, stop it; its stderr lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SLACK_"))}
    env["SHERLOCK_API_TOKEN"] = TOKEN_32
    args = [str(deployment.tree), "--port", "0", "--twilio-base-url", deployment.twilio.base_url]
    process = subprocess.Popen(
        [sys.executable, "-m", "sherlock", "serve", *args, *extra],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        base_url = _wait_for_url(process, seen)
        httpx.head(f"{base_url}/healthz", timeout=5)
        httpx.post(
            f"{base_url}/v1/diagnose",
            json={"environment": "prod"},
            headers={"Authorization": f"Bearer {TOKEN_32}"},
            timeout=20,
        )
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=20)
    stderr = "".join(seen) + rest
    return [line for line in stderr.splitlines() if line.strip()], stderr


def _wait_for_url(process: subprocess.Popen[str], seen: list[str]) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            pytest.fail("sherlock serve exited early: " + "".join(seen))
        seen.append(line)
        match = re.search(r"running on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return match.group(1)
    pytest.fail("sherlock serve did not say where it listens: " + "".join(seen))


def test_json_log_lines_from_uvicorn_and_sherlock_alike(deployment: Deployment) -> None:
    lines, stderr = _serve(deployment, "--log-format", "json")
    records = [json.loads(line) for line in lines]
    assert all(set(r) >= {"time", "level", "logger", "message"} for r in records)
    loggers = {r["logger"] for r in records}
    assert {"uvicorn.error", "sherlock.server", "sherlock.server.access"} <= loggers
    assert any("POST /v1/diagnose 200" in r["message"] for r in records)
    assert TOKEN_32 not in stderr


def test_start_up_line_names_the_tree_the_config_and_slack(deployment: Deployment) -> None:
    lines, _ = _serve(deployment, "--log-format", "json")
    startup = [json.loads(line)["message"] for line in lines if "serving" in line]
    assert len(startup) == 1, lines
    message = startup[0]
    assert str(deployment.tree) in message
    assert str(deployment.tree / "sherlock.toml") in message
    assert "Slack app off" in message


_TEXT_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR) \S+ ")


def test_text_log_lines_share_one_format(deployment: Deployment) -> None:
    lines, _ = _serve(deployment)
    assert all(_TEXT_LINE.match(line) for line in lines), lines
    assert any(" uvicorn.error " in line for line in lines)
    assert any(" sherlock.server serving " in line for line in lines)


def test_an_unknown_log_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path), "--log-format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
