"""YAML through libyaml (PyYAML's C composer), as dicts and lists that remember their lines.

ruamel's round-trip loader is pure Python: about 0.25 MB/s, so a 10 KB CI file took over
100 ms and YAML parsing dominated the scan. PyYAML's C composer builds the node graph with
line marks at C speed; this module turns that graph into :class:`LineDict` and
:class:`LineList` objects whose ``lc`` answers the questions the collectors ask
(``lc.key(k)``, ``lc.value(k)``, ``lc.item(i)``, ``lc.line``), as ruamel's objects did.

Only composition is borrowed from PyYAML, not its YAML 1.1 typing: every scalar stays the
text it was written as (``on``, ``0123`` and ``no`` are strings), a plain empty value, ``~``
or ``null`` is None, plain ``true``/``false`` are booleans as in YAML 1.2, merge keys (``<<: *defaults``) are applied, an alias reuses the one
converted object (so nested aliases cannot blow up), and a repeated key is an error, as the
round-trip loader was set to treat it.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.MarkedYAMLError):  # type: ignore[misc]
    """A mapping writes the same key twice."""


class _Marks:
    """Line and column bookkeeping with ruamel's ``lc`` interface (0-based numbers)."""

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.data: dict[Any, tuple[int, ...]] = {}

    def key(self, key: Any) -> tuple[int, int]:
        line, col = self.data[key][:2]
        return line, col

    def value(self, key: Any) -> tuple[int, int]:
        line, col = self.data[key][2:4]
        return line, col

    def item(self, index: int) -> tuple[int, int]:
        line, col = self.data[index][:2]
        return line, col


class LineDict(dict[Any, Any]):
    """A mapping that knows where each of its keys and values was written."""

    lc: _Marks


class LineList(list[Any]):
    """A sequence that knows where each of its items was written."""

    lc: _Marks


def _plain(node: ScalarNode) -> bool:
    """Unquoted (libyaml reports a plain scalar's style as '' where PyYAML says None)."""
    return not node.style


def _scalar(node: ScalarNode) -> str | bool | None:
    """Text as written; only YAML 1.2's own null and boolean words get a type."""
    if _plain(node):
        if node.value in _NULLS:
            return None
        if node.value in _BOOLEANS:
            return _BOOLEANS[node.value]
    return str(node.value)


class _Converter:
    def __init__(self) -> None:
        self._done: dict[int, Any] = {}

    def convert(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return _scalar(node)
        known = self._done.get(id(node))
        if known is not None:
            return known
        if isinstance(node, SequenceNode):
            return self._sequence(node)
        if isinstance(node, MappingNode):
            return self._mapping(node)
        return None

    def _sequence(self, node: SequenceNode) -> LineList:
        out = LineList()
        out.lc = _Marks(node.start_mark.line, node.start_mark.column)
        self._done[id(node)] = out
        for index, item in enumerate(node.value):
            out.lc.data[index] = (item.start_mark.line, item.start_mark.column)
            out.append(self.convert(item))
        return out

    def _mapping(self, node: MappingNode) -> LineDict:
        out = LineDict()
        out.lc = _Marks(node.start_mark.line, node.start_mark.column)
        self._done[id(node)] = out
        merged: list[LineDict] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or (
                isinstance(key_node, ScalarNode) and _plain(key_node) and key_node.value == "<<"
            ):
                merged += self._merge_sources(value_node)
                continue
            key = self._key(key_node)
            if key in out:
                raise DuplicateKeyError(
                    "while constructing a mapping", node.start_mark,
                    "found a duplicate key", key_node.start_mark,
                )  # fmt: skip
            out[key] = self.convert(value_node)
            k, v = key_node.start_mark, value_node.start_mark
            out.lc.data[key] = (k.line, k.column, v.line, v.column)
        for source in merged:
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    out.lc.data[key] = source.lc.data.get(key, (0, 0, 0, 0))
        return out

    def _merge_sources(self, node: Node) -> list[LineDict]:
        found = self.convert(node)
        items = found if isinstance(found, list) else [found]
        return [item for item in items if isinstance(item, LineDict)]

    def _key(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return _scalar(node)
        converted = self.convert(node)
        # A complex key (rare, never a credential) becomes its text so the mapping stays usable.
        return repr(converted) if isinstance(converted, dict | list) else converted


def load_all(text: str) -> list[Any]:
    """Every document of ``text``; raises ``yaml.YAMLError`` (marks, no source text needed)."""
    loader = _Loader(text)
    try:
        documents = []
        while loader.check_node():
            node = loader.get_node()
            documents.append(_Converter().convert(node) if node is not None else None)
        return documents
    finally:
        loader.dispose()
