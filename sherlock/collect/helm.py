"""Helm charts: values files carried through the chart's templates to the names a pod sees.

Read without the helm binary, the way ``helm install -f values-prod.yaml`` renders a chart:

* A chart is a folder with ``Chart.yaml``. Its ``values.yaml`` holds the defaults; each
  environment file (``values-prod.yaml``, ``values.prod.yaml``, ``values/prod.yaml``) is
  given with ``-f`` and replaces the defaults it names (Helm merges the maps; the file's
  name gives the environment). A chart with environment files is read once per environment
  file, each over the defaults; ``values.yaml`` alone is read only when there are none.
* ``templates/*.yaml`` (and ``*.tpl``) say which name a value becomes: a container's
  ``- name: TWILIO_AUTH_TOKEN`` followed by ``value: {{ .Values.twilio.authToken }}``, or a
  Secret's or ConfigMap's ``TWILIO_AUTH_TOKEN: {{ .Values.twilio.authToken | b64enc }}``.
  The subset followed: ``.Values.a.b`` and ``$.Values.a.b`` paths, paths relative to a
  ``{{ with .Values.twilio }}`` block (``{{ .authToken }}``), ``required "…" .Values.x``
  and ``default x .Values.y`` around the path, and the filters that hand the value on as it
  is (``quote``, ``squote``, ``b64enc``, which Kubernetes decodes again, ``toString``). A
  Twilio name set any other way (``printf``, ``tpl``, ``trim``, text around the tag) is a
  note on the template's line, not a guess.
* A values key that names Twilio itself (``twilio.authToken``) is read even when no
  template uses it, under its dotted path.

Each value keeps its values file's ``path:line`` (and its dotted key). Scope is
``helm:CHART@VALUES-FILE``, the service the chart's folder name.

An umbrella chart's subcharts (``charts/<sub>/``, or local ``file://`` dependencies) are
read through the parent, per parent values file, with the values Helm hands them
(:mod:`sherlock.collect.helm_subcharts`): scope ``helm:SUBCHART@PARENT-VALUES-FILE``, the
service the subchart's name or alias. A subchart with such a parent is never read alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    pick_environment,
    service_from_name,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.helm_subcharts import (
    Flat,
    Subchart,
    enabled,
    flat_values,
    handed_on,
    has_values,
    overlay,
    parent_charts,
    subchart_entries,
    subchart_values,
    subcharts,
    unused_blocks,
)
from sherlock.collect.templated import (
    environment_of_stem,
    folder_files,
    follow,
    layered,
    sibling_text,
    template_tags,
    whole_tag,
)
from sherlock.collect.vocabulary import classify
from sherlock.collect.yamlio import as_mapping, mapping_leaves
from sherlock.models import Location, Note

CONSUMER = "helm"
_VALUES_FILE = re.compile(r"values(?:[-._]([\w.-]+?))?\.ya?ml")
_TEMPLATE_EXT = (".yaml", ".yml", ".tpl")
_NAME_LINE = re.compile(r"^\s*(?:-\s+)?name:\s*[\"']?([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?\s*$")
_VALUE_LINE = re.compile(r"^\s*(?:-\s+)?value:\s*(.*?)\s*$")
_KEY_LINE = re.compile(r"^\s*[\"']?([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?:\s*(.*?)\s*$")
_BLOCK_OPEN = re.compile(r"^(with|range|if|define|block)\b\s*(.*)$", re.DOTALL)
_VALUES_WORD = re.compile(r"^\$?\.Values((?:\.[A-Za-z_][\w-]*)+)$")
_RELATIVE_WORD = re.compile(r"^((?:\.[A-Za-z_][\w-]*)+)$")


def _chart_folder(relpath: str) -> tuple[str, str] | None:
    """(chart folder, role) for a values file or a template of a chart, by path alone."""
    parts = relpath.split("/")
    if "templates" in parts[:-1] and parts[-1].endswith(_TEMPLATE_EXT):
        index = len(parts) - 2 - parts[-2::-1].index("templates")
        return "/".join(parts[:index]), "template"
    if _VALUES_FILE.fullmatch(parts[-1]):
        return "/".join(parts[:-1]), "values"
    if len(parts) > 1 and parts[-2] == "values" and parts[-1].endswith((".yaml", ".yml")):
        return "/".join(parts[:-2]), "values"
    return None


def _is_chart(ctx: ScanContext, chart: str) -> bool:
    return (ctx.root / chart / "Chart.yaml").is_file()


@dataclass(frozen=True)
class Binding:
    """A template line that sets ``name`` from the values at ``path``."""

    name: str
    path: tuple[str, ...]
    where: Location


@dataclass
class _TemplateReader:
    """Reads one template line by line, tracking ``with`` blocks and ``- name:`` items."""

    relpath: str
    scopes: list[tuple[str, ...] | None] = field(default_factory=list)
    pending: str | None = None
    bindings: list[Binding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    in_ref: bool = False

    def word_path(self, word: str) -> tuple[str, ...] | None:
        absolute = _VALUES_WORD.match(word)
        if absolute:
            return tuple(absolute[1].split(".")[1:])
        scope = self.scopes[-1] if self.scopes else None
        relative = _RELATIVE_WORD.match(word)
        if relative and scope is not None:
            return scope + tuple(relative[1].split(".")[1:])
        return None

    def track_blocks(self, line: str) -> None:
        for body in template_tags(line):
            opened = _BLOCK_OPEN.match(body)
            if opened:
                inherited = self.scopes[-1] if self.scopes else None
                path = self.word_path(opened[2].strip()) if opened[1] == "with" else None
                self.scopes.append(path if opened[1] == "with" else inherited)
            elif body.split()[:1] == ["end"] and self.scopes:
                self.scopes.pop()

    def bind(self, name: str, text: str, line: int) -> None:
        if "{{" not in text:
            return
        where = Location(self.relpath, line)
        body = whole_tag(text)
        found = follow(body, self.word_path) if body is not None else None
        if found is not None and found.followed:
            self.bindings.append(Binding(name, found.path, where))
        elif is_provider_name(name):
            why = found.problem if found is not None else "text around the template tag"
            message = (
                f"{name} is rendered by a template Sherlock does not follow ({why}); "
                "its value is not checked"
            )
            self.notes.append(Note(str(where), message))

    def read(self, text: str) -> None:
        for number, line in enumerate(text.splitlines(), start=1):
            named = _NAME_LINE.match(line)
            value = _VALUE_LINE.match(line)
            keyed = _KEY_LINE.match(line)
            if line.strip() in ("secretKeyRef:", "configMapKeyRef:"):
                self.in_ref = True
            elif named and not self.in_ref:
                self.pending = named[1]
            elif value and self.pending:
                self.bind(self.pending, value[1], number)
                self.pending = None
            elif keyed and keyed[1] == "key" and self.pending:
                self.aliases[keyed[2].strip("\"'")] = self.pending  # a secretKeyRef's key
                self.pending, self.in_ref = None, False
            elif keyed and keyed[1] not in ("value", "name"):
                self.bind(keyed[1], keyed[2], number)
            self.track_blocks(line)


def template_bindings(relpath: str, text: str) -> tuple[list[Binding], list[Note]]:
    """What one template sets from which values path, and notes on what it cannot follow."""
    reader = _TemplateReader(relpath)
    reader.read(text)
    return reader.bindings, reader.notes


def chart_bindings(ctx: ScanContext, chart: str) -> list[Binding]:
    """Every binding of every template of the chart. A Secret key that a container loads
    through ``secretKeyRef`` (``auth-token`` → ``TWILIO_AUTH_TOKEN``) is named after the
    variable, which is what the process reads."""
    found: list[Binding] = []
    aliases: dict[str, str] = {}
    folder = posixpath.join(chart, "templates") if chart else "templates"
    for relpath in folder_files(ctx, folder):
        text = sibling_text(ctx, relpath) if relpath.endswith(_TEMPLATE_EXT) else None
        if text is not None and "{{" in text:
            reader = _TemplateReader(relpath)
            reader.read(text)
            found.extend(reader.bindings)
            aliases.update(reader.aliases)
    return [Binding(aliases.get(b.name, b.name), b.path, b.where) for b in found]


def value_leaves(
    node: dict[Any, Any], lines: list[str]
) -> Iterator[tuple[tuple[str, ...], str, int | None]]:
    """(path, text, line) of every scalar under a values mapping (nulls left out)."""
    for path, value, line in mapping_leaves(node, lines):
        if value is not None:
            yield path, value, line


def values_entries(
    relpath: str,
    text: str,
    ctx: ScanContext,
    bindings: list[Binding],
    handed_on: frozenset[str] = frozenset(),
) -> tuple[list[Entry], list[Note]]:
    """Entries of one values file: bound paths under the name their template sets, other
    Twilio-named keys under their dotted path. Blocks under ``handed_on`` keys (subcharts'
    names, ``global``) belong to the subcharts unless this chart's own templates read them."""
    docs = ctx.documents.load(relpath, text)
    if isinstance(docs, str):
        return [], [Note(relpath, docs)]
    root = as_mapping(docs[0]) if docs else None
    if root is None:
        return [], []
    by_path: dict[tuple[str, ...], list[str]] = {}
    for binding in bindings:
        by_path.setdefault(binding.path, []).append(binding.name)
    entries: list[Entry] = []
    lines = text.splitlines()
    for path, value, line in value_leaves(root, lines):
        if path[0] in handed_on and path not in by_path:
            continue
        dotted = ".".join(path)
        where = Location(relpath, line, key=dotted)
        names = by_path.get(path) or ([dotted] if classify(dotted, value) else [])
        entries.extend(Entry(name, value, where) for name in dict.fromkeys(names))
    return entries, []


