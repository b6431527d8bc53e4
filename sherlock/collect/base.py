"""What every collector shares: the scan context, the result type and the plug-in protocol.

A collector reads one kind of file and returns the credential values in it exactly as that
file's consumer would see them. Collectors never raise for bad input: they return a
:class:`~sherlock.models.Note` and move on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sherlock.models import FoundValue, Note


@dataclass(frozen=True)
class ScanContext:
    """Facts about the whole tree that change how a single file is read.

    ``env_file_consumers`` maps a relative path to the consumer that loads it, learned from
    references elsewhere in the tree (``docker run --env-file x`` → "docker --env-file",
    compose ``env_file:`` → "compose"); unlisted env files are read as python-dotenv does.
    """

    root: Path
    env_file_consumers: dict[str, str] = field(default_factory=dict)


@dataclass
class CollectResult:
    values: list[FoundValue] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def extend(self, other: CollectResult) -> None:
        self.values.extend(other.values)
        self.notes.extend(other.notes)


class Collector(Protocol):
    """A plug-in that knows one file format."""

    name: str

    def matches(self, relpath: str, head: bytes) -> bool:
        """Whether this collector reads the file (decided from its path and first bytes)."""
        ...

    def collect(self, path: Path, data: bytes, ctx: ScanContext) -> CollectResult:
        """Values and notes from one file's bytes (read once by the walker)."""
        ...
