"""The container image runs ``sherlock serve``, so its install must carry the extras serve needs."""

from __future__ import annotations

import re
from pathlib import Path

import dockerfile

ROOT = Path(__file__).resolve().parents[2]


def test_the_image_installs_the_extras_its_serve_command_needs_at_the_locked_versions() -> None:
    commands = list(dockerfile.parse_file(str(ROOT / "Dockerfile")))
    (cmd,) = [c for c in commands if c.cmd == "CMD"]
    assert cmd.value[0] == "serve"
    installs = [
        " ".join(c.value) for c in commands if c.cmd == "RUN" and "pip install" in " ".join(c.value)
    ]
    (install,) = installs
    extras = re.search(r"\.\[([a-z,]+)\]", install)
    assert extras is not None, install
    assert {"all"} & set(extras[1].split(",")) or {"server", "slack"} <= set(extras[1].split(","))
    assert "-c constraints.txt" in install
