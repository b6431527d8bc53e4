"""Running one cell: write its tree, start the emulator (and stores), diagnose, judge.

It reuses the scenario harness (``run_cli``, the canary check) and the store harness, so a
matrix cell is diagnosed exactly as a hand-written scenario is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.matrix.generator import Cell, Expectation
from tests.matrix.model import Tree
from tests.scenario_harness import Run, assert_no_secret, run_cli
from tests.store_harness import running_stores


@dataclass(frozen=True)
class Verdict:
    """Whether Sherlock got the cell right, and what it said, in one line."""

    passed: bool
    said: str
    expected: str


def write_tree(tree: Tree, root: Path) -> Path:
    for relpath, text in tree.files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return root


def summary(run: Run, report: dict[str, Any] | None) -> str:
    """What Sherlock answered: exit code and the top causes with their first locations."""
    if report is None:
        return f"exit {run.exit_code}, no JSON report ({run.stderr.strip()[:200]!r})"
    causes = report.get("causes", [])
    if not causes:
        return f"exit {run.exit_code}, no cause"
    shown = "; ".join(f"{c['id']} at {', '.join(c['locations'][:3])}" for c in causes[:2])
    return f"exit {run.exit_code}, top: {shown}"


def judge(run: Run, expect: Expectation) -> Verdict:
    wanted = str(expect)
    try:
        report = run.report()
    except ValueError:
        return Verdict(False, summary(run, None), wanted)
    said = summary(run, report)
    causes = report["causes"]
    if expect.cause is None:
        return Verdict(run.exit_code == 0 and causes == [], said, wanted)
    blamed = [c["id"] for c in causes if expect.spared.intersection(c["locations"])]
    if blamed:
        return Verdict(False, f"{said}; blames untouched staging: {', '.join(blamed)}", wanted)
    if expect.advice:
        advice = report.get("advice", [])
        said += "; advice: " + ", ".join(a["id"] for a in advice[:2]) if advice else ""
        ranked, causes_allowed = advice, causes == []
    else:
        ranked, causes_allowed = causes, True
    right = (
        run.exit_code == expect.exit_code
        and causes_allowed
        and bool(ranked)
        and ranked[0]["id"] == expect.cause
        and expect.location in ranked[0]["locations"]
    )
    return Verdict(right, said, wanted)


def run_cell(cell: Cell, workdir: Path) -> Verdict:
    """Diagnose one cell in ``workdir``; a leaked secret fails it whatever the verdict."""
    book = CredentialBook()
    tree, scene, expect = cell.build(book)
    root = write_tree(tree, workdir / "deploy")
    with (
        TwilioEmulator(book.state(scene.emulator)) as emulator,
        running_stores({"stores": tree.stores}, book) as env,
    ):
        run = run_cli(root, emulator, *cell.args, env=env)
    assert_no_secret(book, run.stdout, run.stderr)
    return judge(run, expect)
