"""A scenario tree may carry its project's own ``.gitignore`` (figaro ignores
``config/application.yml``), so a file the test needs could silently stay out of the
repository and the scenario pass only on the machine that wrote it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_no_file_under_tests_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    stray = [p for p in ignored if "__pycache__" not in p and not p.endswith(".pyc")]
    assert not stray, f"files a test may need but git ignores: {stray}"
