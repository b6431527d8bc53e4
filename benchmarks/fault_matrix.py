"""The whole fault-injection matrix: every source kind x every fault it can carry, plus every
healthy base in every environment alias (issue 8).

Each cell writes a deployment tree, starts the Twilio emulator (and the stores it names),
runs ``sherlock diagnose --format json`` in-process and checks the top cause, its location
and the exit code (healthy bases: no cause, exit 0), and that no secret leaked. It prints a
cause x source-kind table of passes, then every failing cell with what Sherlock said
instead, and exits 1 if any cell failed.

    .venv/bin/python benchmarks/fault_matrix.py [--only TEXT]

The cells come from ``tests/matrix`` (the same generator the pytest slice uses).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.matrix.generator import Cell, all_cells
from tests.matrix.known_misses import KNOWN_MISSES
from tests.matrix.runner import Verdict, run_cell
from tests.matrix.table import Outcome, render_table

#: What a run must not inherit from the shell it was started from (as tests/conftest.py).
_HOST_PREFIXES = ("TWILIO_", "AWS_", "VAULT_", "GOOGLE_", "SLACK_", "SHERLOCK_")


def _clean_environment() -> None:
    for name in list(os.environ):
        if name.startswith(_HOST_PREFIXES) or name.lower().endswith("_proxy"):
            del os.environ[name]


def _quiet_servers() -> None:
    """moto's werkzeug server logs every request to stderr; the table is what matters."""
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)


def run(cells: Sequence[Cell]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for cell in cells:
        with tempfile.TemporaryDirectory(prefix="sherlock-matrix-") as workdir:
            try:
                verdict = run_cell(cell, Path(workdir))
            except AssertionError as exc:  # the canary check: a secret leaked
                verdict = Verdict(False, f"leak: {exc}", cell.cause)
        outcomes.append(Outcome(cell, verdict))
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only cells whose id contains this")
    args = parser.parse_args(argv)
    _clean_environment()
    _quiet_servers()
    cells = [c for c in all_cells() if args.only in c.id]
    started = time.perf_counter()
    outcomes = run(cells)
    elapsed = time.perf_counter() - started
    print(render_table(outcomes))
    failed = [o for o in outcomes if not o.verdict.passed]
    print(f"\n{len(outcomes) - len(failed)}/{len(outcomes)} cells pass ({elapsed:.0f} s)")
    for outcome in failed:
        known = " [known miss]" if outcome.cell.key in KNOWN_MISSES else ""
        print(
            f"FAIL {outcome.cell.id}{known}: expected {outcome.verdict.expected}; {outcome.verdict.said}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
