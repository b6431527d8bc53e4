"""Whole deployment trees, diagnosed over real HTTP against the emulator.

Each scenario must give the expected top cause at the expected place, and no raw secret may
appear in any output format, on stdout or stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import (
    all_scenarios,
    assert_no_secret,
    build_tree,
    load_spec,
    process_env,
    run_cli,
)
from tests.store_harness import running_stores

SCENARIOS = all_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario_gives_the_expected_top_cause_and_leaks_nothing(
    scenario: Path, tmp_path: Path
) -> None:
    spec = load_spec(scenario)
    book = CredentialBook()
    tree = build_tree(scenario, tmp_path / "deploy", book)
    expect = spec["expect"]
    shell, flag = process_env(spec, book)
    args = [*spec.get("args", []), *flag]
    with (
        TwilioEmulator(book.state(spec.get("emulator", {}))) as emulator,
        running_stores(spec, book) as stores,
    ):
        env = {**stores, **shell}
        run = run_cli(tree, emulator, *args, env=env)
        terminal = run_cli(tree, emulator, *args, output="terminal", env=env)
        markdown = run_cli(tree, emulator, *args, output="markdown", env=env)
    assert_no_secret(
        book, run.stdout, run.stderr, terminal.stdout, terminal.stderr, markdown.stdout
    )
    report = run.report()
    if "note" in expect:
        assert any(expect["note"] in n for n in report["notes"]), report["notes"]
    if "advice" in expect:
        advice = {a["id"]: a for a in report["advice"]}
        assert expect["advice"] in advice, report["advice"]
        assert expect["location"] in advice[expect["advice"]]["locations"]
    if expect.get("healthy"):
        assert report["causes"] == [], report["causes"]
        assert report["complete"] is True, report["completeness"]
        assert run.exit_code == 0
        return
    assert run.exit_code == 1, run.stderr
    assert report["causes"], "no cause found"
    top = report["causes"][0]
    assert top["id"] == expect["top"], [
        (c["id"], c["proof"], c["locations"]) for c in report["causes"]
    ]
    assert expect["location"] in top["locations"], top["locations"]
    if "proof" in expect:
        assert top["proof"] == expect["proof"], top["evidence"]
    if "evidence" in expect:
        assert any(expect["evidence"] in line for line in top["evidence"]), top["evidence"]
    assert expect["top"] in terminal.stdout or top["title"] in terminal.stdout


def test_every_scenario_cause_id_is_covered_at_least_twice() -> None:
    counts: dict[str, int] = {}
    healthy = 0
    for scenario in SCENARIOS:
        expect = load_spec(scenario)["expect"]
        if expect.get("healthy"):
            healthy += 1
        cause = expect.get("top") or expect.get("advice")
        if cause:
            counts[cause] = counts.get(cause, 0) + 1
    from sherlock.kb import load_entry

    for cause in load_entry("twilio-20003").causes:
        assert counts.get(cause.id, 0) >= 2, f"{cause.id} has {counts.get(cause.id, 0)} scenarios"
    assert healthy >= 2
