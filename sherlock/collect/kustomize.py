"""kustomize: ``secretGenerator`` and ``configMapGenerator`` of ``kustomization.yaml`` files,
through the overlays that build on them.

What a generator puts in the object it makes, as kustomize's own key/value loader reads it
(sigs.k8s.io/kustomize ``api/kv``), in its order (env files, then literals, then files):

* ``envs: [prod.env]`` (and the older ``env:``): each line has its leading blanks trimmed;
  blank and ``#`` lines are skipped; the rest splits at the first ``=`` and the value is
  taken exactly as written: quotes and trailing blanks stay (a line's final CR does not:
  Go's line scanner drops it).
* ``literals: [TWILIO_AUTH_TOKEN=…]``: split at the first ``=``; one pair of matching
  surrounding quotes is removed, nothing else.
* ``files: [token.txt]`` or ``[TWILIO_AUTH_TOKEN=token.txt]``: the whole file is the value,
  trailing newline included (``echo "$T" > token.txt`` leaves one); the key is the file's
  name unless given.

An overlay (``overlays/prod/kustomization.yaml`` with ``resources: [../../base]``) builds on
its bases: a generator of the same name with ``behavior: merge`` replaces the keys it names
and keeps the base's others, ``behavior: replace`` replaces the whole object. Each
kustomization is read with everything it builds on; a base (a folder named ``base``, or
one that a kustomization nearby builds on) is read only through its overlays, so the
environment is the overlay's (its path: ``overlays/prod`` → prod). Secret keys are
classified by the variable a workload loads them into (``secretKeyRef``), as for plain
Secrets. The workloads a kustomization builds (its ``resources:`` manifests, patched or not)
are read here, per kustomization that is not a base; the files it lists are inputs of that
build (:func:`build_inputs`), never read as workloads of their own. Env files named by ``envs:`` whose names also
look like env files are read by the env-file reader too, as python-dotenv would; the two
readings keep separate scopes.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    environment_from_variables,
    pick_environment,
    service_from_name,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.kustomize_patches import (
    Source,
    Workload,
    apply_patch,
    patch_sources,
    workloads_of,
)
from sherlock.collect.partial import hold_halves
from sherlock.collect.templated import folders_below, layered, sibling_text
from sherlock.collect.walk import resolve_reference
from sherlock.collect.yamlio import as_list, as_mapping, item_line, key_line
from sherlock.models import Location, Note

CONSUMER = "kustomize"
NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_GENERATORS = {"secretGenerator": "Secret", "configMapGenerator": "ConfigMap"}
_MAX_BASES = 8


@dataclass
class Generated:
    """One generated object: its kind, name, entries (in kustomize's order) and origin."""

    kind: str
    name: str
    entries: list[Entry] = field(default_factory=list)
    origin: str = ""


@dataclass(frozen=True)
class _Kustomization:
    relpath: str
    doc: dict[Any, Any]

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.relpath)


def _load(ctx: ScanContext, relpath: str, text: str | None = None) -> _Kustomization | None:
    text = text if text is not None else sibling_text(ctx, relpath)
    if text is None:
        return None
    docs = ctx.documents.load(relpath, text) if text else []
    first = as_mapping(docs[0]) if isinstance(docs, list) and docs else None
    return _Kustomization(relpath, first) if first is not None else None


def _kustomization_in(ctx: ScanContext, folder: str) -> str | None:
    for name in NAMES:
        relpath = posixpath.join(folder, name) if folder else name
        if (ctx.root / relpath).is_file():
            return relpath
    return None


def env_file_entries(relpath: str, text: str) -> list[Entry]:
    """An ``envs:`` file as kustomize reads it (see the module docstring)."""
    entries: list[Entry] = []
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r").lstrip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        entries.append(Entry(name, value, Location(relpath, number)))
    return entries


