"""A line-based reader for the part of HCL (Terraform's language) that carries credentials.

Why not python-hcl2: it reports where a *block* starts but not the line of each attribute,
and a credential must be shown at its own ``path:line``; it also pulls in a grammar engine
for a job that needs a fraction of the language. What deployment files use to set a
credential is small and regular, and that is what is read here:

* blocks: ``TYPE "label" "label" {`` … ``}`` (nested, e.g. ``environment {``);
* attributes: ``name = expression`` on one line; ``name = {`` opens a map whose items are
  ``KEY = expression`` or ``"KEY" = expression`` (``:`` and trailing commas allowed), also
  written inline as ``{ A = "x", B = var.y }``;
* ``#``, ``//`` and ``/* … */`` comments; heredocs (``<<EOT``) and expressions spread over
  several lines (``jsonencode({…})``) are kept as unreadable expressions, never guessed at.

Expressions are kept as written; :func:`evaluate` turns the two kinds that name a value into
one: a string literal without interpolation (escapes decoded) and a ``var.NAME`` reference
(alone or as the whole of ``"${var.NAME}"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BLOCK = re.compile(r"^([A-Za-z_][\w-]*)((?:\s+(?:\"[^\"]*\"|[A-Za-z_][\w-]*))*)\s*\{$")
_ATTR = re.compile(r"^(\"[^\"]+\"|[A-Za-z_][\w.-]*)\s*[=:]\s*(.*?),?$")
_LABEL = re.compile(r"\"([^\"]*)\"|([A-Za-z_][\w-]*)")
_VAR = re.compile(r"var\.([A-Za-z_][\w-]*)")
_INTERPOLATED_VAR = re.compile(r"\"\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}\"")
_WORKSPACE = r"(?:terraform\.workspace|\"\$\{\s*terraform\.workspace\s*\}\")"
_WORKSPACE_INDEX = re.compile(r"(var|local)\.([A-Za-z_][\w-]*)\[\s*" + _WORKSPACE + r"\s*\]")
_WORKSPACE_LOOKUP = re.compile(
    r"lookup\(\s*(var|local)\.([A-Za-z_][\w-]*)\s*,\s*" + _WORKSPACE + r"\s*(?:,[^()]*)?\)"
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
UNREADABLE = "<unreadable>"
#: Blocks nested deeper than this are skipped unread: no deployment file nests so deep, and
#: reading them would only let a hostile file exhaust the stack.
MAX_DEPTH = 16


@dataclass(frozen=True)
class Attr:
    """``name = expression`` at a line; ``items`` when the expression is a map literal."""

    name: str
    expr: str
    line: int
    items: tuple[Attr, ...] = ()


@dataclass
class Block:
    """A block with its labels, attributes and nested blocks."""

    type: str
    labels: tuple[str, ...] = ()
    line: int = 0
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


def _strip_comment(line: str) -> str:
    """The line without a trailing ``#`` or ``//`` comment (quotes respected)."""
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and quoted:
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and (char == "#" or line.startswith("//", index)):
            return line[:index]
        index += 1
    return line


def _balance(text: str) -> int:
    """Opening minus closing brackets outside strings."""
    depth, quoted, escaped = 0, False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = quoted
        elif char == '"':
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth -= 1
    return depth


