"""An env file pulled into a Makefile (``include .env``, ``-include .env``), as GNU make reads it.

Checked against GNU make 4.3:

* a CR before the newline is dropped (make's line reader does it), so CRLF files are harmless;
* a backslash at the end of a line joins the next with one space (backslashes before it
  pair up; an even run at the end is literal);
* ``#`` starts a comment anywhere unless written ``\\#``; the blanks before it stay in the
  value, because make trims only the blanks after ``=``, never the trailing ones;
* quotes are plain characters: ``T="abc"`` is seven characters long in make, and in the
  environment of every recipe once ``export`` is on;
* blanks after ``=`` (CR, vertical tab and form feed included) are trimmed;
* ``NAME = value``, ``:=``, ``::=``, ``?=`` and ``+=`` (which appends after a space) assign,
  optionally after ``export``/``override``; ``$$`` is a dollar, ``$(X)``/``${X}`` refer to
  another variable; a line that is neither an assignment, a rule, nor a directive stops
  make ("missing separator").
"""

from __future__ import annotations

import re

from sherlock.collect.dialects import EnvLine, ParsedEnv
from sherlock.collect.env_bounds import Deadline

_ASSIGN = re.compile(
    r"[ \t]*(?:(?:export|override|private)[ \t]+)*"
    r"(?P<name>[^\s:#=$]+?)[ \t\r\v\f]*(?P<op>:::=|::=|:=|\?=|\+=|!=|=)[ \t\r\v\f]*(?P<value>.*)",
    re.DOTALL,
)
_HASH = re.compile(r"(?P<slashes>\\*)#")
_DIRECTIVE = re.compile(r"[ \t]*(?:export|unexport|undefine|vpath|-?include|sinclude)\b")
_REFERENCE = re.compile(r"\$(?:\((?P<paren>[^()$]*)\)|\{(?P<brace>[^{}$]*)\}|(?P<one>[^$({]))")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line, text) per logical line: CRs dropped, continuations joined."""
    physical = [line.removesuffix("\r") for line in text.removeprefix("\ufeff").split("\n")]
    logical: list[tuple[int, str]] = []
    index = 0
    while index < len(physical):
        start, parts = index + 1, [physical[index]]
        while _continues(parts[-1]) and index + 1 < len(physical):
            run = len(parts[-1]) - len(parts[-1].rstrip("\\"))
            parts[-1] = (parts[-1][:-run] + "\\" * (run // 2)).rstrip(" \t")
            index += 1
            parts.append(physical[index].lstrip(" \t"))
        logical.append((start, " ".join(parts)))
        index += 1
    return logical


def _continues(line: str) -> bool:
    """An odd run of backslashes at the end continues the line; an even one is literal."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _strip_comment(line: str) -> str:
    """The line before its comment: backslashes before ``#`` pair up, and an odd one out
    makes the ``#`` literal (``a\\\\#c`` is ``a\\``, ``a\\#c`` is ``a#c``)."""
    for match in _HASH.finditer(line):
        slashes = len(match["slashes"])
        kept = line[: match.start()] + "\\" * (slashes // 2)
        if slashes % 2 == 0:
            return kept
        return kept + "#" + _strip_comment(line[match.end() :])
    return line


def _expand(value: str, known: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    missing: list[str] = []

    def one(match: re.Match[str]) -> str:
        name = match["paren"] or match["brace"] or match["one"] or ""
        if name == "$" or match.group() == "$$":
            return "$"
        if name in known:
            return known[name]
        missing.append(name)
        return ""

    expanded = _REFERENCE.sub(one, value.replace("$$", "\0")).replace("\0", "$")
    return expanded, tuple(missing)


def parse_make_include(text: str, deadline: Deadline | None = None) -> ParsedEnv:
    """Variables make defines when a Makefile includes ``text``."""
    parsed = ParsedEnv()
    known: dict[str, str] = {}
    for number, raw in _logical_lines(text):
        if deadline is not None and deadline.passed():
            return ParsedEnv(problems=[(number, deadline.message())])
        line = _strip_comment(raw)
        if not line.strip() or raw.startswith("\t"):
            continue
        match = _ASSIGN.fullmatch(line)
        if match is None:
            if ":" not in line and not _DIRECTIVE.match(line):
                parsed.problems.append((number, "not an assignment: make stops here"))
                break
            continue
        name, op, value = match["name"], match["op"], match["value"]
        if op == "!=":
            parsed.entries.append(EnvLine(name, value, number, ("$(shell …)",)))
            continue
        if op == "?=" and name in known:
            continue
        value, missing = _expand(value, known)
        if op == "+=" and name in known:
            value = f"{known[name]} {value}" if known[name] else value
        known[name] = value
        parsed.entries.append(EnvLine(name, value, number, missing))
    return parsed
