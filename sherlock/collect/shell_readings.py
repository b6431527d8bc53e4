"""How a shell script that loads an env file sees its values.

Two families, checked against dash, bash and GNU xargs:

* **sourcing** (``. ./.env``, ``source .env``, usually inside ``set -a`` … ``set +a``): the file
  is shell code, so each line is an assignment read with the shell's own quoting (quotes
  removed, backslashes escape, a CR from a CRLF file stays in the value). An assignment
  followed by a command on the same line (``T=abc def`` runs ``def``) does not persist.
* **word splitting** (``export $(cat .env | xargs)``, ``env $(cat .env) cmd``): the file's
  text becomes words. Without ``xargs`` nothing is unquoted; with it, xargs removes quotes
  and backslashes first, and the shell then splits the result again at blanks, so a value
  with a space is cut short either way. Comment lines become words too unless a
  ``grep -v '^#'`` removes them, which is how a commented-out old token gets exported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sherlock.collect.dialects import EnvLine, ParsedEnv
from sherlock.collect.emit import is_provider_name
from sherlock.collect.env_bounds import Deadline
from sherlock.collect.shell import Word, assignment_words

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_GAP = r"(?:[ \t]|\\\n)*"  # blanks, and backslash-newline (a continued line)
_NEXT_ASSIGNMENT = re.compile(_GAP + r"[A-Za-z_][A-Za-z0-9_]*=")
_NEXT_CHAR = re.compile(_GAP + r"(.?)", re.DOTALL)
_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])")
_COMMAND_END = frozenset("\n;&|#)")


def _prefixes_a_command(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` is followed by a command on its line.

    ``T=abc def`` runs ``def`` with T set for that command only; ``T=abc # x``, ``T=abc; y``
    and ``A=1 B=2`` keep T, but ``A=1 B=2 cmd`` sets neither: every assignment before a
    command only prefixes it. A CR after a blank is a word of its own, hence a command.
    """
    while (after := _NEXT_ASSIGNMENT.match(text, end)) is not None:
        word = Word(text, after.end())
        word.read()
        if word.pos <= end:
            return False  # an unterminated quote: the shell stops reading there
        end = word.pos
    following = _NEXT_CHAR.match(text, end)[1]  # type: ignore[index]  # always matches
    return bool(following) and following not in _COMMAND_END


def parse_sourced(text: str, deadline: Deadline | None = None) -> ParsedEnv:
    """Bindings a POSIX shell makes when it sources ``text``."""
    parsed = ParsedEnv()
    body = text.removeprefix("\ufeff")
    lines = body.split("\n")
    for name, value, line, end in assignment_words(body):
        if deadline is not None and deadline.passed():
            return ParsedEnv(problems=[(line, deadline.message())])
        if end < 0:
            parsed.problems.append((line, "unterminated quote: the shell stops reading here"))
            break
        if _prefixes_a_command(body, end):
            if not is_provider_name(name):
                continue
            message = f"{name} only prefixes a command on this line; the shell does not keep it"
            parsed.problems.append((line, message))
        elif value is not None:
            parsed.entries.append(EnvLine(name, value, line))
        else:
            raw = lines[line - 1]
            refs = tuple(dict.fromkeys(m[1] for m in _REFERENCE.finditer(raw))) or ("?",)
            parsed.entries.append(EnvLine(name, raw, line, refs))
    return parsed


# --- word splitting ------------------------------------------------------------------------

_WORD = re.compile(r"[^ \t\n]+")


def _drop_comment_lines(text: str) -> str:
    """``grep -v '^#'``: comment lines go (their line breaks stay, so numbers do not move)."""
    return "\n".join("" if line.startswith("#") else line for line in text.split("\n"))


def _raw_words(text: str) -> Iterator[tuple[str, int]]:
    """The shell's field splitting of ``$(cat file)``: runs of non-blanks, with their line."""
    line, counted = 1, 0
    for match in _WORD.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield match.group(), line


class _Xargs:
    """GNU xargs' default input parsing: blanks and newlines separate items; quotes and
    backslashes protect them. An unmatched quote ends the input with an error."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.error_line: int | None = None

    def items(self) -> Iterator[tuple[str, int]]:
        item: list[str] = []
        start = self.line
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if char in " \t\n":
                if item:
                    yield "".join(item), start
                    item = []
                self.line += char == "\n"
                start = self.line
            elif char in "'\"" and not self._quoted(char, item):
                self.error_line = start
                return
            elif char == "\\" and self.pos < len(self.text):
                item.append(self.text[self.pos])
                self.line += self.text[self.pos] == "\n"
                self.pos += 1
            elif char not in "'\"\\":
                item.append(char)
        if item:
            yield "".join(item), start

    def _quoted(self, quote: str, item: list[str]) -> bool:
        end = self.text.find(quote, self.pos)
        newline = self.text.find("\n", self.pos)
        if end < 0 or 0 <= newline < end:
            return False
        item.append(self.text[self.pos : end])
        self.pos = end + 1
        return True


def _xargs_words(text: str, problems: list[tuple[int, str]]) -> Iterator[tuple[str, int]]:
    reader = _Xargs(text)
    for item, line in reader.items():
        for word in _WORD.findall(item):  # IFS: a CR is not a blank to the shell
            yield word, line
    if reader.error_line is not None:
        problems.append((reader.error_line, "unmatched quote: xargs stops reading here"))


def parse_word_split(
    text: str,
    command: str,
    *,
    xargs: bool,
    drop_comments: bool,
    deadline: Deadline | None = None,
) -> ParsedEnv:
    """Bindings ``command $(… file …)`` makes, ``command`` being ``export`` or ``env``."""
    parsed = ParsedEnv()
    body = _drop_comment_lines(text) if drop_comments else text
    words = list(_xargs_words(body, parsed.problems) if xargs else _raw_words(body))
    split_lines = _lines_split_mid_value(words)
    for word, line in words:
        if deadline is not None and deadline.passed():
            return ParsedEnv(problems=[(line, deadline.message())])
        name, has_value, value = word.partition("=")
        if has_value and _NAME.fullmatch(name):
            parsed.entries.append(EnvLine(name, value, line))
            if line in split_lines:
                parsed.problems.append((line, "this line splits into several words"))
        elif command == "env":
            parsed.problems.append(
                (line, "env runs this word as the command: nothing after it is set")
            )
            break
        elif not _NAME.fullmatch(word):
            parsed.problems.append((line, "export refuses a word here (not a variable name)"))
    parsed.problems = sorted(set(parsed.problems))
    return parsed


def _lines_split_mid_value(words: list[tuple[str, int]]) -> set[int]:
    counts: dict[int, int] = {}
    for _word, line in words:
        counts[line] = counts.get(line, 0) + 1
    return {line for line, count in counts.items() if count > 1}
