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

What one process sees is a *run*, in the order the default host builder adds its sources
(ASP.NET Core "Configuration" docs, default application configuration sources; later wins):
``appsettings.json``, then ``appsettings.{Environment}.json``, then (Development only) user
secrets, then environment variables, then command-line arguments. Keys are compared without
case, and an empty or null key replaces the value below it. The environment is the
deployment's ``DOTNET_ENVIRONMENT`` (it wins under ``WebApplicationBuilder``), else its
``ASPNETCORE_ENVIRONMENT``, else Production, the host's default (ASP.NET Core
"Environments" docs). So a value is emitted in the run that uses it, with what it hides kept
as shadowed evidence (:mod:`sherlock.collect.config_layers`): one run per deployment the
tree shows (:mod:`sherlock.collect.project_env`: a compose service building the folder from
anywhere in the tree, or a compose service or Kubernetes workload running the image the
``.csproj``'s ``ContainerRepository`` or a skaffold artifact names; its variables fill every key the files
name, set or emptied, and the usual ``Twilio:AuthToken``-style key of a credential role no
file names, :mod:`sherlock.collect.framework_binding`: an ``appsettings.json`` holding only
the SID and a compose ``Twilio__AuthToken`` are one complete run), or the default
Production run when it shows none, then one run per
environment file that no deployment runs as. ``appsettings.json`` alone is a run only when
the environment a process runs as has no file of its own. User secrets and command-line
arguments are not in the tree.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.config_layers import Layer, owner, provider_texts, sibling_names, stacked
from sherlock.collect.context import DEFAULT_ENVIRONMENT, environment_from_text
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_binding import dotnet_binding
from sherlock.collect.framework_config import names_a_provider, project_service, slot_of
from sherlock.collect.project_env import Deployment, deployments
from sherlock.collect.readings import CodeReading
from sherlock.models import Location, Note

READER = ".NET configuration"
_FILE = re.compile(r"^appsettings(?:\.(?P<env>[\w\-]+))?\.json$", re.IGNORECASE)
_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")

#: the environment a host runs as when ``ASPNETCORE_ENVIRONMENT``/``DOTNET_ENVIRONMENT`` are unset
DEFAULT_HOST_ENVIRONMENT = "Production"

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


def parse(relpath: str, text: str) -> list[Leaf] | Note:
    """The file's leaves, or a note when it is not the JSON the provider accepts."""
    clean = _TRAILING_COMMA.sub(r"\1", _strip_comments(text.removeprefix("\ufeff")))
    try:
        data = json.loads(clean)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        return Note(relpath + where, "not valid JSON; not read")
    return list(leaves(data, _Lines(clean))) if isinstance(data, dict) else []


def _layer(relpath: str, found: list[Leaf]) -> Layer:
    """One file as a layer: keys compared without case, as the configuration root does; an
    empty or null key replaces what the files below say (it is left to the environment)."""
    entries: list[Entry] = []
    cleared: set[str] = set()
    for path, value, line in found:
        if value is None:
            cleared.add(path.lower())
        else:
            location = Location(relpath, line or None, key=path)
            entries.append(Entry(path, value, location, slot=path.lower()))
    credential = any(slot_of(path) for path, _value, _line in found)
    name = posixpath.basename(relpath)
    named = tuple(path for path, _value, _line in found)
    return Layer(name, relpath, tuple(entries), frozenset(cleared), credential, named)


def project_layers(source: SourceFile, own: list[Leaf], ctx: ScanContext) -> dict[str, Layer]:
    """Every ``appsettings*.json`` of the file's folder that names a provider, by the
    environment its name gives (``""`` for the base file)."""
    folder = posixpath.dirname(source.relpath)
    named = [posixpath.join(folder, n) for n in sibling_names(ctx, folder) if _FILE.match(n)]
    layers = {_env_of(source.relpath): _layer(source.relpath, own)}
    siblings = [p for p in named if p != source.relpath]
    for relpath, text in provider_texts(ctx, siblings):
        parsed = parse(relpath, text)
        if not isinstance(parsed, Note):
            layers.setdefault(_env_of(relpath), _layer(relpath, parsed))
    return layers


def _env_of(relpath: str) -> str:
    """The environment a file's name gives (``Production``), ``""`` for ``appsettings.json``."""
    named = _FILE.match(posixpath.basename(relpath))
    return (named["env"] or "") if named else ""


