"""Which source files are code, and the tree-sitter grammar that parses each.

Grammars come from the official per-language wheels (``tree-sitter-python``,
``tree-sitter-javascript``...), each a small prebuilt library with no download at run time.
``tree-sitter-language-pack`` was tried first: its 1.x releases fetch grammars from the
network on first use, which fails on an offline machine. The wheels are the ``[code]``
extra; without them :func:`parser_for` returns None and the collector says so once.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Parser

#: file suffix → language name used throughout :mod:`sherlock.collect.code`
SUFFIXES: dict[str, str] = {
    ".py": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".php": "php",
    ".rb": "ruby",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".cs": "csharp",
    ".go": "go",
}

#: language → (grammar module, function returning its language pointer)
GRAMMARS: dict[str, tuple[str, str]] = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "php": ("tree_sitter_php", "language_php"),
    "ruby": ("tree_sitter_ruby", "language"),
    "java": ("tree_sitter_java", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "csharp": ("tree_sitter_c_sharp", "language"),
    "go": ("tree_sitter_go", "language"),
}

INSTALL_HINT = "source code not read: install the code extra (pip install 'sherlock-rca[code]')"


def language_of(relpath: str) -> str | None:
    """The language a file's suffix names, or None for anything that is not source code."""
    name = relpath.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return SUFFIXES.get(name[dot:].lower()) if dot > 0 else None


@cache
def parser_for(language: str) -> Parser | None:
    """A parser for ``language``, or None when its grammar (the ``[code]`` extra) is missing.

    Parsers are reused across files: tree-sitter parsers keep no state between parses.
    """
    module_name, function = GRAMMARS[language]
    try:
        from tree_sitter import Language, Parser

        module = importlib.import_module(module_name)
        return Parser(Language(getattr(module, function)()))
    except (ImportError, AttributeError, ValueError):
        return None
