"""kustomize patches that set a container's ``env`` value, applied per overlay over its bases.

What ``kustomize build overlays/prod`` does to a workload's environment, as far as literals go
(kustomize docs, "patches" and "patchesStrategicMerge"; Kubernetes' strategic merge keys):

* A strategic-merge patch (a partial manifest: ``patches: [{path: env.yaml}]``, an inline
  ``patch: |`` string, or the older ``patchesStrategicMerge:`` list) names its workload by
  ``kind`` and ``metadata.name`` (or by the entry's ``target``). Containers merge by ``name``
  and a container's ``env`` merges by ``name`` too, so the patch's ``value`` replaces the
  base's for that variable and the base's other variables stay. An item with ``valueFrom``
  replaces the literal (its value comes from a Secret or ConfigMap at run time).
* A JSON 6902 patch (a list of operations) that ``add``s or ``replace``s an env item
  (``/spec/template/spec/containers/0/env/-`` with ``value: {name, value}``) does the same
  for the container at that index.

The workloads come from the kustomization's ``resources:`` (manifest files, and the bases it
builds on, with their own patches applied first). Each workload becomes a set per overlay and
container (:func:`sherlock.collect.kustomize.built_workloads`): the base's literals, then the
patches' (a base value a patch hides stays as shadowed evidence), each located where it is
written (a base manifest line, a patch file line, or the line inside the kustomization of an
inline patch). The manifests and patch files themselves are inputs of the build, which
``kubectl apply -k`` sends, so the Kubernetes reader does not read their workloads alone.
A patch file that cannot be read is a note.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sherlock.collect.emit import Entry
from sherlock.collect.k8s import containers, pod_spec
from sherlock.collect.walk import resolve_reference
from sherlock.collect.yamlio import (
    as_list,
    as_mapping,
    item_line,
    key_line,
    load_documents,
    scalar_text,
    source_lines,
)
from sherlock.models import Location, Note

_ENV_OP = re.compile(r"/containers/(\d+)/env(?:/(?:-|\d+))?$")

#: one env item: its literal entry, or None when it comes from ``valueFrom`` at run time
Item = tuple[str, Entry | None]


@dataclass
class Workload:
    """One workload's containers, each with the history of every env name (base first)."""

    containers: dict[str, dict[str, list[Entry | None]]] = field(default_factory=dict)
    patched: bool = False

    def apply(self, container: str, items: list[Item]) -> None:
        env = self.containers.setdefault(container, {})
        for name, entry in items:
            env.setdefault(name, []).append(entry)

    def entries(self, container: str) -> list[Entry]:
        """What the container runs with: every literal of a name whose last item is one
        (the earlier ones become the winner's shadowed values)."""
        found: list[Entry] = []
        for history in self.containers.get(container, {}).values():
            if history and history[-1] is not None:
                found += [e for e in history if e is not None]
        return found


@dataclass(frozen=True)
class Source:
    """A YAML text (a file, or an inline patch) and how many lines above the file it starts."""

    relpath: str
    text: str
    offset: int = 0

    def at(self, line: int | None) -> Location:
        return Location(self.relpath, line + self.offset if line is not None else None)

    def documents(self) -> list[Any] | str:
        return load_documents(self.text)


def _items(container: dict[Any, Any], source: Source, layer: str) -> list[Item]:
    lines = source_lines(source.text)
    found: list[Item] = []
    for item in as_list(container.get("env")):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            found.append(_item(item, source, lines, layer))
    return found


def _item(item: dict[Any, Any], source: Source, lines: list[str], layer: str) -> Item:
    value = scalar_text(item, "value", lines)
    if value is None:
        return item["name"], None
    where = source.at(key_line(item, "value"))
    return item["name"], Entry(item["name"], value, where, layer=layer)


def workloads_of(source: Source, layer: str) -> dict[tuple[str, str], Workload]:
    """Workloads declared in a manifest file, with their containers' env literals."""
    found: dict[tuple[str, str], Workload] = {}
    docs = source.documents()
    for doc in docs if isinstance(docs, list) else []:
        key, spec = _identity(doc, None)
        if key is None or spec is None:
            continue
        workload = found.setdefault(key, Workload())
        for container in containers(spec):
            workload.apply(str(container.get("name") or ""), _items(container, source, layer))
    return found


