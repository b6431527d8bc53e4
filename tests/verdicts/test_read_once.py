"""A file another file builds from is judged only inside that build, never on its own.

Two real trees gave the right top cause plus a false secondary "missing-credential": a kustomize
base Deployment holding the SID (its token comes from each overlay's patch), and a compose
service holding only the token of a Spring Boot / ASP.NET Core project whose config holds the
SID. Both halves are inputs of a run that is complete; neither is a run of its own. A compose
service whose half nothing completes must still be called a missing credential.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import SCENARIO_DIR, assert_no_secret, build_tree, load_spec, run_cli

MISSING = "missing-credential"

#: trees whose halves belong to a build: the expected top cause and no missing credential
READ_THROUGH_THEIR_BUILD = [
    "stale-credential-kustomize-prod-patch-token",
    "kustomize-healthy-base-sid-overlay-token-patches",
    "whitespace-kustomize-resource-deployment-token",
    "source-precedence-spring-compose-env-over-application-yml",
    "source-precedence-dotnet-compose-env-over-appsettings",
]


def _diagnose(name: str, tmp_path: Path) -> dict[str, Any]:
    scenario = SCENARIO_DIR / name
    spec = load_spec(scenario)
    book = CredentialBook()
    tree = build_tree(scenario, tmp_path / "deploy", book)
    with TwilioEmulator(book.state(spec.get("emulator", {}))) as emulator:
        run = run_cli(tree, emulator, *spec.get("args", []))
    assert_no_secret(book, run.stdout, run.stderr)
    report = run.report()
    report["expect"] = spec["expect"]
    return report


def _summary(report: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(c["id"], c["proof"], c["locations"]) for c in report["causes"]]


@pytest.mark.parametrize("name", READ_THROUGH_THEIR_BUILD)
def test_a_half_read_through_its_build_is_no_secondary_missing_credential(
    name: str, tmp_path: Path
) -> None:
    report = _diagnose(name, tmp_path)
    expect = report["expect"]
    ids = [c["id"] for c in report["causes"]]
    assert MISSING not in ids, _summary(report)
    if expect.get("healthy"):
        assert ids == [], _summary(report)
    else:
        assert ids[0] == expect["top"], _summary(report)
        assert expect["location"] in report["causes"][0]["locations"]


def test_a_compose_half_no_project_completes_is_still_a_missing_credential(
    tmp_path: Path,
) -> None:
    report = _diagnose("missing-credential-compose-token-only-node-service", tmp_path)
    [cause] = report["causes"]
    assert (cause["id"], cause["locations"]) == (MISSING, ["docker-compose.yml:9"])
