"""The auth family's specs and their knowledge-base entries agree, and every new cause is
diagnosed end to end by at least two scenarios (one healthy tree per error besides).

Agreement both ways matters: a check reporting a cause its entry lacks would stop the
ranking, and a cause no check reports would be promised in ``explain`` but never found.
"""

from __future__ import annotations

import sys

import pytest

from sherlock.kb import load_entry
from sherlock.providers.twilio.errors import ERRORS
from tests.scenario_harness import all_scenarios, load_spec

FAMILY = ("twilio-20005", "twilio-20008", "twilio-20403", "twilio-70051", "twilio-10001")
NEW_CAUSES = {
    "account-not-activated": "twilio-20005",
    "test-credentials-on-live-resource": "twilio-20008",
    "restricted-key-missing-permission": "twilio-70051",
    "subaccount-parent-suspended": "twilio-10001",
}


def _error_of(args: list[str]) -> str:
    return args[args.index("--error") + 1] if "--error" in args else "twilio-20003"


def _scenarios_by_error() -> dict[str, list[dict[str, object]]]:
    found: dict[str, list[dict[str, object]]] = {}
    for scenario in all_scenarios():
        spec = load_spec(scenario)
        found.setdefault(_error_of(list(spec.get("args", []))), []).append(spec["expect"])
    return found


@pytest.mark.parametrize("error_id", FAMILY)
def test_each_check_reports_a_cause_of_its_entry_and_each_cause_has_a_check(
    error_id: str,
) -> None:
    spec = ERRORS[error_id]
    reported = {sys.modules[check.__module__].CAUSE for check in spec.checks.values()}
    assert reported == set(load_entry(error_id).cause_ids)
    assert spec.explain_leftovers is None  # 20003's leftovers name causes these entries lack


@pytest.mark.parametrize("cause", sorted(NEW_CAUSES))
def test_each_new_cause_is_diagnosed_by_two_scenarios_of_its_error(cause: str) -> None:
    expects = _scenarios_by_error().get(NEW_CAUSES[cause], [])
    named = [e for e in expects if cause in (e.get("top"), e.get("advice"))]
    assert len(named) >= 2, f"{cause}: {len(named)} scenarios"


@pytest.mark.parametrize("error_id", FAMILY)
def test_each_error_has_a_healthy_tree(error_id: str) -> None:
    expects = _scenarios_by_error().get(error_id, [])
    assert any(e.get("healthy") for e in expects)
