"""The environment variables a framework project's process is started with, from the tree.

Spring Boot and ASP.NET Core both rank OS environment variables above their config files
(Spring Boot's "Externalized Configuration" order; the default host builder adds the
environment-variables provider after ``appsettings.{Environment}.json``), and both pick
their profile or environment from a variable (``SPRING_PROFILES_ACTIVE``,
``ASPNETCORE_ENVIRONMENT``/``DOTNET_ENVIRONMENT``). So what a project's process really
reads depends on how it is deployed. Two deployments are recognised, because they name the
project's folder themselves:

* a compose service whose ``build:`` context is the project folder, in a compose file in
  that folder or any folder above it: the built image's ``ENV``, then its ``env_file:``
  entries, then ``environment:`` (compose's own order, read with compose's reader);
* else the project's own ``Dockerfile``: its ``ENV`` (last stage).

Each also keeps its command line as text (the Dockerfile's ``ENTRYPOINT``/``CMD`` lines and
the service's ``entrypoint:``/``command:``), where a framework's own switch may sit
(``-Dspring.profiles.active=prod``).

A Kubernetes workload or a compose service that only names an ``image:`` cannot be tied to
a source folder from the tree, so it is not a deployment here.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.compose import (
    ComposeFile,
    ComposeService,
    env_file_entries,
    environment_entries,
    is_compose_name,
    project_environment,
    read_text,
)
from sherlock.collect.compose_image import dockerfile_of
from sherlock.collect.config_layers import sibling_names
from sherlock.collect.dockerfile import read_build
from sherlock.collect.emit import Entry
from sherlock.collect.walk import resolve_reference
from sherlock.collect.yamlio import as_mapping, source_lines

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


def _folders_up(folder: str) -> list[str]:
    """``a/b`` → ``a/b``, ``a``, ``""``: where a compose file that builds ``a/b`` may live."""
    found = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        found.append(folder)
    return found


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


def _command(svc: dict[Any, Any]) -> str:
    """A service's ``entrypoint:`` and ``command:`` as one text (string or list form)."""
    parts: list[str] = []
    for key in ("entrypoint", "command"):
        value = svc.get(key)
        items = value if isinstance(value, list) else [value]
        parts += [str(item) for item in items if isinstance(item, str | int)]
    return " ".join(parts)


def _context(folder: str, build: Any) -> str | None:
    raw = build if isinstance(build, str) else (as_mapping(build) or {}).get("context", ".")
    if not isinstance(raw, str) or "://" in raw:
        return None
    resolved = resolve_reference(folder, raw)
    return None if resolved is None else ("" if resolved == "." else resolved)


def _compose_deployments(ctx: ScanContext, relpath: str, project: str) -> list[Deployment]:
    text, _problem = read_text(ctx, relpath)
    doc = ctx.documents.first_mapping(relpath, text) if text is not None else None
    services = as_mapping(doc.get("services")) if isinstance(doc, dict) else None
    folder = posixpath.dirname(relpath)
    found: list[Deployment] = []
    for name, svc in (services or {}).items():
        if not isinstance(svc, dict) or _context(folder, svc.get("build")) != project:
            continue
        assert text is not None  # services came from it
        file = ComposeFile(relpath, source_lines(text), ctx, project_environment(ctx, folder))
        out = ComposeService(str(name))
        env_file_entries(svc, file, out)
        environment_entries(svc, file, out)
        image = dockerfile_of(folder, svc.get("build"))
        dockerfile = resolve_reference(folder, image[0]) if image else None
        image_env, starts = _image(dockerfile, image[1] if image else None, ctx)
        args = f"{starts} {_command(svc)}".strip()
        found.append(Deployment(f"compose:{name}@{relpath}", (*image_env, *out.env), args))
    return found


def deployments(ctx: ScanContext, project: str) -> list[Deployment]:
    """Every deployment of the project folder the tree shows (see the module docstring)."""
    found: list[Deployment] = []
    for folder in _folders_up(project):
        for name in sibling_names(ctx, folder):
            if is_compose_name(name):
                found += _compose_deployments(ctx, posixpath.join(folder, name), project)
    if found:
        return found
    dockerfile = posixpath.join(project, "Dockerfile") if project else "Dockerfile"
    image_env, starts = _image(dockerfile, None, ctx)
    if not image_env and not starts:
        return []
    return [Deployment(f"image ENV ({dockerfile})", tuple(image_env), starts)]
