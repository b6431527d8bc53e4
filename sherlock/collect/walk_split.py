"""A large tree's walk shared out among forked worker processes.

Why processes: on a 50,000-file monorepo most of the scan is reading 30,000 source files
and looking for the provider's name in each, which is Python work per file. Threads share
one interpreter lock and gained next to nothing (0.71 s to 0.58 s with two threads, slower
with three); forked workers each walk their own folders on their own core and send back
only the files worth keeping.

How: this process first walks breadth first (:meth:`Walker.expand`) until it has seen
``SPLIT_AFTER`` entries. A tree smaller than that is then finished here, as before. A
larger one leaves a list of folders still to walk; each worker takes every n-th of them,
walks it with the same rules (a forked child has the same collectors and filters) and
pipes back its files, notes and links. Links are read last, here, since their targets may
lie in another worker's share. A worker that fails for any reason leaves its folders to
this process, so nothing is lost; only time.

When: ``fork`` copies the calling thread alone, so a lock another thread held at that
moment would stay locked in the child. The split is made only from a process with a
single thread (the command line's ``diagnose`` before its event loop starts), on Linux,
with at least two usable cores. ``SHERLOCK_WALK_WORKERS=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass, field

from sherlock.collect.base import SourceFile
from sherlock.collect.walk import Folder, Walker, WalkResult
from sherlock.models import Note

#: Entries this process walks before sharing out the rest. A tree this small takes tens
#: of milliseconds; starting workers for it would cost more than it saves.
SPLIT_AFTER = 2_000
MAX_WORKERS = 4
WORKERS_VARIABLE = "SHERLOCK_WALK_WORKERS"

#: What a worker sends back: files (path, bytes), notes (location, message), the paths it
#: set aside, links to read later, the inodes it read and the folders skipped on purpose.
_Payload = tuple[
    list[tuple[str, bytes]],
    list[tuple[str, str]],
    list[str],
    list[tuple[str, str]],
    set[tuple[int, int]],
    list[str],
]


def worker_count() -> int:
    """How many workers a split walk may use: the usable cores (at most four), unless
    ``SHERLOCK_WALK_WORKERS`` says otherwise; 1 or less means no split."""
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    if wanted.isdigit():
        return min(int(wanted), MAX_WORKERS * 4)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def can_fork() -> bool:
    """Whether forking is safe here: Linux, and no other thread that could hold a lock."""
    return sys.platform == "linux" and threading.active_count() == 1


@dataclass
class _Worker:
    pid: int
    pipe: int
    share: list[Folder]


@dataclass
class SplitWalk:
    """A walk under way: some folders with workers, the rest (if any) still to walk here."""

    walker: Walker
    workers: list[_Worker] = field(default_factory=list)
    left: list[Folder] = field(default_factory=list)
    _done: WalkResult | None = None

    def result(self) -> WalkResult:
        """The whole walk, as :func:`~.walk.walk_tree` would give it (waits for workers)."""
        if self._done is None:
            self.walker.drain(self.left)
            self.left = []
            for worker in self.workers:
                self._take(worker)
            self.workers = []
            self._done = self.walker.finish()
        return self._done

    def close(self) -> None:
        """Stop and reap workers whose results were never asked for (an interrupted run)."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                os.kill(worker.pid, signal.SIGKILL)
            os.close(worker.pipe)
            _reap(worker.pid)
        self.workers = []

    def _take(self, worker: _Worker) -> None:
        data = _read_pipe(worker.pipe)
        clean = _reap(worker.pid)
        payload = _decode(data) if clean else None
        if payload is None:
            self.walker.drain(list(worker.share))  # walk the failed worker's folders here
        else:
            _absorb(self.walker, payload)


def start_walk(walker: Walker, workers: int, split_after: int | None = None) -> SplitWalk:
    """Begin ``walker``'s walk, shared among ``workers`` processes when the tree has more
    than ``split_after`` entries (default ``SPLIT_AFTER``) and forking is safe; otherwise
    the walk finishes in :meth:`SplitWalk.result`."""
    pending = walker.expand(walker.start(), SPLIT_AFTER if split_after is None else split_after)
    if workers < 2 or len(pending) < 2 or not can_fork():
        return SplitWalk(walker, left=pending)
    shares = [pending[i::workers] for i in range(min(workers, len(pending)))]
    started: list[_Worker] = []
    left: list[Folder] = []
    for share in shares:
        worker = _fork(walker, share)
        if worker is None:
            left.extend(share)
        else:
            started.append(worker)
    return SplitWalk(walker, started, left)


def _fork(walker: Walker, share: list[Folder]) -> _Worker | None:
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the worker: never returns, never runs the parent's clean-up
        status = 1
        try:
            os.close(read_end)
            _walk_share(walker, share, write_end)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _Worker(pid, read_end, share)


def _walk_share(walker: Walker, share: list[Folder], out: int) -> None:
    """In the worker: walk the share from a clean slate and send what it found."""
    walker.result = WalkResult()
    walker.links = []
    walker.read_inodes = set()
    walker.skipped_on_purpose = []
    walker.drain(list(share))
    found = walker.result
    payload: _Payload = (
        [(f.relpath, f.data) for f in found.files],
        [(n.location, n.message) for n in found.notes],
        found.set_aside,
        walker.links,
        walker.read_inodes,
        walker.skipped_on_purpose,
    )
    with os.fdopen(out, "wb") as pipe:
        pipe.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


def _read_pipe(fd: int) -> bytes:
    chunks: list[bytes] = []
    try:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    except OSError:
        return b""
    finally:
        os.close(fd)
    return b"".join(chunks)


def _reap(pid: int) -> bool:
    """Wait for a worker; whether it exited cleanly."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _decode(data: bytes) -> _Payload | None:
    """A worker's payload; None for anything cut short or malformed. Only a child this
    process forked a moment ago wrote these bytes, through a pipe no one else holds."""
    try:
        payload = pickle.loads(data)  # our own child's output, see above
    except Exception:  # a truncated pickle can fail in many ways
        return None
    if not isinstance(payload, tuple) or len(payload) != 6:
        return None
    return payload


def _absorb(walker: Walker, payload: _Payload) -> None:
    files, notes, set_aside, links, inodes, skipped = payload
    found = walker.result
    found.files.extend(SourceFile(path, data) for path, data in files)
    found.notes.extend(Note(location, message) for location, message in notes)
    found.set_aside.extend(set_aside)
    walker.links.extend(links)
    walker.read_inodes |= inodes
    walker.skipped_on_purpose.extend(skipped)