@dataclass(frozen=True)
class Run:
    """One process: the host environment it runs as, the ``appsettings`` files it loads, the
    environment variables a deployment gives it (``via`` names the deployment), and the
    environment label its values get."""

    host: str
    files: tuple[Layer, ...]
    label: str
    env: tuple[Layer, ...] = ()
    via: str = ""


def _own(layers: dict[str, Layer], host: str) -> Layer | None:
    """The file of the host environment (its name compared without case), if any."""
    own = [layer for env, layer in layers.items() if env and env.lower() == host.lower()]
    return own[0] if own else None


def _files(layers: dict[str, Layer], host: str) -> tuple[Layer, ...]:
    """The base file, then the file of the host environment."""
    return tuple(x for x in (layers.get(""), _own(layers, host)) if x is not None)


def _env_layers(named: Sequence[str], deployment: Deployment) -> tuple[Layer, ...]:
    """The deployment's variables for the keys the project's files name (``named``: set or
    emptied), and for the usual key of a credential role they name none for: the provider
    reads ``Twilio__AuthToken`` as ``Twilio:AuthToken`` (``__`` for ``:``, any case) whether
    or not a file sets it (:mod:`sherlock.collect.framework_binding`)."""
    by_layer: dict[str, list[Entry]] = {}
    for entry in deployment.entries:
        binding = dotnet_binding(entry.name, named)
        if binding is not None:  # classified by the key it fills, as the files' values are
            name = f"environment variables ({entry.layer})"
            bound = replace(entry, key=binding.key, slot=binding.slot)
            by_layer.setdefault(name, []).append(bound)
    return tuple(
        Layer(name, found[0].location.path, tuple(found)) for name, found in by_layer.items()
    )


def runs(layers: dict[str, Layer], deployed: Sequence[Deployment] = ()) -> list[Run]:
    """One run per deployment (its ``DOTNET_ENVIRONMENT``, else ``ASPNETCORE_ENVIRONMENT``,
    else Production, the host's default), or the default Production run when the tree shows
    none; then one run per environment file no deployment runs as that sets or clears a
    credential key (another one sends what the base file does)."""
    found: list[Run] = []
    keys = list(dict.fromkeys(key for layer in layers.values() for key in layer.names))
    for deployment in deployed:
        named = deployment.value("DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT")
        host = named or DEFAULT_HOST_ENVIRONMENT
        files = _files(layers, host)
        label = _environment(host if named or _own(layers, host) else None)
        found.append(Run(host, files, label, _env_layers(keys, deployment), deployment.label))
    if not deployed:
        files = _files(layers, DEFAULT_HOST_ENVIRONMENT)
        own = _own(layers, DEFAULT_HOST_ENVIRONMENT)
        label = _environment(DEFAULT_HOST_ENVIRONMENT if own else None)
        found.append(Run(DEFAULT_HOST_ENVIRONMENT, files, label))
    hosts = {run.host.lower() for run in found}
    for other in sorted(e for e in layers if e and e.lower() not in hosts):
        if layers[other].credential:  # else it sends what the base file does
            found.append(Run(other, _files(layers, other), _environment(other)))
    return found


class DotnetSettingsCollector:
    """Reads credential keys of ``appsettings*.json``."""

    name = "dotnet-appsettings"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return _FILE.match(relpath.rsplit("/", 1)[-1]) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        own = parse(source.relpath, text)
        if isinstance(own, Note):
            return CollectResult(notes=[own])
        folder = posixpath.dirname(source.relpath)
        service = project_service(folder, ctx.root_name)
        result = CollectResult()
        result.readings.extend(_readings(source.relpath, own, service))
        for run in runs(project_layers(source, own, ctx), deployments(ctx, folder)):
            if owner(run.files) == source.relpath:
                scope = f"{source.relpath} [{run.via}]" if run.via else source.relpath
                unit = Unit(scope, "dotnet-appsettings", READER, run.label, service)
                result.extend(emit(stacked((*run.files, *run.env)), unit))
        return result


def _readings(relpath: str, found: list[Leaf], service: str) -> list[CodeReading]:
    """An empty credential key is a reading of its ``Section__Key`` variable."""
    environment = _environment(_env_of(relpath))
    readings: list[CodeReading] = []
    for path, value, line in found:
        slot = slot_of(path)
        if value is None and slot is not None:
            name = path.replace(":", "__")
            location = Location(relpath, line or None, key=path)
            readings.append(
                CodeReading(
                    slot, name, service, environment, location, READER, aliases=(name.upper(),)
                )
            )
    return readings
