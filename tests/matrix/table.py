"""The cause x source-kind table of passes that ``benchmarks/fault_matrix.py`` prints and
``docs/accuracy.md`` shows: one row per cause (and one for healthy bases), one column per
source kind, each entry ``passed/cells`` (blank where the kind cannot carry the cause).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.matrix.generator import Cell
from tests.matrix.kinds import KINDS
from tests.matrix.runner import Verdict


@dataclass(frozen=True)
class Outcome:
    cell: Cell
    verdict: Verdict


def _rows(outcomes: Sequence[Outcome]) -> list[str]:
    """Causes in the order they first appear (healthy first, as every kind starts with it)."""
    return list(dict.fromkeys(o.cell.cause for o in outcomes))


def _score(outcomes: Sequence[Outcome]) -> str:
    if not outcomes:
        return ""
    passed = sum(o.verdict.passed for o in outcomes)
    return f"{passed}/{len(outcomes)}"


def render_table(outcomes: Sequence[Outcome]) -> str:
    """A Markdown pipe table: readable in a terminal and pasted as is into the docs."""
    kinds = [k.id for k in KINDS if any(o.cell.kind == k.id for o in outcomes)]
    header = ["cause \\ kind", *kinds, "all"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for cause in _rows(outcomes):
        row = [o for o in outcomes if o.cell.cause == cause]
        entries = [_score([o for o in row if o.cell.kind == kind]) for kind in kinds]
        lines.append("| " + " | ".join([cause, *entries, _score(row)]) + " |")
    totals = [_score([o for o in outcomes if o.cell.kind == kind]) for kind in kinds]
    lines.append("| " + " | ".join(["all", *totals, _score(outcomes)]) + " |")
    return "\n".join(lines)
