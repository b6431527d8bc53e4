"""systemd service units (``*.service`` and drop-ins ``*.service.d/*.conf``): their
``Environment=`` values, and the files their ``EnvironmentFile=`` loads.

A unit file is read the way systemd reads it: ``#`` and ``;`` lines are comments, a trailing
backslash joins the next line with a space, blanks (a CR included) around keys and values
are trimmed. ``Environment=`` takes a list of ``NAME=value`` items split like shell words:
quotes group and are removed, C escapes (``\\n``, ``\\x41``, ``\\s``…) are decoded, ``%%``
is a percent sign and ``$`` means nothing. An empty ``Environment=`` forgets the earlier
ones. Values with other ``%`` specifiers depend on the running unit and are not checked.

``EnvironmentFile=/etc/app/prod.env`` names a path on the server; in the tree, the file that
ends with the longest part of that path is the one deployed there (the unit's own folder
first). Such files are then read with systemd's env-file rules (:mod:`.systemd_env`). A unit
with an ``EnvironmentFile=`` whose own ``Environment=`` holds only half a credential is held
back with a note, as a Dockerfile's lone SID is: the rest comes from the file, often one
that only exists on the server.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    pick_environment,
    service_from_name,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.partial import hold_halves
from sherlock.models import Location, Note

CONSUMER = "systemd Environment="
_VALID_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_C_ESCAPE = re.compile(
    r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[abfnrtv\\\"'s])"
)
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "s": " "}


def _unit_file_name(relpath: str) -> str | None:
    """``api.service`` for ``…/api.service`` and for a drop-in ``…/api.service.d/x.conf``."""
    parts = relpath.split("/")
    if parts[-1].endswith(".service"):
        return parts[-1]
    if len(parts) > 1 and parts[-2].endswith(".service.d") and parts[-1].endswith(".conf"):
        return parts[-2].removesuffix(".d")
    return None


def is_unit_name(relpath: str) -> bool:
    """A service unit or one of its drop-in overrides."""
    return _unit_file_name(relpath) is not None


def unit_settings(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, key, value) for each ``Key=value`` of the unit, continuations joined."""
    lines = text.removeprefix("\ufeff").split("\n")
    index = 0
    while index < len(lines):
        start, parts = index + 1, [lines[index].strip()]
        while parts[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            following = lines[index].strip()
            if not following.startswith(("#", ";")):
                parts[-1] = parts[-1][:-1]
                parts.append(following)
        index += 1
        line = " ".join(parts)
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, _, value = line.partition("=")
            yield start, key.strip(), value.strip()


def _unescape(match: re.Match[str]) -> str:
    body = match.group()[1:]
    if body[0] in "xuU" or body[0].isdigit():
        code = int(body[1:], 16) if body[0] in "xuU" else int(body, 8)
        return chr(code) if code <= 0x10FFFF else "\0"  # systemd refuses it: non-printable
    return _SIMPLE.get(body, body)


def environment_words(value: str) -> Iterator[str]:
    """The items of one ``Environment=`` value, unquoted and unescaped."""
    for match in re.finditer(r"(?:\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|\\.|[^\s\"'\\])+", value):
        parts = re.findall(r"\"((?:\\.|[^\"\\])*)\"|'((?:\\.|[^'\\])*)'|(\\.|[^\"'\\])", match[0])
        raw = "".join(a or b or c for a, b, c in parts)
        yield _C_ESCAPE.sub(_unescape, raw)


def _environment_entries(
    relpath: str, settings: Iterable[tuple[int, str, str]], notes: list[Note]
) -> list[Entry]:
    entries: list[Entry] = []
    for line, key, value in settings:
        if key != "Environment":
            continue
        if not value:
            entries.clear()  # an empty assignment resets the list
            continue
        for word in environment_words(value):
            name, has_value, raw = word.partition("=")
            location = Location(relpath, line)
            if not has_value or not _VALID_NAME.fullmatch(name):
                continue
            specifier = re.search(r"%[^%]", raw.replace("%%", ""))
            if specifier or not raw.isprintable():
                if is_provider_name(name, raw):
                    why = "uses a % specifier" if specifier else "holds a non-printable character"
                    notes.append(Note(str(location), f"{name} {why}; systemd {_fate(specifier)}"))
                continue
            entries.append(Entry(name, raw.replace("%%", "%"), location))
    return entries


def _fate(specifier: re.Match[str] | None) -> str:
    return "fills it in at run time; not checked" if specifier else "rejects it"


def unit_labels(relpath: str, root_name: str, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """(environment, service) of a unit: its path first, its name for the service."""
    unit_file = _unit_file_name(relpath) or relpath.rsplit("/", 1)[-1]
    stem = unit_file.removesuffix(".service").split("@", 1)[0]
    environment = pick_environment(
        environment_from_path(relpath), environment_from_variables(pairs)
    )
    return environment, service_from_name(stem) or service_from_path(relpath, root_name)


class SystemdCollector:
    """Reads ``Environment=`` assignments from systemd service units."""

    name = "systemd"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith((".service", ".conf"))

    def wants(self, relpath: str) -> bool:
        return is_unit_name(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        notes: list[Note] = []
        settings = list(unit_settings(text))
        entries = _environment_entries(source.relpath, settings, notes)
        environment, service = unit_labels(
            source.relpath, ctx.root_name, [(e.name, e.raw) for e in entries]
        )
        unit = Unit(
            scope=source.relpath,
            source_kind="systemd",
            consumer=CONSUMER,
            environment=environment,
            service=service,
            hints=(source.relpath,),
        )
        result = emit(entries, unit)
        result.notes[:0] = notes
        if any(key == "EnvironmentFile" for _line, key, _value in settings):
            hold_halves(result, "this unit's Environment=", "its EnvironmentFile=")
        return result


# --- EnvironmentFile= references -----------------------------------------------------------


def _deployed_as(
    unit: str, path: str, exists: Callable[[str], bool], walked: Iterable[str]
) -> str | None:
    """The tree file that ends with the longest part of the server path ``path``."""
    parts = [p for p in path.split("/") if p]
    folder = posixpath.dirname(unit)
    for size in range(len(parts), 0, -1):
        suffix = "/".join(parts[-size:])
        for candidate in (posixpath.join(folder, suffix), suffix):
            if exists(candidate):
                return candidate
        hits = [w for w in walked if w.endswith("/" + suffix)]
        if len(hits) == 1:
            return hits[0]
    return None


def environment_file_references(
    relpath: str, text: str, exists: Callable[[str], bool], walked: Iterable[str]
) -> Iterator[tuple[str, str]]:
    """(tree file, unit) for each ``EnvironmentFile=`` that names a file found in the tree."""
    paths = list(walked)
    for _line, key, value in unit_settings(text):
        path = value.removeprefix("-")
        if key != "EnvironmentFile" or not path.startswith("/") or "%" in path or "*" in path:
            continue
        target = _deployed_as(relpath, path, exists, paths)
        if target:
            yield target, relpath
