"""Running the installed ``sherlock`` command in a child process, optionally with SDKs blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BLOCKER = Path(__file__).resolve().parent / "blocker"

#: Every SDK an extra brings, by top-level module: what a core install does not have.
OPTIONAL_SDKS = (
    "boto3",
    "botocore",
    "hvac",
    "google",
    "fastapi",
    "starlette",
    "uvicorn",
    "prometheus_client",
    "swagger_ui_bundle",
    "slack_bolt",
    "slack_sdk",
    "aiohttp",
    "tree_sitter",
)


def sherlock_command() -> list[str]:
    """The console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("sherlock")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sherlock"]


def run_sherlock(
    args: list[str],
    cwd: Path,
    *,
    blocked: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """``sherlock ARGS`` with the ``blocked`` modules unimportable, as without their extra."""
    child = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "VAULT_"))}
    child.update(env or {})
    child["PYTHONPATH"] = str(BLOCKER)
    child["SHERLOCK_TEST_BLOCK"] = ",".join(blocked)
    child["COLUMNS"] = "120"
    return subprocess.run(
        [*sherlock_command(), *args],
        cwd=cwd,
        env=child,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
