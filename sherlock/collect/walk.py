"""Finding the files worth reading, and reading each of them once, as bytes.

Rules, and why:

* ``.gitignore`` is not honoured: env files are usually ignored by git and are exactly what
  we are looking for.
* Dependency, cache and virtualenv folders are skipped (``.git``, ``node_modules``, ``.venv``,
  any folder holding ``pyvenv.cfg``...), and so are fixture and example folders, whose fake
  credentials no deployment uses.
* Files are chosen by name first (the caller's ``want``); only extensionless executables are
  opened to look for a shell shebang. A 600-file tree takes a few milliseconds.
* Bytes, never text mode: text mode would silently drop the ``\\r`` that breaks a token.
* Symbolic links are never followed out of the tree (that is noted). A link to a folder
  inside the tree is not followed either, since the folder is walked under its real path,
  which also makes link loops harmless. A link to a file inside the tree is read under
  the link's name unless its target was already read.
* Anything unreadable (permissions, not a regular file, too large) becomes a
  :class:`~sherlock.models.Note`; the walk itself never raises.
"""

from __future__ import annotations

import operator
import os
import posixpath
import stat
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from sherlock.collect.base import SourceFile
from sherlock.models import Note

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".cache",
        ".eggs",
        "site-packages",
        ".terraform",
        ".next",
        ".nuxt",
        ".gradle",
        ".idea",
        "fixtures",
        "__fixtures__",
        "testdata",
        "test-data",
        "examples",
        "samples",
    }
)

#: Skipped folders that may well hold credential-looking files: named in the report's notes,
#: so a user whose real config lives in ``config/samples/`` can tell why it was not read.
NOTED_SKIP_DIRS = frozenset(
    {"fixtures", "__fixtures__", "testdata", "test-data", "examples", "samples"}
)

SNIFF_BYTES = 128
_BY_NAME = operator.attrgetter("name")  # a sort key without a Python call per entry


class Want(Enum):
    """What the walker should do with a file, decided from its relative path alone."""

    NO = "no"
    YES = "yes"
    SNIFF = "sniff"  # read only if executable and its first bytes pass ``sniff``


@dataclass
class WalkResult:
    """The candidate files with their bytes (sorted by path), notes on unreadable ones, and
    the files read but set aside by the caller's ``keep`` (their paths only)."""

    files: list[SourceFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)


def skip_dir(name: str) -> bool:
    """Whether a folder is never worth entering, by name alone."""
    return name in SKIP_DIRS or name.endswith(".egg-info")


def _open_readonly(path: str) -> int:
    """Open without blocking: a FIFO named ``.env`` must not hang the scan."""
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK)


#: The first read of every file. Most candidate files are smaller, so one ``read`` call
#: takes them whole; asking for a larger buffer would make the C library map and unmap
#: fresh memory for every file (that alone tripled the read time of a 30,000-file scan).
FIRST_READ = 1 << 16


def _read_all(fd: int, size: int, limit: int, first: bytes = b"") -> bytes:
    """The whole of a regular file (at most ``limit`` + 1 bytes), ``first`` being its start
    and ``size`` what the caller's ``fstat`` said.

    Each read asks for what is left plus one byte, so a file that grew is still caught; a
    short read means the end (regular files only return short at the end).
    """
    chunks = [first] if first else []
    total = len(first)
    left = size - total
    while total <= limit:
        wanted = min(max(left + 1, FIRST_READ), limit + 1 - total)
        chunk = os.read(fd, wanted)
        chunks.append(chunk)
        total += len(chunk)
        left -= len(chunk)
        if len(chunk) < wanted:
            break
    return b"".join(chunks)


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {exc.strerror or type(exc).__name__}"


def _too_large(limit: int) -> str:
    return f"larger than {limit} bytes; not read"


def read_regular(path: str, limit: int) -> bytes | str:
    """A file the directory listing already showed to be regular: its bytes, or why not.

    Three system calls for a small file (open, read, close); ``read_limited`` also asks
    ``fstat`` first, to refuse FIFOs and devices before reading.
    """
    try:
        fd = _open_readonly(path)
    except OSError as exc:
        return _unreadable(exc)
    try:
        data = os.read(fd, FIRST_READ)
        if len(data) == FIRST_READ:
            size = os.fstat(fd).st_size
            if size > limit:
                return _too_large(limit)
            data = _read_all(fd, size, limit, data)
    except OSError as exc:
        return _unreadable(exc)
    finally:
        os.close(fd)
    return data if len(data) <= limit else _too_large(limit)


