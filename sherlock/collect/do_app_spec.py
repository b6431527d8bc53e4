"""DigitalOcean App Platform app specs: ``.do/app.yaml`` and ``.do/deploy.template.yaml``.

An app spec lists components (``services``, ``workers``, ``jobs``, ``functions``,
``static_sites``), each with ``envs``: ``key``, ``value``, ``scope`` and ``type``; app-wide
``envs`` at the top apply to every component ("App Specification Reference"). A ``type:
SECRET`` value that ``doctl apps spec get`` exported is encrypted (``EV[1:…]``): a note, and
the component's other half is held back with a note. Each component is one unit, the app's
envs first and its own over them (the component's value wins and keeps the app-wide one as
the hidden value); the component's ``name`` is the service, a ``-staging`` style suffix of the
app's or component's name (else the path) the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, is_provider_name
from sherlock.collect.partial import emit_with_outside
from sherlock.collect.yamlio import as_list, as_mapping, key_line
from sherlock.models import Location, Note

CONSUMER = "digitalocean app platform (app spec envs)"
COMPONENTS = ("services", "workers", "jobs", "functions", "static_sites")
_NAMES = ("app.yaml", "app.yml", "deploy.template.yaml", "deploy.template.yml")


@dataclass
class _Envs:
    """One ``envs`` list: its values, its notes, and the keys App Platform encrypted."""

    entries: list[Entry] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sealed: set[str] = field(default_factory=set)


def _envs(items: list[Any], relpath: str, layer: str) -> _Envs:
    found = _Envs()
    for item in items:
        var = as_mapping(item) or {}
        key, value = var.get("key"), var.get("value")
        if not isinstance(key, str) or not isinstance(value, str | int | float):
            continue
        text = str(value)
        if text.startswith("EV["):
            found.sealed.add(key)
            if is_provider_name(key):
                where = f"{relpath}:{key_line(var, 'value') or 0}"
                message = f"{key} is encrypted by App Platform (EV[…]); not checked"
                found.notes.append(Note(where, message))
            continue
        location = Location(relpath, key_line(var, "value"), key=f"{layer}.{key}")
        found.entries.append(Entry(key, text, location, layer=layer))
    return found


class DigitalOceanAppSpecCollector:
    """Reads each component's ``envs`` of a ``.do/`` app spec (module docstring)."""

    name = "do-app-spec"
    needles = (b"envs",)

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name in _NAMES

    def wants(self, relpath: str) -> bool:
        folder, _, name = relpath.rpartition("/")
        return name in _NAMES and folder.rsplit("/", 1)[-1] == ".do"

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and b"envs" in head

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        spec = ctx.documents.first_mapping(source.relpath, text)
        result = CollectResult()
        if not isinstance(spec, dict):
            return result
        if isinstance(spec.get("spec"), dict):  # deploy.template.yaml wraps it in ``spec:``
            spec = spec["spec"]
        app = str(spec.get("name") or "")
        shared = _envs(as_list(spec.get("envs")), source.relpath, "envs")
        result.notes.extend(shared.notes)
        for kind in COMPONENTS:
            for component in as_list(spec.get(kind)):
                result.extend(self._component(component, kind, app, shared.entries, source.relpath))
        return result

    def _component(
        self, component: Any, kind: str, app: str, shared: list[Entry], relpath: str
    ) -> CollectResult:
        body = as_mapping(component) or {}
        name = str(body.get("name") or kind)
        own = _envs(as_list(body.get("envs")), relpath, f"{kind}.{name}.envs")
        shared = [e for e in shared if e.name not in own.sealed]  # the encrypted value wins
        unit = Unit(
            scope=f"{relpath} [{name}]",
            source_kind="do-app-spec",
            consumer=CONSUMER,
            environment=pick_environment(
                environment_from_text(name),
                environment_from_text(app),
                environment_from_path(relpath),
            ),
            service=name,
            hints=(relpath, name),
        )
        return emit_with_outside(
            [*shared, *own.entries],
            unit,
            own.notes,
            bool(own.sealed),
            "this component",
            "App Platform (encrypted)",
        )
