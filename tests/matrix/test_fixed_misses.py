"""Cells that were known misses (``known_misses.py``) and are fixed: each stays a test.

Leaving the known-miss list also leaves the bounded slice, which starts with a kind's
misses; these cells keep running with the unit tests so the fix cannot quietly regress.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.matrix.generator import Cell, all_cells
from tests.matrix.runner import run_cell

FIXED = (
    # prod's Supabase project holds staging's SID (config.toml) and token (.env): advice
    "supabase-config/staging-pair-in-prod",
    # twilio-run's env file with the token under ACCOUNT_SID and the SID under AUTH_TOKEN
    "twilio-functions/swapped-fields",
)


def _cells() -> list[Cell]:
    return [c for c in all_cells() if c.key in FIXED]


def test_every_fixed_miss_names_a_real_cell() -> None:
    assert {c.key for c in _cells()} == set(FIXED)


@pytest.mark.parametrize("cell", _cells(), ids=lambda c: c.id)
def test_a_fixed_miss_gives_its_cause_at_the_injected_place(cell: Cell, tmp_path: Path) -> None:
    verdict = run_cell(cell, tmp_path)
    assert verdict.passed, f"{cell.id}: expected {verdict.expected}; Sherlock said {verdict.said}"
