"""The walk again, after an event said only some walked files were modified.

A full walk of a 5,000-path tree lists every folder and reads every candidate file: most of
a refresh. When the file-system events of a batch are all modifications of files the last
walk read, the new walk is the last one with those files read again, as the walker reads
them (same size limit, same shebang sniff for extensionless scripts). Anything else in the
batch (a file created, deleted or renamed, a folder, a link, a file that became unreadable,
oversized, or no longer a script) makes it walk the whole tree as before.

The bytes of the last walk stay in memory between refreshes: they never appear in a repr
(:class:`_Held` shows only a length).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection
from pathlib import Path

from sherlock.collect.base import SourceFile
from sherlock.collect.shell import sniff_shebang
from sherlock.collect.walk import WalkResult, Want, read_limited, walk_tree
from sherlock.models import Note


class _Held:
    """A walked file's bytes, kept for the next refresh; shown as a length only."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<{len(self.data)} bytes>"


class WalkMemory:
    """The last walk of one tree, patched in place when only walked files were modified."""

    def __init__(
        self, want: Callable[[str], Want], keep: Callable[[str, bytes], bool] | None = None
    ) -> None:
        self._want = want
        self._keep = keep
        self._files: dict[str, _Held] = {}
        self._notes: list[Note] = []
        self._set_aside: list[str] = []
        self._known = False
        self.patched = 0  # walks answered by re-reading modified files only

    def __repr__(self) -> str:
        return f"WalkMemory(files={len(self._files)}, patched={self.patched})"

    def walk(
        self, root: Path, max_file_bytes: int, modified: Collection[str] | None = None
    ) -> WalkResult:
        """The walk of ``root``; ``modified`` (root-relative) are the only files that changed
        since the last one, if an event batch says so; None when anything else may have."""
        if modified is not None and self._known:
            patch = self._reread(root, modified, max_file_bytes)
            if patch is not None:
                self._files.update(patch)
                self.patched += 1
                return self._result()
        walked = walk_tree(root, self._want, sniff_shebang, max_file_bytes, keep=self._keep)
        self._files = {f.relpath: _Held(f.data) for f in walked.files}
        self._notes = list(walked.notes)
        self._set_aside = list(walked.set_aside)
        self._known = True
        return walked

    def _result(self) -> WalkResult:
        files = [SourceFile(relpath, held.data) for relpath, held in self._files.items()]
        return WalkResult(files=files, notes=list(self._notes), set_aside=list(self._set_aside))

    def _reread(
        self, root: Path, modified: Collection[str], max_file_bytes: int
    ) -> dict[str, _Held] | None:
        """The modified files' new bytes, or None when the whole tree must be walked."""
        patch: dict[str, _Held] = {}
        for relpath in modified:
            if relpath not in self._files:
                return None
            want = self._want(relpath)
            path = os.path.join(root, relpath)
            try:
                info = os.lstat(path)
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode) or want is Want.NO:
                return None
            if want is Want.SNIFF and not info.st_mode & 0o111:
                return None
            data = read_limited(path, max_file_bytes, sniff_shebang if want is Want.SNIFF else None)
            if not isinstance(data, bytes):
                return None
            if self._keep is not None and not self._keep(relpath, data):
                return None  # no longer worth keeping: the walk decides what remains
            patch[relpath] = _Held(data)
        return patch
