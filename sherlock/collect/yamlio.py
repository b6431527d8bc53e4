"""YAML reading shared by the compose and Kubernetes collectors.

ruamel.yaml in round-trip mode, because it is YAML 1.2 (``on`` and ``no`` stay strings) and
keeps line numbers for every key and item. Two things need care:

* a plain scalar such as ``0123`` still loads as the integer 123, so for any non-string
  scalar we take the text exactly as written in the file, which is what a person (and most
  consumers) means;
* ruamel's error messages can quote the offending source, which may be a credential, so a
  parse failure is reported by line and by a message with every quoted part removed.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

_QUOTED = re.compile(r"(['\"]).*?\1")
_PLAIN_END = re.compile(r"\s+#|\s*$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _loader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def safe_problem(exc: Exception) -> str:
    """A parse error as a message that cannot contain file content."""
    line = ""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            line = f" (line {mark.line + 1})"
        problem = _QUOTED.sub("…", exc.problem or exc.context or "")
        if "duplicate" in type(exc).__name__.lower() or "duplicate" in problem:
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


def load_documents(text: str) -> list[Any] | str:
    """All documents of a YAML stream, or a safe message saying why it cannot be read."""
    if _flow_depth_exceeds(text):
        return f"not read: flow collections nested deeper than {MAX_FLOW_DEPTH} levels"
    try:
        return [doc for doc in _loader().load_all(text) if doc is not None]
    except YAMLError as exc:
        hint = " (a template?)" if "{{" in text or "{%" in text else ""
        return safe_problem(exc) + hint
    except (ValueError, TypeError, RecursionError) as exc:
        return f"not valid YAML: {type(exc).__name__}"


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
