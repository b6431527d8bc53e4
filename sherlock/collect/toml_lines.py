"""Where a key of a TOML file was written: ``tomllib`` gives values but no line numbers.

Platform files (``netlify.toml``, ``samconfig.toml``) are flat enough that a line scan finds
each ``key = value`` under its ``[table]`` header; an inline table (``environment = { A =
"x" }``) puts all its keys on the line of the key that opens it.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\]]+?)\s*\]\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*(?P<key>\"[^\"]+\"|[A-Za-z0-9_\-.]+)\s*=")
_INLINE_KEY = re.compile(r"[{,]\s*(?P<key>\"[^\"]+\"|[A-Za-z0-9_\-]+)\s*=")


def _bare(key: str) -> str:
    return key.replace(" ", "").replace('"', "")


def key_lines(text: str) -> dict[str, int]:
    """Dotted key path (``context.production.environment.TWILIO_AUTH_TOKEN``) → line."""
    lines: dict[str, int] = {}
    table = ""
    for number, raw in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(raw)
        if header:
            table = _bare(header["name"])
            continue
        assign = _ASSIGN.match(raw)
        if assign is None:
            continue
        path = f"{table}.{_bare(assign['key'])}" if table else _bare(assign["key"])
        lines.setdefault(path, number)
        for inline in _INLINE_KEY.finditer(raw):
            lines.setdefault(f"{path}.{_bare(inline['key'])}", number)
    return lines


def error_line(message: str) -> int | None:
    """The line a ``TOMLDecodeError`` message names, if any."""
    where = re.search(r"line (\d+)", message)
    return int(where[1]) if where else None
