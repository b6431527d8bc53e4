"""Object literals as node-config reads them, without running any JavaScript.

node-config parses ``.json``, ``.jsonc`` and ``.json5`` with the ``json5`` package (its
``parser.js``: "Default JSON parsing to JSON5 parser", node-config issue 715), so comments,
trailing commas, single-quoted strings and bare keys are all valid there; a strict JSON reader
would call a working file broken. ``.js``/``.cjs``/``.mjs``/``.ts`` files are ``require()``d and
their ``module.exports`` (or ``export default``) object is the config: Sherlock reads only the
literal part of that object. A value that is computed (``process.env.X``, a call, ``defer``,
a concatenation) has no value in the tree and comes back as a leaf with no value and its
expression, so the collector can record a reading or a note.

Every leaf keeps the line its key is written on, and keys nest into node-config's dotted paths
(``{"twilio": {"authToken": …}}`` is ``twilio.authToken``, what ``config.get`` takes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<comment>//[^\n]*|/\*.*?\*/)
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.|\$(?!\{))*`)
    |(?P<template>`(?:[^`\\]|\\.)*`)
    |(?P<punct>[{}\[\]():,;=])
    |(?P<word>[^\s{}\[\]():,;='"`/]+|/)""",
    re.VERBOSE | re.DOTALL,
)
_LITERAL_WORD = re.compile(
    r"[+-]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)|true|false"
)
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\n|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_CLOSERS = {"{": "}", "[": "]", "(": ")"}
MAX_DEPTH = 16


@dataclass(frozen=True)
class Leaf:
    """One key of the config object: its dotted path, its value as node-config would hold it
    (None when code computes it), the line of its key, and the expression when computed."""

    key: str
    value: str | None
    line: int
    expression: str = ""


