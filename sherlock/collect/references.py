"""The pre-pass: facts one file states about how other files are read.

Before any env file is parsed we must know who loads it: ``docker run --env-file x`` in a
script or Makefile means ``x`` is read with docker's rules, and a compose ``env_file:`` means
compose reads it (per service). Kubernetes workloads say which variable each Secret key
becomes (``secretKeyRef``) and which workload loads a Secret (``envFrom``). All of it is
gathered here from the files the walker already read, into the :class:`ScanContext`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from sherlock.collect.base import ScanContext, SourceFile
from sherlock.collect.compose import compose_references, is_compose_name
from sherlock.collect.k8s import SecretUse, is_manifest, secret_references, uses_secrets
from sherlock.collect.registry import SHELL
from sherlock.collect.shell import docker_env_file_references, is_reference_source
from sherlock.collect.walk import decode_text
from sherlock.collect.yamlio import DocumentCache


def _text(source: SourceFile) -> str | None:
    text, _problem = decode_text(source.data)
    return text


def _consumers(
    files: Sequence[SourceFile], exists: Callable[[str], bool], cache: DocumentCache
) -> dict[str, str]:
    """Who loads which env file; a ``docker run`` reference wins over a compose one, because
    compose-loaded files are read per service by the compose collector anyway."""
    docker: dict[str, str] = {}
    compose: dict[str, str] = {}
    for source in files:
        by_docker = is_reference_source(source.relpath) or SHELL.matches(
            source.relpath, source.data
        )
        by_compose = is_compose_name(source.name) and b"env_file" in source.data
        text = _text(source) if by_docker or by_compose else None
        if text is None:
            continue
        if by_docker:
            docker.update(docker_env_file_references(source.relpath, text, exists))
        if by_compose:
            compose.update(compose_references(source.relpath, cache.load(source.relpath, text)))
    return {**compose, **docker}


def _secret_use(files: Sequence[SourceFile], cache: DocumentCache) -> SecretUse:
    uses = SecretUse({}, defaultdict(set))
    for source in files:
        if not source.relpath.endswith((".yml", ".yaml")) or is_compose_name(source.name):
            continue
        if is_manifest(source.data) and uses_secrets(source.data):
            text = _text(source)
            if text is not None:
                secret_references(cache.load(source.relpath, text), uses)
    return uses


def build_context(
    root: Path,
    files: Sequence[SourceFile],
    *,
    process_env: Mapping[str, str] | None,
    max_file_bytes: int,
) -> ScanContext:
    """The scan context for a tree whose candidate files have been read."""
    walked = {f.relpath for f in files}

    def exists(relpath: str) -> bool:
        return relpath in walked or (root / relpath).is_file()

    cache = DocumentCache()
    uses = _secret_use(files, cache)
    return ScanContext(
        root=root,
        root_name=root.resolve().name or ".",
        env_file_consumers=_consumers(files, exists, cache),
        secret_key_names=dict(uses.key_names),
        secret_users={name: next(iter(w)) for name, w in uses.users.items() if len(w) == 1},
        process_env=process_env,
        max_file_bytes=max_file_bytes,
        documents=cache,
    )
