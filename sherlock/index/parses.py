"""Collecting a tree again while re-parsing only the files that changed.

:func:`sherlock.collect.collect_tree` walks, runs the whole-tree pre-pass, then hands every
file to its collector. For a server that answers many questions about one tree, the
collectors are the cost worth saving; the walk (reading a few thousand small files) and the
pre-pass (who loads which env file, which workload uses which Secret) are cheap and are
rerun in full, so what they know is never stale.

A file's parse is reused only when nothing it could depend on moved:

* its own bytes (compared by a keyed digest, so the index never keeps a token or a plain
  hash of one),
* whether it was read as a referenced env file (``forced``),
* the pre-pass facts of the whole tree; when any of them changes, every parse is dropped.

Only collectors known to read nothing but their own file are reused
(``SINGLE_FILE_COLLECTORS``). The others run on every refresh: compose reads ``env_file:``
targets, secret files, the project ``.env`` and its override file; Helm, Kustomize,
Terraform and Ansible read their neighbours; a collector added later stays among them until
someone checks it. The result must equal a fresh ``collect_tree``; the differential tests
hold it to that.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sherlock.collect import (
    _collect_file,
    _location_key,
    _note_key,
    _referenced_extras,
    _want,
    _worth_keeping,
)
from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.consulted import consulted_tree
from sherlock.collect.process_env import collect_process_env
from sherlock.collect.references import build_context
from sherlock.collect.registry import collector_for
from sherlock.collect.walk import Want, read_inside
from sherlock.index.rewalk import WalkMemory

#: Collectors known to read nothing but the file they are given (and the pre-pass facts):
#: only their parses are kept. Every other collector (compose reads env files, secret files
#: and its override; Helm, Kustomize, Terraform and Ansible read their neighbours; one that
#: keeps state per scan; one added later, until someone checks it) runs again on every
#: refresh, so none can answer stale.
SINGLE_FILE_COLLECTORS = frozenset(
    {
        "dotenv",
        "github-actions",
        "gitlab-ci",
        "circleci",
        "k8s",
        "dockerfile",
        "shell",  # but a script whose kubectl --from-file read a file is marked consulted
        "systemd",
        "twilio-cli",
    }
)


def _facts(ctx: ScanContext) -> tuple[Any, ...]:
    """Everything the pre-pass learned that can change how one file is read: every compared
    field of the context (the per-scan YAML cache is not one), whatever fields it grows."""
    return tuple(getattr(ctx, f.name) for f in fields(ctx) if f.compare)


@dataclass(frozen=True)
class _Parse:
    digest: bytes
    forced: bool
    result: CollectResult = field(repr=False)


class ParseCache:
    """Per-file collector results, reused while the file and the tree's facts stay the same.

    Holds parsed values (inside :class:`~sherlock.secrets.Secret`), digests, and the last
    walk (:mod:`.rewalk`, never shown). ``parsed`` counts collector runs, so tests and
    benchmarks can see that an unchanged file was not read again.
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)
        self._parses: dict[str, _Parse] = {}
        self._facts: tuple[Any, ...] | None = None
        self._wants: dict[str, Want] = {}
        self.walks = WalkMemory(self.want, keep=_worth_keeping)
        self.parsed = 0

    def __repr__(self) -> str:
        return f"ParseCache(files={len(self._parses)}, parsed={self.parsed}, {self.walks!r})"

    def want(self, relpath: str) -> Want:
        """The walker's choice for a path, remembered: it depends on the path alone, and
        asking every collector about every one of 5,000 paths costs more than the reads."""
        known = self._wants.get(relpath)
        if known is None:
            if len(self._wants) > 500_000:
                self._wants.clear()
            known = self._wants[relpath] = _want(relpath)
        return known

    def _digest(self, data: bytes) -> bytes:
        return hashlib.blake2b(data, key=self._key, digest_size=16).digest()

    def begin(self, ctx: ScanContext) -> None:
        """Start a refresh: forget every parse if the tree's facts changed."""
        facts = _facts(ctx)
        if facts != self._facts:
            self._parses.clear()
            self._facts = facts

    def collect(self, source: SourceFile, ctx: ScanContext, *, forced: bool) -> CollectResult:
        """The file's values and notes, from the cache when its bytes are unchanged.

        Which collector reads a file depends on its path and bytes only, so a file found
        in the cache was read by a single-file collector: no other parse is stored.
        """
        digest = self._digest(source.data)
        known = self._parses.get(source.relpath)
        if known is not None and known.digest == digest and known.forced == forced:
            return known.result
        self.parsed += 1
        result = _collect_file(source, ctx, forced)
        collector = None if forced else collector_for(source.relpath, source.data)
        single = collector is None or collector.name in SINGLE_FILE_COLLECTORS
        # a workload's lone half asked which project builds its image: it read other files
        if single and not consulted_tree(ctx, source.relpath):
            self._parses[source.relpath] = _Parse(digest, forced, result)
        else:
            self._parses.pop(source.relpath, None)
        return result

    def forget_except(self, relpaths: Iterable[str]) -> None:
        """Drop the parses of files that are gone, so a deleted file's values go with it."""
        keep = set(relpaths)
        for relpath in [p for p in self._parses if p not in keep]:
            del self._parses[relpath]


def _extra_sources(
    root: Path, relpaths: Sequence[str], done: set[str], max_file_bytes: int
) -> tuple[list[tuple[SourceFile, bool]], CollectResult]:
    """Files a config names that the walk did not read: read as their kind, else as env."""
    sources: list[tuple[SourceFile, bool]] = []
    problems = CollectResult()
    for relpath in dict.fromkeys(p for p in relpaths if p not in done):
        data = read_inside(root, relpath, max_file_bytes)
        if isinstance(data, str):
            problems.note(relpath, data)
            continue
        sources.append((SourceFile(relpath, data), collector_for(relpath, data) is None))
    return sources, problems


def collect_with_cache(
    cache: ParseCache,
    root: Path,
    *,
    process_env: Mapping[str, str] | None = None,
    max_file_bytes: int = 2_000_000,
    extra_paths: Sequence[str] = (),
    modified: Collection[str] | None = None,
) -> CollectResult:
    """What ``collect_tree`` returns for the same arguments, re-parsing only changed files
    (and re-reading only ``modified`` ones, when an event batch named nothing else)."""
    walked = cache.walks.walk(root, max_file_bytes, modified)
    ctx = build_context(root, walked.files, process_env=process_env, max_file_bytes=max_file_bytes)
    cache.begin(ctx)
    result = CollectResult(notes=list(walked.notes))
    for source in walked.files:
        result.extend(cache.collect(source, ctx, forced=False))
    walked_paths = {f.relpath for f in walked.files} | set(walked.set_aside)
    extras, notes = _referenced_extras(ctx, walked_paths)
    result.notes.extend(notes)
    for source in extras:
        result.extend(cache.collect(source, ctx, forced=True))
    done = walked_paths | {e.relpath for e in extras}
    named, problems = _extra_sources(root, extra_paths, done, max_file_bytes)
    result.extend(problems)
    for source, forced in named:
        result.extend(cache.collect(source, ctx, forced=forced))
    cache.forget_except(done | {source.relpath for source, _ in named})
    if process_env is not None:
        result.extend(collect_process_env(process_env))
    result.values.sort(key=_location_key)
    result.notes.sort(key=_note_key)
    return result
