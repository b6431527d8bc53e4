"""The bounded slice of the fault-injection matrix that runs with the unit tests.

Every healthy base must stay healthy (no cause, exit 0), and every injected fault must put
its cause on top, at the place it was injected, with exit 1 — and no raw secret may appear
on stdout or stderr. The whole matrix runs as ``benchmarks/fault_matrix.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.matrix.generator import Cell, all_cells, slice_cells
from tests.matrix.known_misses import KNOWN_MISSES
from tests.matrix.runner import run_cell

SLICE = slice_cells()


def _param(cell: Cell) -> object:
    reason = KNOWN_MISSES.get(cell.key)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(cell, id=cell.id, marks=marks)


@pytest.mark.parametrize("cell", [_param(c) for c in SLICE])
def test_matrix_cell_gives_its_cause_at_the_injected_place_or_stays_healthy(
    cell: Cell, tmp_path: Path
) -> None:
    verdict = run_cell(cell, tmp_path)
    assert verdict.passed, f"{cell.id}: expected {cell.cause}; Sherlock said {verdict.said}"


def test_matrix_slice_is_bounded_and_covers_every_kind_alias_and_fault() -> None:
    full = all_cells()
    assert set(SLICE) <= set(full)
    # two cells per kind (its healthy base and one fault): the slice grows with the kinds
    # read, not with kinds x faults, so make test stays inside its time budget
    assert 40 <= len(SLICE) <= 2 * len({c.kind for c in full})
    assert {c.kind for c in SLICE} == {c.kind for c in full}
    assert {c.alias for c in SLICE} == {"prod", "production", "live", "prd"}
    assert {c.fault for c in SLICE} == {c.fault for c in full}
    assert set(KNOWN_MISSES) <= {c.key for c in SLICE}


def test_matrix_is_deterministic_with_one_id_per_cell() -> None:
    cells = all_cells()
    assert cells == all_cells()
    assert len({c.id for c in cells}) == len(cells)


def test_every_known_miss_names_a_real_cell() -> None:
    assert set(KNOWN_MISSES) <= {c.key for c in all_cells() if c.fault}
