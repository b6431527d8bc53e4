"""Contracts every registered error and check must keep, whatever the provider.

These hold the registry to its knowledge base and to the engine's promises, so adding an
error cannot quietly skip a step: a check reporting a cause its KB entry lacks, a cause
promised with no scenario proving it, a check whose crash ends the diagnosis, or a finding
that repeats a secret would each fail here.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.collect.vocabulary import classify
from sherlock.kb import load_entry
from sherlock.models import Finding
from sherlock.providers.base import CheckInputs
from sherlock.providers.registry import (
    error_spec,
    known_error_ids,
    providers,
    resolve_error_id,
    vocabularies,
)
from tests.scenario_harness import SCENARIO_DIR, load_spec

ERROR_IDS = known_error_ids()
CHECKS = [(error_id, name) for error_id in ERROR_IDS for name in error_spec(error_id)[1].checks]  # type: ignore[index]


def _first_use_of_each_check() -> list[tuple[str, str]]:
    """One (error, name) per distinct check function: a check shared by several errors is
    one piece of code, and crashing it once under each would only repeat the same run."""
    seen: dict[object, tuple[str, str]] = {}
    for error_id, name in CHECKS:
        seen.setdefault(error_spec(error_id)[1].checks[name], (error_id, name))  # type: ignore[index]
    return list(seen.values())


#: A canary set: a real-looking token and API secret that must never be echoed.
CANARY_SID = "AC" + "0badc0de" * 4
CANARY_TOKEN = "cafe" * 8
CANARY_KEY = "SK" + "5eed" * 8
CANARY_SECRET = "Zq9LmT4vXw2Rb7Kd1Np8Hs3Jf6Gc0Ya5"


def _spec(error_id: str):  # type: ignore[no-untyped-def]
    found = error_spec(error_id)
    assert found is not None
    return found


def _cause_of(check: object) -> str:
    return str(sys.modules[check.__module__].CAUSE)  # type: ignore[attr-defined]


def test_every_registered_error_names_its_own_entry_and_a_provider_that_knows_it() -> None:
    names = [provider.name for provider in providers()]
    assert len(names) == len(set(names)), "two providers registered under one name"
    for error_id in ERROR_IDS:
        provider, spec = _spec(error_id)
        assert spec.id == error_id
        assert error_id.startswith(provider.name + "-")
        assert load_entry(error_id).id == error_id
        assert spec.checks, f"{error_id} has no check: nothing could ever be diagnosed"


def test_a_bare_code_resolves_to_the_one_error_that_has_it() -> None:
    for error_id in ERROR_IDS:
        code = error_id.rsplit("-", 1)[1]
        assert resolve_error_id(code) == error_id
    assert resolve_error_id("99999") == "99999"


@pytest.mark.parametrize(("error_id", "name"), CHECKS)
def test_every_check_reports_a_cause_its_kb_entry_explains(error_id: str, name: str) -> None:
    _, spec = _spec(error_id)
    cause = _cause_of(spec.checks[name])
    assert cause in load_entry(error_id).cause_ids, f"{error_id}/{name} reports {cause!r}"


#: Every folder of end-to-end scenarios (tree + expectation), whichever harness runs them.
SCENARIO_ROOTS = (SCENARIO_DIR, Path(__file__).parents[1] / "tokens" / "scenarios")


def _scenarios() -> list[dict[str, Any]]:
    return [
        load_spec(folder)
        for root in SCENARIO_ROOTS
        if root.is_dir()
        for folder in sorted(root.iterdir())
        if (folder / "scenario.yaml").is_file()
    ]


def _error_of(spec: dict[str, Any]) -> str:
    args = [str(a) for a in spec.get("args", [])]
    if "--error" in args:
        return resolve_error_id(args[args.index("--error") + 1])
    return str(spec.get("error", "twilio-20003"))


def _scenario_causes() -> dict[str, list[str]]:
    """error id → the cause ids its scenarios expect (top or advice)."""
    found: dict[str, list[str]] = {}
    for spec in _scenarios():
        expect = spec["expect"]
        for key in ("top", "advice"):
            if expect.get(key):
                found.setdefault(_error_of(spec), []).append(str(expect[key]))
    return found


@pytest.mark.parametrize("error_id", ERROR_IDS)
def test_every_cause_a_check_can_report_is_proven_by_two_scenarios(error_id: str) -> None:
    """Two end-to-end trees per cause. A check shared by several errors runs the same code
    under each, so its scenarios count wherever they are; every error still needs at least
    one tree of its own where it finds a cause."""
    _, spec = _spec(error_id)
    by_error = _scenario_causes()
    everywhere = [cause for causes in by_error.values() for cause in causes]
    causes = sorted({_cause_of(check) for check in spec.checks.values()})
    thin = {cause: everywhere.count(cause) for cause in causes if everywhere.count(cause) < 2}
    assert not thin, f"{error_id}: causes with fewer than two scenarios: {thin}"
    assert set(by_error.get(error_id, ())) & set(causes), f"{error_id}: no scenario of its own"


@pytest.mark.parametrize(("error_id", "name"), CHECKS)
def test_every_check_answers_an_empty_deployment_with_a_list(error_id: str, name: str) -> None:
    """No credentials at all is the commonest input: a check must say nothing, not crash."""
    provider, spec = _spec(error_id)
    context = provider.check_context(CheckInputs(groups=(), values=(), results={}, verifier=None))
    found = asyncio.run(spec.checks[name](context))
    assert isinstance(found, list)
    assert all(isinstance(finding, Finding) for finding in found)


def _canary_tree(root: Path) -> Path:
    (root / "services" / "api").mkdir(parents=True)
    (root / "services" / "api" / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={CANARY_SID}\nTWILIO_AUTH_TOKEN=' {CANARY_TOKEN}'\n"
        f"TWILIO_API_KEY={CANARY_KEY}\nTWILIO_API_SECRET={CANARY_SECRET}\n",
        encoding="utf-8",
    )
    return root


def _assert_no_canary(text: str) -> None:
    for secret in (CANARY_TOKEN, CANARY_SECRET):
        for start in range(len(secret) - 9):
            assert secret[start : start + 10] not in text, "part of a canary secret leaked"


@pytest.mark.parametrize(("error_id", "name"), _first_use_of_each_check())
def test_a_crashing_check_is_a_note_and_the_diagnosis_says_it_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error_id: str, name: str
) -> None:
    _, spec = _spec(error_id)

    async def broken(_ctx: object) -> list[Finding]:
        raise RuntimeError(CANARY_TOKEN)  # a message that quotes a secret must not surface

    monkeypatch.setitem(spec.checks, name, broken)  # type: ignore[arg-type]
    tree = _canary_tree(tmp_path)
    result = CliRunner().invoke(
        app, ["diagnose", str(tree), "--offline", "--error", error_id, "--format", "json"]
    )
    assert result.exit_code in (1, 3), result.stderr
    report = json.loads(result.stdout)
    assert any(f"check {name}" in note and "failed" in note for note in report["notes"])
    assert report["complete"] is False
    _assert_no_canary(result.stdout + result.stderr)


@pytest.mark.parametrize("error_id", ERROR_IDS)
@pytest.mark.parametrize("output", ["json", "terminal", "markdown"])
def test_no_error_repeats_a_secret_in_causes_advice_or_notes(
    tmp_path: Path, error_id: str, output: str
) -> None:
    tree = _canary_tree(tmp_path)
    result = CliRunner().invoke(
        app, ["diagnose", str(tree), "--offline", "--error", error_id, "--format", output]
    )
    assert result.exit_code in (0, 1, 3), result.stderr
    _assert_no_canary(result.stdout + result.stderr)


def test_every_vocabulary_recognises_its_own_canonical_names() -> None:
    assert vocabularies(), "discovery would find nothing"
    match = classify("TWILIO_AUTH_TOKEN", CANARY_TOKEN)
    assert match is not None and match.field == "auth_token" and not match.identifier
    sid = classify("TWILIO_ACCOUNT_SID", CANARY_SID)
    assert sid is not None and sid.identifier
