"""direnv's ``.envrc``: what direnv exports into the shell of a folder, in script order.

On ``cd``, direnv runs the nearest ``.envrc`` (``find_up``) in bash with the folder as its
working directory and keeps the variables the script *exports*: it diffs ``direnv dump``
before and after, so a plain ``NAME=value`` stays inside bash and reaches no process. Every
program started from that folder, or below it, inherits the exports. What is read follows
direnv's ``stdlib.sh``:

* ``export NAME=…``, ``declare -x``, a bare ``export NAME`` and ``set -a``: read with the
  shell reader's word rules (:func:`sherlock.collect.shell_profiles.exported_entries`), so a
  CRLF line keeps its CR as bash does. A value direnv computes (``export T=$(cat f)``,
  ``$(op read …)``) is a note, not a value. A plain assignment to a name the script already
  exported (after ``dotenv`` or ``export``) keeps the export mark in bash, so it counts.
* ``dotenv [path]`` / ``dotenv_if_exists [path]``: ``$PWD/.env`` by default, ``path/.env``
  for a folder. direnv evaluates ``direnv dotenv bash path``, which turns the file into
  ``export`` lines at that point of the script, so a later ``export`` beats the file and the
  file beats an earlier one. direnv's parser (``pkg/dotenv``, a port of Ruby's dotenv)
  strips quotes, allows ``export`` and comments like python-dotenv, whose reading is used
  here. A missing file is an error for ``dotenv`` (a note) and nothing for ``_if_exists``.
* ``source_env path`` / ``source_env_if_exists path`` (a file, or a folder's ``.envrc``) and
  ``source_up [name]`` / ``source_up_if_exists [name]`` (the nearest ``.envrc`` above the
  folder): the other file runs in place, from its own folder, so its exports come at that
  point. Files that source each other are read once; nothing outside the tree is read.
* ``watch_file`` and ``layout`` change no credential and are ignored.

The values form one unit (source kind ``direnv``): the folder's environment as its shell
sees it, each value at the line that wrote it (``.env.prod:3`` for what ``dotenv .env.prod``
loaded), earlier values of another file kept as shadows. :mod:`sherlock.collect.envrc_links`
then lays it over the ``.env`` files the folder's programs load without overriding.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    pick_environment,
    service_from_path,
)
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.dotenv import env_entries, is_env_file_name
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.shell import assignment_words
from sherlock.collect.shell_profiles import exported_entries
from sherlock.collect.vocabulary import may_hold_credentials
from sherlock.collect.walk import decode_text, read_inside, read_limited, resolve_reference
from sherlock.models import Location, Note
from sherlock.redact import redact_shapes

SOURCE_KIND = "direnv"
CONSUMER = "direnv"
ENVRC = ".envrc"
_MAX_DEPTH = 8
_DIRECTIVES = (b"dotenv", b"source_env", b"source_up")
_DIRECTIVE = re.compile(
    r"(?:^|[;&|]|\bthen\b|\belse\b|\bdo\b)[ \t]*"
    r"(dotenv(?:_if_exists)?|source_env(?:_if_exists)?|source_up(?:_if_exists)?)"
    r"(?=[ \t;&|]|$)([^\n;&|]*)",
    re.M,
)


_COMMENT = re.compile(r"(?:^|(?<=[ \t;&|]))#", re.M)


_SOURCE_UP = re.compile(r"^\s*source_up(?:_if_exists)?\b", re.MULTILINE)


def envrc_fences(root: Path, folder: str) -> bool:
    """Whether ``folder`` holds an ``.envrc`` that replaces an outer one's shell: direnv
    loads the nearest ``.envrc`` only, and just ``source_up`` runs the one above it. Such a
    file may set no credential at all, so it is looked for on disk, not among the values."""
    path = root / folder / ".envrc" if folder else root / ".envrc"
    data = read_limited(str(path), 1 << 20) if path.is_file() else None
    if not isinstance(data, bytes):
        return False
    return _SOURCE_UP.search(data.decode("utf-8", "replace")) is None


def is_envrc_path(relpath: str) -> bool:
    """Only ``.envrc`` itself: ``.envrc.example`` and ``.envrc.private`` run only when an
    ``.envrc`` sources them."""
    return relpath.rpartition("/")[2] == ENVRC


def _folder(relpath: str) -> str:
    return relpath.rpartition("/")[0]


@dataclass
class DirenvScript:
    """One run of an ``.envrc``: the entries in the order direnv applies them."""

    ctx: ScanContext
    entries: list[Entry] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)  # files dotenv loaded, for the environment
    stack: list[str] = field(default_factory=list)  # the scripts running, outermost first

    def note(self, relpath: str, line: int, message: str) -> None:
        """A note at a line; paths in it come from the script's text, so anything shaped
        like a credential in them is masked (``dotenv <token>`` quotes no token)."""
        self.notes.append(Note(f"{relpath}:{line}", redact_shapes(message)))

    def read(self, relpath: str, at: tuple[str, int]) -> str | None:
        """A file the script at ``at`` names, or None with a note saying why it was not read
        (a link out of the tree, binary, not UTF-8: the reasons never quote the file)."""
        data = read_inside(self.ctx.root, relpath, self.ctx.max_file_bytes)
        text, problem = (None, data) if isinstance(data, str) else decode_text(data)
        if text is None:
            self.note(at[0], at[1], f"{relpath} is not read: {problem}")
        return text


def _arguments(rest: str) -> list[str] | None:
    try:
        return shlex.split(rest, comments=True)
    except ValueError:
        return None


def _directives(text: str) -> list[tuple[int, str, list[str] | None]]:
    """(line, command, its words or None when they cannot be read) outside comment lines."""
    found = []
    for match in _DIRECTIVE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if _COMMENT.search(text, start, match.start(1)):
            continue  # a comment on the line before the command
        line = text.count("\n", 0, match.start(1)) + 1
        found.append((line, match[1], _arguments(match[2])))
    return found


def _find_up(script: DirenvScript, folder: str, name: str) -> str | None:
    """``source_up``: the nearest ``name`` in a folder above ``folder``, inside the tree."""
    parts = folder.split("/") if folder else []
    while parts:
        parts.pop()
        candidate = "/".join([*parts, name])
        if (script.ctx.root / candidate).is_file():
            return candidate
    return None


def _named_file(script: DirenvScript, folder: str, command: str, arg: str) -> str | None:
    """The root-relative file ``dotenv``/``source_env`` names (a folder means its
    ``.env``/``.envrc``), or None when the path leaves the tree."""
    default = ".env" if command.startswith("dotenv") else ENVRC
    relpath = resolve_reference(folder, arg) if arg else resolve_reference(folder, default)
    if relpath is None:
        return None
    relpath = "" if relpath == "." else relpath
    if not relpath or (script.ctx.root / relpath).is_dir():
        relpath = f"{relpath}/{default}" if relpath else default
    return relpath


def _target(
    script: DirenvScript, at: tuple[str, int], command: str, words: list[str]
) -> str | None:
    """The file a directive loads, or None with a note saying why nothing is read."""
    relpath, line = at
    arg = words[0] if words else ""
    if command.startswith("source_up"):
        found = _find_up(script, _folder(relpath), arg or ENVRC)
        if found is None and not command.endswith("_if_exists"):
            message = f"{command}: no {arg or ENVRC} above this folder inside the tree"
            script.note(relpath, line, message + " (one outside it is not read)")
        return found
    if "$" in arg or "`" in arg:
        script.note(relpath, line, f"{command} names a computed path; not followed")
        return None
    target = _named_file(script, _folder(relpath), command, arg)
    if target is None:
        script.note(relpath, line, f"{command} names a file outside the scanned tree; not read")
    elif not (script.ctx.root / target).is_file():
        if not command.endswith("_if_exists"):
            script.note(relpath, line, f"{command}: {target} is not in the tree")
        return None
    return target


def _dotenv(script: DirenvScript, target: str, at: tuple[str, int]) -> None:
    """``dotenv FILE``: the file's bindings as ``export`` lines at this point of the script."""
    text = script.read(target, at)
    if text is None:
        return
    parsed = parse_env_text(text, PYTHON_DOTENV, script.ctx.process_env)
    entries, notes = env_entries(parsed, target, CONSUMER)
    script.entries.extend(replace(e, layer=target) for e in entries)
    script.pulled.append(target)
    if not is_env_file_name(PurePosixPath(target).name):
        script.notes.extend(notes)  # the dotenv reader reports on the files it reads itself


