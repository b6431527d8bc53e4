"""One dynaconf settings file as leaves: key path, value as dynaconf returns it, line.

dynaconf reads TOML (``tomllib``-compatible), YAML (ruamel) and JSON. A string that starts
with ``@`` is a lazy value or a cast (dynaconf's ``parse_conf_data``): ``@str x`` is ``x``,
``@empty`` is ``""``, and ``@format`` / ``@jinja`` are rendered at access time from
``this`` (other settings) and ``env`` (the process's variables). Such a template names the
variables it reads (``{env[TWILIO_TOKEN]}``, ``{{ env.TWILIO_TOKEN }}``): the leaf keeps them
instead of a value, so the collector records a reading. Other ``@`` tokens (``@int``,
``@json``, ``@del``) never hold a credential and are left out.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sherlock.collect.toml_lines import error_line, key_lines
from sherlock.collect.yamlio import DocumentCache, as_mapping, mapping_leaves, source_lines

_ENV_REF = re.compile(
    r"""env(?:\[\s*['"]?(?P<a>[A-Za-z_]\w*)['"]?\s*\]|\.get\(\s*['"](?P<b>[A-Za-z_]\w*)['"]"""
    r"""|\.(?P<c>[A-Za-z_]\w*))"""
)
_LAZY = ("@format", "@jinja")


@dataclass(frozen=True)
class Leaf:
    """One setting: its key path as written, the value dynaconf returns (None when it is a
    template), the variables a template reads, and its line (0 when unknown)."""

    path: tuple[str, ...]
    value: str | None
    line: int
    reads: tuple[str, ...] = ()


def _leaf(path: tuple[str, ...], value: Any, line: int | None) -> Leaf | None:
    """A scalar as dynaconf returns it; None for what cannot hold a credential."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value)
    if not text.startswith("@"):
        return Leaf(path, text, line or 0)
    token, _sep, rest = text.partition(" ")
    if token in _LAZY:
        names = tuple(dict.fromkeys(m["a"] or m["b"] or m["c"] for m in _ENV_REF.finditer(rest)))
        return Leaf(path, None, line or 0, names)
    if token == "@str":
        return Leaf(path, rest, line or 0)
    return Leaf(path, "", line or 0) if token == "@empty" else None


def _walk(
    node: dict[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, value in node.items():
        if isinstance(value, dict):
            yield from _walk(value, (*prefix, str(key)))
        else:
            yield (*prefix, str(key)), value


def toml_leaves(text: str) -> list[Leaf] | str:
    """A TOML file's leaves, or why it cannot be read."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = error_line(str(exc))
        return f"not valid TOML{f' (line {line})' if line else ''}; dynaconf cannot load it"
    lines = key_lines(text)
    found = (_leaf(path, value, lines.get(".".join(path))) for path, value in _walk(data))
    return [leaf for leaf in found if leaf is not None]


def yaml_leaves(relpath: str, text: str, cache: DocumentCache) -> list[Leaf] | str:
    """A YAML file's leaves (its first document, as dynaconf reads it)."""
    docs = cache.load(relpath, text)
    if isinstance(docs, str):
        return f"{docs}; dynaconf cannot load it"
    first = as_mapping(docs[0]) if docs else None
    if first is None:
        return []
    found = (_leaf(p, v, line) for p, v, line in mapping_leaves(first, source_lines(text)))
    return [leaf for leaf in found if leaf is not None]


def json_leaves(text: str) -> list[Leaf] | str:
    """A JSON file's leaves; each key's line is found in document order."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return "not valid JSON; dynaconf cannot load it"
    if not isinstance(data, dict):
        return []
    found: list[Leaf] = []
    cursor = 0
    for path, value in _walk(data):
        match = re.compile(re.escape(json.dumps(path[-1])) + r"\s*:").search(text, cursor)
        line = text.count("\n", 0, match.start()) + 1 if match else 0
        cursor = match.end() if match else cursor
        leaf = _leaf(path, value, line)
        if leaf is not None:
            found.append(leaf)
    return found


def leaves(relpath: str, text: str, cache: DocumentCache) -> list[Leaf] | str:
    """The file's leaves by its extension, or why dynaconf could not load it."""
    clean = text.removeprefix("\ufeff")
    if relpath.endswith(".toml"):
        return toml_leaves(clean)
    if relpath.endswith(".json"):
        return json_leaves(clean)
    return yaml_leaves(relpath, clean, cache)
