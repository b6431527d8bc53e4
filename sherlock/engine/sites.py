"""Which found values each cause points at, as structured sites for machine formats.

Checks speak in locations because that is what people read (``path:line``). SARIF, GitHub
annotations and baselines need more: the variable's name (to find its column and to survive
a moved line) and the value's fingerprint (so a suppression stays with the value, and a
replaced value is a new finding). A cause's places and its values' sites are matched by the
shown text, so a check that knew a column and one that did not still meet the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from sherlock.models import Cause, FoundValue, Location, Site


def _sites_by_location(values: Iterable[FoundValue]) -> dict[str, list[Site]]:
    found: dict[str, list[Site]] = {}
    for value in values:
        site = site_of(value.location, value.name, str(value.field), value.fingerprint)
        sites = found.setdefault(str(value.location), [])
        if site not in sites:
            sites.append(site)
    return found


def attach_sites(
    causes: Sequence[Cause], values: Iterable[FoundValue], root: Path | None = None
) -> tuple[Cause, ...]:
    """``causes`` with the sites behind their locations (a location no value sits at, such
    as a whole file, becomes a site with no name and no fingerprint).

    With ``root``, a place that is neither a value's nor a path in the tree (a pasted access
    token, "the process environment") gets no site: SARIF and GitHub annotations would
    otherwise point at a file that does not exist."""
    by_location = _sites_by_location(values)
    attached: list[Cause] = []
    for cause in causes:
        sites: list[Site] = []
        for location in cause.locations:
            known = by_location.get(str(location))
            if known:
                sites += known
            elif root is None or location.uri or _in_tree(root, location.path):
                sites.append(site_of(location))
        attached.append(replace(cause, sites=tuple(dict.fromkeys(sites))))
    return tuple(attached)


def _in_tree(root: Path, path: str) -> bool:
    try:
        return (root / path).exists()
    except (OSError, ValueError):
        return False


def site_of(location: Location, name: str = "", field: str = "", fingerprint: str = "") -> Site:
    """The site at a structured location; without a name and a fingerprint it is a place no
    value sits at (a whole file)."""
    return Site(
        path=location.path, line=location.line, name=name, field=field, fingerprint=fingerprint
    )


def site_at(location: str, name: str = "", field: str = "", fingerprint: str = "") -> Site:
    """A site from a shown location (``path:line``, or a path or store URI without a line),
    for records that keep only the shown text, such as a report's credential rows."""
    return site_of(Location.parse(location), name, field, fingerprint)