def _overlays(ctx: ScanContext, chart: str) -> list[str]:
    """The chart's environment values files (everything but ``values.yaml``)."""
    found = [
        p
        for p in folder_files(ctx, chart)
        if _VALUES_FILE.fullmatch(posixpath.basename(p))
        and posixpath.basename(p) not in ("values.yaml", "values.yml")
    ]
    nested = posixpath.join(chart, "values") if chart else "values"
    return found + [p for p in folder_files(ctx, nested) if p.endswith((".yaml", ".yml"))]


def _environment(relpath: str, chart: str) -> str:
    stem = posixpath.basename(relpath).rsplit(".", 1)[0]
    return pick_environment(environment_of_stem(stem), environment_from_path(chart))


def _worth_reading(data: bytes, bindings: list[Binding]) -> bool:
    """Cheap byte test: the file can only matter if it names Twilio or a bound key."""
    lowered = data.lower()
    return b"twilio" in lowered or any(b.path[-1].lower().encode() in lowered for b in bindings)


def _unused_notes(subs: list[Subchart], release: Flat, only: str | None) -> list[Note]:
    """A block under an aliased dependency's chart name reaches no subchart: said once per
    file (the defaults' blocks by the first environment file's reading, else ``only``'s)."""
    notes: list[Note] = []
    for alias, leaf in unused_blocks(subs, release):
        if only is not None and leaf.location.path != only:
            continue
        block = (leaf.location.key or "").split(".")[0]
        message = (
            f"the {block!r} block reaches no subchart: the dependency is aliased {alias!r} "
            f"and Helm hands it only the {alias!r} block"
        )
        notes.append(Note(str(leaf.location), message))
    return notes


