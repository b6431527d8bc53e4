"""The environment variables a framework project's process is started with, from the tree.

Spring Boot and ASP.NET Core both rank OS environment variables above their config files
(Spring Boot's "Externalized Configuration" order; the default host builder adds the
environment-variables provider after ``appsettings.{Environment}.json``), and both pick
their profile or environment from a variable (``SPRING_PROFILES_ACTIVE``,
``ASPNETCORE_ENVIRONMENT``/``DOTNET_ENVIRONMENT``). So what a project's process really
reads depends on how it is deployed. A deployment counts only when the tree ties it to the
project's folder by concrete evidence (:mod:`sherlock.collect.project_links`):

* a compose service, in a compose file anywhere in the tree (the project's folder, a parent,
  a sibling such as ``deploy/``), whose ``build:`` context is the project folder, or whose
  ``image:`` is the very image the project's build names (Jib, Spring Boot ``build-image``,
  ``ContainerRepository``, a skaffold artifact): the built image's ``ENV`` (built services
  only), then its ``env_file:`` entries, then ``environment:`` (compose's own order, read with
  compose's reader);
* a Kubernetes workload (``Deployment``, ``StatefulSet``, ``Pod``…) whose container runs such
  an image: the Secrets and ConfigMaps of the tree its ``envFrom`` loads, then its ``env:``
  entries, literal or ``secretKeyRef``/``configMapKeyRef`` (Kubernetes' order: ``env`` wins),
  each at the line that holds the value (:func:`.workload_stores.referenced_env`).
  A manifest a kustomization builds is left out (``kubectl apply -k`` sends it patched, never
  as written), and a Helm template's ``{{ .Values… }}`` image names no image;
* else the project's own ``Dockerfile``: its ``ENV`` (last stage).

Each also keeps its command line as text (the Dockerfile's ``ENTRYPOINT``/``CMD`` lines, the
service's ``entrypoint:``/``command:``, the container's ``command:``/``args:``), where a
framework's own switch may sit (``-Dspring.profiles.active=prod``).

An image that only resembles the project's (another registry, a longer name) links nothing.
"""

from __future__ import annotations

import posixpath
import re
import weakref
from dataclasses import dataclass, replace
from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.compose import (
    ComposeFile,
    ComposeService,
    env_file_entries,
    environment_entries,
    project_environment,
    read_text,
)
from sherlock.collect.compose_image import dockerfile_of
from sherlock.collect.compose_links import built_folder
from sherlock.collect.dockerfile import read_build
from sherlock.collect.emit import Entry
from sherlock.collect.k8s import containers, literal_env, pod_spec
from sherlock.collect.project_links import (
    images_of,
    normalized,
    read,
    tree_files,
)
from sherlock.collect.walk import resolve_reference
from sherlock.collect.workload_stores import referenced_env
from sherlock.collect.yamlio import DocumentCache, as_mapping, source_lines