def _identity(
    doc: Any, target: dict[Any, Any] | None
) -> tuple[tuple[str, str] | None, dict[Any, Any] | None]:
    mapping = as_mapping(doc)
    if mapping is None:
        return None, None
    meta = as_mapping(mapping.get("metadata")) or {}
    kind = mapping.get("kind") or (target or {}).get("kind")
    name = meta.get("name") or (target or {}).get("name")
    if not isinstance(kind, str) or not isinstance(name, str):
        return None, None
    return (kind, name), pod_spec(mapping, kind)


def apply_patch(
    source: Source,
    target: dict[Any, Any] | None,
    objects: dict[tuple[str, str], Workload],
    layer: str,
) -> None:
    """A strategic-merge patch or a JSON 6902 operation list, applied to known workloads."""
    docs = source.documents()
    for doc in docs if isinstance(docs, list) else []:
        if isinstance(doc, list):
            _json_ops(doc, source, target, objects, layer)
            continue
        key, spec = _identity(doc, target)
        workload = objects.get(key) if key is not None else None
        if workload is None or spec is None:
            continue
        for container in containers(spec):
            items = _items(container, source, layer)
            if items:
                workload.apply(str(container.get("name") or ""), items)
                workload.patched = True


def _json_ops(
    ops: list[Any],
    source: Source,
    target: dict[Any, Any] | None,
    objects: dict[tuple[str, str], Workload],
    layer: str,
) -> None:
    kind, name = (target or {}).get("kind"), (target or {}).get("name")
    workload = objects.get((str(kind), str(name)))
    if workload is None:
        return
    names = list(workload.containers)
    lines = source_lines(source.text)
    for op in ops:
        body = as_mapping(op) or {}
        path = _ENV_OP.search(str(body.get("path") or ""))
        if body.get("op") not in {"add", "replace"} or path is None or int(path[1]) >= len(names):
            continue
        values = body.get("value")
        items = [
            v for v in (values if isinstance(values, list) else [values]) if isinstance(v, dict)
        ]
        found = [_item(v, source, lines, layer) for v in items if isinstance(v.get("name"), str)]
        if found:
            workload.apply(names[int(path[1])], found)
            workload.patched = True


Loader = Callable[[str], str | None]


def patch_sources(
    relpath: str, doc: dict[Any, Any], read: Loader, notes: list[Note]
) -> list[tuple[Source, dict[Any, Any] | None]]:
    """Every patch a kustomization lists, as text to read, with its ``target`` (if any)."""
    found: list[tuple[Source, dict[Any, Any] | None]] = []
    merge = as_list(doc.get("patchesStrategicMerge"))
    for index, entry in enumerate(merge):
        if isinstance(entry, str):
            found += _source(relpath, entry, item_line(merge, index), None, read, notes)
    for entry in as_list(doc.get("patches")):
        mapping = as_mapping(entry) or {}
        target = as_mapping(mapping.get("target"))
        inline = mapping.get("patch")
        if isinstance(inline, str):
            found.append((Source(relpath, inline, key_line(mapping, "patch") or 0), target))
        elif isinstance(mapping.get("path"), str):
            found += _source(relpath, mapping["path"], None, target, read, notes)
    return found


def _source(
    relpath: str,
    ref: str,
    line: int | None,
    target: dict[Any, Any] | None,
    read: Loader,
    notes: list[Note],
) -> list[tuple[Source, dict[Any, Any] | None]]:
    """A patch named by path (or written inline in ``patchesStrategicMerge``)."""
    if "\n" in ref:
        return [(Source(relpath, ref, line or 0), target)]
    path = resolve_reference(posixpath.dirname(relpath), ref)
    text = read(path) if path else None
    if path is None or text is None:
        notes.append(Note(relpath, f"patch {ref} cannot be read; not checked"))
        return []
    return [(Source(path, text), target)]
