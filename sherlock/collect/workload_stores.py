"""The Secrets and ConfigMaps a Kubernetes workload loads, followed through the tree.

A workload that runs a framework project's image (:mod:`.project_links`) is that project's
environment; much of that environment comes from other objects. Kubernetes sets a container's
variables from ``envFrom`` (every key of a ``secretRef``/``configMapRef`` object, after an
optional ``prefix``) and then from ``env`` (a literal ``value``, or one key through
``valueFrom.secretKeyRef``/``configMapKeyRef``); a name ``env`` sets wins over ``envFrom``
("Define container environment variables", Kubernetes docs). The object a reference names is
the one of that name in the workload's namespace, else the tree's only one of that name (two
in other namespaces are ambiguous and name nothing). A value keeps the line of the object's
key, where it is written; a Secret's ``data`` is base64-decoded as the Kubernetes reader
decodes it.

Such an object's lone half (``auth-token`` alone, the SID in ``application.yml``) is judged in
the project's run, not as a set missing its SID (:func:`held_for_store`).
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext
from sherlock.collect.compose_links import config_files, hold_carried
from sherlock.collect.consulted import mark_consulted
from sherlock.collect.emit import Entry
from sherlock.collect.k8s import containers, pod_spec, stored_entries
from sherlock.collect.project_links import (
    image_projects,
    normalized,
    read,
    tree_files,
)
from sherlock.collect.yamlio import DocumentCache, as_list, as_mapping, source_lines


@dataclass(frozen=True)
class Stored:
    """A Secret or ConfigMap of the tree: what a workload's ``envFrom``/``valueFrom`` loads."""

    kind: str
    name: str
    namespace: str
    entries: tuple[Entry, ...]


_STORED: weakref.WeakKeyDictionary[DocumentCache, dict[tuple[str, str], list[Stored]]] = (
    weakref.WeakKeyDictionary()
)
_STORE_KIND = re.compile(r"kind:\s*['\"]?(?:Secret|ConfigMap)\b")


def stored_objects(ctx: ScanContext) -> dict[tuple[str, str], list[Stored]]:
    """Every Secret and ConfigMap of the tree by (kind, name), read once per scan."""
    known = _STORED.get(ctx.documents)
    if known is not None:
        return known
    found: dict[tuple[str, str], list[Stored]] = defaultdict(list)
    for relpath in tree_files(ctx).manifests:
        text = read(ctx, relpath)
        if text is None or not _STORE_KIND.search(text):
            continue
        docs = ctx.documents.load(relpath, text)
        lines = source_lines(text)
        for doc in docs if isinstance(docs, list) else []:
            stored = stored_entries(doc, relpath, lines, ctx)
            if stored is not None:
                kind, name, namespace, entries = stored
                found[(kind, name)].append(Stored(kind, name, namespace, tuple(entries)))
    _STORED[ctx.documents] = dict(found)
    return _STORED[ctx.documents]


def _store(ctx: ScanContext, kind: str, name: str, namespace: str) -> Stored | None:
    """The object a reference names: the one in the workload's namespace, else the only one."""
    candidates = stored_objects(ctx).get((kind, name), [])
    same = [c for c in candidates if c.namespace == namespace]
    chosen = same or candidates
    return chosen[0] if len(chosen) == 1 else None


#: (kind, reference key) of ``envFrom`` items and of ``valueFrom`` entries
_FROM = (("Secret", "secretRef"), ("ConfigMap", "configMapRef"))
_KEY_FROM = (("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef"))


def references(container: dict[Any, Any]) -> Iterator[tuple[str, str, str | None, str]]:
    """(kind, object name, key or None for a whole ``envFrom`` object, variable or prefix)
    of every Secret and ConfigMap a container loads, in the order Kubernetes applies them:
    ``envFrom`` first, then ``env`` (whose entries win over ``envFrom`` ones)."""
    for source in as_list(container.get("envFrom")):
        spec = as_mapping(source) or {}
        for kind, key in _FROM:
            ref = as_mapping(spec.get(key))
            if ref and isinstance(ref.get("name"), str):
                yield kind, ref["name"], None, str(spec.get("prefix") or "")
    for item in as_list(container.get("env")):
        spec = as_mapping(item) or {}
        value_from = as_mapping(spec.get("valueFrom")) or {}
        for kind, key in _KEY_FROM:
            ref = as_mapping(value_from.get(key)) or {}
            if isinstance(ref.get("name"), str) and isinstance(spec.get("name"), str):
                yield kind, ref["name"], str(ref.get("key") or ""), spec["name"]


def referenced_env(
    container: dict[Any, Any], namespace: str, relpath: str, ctx: ScanContext
) -> list[Entry]:
    """The values a container loads from the tree's Secrets and ConfigMaps, at the line of the
    object's key, under the variable name the process sees."""
    entries: list[Entry] = []
    for kind, name, key, variable in references(container):
        store = _store(ctx, kind, name, namespace)
        for entry in store.entries if store is not None else ():
            if key is None:
                layer = f"envFrom: {kind}/{name}"
                entries.append(Entry(variable + entry.name, entry.raw, entry.location, layer=layer))
            elif entry.name == key:
                layer = f"env: ({relpath})"
                entries.append(Entry(variable, entry.raw, entry.location, layer=layer))
    return entries


def _store_users(ctx: ScanContext, store: tuple[str, str, str]) -> Iterator[tuple[str, str, str]]:
    """(project, key or "", variable or prefix) for each reference to ``store`` (kind, name,
    namespace) by a container that runs a project's image."""
    images = image_projects(ctx)
    kind, name, namespace = store
    for relpath in tree_files(ctx).manifests if images else ():
        text = read(ctx, relpath)
        if text is None or name not in text or relpath in ctx.kustomize_inputs:
            continue
        docs = ctx.documents.load(relpath, text)
        for doc in docs if isinstance(docs, list) else []:
            mapping = as_mapping(doc) or {}
            meta = as_mapping(mapping.get("metadata")) or {}
            spec = pod_spec(mapping, str(mapping.get("kind") or ""))
            if spec is None or str(meta.get("namespace") or "") != namespace:
                continue
            for container in containers(spec):
                image = normalized(str(container.get("image") or ""))
                for ref in references(container) if image in images else ():
                    if ref[:2] == (kind, name):
                        for project in images[str(image)]:
                            yield project, ref[2] or "", ref[3]


def held_for_store(
    result: CollectResult, store: tuple[str, str, str], ctx: ScanContext, relpath: str = ""
) -> CollectResult:
    """A Secret's or ConfigMap's result with each lone half moved to a note when a container
    running a project's image loads it and that project's run carries it."""
    variables: dict[str, str] = {}
    kind, name, _namespace = store

    def configs() -> list[tuple[str, str]]:
        mark_consulted(ctx, relpath)
        projects: set[str] = set()
        for project, key, variable in _store_users(ctx, store):
            projects.add(project)
            for value in result.values:
                if not key or value.name == key:
                    variables.setdefault(value.name, variable if key else variable + value.name)
        return [config for project in sorted(projects) for config in config_files(ctx, project)]

    how = f"whose workload loads {kind}/{name}"
    return hold_carried(result, configs, how, f"the {kind}", ctx, lambda v: variables.get(v.name))
