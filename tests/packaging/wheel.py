"""Building Sherlock's wheel from a copy of the source, the way a release would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What a source checkout holds that a build could pick up: the package, the test fakes, tests.
_COPIED = ("pyproject.toml", "README.md", "LICENSE", "sherlock", "sherlock_testing", "tests")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "scenarios", ".hypothesis")


def build_wheel(workdir: Path) -> Path:
    """The wheel ``pip wheel`` builds from a copy (no build folders land in the checkout)."""
    source = workdir / "src"
    source.mkdir()
    for name in _COPIED:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=_IGNORED)
        elif path.exists():
            shutil.copy2(path, source / name)
    out = workdir / "dist"
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    built = subprocess.run(
        [*pip, "--no-index", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("sherlock_rca-*.whl")
    return wheel


def wheel_metadata(wheel: Path) -> Message:
    """The wheel's METADATA (Requires-Dist, License-Expression, ...), parsed."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode("utf-8"))
