"""systemd's ``EnvironmentFile=`` grammar, as systemd.exec(5) describes it and systemd 252 does it.

* Lines whose first non-blank character is ``#`` or ``;`` are comments (a backslash at the
  end of a comment continues it); a line without ``=`` is ignored.
* The name is trimmed; a name that is not a valid variable name (``export T``) is ignored.
* An unquoted value loses leading and trailing blanks; a backslash keeps the next character,
  a backslash at the end of the line joins the next one; quotes *after* the first character
  are kept as they are.
* A value that starts with ``'`` runs to the next ``'`` verbatim, even across lines; one that
  starts with ``"`` does too, but ``\\"``, ``\\\\``, ``\\`` and ``\\$`` lose their backslash
  and a backslash before a newline joins lines. After a closing quote, blanks are skipped and
  another quoted or plain part may follow (``"a" "b"`` is ``ab``).
* CR counts as a line end, so a CRLF file reads exactly like an LF one.
* Nothing is expanded: ``$`` is an ordinary character.
"""

from __future__ import annotations

import re

from sherlock.collect.dialects import EnvLine, ParsedEnv
from sherlock.collect.env_bounds import Deadline

_VALID_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LINE_ENDS = "\n\r"
_BLANKS = " \t\n\r"
_KEEP_ESCAPED = '"\\`$'


class _EnvFileReader:
    """One pass over the text, one state per grammar position (mirrors systemd's own)."""

    def __init__(self, text: str, deadline: Deadline | None) -> None:
        self.text = text.removeprefix("\ufeff")
        self.deadline = deadline
        self.pos = 0
        self.line = 1
        self.parsed = ParsedEnv()

    def run(self) -> ParsedEnv:
        while self.pos < len(self.text):
            if self.deadline is not None and self.deadline.passed():
                return ParsedEnv(problems=[(self.line, self.deadline.message())])
            char = self._take()
            if char in _BLANKS:
                continue
            if char in "#;":
                self._comment()
            else:
                self._assignment(char)
        return self.parsed

    def _take(self) -> str:
        char = self.text[self.pos]
        self.pos += 1
        if char == "\n":
            self.line += 1
        return char

    def _comment(self) -> None:
        while self.pos < len(self.text):
            char = self._take()
            if char == "\\" and self.pos < len(self.text):
                self._take()
            elif char in _LINE_ENDS:
                return

    def _assignment(self, first: str) -> None:
        start, key = self.line, [first]
        while self.pos < len(self.text):
            char = self._take()
            if char in _LINE_ENDS:
                return  # no '=': ignored
            if char == "=":
                self._store("".join(key).rstrip(" \t"), self._value(), start)
                return
            key.append(char)

    def _store(self, name: str, value: str, line: int) -> None:
        if _VALID_NAME.fullmatch(name):
            self.parsed.entries.append(EnvLine(name, value, line))
        else:
            self.parsed.problems.append((line, "not a valid variable name; systemd ignores it"))

    def _value(self) -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            char = self._take()
            if char in _LINE_ENDS:
                break
            if char in " \t":
                continue
            if char in "'\"":
                self._quoted(char, out)
                continue
            self.pos -= 1  # the first plain character: read it again as part of the rest
            return "".join(out) + self._plain()
        return "".join(out)

    def _quoted(self, quote: str, out: list[str]) -> None:
        while self.pos < len(self.text):
            char = self._take()
            if char == quote:
                return
            if char == "\\" and quote == '"' and self.pos < len(self.text):
                nxt = self._take()
                if nxt in _KEEP_ESCAPED:
                    out.append(nxt)
                elif nxt != "\n":
                    out.append("\\" + nxt)
                continue
            out.append(char)

    def _plain(self) -> str:
        out: list[str] = []
        kept = 0  # length without trailing unescaped blanks
        while self.pos < len(self.text):
            char = self._take()
            if char in _LINE_ENDS:
                break
            if char == "\\":
                nxt = self._take() if self.pos < len(self.text) else ""
                if nxt and nxt not in _LINE_ENDS:
                    out.append(nxt)
                kept = len(out)
                continue
            out.append(char)
            if char not in _BLANKS:
                kept = len(out)
        return "".join(out[:kept])


def parse_environment_file(text: str, deadline: Deadline | None = None) -> ParsedEnv:
    """Bindings a unit's ``EnvironmentFile=`` loads from ``text``."""
    return _EnvFileReader(text, deadline).run()
