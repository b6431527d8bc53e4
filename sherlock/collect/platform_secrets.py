"""Commands that store credentials in a hosting platform, read from scripts, Makefiles and CI.

Many apps never keep their production environment in a file: a deploy script, a Makefile
target or a CI step writes it into the platform with its CLI, and the platform hands it to
the app's processes. Each CLI is read as its own documentation describes it:

* ``fly|flyctl secrets set [flags] NAME=VALUE ...`` with ``-a/--app`` and ``-c/--config``
  (Fly.io docs, "fly secrets set"); the app's ``fly.toml`` ``[env]`` is the other half of
  that app's environment (:mod:`.fly`), so it is read into the same unit;
* ``heroku config:set KEY=VALUE ...`` (alias ``config:add``) with ``-a/--app`` or
  ``-r/--remote``: the CLI splits each argument at its first ``=`` (heroku/cli
  ``commands/config/set``) and the value becomes the app's config var;
* ``railway variables --set "KEY=VALUE"`` (repeatable) and ``railway variable set KEY=VALUE``,
  with ``-s/--service`` and ``-e/--environment`` (Railway CLI docs, "railway variable"; the
  CLI splits at the first ``=``);
* ``gh secret set NAME --body VALUE`` (``-b``), ``--env ENV`` for a deployment environment's
  secret (GitHub CLI manual, "gh secret set"); without ``--body`` the value comes from stdin
  and is not in the tree.

Values are what the shell passes: its quotes are removed (``TWILIO_AUTH_TOKEN='abc'`` stores
``abc``), a ``$VAR``, ``$(cmd)`` or CI ``${{ secrets.X }}`` is filled at run time and is a
note, not a value. Only a command in command position counts: ``echo "fly secrets set …"``
prints text and a commented-out line runs nothing. Commands of one file for one app (and
environment) form one unit, the app's environment as the platform holds it; a unit without a
complete set holds its lone half as a note (the rest is already in the platform).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.consulted import mark_consulted
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.fly import FlyConfig, is_fly_config, read_fly_config
from sherlock.collect.partial import hold_halves
from sherlock.models import Location, Note

#: lowercase bytes one of which every command read here contains
NEEDLES = (b"secrets set", b"config:set", b"config:add", b"railway", b"secret set")
_MENTION = re.compile(r"\b(?:fly|flyctl|heroku|railway|gh)\b")
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", "{", "}"})
_PREFIXES = frozenset({"sudo", "exec", "command", "time", "!", "then", "do", "else", "npx"})
_YAML_PREFIX = re.compile(
    r"^\s*(?:-\s+)?(?:(?:run|script|command|before_script|after_script)\s*:\s*[|>]?[-+]?\s*)?"
)
_MAKE_PREFIX = re.compile(r"^\t[@+\-]*")
#: the names GNU make looks for (the shell reader, which imports this module, lists them too)
_MAKEFILES = frozenset({"Makefile", "makefile", "GNUmakefile"})

#: per platform: the flags that take a value, and which of them name app/environment
_FLAGS: dict[str, dict[str, str]] = {
    "fly": {"-a": "app", "--app": "app", "-c": "config", "--config": "config", "-t": "", "--access-token": ""},
    "heroku": {"-a": "app", "--app": "app", "-r": "app", "--remote": "app"},
    "railway": {"-s": "app", "--service": "app", "-e": "env", "--environment": "env", "--set": "set", "-p": ""},
    "gh": {"-b": "body", "--body": "body", "-e": "env", "--env": "env", "-R": "app", "--repo": "app",
           "-a": "", "--app": "", "-o": "", "--org": "", "-r": "", "--repos": "", "-v": "", "--visibility": ""},
}  # fmt: skip
#: the precedence layer each platform's values form (a Fly secret over fly.toml's [env])
_LAYERS = {
    "fly": "fly secrets set",
    "heroku": "heroku config:set",
    "railway": "railway variables",
    "gh": "gh secret set",
}
_REST_FROM = {
    "fly": "the app's secrets in Fly.io",
    "heroku": "the app's other config vars in Heroku",
    "railway": "the service's other variables in Railway",
    "gh": "the repository's other GitHub secrets",
}


@dataclass
class Command:
    """One platform command: what it stores, for which app and environment, on which lines."""

    platform: str
    tool: str
    lines: list[tuple[int, str]]
    options: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def line_of(self, needle: str) -> int:
        """The physical line a word is written on (continued commands put one per line)."""
        return next((n for n, part in self.lines if needle in part), self.lines[0][0])


def mentions_platform_command(text: str) -> bool:
    """A cheap look: could ``text`` hold a command read here?"""
    lowered = text.lower()
    return any(n.decode() in lowered for n in NEEDLES) and _MENTION.search(text) is not None


def _logical_lines(text: str, prefix: re.Pattern[str] | None) -> Iterator[list[tuple[int, str]]]:
    """Physical lines (their YAML or Makefile prefix removed) joined at a trailing backslash."""
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        body = prefix.sub("", line, count=1) if prefix is not None else line
        if prefix is _YAML_PREFIX:
            body = body.rstrip("\r")  # YAML normalises line breaks before the shell runs
        if body.endswith("\\"):
            pending.append((number, body[:-1]))
            continue
        pending.append((number, body))
        yield pending
        pending = []
    if pending:
        yield pending


def _tokens(text: str) -> list[str]:
    """Shell words with quotes removed and operators split off; ``#`` starting a word ends
    the line, as in the shell (``shlex`` would also cut a word at an inner ``#``). A ``\r``
    (a CRLF checkout) stays in the last word, as bash keeps it; an unterminated quote is a
    line the shell refuses, so it stores nothing."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace = " \t\n"
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        words = list(lexer)
    except ValueError:
        return []
    end = next((i for i, w in enumerate(words) if w.startswith("#")), len(words))
    return words[:end]


def _simple_commands(words: list[str]) -> Iterator[list[str]]:
    """The simple commands of a line, each starting at its command word."""
    current: list[str] = []
    for word in [*words, ";"]:
        if word not in _SEPARATORS:
            current.append(word)
            continue
        while current and (current[0] in _PREFIXES or re.match(r"^[A-Za-z_]\w*=", current[0])):
            current.pop(0)
        if current:
            yield current
        current = []


def _platform(words: list[str]) -> tuple[str, list[str]] | None:
    """Which platform a simple command writes to, and its arguments after the verb."""
    tool = posixpath.basename(words[0])
    verb = words[1:3]
    if tool in ("fly", "flyctl") and verb == ["secrets", "set"]:
        return "fly", words[3:]
    if tool == "heroku" and verb[:1] in (["config:set"], ["config:add"]):
        return "heroku", words[2:]
    if tool == "railway" and verb[:1] and verb[0] in ("variables", "variable", "vars", "var"):
        rest = words[2:]
        return "railway", rest[1:] if rest[:1] == ["set"] else rest
    if tool == "gh" and verb == ["secret", "set"]:
        return "gh", words[3:]
    return None


def _read_arguments(command: Command, arguments: list[str]) -> None:
    flags = _FLAGS[command.platform]
    index = 0
    while index < len(arguments):
        word = arguments[index]
        name, eq, inline = word.partition("=")
        index += 1
        if word.startswith("-") and name in flags:
            value = inline if eq else (arguments[index] if index < len(arguments) else "")
            index += 0 if eq else 1
            role = flags[name]
            if role == "set":
                _positional(command, value)
            elif role:
                command.options[role] = value.rstrip("\r")
        elif not word.startswith("-"):
            _positional(command, word)


def _positional(command: Command, word: str) -> None:
    if command.platform == "gh":
        command.options.setdefault("name", word)
        return
    key, eq, value = word.partition("=")
    if eq and key:
        command.pairs.append((key, value))


def platform_commands(text: str, prefix: re.Pattern[str] | None = None) -> Iterator[Command]:
    """Every platform command of a script (see the module docstring)."""
    for physical in _logical_lines(text, prefix):
        joined = " ".join(part for _, part in physical)
        if _MENTION.search(joined) is None:
            continue
        for words in _simple_commands(_tokens(joined)):
            found = _platform(words)
            if found is None:
                continue
            command = Command(found[0], words[0], physical)
            _read_arguments(command, found[1])
            if command.platform == "gh" and "name" in command.options and "body" in command.options:
                command.pairs.append((command.options["name"], command.options["body"]))
            yield command


def platform_secret_values(
    source: SourceFile, text: str, ctx: ScanContext, *, kind: str = "shell"
) -> CollectResult:
    """Values the platform commands of a script (``kind`` ``shell``), a Makefile (``make``)
    or a CI file (``yaml``) store, one unit per platform, app and environment."""
    result = CollectResult()
    if not mentions_platform_command(text):
        return result
    prefix = {"yaml": _YAML_PREFIX, "make": _MAKE_PREFIX}.get(kind)
    groups: dict[tuple[str, str, str], list[Entry]] = {}
    configs: dict[tuple[str, str, str], FlyConfig | None] = {}
    for command in platform_commands(text, prefix):
        target = (command.platform, command.options.get("app", ""), command.options.get("env", ""))
        if target not in groups:
            configs[target] = _fly_config(command, source, ctx)
            config = configs[target]
            groups[target] = list(config.entries) if config is not None else []
        groups[target].extend(_entries(command, source.relpath, result.notes))
    for target, entries in groups.items():
        if any(e.location.path == source.relpath for e in entries):
            unit = _unit(target, configs[target], source, ctx)
            one = emit(entries, unit)
            result.extend(hold_halves(one, f"this {target[0]} command", _REST_FROM[target[0]]))
    return result


def _entries(command: Command, relpath: str, notes: list[Note]) -> list[Entry]:
    entries: list[Entry] = []
    for key, value in command.pairs:
        needle = key if command.platform == "gh" else f"{key}="
        location = Location(relpath, command.line_of(needle))
        if "$" in value:
            if is_provider_name(key, value):
                shell = f"the shell running {command.tool}"
                origin = "the CI's secrets (${{ }})" if "${{" in value else shell
                message = f"{key} takes its value from {origin}; not checked"
                notes.append(Note(str(location), message))
            continue
        entries.append(Entry(key, value, location, layer=_LAYERS[command.platform]))
    return entries


def _fly_config(command: Command, source: SourceFile, ctx: ScanContext) -> FlyConfig | None:
    """The ``fly.toml`` of the app a ``fly secrets set`` writes to: ``-c`` when given, else
    the one beside the script or in a folder above it whose ``app`` is the ``-a`` app."""
    if command.platform != "fly":
        return None
    # the answer depends on other files (one may appear later), so a warm index must read
    # the script again on every refresh
    mark_consulted(ctx, source.relpath)
    app = command.options.get("app", "")
    folder = posixpath.dirname(source.relpath)
    for relpath in _candidates(ctx, folder, command.options.get("config", "")):
        config = read_fly_config(ctx, relpath)
        if config is not None and (not app or config.app == app):
            return config
    return None


def _candidates(ctx: ScanContext, folder: str, explicit: str) -> Iterator[str]:
    if explicit:
        if "$" not in explicit:
            for base in (folder, ""):
                relpath = posixpath.normpath(posixpath.join(base, explicit))
                if not relpath.startswith(("../", "/")):
                    yield relpath
        return
    while True:
        directory = ctx.root / folder if folder else ctx.root
        try:
            names = sorted(p.name for p in directory.iterdir() if is_fly_config(p.name))
        except OSError:
            names = []
        yield from (posixpath.join(folder, n) if folder else n for n in names)
        if not folder:
            return
        folder = posixpath.dirname(folder)


def _unit(
    target: tuple[str, str, str], config: FlyConfig | None, source: SourceFile, ctx: ScanContext
) -> Unit:
    platform, app, env = target
    app = app or (config.app if config is not None else "")
    label = " ".join(part for part in (app, env) if part) or "?"
    return Unit(
        scope=f"{source.relpath} [{platform} {label}]",
        source_kind=f"{platform}-cli",
        consumer=f"{platform} platform environment ({label})",
        environment=pick_environment(
            environment_from_text(env),
            environment_from_text(app),
            config.environment if config is not None else None,
            environment_from_path(source.relpath),
        ),
        service=app or service_from_path(source.relpath, ctx.root_name),
        hints=(source.relpath, app),
    )


def is_makefile(relpath: str) -> bool:
    """Makefiles whose recipes may run a platform command."""
    name = relpath.rsplit("/", 1)[-1]
    return name in _MAKEFILES or name.endswith(".mk")


class MakefileCommandsCollector:
    """Reads platform commands in Makefile recipes (scripts and CI files are read by their
    own readers, which call :func:`platform_secret_values`)."""

    name = "makefile-platform-commands"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True
    # no ``needles``: the pre-pass reads every Makefile for its includes and --env-file
    # references, and a needle would let the walker drop one that names no platform command

    def wants(self, relpath: str) -> bool:
        return is_makefile(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and mentions_platform_command(head.decode("latin-1"))

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        return platform_secret_values(source, text, ctx, kind="make")
