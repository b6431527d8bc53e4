"""The matrix itself: source kinds x the faults each carries, plus every healthy base.

Deterministic: no randomness, no clock. prod's folder (or CI environment, or profile) is
named in one of its aliases, rotating through ``ALIASES`` by the kind's and the fault's
positions, so every kind meets every alias. Healthy bases run in every alias.
"""

from __future__ import annotations

from dataclasses import dataclass

from sherlock.demo.book import CredentialBook
from tests.matrix.faults import FAULT_BY_ID, FAULTS, Scene, base_scene
from tests.matrix.kinds import KIND_BY_ID, KINDS
from tests.matrix.known_misses import KNOWN_MISSES
from tests.matrix.model import Tree

ALIASES = ("prod", "production", "live", "prd")
FAULT_INDEX = {fault.id: index for index, fault in enumerate(FAULTS)}


@dataclass(frozen=True)
class Expectation:
    """What Sherlock must answer: no cause and exit 0, or this cause on top, there, exit 1 (as
    the top advice with exit 0 when ``advice``: the credentials work, so no 20003 comes of
    it); and never a cause at a ``spared`` place (staging's, which no fault touches)."""

    cause: str | None
    location: str | None
    spared: frozenset[str] = frozenset()
    advice: bool = False

    @property
    def exit_code(self) -> int:
        return 0 if self.cause is None or self.advice else 1

    def __str__(self) -> str:
        if self.cause is None:
            return "exit 0, no cause"
        top = "top advice" if self.advice else "top"
        return f"exit {self.exit_code}, {top}: {self.cause} at {self.location}"


@dataclass(frozen=True)
class Cell:
    """One tree to diagnose: a source kind, a fault (None: the healthy base), prod's alias,
    and whether the run asks for that environment by its alias (``--env live``)."""

    kind: str
    fault: str | None
    alias: str
    select: bool = False

    @property
    def id(self) -> str:
        flag = "+env" if self.select else ""
        return f"{self.kind}/{self.fault or 'healthy'}@{self.alias}{flag}"

    @property
    def key(self) -> str:
        """``kind/fault``: the cell's name without its alias (what known misses are keyed by)."""
        return f"{self.kind}/{self.fault or 'healthy'}"

    @property
    def args(self) -> tuple[str, ...]:
        return ("--env", self.alias) if self.select else ()

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
        spared = frozenset(at for (env, _, _), at in tree.places.items() if env == "staging")
        if scene.culprit is None:
            return tree, scene, Expectation(None, None, spared)
        advice = FAULT_BY_ID[self.fault].advice if self.fault else False
        place = tree.places[scene.culprit]
        return tree, scene, Expectation(self.cause, place, spared, advice)


def all_cells() -> list[Cell]:
    """Every kind x every fault it carries, and every healthy base in every alias, with and
    without ``--env <alias>``. A fault cell's alias, and whether it asks for prod by that
    alias, rotate with the kind's and the fault's positions."""
    cells: list[Cell] = []
    for k_index, kind in enumerate(KINDS):
        cells += [
            Cell(kind.id, None, alias, select) for alias in ALIASES for select in (False, True)
        ]
        for fault in kind.faults:
            f_index = FAULT_INDEX[fault]  # global, so adding a fault renames no other cell
            alias = ALIASES[(k_index + f_index) % len(ALIASES)]
            cells.append(Cell(kind.id, fault, alias, select=f_index % 2 == 1))
    return cells


def slice_cells(per_kind: int = 1) -> list[Cell]:
    """A bounded part for ``make test``: each kind's healthy base in one alias, and
    ``per_kind`` of its other cells: its known misses (strict xfails, kept in view), then
    faults no earlier kind was given, rarest first (so the slice exercises every fault),
    then rotating by the kind's position."""
    full = {(c.kind, c.fault): c for c in all_cells()}
    missed = {(c.kind, c.fault) for c in full.values() if c.key in KNOWN_MISSES}
    carriers = {f: sum(f in k.faults for k in KINDS) for k in KINDS for f in k.faults}
    cells: list[Cell] = []
    covered: set[str] = set()
    for k_index, kind in enumerate(KINDS):
        cells.append(Cell(kind.id, None, ALIASES[k_index % len(ALIASES)], k_index % 2 == 1))
        shift = k_index % len(kind.faults)
        rotated = kind.faults[shift:] + kind.faults[:shift]
        fresh = sorted((f for f in rotated if f not in covered), key=lambda f: carriers[f])
        ordered = [*fresh, *(f for f in rotated if f in covered)]
        ordered.sort(key=lambda f: (kind.id, f) not in missed)  # stable: misses first
        for fault in ordered[:per_kind]:
            covered.add(fault)
            cells.append(full[(kind.id, fault)])
    return cells
