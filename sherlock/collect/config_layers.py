"""Framework config files layered into the one configuration a process starts with.

Spring Boot and ASP.NET Core both read a base file and then, for the profile or environment
the process runs as, a file that overrides it key by key (``application-prod.yml`` over
``application.yml``; ``appsettings.Production.json`` over ``appsettings.json``). Each file
alone is not what any process sees: the run is. A collector describes the files of one
project folder as :class:`Layer` records, weaker first, and :func:`stacked` turns a run's
layers into emit entries tagged with their layer, so :func:`sherlock.collect.emit.emit`
keeps the winner per property and the value it hides as ``shadows``
(:mod:`sherlock.collect.precedence`).

Properties are compared by a canonical key the collector chooses (Spring's relaxed form,
.NET's case-insensitive path), so ``twilio.authToken`` in one file and ``twilio.auth-token``
in the next are one property. A layer may also *clear* a key (.NET's ``"AuthToken": ""``):
the process then reads nothing from the files for it, so nothing below it is a value.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sherlock.collect.base import ScanContext
from sherlock.collect.emit import Entry
from sherlock.collect.framework_config import names_a_provider
from sherlock.collect.walk import decode_text, read_inside


@dataclass(frozen=True)
class Layer:
    """One file (or YAML document) of a run: the name rules show, what it sets, what it
    clears (canonical keys set to empty), the file it lives in, whether it sets or clears a
    credential key at all (a layer that does not changes no run's credential), and every key
    it names as written, set or cleared (the properties a deployment's variables may fill)."""

    name: str
    relpath: str
    entries: tuple[Entry, ...]
    cleared: frozenset[str] = frozenset()
    credential: bool = False
    names: tuple[str, ...] = ()


def stacked(layers: Sequence[Layer]) -> list[Entry]:
    """The run's entries, weaker layer first, each bound to its canonical key.

    A key a layer clears drops what every layer below it sets: the process reads no file value
    for it, so those values are neither used nor hidden by a later one (an environment
    variable above the clear may still fill the key, and only it is then a value)."""
    last_clear: dict[str, int] = {}
    for index, layer in enumerate(layers):
        for key in layer.cleared:
            last_clear[key] = index
    return [
        Entry(e.name, e.raw, e.location, key=e.key, layer=layer.name, slot=e.binds)
        for index, layer in enumerate(layers)
        for e in layer.entries
        if last_clear.get(e.binds, -1) < index
    ]


def owner(layers: Sequence[Layer]) -> str | None:
    """The file that emits a run: the strongest one in it (each run is emitted once)."""
    return layers[-1].relpath if layers else None


def sibling_names(ctx: ScanContext, folder: str) -> list[str]:
    """File names in a project folder (one directory listing; nothing is read)."""
    try:
        with os.scandir(ctx.root / folder if folder else ctx.root) as found:
            return sorted(entry.name for entry in found if entry.is_file())
    except OSError:
        return []


def provider_texts(ctx: ScanContext, relpaths: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(relpath, text) of the siblings that name a provider, the only ones the collector
    would read by itself; the others cannot hold a credential key."""
    for relpath in relpaths:
        data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
        if isinstance(data, str) or not names_a_provider(data):
            continue
        text, _problem = decode_text(data)
        if text is not None:
            yield relpath, text
