"""The matrix's judge must be able to fail: a cell passes only on the right cause, at the
injected place, with the right exit code, and with nothing blamed on untouched staging."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.matrix.generator import Expectation
from tests.matrix.runner import judge
from tests.scenario_harness import Run

EXPECT = Expectation(
    "whitespace-in-credential", "live/api/.env:4", frozenset({"staging/api/.env:4"})
)


def _run(exit_code: int, causes: list[dict[str, Any]]) -> Run:
    return Run(exit_code, json.dumps({"causes": causes, "notes": []}), "", [])


def _cause(cause: str, *locations: str) -> dict[str, Any]:
    return {"id": cause, "locations": list(locations)}


def test_judge_passes_the_right_cause_at_the_injected_place_with_exit_1() -> None:
    run = _run(1, [_cause("whitespace-in-credential", "live/api/.env:4", "live/worker/.env:4")])
    assert judge(run, EXPECT).passed


@pytest.mark.parametrize(
    ("exit_code", "causes"),
    [
        (1, [_cause("malformed-credential", "live/api/.env:4")]),
        (1, [_cause("whitespace-in-credential", "live/api/.env:3")]),
        (0, [_cause("whitespace-in-credential", "live/api/.env:4")]),
        (1, []),
        (
            1,
            [
                _cause("whitespace-in-credential", "live/api/.env:4"),
                _cause("environment-mismatch", "staging/api/.env:4"),
            ],
        ),
    ],
    ids=["wrong-cause", "wrong-line", "wrong-exit-code", "no-cause", "blames-staging"],
)
def test_judge_fails_a_cell_sherlock_got_wrong(
    exit_code: int, causes: list[dict[str, Any]]
) -> None:
    assert not judge(_run(exit_code, causes), EXPECT).passed


def test_judge_fails_a_healthy_base_with_any_cause_or_a_nonzero_exit() -> None:
    healthy = Expectation(None, None)
    assert judge(_run(0, []), healthy).passed
    assert not judge(_run(0, [_cause("missing-credential", "prod/api/.env:3")]), healthy).passed
    assert not judge(_run(3, []), healthy).passed


def test_judge_fails_when_there_is_no_json_report_and_says_what_came_instead() -> None:
    verdict = judge(Run(2, "", "sherlock: no such directory", []), EXPECT)
    assert not verdict.passed
    assert "no such directory" in verdict.said


def test_judge_wants_advice_not_a_cause_when_the_credentials_work() -> None:
    advice = Expectation("environment-mismatch", "live/api/.env:4", advice=True)
    mismatch = _cause("environment-mismatch", "live/api/.env:3", "live/api/.env:4")
    as_advice = Run(0, json.dumps({"causes": [], "advice": [mismatch], "notes": []}), "", [])
    as_cause = Run(1, json.dumps({"causes": [mismatch], "advice": [], "notes": []}), "", [])
    assert judge(as_advice, advice).passed
    assert not judge(as_cause, advice).passed
