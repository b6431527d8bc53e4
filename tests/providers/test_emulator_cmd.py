"""`sherlock emulator` serves a state file until Ctrl-C and refuses bad files cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

from sherlock.cli.main import app
from tests.twilio_fixtures import MAIN_SID, MAIN_TOKEN


def test_emulator_command_serves_the_state_until_interrupted(tmp_path: Path) -> None:
    state = tmp_path / "state.yaml"
    state.write_text(f"accounts:\n  - sid: {MAIN_SID}\n    auth_token: {MAIN_TOKEN}\n")
    command = [sys.executable, "-m", "sherlock", "emulator", "--state", str(state), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        path = f"{base_url}/2010-04-01/Accounts/{MAIN_SID}.json"
        response = httpx.get(path, auth=(MAIN_SID, MAIN_TOKEN), trust_env=False)
        assert response.json()["sid"] == MAIN_SID
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in stderr and MAIN_TOKEN not in stderr


def test_emulator_command_rejects_a_bad_state_file_in_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state.yaml"
    state.write_text(f"accounts:\n  - sid: nope\n    auth_token: {MAIN_TOKEN}\n")
    result = CliRunner().invoke(app, ["emulator", "--state", str(state)])
    assert result.exit_code == 2
    assert "accounts.0.sid" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert MAIN_TOKEN not in result.stderr + result.output
