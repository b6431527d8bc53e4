"""The warm index: a tree's collected values kept ready between questions.

A long-running front end (``sherlock serve``, ``sherlock slack``) is asked about the same
tree again and again, and the tree rarely changes between two questions. The index keeps
the last :class:`~sherlock.collect.base.CollectResult` and hands out copies, so a question
costs no walk at all; a refresh (on a file-system event, on the periodic look, or on
demand) re-parses only files whose bytes changed (:mod:`.parses`).

When nothing keeps it fresh (no watcher running in this process), :meth:`WarmIndex.collect`
first compares the tree's stat signature and refreshes if it moved, so an answer is never
older than the question. Everything here may be called from worker threads: refreshes are
serialised by a lock, and readers take the current results without waiting for one.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import fields
from pathlib import Path

from sherlock.collect import collect_tree
from sherlock.collect.base import CollectResult
from sherlock.index.parses import ParseCache, collect_with_cache
from sherlock.index.signature import Signature, tree_signature

_NoExtras: tuple[str, ...] = ()


def _copy(result: CollectResult) -> CollectResult:
    """A copy whose lists the caller may edit (every field, whatever fields it grows); the
    records inside are frozen."""
    return CollectResult(**{f.name: list(getattr(result, f.name)) for f in fields(result)})


class WarmIndex:
    """Collected values of one tree, refreshed incrementally; safe to share across threads."""

    def __init__(
        self,
        root: Path,
        *,
        process_env: Mapping[str, str] | None = None,
        max_file_bytes: int = 2_000_000,
    ) -> None:
        self.root = root
        self._process_env = process_env
        self._max_file_bytes = max_file_bytes
        self._cache = ParseCache()
        self._lock = threading.Lock()
        self._results: dict[tuple[str, ...], CollectResult] = {}
        self._signature: Signature | None = None
        self.generation = 0  # how many refreshes found a change
        self.live = False  # True while a watcher or poller keeps the index fresh

    def __repr__(self) -> str:
        return (
            f"WarmIndex(root={str(self.root)!r}, generation={self.generation}, "
            f"live={self.live}, {self._cache!r})"
        )

    @property
    def parsed(self) -> int:
        """How many times a collector has run: unchanged files do not add to it."""
        return self._cache.parsed

    def _extras(self) -> set[str]:
        return {path for key in self._results for path in key}

    def refresh(self, *, force: bool = False, modified: Collection[str] | None = None) -> bool:
        """Re-read the tree if its signature moved (always with ``force``); True on a re-read.

        A file-system event forces the re-read: two same-size writes inside one tick of the
        file clock leave the signature unchanged, the event does not. The poller's signature
        is taken before a look (it decides whether to re-read) and after a forced re-read.
        ``modified`` (root-relative): an event batch's files, when it held modifications only.
        """
        # The picture is taken outside the lock: a look that finds nothing new must not hold
        # up a refresh an event asked for meanwhile.
        signature = None if force else tree_signature(self.root, self._extras())
        if signature is not None and signature == self._signature:
            return False
        with self._lock:
            keys = list(self._results) or [_NoExtras]
            self._results = {key: self._collect(key, modified) for key in keys}
            self.generation += 1
        if signature is None:
            # Taken after the answer is out, so it costs the edit nothing; a change made
            # meanwhile sends its own event, which forces the next refresh.
            signature = tree_signature(self.root, self._extras())
        self._signature = signature
        return True

    def _collect(
        self, extra_paths: tuple[str, ...], modified: Collection[str] | None = None
    ) -> CollectResult:
        return collect_with_cache(
            self._cache,
            self.root,
            process_env=self._process_env,
            max_file_bytes=self._max_file_bytes,
            extra_paths=extra_paths,
            modified=modified,
        )

    def _result_for(self, key: tuple[str, ...]) -> CollectResult:
        found = self._results.get(key)
        if found is not None:
            return found
        with self._lock:
            if self._signature is None:
                self._signature = tree_signature(self.root, set(key))
            found = self._results.get(key)
            if found is None:
                found = self._collect(key)
                self._results = {**self._results, key: found}
            return found

    def collect(
        self,
        root: Path,
        *,
        process_env: Mapping[str, str] | None = None,
        max_file_bytes: int = 2_000_000,
        extra_paths: Sequence[str] = (),
    ) -> CollectResult:
        """What ``collect_tree`` would return, from the index (same signature, so it can stand
        in for it). Another root or environment than the index's is collected afresh."""
        same = (
            root == self.root
            and process_env is self._process_env
            and max_file_bytes == self._max_file_bytes
        )
        if not same:
            return collect_tree(
                root,
                process_env=process_env,
                max_file_bytes=max_file_bytes,
                extra_paths=extra_paths,
            )
        if not self.live:
            self.refresh()
        return _copy(self._result_for(tuple(extra_paths)))
