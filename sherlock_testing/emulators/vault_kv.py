"""KV version 2 storage the way Vault keeps it, with no HTTP in sight.

Vault's KV v2 engine keeps numbered versions per key. A soft delete only stamps a
``deletion_time`` (the data stays, ``undelete`` brings it back); a destroy throws the data
away and sets ``destroyed``; writing past the version limit (10 unless configured) drops
the oldest versions from the metadata altogether and moves ``oldest_version`` forward.
Readers such as Sherlock's see exactly these states, so the emulator keeps all of them.

Times are integer nanoseconds since the epoch, printed as Go's RFC 3339 with nanoseconds
(trailing zeros trimmed, no fraction at all on a whole second), which is what Vault sends:
``2026-05-03T10:00:00.123456789Z``.
"""

from __future__ import annotations

import calendar
import copy
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DEFAULT_MAX_VERSIONS = 10
"""What Vault keeps per key when neither the mount nor the key sets ``max_versions``."""

_NANOS = 1_000_000_000


class KvError(Exception):
    """A request Vault's KV engine rejects with HTTP 400; the message is Vault's own."""


def now_ns() -> int:
    return time.time_ns()


def to_ns(moment: datetime) -> int:
    """A timezone-aware datetime as epoch nanoseconds (naive ones are refused: whose noon?)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware (e.g. datetime(..., tzinfo=UTC))")
    seconds = calendar.timegm(moment.utctimetuple())
    return seconds * _NANOS + moment.microsecond * 1000


def format_time(ns: int | None) -> str:
    """Go's ``time.RFC3339Nano`` in UTC; ``""`` for no time, as Vault prints an unset one."""
    if ns is None:
        return ""
    seconds, fraction = divmod(ns, _NANOS)
    stamp = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    digits = f".{fraction:09d}".rstrip("0") if fraction else ""
    return f"{stamp}{digits}Z"


@dataclass
class Version:
    """One numbered version of a key. ``data`` is None once destroyed."""

    number: int
    data: dict[str, Any] | None
    created_ns: int
    deletion_ns: int | None = None
    destroyed: bool = False

    def is_deleted(self, now: int) -> bool:
        """Vault hides a version once its deletion time has passed (it may lie in the future)."""
        return self.deletion_ns is not None and self.deletion_ns <= now

    def summary(self) -> dict[str, Any]:
        """The per-version entry of a metadata read."""
        return {
            "created_time": format_time(self.created_ns),
            "deletion_time": format_time(self.deletion_ns),
            "destroyed": self.destroyed,
        }


@dataclass
class Key:
    """A key's metadata and its versions still on record."""

    versions: dict[int, Version] = field(default_factory=dict)
    current_version: int = 0
    oldest_version: int = 0
    created_ns: int | None = None
    updated_ns: int | None = None
    max_versions: int = 0
    cas_required: bool = False
    custom_metadata: dict[str, str] | None = None

    def version_metadata(self, version: Version) -> dict[str, Any]:
        """The ``metadata`` block of a data read or the ``data`` block of a write."""
        return {
            "created_time": format_time(version.created_ns),
            "custom_metadata": copy.deepcopy(self.custom_metadata),
            "deletion_time": format_time(version.deletion_ns),
            "destroyed": version.destroyed,
            "version": version.number,
        }

    def metadata(self) -> dict[str, Any]:
        """The ``data`` block of a metadata read."""
        return {
            "cas_required": self.cas_required,
            "created_time": format_time(self.created_ns),
            "current_version": self.current_version,
            "custom_metadata": copy.deepcopy(self.custom_metadata),
            "delete_version_after": "0s",
            "max_versions": self.max_versions,
            "oldest_version": self.oldest_version,
            "updated_time": format_time(self.updated_ns),
            "versions": {str(n): v.summary() for n, v in sorted(self.versions.items())},
        }


class KvMount:
    """One KV v2 mount: keys by path. Not thread-safe; the emulator holds its lock."""

    def __init__(self, max_versions: int = 0) -> None:
        self.max_versions = max_versions
        self.keys: dict[str, Key] = {}

    def write(
        self, path: str, data: dict[str, Any], created_ns: int, *, cas: int | None = None
    ) -> tuple[Key, Version]:
        """Add a version; ``cas`` must equal the current version (0: the key must not exist)."""
        key = self.keys.get(path) or Key()
        if cas is not None and cas != key.current_version:
            raise KvError("check-and-set parameter did not match the current version")
        if cas is None and key.cas_required:
            raise KvError("check-and-set parameter required for this call")
        key.current_version += 1
        version = Version(key.current_version, copy.deepcopy(data), created_ns)
        key.versions[version.number] = version
        key.updated_ns = created_ns
        if key.created_ns is None:
            key.created_ns = created_ns
        self._trim(key)
        self.keys[path] = key
        return key, version

    def _trim(self, key: Key) -> None:
        """Forget the oldest versions beyond the limit, as Vault does on each write."""
        limit = key.max_versions or self.max_versions or DEFAULT_MAX_VERSIONS
        if key.current_version - key.oldest_version < limit:
            return
        cutoff = key.current_version - limit
        for number in range(key.oldest_version, cutoff + 1):
            key.versions.pop(number, None)
        key.oldest_version = cutoff + 1

    def lookup(self, path: str, number: int | None = None) -> tuple[Key, Version] | None:
        """A key and one of its versions (the current one by default), if both exist."""
        key = self.keys.get(path)
        if key is None:
            return None
        version = key.versions.get(number or key.current_version)
        return (key, version) if version is not None else None

    def _versions(self, path: str, numbers: list[int]) -> list[Version]:
        key = self.keys.get(path)
        if key is None:
            return []
        return [key.versions[n] for n in numbers if n in key.versions]

    def soft_delete(self, path: str, numbers: list[int], when_ns: int) -> None:
        for version in self._versions(path, numbers):
            if version.deletion_ns is None or version.deletion_ns > when_ns:
                version.deletion_ns = when_ns

    def undelete(self, path: str, numbers: list[int]) -> None:
        for version in self._versions(path, numbers):
            if not version.destroyed:
                version.deletion_ns = None

    def destroy(self, path: str, numbers: list[int]) -> None:
        for version in self._versions(path, numbers):
            version.destroyed = True
            version.data = None

    def delete_key(self, path: str) -> None:
        self.keys.pop(path, None)

    def list(self, prefix: str) -> list[str]:
        """Children of a folder: ``name`` for keys, ``name/`` for folders, sorted."""
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        children: set[str] = set()
        for path in self.keys:
            if not path.startswith(prefix):
                continue
            head, slash, _ = path[len(prefix) :].partition("/")
            children.add(head + slash)
        return sorted(children)