def _split_items(inner: str) -> list[str]:
    """Top-level comma-separated pieces of an inline map body."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(inner):
        if char == '"' and (index == 0 or inner[index - 1] != "\\"):
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            pieces.append(inner[start:index])
            start = index + 1
    pieces.append(inner[start:])
    return [p.strip() for p in pieces if p.strip()]


def _unquote_key(key: str) -> str:
    return key[1:-1] if key.startswith('"') and key.endswith('"') else key


def _inline_map(name: str, expr: str, line: int) -> Attr:
    items = []
    for piece in _split_items(expr[1:-1]):
        match = _ATTR.match(piece)
        if match:
            items.append(Attr(_unquote_key(match[1]), match[2].strip(), line))
    return Attr(name, expr, line, tuple(items))


@dataclass
class _Parser:
    lines: list[str]
    index: int = 0

    def logical(self) -> tuple[int, str] | None:
        """The next meaningful line (number, text), comments removed."""
        while self.index < len(self.lines):
            number, raw = self.index + 1, self.lines[self.index]
            self.index += 1
            text = _strip_comment(raw).strip()
            if text.startswith("/*"):
                while "*/" not in raw and self.index < len(self.lines):
                    raw = self.lines[self.index]
                    self.index += 1
                continue
            if text:
                return number, text
        return None

    def skip_heredoc(self, marker: str) -> None:
        while self.index < len(self.lines):
            self.index += 1
            if self.lines[self.index - 1].strip() == marker:
                return

    def attribute(self, name: str, expr: str, number: int, depth: int) -> Attr:
        heredoc = re.match(r"<<-?([A-Za-z_]\w*)$", expr)
        if heredoc:
            self.skip_heredoc(heredoc[1])
            return Attr(name, UNREADABLE, number)
        if expr == "{" and depth >= MAX_DEPTH:
            self.skip_block()
            return Attr(name, UNREADABLE, number)
        if expr == "{":
            inner = self.body(Block("map"), depth + 1)
            return Attr(name, "{", number, tuple(inner.attrs.values()))
        if expr.startswith("{") and expr.endswith("}") and _balance(expr) == 0:
            return _inline_map(name, expr, number)
        depth = _balance(expr)
        while depth > 0 and (following := self.logical()) is not None:
            depth += _balance(following[1])
            expr = UNREADABLE
        return Attr(name, expr, number)

    def skip_block(self) -> None:
        """Consume a block nested too deep to be a deployment's, without reading it."""
        depth = 1
        while depth > 0 and (found := self.logical()) is not None:
            depth += _balance(found[1])

    def body(self, block: Block, depth: int = 0) -> Block:
        while (found := self.logical()) is not None:
            number, text = found
            if text.rstrip(",") == "}":
                return block
            opened = _BLOCK.match(text)
            if opened and not re.match(r"^[\w.-]+\s*=", text):
                if depth >= MAX_DEPTH:
                    self.skip_block()
                    continue
                labels = tuple(a or b for a, b in _LABEL.findall(opened[2]))
                block.blocks.append(self.body(Block(opened[1], labels, number), depth + 1))
                continue
            attr = _ATTR.match(text)
            if attr:
                name = _unquote_key(attr[1])
                block.attrs[name] = self.attribute(name, attr[2].strip(), number, depth)
        return block


def parse(text: str) -> Block:
    """The file as one top-level block (type ``file``); never raises on odd input."""
    return _Parser(text.removeprefix("\ufeff").split("\n")).body(Block("file"))


def string_literal(expr: str) -> str | None:
    """The value of a ``"…"`` literal with no interpolation, escapes decoded; else None."""
    if len(expr) < 2 or expr[0] != '"' or expr[-1] != '"':
        return None
    inner = expr[1:-1]
    if "${" in inner.replace("$${", "") or "%{" in inner.replace("%%{", ""):
        return None
    out, index = [], 0
    while index < len(inner):
        char = inner[index]
        if char == "\\" and index + 1 < len(inner):
            out.append(_ESCAPES.get(inner[index + 1], inner[index + 1]))
            index += 2
            continue
        if char == '"':
            return None  # two strings, or text after a string
        out.append(char)
        index += 1
    return "".join(out).replace("$${", "${").replace("%%{", "%{")


def variable_of(expr: str) -> str | None:
    """``NAME`` for ``var.NAME`` or ``"${var.NAME}"``, else None."""
    match = _VAR.fullmatch(expr) or _INTERPOLATED_VAR.fullmatch(expr)
    return match[1] if match else None


def workspace_map_of(expr: str) -> tuple[str, str] | None:
    """``("var", NAME)`` or ``("local", NAME)`` when the expression picks a map's entry by the
    workspace: ``var.NAME[terraform.workspace]``, ``lookup(var.NAME, terraform.workspace)``
    (with or without a default), alone or as the whole of ``"${…}"``; else None."""
    inner = expr[3:-2].strip() if expr.startswith('"${') and expr.endswith('}"') else expr
    match = _WORKSPACE_INDEX.fullmatch(inner) or _WORKSPACE_LOOKUP.fullmatch(inner)
    return (match[1], match[2]) if match else None
