"""One package.json script read as the twilio-run command lines it runs.

A script is shell text (npm runs it with ``sh -c``): ``cd serverless && npx twilio-run deploy
--env .env.deploy --environment=prod``. This module finds each twilio-run invocation in it,
either the ``twilio-run`` binary (through ``npx``/``yarn``/``pnpm`` or ``node_modules/.bin``)
or the Twilio CLI plugin (``twilio serverless:deploy``), with the folder it runs in and its
flags. Flag names follow twilio-run's ``src/flags.ts``: ``--env`` (the env file),
``--environment`` (alias ``--to``; ``--functions-env`` before 2.0), ``--production``,
``--cwd``, and the credentials ``--username``/``-u`` and ``--password`` (3.x) or
``--account-sid``/``-u`` and ``--auth-token`` (2.x, before the credential change of April
2021). Nothing is run or expanded; a ``$VAR`` value stays a name.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field

_OPERATOR = re.compile(r"^[;&|]+$")
_BINARY = re.compile(r"^(?:.*/)?twilio-run(?:@[\w.^~<>=-]+)?$")
_RUNNERS = frozenset({"npx", "yarn", "pnpm", "npm", "exec", "dlx", "run", "bunx", "env"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
#: twilio-run's flags that take a value (any other flag is a switch)
VALUE_FLAGS = frozenset(
    {
        "env",
        "environment",
        "to",
        "functions-env",
        "cwd",
        "username",
        "password",
        "account-sid",
        "auth-token",
        "profile",
        "config",
        "service-sid",
        "service-name",
        "region",
        "edge",
        "runtime",
        "functions-folder",
        "assets-folder",
        "output-format",
        "source-environment",
        "build-sid",
        "port",
    }
)
_SHORT = {"u": "username", "c": "config", "p": "port"}
#: commands that create projects or list templates and send no credentials
NO_CREDENTIALS = frozenset({"new", "init", "list-templates", "help"})


@dataclass(frozen=True)
class Invocation:
    """One twilio-run run: through the Twilio CLI plugin or not, its command, the folder it
    runs in (relative to the package.json's folder) and its flags (long names; '' for switches)."""

    plugin: bool
    command: str
    cwd: str
    flags: dict[str, str] = field(default_factory=dict)


def commands(script: str) -> list[list[str]]:
    """The simple commands of a script as ``sh`` splits them (quotes removed, a quoted
    newline or blank kept inside its word), cut at ``&&``, ``||``, ``;``, ``|`` and ``&``."""
    lexer = shlex.shlex(script, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    found: list[list[str]] = [[]]
    try:
        for token in lexer:
            if _OPERATOR.match(token):
                found.append([])
            else:
                found[-1].append(token)
    except ValueError:  # an unclosed quote: sh would refuse the line
        return []
    return [words for words in found if words]


def _start(words: list[str]) -> tuple[int, bool] | None:
    """Where the command's own arguments start, and whether it is the plugin."""
    for index, word in enumerate(words):
        if _BINARY.match(word):
            return index + 1, False
        if (
            word == "twilio"
            and index + 1 < len(words)
            and words[index + 1].startswith("serverless:")
        ):
            return index + 1, True
        if not (word in _RUNNERS or word.startswith("-") or _ASSIGNMENT.match(word)):
            return None
    return None


def _flags(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """Positional words and flags (``--name value``, ``--name=value``, ``-u value``)."""
    positional: list[str] = []
    flags: dict[str, str] = {}
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        name, eq, value = word.lstrip("-").partition("=")
        name = _SHORT.get(name, name) if not word.startswith("--") else name
        if not eq and name in VALUE_FLAGS and index < len(words):
            value, index = words[index], index + 1
        flags[name] = value
    return positional, flags


def invocations(script: str) -> Iterator[Invocation]:
    """Every twilio-run invocation of a script, in order, with the folder ``cd`` moved to."""
    cwd = ""
    for words in commands(script):
        if len(words) == 2 and words[0] == "cd":
            cwd = posixpath.normpath(posixpath.join(cwd, words[1]))
            continue
        start = _start(words)
        if start is None:
            continue
        index, plugin = start
        positional, flags = _flags(words[index:])
        if plugin:
            command = positional[0].split(":", 1)[1] if positional else ""
        else:
            command = positional[0] if positional else "start"
        folder = posixpath.normpath(posixpath.join(cwd, flags.get("cwd") or "."))
        yield Invocation(plugin, command, "" if folder == "." else folder, flags)
