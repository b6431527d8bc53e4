"""Command lines that run Docker Compose: which project folder and which ``--env-file``.

A compose service's pass-through variables (``- TWILIO_AUTH_TOKEN``) take their value from the
environment compose itself runs in, and compose-go builds that environment from the shell and
from the env files named with the *global* ``--env-file`` option (``cli.WithEnvFiles``), the
default ``.env`` of the project folder only when none is named. So the lines of a Makefile,
a script or a CI step that run ``docker compose [global options] up|run|create`` say where
those values come from. Read as compose-go's ``GetWorkingDir`` reads them:

* the project folder is ``--project-directory``, else the folder of the first ``-f``/``--file``,
  else the folder the command runs in (a ``cd DIR &&`` before it moves it);
* ``--env-file`` paths are taken relative to the folder the command runs in (compose calls
  ``filepath.Abs`` on them), in the order written: a later file overrides an earlier one;
* options after the subcommand belong to it (``docker compose run --env-file`` sets the
  container's environment, not compose's), so only the options before it are read.

Paths holding a variable (``$(ENV_FILE)``, ``${STAGE}``) cannot be known and are skipped; the
``$(CURDIR)/``, ``$PWD/`` and ``$(pwd)/`` prefixes mean the folder the command runs in.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sherlock.collect.walk import resolve_reference

_COMPOSE = re.compile(r"\bdocker(?:[ \t]+compose|-compose)(?=[ \t]|$)")
_CD = re.compile(r"\bcd[ \t]+([^\s;&|]+)[ \t]*&&[^&]*$")
_PWD = re.compile(r"^(?:\$\(CURDIR\)|\$\{CURDIR\}|\$\(pwd\)|\$\{?PWD\}?)/")
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
#: Global options of ``docker compose`` that take a value (the value is the next word).
_WITH_VALUE = frozenset(
    {
        "-f",
        "--file",
        "-p",
        "--project-name",
        "--profile",
        "--env-file",
        "--project-directory",
        "--ansi",
        "--progress",
        "--parallel",
    }
)
#: Subcommands that create containers, and so hand them the resolved environment.
CREATING = frozenset({"up", "run", "create"})


@dataclass(frozen=True)
class ComposeRun:
    """One command that starts a compose project: its folder, its env files, its line."""

    folder: str  # root-relative project folder ("" for the root)
    env_files: tuple[str, ...]  # root-relative, in the order given (later wins)
    path: str  # the file holding the command
    line: int


def _words(command: str) -> list[str]:
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        words = command.split()
    for index, word in enumerate(words):
        if word in _SEPARATORS or word.endswith(";"):
            return words[:index] + ([word[:-1]] if word.endswith(";") and word != ";" else [])
    return words


def _options(words: Sequence[str]) -> tuple[dict[str, list[str]], str | None]:
    """The global options before the subcommand (``--opt=v`` split), and the subcommand."""
    found: dict[str, list[str]] = {}
    index = 0
    while index < len(words):
        word = words[index]
        name, equals, value = word.partition("=")
        if equals and name in _WITH_VALUE:
            found.setdefault(name, []).append(value)
        elif word in _WITH_VALUE and index + 1 < len(words):
            found.setdefault(word, []).append(words[index + 1])
            index += 1
        elif not word.startswith("-"):
            return found, word
        index += 1
    return found, None


def _path(cwd: str, written: str) -> str | None:
    """A path as the command's folder sees it; None when it holds a variable or leaves the tree."""
    written = _PWD.sub("", written)
    if "$" in written:
        return None
    return resolve_reference(cwd, written)


def _run(words: Sequence[str], cwd: str, path: str, line: int) -> ComposeRun | None:
    options, command = _options(words)
    if command not in CREATING:
        return None
    folder: str | None = cwd
    if options.get("--project-directory"):
        folder = _path(cwd, options["--project-directory"][0])
    else:
        files = options.get("-f", []) + options.get("--file", [])
        if files:
            first = _path(cwd, files[0])
            folder = posixpath.dirname(first) if first else None
    if folder is None:
        return None
    written = options.get("--env-file", [])
    env_files = tuple(p for p in (_path(cwd, w) for w in written) if p)
    return ComposeRun("" if folder == "." else folder, env_files, path, line)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) with backslash continuations joined."""
    pending: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        yield start, " ".join([*pending, line])
        pending = []
    if pending:
        yield start, " ".join(pending)


def compose_runs(text: str, path: str, cwds: Sequence[str]) -> list[ComposeRun]:
    """Every compose command in ``text`` that creates containers, once per folder it may run
    in (``cwds``: a Makefile's own folder; a script's folder, then the root)."""
    runs: list[ComposeRun] = []
    for number, line in _logical_lines(text):
        for match in _COMPOSE.finditer(line):
            before = _CD.search(line[: match.start()])
            words = _words(line[match.end() :])
            for cwd in dict.fromkeys(cwds):
                here = resolve_reference(cwd, before[1]) if before else cwd
                if here is None:
                    continue
                run = _run(words, "" if here == "." else here, path, number)
                if run is not None and run not in runs:
                    runs.append(run)
    return runs
