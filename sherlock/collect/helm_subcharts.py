"""Helm umbrella charts: the values a parent chart hands each of its subcharts.

The common layout for several services is one umbrella chart installed with
``helm upgrade -f values-prod.yaml``, whose subcharts render the Deployments. Read as Helm
documents it (chart template guide, "Subcharts and Global Values"; the Charts guide on
``dependencies``) and as ``chartutil``'s coalescing does it:

* A subchart is a folder under the parent's ``charts/`` with its own ``Chart.yaml``, or a
  ``dependencies:`` entry of the parent's ``Chart.yaml`` whose ``repository`` is a local
  ``file://`` path. Its values live under its name in the parent, or under its ``alias``.
* Precedence, lowest first: the subchart's own ``values.yaml``; the parent's ``values.yaml``
  under ``<sub>:``; the ``-f`` environment file under ``<sub>:``; then the parent's
  ``global:`` block (environment file over ``values.yaml``), which is copied into every
  subchart's ``.Values.global`` over the subchart's own globals. Maps merge key by key,
  scalars are replaced, and a ``null`` deletes the default below it.
* A dependency whose ``condition:`` path resolves to false is not rendered at all.
* Nested subcharts take their values from their parent's merged values the same way
  (three levels deep).
* A global (or a block a chart passes on to its own subcharts) is one of a chart's values
  only where its templates read it: every subchart sees the globals, few use them.

Each rendered value keeps the line of the file that won, and the real (non-placeholder)
values it hid are handed to :func:`sherlock.collect.emit.emit` as earlier layers, so the
winner carries them as ``shadows``. A subchart is not read alone when its parent (the
chart owning its ``charts/`` folder, or a chart in the folder above it or beside it that
lists it as a ``file://`` dependency) has a values file; a chart listed from further away
is read both alone and through its parent. Not followed: ``tags:``, ``import-values:``,
``exports`` and packaged ``charts/*.tgz``.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.emit import Entry
from sherlock.collect.templated import folder_files, sibling_text
from sherlock.collect.vocabulary import classify, is_placeholder
from sherlock.collect.walk import is_inside, skip_dir
from sherlock.collect.yamlio import as_list, as_mapping, mapping_leaves
from sherlock.models import Location

GLOBAL = "global"
_MAX_NESTING = 3

Path = tuple[str, ...]


@dataclass(frozen=True)
class Leaf:
    """One scalar of the merged values: its text (None for a ``null`` that deletes), where
    it was written, and the values it replaced, oldest first."""

    value: str | None
    location: Location
    hidden: tuple[Leaf, ...] = ()


Flat = dict[Path, Leaf]


@dataclass(frozen=True)
class Subchart:
    """A chart a parent renders: its folder, the key its values live under, its condition."""

    folder: str
    key: str
    condition: str | None = None
    name: str = ""  # the chart's own name, when an alias replaces it as the key


def _yaml_root(ctx: ScanContext, relpath: str) -> tuple[dict[Any, Any] | None, list[str]]:
    text = sibling_text(ctx, relpath)
    if text is None:
        return None, []
    docs = ctx.documents.load(relpath, text)
    if isinstance(docs, str) or not docs:
        return None, []
    return as_mapping(docs[0]), text.splitlines()


def flat_values(ctx: ScanContext, relpath: str) -> Flat:
    """One values file as path → leaf (``null`` leaves kept: they delete what is below them),
    each at its line and dotted key; an unreadable or non-mapping file is empty."""
    root, lines = _yaml_root(ctx, relpath)
    if root is None:
        return {}
    return {
        path: Leaf(value, Location(relpath, line, key=".".join(path)))
        for path, value, line in mapping_leaves(root, lines)
    }


def overlay(base: Flat, top: Flat) -> Flat:
    """``top`` over ``base`` the way Helm coalesces: a scalar replaces the one below it
    (which it keeps as hidden), a ``null`` deletes everything below its path."""
    merged = dict(base)
    for path, leaf in top.items():
        if leaf.value is None:
            for old in [p for p in merged if p[: len(path)] == path]:
                del merged[old]
            merged[path] = leaf  # a tombstone, so a later merge deletes again
            continue
        below = merged.get(path)
        if below is not None and below.value is not None:
            leaf = Leaf(leaf.value, leaf.location, (*below.hidden, below))
        merged[path] = leaf
    return merged


def _under(flat: Flat, key: str) -> Flat:
    return {path[1:]: leaf for path, leaf in flat.items() if len(path) > 1 and path[0] == key}


def _globals(flat: Flat) -> Flat:
    return {path: leaf for path, leaf in flat.items() if path[0] == GLOBAL and len(path) > 1}


def subchart_values(own: Flat, parent: Flat, key: str) -> Flat:
    """A subchart's merged values: its own file, under the parent's ``<key>:`` block, under
    the parent's globals (``chartutil.coalesceGlobals`` lets the parent's win)."""
    return overlay(overlay(own, _under(parent, key)), _globals(parent))


def _chart_name(ctx: ScanContext, folder: str) -> str | None:
    root, _lines = _yaml_root(ctx, posixpath.join(folder, "Chart.yaml"))
    name = root.get("name") if root is not None else None
    return name if isinstance(name, str) and name else None


def _local_path(chart: str, repository: str) -> str | None:
    """The root-relative folder a ``file://`` repository names, if it stays in the tree."""
    if not repository.startswith("file://"):
        return None
    joined = posixpath.normpath(posixpath.join(chart, repository[len("file://") :]))
    outside = joined == ".." or joined.startswith(("../", "/"))
    return None if outside or joined == "." else joined


