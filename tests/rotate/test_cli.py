"""`sherlock rotate` from the command line: exit codes, one-line errors, no token on any stream."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from tests.rotate.world import OLD, SID, World


def _cli(world: World, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    for name, value in world.environ.items():
        monkeypatch.setenv(name, value)
    base = [str(world.root), "--env", "prod", "--twilio-base-url", world.emulator.base_url]
    result = CliRunner().invoke(app, ["rotate", *base, *args])
    return result.exit_code, result.stdout, result.stderr


def test_plan_exits_0_and_leaves_the_account_alone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _cli(world, monkeypatch)
    assert code == 0 and "Rotation plan" in out and "Nothing was changed" in out
    assert world.account.auth_token == OLD and world.account.secondary_token is None


def test_a_stopped_rotation_exits_1_and_says_what_to_do(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    stray = world.root / "services" / "worker" / ".env"
    stray.parent.mkdir(parents=True)
    stray.write_text(f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={OLD}\n")
    config = world.root / "sherlock.toml"
    config.write_text(
        config.read_text()
        + '\n[environments.prod.services.worker]\nsources = ["services/worker/.env"]\n'
    )
    code, out, err = _cli(world, monkeypatch, "--apply")
    world.remember_tokens()
    assert code == 1
    assert "What to do:" in err and "--resume" in err
    assert world.account.auth_token == OLD
    assert world.leaks(out + err) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--env", "staging"], "no such environment in the config (environments: prod)"),
        (["--env", "prod", "--apply", "--resume"], "nothing to resume"),
        (["--env", "prod", "--timeout", "0"], "--timeout must be a positive number"),
        (["--env", "prod", "--twilio-base-url", "http://example.com"], "loopback"),
    ],
)
def test_bad_requests_are_one_line_errors_with_exit_2(
    world: World, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    for name, value in world.environ.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["rotate", str(world.root), *args])
    assert result.exit_code == 2, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_without_env_the_command_says_env_is_required(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["rotate", str(tmp_path)])
    assert result.exit_code == 2 and "--env NAME is required" in result.stderr


def test_a_damaged_journal_is_a_clear_error(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = world.root / ".sherlock" / "rotation-prod.json"
    journal.parent.mkdir()
    journal.write_text("{not json")
    code, _, err = _cli(world, monkeypatch, "--apply", "--resume")
    assert code == 2 and "cannot read the journal" in err


def test_a_real_process_rotates_and_no_token_reaches_stdout_or_stderr(world: World) -> None:
    env = {**os.environ, **world.environ, "PYTHONPATH": str(Path.cwd())}
    base = [sys.executable, "-m", "sherlock", "rotate", str(world.root), "--env", "prod"]
    args = [*base, "--apply", "--twilio-base-url", world.emulator.base_url]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    world.remember_tokens()
    assert done.returncode == 0, done.stderr
    assert "Rotation complete" in done.stdout
    assert world.account.auth_token != OLD
    journal = (world.root / ".sherlock" / "rotation-prod.json").read_text()
    assert world.leaks(done.stdout + done.stderr + journal) == []


def test_a_token_pasted_as_the_environment_is_not_echoed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in world.environ.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["rotate", str(world.root), "--env", OLD])
    assert result.exit_code == 2
    assert world.leaks(result.stdout + result.stderr) == []
