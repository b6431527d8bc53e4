"""Keeping a warm index fresh: file-system events first, a periodic look as the fallback.

``watchfiles`` (inotify, FSEvents, ReadDirectoryChangesW underneath) reports a batch of
changes a few tens of milliseconds after they settle; each batch triggers an incremental
refresh in a worker thread, so the event loop keeps answering from the previous state
meanwhile. A poller compares the tree's stat signature every ``poll_interval`` seconds in
case events are lost (network file systems, an overflowing inotify queue), and every
``fallback_interval`` seconds when the watcher cannot run at all: not installed, or the
system refused it (an inotify limit). Either way is logged once, never raised.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

from sherlock.collect.walk import skip_dir
from sherlock.index.warm import WarmIndex

log = logging.getLogger(__name__)


class _SkippedFolders:
    """A watchfiles filter: changes inside folders the walker never enters are ignored."""

    def __init__(self, root: Path) -> None:
        self.root = str(root.resolve()).rstrip("/") + "/"

    def __call__(self, change: Any, path: str) -> bool:
        rel = path[len(self.root) :] if path.startswith(self.root) else path
        return not any(skip_dir(part) for part in rel.split("/")[:-1])


class IndexWatcher:
    """Background tasks that refresh one :class:`WarmIndex`; start once, stop on shutdown."""

    def __init__(
        self,
        index: WarmIndex,
        *,
        poll_interval: float = 5.0,
        fallback_interval: float = 0.5,
        debounce_ms: int = 30,
        use_events: bool = True,
    ) -> None:
        self.index = index
        self.poll_interval = poll_interval
        self.fallback_interval = fallback_interval
        self.debounce_ms = debounce_ms
        self.use_events = use_events
        self.mode = "stopped"  # "events", "polling" once running
        self.ready = asyncio.Event()  # set once events (or the poller alone) are being watched
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._prefix = str(index.root.resolve()).rstrip("/") + "/"

    def __repr__(self) -> str:
        return f"IndexWatcher(mode={self.mode!r}, {self.index!r})"

    async def start(self) -> None:
        """Fill the index, then watch; returns once the first state is ready."""
        await asyncio.to_thread(self.index.refresh, force=True)
        self.mode = "events" if self.use_events else "polling"
        self.index.live = True
        self._tasks = [asyncio.create_task(self._poll())]
        if self.use_events:
            self._tasks.append(asyncio.create_task(self._watch()))
        else:
            self.ready.set()

    async def stop(self) -> None:
        """Stop watching; the index then checks the tree on every question again."""
        self._stop.set()
        self.index.live = False
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        self.mode = "stopped"

    async def _watch(self) -> None:
        try:
            await self._watch_events()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the watcher failing must never take the server down
            self._fall_back(f"file watcher stopped ({type(exc).__name__})")

    async def _watch_events(self) -> None:
        try:
            from watchfiles import awatch
        except ImportError:
            self._fall_back("watchfiles is not installed")
            return
        changes = awatch(
            self.index.root,
            watch_filter=_SkippedFolders(self.index.root),
            debounce=self.debounce_ms,
            step=10,
            stop_event=self._stop,
            rust_timeout=250,
            yield_on_timeout=True,
        )
        async for batch in changes:
            self.ready.set()
            if batch:
                modified = self._modified_only(batch)
                await asyncio.to_thread(self.index.refresh, force=True, modified=modified)

    def _modified_only(self, batch: set[tuple[Any, str]]) -> set[str] | None:
        """The batch's files, root-relative, when every change is a modification inside the
        tree (a re-read of those files will do); None when the tree must be walked."""
        from watchfiles import Change

        prefixes = {str(self.index.root).rstrip("/") + "/", self._prefix}
        found: set[str] = set()
        for change, path in batch:
            if change != Change.modified:
                return None
            prefix = next((p for p in prefixes if path.startswith(p)), None)
            if prefix is None:
                return None
            found.add(path[len(prefix) :])
        return found

    def _fall_back(self, why: str) -> None:
        if self._stop.is_set():
            return
        self.mode = "polling"
        log.warning(
            "%s; the warm index of %s looks for changes every %.1f s instead",
            why,
            self.index.root,
            self.fallback_interval,
        )
        self.ready.set()

    async def _poll(self) -> None:
        """Look at the tree every ``poll_interval`` s, or every ``fallback_interval`` s as
        soon as the watcher is found missing (it ticks at the shorter pace to notice)."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.fallback_interval)
            interval = self.poll_interval if self.mode == "events" else self.fallback_interval
            if self._stop.is_set():
                return
            if loop.time() - last < interval - 0.01:
                continue
            last = loop.time()
            try:
                await asyncio.to_thread(self.index.refresh)
            except Exception as exc:  # a refresh must not end the loop
                log.warning("warm index refresh failed (%s)", type(exc).__name__)
