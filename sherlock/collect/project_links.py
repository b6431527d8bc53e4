"""Which deployments elsewhere in the tree start a framework project: concrete evidence only.

Most repositories keep the deployment apart from the code: ``deploy/docker-compose.yml``
builds ``../api``, a Kubernetes Deployment runs the image the project's build produces. A
deployment is tied to a project folder here only by one of these facts, never by a name that
looks alike:

* a compose service's ``build:`` (a string or ``{context: …}``) that resolves to the folder,
  from wherever the compose file sits (:func:`sherlock.collect.compose_links.built_folder`);
* an image reference equal to one the project's build names, compared as Docker normalises
  references (tag and digest dropped, ``docker.io/`` and ``library/`` implied; nothing else):

  - Jib: ``<to><image>`` of ``jib-maven-plugin`` or the ``jib.to.image`` property in
    ``pom.xml``; ``jib.to.image = '…'`` or ``jib { to { image = '…' } }`` in
    ``build.gradle(.kts)`` (Jib's Maven and Gradle plugin docs: the image ``to`` pushes);
  - Spring Boot's ``build-image``: ``spring-boot-maven-plugin``'s ``<image><name>`` (or the
    ``spring-boot.build-image.imageName`` property) and Gradle's ``bootBuildImage``
    ``imageName`` (its default, ``docker.io/library/${artifactId}:${version}``, is a guess
    from the artifact id, so it is not used);
  - the .NET SDK's container publishing: ``<ContainerRepository>`` (after an optional
    ``<ContainerRegistry>``; the older ``<ContainerImageName>`` too) in a ``.csproj``; its
    default, the assembly name, is again a guess and is not used;
  - skaffold: each ``build.artifacts[]`` entry names an ``image`` and the ``context`` folder it
    is built from (default ``.``, relative to ``skaffold.yaml``); skaffold rewrites every
    manifest ``image:`` of that name, so a workload running it runs that folder's code.

  A value still holding a property (``${project.version}`` in a name's tag is dropped with
  the tag; ``${image.name}`` as the name) cannot be compared and links nothing.

A linked workload's ``envFrom``/``valueFrom`` references are followed to the Secret or
ConfigMap of that name in the workload's namespace (else the tree's only one of that name);
such an object's lone half is then judged in the project's run (:func:`held_for_store`), as a
linked workload's own is (:func:`held_for_image`).

The files are found by a walk of folder names (the walker's skipped folders skipped, a depth
and a folder bound kept) done once per scan, and only when a framework project asks; each
build file is read once per scan, and a manifest is parsed only when its bytes hold one of
the project's image names.
"""

from __future__ import annotations

import os
import posixpath
import re
import weakref
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext
from sherlock.collect.compose import is_compose_name
from sherlock.collect.compose_links import config_files, hold_carried
from sherlock.collect.emit import Entry
from sherlock.collect.k8s import containers, pod_spec, stored_entries
from sherlock.collect.walk import decode_text, read_inside, resolve_reference, skip_dir
from sherlock.collect.yamlio import DocumentCache, as_list, as_mapping, source_lines

_MAX_DEPTH = 8
_MAX_FOLDERS = 20_000
_SKAFFOLD = frozenset({"skaffold.yaml", "skaffold.yml"})
_GRADLE = frozenset({"build.gradle", "build.gradle.kts"})

_POM_TO = re.compile(r"<to>(.*?)</to>", re.DOTALL)
_POM_IMAGE = re.compile(r"<image>\s*([^<\s]+)\s*</image>")
_POM_BUILD_IMAGE = re.compile(r"<image>(?:(?!</image>).)*?<name>\s*([^<\s]+)\s*</name>", re.DOTALL)
_POM_PROPERTY = re.compile(
    r"<(jib\.to\.image|spring-boot\.build-image\.imageName)>\s*([^<\s]+)\s*</\1>"
)
_GRADLE_PATTERNS = (
    re.compile(r"""jib\.to\.image\s*=\s*['"]([^'"]+)['"]"""),
    re.compile(r"""\bto\s*\{[^{}]*?\bimage\s*=\s*['"]([^'"]+)['"]""", re.DOTALL),
    re.compile(r"""\bimageName(?:\.set\(\s*|\s*=\s*)['"]([^'"]+)['"]"""),
)
_CSPROJ_REPOSITORY = re.compile(
    r"<(ContainerRepository|ContainerImageName)>\s*([^<\s]+)\s*</\1>", re.IGNORECASE
)
_CSPROJ_REGISTRY = re.compile(r"<ContainerRegistry>\s*([^<\s]+)\s*</ContainerRegistry>", re.I)