def _base_values(ctx: ScanContext, chart: str) -> str | None:
    """The chart's defaults file, ``values.yaml`` (or ``.yml``), when it has one."""
    for name in ("values.yaml", "values.yml"):
        relpath = posixpath.join(chart, name) if chart else name
        if (ctx.root / relpath).is_file():
            return relpath
    return None


class HelmCollector:
    """Reads a chart's values files through its templates (see the module docstring)."""

    name = "helm"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith(_TEMPLATE_EXT)

    def wants(self, relpath: str) -> bool:
        return _chart_folder(relpath) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        place = _chart_folder(relpath)
        if place is None:
            return False
        return place[1] == "values" or b"{{" in head

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        place = _chart_folder(source.relpath)
        if place is None or not _is_chart(ctx, place[0]):
            return CollectResult()
        chart, role = place
        if role == "template":
            if b".Values" not in source.data:
                return CollectResult()  # sets nothing from values: nothing to note
            return CollectResult(notes=template_bindings(source.relpath, text)[1])
        return self._values(source, text, ctx, chart)

    def _values(self, source: SourceFile, text: str, ctx: ScanContext, chart: str) -> CollectResult:
        if any(has_values(ctx, parent) for parent in parent_charts(ctx, chart)):
            return CollectResult()  # a subchart: read through its parent's values
        overlays = _overlays(ctx, chart)
        is_base = source.relpath not in overlays
        if is_base and overlays:
            return CollectResult()  # read under each environment file instead
        subs = subcharts(ctx, chart)
        passed_on = handed_on(subs) if subs else frozenset()
        bindings = chart_bindings(ctx, chart)
        result = CollectResult()
        if _worth_reading(source.data, bindings):
            entries, notes = values_entries(source.relpath, text, ctx, bindings, passed_on)
            if not is_base:
                entries = layered(self._base(ctx, chart, bindings, passed_on), entries)
            result = emit(entries, self._unit(source.relpath, chart, ctx))
            result.notes[:0] = notes
        if subs:
            result.extend(self._umbrella(ctx, source.relpath, chart, subs, overlays))
        return result

    def _umbrella(
        self, ctx: ScanContext, relpath: str, chart: str, subs: list[Subchart], overlays: list[str]
    ) -> CollectResult:
        """The subcharts of one release (the parent's values file ``relpath``, over the
        parent's defaults when it is an environment file)."""
        release = flat_values(ctx, relpath)
        base = _base_values(ctx, chart)
        if overlays and base is not None:
            release = overlay(flat_values(ctx, base), release)
        result = CollectResult()
        self._render_subcharts(ctx, relpath, chart, subs, release, result)
        first = not overlays or relpath == overlays[0]
        result.notes += _unused_notes(subs, release, None if first else relpath)
        return result

    def _render_subcharts(
        self,
        ctx: ScanContext,
        relpath: str,
        chart: str,
        subs: list[Subchart],
        parent: Flat,
        result: CollectResult,
        depth: int = 0,
    ) -> None:
        """Each enabled subchart rendered with the values its parent hands it, then its own
        subcharts with those values in turn (a few levels deep)."""
        for sub in subs:
            defaults = _base_values(ctx, sub.folder)
            own = flat_values(ctx, defaults) if defaults is not None else {}
            merged = subchart_values(own, parent, sub.key)
            if not enabled(sub, parent, merged):
                continue
            by_path: dict[tuple[str, ...], list[str]] = {}
            for binding in chart_bindings(ctx, sub.folder):
                by_path.setdefault(binding.path, []).append(binding.name)
            nested = subcharts(ctx, sub.folder) if depth < 2 else []
            entries = subchart_entries(merged, by_path, handed_on(nested))
            if entries:
                result.extend(emit(entries, self._sub_unit(relpath, chart, sub)))
            if nested:
                self._render_subcharts(ctx, relpath, chart, nested, merged, result, depth + 1)

    def _base(
        self, ctx: ScanContext, chart: str, bindings: list[Binding], handed_on: frozenset[str]
    ) -> list[Entry]:
        relpath = _base_values(ctx, chart)
        text = sibling_text(ctx, relpath) if relpath is not None else None
        if relpath is None or text is None:
            return []
        return values_entries(relpath, text, ctx, bindings, handed_on)[0]

    def _sub_unit(self, relpath: str, chart: str, sub: Subchart) -> Unit:
        """One rendered subchart; an alias joins the scope, as one chart may be listed twice."""
        aliased = sub.key != posixpath.basename(sub.folder)
        return Unit(
            scope=f"helm:{sub.folder}{f'[{sub.key}]' if aliased else ''}@{relpath}",
            source_kind="helm-values",
            consumer=CONSUMER,
            environment=_environment(relpath, chart),
            service=service_from_name(sub.key) or sub.key,
            hints=(relpath, sub.folder, sub.key),
        )

    def _unit(self, relpath: str, chart: str, ctx: ScanContext) -> Unit:
        folder = posixpath.basename(chart) if chart else ctx.root_name
        service = service_from_name(folder) or service_from_path(relpath, ctx.root_name)
        return Unit(
            scope=f"helm:{chart or '.'}@{relpath}",
            source_kind="helm-values",
            consumer=CONSUMER,
            environment=_environment(relpath, chart),
            service=service,
            hints=(relpath, chart),
        )
