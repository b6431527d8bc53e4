"""Suppressions and the pass/fail decision of `sherlock check`.

A finding is dropped site by site: a baseline entry, an inline ``sherlock:ignore`` or an
``exclude`` glob silences one place, and a cause whose every place is silenced leaves the
report. Everything dropped is counted, so a summary never hides how much was suppressed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path

from sherlock.check.inline import is_ignored_inline
from sherlock.models import Cause, Location, Proof, Site
from sherlock.render.sarif import partial_fingerprint

STRENGTH = {Proof.PROVEN: 0, Proof.LIKELY: 1, Proof.POSSIBLE: 2}


@dataclass
class Suppressed:
    """How many places each mechanism silenced."""

    baseline: int = 0
    inline: int = 0
    excluded: int = 0
    outside: int = 0  # places outside the files given on the command line

    @property
    def total(self) -> int:
        return self.baseline + self.inline + self.excluded

    def to_dict(self) -> dict[str, int]:
        return {
            "baseline": self.baseline,
            "inline": self.inline,
            "excluded": self.excluded,
            "total": self.total,
        }


@dataclass(frozen=True)
class Filters:
    root: Path
    baseline: frozenset[tuple[str, str]] = frozenset()
    excludes: tuple[str, ...] = ()
    only_files: frozenset[str] | None = None
    counts: Suppressed = field(default_factory=Suppressed)


def is_excluded(path: str, excludes: Sequence[str]) -> bool:
    """``fnmatch`` globs (``*`` crosses folders) against the path or any of its parents."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(fnmatchcase(c, glob.rstrip("/")) for glob in excludes for c in candidates)


def _silenced(cause: Cause, site: Site, filters: Filters) -> bool:
    counts = filters.counts
    if filters.only_files is not None and site.path not in filters.only_files:
        counts.outside += 1
        return True
    if is_excluded(site.path, filters.excludes):
        counts.excluded += 1
        return True
    if (cause.id, partial_fingerprint(cause.id, site)) in filters.baseline:
        counts.baseline += 1
        return True
    if is_ignored_inline(filters.root, site, cause.id):
        counts.inline += 1
        return True
    return False


def apply_filters(causes: Sequence[Cause], filters: Filters) -> tuple[Cause, ...]:
    """``causes`` without their silenced places; causes left with no place are dropped."""
    kept: list[Cause] = []
    for cause in causes:
        if not cause.sites:
            kept.append(cause)
            continue
        sites = tuple(site for site in cause.sites if not _silenced(cause, site, filters))
        if sites:
            kept.append(replace(cause, sites=sites, locations=_places_of(cause, sites)))
    return tuple(kept)


def _places_of(cause: Cause, sites: Sequence[Site]) -> tuple[Location, ...]:
    """The cause's locations that still have a site (each location begat its sites)."""
    shown = {str(_place(site)) for site in sites}
    return tuple(location for location in cause.locations if str(location) in shown)


def _place(site: Site) -> Location:
    return Location(site.path, site.line)


def failing(causes: Collection[Cause], fail_on: Proof) -> list[Cause]:
    """Causes at least as strongly backed as ``fail_on``."""
    return [c for c in causes if STRENGTH[c.proof] <= STRENGTH[fail_on]]


__all__ = ["Filters", "Suppressed", "apply_filters", "failing", "is_excluded"]