class LiteralError(ValueError):
    """The text is not an object literal node-config could load; ``line`` says where."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    line, position = 1, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise LiteralError(line)
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            found.append(_Token(kind, match.group(), line))
        line += match.group().count("\n")
        position = match.end()
    return found


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("u") or code.startswith("x"):
            point = int(code[1:].strip("{}"), 16)
            return chr(point) if point <= 0x10FFFF else match.group()
        if code == "\n":
            return ""  # a line continuation
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


def string_value(token: str) -> str:
    """A quoted JSON5/JS string token (``"…"``, ``'…'``, a template without ``${}``) decoded."""
    return _unescape(token[1:-1])


class _Reader:
    """Walks the tokens of one object literal; ``strict`` (JSON5) refuses computed values."""

    def __init__(self, tokens: list[_Token], strict: bool) -> None:
        self.tokens = tokens
        self.strict = strict
        self.index = 0
        self.leaves: list[Leaf] = []

    def peek(self) -> _Token:
        if self.index >= len(self.tokens):
            last = self.tokens[-1].line if self.tokens else 1
            raise LiteralError(last)
        return self.tokens[self.index]

    def take(self, text: str | None = None) -> _Token:
        token = self.peek()
        if text is not None and token.text != text:
            raise LiteralError(token.line)
        self.index += 1
        return token

    def object(self, prefix: str, depth: int) -> None:
        """An object literal at the cursor; its leaves go to ``self.leaves``."""
        opening = self.take("{")
        if depth > MAX_DEPTH:
            raise LiteralError(opening.line)
        while self.peek().text != "}":
            key = self.take()
            if key.kind == "string":
                name = string_value(key.text)
            elif key.kind == "word" and not self.strict and key.text.startswith("..."):
                self.skip_expression()  # a spread: computed, nothing to read
                self.comma()
                continue
            elif key.kind == "word":
                name = key.text
            else:
                raise LiteralError(key.line)
            self.take(":")
            self.value(f"{prefix}.{name}" if prefix else name, key.line, depth)
            self.comma()
        self.take("}")

    def comma(self) -> None:
        if self.peek().text == ",":
            self.take()
        elif self.peek().text != "}":
            raise LiteralError(self.peek().line)

    def value(self, path: str, line: int, depth: int) -> None:
        token = self.peek()
        following = self.tokens[self.index + 1].text if self.index + 1 < len(self.tokens) else ""
        alone = self.strict or following in (",", "}")  # JSON5 has nothing else to be
        if token.text == "{":
            self.object(path, depth + 1)
        elif token.text == "[":  # an array replaces whole; no credential is read from one
            expression = self.skip_expression()
            if not self.strict:  # in JS it may go on (``[a, b].join('')``): code decides
                self.leaves.append(Leaf(path, None, line, expression))
        elif alone and token.kind == "string":
            self.take()
            self.leaves.append(Leaf(path, string_value(token.text), line))
        elif alone and _LITERAL_WORD.fullmatch(token.text):
            self.take()
            self.leaves.append(Leaf(path, token.text, line))
        elif alone and token.text in ("null", "undefined"):
            self.take()
        elif self.strict:
            raise LiteralError(token.line)
        else:
            expression = self.skip_expression()
            self.leaves.append(Leaf(path, None, line, expression))

    def skip_expression(self) -> str:
        """Tokens up to the next ``,`` or ``}`` outside brackets, as text."""
        parts: list[str] = []
        stack: list[str] = []
        while stack or self.peek().text not in (",", "}"):
            token = self.take()
            if token.text in _CLOSERS:
                stack.append(_CLOSERS[token.text])
            elif stack and token.text == stack[-1]:
                stack.pop()
            parts.append(token.text)
        return " ".join(parts)


def json5_leaves(text: str) -> list[Leaf]:
    """The leaves of a JSON5 document whose top is an object (else none); raises
    :class:`LiteralError` where the text stops being JSON5."""
    tokens = _tokens(text.removeprefix("\ufeff"))
    if not tokens or tokens[0].text != "{":
        if tokens and tokens[0].text != "[":
            raise LiteralError(tokens[0].line)
        return []
    reader = _Reader(tokens, strict=True)
    reader.object("", 0)
    if reader.index != len(tokens):
        raise LiteralError(tokens[reader.index].line)
    return reader.leaves


def _exported(tokens: list[_Token]) -> int | None:
    """Index of the ``{`` the module exports: ``module.exports = {``, ``export default {``, or
    the object literal assigned to the name that is exported."""
    for index, token in enumerate(tokens[:-2]):
        following = tokens[index + 1].text
        assigned = token.text in ("module.exports", "exports") and following == "="
        if not assigned and (token.text, following) != ("export", "default"):
            continue
        target = index + 2
        if tokens[target].text == "{":
            return target
        if tokens[target].kind == "word":
            return _assigned(tokens, tokens[target].text.rstrip(";"))
    return None


def _assigned(tokens: list[_Token], name: str) -> int | None:
    """Index of the ``{`` assigned to ``name`` (``const name = {``, ``const name: T = {``)."""
    for index, token in enumerate(tokens):
        if (
            token.text != name
            or index == 0
            or tokens[index - 1].text not in ("const", "let", "var")
        ):
            continue
        for ahead in range(index + 1, min(index + 6, len(tokens) - 1)):
            if tokens[ahead].text == "=":
                return ahead + 1 if tokens[ahead + 1].text == "{" else None
    return None


def js_leaves(text: str) -> list[Leaf] | None:
    """The leaves of the object a JS/TS config module exports, literal or computed; None when
    it exports no object literal Sherlock can find (a function, a class, a built object)."""
    try:
        tokens = _tokens(text.removeprefix("\ufeff"))
    except LiteralError:
        return None
    start = _exported(tokens)
    if start is None:
        return None
    reader = _Reader(tokens, strict=False)
    reader.index = start
    try:
        reader.object("", 0)
    except LiteralError:
        return None
    return reader.leaves
