"""Network trouble is "could not verify", never "invalid": only Twilio's own 401 may condemn.

Whole diagnoses through the CLI, with the emulator standing in for a hostile network path
(a proxy's bodiless or HTML 401, a gateway's JSON, a 5xx claiming 20003, a captive
portal's 200, a server dripping bytes).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import SCENARIO_DIR, build_tree, load_spec, run_cli

SAMPLES = ["rotation-partial-dotenv", "whitespace-compose-secret-file", "healthy-with-decoys"]
PERSISTENT: dict[str, dict[str, Any]] = {
    "429": {"kind": "429", "retry_after": 0},
    "500": {"kind": "500"},
    "reset": {"kind": "reset"},
    "non-json": {"kind": "non-json"},
    "bodiless 401": {"kind": "bare", "status": 401},
    "HTML 401": {"kind": "non-json", "status": 401},
    "gateway JSON 401": {"kind": "gateway-json", "status": 401},
    "503 claiming 20003": {"kind": "20003-body", "status": 503},
    "truncated JSON": {"kind": "truncated-json"},
    "200 with junk": {"kind": "junk-200"},
    "proxy 407": {"kind": "407"},
}


def _emulator_for(scenario: str, faults: list[dict[str, Any]], tmp_path: Path) -> tuple[Path, Any]:
    spec = load_spec(SCENARIO_DIR / scenario)
    book = CredentialBook()
    tree = build_tree(SCENARIO_DIR / scenario, tmp_path / "deploy", book)
    state_spec = dict(spec.get("emulator", {}))
    state_spec["faults"] = faults
    return tree, book.state(state_spec)


def _run_with_faults(scenario: str, faults: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    tree, state = _emulator_for(scenario, faults, tmp_path)
    with TwilioEmulator(state) as emulator:
        run = run_cli(tree, emulator)
    assert run.exit_code in (0, 1, 3), run.stderr  # 3: incomplete, nothing could be verified
    return run.report()


@pytest.mark.parametrize("fault", list(PERSISTENT))
@pytest.mark.parametrize("scenario", SAMPLES)
def test_persistent_faults_never_make_a_credential_invalid(
    fault: str, scenario: str, tmp_path: Path
) -> None:
    report = _run_with_faults(scenario, [PERSISTENT[fault]], tmp_path)
    verdicts = [c["verification"] for c in report["credentials"]]
    assert verdicts, "the scenario has credentials"
    assert not any(v.startswith("invalid") for v in verdicts), verdicts
    assert all(v.startswith(("unverified", "skipped")) for v in verdicts), verdicts
    assert not any(c["proof"] == "proven" for c in report["causes"]), report["causes"]


@pytest.mark.parametrize("kind", ["429", "500", "reset", "non-json"])
def test_a_passing_fault_is_retried_and_the_diagnosis_is_unchanged(
    kind: str, tmp_path: Path
) -> None:
    report = _run_with_faults(
        "rotation-partial-dotenv", [{"kind": kind, "times": 1, "retry_after": 0}], tmp_path
    )
    top = report["causes"][0]
    assert (top["id"], top["proof"]) == ("rotation-not-propagated", "proven")


def test_a_dripping_server_ends_the_diagnosis_within_the_timeout_bound(tmp_path: Path) -> None:
    """One byte every 0.2 s would take minutes; --timeout 0.3 must end each request."""
    tree, state = _emulator_for(
        "rotation-partial-dotenv", [{"kind": "drip", "seconds": 0.2}], tmp_path
    )
    args = ["diagnose", str(tree), "--format", "json", "--timeout", "0.3"]
    with TwilioEmulator(state) as emulator:
        started = time.monotonic()
        result = CliRunner().invoke(app, [*args, "--twilio-base-url", emulator.base_url])
        elapsed = time.monotonic() - started
    bound = 0.3 * 3 + 2 * 2.0  # one request with its two retries; probes run concurrently
    assert elapsed < 2 * bound, elapsed
    assert result.exit_code in (0, 1, 3), result.stderr
    assert "invalid," not in result.stdout and "timed out after 0.3 s" in result.stdout