_STARTS = re.compile(r"^\s*(?:ENTRYPOINT|CMD)\s+(.*)$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Deployment:
    """One way the tree starts the project: a label for evidence and its variables, weaker
    first, each tagged with the layer it came from (``image ENV (…)``, ``environment:``)."""

    label: str
    entries: tuple[Entry, ...]
    args: str = ""  # the command line it starts with (compose command/entrypoint, CMD/ENTRYPOINT)

    def value(self, *names: str) -> str | None:
        """The value the process gets for the first of ``names`` that is set."""
        for name in names:
            found = [e.raw for e in self.entries if e.name == name]
            if found:
                return found[-1]
        return None


def _image(relpath: str | None, target: str | None, ctx: ScanContext) -> tuple[list[Entry], str]:
    """The ``ENV`` entries of the Dockerfile's target stage (else its last stage), and the
    text of its ``ENTRYPOINT``/``CMD`` lines (what a JVM option or argument may sit in)."""
    text, _problem = read_text(ctx, relpath) if relpath else (None, "")
    if relpath is None or text is None:
        return [], ""
    stages = read_build(relpath, text).stages
    named = [s for s in stages if target and s.name.lower() == target.lower()]
    stage = named[0] if named else (stages[-1] if stages else None)
    layer = f"image ENV ({relpath})"
    env = [Entry(e.name, e.raw, e.location, layer=layer) for e in (stage.env if stage else [])]
    return env, " ".join(m[1] for m in _STARTS.finditer(text))


def _command(svc: dict[Any, Any], keys: tuple[str, ...] = ("entrypoint", "command")) -> str:
    """A service's ``entrypoint:`` and ``command:`` (a container's ``command:`` and ``args:``)
    as one text (string or list form)."""
    parts: list[str] = []
    for key in keys:
        value = svc.get(key)
        items = value if isinstance(value, list) else [value]
        parts += [str(item) for item in items if isinstance(item, str | int)]
    return " ".join(parts)


def _compose_deployments(
    ctx: ScanContext, relpath: str, project: str, images: frozenset[str]
) -> list[Deployment]:
    """The services of one compose file that build the project folder or run its image."""
    text, _problem = read_text(ctx, relpath)
    doc = ctx.documents.first_mapping(relpath, text) if text is not None else None
    services = as_mapping(doc.get("services")) if isinstance(doc, dict) else None
    folder = posixpath.dirname(relpath)
    found: list[Deployment] = []
    for name, svc in (services or {}).items():
        if not isinstance(svc, dict) or not _starts_project(svc, folder, project, images):
            continue
        assert text is not None  # services came from it
        file = ComposeFile(relpath, source_lines(text), ctx, project_environment(ctx, folder))
        out = ComposeService(str(name))
        env_file_entries(svc, file, out)
        environment_entries(svc, file, out)
        built = dockerfile_of(folder, svc.get("build")) if "build" in svc else None
        dockerfile = resolve_reference(folder, built[0]) if built else None
        image_env, starts = _image(dockerfile, built[1] if built else None, ctx)
        args = f"{starts} {_command(svc)}".strip()
        found.append(Deployment(f"compose:{name}@{relpath}", (*image_env, *out.env), args))
    return found


def _starts_project(svc: dict[Any, Any], folder: str, project: str, images: frozenset[str]) -> bool:
    """A service builds the project folder, or (building nothing) runs the project's image."""
    if "build" in svc:
        return built_folder(folder, svc.get("build")) == project
    image = svc.get("image")
    return isinstance(image, str) and normalized(image) in images


def _k8s_deployments(ctx: ScanContext, relpath: str, images: frozenset[str]) -> list[Deployment]:
    """Each container of a manifest's workloads that runs one of the project's images."""
    text = read(ctx, relpath)
    if text is None or not any(image in text for image in images):
        return []  # the bytes name none of the images: nothing to parse
    docs = ctx.documents.load(relpath, text)
    lines = source_lines(text)
    found: list[Deployment] = []
    for doc in docs if isinstance(docs, list) else []:
        mapping = as_mapping(doc) or {}
        kind = str(mapping.get("kind") or "")
        spec = pod_spec(mapping, kind)
        meta = as_mapping(mapping.get("metadata")) or {}
        name, namespace = str(meta.get("name") or ""), str(meta.get("namespace") or "")
        for container in containers(spec) if spec is not None else []:
            image = container.get("image")
            if not isinstance(image, str) or normalized(image) not in images:
                continue
            layer = f"env: ({relpath})"
            env = referenced_env(container, namespace, relpath, ctx)
            env += [replace(e, layer=layer) for e in literal_env(container, relpath, lines)]
            label = f"k8s:{kind}/{name}/{container.get('name', '')}@{relpath}"
            found.append(Deployment(label, tuple(env), _command(container, ("command", "args"))))
    return found


def _linked(ctx: ScanContext, project: str) -> list[Deployment]:
    """Every compose service and workload the tree ties to the project (no Dockerfile)."""
    files = tree_files(ctx)
    images = images_of(ctx, project)
    found: list[Deployment] = []
    for relpath in files.compose:
        found += _compose_deployments(ctx, relpath, project, images)
    for relpath in files.manifests if images else ():
        if relpath not in ctx.kustomize_inputs:  # kustomize applies it patched, never as is
            found += _k8s_deployments(ctx, relpath, images)
    return found


_DEPLOYMENTS: weakref.WeakKeyDictionary[DocumentCache, dict[str, list[Deployment]]] = (
    weakref.WeakKeyDictionary()
)


def deployments(ctx: ScanContext, project: str) -> list[Deployment]:
    """Every deployment of the project folder the tree shows (see the module docstring),
    found once per scan: each of the project's config files asks."""
    known = _DEPLOYMENTS.setdefault(ctx.documents, {})
    if project in known:
        return list(known[project])
    found = _linked(ctx, project)
    if not found:
        dockerfile = posixpath.join(project, "Dockerfile") if project else "Dockerfile"
        image_env, starts = _image(dockerfile, None, ctx)
        if image_env or starts:
            found = [Deployment(f"image ENV ({dockerfile})", tuple(image_env), starts)]
    known[project] = found
    return list(found)