def _step(script: DirenvScript, at: tuple[str, int], command: str, words: list[str] | None) -> None:
    """One directive of the script at ``at`` (path, line)."""
    relpath, line = at
    if words is None:
        script.note(relpath, line, f"{command}: its arguments cannot be read (unclosed quote)")
        return
    target = _target(script, at, command, words)
    if target is None:
        return
    if command.startswith("dotenv"):
        _dotenv(script, target, at)
    else:
        _source(script, target, at)


def _source(script: DirenvScript, target: str, at: tuple[str, int]) -> None:
    """``source_env``/``source_up``: the other script runs in place, from its own folder."""
    stack = script.stack
    if target in stack:
        return  # already running: bash would loop until direnv gives up; read once
    if len(stack) >= _MAX_DEPTH:
        script.note(at[0], at[1], f"sources nested deeper than {_MAX_DEPTH} files; stopped")
        return
    text = script.read(target, at)
    if text is not None:
        _run(script, target, text)


#: A step of a script: an export (order 1), an assignment that is exported only if its name
#: already is (order 2), or a directive with its words (order 0, first on its line).
_Step = tuple[int, int, Entry | tuple[str, list[str] | None]]


def _assignments(body: str, relpath: str, exported: list[Entry]) -> list[_Step]:
    """Plain ``NAME=value`` lines: bash keeps a variable's export mark, so one assigned after
    ``dotenv`` or ``export`` set it changes what direnv exports (kept if so, in :func:`_run`)."""
    lines = {e.location.line for e in exported}
    return [
        (line, 2, Entry(name, value, Location(relpath, line), layer=relpath))
        for name, value, line, _end in assignment_words(body)
        if value is not None and line not in lines
    ]


