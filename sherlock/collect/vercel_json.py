"""Vercel project configuration: the ``env`` and ``build.env`` maps of ``vercel.json``.

Vercel's CLI sends both maps with every deployment it creates from the folder
(``@vercel/client``'s ``NowConfig``: ``env`` and ``build.env`` are string dictionaries): ``env``
becomes the environment of the deployment's functions, ``build.env`` that of its build step
only, so the two are separate credential sets. They apply to every target the folder is
deployed to (``vercel`` for preview, ``vercel --prod``), so the environment is the path's.
``vercel dev`` takes the same maps as the base of its local environment
(``DevServer.validateEnvConfig`` in ``packages/cli/src/util/dev/server.ts``): a value that
starts with ``@`` names a legacy Vercel Secret, whose value lives in Vercel (and which
``vercel dev`` refuses unless a local ``.env`` supplies the name), so it is a note, never a
value, and the other half of that set is held back with a note. ``now.json`` is the file's
older name, still read by the CLI. A newer object-shaped ``env`` entry is not read.
The file must be JSON (``json`` decides); the YAML loader, which reads JSON too, gives the
line of each key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import project_service
from sherlock.collect.partial import hold_halves
from sherlock.collect.yamlio import as_mapping, key_line
from sherlock.models import Location

KIND = "vercel-json"
NAMES = frozenset({"vercel.json", "now.json"})
#: map path in the file → who reads it
CONSUMERS = {
    "env": "vercel deployment (vercel.json env)",
    "build.env": "vercel build (vercel.json build.env)",
}


def _document(source: SourceFile, text: str, ctx: ScanContext) -> dict[Any, Any] | str:
    """The file's top object, or where it stops being JSON. ``json`` decides validity (the CLI
    refuses what it refuses); the YAML loader's copy, when it reads the file, adds line marks."""
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"{source.relpath}:{exc.lineno}"
    except (ValueError, RecursionError):
        return source.relpath
    marked = ctx.documents.first_mapping(source.relpath, text)
    if isinstance(marked, dict):
        return marked
    return loaded if isinstance(loaded, dict) else {}


def _maps(data: Mapping[Any, Any]) -> dict[str, dict[Any, Any]]:
    build = as_mapping(data.get("build")) or {}
    found = {"env": as_mapping(data.get("env")), "build.env": as_mapping(build.get("env"))}
    return {path: block for path, block in found.items() if block}


def _entries(
    block: Mapping[Any, Any], path: str, relpath: str, result: CollectResult
) -> list[Entry]:
    """String (and number) values of one map; ``@secret`` references become notes."""
    entries: list[Entry] = []
    for name, value in block.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        location = Location(relpath, key_line(block, name), key=f"{path}.{name}")
        text = str(value)
        if text.startswith("@"):
            if is_provider_name(str(name), context=True):
                message = (
                    f"{name} refers to a legacy Vercel secret (@…): its value lives in Vercel, "
                    "not in the tree; not checked"
                )
                result.note(str(location), message)
            continue
        entries.append(Entry(str(name), text, location, layer=path))
    return entries


def read_vercel_json(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    """One credential set per map (``env``, ``build.env``) of a ``vercel.json``/``now.json``."""
    result = CollectResult()
    data = _document(source, text, ctx)
    if isinstance(data, str):
        result.note(data, "not valid JSON; Vercel would refuse it too (not read)")
        return result
    service = project_service(source.relpath.rpartition("/")[0], ctx.root_name)
    environment = pick_environment(environment_from_path(source.relpath))
    for path, block in _maps(data).items():
        entries = _entries(block, path, source.relpath, result)
        unit = Unit(
            scope=f"{source.relpath} [{path}]",
            source_kind=KIND,
            consumer=CONSUMERS[path],
            environment=environment,
            service=service,
            hints=(source.relpath,),
            named_environment=False,
        )
        result.extend(emit(entries, unit))
    return hold_halves(
        result, "this vercel.json map", "the project's environment variables in Vercel"
    )
