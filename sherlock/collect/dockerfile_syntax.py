"""Dockerfile syntax, reproduced from BuildKit's parser: instructions, words and quoting.

A token baked into an image is whatever BuildKit made of the text, so the rules here follow
BuildKit rather than intuition:

* lines end at ``\\n`` (one ``\\r`` before it is dropped); the escape character (``\\``, or
  a backtick after ``# escape=```) at the end of a line, optionally followed by blanks,
  continues the instruction; comment lines and blank lines inside a continuation are skipped;
  continuation lines keep their leading blanks;
* BuildKit heredocs (``RUN <<EOF`` … ``EOF``) are file content, not instructions;
* ``ENV``/``ARG`` arguments are split into words on whitespace outside quotes (Go's notion of
  whitespace, which includes NBSP); each word is later unquoted and expanded as a shell word:
  double quotes strip and honour ``\\"``, ``\\$`` and ``\\\\``; single quotes are literal; an
  unquoted escape character takes the next character literally; ``$VAR``, ``${VAR}``,
  ``${VAR:-word}`` and ``${VAR:+word}`` expand from the build's ARG and ENV values.

Every position keeps its physical line, so a pair written on the third line of a continued
``ENV`` is reported there. Errors are :class:`DockerfileSyntaxError` with messages that never
contain file content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_GO_WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_HEREDOC = re.compile(r"(?<!<)<<(?!<)(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_NOT_GO_SPACE = frozenset("\x1c\x1d\x1e\x1f")


class DockerfileSyntaxError(ValueError):
    """Text that BuildKit refuses; the message says why without quoting the text."""


#: Deeper ``${…}`` nesting than any real Dockerfile uses. Past it a word is refused rather
#: than followed until Python's stack runs out, which ended the reading of the whole file.
MAX_NESTING = 100


class NestingTooDeepError(DockerfileSyntaxError):
    """A word whose ``${…}`` nest deeper than :data:`MAX_NESTING`: BuildKit may well read it,
    Sherlock does not (so a note about it must not say that docker build stops)."""


def is_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace``: Python's notion minus the ASCII separator controls."""
    return ch.isspace() and ch not in _NOT_GO_SPACE


def _lstrip(text: str) -> str:
    index = 0
    while index < len(text) and is_space(text[index]):
        index += 1
    return text[index:]


def _rstrip(text: str) -> str:
    end = len(text)
    while end > 0 and is_space(text[end - 1]):
        end -= 1
    return text[:end]


@dataclass(frozen=True)
class Instruction:
    """One instruction: its keyword, its argument text and the physical line of every part.

    ``segments`` maps offsets in ``args`` to physical lines: (offset, line) pairs in order,
    one per physical line the instruction spans.
    """

    keyword: str
    args: str
    line: int
    segments: tuple[tuple[int, int], ...]

    def line_at(self, offset: int) -> int:
        """The physical line holding ``args[offset]``."""
        found = self.line
        for start, line in self.segments:
            if start > offset:
                break
            found = line
        return found


@dataclass
class _Logical:
    """A logical line being assembled from physical lines."""

    text: str = ""
    segments: list[tuple[int, int]] = field(default_factory=list)

    def add(self, piece: str, line: int) -> None:
        self.segments.append((len(self.text), line))
        self.text += piece


def _physical_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")
    return lines


