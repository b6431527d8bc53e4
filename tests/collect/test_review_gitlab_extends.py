"""GitLab templates that extend several templates each (a diamond repeated level after level)
are resolved in time proportional to the templates, not to the paths through them: a small
.gitlab-ci.yml of this shape used to hold a scan for minutes."""

from __future__ import annotations

import time
from pathlib import Path

from .builders import SID, TOKEN, scan, write_tree

LEVELS, WIDTH = 9, 4


def _diamonds() -> str:
    lines = []
    for level in range(LEVELS):
        parents = ", ".join(f".t{level + 1}_{k}" for k in range(WIDTH))
        lines += [f".t{level}_{k}:\n  extends: [{parents}]\n" for k in range(WIDTH)]
    deepest = f"  variables:\n    TWILIO_ACCOUNT_SID: {SID}\n    TWILIO_AUTH_TOKEN: {TOKEN}\n"
    lines += [f".t{LEVELS}_{k}:\n{deepest}" for k in range(WIDTH)]
    tops = ", ".join(f".t0_{k}" for k in range(WIDTH))
    lines.append(f"deploy:\n  extends: [{tops}]\n  environment: production\n  script: [x]\n")
    return "".join(lines)


def test_diamond_extends_are_read_quickly_and_completely(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitlab-ci.yml": _diamonds()})
    started = time.perf_counter()
    result = scan(tmp_path)
    assert time.perf_counter() - started < 2.0
    got = {(v.scope, v.environment) for v in result.values}
    assert got == {("gitlab-ci:deploy@.gitlab-ci.yml", "prod")}
    assert len(result.values) == 2