def _run(script: DirenvScript, relpath: str, text: str) -> None:
    """Every export and directive of one script, in the order bash runs them."""
    script.stack.append(relpath)
    body = text.removeprefix("\ufeff")
    exported, computed = exported_entries(body, relpath)
    if len(script.stack) == 1 or not is_envrc_path(relpath):
        for name, line in computed:
            message = f"{name} is exported from what direnv computes when it loads the file"
            script.note(relpath, line, message + "; not checked")
    steps: list[_Step] = [(e.location.line or 0, 1, replace(e, layer=relpath)) for e in exported]
    steps += _assignments(body, relpath, exported)
    steps += [(line, 0, (command, words)) for line, command, words in _directives(body)]
    for line, order, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if isinstance(step, tuple):
            _step(script, (relpath, line), *step)
        elif order == 1 or any(e.name == step.name for e in script.entries):
            script.entries.append(step)
    script.stack.pop()


def direnv_script(relpath: str, text: str, ctx: ScanContext) -> DirenvScript:
    """What direnv exports for the folder of the ``.envrc`` at ``relpath``: its entries in the
    order direnv applies them (``.entries``), notes, and the files ``dotenv`` loaded. Public
    for readers that need a folder's shell, such as compose's pass-through variables."""
    script = DirenvScript(ctx)
    _run(script, relpath, text)
    return script


def _unit(source: SourceFile, script: DirenvScript, ctx: ScanContext) -> Unit:
    pairs = [(e.name, e.raw) for e in script.entries]
    pulled = [environment_from_path(path) for path in script.pulled]
    return Unit(
        scope=source.relpath,
        source_kind=SOURCE_KIND,
        consumer=CONSUMER,
        environment=pick_environment(
            environment_from_path(source.relpath), environment_from_variables(pairs), *pulled
        ),
        service=service_from_path(source.relpath, ctx.root_name),
        hints=(source.relpath, *script.pulled),
    )


class DirenvCollector:
    """Reads what direnv exports for an ``.envrc``'s folder (see the module docstring)."""

    name = "direnv"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return is_envrc_path(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        lowered = source.data.lower()
        if not may_hold_credentials(source.data) and not any(d in lowered for d in _DIRECTIVES):
            return CollectResult()  # most .envrc files only `layout python` or PATH_add
        script = direnv_script(source.relpath, text, ctx)
        result = emit(script.entries, _unit(source, script, ctx))
        result.notes[:0] = script.notes
        return result
