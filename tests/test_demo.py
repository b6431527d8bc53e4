"""The demo: runs without make, leaves nothing in the temp folder, and ends with a hint that works."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sherlock.demo.run import sherlock_command

VENV_BIN = Path(sys.executable).parent
SHERLOCK = VENV_BIN / "sherlock"


def _env(tmp: Path) -> dict[str, str]:
    """The caller's environment with its own temp folder, and the venv not on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SLACK_"))}
    env["TMPDIR"] = str(tmp)
    paths = env.get("PATH", "").split(os.pathsep)
    env["PATH"] = os.pathsep.join(p for p in paths if Path(p) != VENV_BIN) or "/usr/bin:/bin"
    env["COLUMNS"] = "100"
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _hinted_commands(stdout: str) -> list[str]:
    """Every command line the closing hint shows (lines starting with '$ ')."""
    tail = stdout.split("Try it yourself", 1)[-1]
    return [line.strip()[2:] for line in tail.splitlines() if line.strip().startswith("$ ")]


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "sherlock.demo"], [str(SHERLOCK), "demo"]],
    ids=["python -m sherlock.demo", "sherlock demo"],
)
def test_demo_diagnoses_the_sample_and_leaves_no_folder_behind(
    command: list[str], tmp_path: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = _run(command, tmp_path, _env(temp))
    assert result.returncode == 0, result.stderr
    assert "rotation-not-propagated" in result.stdout or "Rotation" in result.stdout
    assert list(temp.iterdir()) == []


def test_demo_hint_commands_work_as_typed(tmp_path: Path) -> None:
    env = _env(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    first = _run([str(SHERLOCK), "demo"], tmp_path, env)
    hinted = _hinted_commands(first.stdout)
    assert len(hinted) == 2, first.stdout
    keep = _run(["bash", "-c", hinted[0]], tmp_path, env)
    assert keep.returncode == 0, keep.stderr
    assert (tmp_path / "acme-deploy").is_dir()
    diagnose = _run(["bash", "-c", _hinted_commands(keep.stdout)[0]], tmp_path, env)
    assert diagnose.returncode in (0, 1), diagnose.stderr
    assert "Traceback" not in diagnose.stderr
    assert "acme-deploy" in diagnose.stdout


def test_demo_keep_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "acme-deploy").mkdir()
    (tmp_path / "acme-deploy" / "mine.txt").write_text("do not overwrite\n")
    result = _run([str(SHERLOCK), "demo", "--keep", "acme-deploy"], tmp_path, _env(tmp_path))
    assert result.returncode == 2
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "acme-deploy" / "mine.txt").read_text() == "do not overwrite\n"


#: ``python -m sherlock.demo`` whose diagnosis takes long enough to be interrupted: the
#: real one now finishes within milliseconds of "emulator listening", so on a loaded machine
#: the signal could land after the demo had ended and cleaned up (a race, not a test).
_SLOW_DEMO = (
    "import time\n"
    "import sherlock.demo.run as run\n"
    "real = run.diagnose\n"
    "def slow(*args, **kwargs):\n"
    "    time.sleep(60)\n"
    "    return real(*args, **kwargs)\n"
    "run.diagnose = slow\n"
    "from sherlock.demo.__main__ import main\n"
    "raise SystemExit(main())\n"
)


def test_demo_removes_its_folder_when_interrupted(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_DEMO],
        cwd=tmp_path,
        env=_env(temp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line or "emulator listening" in line:
            break
    assert list(temp.iterdir()), "the demo should have written its sample by now"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize(
    ("on_path", "cwd_rel", "expected"),
    [
        (True, ".", "sherlock"),
        (False, ".", ".venv/bin/sherlock"),
        (False, "sub", "{abs}"),
    ],
    ids=["on PATH", "venv below the current folder", "venv elsewhere"],
)
def test_sherlock_command_is_the_form_that_runs_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_path: bool, cwd_rel: str, expected: str
) -> None:
    project = tmp_path / "project"
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text("")
    script = bin_dir / "sherlock"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    cwd = tmp_path / "sub" if cwd_rel == "sub" else project
    cwd.mkdir(exist_ok=True)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setenv("PATH", str(bin_dir) if on_path else "/nonexistent")
    monkeypatch.chdir(cwd)
    command = sherlock_command()
    assert command == expected.format(abs=shlex.quote(str(script)))


def test_the_demo_hint_names_no_temporary_folder(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = _run([sys.executable, "-m", "sherlock.demo"], tmp_path, _env(temp))
    hint = result.stdout.split("Try it yourself", 1)[-1]
    assert not re.search(r"sherlock-demo-\w+", hint)
