"""Inline suppressions: ``# sherlock:ignore <cause-id>`` on the line or the line above.

A bare ``sherlock:ignore`` silences every cause at that line; naming causes (comma or space
separated) silences only those, so an accepted quirk cannot hide a new problem there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sherlock.models import Site

_MARK = re.compile(r"sherlock:ignore\b((?:[ \t,]+[a-z0-9]+(?:-[a-z0-9]+)*)*)")
ALL = "*"


def _lines(path: Path) -> tuple[str, ...]:
    """The file's lines, cached by its absolute path and its size and change time."""
    try:
        info = path.stat()
    except OSError:
        return ()
    return _read_lines(str(path.resolve()), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=256)
def _read_lines(path: str, _mtime: int, _size: int) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return tuple(handle.read(2_000_000).splitlines())
    except OSError:
        return ()


def _ignored_at(text: str) -> frozenset[str]:
    match = _MARK.search(text)
    if match is None:
        return frozenset()
    named = frozenset(re.split(r"[ \t,]+", match[1].strip())) - {""}
    return named or frozenset({ALL})


def is_ignored_inline(root: Path, site: Site, cause_id: str) -> bool:
    """Whether the site's line (or the one above it) carries a matching ignore mark."""
    if not site.line or "://" in site.path:
        return False
    lines = _lines(root / site.path)
    for number in (site.line, site.line - 1):
        if 1 <= number <= len(lines):
            marks = _ignored_at(lines[number - 1])
            if ALL in marks or cause_id in marks:
                return True
    return False