class _Reader:
    """Turns physical lines into instructions, as BuildKit's ``Parse`` does."""

    def __init__(self, text: str) -> None:
        self.lines = _physical_lines(text)
        self.index = 0
        self.escape = "\\"
        self.directives_done = False
        self.continuation = re.compile(r"\\[ \t]*$")

    def _directive(self, token: str) -> None:
        if self.directives_done:
            return
        match = _DIRECTIVE.match(token)
        if not match or match[1].lower() not in ("escape", "syntax"):
            self.directives_done = True
            return
        if match[1].lower() == "escape":
            if match[2] not in ("\\", "`"):
                raise DockerfileSyntaxError("invalid escape directive (must be \\ or `)")
            self.escape = match[2]
            self.continuation = re.compile(re.escape(match[2]) + r"[ \t]*$")

    def _trim_continuation(self, line: str) -> tuple[str, bool]:
        found = self.continuation.search(line)
        if found:
            return line[: found.start()], False
        return line, True

    def _next(self) -> tuple[str, int]:
        raw = self.lines[self.index]
        self.index += 1
        return raw, self.index

    def instructions(self) -> Iterator[Instruction]:
        while self.index < len(self.lines):
            raw, number = self._next()
            token = _lstrip(raw)
            self._directive(token)
            if token.startswith("#"):
                continue
            line, done = self._trim_continuation(token)
            if done and line == "":
                continue
            logical = _Logical()
            logical.add(line, number)
            while not done and self.index < len(self.lines):
                raw, number = self._next()
                if _lstrip(raw).startswith("#") or _lstrip(raw) == "":
                    continue
                piece, done = self._trim_continuation(raw)
                logical.add(piece, number)
            instruction = _split_command(logical)
            if instruction is not None:
                yield instruction
                if instruction.keyword in _HEREDOC_KEYWORDS:
                    self._skip_heredocs(instruction.args)

    def _skip_heredocs(self, args: str) -> None:
        for match in _HEREDOC.finditer(args):
            strip_tabs, delimiter = match[1] == "-", match[3]
            while self.index < len(self.lines):
                raw, _number = self._next()
                body = raw.lstrip("\t") if strip_tabs else raw
                if body == delimiter:
                    break


def _split_command(logical: _Logical) -> Instruction | None:
    """Keyword and arguments (flags such as ``--platform`` dropped), offsets kept."""
    text = logical.text
    start = len(text) - len(_lstrip(text))
    body = _rstrip(text[start:])
    if not body:
        return None
    gap = _GO_WHITESPACE.search(body)
    keyword = body[: gap.start()] if gap else body
    offset = start + (gap.end() if gap else len(body))
    rest = body[gap.end() :] if gap else ""
    while rest.startswith("--"):
        end = _GO_WHITESPACE.search(rest)
        if end is None:
            offset += len(rest)
            rest = ""
            break
        offset += end.end()
        rest = rest[end.end() :]
    trimmed = _lstrip(rest)
    offset += len(rest) - len(trimmed)
    args = _rstrip(trimmed)
    first = logical.segments[0][1]
    segments = tuple((max(0, s - offset), line) for s, line in logical.segments)
    return Instruction(keyword.upper(), args, first, segments)


@dataclass(frozen=True)
class Parsed:
    """A Dockerfile's instructions and the escape character it declares."""

    instructions: tuple[Instruction, ...]
    escape: str


def parse(text: str) -> Parsed:
    """Every instruction of a Dockerfile (heredoc bodies and comments left out).

    Raises :class:`DockerfileSyntaxError` for an invalid escape directive.
    """
    reader = _Reader(text)
    found = tuple(reader.instructions())
    return Parsed(found, reader.escape)


# --- words -----------------------------------------------------------------------------------


def split_words(rest: str, escape: str = "\\") -> list[tuple[str, int]]:
    """Words of an ENV/ARG argument with their start offsets, quotes still in place.

    Whitespace outside quotes separates words; an escape character keeps the next
    character in the word (and is kept itself, for the later unquoting); inside single
    quotes nothing is escaped.
    """
    words: list[tuple[str, int]] = []
    word: list[str] = []
    start = -1
    quote = ""
    blank_ok = False
    pos = 0
    while pos < len(rest):
        ch = rest[pos]
        if start < 0:
            if is_space(ch):
                pos += 1
                continue
            start = pos
        if not quote and is_space(ch):
            if blank_ok or word:
                words.append(("".join(word), start))
            word, start, blank_ok = [], -1, False
            pos += 1
            continue
        if not quote and ch in "'\"":
            quote, blank_ok = ch, True
        elif ch == quote:
            quote = ""
        if ch == escape and quote != "'":
            if pos + 1 == len(rest):  # a trailing escape escapes nothing
                pos += 1
                continue
            word.append(ch)
            pos += 1
            ch = rest[pos]
        word.append(ch)
        pos += 1
    if start >= 0 and (blank_ok or word):
        words.append(("".join(word), start))
    return words


