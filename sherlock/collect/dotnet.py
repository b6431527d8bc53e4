"""ASP.NET Core configuration: ``appsettings.json`` and ``appsettings.{Environment}.json``.

Read as ``Microsoft.Extensions.Configuration.Json`` reads them: nested objects flatten into
``Section:Key`` paths (``"Twilio": {"AuthToken": …}`` is ``Twilio:AuthToken``), ``//`` and
``/* */`` comments and trailing commas are allowed, and ``appsettings.{Environment}.json`` is
layered over the base file for the environment ``ASPNETCORE_ENVIRONMENT``/``DOTNET_ENVIRONMENT``
names (``Production``, ``Staging``, ``Development``), which is the environment of its values.

The environment-variables provider comes after the JSON files in the default host builder,
and it reads ``Twilio__AuthToken`` (double underscore for ``:``; keys are case-insensitive)
as ``Twilio:AuthToken``. A credential key left empty in the JSON (``"AuthToken": ""``) is
the usual sign that the value is expected from there, so it is recorded as a
:class:`~sherlock.collect.readings.CodeReading` of ``Twilio__AuthToken``; a single-underscore
``TWILIO_AUTH_TOKEN`` does not reach it. A literal is a value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import DEFAULT_ENVIRONMENT, environment_from_text
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service, slot_of
from sherlock.collect.readings import CodeReading
from sherlock.models import Location, Note

READER = ".NET configuration"
_FILE = re.compile(r"^appsettings(?:\.(?P<env>[\w\-]+))?\.json$", re.IGNORECASE)
_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")

#: (Section:Key path, value or None when empty, line)
Leaf = tuple[str, str | None, int]


def _strip_comments(text: str) -> str:
    """Comments blanked (line breaks kept, so lines do not move); strings left alone."""

    def keep(match: re.Match[str]) -> str:
        found = match.group()
        return found if found.startswith('"') else re.sub(r"[^\n]", " ", found)

    return _COMMENTS.sub(keep, text)


class _Lines:
    """Finds the line of each key in document order (json keeps the order it read)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def of(self, key: str) -> int:
        pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
        match = pattern.search(self.text, self.cursor)
        if match is None:
            return 0
        self.cursor = match.end()
        return self.text.count("\n", 0, match.start()) + 1


def leaves(node: dict[str, Any], lines: _Lines, prefix: str = "") -> Iterator[Leaf]:
    """Every scalar of the document as ``Section:Key``, with its line."""
    for key, value in node.items():
        path = f"{prefix}:{key}" if prefix else key
        line = lines.of(key)
        if isinstance(value, dict):
            yield from leaves(value, lines, path)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value)
            yield path, text if text.strip() else None, line
        elif value is None:
            yield path, None, line


def _environment(named: str | None) -> str:
    if not named:
        return DEFAULT_ENVIRONMENT
    return environment_from_text(named) or named.lower()


class DotnetSettingsCollector:
    """Reads credential keys of ``appsettings*.json``."""

    name = "dotnet-appsettings"

    def wants(self, relpath: str) -> bool:
        return _FILE.match(relpath.rsplit("/", 1)[-1]) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        named = _FILE.match(source.name)
        assert named is not None  # matches() said so
        clean = _TRAILING_COMMA.sub(r"\1", _strip_comments(text.removeprefix("\ufeff")))
        try:
            data = json.loads(clean)
        except (json.JSONDecodeError, RecursionError) as exc:
            where = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            return CollectResult(notes=[Note(source.relpath + where, "not valid JSON; not read")])
        if not isinstance(data, dict):
            return CollectResult()
        folder = source.relpath.rsplit("/", 1)[0] if "/" in source.relpath else ""
        service = project_service(folder, ctx.root_name)
        environment = _environment(named["env"])
        result = CollectResult()
        entries: list[Entry] = []
        for path, value, line in leaves(data, _Lines(clean)):
            slot = slot_of(path)
            location = Location(source.relpath, line or None, key=path)
            if value is None and slot is not None:
                name = path.replace(":", "__")
                reading = CodeReading(
                    slot, name, service, environment, location, READER, aliases=(name.upper(),)
                )
                result.readings.append(reading)
            elif value is not None:
                entries.append(Entry(path, value, location))  # emit keeps only provider keys
        unit = Unit(source.relpath, "dotnet-appsettings", READER, environment, service)
        result.extend(emit(entries, unit))
        return result
