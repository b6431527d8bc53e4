"""The matrix itself: source kinds x the faults each carries, plus every healthy base.

Deterministic: no randomness, no clock. prod's folder (or CI environment, or profile) is
named in one of its aliases, rotating through ``ALIASES`` by the cell's position, so every
kind meets every alias. Healthy bases run in every alias.
"""

from __future__ import annotations

from dataclasses import dataclass

from sherlock.demo.book import CredentialBook
from tests.matrix.faults import FAULT_BY_ID, Scene, base_scene
from tests.matrix.kinds import KIND_BY_ID, KINDS
from tests.matrix.model import Tree

ALIASES = ("prod", "production", "live", "prd")


@dataclass(frozen=True)
class Expectation:
    """What Sherlock must answer: no cause and exit 0, or this cause on top, there, exit 1."""

    cause: str | None
    location: str | None

    @property
    def exit_code(self) -> int:
        return 0 if self.cause is None else 1

    def __str__(self) -> str:
        if self.cause is None:
            return "exit 0, no cause"
        return f"exit {self.exit_code}, top: {self.cause} at {self.location}"


@dataclass(frozen=True)
class Cell:
    """One tree to diagnose: a source kind, a fault (None: the healthy base), prod's alias."""

    kind: str
    fault: str | None
    alias: str

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.fault or 'healthy'}@{self.alias}"

    @property
    def cause(self) -> str:
        """The column this cell counts under in the table."""
        return FAULT_BY_ID[self.fault].cause if self.fault else "healthy"

    def scene(self, book: CredentialBook) -> Scene:
        kind = KIND_BY_ID[self.kind]
        scene = base_scene(kind.mode, book)
        return FAULT_BY_ID[self.fault].inject(scene, book) if self.fault else scene

    def build(self, book: CredentialBook) -> tuple[Tree, Scene, Expectation]:
        """The written tree, the scene behind it (emulator state), and the expectation."""
        scene = self.scene(book)
        folders = {"prod": self.alias, "staging": "staging", "dev": "dev"}
        tree = KIND_BY_ID[self.kind].write(scene.services, folders)
        if scene.culprit is None:
            return tree, scene, Expectation(None, None)
        return tree, scene, Expectation(self.cause, tree.places[scene.culprit])


def all_cells() -> list[Cell]:
    """Every kind x every fault it carries, and every healthy base in every alias."""
    cells: list[Cell] = []
    for k_index, kind in enumerate(KINDS):
        cells += [Cell(kind.id, None, alias) for alias in ALIASES]
        for f_index, fault in enumerate(kind.faults):
            cells.append(Cell(kind.id, fault, ALIASES[(k_index + f_index) % len(ALIASES)]))
    return cells


def slice_cells(per_kind: int = 2) -> list[Cell]:
    """A bounded part for ``make test``: each kind's healthy base in one alias, and
    ``per_kind`` of its faults, preferring faults no earlier kind was given (so the slice
    exercises every fault), then rotating by the kind's position."""
    full = {(c.kind, c.fault): c for c in all_cells()}
    cells: list[Cell] = []
    covered: set[str] = set()
    for k_index, kind in enumerate(KINDS):
        cells.append(Cell(kind.id, None, ALIASES[k_index % len(ALIASES)]))
        shift = k_index % len(kind.faults)
        rotated = kind.faults[shift:] + kind.faults[:shift]
        ordered = [f for f in rotated if f not in covered] + [f for f in rotated if f in covered]
        for fault in ordered[:per_kind]:
            covered.add(fault)
            cells.append(full[(kind.id, fault)])
    return cells