def split_old_form(rest: str) -> tuple[str, str, int] | None:
    """``ENV NAME value with spaces``: the name, the rest of the line, and where it starts."""
    gap = _GO_WHITESPACE.search(rest)
    if gap is None:
        return None
    return rest[: gap.start()], rest[gap.end() :], gap.end()


# --- unquoting and expansion -----------------------------------------------------------------

Lookup = Callable[[str], "str | None"]


@dataclass
class Expanded:
    """A processed word: its text, and the variables it needed that have no known value."""

    text: str
    unknown: list[str] = field(default_factory=list)


_SPECIAL_PARAMS = frozenset("@*#?-$!0")


class _Word:
    """BuildKit's shell-word processing of one ENV/ARG word (see the module docstring)."""

    def __init__(self, text: str, escape: str, lookup: Lookup) -> None:
        self.text, self.escape, self.lookup = text, escape, lookup
        self.pos = 0
        self.depth = 0
        self.unknown: list[str] = []

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        ch = self.peek()
        self.pos += 1
        return ch

    def run(self, stop: str = "") -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.peek()
            if stop and ch == stop:
                self.pos += 1
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
            elif ch == "'":
                out.append(self.single())
            elif ch == '"':
                out.append(self.double())
            else:
                self.take()
                if ch == self.escape:
                    ch = self.take()
                    if not ch:
                        break
                out.append(ch)
        if stop:
            raise DockerfileSyntaxError(f"no matching {stop}")
        return "".join(out)

    def single(self) -> str:
        self.take()
        end = self.text.find("'", self.pos)
        if end < 0:
            raise DockerfileSyntaxError("unterminated single quote")
        value = self.text[self.pos : end]
        self.pos = end + 1
        return value

    def double(self) -> str:
        self.take()
        out: list[str] = []
        while True:
            ch = self.peek()
            if not ch:
                raise DockerfileSyntaxError("unterminated double quote")
            if ch == '"':
                self.take()
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
                continue
            self.take()
            if ch == self.escape:
                nxt = self.peek()
                if not nxt:
                    continue
                if nxt in ('"', "$", self.escape):
                    ch = self.take()
            out.append(ch)

    def name(self) -> str:
        ch = self.peek()
        if ch.isdigit():
            start = self.pos
            while self.peek().isdigit():
                self.take()
            return self.text[start : self.pos]
        if ch and ch in _SPECIAL_PARAMS:
            return self.take()
        start = self.pos
        while self.peek() and (self.peek().isalnum() or self.peek() == "_"):
            self.take()
        return self.text[start : self.pos]

    def value_of(self, name: str) -> str | None:
        value = self.lookup(name)
        if value is None and name not in self.unknown:
            self.unknown.append(name)
        return value

    def dollar(self) -> str:
        self.take()
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$"
            return self.value_of(name) or ""
        self.take()
        if not self.peek():
            raise DockerfileSyntaxError("missing }")
        if self.peek() in "{}:":
            raise DockerfileSyntaxError("bad substitution")
        name = self.name()
        op = self.take()
        if op == "}":
            return self.value_of(name) or ""
        colon = op == ":"
        if colon:
            op = self.take()
        if op not in ("-", "+", "?", "#", "%", "/"):
            raise DockerfileSyntaxError("unsupported modifier in substitution")
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise NestingTooDeepError(f"${{…}} nested more than {MAX_NESTING} deep")
        word = self.run(stop="}")
        self.depth -= 1
        value = self.value_of(name)
        if value is None or op in ("#", "%", "/"):
            if name not in self.unknown:
                self.unknown.append(name)  # a pattern operation, or a value we cannot see
            return ""
        empty = colon and value == ""
        if op == "-":
            return word if empty else value
        if op == "+":
            return "" if empty else word
        if empty:
            raise DockerfileSyntaxError("a required variable is empty")
        return value


def expand_word(text: str, lookup: Lookup, escape: str = "\\") -> Expanded:
    """A word as BuildKit hands it to the image: unquoted, unescaped, expanded.

    ``lookup`` returns a variable's value, or None when it is not known here (an ARG without
    a default, set by ``--build-arg``, or an ENV from the base image); such names are listed
    in ``unknown`` and the text is then not a literal.
    """
    word = _Word(text, escape, lookup)
    result = word.run()
    return Expanded(result, word.unknown)
