"""The three ways an env file is read, each reproduced faithfully, with line numbers.

The same line means different things to different consumers, and that difference is a
classic cause of "works locally, 20003 in the container":

* **python-dotenv** (the default): the real library's parser. It reads the file in text mode
  (so ``\\r\\n`` becomes ``\\n``), strips surrounding quotes, allows ``export`` and spaces
  around ``=``, drops `` # comments`` after unquoted values and expands ``${VAR}`` (even in
  single quotes) from earlier lines and the environment.
* **docker --env-file**: every value exactly as written after the first ``=``: quotes,
  trailing spaces and ``#`` are kept, nothing is expanded. Go's line scanner drops one
  ``\\r`` before each ``\\n``. A name with whitespace (``export X=1``, ``X = 1``) makes docker
  refuse the whole file.
* **compose** (``env_file:``, compose-go v2 rules): quotes stripped, single quotes literal,
  double quotes decode escapes and expand, unquoted values lose `` #…`` and trailing blanks
  and are expanded (``$VAR``, ``${VAR:-default}``, ``$$``).

Each parser returns values in file order with the line each binding starts on, plus problems
as (line, message) pairs; messages never contain values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from dotenv.parser import parse_stream
from dotenv.variables import Variable, parse_variables

from sherlock.collect.env_bounds import (
    EXPANSION_MESSAGE,
    FILE_BUDGET_SECONDS,
    Deadline,
    drop_long_lines,
    long_line_message,
    too_costly,
)

PYTHON_DOTENV = "python-dotenv"
DOCKER_ENV_FILE = "docker --env-file"
COMPOSE = "compose"
KUBECTL_ENV_FILE = "kubectl --from-env-file"


@dataclass(frozen=True)
class EnvLine:
    """One binding: ``missing`` names variables it referenced that nothing here defines."""

    name: str
    value: str
    line: int
    missing: tuple[str, ...] = ()


@dataclass
class ParsedEnv:
    """An env file's bindings in file order, and (line, message) problems its consumer has."""

    entries: list[EnvLine] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


# --- python-dotenv -------------------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\n|\r")


def _binding_line(original: str, first_line: int) -> int:
    """python-dotenv marks a binding from the blank lines before it; skip those."""
    leading = original[: len(original) - len(original.lstrip())]
    return first_line + len(_NEWLINE.findall(leading))


