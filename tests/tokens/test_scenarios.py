"""Access-token scenarios: a deployment tree, a token made with real tools, a diagnosis over
HTTP against the emulator. Each must give the expected top cause, and no token, signature
or secret may appear in any output format.

Scenarios live in ``tests/tokens/scenarios/<name>/`` (``scenario.yaml`` + ``tree/``), like
the 20003 ones, with ``error:`` (the id to diagnose) and ``token:`` (see
:mod:`tests.tokens.scenario_tokens`). A location starting with ``access token`` matches
the token's own location, whose fingerprint changes with every run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sherlock.demo.book import CredentialBook
from sherlock.kb import load_entry
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import assert_no_secret, build_tree, load_spec, run_cli
from tests.tokens.scenario_tokens import token_text

HERE = Path(__file__).parent / "scenarios"
SCENARIOS = sorted(p for p in HERE.iterdir() if (p / "scenario.yaml").is_file())
TOKEN_ERRORS = (20101, 20102, 20103, 20104, 20105, 20106, 20107, 20151)
#: Causes no scenario can show: said when there is nothing to diagnose.
NOT_AUTOMATIC = {"token-not-provided"}


def _assert_token_hidden(token: str, *outputs: str) -> None:
    joined = "\n".join(outputs)
    for part in token.split("."):
        for start in range(0, max(1, len(part) - 11), 6):
            piece = part[start : start + 12]
            assert len(piece) < 12 or piece not in joined, "part of the token leaked"


def _check_top(report: dict[str, Any], expect: dict[str, Any]) -> None:
    causes = report["causes"]
    assert causes, "no cause found"
    top = causes[0]
    assert top["id"] == expect["top"], [(c["id"], c["proof"], c["evidence"]) for c in causes]
    assert any(loc.startswith(expect["location"]) for loc in top["locations"]), top["locations"]
    if "proof" in expect:
        assert top["proof"] == expect["proof"], top["evidence"]
    if "evidence" in expect:
        assert any(expect["evidence"] in line for line in top["evidence"]), top["evidence"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_token_scenario_gives_the_expected_top_cause_and_leaks_nothing(
    scenario: Path, tmp_path: Path
) -> None:
    spec = load_spec(scenario)
    book = CredentialBook()
    tree = build_tree(scenario, tmp_path / "deploy", book)
    content, token = token_text(spec["token"], book)
    token_file = tmp_path / "token.txt"
    token_file.write_text(content, encoding="utf-8")
    args = ["--error", spec["error"], "--token-file", str(token_file), *spec.get("args", [])]
    with TwilioEmulator(book.state(spec.get("emulator", {}))) as emulator:
        run = run_cli(tree, emulator, *args)
        terminal = run_cli(tree, emulator, *args, output="terminal")
        markdown = run_cli(tree, emulator, *args, output="markdown")
    outputs = (run.stdout, run.stderr, terminal.stdout, terminal.stderr, markdown.stdout)
    assert_no_secret(book, *outputs)
    _assert_token_hidden(token, *outputs)
    expect = spec["expect"]
    if expect.get("healthy"):
        assert run.report()["causes"] == [], run.report()["causes"]
        assert run.exit_code == 0, run.report()["completeness"]
        return
    assert run.exit_code == 1, run.stderr
    _check_top(run.report(), expect)


def test_every_automatic_token_cause_has_two_scenarios() -> None:
    counts: dict[str, int] = {}
    healthy = 0
    for scenario in SCENARIOS:
        expect = load_spec(scenario)["expect"]
        healthy += bool(expect.get("healthy"))
        if "top" in expect:
            counts[expect["top"]] = counts.get(expect["top"], 0) + 1
    causes = {c.id for code in TOKEN_ERRORS for c in load_entry(f"twilio-{code}").causes}
    for cause in sorted(causes - NOT_AUTOMATIC):
        assert counts.get(cause, 0) >= 2, f"{cause} has {counts.get(cause, 0)} scenarios"
    assert healthy >= 2
