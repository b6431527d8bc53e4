"""Procfiles: variables a process line sets inline, per process type.

A Procfile (Heroku, foreman, honcho, overmind; ``Procfile.dev``, ``Procfile.prod``…) holds one
``<type>: <command>`` per line, and each runner hands the command to ``sh -c`` (Heroku's
"The Procfile" docs; foreman and honcho start it through the shell). So ``web:
TWILIO_AUTH_TOKEN=… node server.js`` and ``worker: env NAME=… cmd`` set a variable for that one
process, with shell quoting: shell words are read with :mod:`shlex` (quotes removed as the
shell does), leading assignments (after ``env`` or ``export``, in each ``&&``/``;`` step) are
the process's values, and a value the shell would expand (``$X``) is a note. Each process type
is its own service and set; the file name's suffix is the environment (``Procfile.prod``).
A line that word-splits or sources an env file (``env $(cat .env.prod | xargs) node x``,
``. ./.env && …``) makes this Procfile that file's consumer: :mod:`.references` offers
Procfiles to the same script readers as shell scripts, so the env file is read with that
command's rules and names the Procfile as its consumer.
"""

from __future__ import annotations

import re
import shlex

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import names_a_provider
from sherlock.collect.partial import hold_halves
from sherlock.models import Location

CONSUMER = "procfile runner (sh -c)"
_LINE = re.compile(r"^(?P<type>[A-Za-z0-9_-]+):\s*(?P<command>.*)$")
_ASSIGN = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$", re.DOTALL)
_SEPARATORS = frozenset({"&&", ";", "||", "|", "&"})
_PREFIXES = frozenset({"env", "export", "exec"})


def is_procfile_name(relpath: str) -> bool:
    """``Procfile`` and ``Procfile.<variant>`` (foreman's ``-f Procfile.dev``)."""
    name = relpath.rsplit("/", 1)[-1]
    return name == "Procfile" or (name.startswith("Procfile.") and len(name) > len("Procfile."))


def _words(command: str) -> list[str] | None:
    """Shell words and separators, quotes removed; None when the quoting is unbalanced."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        return None


def inline_assignments(command: str) -> list[tuple[str, str]] | None:
    """The ``NAME=value`` words that lead each step of a command (after ``env``/``export``)."""
    words = _words(command)
    if words is None:
        return None
    found: list[tuple[str, str]] = []
    leading = True
    for word in words:
        if word in _SEPARATORS:
            leading = True
        elif leading and word in _PREFIXES:
            continue
        elif leading and (assign := _ASSIGN.match(word)):
            found.append((assign["name"], assign["value"]))
        else:
            leading = False
    return found


class ProcfileCollector:
    """Reads inline variables of each Procfile process line."""

    name = "procfile"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return is_procfile_name(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        environment = pick_environment(environment_from_path(source.relpath))
        for number, raw in enumerate(text.splitlines(), start=1):
            line = _LINE.match(raw.strip())
            if line is None:
                continue
            where = f"{source.relpath}:{number}"
            pairs = inline_assignments(line["command"])
            if pairs is None:
                if names_a_provider(raw.encode("utf-8", "replace")):
                    result.note(
                        where, "unbalanced quotes: the shell would refuse this line (not read)"
                    )
                continue
            entries = self._entries(pairs, Location(source.relpath, number), where, result)
            unit = _unit(source.relpath, line["type"], environment)
            result.extend(emit(entries, unit))
        return hold_halves(
            result,
            "this process line",
            "the environment the runner starts it in (config vars, .env)",
        )

    @staticmethod
    def _entries(
        pairs: list[tuple[str, str]], location: Location, where: str, result: CollectResult
    ) -> list[Entry]:
        entries: list[Entry] = []
        for name, value in pairs:
            if "$" in value or "`" in value:
                if is_provider_name(name, context=True):
                    result.note(where, f"{name} is expanded by the shell at run time; not checked")
                continue
            entries.append(Entry(name, value, location))
        return entries


def _unit(relpath: str, process: str, environment: str) -> Unit:
    return Unit(
        scope=f"{relpath} [{process}]",
        source_kind="procfile",
        consumer=f"{CONSUMER}, {process} process",
        environment=environment,
        service=process,
        hints=(relpath,),
    )
