"""Which found values each cause points at, as structured sites for machine formats.

Checks speak in locations (``path:line``) because that is what people read. SARIF, GitHub
annotations and baselines need more: the path and line apart, the variable's name (to find
its column and to survive a moved line) and the value's fingerprint (so a suppression stays
with the value, and a replaced value is a new finding).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sherlock.models import Cause, FoundValue, Site


def _sites_by_location(values: Iterable[FoundValue]) -> dict[str, list[Site]]:
    found: dict[str, list[Site]] = {}
    for value in values:
        site = Site(
            path=value.location.path,
            line=value.location.line,
            name=value.name,
            field=value.field.value,
            fingerprint=value.fingerprint,
        )
        sites = found.setdefault(str(value.location), [])
        if site not in sites:
            sites.append(site)
    return found


def attach_sites(causes: Sequence[Cause], values: Iterable[FoundValue]) -> tuple[Cause, ...]:
    """``causes`` with the sites behind their locations (a location no value sits at, such
    as a whole file, becomes a site with no name and no fingerprint)."""
    by_location = _sites_by_location(values)
    attached: list[Cause] = []
    for cause in causes:
        sites: list[Site] = []
        for location in cause.locations:
            sites += by_location.get(location) or [site_at(location)]
        attached.append(replace(cause, sites=tuple(dict.fromkeys(sites))))
    return tuple(attached)


def site_at(location: str, name: str = "", field: str = "", fingerprint: str = "") -> Site:
    """A site from a shown location (``path:line``, or a path or store URI without a line);
    a location no value sits at (a whole file) has no name and no fingerprint."""
    path, _, line = location.rpartition(":")
    if path and line.isdigit():
        return Site(path=path, line=int(line), name=name, field=field, fingerprint=fingerprint)
    return Site(path=location, line=None, name=name, field=field, fingerprint=fingerprint)
