"""Render Blueprints: ``render.yaml`` at a repository's root.

Each entry of ``services:`` is one service (``name``), and its ``envVars`` list is that
service's environment: ``key`` with a literal ``value``; ``sync: false`` asks for the value in
the dashboard (not in the tree: a note, and the service's other half is held back with a
note); ``generateValue``, ``fromDatabase``, ``fromService`` and ``fromGroup`` come from Render
(Render's "Blueprint YAML Reference"). ``envVarGroups:`` entries are groups of the same
shape that services link with ``fromGroup``; a group's values are its own unit, under the
group's name. A service's ``previews`` settings are left out. The environment comes from a
``-staging``/``-prod`` style suffix of the name, else the path.
"""

from __future__ import annotations

from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, is_provider_name
from sherlock.collect.partial import emit_with_outside
from sherlock.collect.yamlio import as_list, as_mapping, key_line
from sherlock.models import Location, Note

CONSUMER = "render blueprint (render.yaml envVars)"
_FROM_RENDER = ("generateValue", "fromDatabase", "fromService", "fromGroup")


def _variables(items: list[Any], relpath: str, owner: str) -> tuple[list[Entry], list[Note]]:
    entries: list[Entry] = []
    notes: list[Note] = []
    for item in items:
        var = as_mapping(item) or {}
        key, value = var.get("key"), var.get("value")
        if not isinstance(key, str):
            continue
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            location = Location(relpath, key_line(var, "value"), key=f"{owner}.envVars.{key}")
            entries.append(Entry(key, str(value), location))
        elif is_provider_name(key) and (
            var.get("sync") is False or any(k in var for k in _FROM_RENDER)
        ):
            where = f"{relpath}:{key_line(var, 'key') or 0}"
            notes.append(Note(where, f"{key} is set in Render, not in the tree; not checked"))
    return entries, notes


class RenderBlueprintCollector:
    """Reads each service's ``envVars`` of a ``render.yaml`` (module docstring)."""

    name = "render-blueprint"
    by_name = True
    needles = (b"envvars",)

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] in ("render.yaml", "render.yml")

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and b"envvars" in head.lower()

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        blueprint = ctx.documents.first_mapping(source.relpath, text)
        result = CollectResult()
        if isinstance(blueprint, str):
            result.note(
                blueprint if ":" in blueprint else source.relpath, "not valid YAML; not read"
            )
            return result
        if not isinstance(blueprint, dict):
            return result
        owners = [*as_list(blueprint.get("services")), *as_list(blueprint.get("envVarGroups"))]
        for owner in owners:
            spec = as_mapping(owner) or {}
            name = str(spec.get("name") or "service")
            entries, notes = _variables(as_list(spec.get("envVars")), source.relpath, name)
            unit = Unit(
                scope=f"{source.relpath} [{name}]",
                source_kind="render-blueprint",
                consumer=CONSUMER,
                environment=pick_environment(
                    environment_from_text(name), environment_from_path(source.relpath)
                ),
                service=name,
                hints=(source.relpath, name),
            )
            result.extend(
                emit_with_outside(
                    entries, unit, notes, bool(notes), "this service", "Render (sync: false)"
                )
            )
        return result
