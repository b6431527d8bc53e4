"""Running one scenario tree end to end: render it, start the emulator, diagnose over HTTP.

A scenario is a folder under ``tests/scenarios/`` with ``scenario.yaml`` and a ``tree/`` of
template files (placeholders as in :mod:`sherlock.demo.book`). The yaml holds:

    description: what the tree shows
    emulator: {accounts: [...], keys: [...], faults: [...], inactive_response: ...}
    args: [--env, prod]            # optional extra CLI arguments
    process_env: {TWILIO_AUTH_TOKEN: "{{token:main}}"}   # optional: the shell Sherlock runs in
                                   # (rendered, set for the run, read with --process-env)
    stores: {aws: [...], vault: [...], gcp: [...]}   # optional: see tests/store_harness.py
    expect:
      top: whitespace-in-credential   # the top cause id (or healthy: true)
      location: services/api/.env:2   # must be among the top cause's locations
      proof: proven                   # optional
      evidence: AWSPREVIOUS           # optional: a phrase the top cause's evidence must hold
      note: could not read vault://   # optional: a phrase one of the notes must hold
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook, render_tree
from sherlock.providers.twilio.emulator import TwilioEmulator

SCENARIO_DIR = Path(__file__).parent / "scenarios"


def all_scenarios() -> list[Path]:
    return sorted(p for p in SCENARIO_DIR.iterdir() if (p / "scenario.yaml").is_file())


def load_spec(scenario: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load((scenario / "scenario.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{scenario}: scenario.yaml must be a mapping"
    return data


@dataclass
class Run:
    """One CLI run's outputs, and the emulator's request log."""

    exit_code: int
    stdout: str
    stderr: str
    requests: list[Any]

    def report(self) -> dict[str, Any]:
        data = json.loads(self.stdout)
        assert isinstance(data, dict)
        return data


def build_tree(scenario: Path, dest: Path, book: CredentialBook) -> Path:
    return render_tree(scenario / "tree", dest, book)


def run_cli(
    tree: Path,
    emulator: TwilioEmulator | None,
    *extra: str,
    output: str = "json",
    env: dict[str, str] | None = None,
) -> Run:
    """``sherlock diagnose`` in-process; ``env`` adds variables (store endpoints) for the run."""
    args = ["diagnose", str(tree), "--format", output, *extra]
    if emulator is not None:
        args += ["--twilio-base-url", emulator.base_url, "--timeout", "2"]
    result = CliRunner().invoke(app, args, env=env)
    requests = list(emulator.requests) if emulator is not None else []
    return Run(result.exit_code, result.stdout, result.stderr, requests)


def process_env(spec: dict[str, Any], book: CredentialBook) -> tuple[dict[str, str], list[str]]:
    """The scenario's own process variables, rendered, and the flag that makes Sherlock read them."""
    wanted = spec.get("process_env") or {}
    rendered = {str(name): book.render(str(value)) for name, value in wanted.items()}
    return rendered, (["--process-env"] if rendered else [])


def assert_no_secret(book: CredentialBook, *texts: str) -> None:
    """The canary proof: no token or key secret the book issued, nor any 10-character piece
    of one, appears in any output (masks keep at most the last 4 characters)."""
    joined = "\n".join(texts)
    for secret in book.secrets:
        for start in range(len(secret) - 9):
            assert secret[start : start + 10] not in joined, "part of a raw secret leaked"
