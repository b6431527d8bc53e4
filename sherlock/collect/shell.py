"""Shell scripts: ``*.sh``, ``*.bash``, ``*.zsh``, ``.envrc`` and executables with a sh/bash
shebang.

Assignments (``export NAME=value``, ``NAME=value``, also ``declare -x``/``readonly``) are read
the way the shell reads the word after ``=``: quotes are removed, backslashes escape, a ``\\r``
from a CRLF checkout stays in the value (bash keeps it, and that breaks tokens). A value that
needs the shell to run (``$VAR``, ``${VAR}``, ``$(cmd)``, backticks, arrays) is not a literal
and is skipped without a note. Here-documents are skipped: their lines are file content, not
assignments. When a name is assigned several times, the last assignment is kept.

The same scripts, and Makefiles, are searched for ``docker run … --env-file PATH`` so that
PATH is later read with docker's rules (see :func:`docker_env_file_references`).

An ``.envrc`` is still wanted here, so the pre-pass sees what it sources, but the direnv
reader (:mod:`sherlock.collect.envrc`), registered first, reads it: direnv keeps only what
the script exports, and what its ``dotenv`` lines load.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    pick_environment,
    service_from_path,
)
from sherlock.collect.dialects import DOCKER_ENV_FILE, KUBECTL_ENV_FILE
from sherlock.collect.docker_run_env import docker_run_values
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.kubectl_secrets import kubectl_secret_values
from sherlock.collect.platform_secrets import platform_secret_values
from sherlock.collect.walk import Want, resolve_from_script
from sherlock.models import Location

SHELL_SUFFIXES = (".sh", ".bash", ".zsh")
MAKEFILE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})
_SHEBANG = re.compile(rb"#!\s*(?:/usr)?/bin/(?:env\s+)?(?:ba|da|z|k)?sh\b")
_ASSIGNMENT = re.compile(
    r"[ \t]*(?:(?:export|readonly|declare[ \t]+-[a-zA-Z]*x[a-zA-Z]*|typeset[ \t]+-x)[ \t]+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)="
)
_HEREDOC = re.compile(r"(?<!<)<<-?(?!<)[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_WORD_END = frozenset(" \t\n;&|<>()")
_DOUBLE_ESCAPES = frozenset('$`"\\\n')
_EXPANSION_START = re.compile(r"\$[A-Za-z_{(0-9@*#?$!\-]")


class Word:
    """Reads one shell word from ``pos``: its literal value, or None if it needs expansion."""

    def __init__(self, text: str, pos: int) -> None:
        self.text, self.pos = text, pos
        self.out: list[str] = []
        self.literal = True

    def read(self) -> str | None:
        text = self.text
        if text.startswith("(", self.pos):
            return None  # an array
        while self.pos < len(text) and text[self.pos] not in _WORD_END:
            char = text[self.pos]
            if char == "'":
                self._single()
            elif char == '"':
                self._double()
            elif char == "\\":
                self._escape(unquoted=True)
            else:
                self._plain(char)
            if self.pos < 0:
                return None  # unterminated quote
        return "".join(self.out) if self.literal else None

    def _plain(self, char: str) -> None:
        if char == "`" or _EXPANSION_START.match(self.text, self.pos):
            self.literal = False
        self.out.append(char)
        self.pos += 1

    def _single(self) -> None:
        end = self.text.find("'", self.pos + 1)
        if end < 0:
            self.pos = -1
            return
        self.out.append(self.text[self.pos + 1 : end])
        self.pos = end + 1

    def _escape(self, unquoted: bool) -> None:
        nxt = self.text[self.pos + 1 : self.pos + 2]
        if nxt == "\n":
            self.pos += 2  # a line continuation
        elif unquoted or nxt in _DOUBLE_ESCAPES:
            self.out.append(nxt)
            self.pos += 2
        else:
            self.out.append("\\")
            self.pos += 1

    def _double(self) -> None:
        self.pos += 1
        while self.pos < len(self.text) and self.text[self.pos] != '"':
            char = self.text[self.pos]
            if char == "\\":
                self._escape(unquoted=False)
            else:
                self._plain(char)
        if self.pos >= len(self.text):
            self.pos = -1
            return
        self.pos += 1


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def assignment_words(text: str) -> Iterator[tuple[str, str | None, int, int]]:
    """(name, literal value or None, line, end offset) for each assignment at a line start.

    The value is None when it needs the shell to run (an expansion, an array, an unclosed
    quote); ``end`` is where the assigned word stops, so a caller can see what follows it.
    """
    starts = _line_starts(text)
    skip_until = 0
    delimiter: str | None = None
    in_command = False  # this line continues a command's arguments (``heroku config:set \``)
    for number, start in enumerate(starts, start=1):
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if delimiter is not None:
            if line.strip("\t\r") == delimiter:
                delimiter = None
            continue
        heredoc = _HEREDOC.search(line)
        if heredoc:
            delimiter = heredoc[2]
        if start < skip_until:
            continue
        if in_command:
            in_command = _continues_arguments(line)
            continue
        match = _ASSIGNMENT.match(text, start)
        if match and match.start(1) < (end if end >= 0 else len(text)):
            word = Word(text, match.end())
            value = word.read()
            skip_until = word.pos if word.pos > 0 else skip_until
            yield match[1], value, number, word.pos
        else:
            in_command = _continues_arguments(line)


def _continues_arguments(line: str) -> bool:
    """Whether the next line carries on this command's arguments: the line ends in an
    unescaped backslash, is no comment, and no operator (``&&``, ``|``, ``;``) precedes the
    backslash (after one, the next line starts a command of its own)."""
    body = line.rstrip("\\")
    if (len(line) - len(body)) % 2 == 0 or line.lstrip().startswith("#"):
        return False
    return not body.rstrip().endswith(("&", "|", ";"))


def assignments(text: str) -> Iterator[tuple[str, str, int]]:
    """(name, literal value, line) for each assignment the shell would make with a literal."""
    for name, value, number, _end in assignment_words(text):
        if value is not None:
            yield name, value, number


def sniff_shebang(head: bytes) -> bool:
    """Whether an extensionless executable is a sh/bash/zsh script."""
    return _SHEBANG.match(head) is not None


class ShellCollector:
    """Reads literal assignments from shell scripts and ``.envrc`` files."""

    name = "shell"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True
    #: ``matches`` also claims unwanted files: an extensionless script found by its shebang
    by_content = True

    def wants(self, relpath: str) -> bool:
        name = relpath.rsplit("/", 1)[-1]
        return name.endswith(SHELL_SUFFIXES) or name == ".envrc"

    def want(self, relpath: str) -> Want:
        """Like :meth:`wants`, but extensionless files are worth a look at their shebang."""
        if self.wants(relpath):
            return Want.YES
        name = relpath.rsplit("/", 1)[-1]
        return Want.SNIFF if "." not in name else Want.NO

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) or sniff_shebang(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        body = text.removeprefix("\ufeff")
        entries = [Entry(n, v, Location(source.relpath, line)) for n, v, line in assignments(body)]
        pairs = [(e.name, e.raw) for e in entries]
        unit = Unit(
            scope=source.relpath,
            source_kind="shell",
            consumer="shell",
            environment=pick_environment(
                environment_from_path(source.relpath), environment_from_variables(pairs)
            ),
            service=service_from_path(source.relpath, ctx.root_name),
            hints=(source.relpath,),
        )
        result = emit(entries, unit)
        if "kubectl" in body:
            result.extend(kubectl_secret_values(source, body, ctx))
        if "docker" in body:
            result.extend(docker_run_values(source, body, ctx))
        result.extend(platform_secret_values(source, body, ctx))
        return result


# --- docker run --env-file references -------------------------------------------------------

_DOCKER_RUN = re.compile(r"\bdocker\s+(?:container\s+)?(?:run|create)\b")
_KUBECTL_CREATE = re.compile(r"\bkubectl\b[^|;&]*?\bcreate\s+(?:secret\s+generic|configmap|cm)\b")
#: (command, its env-file flag, the consumer that reads the file)
_ENV_FILE_COMMANDS = (
    (_DOCKER_RUN, "--env-file", DOCKER_ENV_FILE),
    (_KUBECTL_CREATE, "--from-env-file", KUBECTL_ENV_FILE),
)
_PWD_PREFIX = re.compile(r"^(?:\$\(pwd\)|\$\{?PWD\}?|\$\(CURDIR\)|\$\{CURDIR\})/")


def is_reference_source(relpath: str) -> bool:
    """Files searched only for ``docker run --env-file`` (Makefiles)."""
    name = relpath.rsplit("/", 1)[-1]
    return name in MAKEFILE_NAMES or name.endswith(".mk")


def _env_file_args(command: str, flag: str = "--env-file") -> Iterator[str]:
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        words = command.split()
    for index, word in enumerate(words):
        if word == flag and index + 1 < len(words):
            yield words[index + 1]
        elif word.startswith(f"{flag}="):
            yield word.split("=", 1)[1]


def docker_env_file_references(
    relpath: str, text: str, exists: Callable[[str], bool]
) -> dict[str, str]:
    """Env files passed to ``docker run --env-file`` and to ``kubectl create secret generic``
    / ``create configmap`` ``--from-env-file`` (root-relative path → consumer; kubectl
    reads the file as docker does, quotes and trailing blanks kept in the value).

    A relative PATH is tried against the script's folder, then the root (scripts are often
    run from the repository root); the first that exists in the tree wins.
    """
    joined = text.replace("\\\r\n", " ").replace("\\\n", " ")
    found: dict[str, str] = {}
    for line in joined.splitlines():
        for pattern, flag, consumer in _ENV_FILE_COMMANDS:
            run = pattern.search(line)
            if not run:
                continue
            for arg in _env_file_args(line[run.end() :], flag):
                hit = resolve_from_script(relpath, _PWD_PREFIX.sub("", arg), exists)
                if hit:
                    found[hit] = consumer
    return found
