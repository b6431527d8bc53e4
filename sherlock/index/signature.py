"""A cheap picture of a tree's state: what the periodic fallback compares between checks.

File-system events do not exist everywhere (network mounts, some container volumes, an
inotify limit reached), so the warm index also looks at the tree every few seconds. Reading
every file again each time would cost as much as the rescan the index avoids; ``lstat`` of
every entry costs a few milliseconds per thousand files and changes whenever a file is
written, replaced, renamed, deleted or created.

Folders the walker never enters (``.git``, ``node_modules``...) are listed but not
descended into: their contents cannot change an answer, only their existence (a note about
skipped example folders) can. Two writes of the same size inside one tick of the kernel's
file clock look the same here; events and the next write catch those.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sherlock.collect.walk import skip_dir

#: (kind bits, size, mtime_ns, inode) of one entry, keyed by its root-relative path.
Signature = dict[str, tuple[int, int, int, int]]


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)


def _scan(full: str, rel: str, out: Signature, stack: list[tuple[str, str]]) -> None:
    try:
        with os.scandir(full) as entries:
            for entry in entries:
                child = f"{rel}/{entry.name}" if rel else entry.name
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # gone between listing and stat: the next look sees it
                out[child] = _stamp(info)
                if entry.is_dir(follow_symlinks=False) and not skip_dir(entry.name):
                    stack.append((entry.path, child))
    except OSError:
        out[rel or "."] = (-1, 0, 0, 0)  # unlistable now; a change when it becomes listable


def tree_signature(root: Path, also: Iterable[str] = ()) -> Signature:
    """Every entry under ``root`` (skipped folders not entered), plus ``also``: files read
    from outside the walk (a config's named files, referenced env files) wherever they are."""
    out: Signature = {}
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        full, rel = stack.pop()
        _scan(full, rel, out, stack)
    for relpath in also:
        if relpath in out:
            continue
        try:
            out[relpath] = _stamp(os.stat(root / relpath))
        except OSError:
            out[relpath] = (0, 0, 0, 0)
    return out