def _expand_dotenv(value: str, known: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    atoms = list(parse_variables(value))  # once: the regex behind it is the slow part
    missing = tuple(
        atom.name
        for atom in atoms
        if isinstance(atom, Variable) and atom.name not in known and atom.default is None
    )
    return "".join(atom.resolve(known) for atom in atoms), missing


def parse_python_dotenv(
    text: str,
    environ: Mapping[str, str] | None = None,
    budget_seconds: float = FILE_BUDGET_SECONDS,
) -> ParsedEnv:
    """Bindings as ``dotenv_values()`` would return them (file values win over ``environ``).

    A value whose expansion would take too long is skipped with a problem; a file that runs
    past ``budget_seconds`` yields nothing but one problem, since a half-read file would
    mislead more than a skipped one.
    """
    parsed = ParsedEnv()
    known: dict[str, str] = dict(environ or {})
    deadline = Deadline(budget_seconds)
    for binding in parse_stream(io.StringIO(text, newline=None)):
        line = _binding_line(binding.original.string, binding.original.line)
        if deadline.passed():
            return ParsedEnv(problems=[(line, deadline.message())])
        if binding.error:
            parsed.problems.append((line, "python-dotenv cannot parse this line and skips it"))
            continue
        if binding.key is None or binding.value is None:
            continue
        if too_costly(binding.value):
            parsed.problems.append((line, EXPANSION_MESSAGE))
            continue
        value, missing = _expand_dotenv(binding.value, known)
        known[binding.key] = value
        parsed.entries.append(EnvLine(binding.key, value, line, missing))
    return parsed


# --- docker --env-file ---------------------------------------------------------------------


def parse_docker_env_file(text: str) -> ParsedEnv:
    """Bindings as ``docker run --env-file`` passes them to the container."""
    parsed = ParsedEnv()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if number == 1:
            line = line.removeprefix("\ufeff")
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        key, has_value, value = stripped.partition("=")
        if not key:
            parsed.problems.append((number, "no variable name; docker refuses the whole file"))
        elif " " in key or "\t" in key:
            parsed.problems.append(
                (number, "variable name contains whitespace; docker refuses the whole file")
            )
        elif has_value:
            parsed.entries.append(EnvLine(key, value, number))
    return parsed


# --- compose interpolation -----------------------------------------------------------------

_COMPOSE_VAR = re.compile(
    r"\$(?:(?P<dollar>\$)|(?P<named>[_A-Za-z][_A-Za-z0-9]*)"
    r"|\{(?P<braced>[_A-Za-z][_A-Za-z0-9.]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\})"
)


def _substitute(
    match: re.Match[str], lookup: Callable[[str], str | None], missing: list[str]
) -> str:
    if match["dollar"]:
        return "$"
    name = match["named"] or match["braced"]
    value, op, arg = lookup(name), match["op"] or "", match["arg"] or ""
    if op.endswith("-"):
        use_arg = value is None or (op == ":-" and value == "")
        return expand_compose(arg, lookup, missing) if use_arg else str(value)
    if op.endswith("+"):
        use_arg = value is not None and not (op == ":+" and value == "")
        return expand_compose(arg, lookup, missing) if use_arg else ""
    if value is None:
        missing.append(name)
        return ""
    return value


def expand_compose(value: str, lookup: Callable[[str], str | None], missing: list[str]) -> str:
    """Compose's ``$VAR``/``${VAR…}`` interpolation; unresolved names are added to ``missing``."""
    return _COMPOSE_VAR.sub(lambda m: _substitute(m, lookup, missing), value)


# --- compose env_file ----------------------------------------------------------------------

_BLANKS = re.compile(r"\s*")
_EXPORT = re.compile(r"export\s+")
_KEY = re.compile(r"[\w.\-\[\] \t\v\f\r\x85\xa0]*")
_SPACES = re.compile(r"[ \t\v\f\r\x85\xa0]*")
_ESCAPE = re.compile(r"\\(?:[abfnrtv$\"\\]|0[0-7]{0,3})")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(match: re.Match[str]) -> str:
    body = match.group()[1:]
    if body == "$":
        return "$$"  # compose's own escape: the value keeps a literal dollar
    if body.startswith("0"):
        return chr(int(body[1:] or "0", 8))
    return _ESCAPES.get(body, body)


class _ComposeEnvParser:
    """compose-go's env-file grammar, statement by statement, counting lines as it goes."""

    def __init__(self, text: str, environ: Mapping[str, str]) -> None:
        self.text = text.removeprefix("\ufeff")
        self.pos = 0
        self.line = 1
        self.environ = environ
        self.known: dict[str, str] = {}
        self.parsed = ParsedEnv()

    def run(self) -> ParsedEnv:
        while self._next_statement() and self._statement():
            pass
        return self.parsed

    def _advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def _next_statement(self) -> bool:
        while True:
            self._advance(_BLANKS.match(self.text, self.pos).end())  # type: ignore[union-attr]
            if self.pos >= len(self.text):
                return False
            if self.text[self.pos] != "#":
                return True
            newline = self.text.find("\n", self.pos)
            self._advance(len(self.text) if newline < 0 else newline)

    def _fail(self, line: int, message: str) -> bool:
        self.parsed.problems.append((line, f"{message}; compose refuses the whole file"))
        return False

    def _statement(self) -> bool:
        start = self.line
        export = _EXPORT.match(self.text, self.pos)
        if export:
            self._advance(export.end())
        end = _KEY.match(self.text, self.pos).end()  # type: ignore[union-attr]
        term = self.text[end : end + 1]
        if term not in ("=", ":", "\n", ""):
            return self._fail(start, "unexpected character in a variable name")
        key = self.text[self.pos : end].rstrip()
        self._advance(end + (1 if term in ("=", ":") else 0))
        if term in ("\n", ""):
            return True  # a bare name: taken from the environment, if set there
        if " " in key:
            return self._fail(start, "variable name contains a space")
        self._advance(_SPACES.match(self.text, self.pos).end())  # type: ignore[union-attr]
        quote = self.text[self.pos : self.pos + 1]
        if quote in ("'", '"'):
            return self._quoted(key, start, quote)
        return self._unquoted(key, start)

    def _lookup(self, name: str) -> str | None:
        return self.environ.get(name, self.known.get(name))

    def _store(self, key: str, value: str, line: int, expand: bool) -> None:
        missing: list[str] = []
        if expand and too_costly(value):
            self.parsed.problems.append((line, EXPANSION_MESSAGE))
            return
        if expand:
            value = expand_compose(value, self._lookup, missing)
        self.known[key] = value
        self.parsed.entries.append(EnvLine(key, value, line, tuple(missing)))

    def _unquoted(self, key: str, line: int) -> bool:
        newline = self.text.find("\n", self.pos)
        end = len(self.text) if newline < 0 else newline
        value = self.text[self.pos : end].split(" #", 1)[0].rstrip()
        self._advance(end)
        self._store(key, value, line, expand=True)
        return True

    def _quoted(self, key: str, line: int, quote: str) -> bool:
        chars: list[str] = []
        i, escaped = self.pos + 1, False
        while i < len(self.text):
            char = self.text[i]
            if escaped:
                chars.append(char if char == quote else "\\" + char)
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                break
            else:
                chars.append(char)
            i += 1
        else:
            return self._fail(line, "unterminated quoted value")
        self._advance(i + 1)
        value = "".join(chars)
        if quote == '"':
            value = _ESCAPE.sub(_unescape, value)
        self._store(key, value, line, expand=quote == '"')
        return True


def parse_compose_env_file(text: str, environ: Mapping[str, str] | None = None) -> ParsedEnv:
    """Bindings as compose's ``env_file:`` loads them into a service."""
    return _ComposeEnvParser(text, environ or {}).run()


PARSERS: dict[str, Callable[[str, Mapping[str, str] | None], ParsedEnv]] = {
    PYTHON_DOTENV: lambda text, environ: parse_python_dotenv(text, environ),
    DOCKER_ENV_FILE: lambda text, _environ: parse_docker_env_file(text),
    # kubectl's env_file.go reads a line as docker's does: leading blanks and comments
    # dropped, everything after the first "=" kept, quotes and trailing blanks included
    KUBECTL_ENV_FILE: lambda text, _environ: parse_docker_env_file(text),
    COMPOSE: parse_compose_env_file,
}


def parse_env_text(text: str, consumer: str, environ: Mapping[str, str] | None = None) -> ParsedEnv:
    """Read env-file text the way ``consumer`` does (unknown consumers: python-dotenv).

    Over-long lines are blanked first (see :mod:`.env_bounds`) and reported in line order.
    """
    text, dropped = drop_long_lines(text)
    parsed = PARSERS.get(consumer, parse_python_dotenv)(text, environ)
    if dropped:
        parsed.problems = sorted([(n, long_line_message()) for n in dropped] + parsed.problems)
    return parsed