def read_limited(
    path: str, limit: int, sniff: Callable[[bytes], bool] | None = None
) -> bytes | str | None:
    """A file's bytes, or the reason (str) it cannot be read, or None when ``sniff`` declines.

    Shared by the walker and by collectors that follow references to other files (compose
    ``env_file:`` and secret files), so every file gets the same safety rules.
    """
    try:
        fd = _open_readonly(path)
    except OSError as exc:
        return _unreadable(exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file; not read"
        if info.st_size > limit:
            return _too_large(limit)
        if sniff is not None and not sniff(os.pread(fd, SNIFF_BYTES, 0)):
            return None
        data = _read_all(fd, info.st_size, limit)
        return data if len(data) <= limit else _too_large(limit)
    except OSError as exc:
        return _unreadable(exc)
    finally:
        os.close(fd)


def is_inside(path: str, real_root: str) -> bool:
    """Whether a resolved path lies within the resolved root."""
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


#: Whether a file's bytes are worth holding on to (the caller's pre-filter).
Keep = Callable[[str, bytes], bool]

#: A folder still to walk: its path relative to the root, its full path, its device.
Folder = tuple[str, str, int]


class Walker:
    """One walk of one tree; :func:`walk_tree` runs it whole, :mod:`.walk_split` shares it out."""

    def __init__(
        self,
        root: Path,
        want: Callable[[str], Want],
        sniff: Callable[[bytes], bool],
        limit: int,
        keep: Keep | None,
    ) -> None:
        self.root = str(root)
        self.real_root = os.path.realpath(root)
        self.want = want
        self.sniff = sniff
        self.limit = limit
        self.keep = keep
        self.result = WalkResult()
        self.seen_dirs: set[tuple[int, int]] = set()
        self.read_inodes: set[tuple[int, int]] = set()
        self.links: list[tuple[str, str]] = []
        self.skipped_on_purpose: list[str] = []
        self.entries_seen = 0

    def run(self) -> WalkResult:
        self.drain(self.start())
        return self.finish()

    def start(self) -> list[Folder]:
        """The root, as the one folder left to walk."""
        try:
            root_device = os.stat(self.root).st_dev
        except OSError:
            root_device = 0
        return [("", self.root, root_device)]

    def drain(self, stack: list[Folder]) -> None:
        """Walk these folders and everything below them."""
        while stack:
            stack.extend(self._enter_folder(*stack.pop()))

    def expand(self, folders: list[Folder], entries: int) -> list[Folder]:
        """Walk breadth first until about ``entries`` entries were seen, and return the
        folders still to walk: the walk is then shared out by folder (:mod:`.walk_split`).
        A small tree is walked whole here, leaving nothing."""
        pending = deque(folders)
        until = self.entries_seen + entries
        while pending and (self.entries_seen < until or len(pending) < 2):
            pending.extend(self._enter_folder(*pending.popleft()))
        return list(pending)

    def _enter_folder(self, rel: str, full: str, device: int) -> list[Folder]:
        """Visit one folder's entries; the subfolders worth walking come back."""
        below: list[Folder] = []
        entries = self._list(rel, full)
        self.entries_seen += len(entries)
        for entry in entries:
            child = f"{rel}/{entry.name}" if rel else entry.name
            entered = self._visit(entry, child, device)
            if entered is not None:
                below.append((child, entry.path, entered))
        return below

    def finish(self) -> WalkResult:
        """Links last (their targets may have been read under their own names), then order."""
        self._read_links()
        self.result.files.sort(key=lambda f: f.relpath)
        self._note_skipped_folders()
        return self.result

    def _note_skipped_folders(self) -> None:
        """One note for every example/fixture folder left unread, as the docs promise."""
        if not self.skipped_on_purpose:
            return
        folders = sorted(self.skipped_on_purpose)
        shown = ", ".join(f"{name}/" for name in folders[:8])
        more = f" and {len(folders) - 8} more" if len(folders) > 8 else ""
        message = f"not read, as examples or test data: {shown}{more}"
        self.result.notes.append(Note("skipped folders", message))

    def _list(self, rel: str, full: str) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(full) as it:
                entries = sorted(it, key=_BY_NAME)
        except OSError as exc:
            self.result.notes.append(Note(rel or ".", f"folder cannot be listed: {exc.strerror}"))
            return []
        if rel and any(e.name == "pyvenv.cfg" for e in entries):
            return []  # a virtualenv
        return entries

    def _visit(self, entry: os.DirEntry[str], rel: str, device: int) -> int | None:
        """Handle one entry; a folder to walk into gives its device number."""
        try:
            if entry.is_symlink():
                self._link(entry, rel)
            elif entry.is_dir(follow_symlinks=False):
                return self._enter(entry, rel)
            elif entry.is_file(follow_symlinks=False):
                self._file(entry, rel, device)
            elif self.want(rel) is Want.YES:
                self.result.notes.append(Note(rel, "not a regular file; not read"))
        except OSError as exc:
            self.result.notes.append(Note(rel, f"cannot be read: {exc.strerror}"))
        return None

    def _enter(self, entry: os.DirEntry[str], rel: str) -> int | None:
        if skip_dir(entry.name):
            if entry.name in NOTED_SKIP_DIRS:
                self.skipped_on_purpose.append(rel)
            return None
        info = entry.stat(follow_symlinks=False)
        key = (info.st_dev, info.st_ino)
        if key in self.seen_dirs:
            return None
        self.seen_dirs.add(key)
        return info.st_dev

    def _file(self, entry: os.DirEntry[str], rel: str, device: int) -> None:
        """Read a wanted file. The listing already says it is a regular file, and its inode
        number, so a plain file costs no ``stat``; a file only worth a look at its shebang
        must be executable first."""
        want = self.want(rel)
        if want is Want.NO:
            return
        if want is Want.SNIFF:
            info = entry.stat(follow_symlinks=False)
            if not info.st_mode & 0o111:
                return
            data = read_limited(entry.path, self.limit, self.sniff)
        else:
            data = read_regular(entry.path, self.limit)
        self._keep(rel, data)
        self.read_inodes.add((device, entry.inode()))

    def _keep(self, rel: str, data: bytes | str | None) -> None:
        if isinstance(data, bytes):
            if self.keep is None or self.keep(rel, data):
                self.result.files.append(SourceFile(rel, data))
            else:
                self.result.set_aside.append(rel)
        elif isinstance(data, str):
            self.result.notes.append(Note(rel, data))

    def _link(self, entry: os.DirEntry[str], rel: str) -> None:
        target = os.path.realpath(entry.path)
        wanted = self.want(rel) is Want.YES
        if not is_inside(target, self.real_root):
            if wanted or os.path.isdir(target):
                self.result.notes.append(
                    Note(rel, "link to a path outside the scanned tree; not followed")
                )
            return
        if wanted and os.path.isfile(target):
            self.links.append((rel, entry.path))

    def _read_links(self) -> None:
        for rel, path in sorted(self.links):  # the same link wins however the walk was shared
            try:
                info = os.stat(path)
            except OSError:
                continue
            key = (info.st_dev, info.st_ino)
            if key in self.read_inodes:
                continue  # its target was read under its own name
            self.read_inodes.add(key)
            self._keep(rel, read_limited(path, self.limit))


def walk_tree(
    root: Path,
    want: Callable[[str], Want],
    sniff: Callable[[bytes], bool] = lambda head: False,
    max_file_bytes: int = 2_000_000,
    keep: Keep | None = None,
) -> WalkResult:
    """Every wanted file under ``root`` with its bytes, plus notes for what could not be read.

    ``keep`` sees each file's bytes once read; a file it declines is dropped at once (only
    its path is listed), so a large tree's source files that never mention the provider
    are not held in memory for the rest of the scan.
    """
    return Walker(root, want, sniff, max_file_bytes, keep).run()


def decode_text(data: bytes) -> tuple[str, None] | tuple[None, str]:
    """UTF-8 text exactly as stored (BOM and ``\\r`` kept), or why the bytes are not text."""
    if b"\x00" in data:
        return None, "binary file (contains NUL bytes); not read"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (invalid byte at offset {exc.start}); not read"


def read_inside(root: Path, relpath: str, limit: int) -> bytes | str:
    """A file named by another file (``env_file:``, ``--env-file``, a secret), read only if it
    really lies inside the tree: a link out of the tree is refused as the walker refuses it.
    Returns the bytes, or the reason it was not read.
    """
    path = root / relpath
    if not is_inside(os.path.realpath(path), os.path.realpath(root)):
        return "link to a path outside the scanned tree; not followed"
    if not path.is_file():
        return "does not exist"
    data = read_limited(str(path), limit)
    return data if data is not None else "cannot be read"


def resolve_reference(from_dir: str, ref: str) -> str | None:
    """A path written in a file (relative to that file's folder) as a root-relative POSIX path.

    None when it leaves the scanned tree (absolute, or climbing above the root): such files
    are not read, like links out of the tree.
    """
    if not ref or ref.startswith(("/", "~")) or "\\" in ref:
        return None
    joined = posixpath.normpath(posixpath.join(from_dir, ref))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def resolve_from_script(script: str, ref: str, exists: Callable[[str], bool]) -> str | None:
    """A path a script names (``--env-file x``, ``--from-file x``) as the tree file it means:
    tried against the script's folder, then the root (scripts are often run from the
    repository's root), the first that ``exists`` wins; None for a ``$`` in it (the shell
    fills it at run time) or a path that leaves the tree."""
    if "$" in ref:
        return None
    candidates = [resolve_reference(folder, ref) for folder in (posixpath.dirname(script), "")]
    return next((c for c in candidates if c and exists(c)), None)
