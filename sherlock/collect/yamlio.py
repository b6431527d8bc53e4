"""YAML reading shared by the compose, Kubernetes and CI collectors.

libyaml composes the file (:mod:`.yamlnodes`: dicts and lists that know the line of every
key and item, scalars kept as written, so ``on`` and ``0123`` stay strings as in YAML 1.2);
ruamel's round-trip loader, with the same ``lc`` interface, reads only what libyaml refuses
but YAML allows. Two things need care:

* a non-string scalar (ruamel's integers) is taken exactly as written in the file, which is
  what a person (and most consumers) means;
* parser messages can quote the offending source, which may be a credential, so a parse
  failure is reported by line and by a message with every quoted part removed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import yaml as pyyaml

from sherlock.collect.yamlnodes import DuplicateKeyError, load_all

_QUOTED = re.compile(r"(['\"]).*?\1")
_PLAIN_END = re.compile(r"\s+#|\s*$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _ruamel_errors(name: str) -> tuple[type[Exception], ...]:
    """ruamel's error class of that name, once ruamel is loaded (it is imported only for the
    rare file libyaml refuses, so until then none of its errors can be raised)."""
    module = sys.modules.get("ruamel.yaml.error")
    return (getattr(module, name),) if module is not None else ()


def safe_problem(exc: Exception) -> str:
    """A parse error as a message that cannot contain file content."""
    line = ""
    if isinstance(exc, (pyyaml.MarkedYAMLError, *_ruamel_errors("MarkedYAMLError"))):
        marked: Any = exc  # libyaml's and ruamel's marked errors share these attributes
        mark = marked.problem_mark or marked.context_mark
        if mark is not None:
            line = f" (line {mark.line + 1})"
        problem = _QUOTED.sub("…", marked.problem or marked.context or "")
        if isinstance(exc, DuplicateKeyError) or "duplicate" in problem:
            problem = "duplicate key"
    else:
        problem = type(exc).__name__
    return f"not valid YAML{line}: {problem[:80] or 'parse error'}"


#: Deeper flow nesting (``{{{{…``) is refused before parsing: ruamel's time grows with the
#: square of the depth (900 levels: 0.3 s on 1 KB) and ends in a RecursionError anyway, and
#: no deployment file nests flow collections anywhere near this deep.
MAX_FLOW_DEPTH = 64
_BRACKET = re.compile(r"[\[\]{}]")


def _flow_depth_exceeds(text: str, limit: int = MAX_FLOW_DEPTH) -> bool:
    if text.count("{") + text.count("[") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match[0] in "[{" else max(0, depth - 1)
        if depth > limit:
            return True
    return False


def _parse(text: str) -> list[Any]:
    """libyaml first; ruamel's round-trip loader only for what libyaml refuses but YAML 1.2
    allows: an anchor name used twice (the later one wins, as in Compose's own parser)."""
    try:
        return load_all(text)
    except pyyaml.composer.ComposerError as exc:
        if "duplicate anchor" not in f"{exc.context} {exc.problem}":
            raise
    from ruamel.yaml import YAML

    loader = YAML(typ="rt")
    loader.allow_duplicate_keys = False
    return list(loader.load_all(text))


def load_documents(text: str) -> list[Any] | str:
    """All documents of a YAML stream, or a safe message saying why it cannot be read."""
    if _flow_depth_exceeds(text):
        return f"not read: flow collections nested deeper than {MAX_FLOW_DEPTH} levels"
    try:
        return [doc for doc in _parse(text) if doc is not None]
    except (pyyaml.YAMLError, *_ruamel_errors("YAMLError")) as exc:
        hint = " (a template?)" if "{{" in text or "{%" in text else ""
        return safe_problem(exc) + hint
    except (ValueError, TypeError, RecursionError) as exc:
        return f"not valid YAML: {type(exc).__name__}"


#: How deep :func:`mapping_leaves` follows nested mappings (values files, vars files).
MAX_LEAF_DEPTH = 8


def mapping_leaves(
    node: dict[Any, Any], lines: list[str], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str | None, int | None]]:
    """(path, text, line) of every scalar and every ``null`` (text None) under a values
    mapping; lists are skipped, since no template reads one as a single value."""
    if len(prefix) >= MAX_LEAF_DEPTH:
        return
    for key in node:
        path = (*prefix, str(key))
        child = as_mapping(node.get(key))
        if child is not None:
            yield from mapping_leaves(child, lines, path)
            continue
        value = scalar_text(node, key, lines)
        if value is not None or node.get(key) is None:
            yield path, value, key_line(node, key)


class DocumentCache:
    """Parsed documents per file for one scan, so the pre-pass and a collector share a parse.

    ruamel's round-trip loader costs milliseconds per manifest; parsing each file once keeps
    large trees fast. The cache lives in one :class:`ScanContext` and dies with the scan.
    """

    def __init__(self) -> None:
        self._documents: dict[str, list[Any] | str] = {}

    def load(self, relpath: str, text: str) -> list[Any] | str:
        if relpath not in self._documents:
            self._documents[relpath] = load_documents(text)
        return self._documents[relpath]

    def first_mapping(self, relpath: str, text: str) -> dict[Any, Any] | str | None:
        """The first document when it is a mapping (compose, CI files), a parse problem as
        text, or None for an empty file or another shape."""
        docs = self.load(relpath, text)
        if isinstance(docs, str):
            return docs
        return as_mapping(docs[0]) if docs else None


def key_line(mapping: Any, key: Any) -> int | None:
    """The 1-based line a mapping key is written on, when ruamel kept it."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def item_line(sequence: Any, index: int) -> int | None:
    """The 1-based line a sequence item is written on, when ruamel kept it."""
    try:
        return int(sequence.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def node_line(node: Any) -> int | None:
    """The 1-based line a mapping or sequence starts on."""
    try:
        return int(node.lc.line) + 1
    except (AttributeError, TypeError):
        return None


def scalar_text(mapping: Any, key: Any, lines: list[str]) -> str | None:
    """A mapping value as a string consumers would see; None for null or a non-scalar.

    Strings come back as loaded (quotes and escapes resolved by YAML). Numbers and booleans
    come back as written in the source (``0123`` stays ``0123``), falling back to ``str``.
    """
    value = mapping.get(key)
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, str):
        return str(value)
    try:
        line, column = mapping.lc.value(key)
        rest = str(lines[line][column:])
    except (AttributeError, KeyError, TypeError, IndexError):
        return str(value).lower() if isinstance(value, bool) else str(value)
    end = _PLAIN_END.search(rest)
    return rest[: end.start()] if end else rest


def source_lines(text: str) -> list[str]:
    """The file's lines as YAML numbers them (``\\n``, ``\\r\\n`` and ``\\r`` end a line)."""
    return _LINE_BREAK.split(text)


def as_mapping(node: Any) -> dict[Any, Any] | None:
    """The node when it is a mapping: hand-written YAML puts anything anywhere."""
    return node if isinstance(node, dict) else None


def as_list(node: Any) -> list[Any]:
    """The node when it is a sequence, else an empty list."""
    return node if isinstance(node, list) else []
