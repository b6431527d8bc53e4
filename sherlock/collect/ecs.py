"""Amazon ECS task definitions: ``task-definition.json`` and the like, kept in the repository
for ``aws ecs register-task-definition`` or the ``amazon-ecs-render-task-definition`` action.

Each entry of ``containerDefinitions`` is one container, so one process: its
``environment`` list (``{"name": …, "value": …}``) is what ECS sets for it, each value at
its item's line. ``secrets`` entries (``{"name": …, "valueFrom": "arn:…"}``) are filled by
ECS from Secrets Manager or SSM Parameter Store when the task starts; their values are not
in the tree, so a credential named there is a note, and the half the container has in
``environment`` is held back with a note rather than called incomplete. The task's
``family`` (``sms-worker-prod``) or the file's path names the environment; the container's
name is the service. The file must be valid JSON, as the AWS CLI requires.
"""

from __future__ import annotations

import json
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, is_provider_name
from sherlock.collect.partial import emit_with_outside
from sherlock.collect.yamlio import as_list, as_mapping, item_line, key_line
from sherlock.models import Location, Note

CONSUMER = "ecs task (containerDefinitions environment)"
_NAME_WORDS = ("task-definition", "task_definition", "taskdefinition", "taskdef")


def is_task_definition_name(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(".json") and any(word in lowered for word in _NAME_WORDS)


def _environment(items: list[Any], relpath: str) -> list[Entry]:
    entries: list[Entry] = []
    for index, item in enumerate(items):
        pair = as_mapping(item) or {}
        name, value = pair.get("name"), pair.get("value")
        if isinstance(name, str) and isinstance(value, str | int | float):
            line = key_line(pair, "value") or item_line(items, index)  # the value's own line
            entries.append(
                Entry(name, str(value), Location(relpath, line, key=f"environment.{name}"))
            )
    return entries


def _store_notes(items: list[Any], relpath: str) -> list[Note]:
    notes: list[Note] = []
    for index, item in enumerate(items):
        pair = as_mapping(item) or {}
        name, source = pair.get("name"), pair.get("valueFrom")
        if isinstance(name, str) and isinstance(source, str) and is_provider_name(name):
            where = f"{relpath}:{item_line(items, index) or 0}"
            kind = "Parameter Store" if ":ssm:" in source else "Secrets Manager"
            message = f"{name} comes from AWS {kind} when the task starts; not in the tree"
            notes.append(Note(where, message))
    return notes


class EcsTaskDefinitionCollector:
    """Reads the containers' environments of an ECS task definition (module docstring)."""

    name = "ecs-task-definition"
    by_name = True
    needles = (b"containerdefinitions",)

    def wants(self, relpath: str) -> bool:
        return is_task_definition_name(relpath.rsplit("/", 1)[-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and b"containerdefinitions" in head.lower()

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        try:
            json.loads(text)
        except (ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", None)
            where = f"{source.relpath}:{line}" if line else source.relpath
            result.note(where, "not valid JSON; the AWS CLI would refuse it too (not read)")
            return result
        task = ctx.documents.first_mapping(source.relpath, text)
        if not isinstance(task, dict):
            return result
        family = task.get("family") if isinstance(task.get("family"), str) else ""
        environment = pick_environment(
            environment_from_text(str(family)), environment_from_path(source.relpath)
        )
        for container in as_list(task.get("containerDefinitions")):
            spec = as_mapping(container) or {}
            name = str(spec.get("name") or family or "container")
            stored = _store_notes(as_list(spec.get("secrets")), source.relpath)
            entries = _environment(as_list(spec.get("environment")), source.relpath)
            unit = Unit(
                scope=f"{source.relpath} [{name}]",
                source_kind="ecs-task-definition",
                consumer=CONSUMER,
                environment=environment,
                service=name,
                hints=(source.relpath, name),
            )
            found = emit_with_outside(  # a store fills the rest when the task starts
                entries, unit, stored, bool(stored), "this container", "its secrets (valueFrom)"
            )
            result.extend(found)
        return result
