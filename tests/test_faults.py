"""Network trouble is "could not verify", never "invalid": only a 401 may condemn a credential."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import SCENARIO_DIR, build_tree, load_spec, run_cli

SAMPLES = ["rotation-partial-dotenv", "whitespace-compose-secret-file", "healthy-with-decoys"]


def _run_with_faults(scenario: str, faults: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    spec = load_spec(SCENARIO_DIR / scenario)
    book = CredentialBook()
    tree = build_tree(SCENARIO_DIR / scenario, tmp_path / "deploy", book)
    state_spec = dict(spec.get("emulator", {}))
    state_spec["faults"] = faults
    with TwilioEmulator(book.state(state_spec)) as emulator:
        run = run_cli(tree, emulator)
    assert run.exit_code in (0, 1, 3), run.stderr  # 3: incomplete, nothing could be verified
    return run.report()


@pytest.mark.parametrize("kind", ["429", "500", "reset", "non-json"])
@pytest.mark.parametrize("scenario", SAMPLES)
def test_persistent_faults_never_make_a_credential_invalid(
    kind: str, scenario: str, tmp_path: Path
) -> None:
    report = _run_with_faults(scenario, [{"kind": kind, "retry_after": 0}], tmp_path)
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