def _dependencies(ctx: ScanContext, chart: str) -> list[dict[Any, Any]]:
    root, _lines = _yaml_root(ctx, posixpath.join(chart, "Chart.yaml"))
    found = as_list(root.get("dependencies")) if root is not None else []
    return [d for item in found if (d := as_mapping(item)) is not None and d.get("name")]


def _bundled(ctx: ScanContext, chart: str) -> dict[str, str]:
    """Chart name → folder of each unpacked chart under ``<chart>/charts/``."""
    charts = posixpath.join(chart, "charts") if chart else "charts"
    found: dict[str, str] = {}
    for chart_yaml in _child_chart_files(ctx, charts):
        folder = posixpath.dirname(chart_yaml)
        found[_chart_name(ctx, folder) or posixpath.basename(folder)] = folder
    return found


def _child_chart_files(ctx: ScanContext, folder: str) -> list[str]:
    """``<folder>/<child>/Chart.yaml`` of each child folder holding one: real folders inside
    the tree only, none the walker skips."""
    full = os.path.realpath(ctx.root / folder if folder else ctx.root)
    if not is_inside(full, os.path.realpath(ctx.root)) or not os.path.isdir(full):
        return []
    try:
        with os.scandir(full) as entries:
            names = sorted(
                e.name for e in entries if e.is_dir(follow_symlinks=False) and not skip_dir(e.name)
            )
    except OSError:
        return []
    found = [
        posixpath.join(folder, n, "Chart.yaml") if folder else f"{n}/Chart.yaml" for n in names
    ]
    return [p for p in found if (ctx.root / p).is_file()]


def subcharts(ctx: ScanContext, chart: str) -> list[Subchart]:
    """The charts a parent renders: declared dependencies (local ones, or unpacked under
    ``charts/``) under their alias and condition, then undeclared folders of ``charts/``."""
    bundled = _bundled(ctx, chart)
    found: dict[str, Subchart] = {}
    for dep in _dependencies(ctx, chart):
        name, alias = str(dep["name"]), dep.get("alias")
        folder = _local_path(chart, str(dep.get("repository") or "")) or bundled.get(name)
        if folder is None or not (ctx.root / folder / "Chart.yaml").is_file():
            continue
        condition = dep.get("condition")
        key = alias if isinstance(alias, str) and alias else name
        found[key] = Subchart(folder, key, condition if isinstance(condition, str) else None, name)
    used = {s.folder for s in found.values()}
    for name, folder in bundled.items():
        if folder not in used and name not in found:
            found[name] = Subchart(folder, name)
    return list(found.values())


