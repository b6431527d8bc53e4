"""Secrets and ConfigMaps a script creates with ``kubectl create``: the values it puts in them.

Many deployments never check a Secret manifest in; a script builds it at deploy time::

    kubectl -n prod create secret generic twilio \\
      --from-literal=TWILIO_ACCOUNT_SID=AC… \\
      --from-file=TWILIO_AUTH_TOKEN=secrets/auth_token.txt

Read as kubectl reads its flags (``kubectl create secret generic --help``):

* ``--from-literal=KEY=VALUE``: everything after the key's ``=``, as the shell passed it
  (its quoting removed by the shell, as :func:`shlex.split` does); a ``$VAR`` in it is filled
  by the shell at run time, so it is a note, not a value;
* ``--from-file=[KEY=]PATH``: the file's whole content, trailing newline included, under
  ``KEY`` or the file's name. ``echo "$TOKEN" > auth_token.txt`` leaves that newline, and
  the pod then sends it: a classic 20003. A folder source is a note;
* ``--from-env-file=PATH`` is an env file's reader (:mod:`.env_consumers`: docker's rules).

Each command is one unit: its namespace (``-n``) or the script's path names the
environment, and the workload that loads the Secret by name (``envFrom``/``secretKeyRef``
in the tree's manifests) names the service, as for a checked-in Secret.
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
from sherlock.collect.walk import decode_text, read_inside, resolve_from_script
from sherlock.models import Location, Note

_CREATE = re.compile(
    r"\bkubectl\b(?P<globals>[^|;&]*?)\bcreate\s+(?P<kind>secret\s+generic|configmap|cm)\b"
)
_VALUE_FLAGS = ("--from-literal", "--from-file")
_NAMESPACE_FLAGS = ("-n", "--namespace")


@dataclass
class _Command:
    """One ``kubectl create`` command: its object, namespace and the lines it spans."""

    kind: str
    name: str = ""
    namespace: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)


def logical_lines(text: str) -> Iterator[list[tuple[int, str]]]:
    """Physical lines joined where a backslash continues them, each with its number."""
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip("\r")
        if stripped.endswith("\\"):
            pending.append((number, stripped[:-1]))
            continue
        pending.append((number, stripped))
        yield pending
        pending = []
    if pending:
        yield pending


def shell_words(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def _commands(text: str) -> Iterator[_Command]:
    for physical in logical_lines(text):
        joined = " ".join(part for _, part in physical)
        found = _CREATE.search(joined)
        if found is None or joined.lstrip().startswith("#"):
            continue  # a commented-out command (a how-to) creates nothing
        command = _Command(kind="configmap" if "secret" not in found["kind"] else "secret")
        command.lines = physical
        words = shell_words(found["globals"]) + shell_words(joined[found.end() :].split("|", 1)[0])
        _read_words(words, command)
        yield command


def _read_words(words: list[str], command: _Command) -> None:
    index = 0
    while index < len(words):
        word = words[index]
        flag, eq, inline = word.partition("=")
        takes_value = flag in _VALUE_FLAGS or flag in _NAMESPACE_FLAGS
        value = inline if eq else (words[index + 1] if index + 1 < len(words) else "")
        index += 1 if eq or not takes_value else 2
        if flag in _NAMESPACE_FLAGS:
            command.namespace = value
        elif flag in _VALUE_FLAGS:
            command.flags.append((flag, value))
        elif not word.startswith("-") and not command.name:
            command.name = word


def line_of(lines: list[tuple[int, str]], needle: str) -> int:
    """The physical line of a continued command a flag is written on (one per line)."""
    return next((n for n, part in lines if needle in part), lines[0][0])


def kubectl_secret_values(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    """The values each ``kubectl create secret generic``/``configmap`` command of a script
    puts in its object (see the module docstring)."""
    result = CollectResult()
    for command in _commands(text):
        entries: list[Entry] = []
        for flag, spec in command.flags:
            key, eq, rest = spec.partition("=")
            if flag == "--from-literal" and eq:
                _literal(command, key, rest, source, entries, result.notes)
            elif flag == "--from-file":
                _file(
                    command, key if eq else "", rest if eq else spec, source, ctx, entries, result
                )
        if entries:
            result.extend(emit(entries, _unit(command, source, ctx)))
    return result


def _literal(
    command: _Command,
    key: str,
    value: str,
    source: SourceFile,
    entries: list[Entry],
    notes: list[Note],
) -> None:
    location = Location(source.relpath, line_of(command.lines, f"{key}="))
    if "$" in value:
        if is_provider_name(key, value):
            message = f"{key} takes its value from the shell running kubectl; not checked"
            notes.append(Note(str(location), message))
        return
    entries.append(Entry(key, value, location))


def _file(
    command: _Command,
    key: str,
    path: str,
    source: SourceFile,
    ctx: ScanContext,
    entries: list[Entry],
    result: CollectResult,
) -> None:
    name = key or posixpath.basename(path.rstrip("/"))
    where = str(Location(source.relpath, line_of(command.lines, path)))
    if "$" in path:
        return
    mark_consulted(ctx, source.relpath)  # a warm index must re-read the script on a change
    relpath = resolve_from_script(source.relpath, path, lambda r: (ctx.root / r).is_file())
    if relpath is None:
        if is_provider_name(name, ""):
            result.notes.append(
                Note(where, f"--from-file {path} is not in the scanned tree; not read")
            )
        return
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    text, problem = decode_text(data) if isinstance(data, bytes) else (None, data)
    if text is None:
        result.notes.append(Note(relpath, f"--from-file {path}: {problem}"))
        return
    entries.append(Entry(name, text, Location(relpath, 1)))


def _unit(command: _Command, source: SourceFile, ctx: ScanContext) -> Unit:
    user = ctx.secret_users.get(command.name) if command.kind == "secret" else None
    return Unit(
        scope=f"{source.relpath} [kubectl {command.kind} {command.name or '?'}]",
        source_kind=f"kubectl-{command.kind}",
        consumer=f"kubectl create {command.kind}",
        environment=pick_environment(
            environment_from_text(command.namespace), environment_from_path(source.relpath)
        ),
        service=user or service_from_path(source.relpath, ctx.root_name),
        hints=(source.relpath, command.name),
    )
