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
    ``pom.xml``; ``jib.to.image = '…'``, ``jib { to.image = … }`` or ``jib { to { image = … } }`` in
    ``build.gradle(.kts)`` (Jib's Maven and Gradle plugin docs: the image ``to`` pushes);
  - Spring Boot's ``build-image``: ``spring-boot-maven-plugin``'s ``<image><name>`` (or the
    ``spring-boot.build-image.imageName`` property) and Gradle's ``bootBuildImage``
    ``imageName`` (Spring Boot's Maven and Gradle plugin docs, "Packaging OCI Images"; its
    default, ``docker.io/library/${artifactId}:${version}``, is a guess from the artifact
    id, so it is not used);
  - the .NET SDK's container publishing: ``<ContainerRepository>`` (after an optional
    ``<ContainerRegistry>``; the older ``<ContainerImageName>`` too) in a ``.csproj``; its
    default, the assembly name, is again a guess and is not used (Microsoft Learn,
    "Containerize a .NET app reference");
  - skaffold: each ``build.artifacts[]`` entry (and each of a profile's ``build``) names an
    ``image`` and the ``context`` folder it is built from (default ``.``, relative to
    ``skaffold.yaml``); skaffold rewrites every manifest ``image:`` of that name, so a
    workload running it runs that folder's code (skaffold.dev: the ``skaffold.yaml``
    schema and the rawYaml renderer, which replaces ``image:`` fields).

  A value still holding a property (``${project.version}`` in a name's tag is dropped with
  the tag; ``${image.name}`` as the name) cannot be compared and links nothing.

A linked workload's ``envFrom``/``valueFrom`` references are followed to the tree's Secrets
and ConfigMaps (:mod:`.workload_stores`); a linked workload's lone half, and such an object's,
is judged in the project's run (:func:`held_for_image`,
:func:`.workload_stores.held_for_store`).

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
from sherlock.collect.consulted import mark_consulted
from sherlock.collect.walk import decode_text, read_inside, resolve_reference, skip_dir
from sherlock.collect.yamlio import DocumentCache, as_list, as_mapping

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
    re.compile(r"""\bto\.image\s*=\s*['"]([^'"]+)['"]"""),  # jib.to.image, jib { to.image }
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


#: the only file endings a deployment, a skaffold config or a build file can have
_ENDINGS = (".yaml", ".yml", ".xml", ".gradle", ".kts", ".csproj")


def _enters(name: str, depth: int) -> bool:
    return depth < _MAX_DEPTH and not name.startswith(".") and not skip_dir(name)


def _walk(ctx: ScanContext) -> Iterator[tuple[str, str]]:
    """(folder, file name) of the tree's files with one of :data:`_ENDINGS`, skipping what
    the walker skips, within the bounds (the name test is one C call per entry)."""
    pending: list[tuple[str, int]] = [("", 0)]
    seen = 0
    while pending and seen < _MAX_FOLDERS:
        folder, depth = pending.pop()
        seen += 1
        try:
            with os.scandir(ctx.root / folder if folder else ctx.root) as entries:
                for entry in entries:
                    name = entry.name
                    if name.endswith(_ENDINGS):
                        if entry.is_file():
                            yield folder, name
                    elif entry.is_dir(follow_symlinks=False) and _enters(name, depth):
                        pending.append((f"{folder}/{name}" if folder else name, depth + 1))
        except OSError:
            continue


def tree_files(ctx: ScanContext) -> TreeFiles:
    """The candidate files of the scan's tree, listed once per scan."""
    known = _TREES.get(ctx.documents)
    if known is not None:
        return known
    found: dict[str, list[str]] = defaultdict(list)
    for folder, name in _walk(ctx):
        relpath = f"{folder}/{name}" if folder else name
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


def _builds(doc: Any) -> Iterator[dict[Any, Any]]:
    """A skaffold config's ``build`` and each of its ``profiles[].build`` (which replace it
    when the profile is active: any of them may be what deploys)."""
    mapping = as_mapping(doc) or {}
    for holder in [mapping, *(as_mapping(p) or {} for p in as_list(mapping.get("profiles")))]:
        build = as_mapping(holder.get("build"))
        if build is not None:
            yield build


def _skaffold_artifacts(ctx: ScanContext, relpath: str) -> Iterator[tuple[str, str]]:
    """(image, project folder) of each artifact of a skaffold config (every document)."""
    text = read(ctx, relpath)
    docs = ctx.documents.load(relpath, text) if text is not None else []
    folder = posixpath.dirname(relpath)
    for build in (b for doc in (docs if isinstance(docs, list) else []) for b in _builds(doc)):
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


def held_for_image(
    result: CollectResult, image: str, workload: str, ctx: ScanContext, relpath: str = ""
) -> CollectResult:
    """A workload's result with each lone half moved to a note when the run of a project
    whose build names ``image`` carries it (:func:`.compose_links.hold_carried`)."""

    def configs() -> list[tuple[str, str]]:
        mark_consulted(ctx, relpath)
        name = normalized(image)
        projects = image_projects(ctx).get(name, frozenset()) if name else frozenset()
        return [config for project in sorted(projects) for config in config_files(ctx, project)]

    return hold_carried(result, configs, f"whose image {workload} runs", "the workload", ctx)
