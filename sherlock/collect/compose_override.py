"""Compose projects: a base file merged with the override file compose loads beside it.

``docker compose up`` with no ``-f`` reads the first of ``compose.yaml``, ``compose.yml``,
``docker-compose.yml``, ``docker-compose.yaml`` in the folder, then the first of
``compose.override.yml``, ``compose.override.yaml``, ``docker-compose.override.yml``,
``docker-compose.override.yaml``, and merges them as compose-go does: for each service,
``env_file:`` lists are appended (an env file named in both is read once) and
``environment:`` is merged by key, the override winning; secrets are merged by name. The
container then sees the env files' values first and ``environment:`` on top, so an override
that only adds an ``env_file:`` does not beat the base file's ``environment:``.

Each merged service is read as one unit: a value the override replaces is reported at the
override's line, and the base file's value gets the usual "set again … compose uses the
later value" note at its own line. The override file is not read on its own (its services
are part of the project), and every other compose file (``docker-compose.prod.yml``) is read
alone, as before: which ``-f`` files a deploy combines is not known from the tree.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.compose import (
    ComposeCollector,
    ComposeFile,
    ComposeService,
    emit_service,
    env_file_entries,
    environment_entries,
    project_environment,
    read_text,
    secret_entries,
)
from sherlock.collect.walk import is_inside
from sherlock.collect.yamlio import as_mapping, source_lines
from sherlock.models import Note

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_NAMES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)


def _present(ctx: ScanContext, relpath: str) -> bool:
    """Whether compose would load the file and the walker reads it too (inside, not oversized):
    an override is left to its base file only when the base file is really read."""
    path = ctx.root / relpath
    try:
        small = path.is_file() and path.stat().st_size <= ctx.max_file_bytes
    except OSError:
        return False
    return small and is_inside(os.path.realpath(path), os.path.realpath(ctx.root))


def project_files(ctx: ScanContext, folder: str) -> tuple[str | None, str | None]:
    """The base and override files compose would load from ``folder`` (None when absent)."""

    def first(names: tuple[str, ...]) -> str | None:
        for name in names:
            relpath = posixpath.join(folder, name) if folder else name
            if _present(ctx, relpath):
                return relpath
        return None

    base = first(BASE_NAMES)
    return base, first(OVERRIDE_NAMES) if base else None


def _services(docs: list[Any]) -> tuple[dict[Any, Any], dict[Any, Any]]:
    doc = as_mapping(docs[0]) if docs else None
    services = as_mapping(doc.get("services")) if doc else None
    top = as_mapping(doc.get("secrets")) if doc else None
    return services or {}, top or {}


def _dedupe(out: ComposeService) -> None:
    """An env file both files name is read once, at its first place in the order."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for entry in out.env:
        key = (entry.name, str(entry.location))
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    out.env = kept


class _Project:
    """The two parsed files of one compose project and what interpolation can draw on."""

    def __init__(
        self, base: ComposeFile, override: ComposeFile, docs: tuple[list[Any], list[Any]]
    ) -> None:
        self.base, self.override = base, override
        self.base_services, base_top = _services(docs[0])
        self.override_services, override_top = _services(docs[1])
        self.secrets = {**base_top, **override_top}

    def read(self, name: Any) -> CollectResult:
        """One merged service: env files of both, then environment of both, then secrets."""
        out = ComposeService(str(name))
        layers = (
            (as_mapping(self.base_services.get(name)) or {}, self.base),
            (as_mapping(self.override_services.get(name)) or {}, self.override),
        )
        for svc, file in layers:
            env_file_entries(svc, file, out)
        for svc, file in layers:
            environment_entries(svc, file, out)
        _dedupe(out)
        for svc, file in layers:
            secret_entries(svc, self.secrets, file, out)
        return emit_service(out, self.base)

    def collect(self) -> CollectResult:
        result = CollectResult()
        names = list(self.base_services) + [
            n for n in self.override_services if n not in self.base_services
        ]
        for name in names:
            result.extend(self.read(name))
        return result


class ComposeProjectCollector:
    """Compose files, with the default override merged into the base file it overrides."""

    name = "compose"

    def __init__(self) -> None:
        self.single = ComposeCollector()

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return self.single.wants(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.single.matches(relpath, head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        folder = posixpath.dirname(source.relpath)
        base, override = project_files(ctx, folder)
        if base is None or override is None or source.relpath not in (base, override):
            return self.single.collect(source, text, ctx)
        if source.relpath == override:
            return CollectResult()  # read as part of its base file
        return self._merged(source, text, override, ctx)

    def _merged(
        self, source: SourceFile, text: str, override: str, ctx: ScanContext
    ) -> CollectResult:
        base_docs = ctx.documents.load(source.relpath, text)
        if isinstance(base_docs, str):
            return CollectResult(notes=[Note(source.relpath, base_docs)])
        override_text, problem = read_text(ctx, override)
        override_docs = (
            ctx.documents.load(override, override_text) if override_text is not None else problem
        )
        if not isinstance(override_docs, list):
            result = self.single.collect(source, text, ctx)
            message = (
                f"{override_docs}; compose cannot merge it, so {source.relpath} was read alone"
            )
            result.notes.insert(0, Note(override, message))
            return result
        project_env = project_environment(ctx, posixpath.dirname(source.relpath))
        base_file = ComposeFile(source.relpath, source_lines(text), ctx, project_env)
        override_file = ComposeFile(override, source_lines(override_text or ""), ctx, project_env)
        return _Project(base_file, override_file, (base_docs, override_docs)).collect()