def _without_quotes(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _literals(k: _Kustomization, item: dict[Any, Any]) -> list[Entry]:
    found: list[Entry] = []
    literals = item.get("literals")
    for index, literal in enumerate(as_list(literals)):
        if isinstance(literal, str) and "=" in literal[1:]:
            name, _, value = literal.partition("=")
            where = Location(k.relpath, item_line(literals, index), key=name)
            found.append(Entry(name, _without_quotes(value), where))
    return found


def _files(
    k: _Kustomization, item: dict[Any, Any], ctx: ScanContext, notes: list[Note]
) -> list[Entry]:
    found: list[Entry] = []
    files = item.get("files")
    for index, ref in enumerate(as_list(files)):
        if not isinstance(ref, str):
            continue
        key, _, path = ref.rpartition("=")
        relpath = resolve_reference(k.folder, path)
        where = Location(k.relpath, item_line(files, index))
        text = sibling_text(ctx, relpath) if relpath else None
        if relpath is None or text is None:
            notes.append(Note(str(where), f"files entry {path} cannot be read; not checked"))
            continue
        found.append(Entry(key or posixpath.basename(path), text, Location(relpath, 1)))
    return found


def _envs(
    k: _Kustomization, item: dict[Any, Any], ctx: ScanContext, notes: list[Note]
) -> list[Entry]:
    refs = as_list(item.get("envs")) + ([item["env"]] if isinstance(item.get("env"), str) else [])
    found: list[Entry] = []
    for ref in refs:
        relpath = resolve_reference(k.folder, ref) if isinstance(ref, str) else None
        text = sibling_text(ctx, relpath) if relpath else None
        if relpath is None or text is None:
            where = Location(k.relpath, key_line(item, "envs") or key_line(item, "env"))
            notes.append(Note(str(where), f"env file {ref} cannot be read; not checked"))
            continue
        found.extend(env_file_entries(relpath, text))
    return found


def own_generators(
    k: _Kustomization, ctx: ScanContext, notes: list[Note]
) -> list[tuple[Generated, str]]:
    """(object, behavior) for each generator this kustomization declares itself."""
    found: list[tuple[Generated, str]] = []
    for section, kind in _GENERATORS.items():
        for item in as_list(k.doc.get(section)):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                continue
            entries = _envs(k, item, ctx, notes) + _literals(k, item) + _files(k, item, ctx, notes)
            behavior = str(item.get("behavior") or "create")
            found.append((Generated(kind, item["name"], entries, k.relpath), behavior))
    return found


def _bases(k: _Kustomization, ctx: ScanContext) -> list[str]:
    """The kustomization files this one builds on (``resources:`` and ``bases:`` folders)."""
    found: list[str] = []
    for ref in as_list(k.doc.get("resources")) + as_list(k.doc.get("bases")):
        folder = resolve_reference(k.folder, ref) if isinstance(ref, str) else None
        target = _kustomization_in(ctx, folder) if folder is not None else None
        if target:
            found.append(target)
    return found


def built(
    k: _Kustomization, ctx: ScanContext, notes: list[Note], depth: int = 0
) -> list[Generated]:
    """Every generated object of a kustomization, its bases' first, overlays applied."""
    objects: dict[tuple[str, str], Generated] = {}
    if depth < _MAX_BASES:
        for base_path in _bases(k, ctx):
            base = _load(ctx, base_path)
            for obj in built(base, ctx, notes, depth + 1) if base else []:
                objects[(obj.kind, obj.name)] = obj
    for obj, behavior in own_generators(k, ctx, notes):
        earlier = objects.get((obj.kind, obj.name))
        if earlier is not None and behavior == "merge":
            obj.entries = layered(earlier.entries, obj.entries)
        objects[(obj.kind, obj.name)] = obj
    return list(objects.values())


def _resource_files(k: _Kustomization, ctx: ScanContext) -> list[str]:
    """Manifest files a kustomization lists under ``resources:`` (folders are bases)."""
    return _manifest_refs(k.folder, as_list(k.doc.get("resources")))


def _manifest_refs(folder: str, refs: list[Any]) -> list[str]:
    """The YAML files among written references (a folder is a base, a URL a remote one)."""
    found: list[str] = []
    for ref in refs:
        if not isinstance(ref, str) or "\n" in ref or "://" in ref:
            continue  # an inline patch, or a remote resource
        path = resolve_reference(folder, ref)
        if path is not None and path.endswith((".yaml", ".yml")):
            found.append(path)
    return found


def build_inputs(relpath: str, docs: list[Any] | str) -> list[str]:
    """The files a parsed kustomization builds from, for the pre-pass: its ``resources:``
    manifests and its patch files (``patches:`` paths, ``patchesStrategicMerge:``,
    ``patchesJson6902:``). kubectl's reference ("kustomization" fields): resources are
    loaded into the build, patches "modify the known resources"; the result is what
    ``kubectl apply -k`` sends, so none of these files is an object applied by itself."""
    first = as_mapping(docs[0]) if isinstance(docs, list) and docs else None
    if first is None:
        return []
    folder = posixpath.dirname(relpath)
    patch_paths = [
        (as_mapping(entry) or {}).get("path")
        for key in ("patches", "patchesJson6902")
        for entry in as_list(first.get(key))
    ]
    refs = as_list(first.get("resources")) + as_list(first.get("patchesStrategicMerge"))
    return _manifest_refs(folder, refs + patch_paths)


def listed_folders(relpath: str, docs: list[Any] | str) -> list[str]:
    """The folders a parsed kustomization builds on (``resources:`` and ``bases:`` entries
    that are not files), for the pre-pass."""
    first = as_mapping(docs[0]) if isinstance(docs, list) and docs else None
    refs = as_list(first.get("resources")) + as_list(first.get("bases")) if first else []
    folder = posixpath.dirname(relpath)
    found: list[str] = []
    for ref in refs:
        if isinstance(ref, str) and "://" not in ref and not ref.endswith((".yaml", ".yml")):
            path = resolve_reference(folder, ref)
            found += [path] if path is not None else []
    return found


def read_through_builds(inputs: dict[str, list[str]], listed: set[str]) -> frozenset[str]:
    """The inputs of every kustomization whose workloads a build reads: all but a base (a
    folder named ``base``) that no kustomization of the tree builds on, which nobody builds,
    so its manifests are left to the Kubernetes reader as they are."""
    found: set[str] = set()
    for relpath, files in inputs.items():
        folder = posixpath.dirname(relpath)
        if posixpath.basename(folder) not in BASE_FOLDERS or folder in listed:
            found.update(files)
    return frozenset(found)


def built_workloads(
    k: _Kustomization, ctx: ScanContext, notes: list[Note], depth: int = 0
) -> dict[tuple[str, str], Workload]:
    """The workloads a kustomization builds, bases first, its own resources, then its patches."""
    objects: dict[tuple[str, str], Workload] = {}
    if depth < _MAX_BASES:
        for base_path in _bases(k, ctx):
            base = _load(ctx, base_path)
            objects.update(built_workloads(base, ctx, notes, depth + 1) if base else {})
    for relpath in _resource_files(k, ctx):
        text = sibling_text(ctx, relpath)
        if text is not None and "env" in text:
            objects.update(workloads_of(Source(relpath, text), relpath))
    read = functools.partial(sibling_text, ctx)
    for source, target in patch_sources(k.relpath, k.doc, read, notes):
        apply_patch(source, target, objects, f"patch {source.relpath}")
    return objects


def _built_environment(k: _Kustomization, entries: list[Entry]) -> str:
    """The built object's environment: the kustomization's ``namespace:`` (it overrides every
    object's own), an ``APP_ENV``-style variable, else the overlay's path."""
    namespace = k.doc.get("namespace")
    return pick_environment(
        environment_from_text(namespace) if isinstance(namespace, str) else None,
        environment_from_variables((e.name, e.raw) for e in entries),
        environment_from_path(k.relpath),
    )


def _workload_units(k: _Kustomization, ctx: ScanContext, notes: list[Note]) -> CollectResult:
    """One set per container of each workload the kustomization builds, environment the
    overlay's. A workload no patch touches is sent as its manifest says (the Kubernetes
    reader skips manifests a kustomization lists, so this is where they are read); a
    patched container's lone half is held, as its other half may come from a Secret."""
    patched, plain = CollectResult(), CollectResult()
    for (kind, name), workload in built_workloads(k, ctx, notes).items():
        for container in workload.containers:
            entries = workload.entries(container)
            unit = Unit(
                scope=f"kustomize:{kind}/{name}/{container}@{k.relpath}",
                source_kind="kustomize-patch" if workload.patched else "k8s-env",
                consumer=f"{CONSUMER} (patched {kind})" if workload.patched else CONSUMER,
                environment=_built_environment(k, entries),
                service=service_from_name(name) or service_from_path(k.relpath, ctx.root_name),
                hints=(k.relpath, name),
                named_environment=not workload.patched,
            )
            (patched if workload.patched else plain).extend(emit(entries, unit))
    plain.extend(hold_halves(patched, "this patched container", "a Secret or ConfigMap it loads"))
    return plain


#: Folder names that say "a base for overlays elsewhere": never deployed on their own.
BASE_FOLDERS = frozenset({"base", "bases"})


def is_built_upon(ctx: ScanContext, relpath: str) -> bool:
    """Whether this kustomization is a base: its folder is named ``base``, or another
    kustomization near it (its parent's folders, two levels down) lists it as a base."""
    folder = posixpath.dirname(relpath)
    if posixpath.basename(folder) in BASE_FOLDERS:
        return True
    near = posixpath.dirname(folder)
    for candidate_folder in folders_below(ctx, near, 2):
        candidate = _kustomization_in(ctx, candidate_folder)
        if candidate is None or candidate == relpath:
            continue
        other = _load(ctx, candidate)
        if other is not None and relpath in _bases(other, ctx):
            return True
    return False


def _unit(obj: Generated, relpath: str, ctx: ScanContext) -> Unit:
    service = service_from_name(obj.name) or service_from_path(relpath, ctx.root_name)
    return Unit(
        scope=f"kustomize:{obj.kind}/{obj.name}@{relpath}",
        source_kind=f"kustomize-{obj.kind.lower()}",
        consumer=CONSUMER,
        environment=pick_environment(environment_from_path(relpath)),
        service=ctx.secret_users.get(obj.name) or service,
        hints=(relpath, obj.name),
    )


def _classified(obj: Generated, ctx: ScanContext) -> list[Entry]:
    """Secret keys carry the variable name a workload loads them into."""
    if obj.kind != "Secret":
        return obj.entries
    names = ctx.secret_key_names
    return [Entry(e.name, e.raw, e.location, names.get((obj.name, e.name))) for e in obj.entries]


class KustomizeCollector:
    """Reads kustomize generators through their overlays (see the module docstring)."""

    name = "kustomize"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] in NAMES

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        if b"Generator" not in source.data and b"resources" not in source.data:
            return CollectResult()
        docs = ctx.documents.load(source.relpath, text)
        if isinstance(docs, str):
            return CollectResult(notes=[Note(source.relpath, docs)])
        k = _load(ctx, source.relpath, text)
        if k is None or is_built_upon(ctx, source.relpath):
            return CollectResult()  # nothing to build, or read through its overlays
        notes: list[Note] = []
        result = CollectResult()
        for obj in built(k, ctx, notes):
            result.extend(emit(_classified(obj, ctx), _unit(obj, source.relpath, ctx)))
        result.extend(_workload_units(k, ctx, notes))
        result.notes[:0] = list(dict.fromkeys(notes))
        return result