@dataclass(frozen=True)
class TreeFiles:
    """The files of the tree a deployment or an image's origin may be read from (paths only)."""

    compose: tuple[str, ...]
    manifests: tuple[str, ...]  # other ``*.yaml``/``*.yml``: Kubernetes workloads may be there
    skaffold: tuple[str, ...]
    builds: tuple[str, ...]  # pom.xml, build.gradle(.kts), *.csproj


_TREES: weakref.WeakKeyDictionary[DocumentCache, TreeFiles] = weakref.WeakKeyDictionary()
_IMAGES: weakref.WeakKeyDictionary[DocumentCache, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def normalized(image: str) -> str | None:
    """An image reference as Docker compares it: no digest, no tag, no implied ``docker.io/``
    or ``library/``; None when it still holds an unresolved property or variable."""
    name = image.strip().strip("'\"").split("@", 1)[0]
    head, _, last = name.rpartition("/")
    name = f"{head}/{last.split(':', 1)[0]}" if head else last.split(":", 1)[0]
    for prefix in ("docker.io/", "index.docker.io/", "library/"):
        name = name.removeprefix(prefix)
    if not name or "$" in name or "{" in name or "(" in name:
        return None
    return name


def _walk(ctx: ScanContext) -> Iterator[tuple[str, str]]:
    """(folder, file name) of the tree, skipping what the walker skips, within the bounds."""
    pending: list[tuple[str, int]] = [("", 0)]
    seen = 0
    while pending and seen < _MAX_FOLDERS:
        folder, depth = pending.pop()
        seen += 1
        try:
            with os.scandir(ctx.root / folder if folder else ctx.root) as entries:
                found = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        except OSError:
            continue
        for name, is_dir in sorted(found):
            if not is_dir:
                yield folder, name
            elif depth < _MAX_DEPTH and not skip_dir(name) and not name.startswith("."):
                pending.append((posixpath.join(folder, name) if folder else name, depth + 1))


def tree_files(ctx: ScanContext) -> TreeFiles:
    """The candidate files of the scan's tree, listed once per scan."""
    known = _TREES.get(ctx.documents)
    if known is not None:
        return known
    found: dict[str, list[str]] = defaultdict(list)
    for folder, name in _walk(ctx):
        relpath = posixpath.join(folder, name) if folder else name
        if is_compose_name(name):
            found["compose"].append(relpath)
        elif name in _SKAFFOLD:
            found["skaffold"].append(relpath)
        elif name.endswith((".yaml", ".yml")):
            found["manifests"].append(relpath)
        elif name == "pom.xml" or name in _GRADLE or name.endswith(".csproj"):
            found["builds"].append(relpath)
    files = TreeFiles(*(tuple(sorted(found[k])) for k in TreeFiles.__dataclass_fields__))
    _TREES[ctx.documents] = files
    return files


def read(ctx: ScanContext, relpath: str) -> str | None:
    """A file's text, or None when it cannot be read as text."""
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    return None if isinstance(data, str) else decode_text(data)[0]


def build_images(relpath: str, text: str) -> list[str]:
    """The image names a project's build file says its build produces (see the docstring)."""
    name = posixpath.basename(relpath)
    if name == "pom.xml":
        found = [m for block in _POM_TO.findall(text) for m in _POM_IMAGE.findall(block)]
        found += _POM_BUILD_IMAGE.findall(text)
        found += [value for _key, value in _POM_PROPERTY.findall(text)]
    elif name in _GRADLE:
        found = [m for pattern in _GRADLE_PATTERNS for m in pattern.findall(text)]
    else:
        registry = _CSPROJ_REGISTRY.search(text)
        prefix = f"{registry[1].rstrip('/')}/" if registry else ""
        found = [prefix + value for _key, value in _CSPROJ_REPOSITORY.findall(text)]
    return [image for raw in found if (image := normalized(raw)) is not None]


def _skaffold_artifacts(ctx: ScanContext, relpath: str) -> Iterator[tuple[str, str]]:
    """(image, project folder) of each artifact of a skaffold config (every document)."""
    text = read(ctx, relpath)
    docs = ctx.documents.load(relpath, text) if text is not None else []
    folder = posixpath.dirname(relpath)
    for doc in docs if isinstance(docs, list) else []:
        build = as_mapping((as_mapping(doc) or {}).get("build")) or {}
        for artifact in as_list(build.get("artifacts")):
            spec = as_mapping(artifact) or {}
            image, context = spec.get("image"), spec.get("context", ".")
            if not isinstance(image, str) or not isinstance(context, str):
                continue
            target = resolve_reference(folder, context)
            name = normalized(image)
            if target is not None and name is not None:
                yield name, "" if target == "." else target


def image_projects(ctx: ScanContext) -> dict[str, frozenset[str]]:
    """Every image name the tree's builds produce → the project folders that build it."""
    known = _IMAGES.get(ctx.documents)
    if known is not None:
        return known
    found: dict[str, set[str]] = defaultdict(set)
    files = tree_files(ctx)
    for relpath in files.builds:
        text = read(ctx, relpath)
        for image in build_images(relpath, text) if text is not None else []:
            found[image].add(posixpath.dirname(relpath))
    for relpath in files.skaffold:
        for image, project in _skaffold_artifacts(ctx, relpath):
            found[image].add(project)
    images = {image: frozenset(projects) for image, projects in found.items()}
    _IMAGES[ctx.documents] = images
    return images


def images_of(ctx: ScanContext, project: str) -> frozenset[str]:
    """The image names the tree says are built from ``project``."""
    return frozenset(i for i, projects in image_projects(ctx).items() if project in projects)


_CONSULTED: weakref.WeakKeyDictionary[DocumentCache, set[str]] = weakref.WeakKeyDictionary()


def consulted_tree(ctx: ScanContext, relpath: str) -> bool:
    """Whether reading ``relpath`` in this scan looked at other files (a workload's lone half
    asked which project runs its image): a warm index must not keep that parse, because a
    change to the build that names the image changes it."""
    return relpath in _CONSULTED.get(ctx.documents, ())


def _consult(ctx: ScanContext, relpath: str) -> None:
    _CONSULTED.setdefault(ctx.documents, set()).add(relpath)


def held_for_image(
    result: CollectResult, image: str, workload: str, ctx: ScanContext, relpath: str = ""
) -> CollectResult:
    """A workload's result with each lone half moved to a note when the run of a project
    whose build names ``image`` carries it (:func:`.compose_links.hold_carried`)."""

    def configs() -> list[tuple[str, str]]:
        _consult(ctx, relpath)
        name = normalized(image)
        projects = image_projects(ctx).get(name, frozenset()) if name else frozenset()
        return [config for project in sorted(projects) for config in config_files(ctx, project)]

    return hold_carried(result, configs, f"whose image {workload} runs", "the workload", ctx)


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

    def configs() -> list[tuple[str, str]]:
        _consult(ctx, relpath)
        projects: set[str] = set()
        for project, key, variable in _store_users(ctx, store):
            projects.add(project)
            for value in result.values:
                if not key or value.name == key:
                    variables.setdefault(value.name, variable if key else variable + value.name)
        return [config for project in sorted(projects) for config in config_files(ctx, project)]

    kind, name, _namespace = store
    how = f"whose workload loads {kind}/{name}"
    return hold_carried(result, configs, how, f"the {kind}", ctx, lambda v: variables.get(v.name))