def _is_false(leaf: Leaf | None) -> bool | None:
    if leaf is None or leaf.value is None:
        return None
    return leaf.value.strip().lower() in ("false", "no", "off", "0")


def enabled(sub: Subchart, parent: Flat, merged: Flat) -> bool:
    """Helm's ``condition:``: the first of its comma-separated paths that resolves decides."""
    for condition in (sub.condition or "").split(","):
        path = tuple(p for p in condition.strip().split(".") if p)
        if not path:
            continue
        own = path[1:] if path[0] == sub.key else None
        verdict = _is_false(merged.get(own) if own else parent.get(path))
        if verdict is not None:
            return not verdict
    return True


def parent_charts(ctx: ScanContext, chart: str) -> list[str]:
    """Charts that render ``chart`` as a subchart: the chart its ``charts/`` folder belongs
    to, or a chart in the parent folder or a sibling folder whose local dependency names it."""
    parts = chart.split("/") if chart else []
    if len(parts) >= 2 and parts[-2] == "charts":
        owner = "/".join(parts[:-2])
        if (ctx.root / owner / "Chart.yaml").is_file():
            return [owner]
    above = "/".join(parts[:-1])
    nearby = [above] + [posixpath.dirname(p) for p in _child_chart_files(ctx, above)]
    return [
        candidate
        for candidate in nearby
        if candidate != chart
        and (ctx.root / candidate / "Chart.yaml").is_file()
        and any(
            _local_path(candidate, str(d.get("repository") or "")) == chart
            for d in _dependencies(ctx, candidate)
        )
    ]


def has_values(ctx: ScanContext, chart: str) -> bool:
    """Whether a chart has any values file (a parent with none leaves its subcharts alone)."""
    names = [posixpath.basename(p) for p in folder_files(ctx, chart)]
    return (
        any(n.startswith("values") and n.endswith((".yaml", ".yml")) for n in names)
        or (ctx.root / chart / "values").is_dir()
    )


def handed_on(subs: list[Subchart]) -> frozenset[str]:
    """Top-level keys a chart passes on rather than reads: ``global`` and its subcharts'
    keys (and the chart names behind aliases)."""
    return frozenset([GLOBAL, *(k for s in subs for k in (s.key, s.name) if k)])


def subchart_entries(
    merged: Flat, by_path: dict[Path, list[str]], passed_on: frozenset[str] = frozenset([GLOBAL])
) -> list[Entry]:
    """Entries of one rendered subchart: bound paths under the names their templates set,
    its other Twilio-named keys under their dotted path (not the globals, which every
    subchart sees and only some read, nor its own subcharts' blocks); real values a winner hid come first,
    each as its own layer, so :func:`~sherlock.collect.emit.emit` keeps them as shadows."""
    entries: list[Entry] = []
    for path, leaf in merged.items():
        if leaf.value is None:
            continue
        dotted = ".".join(path)
        unbound = path[0] not in passed_on and classify(dotted, leaf.value)
        names = by_path.get(path) or ([dotted] if unbound else [])
        for name in dict.fromkeys(names):
            for old in leaf.hidden:
                if old.value and not is_placeholder(old.value):
                    entries.append(Entry(name, old.value, old.location, layer=_layer(old)))
            entries.append(Entry(name, leaf.value, leaf.location, layer=_layer(leaf)))
    return entries


def _layer(leaf: Leaf) -> str:
    key = leaf.location.key or ""
    return f"{leaf.location.path} ({key})" if key else leaf.location.path


def unused_blocks(subs: list[Subchart], parent: Flat) -> list[tuple[str, Leaf]]:
    """(alias, first leaf per file) of each block written under an aliased chart's own
    name: Helm passes only the alias's block on, so nothing renders these values."""
    keys = {s.key for s in subs}
    found: dict[tuple[str, str], tuple[str, Leaf]] = {}
    for sub in subs:
        if not sub.name or sub.name == sub.key or sub.name in keys:
            continue
        for path, leaf in parent.items():
            if path[0] == sub.name and len(path) > 1:
                found.setdefault((sub.name, leaf.location.path), (sub.key, leaf))
    return list(found.values())
