"""The pre-pass: facts one file states about how other files are read.

Before any env file is parsed we must know who loads it: ``docker run --env-file x`` in a
script or Makefile means ``x`` is read with docker's rules, a script that sources it, a
Makefile that includes it or a systemd unit's ``EnvironmentFile=`` each read it their own way
(:mod:`.env_consumers`), and a compose ``env_file:`` means compose reads it (per service).
Kubernetes workloads say which variable each Secret key becomes (``secretKeyRef``) and which
workload loads a Secret (``envFrom``); kustomizations say which manifests and patches are
inputs of their build rather than objects applied alone. All of it is gathered here from
the files the walker already read, into the :class:`ScanContext`.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from sherlock.collect.base import ScanContext, SourceFile, lacks_all
from sherlock.collect.compose import compose_references, is_compose_name
from sherlock.collect.dialects import COMPOSE, parse_env_text
from sherlock.collect.env_consumers import (
    SYSTEMD_FILE,
    Reference,
    make_includes,
    script_references,
)
from sherlock.collect.framework_dotenv import MANIFESTS, claim_env_files
from sherlock.collect.framework_dotenv import NEEDLES as FRAMEWORK_NEEDLES
from sherlock.collect.k8s import SecretUse, is_manifest, secret_references, uses_secrets
from sherlock.collect.kustomize import NAMES as KUSTOMIZATIONS
from sherlock.collect.kustomize import build_inputs, listed_folders, read_through_builds
from sherlock.collect.laravel_cache import claim_env as claim_cached_env
from sherlock.collect.procfile import is_procfile_name
from sherlock.collect.registry import COLLECTORS, SHELL
from sherlock.collect.shell import docker_env_file_references, is_reference_source
from sherlock.collect.systemd import environment_file_references, is_unit_name
from sherlock.collect.walk import decode_text, skip_dir
from sherlock.collect.yamlio import DocumentCache


def _text(source: SourceFile) -> str | None:
    text, _problem = decode_text(source.data)
    return text


def _loads(
    source: SourceFile, text: str, exists: Callable[[str], bool], walked: Sequence[str]
) -> Iterator[Reference]:
    """Every (env file, dialect, this file) that one script, Makefile or unit states."""
    relpath = source.relpath
    if is_unit_name(relpath):
        for target, unit in environment_file_references(relpath, text, exists, walked):
            yield target, SYSTEMD_FILE, unit
        return
    makefile = is_reference_source(relpath)
    if makefile:
        yield from make_includes(relpath, text, exists)
    yield from script_references(relpath, text, exists, makefile=makefile)
    for target, consumer in docker_env_file_references(relpath, text, exists).items():
        yield target, consumer, relpath


def _is_env_target(relpath: str) -> bool:
    """Scripts and Makefiles pulled in by others are read as what they are, not as env files,
    and a virtualenv's ``activate`` (or anything in a folder the walker skips) not at all."""
    if is_reference_source(relpath) or SHELL.wants(relpath):
        return False
    if any(skip_dir(part) for part in relpath.split("/")[:-1]):
        return False
    return not any(c.wants(relpath) for name, c in COLLECTORS.items() if name != "dotenv")


def _is_loader(source: SourceFile) -> bool:
    return (
        is_reference_source(source.relpath)
        or is_unit_name(source.relpath)
        or SHELL.matches(source.relpath, source.data)
        or is_procfile_name(source.relpath)  # process lines run through sh -c
    )


def _consumers(
    files: Sequence[SourceFile], exists: Callable[[str], bool], cache: DocumentCache
) -> tuple[dict[str, str], dict[str, tuple[tuple[str, str], ...]]]:
    """Who loads which env file: one consumer per file (compose, or the first other reader,
    so files with any name get read) and every (dialect, loader) per file."""
    compose: dict[str, str] = {}
    readers: dict[str, dict[tuple[str, str], None]] = {}
    walked = [f.relpath for f in files]
    by_path = {f.relpath: f for f in files}
    for source in files:
        by_compose = is_compose_name(source.name) and b"env_file" in source.data
        loader = _is_loader(source)
        text = _text(source) if loader or by_compose else None
        if text is None:
            continue
        if loader:
            for target, dialect, via in _loads(source, text, exists, walked):
                if _is_env_target(target):
                    readers.setdefault(target, {})[(dialect, via)] = None
        if by_compose:
            docs = cache.load(source.relpath, text)
            project = _project_env(by_path, posixpath.dirname(source.relpath))
            compose.update(compose_references(source.relpath, docs, project))
    first = {path: next(iter(pairs))[0] for path, pairs in readers.items()}
    return {**compose, **first}, {path: tuple(pairs) for path, pairs in readers.items()}


def _project_env(files: Mapping[str, SourceFile], folder: str) -> dict[str, str]:
    """The values of a compose project's ``.env``, read as compose reads it: what an
    ``env_file: .env.${APP_ENV}`` path is filled from when no shell says otherwise."""
    source = files.get(posixpath.join(folder, ".env"))
    text = _text(source) if source is not None else None
    if text is None:
        return {}
    return {e.name: e.value for e in parse_env_text(text, COMPOSE).entries if not e.missing}


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


def _kustomize_inputs(files: Sequence[SourceFile], cache: DocumentCache) -> frozenset[str]:
    """The manifests and patches kustomizations build from (only kustomization files are
    parsed, and their parse is shared with the kustomize reader through ``cache``)."""
    inputs: dict[str, list[str]] = {}
    listed: set[str] = set()
    for source in files:
        if source.name not in KUSTOMIZATIONS:
            continue
        if b"resources" in source.data or b"atch" in source.data or b"bases" in source.data:
            text = _text(source)
            docs = cache.load(source.relpath, text) if text is not None else []
            inputs[source.relpath] = build_inputs(source.relpath, docs)
            listed.update(listed_folders(source.relpath, docs))
    return read_through_builds(inputs, listed)


def _framework_manifests(files: Sequence[SourceFile]) -> dict[str, str]:
    """Each manifest (package.json, Gemfile, composer.json) that may name a tool layering
    its project's env files by mode."""
    found: dict[str, str] = {}
    for source in files:
        if source.name in MANIFESTS and not lacks_all(source.data.lower(), FRAMEWORK_NEEDLES):
            text = _text(source)
            if text is not None:
                found[source.relpath] = text
    return found


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
    consumers, readers = _consumers(files, exists, cache)
    manifests = _framework_manifests(files)
    if manifests:  # most trees have none: no need to index every walked path by folder
        claim_env_files(manifests, sorted(walked), consumers)
    claim_cached_env(walked, consumers)
    built = _kustomize_inputs(files, cache)
    return ScanContext(
        root=root,
        root_name=root.resolve().name or ".",
        env_file_consumers=consumers,
        env_file_readers=readers,
        secret_key_names=dict(uses.key_names),
        secret_users={name: next(iter(w)) for name, w in uses.users.items() if len(w) == 1},
        kustomize_inputs=built,
        process_env=process_env,
        max_file_bytes=max_file_bytes,
        documents=cache,
    )
