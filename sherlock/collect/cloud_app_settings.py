"""Two platforms' checked-in app settings: Google App Engine's ``app.yaml`` and Azure
Functions' ``local.settings.json``.

* **App Engine** (``app.yaml``; a service's own ``<service>.yaml`` is not read yet): the
  ``env_variables:`` map is set for the app when ``gcloud app deploy`` uploads it (App
  Engine's "app.yaml configuration file" reference). A file counts when it has both
  ``runtime:`` and ``env_variables:``; the ``service:`` key (else the folder) names the
  service, the path the environment.
* **Azure Functions** (``local.settings.json``): ``Values`` is what ``func start`` (Core
  Tools) puts in the environment of a local run; in Azure the same names come from the
  Function App's application settings, which are not in the tree ("Work with Azure
  Functions Core Tools: local settings file"). So its values are the local run's
  (environment from the path, else ``dev``), and ``"IsEncrypted": true`` means the values
  are encrypted with the machine's key: a note, nothing to check.

Values are located at their key's line; the YAML loader's line marks serve both formats,
as JSON is YAML.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment, service_from_path
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider
from sherlock.collect.yamlio import as_mapping, key_line
from sherlock.models import Location

APP_ENGINE = "app engine (app.yaml env_variables)"
AZURE_LOCAL = "azure functions core tools (local.settings.json)"


def _map_entries(block: dict[Any, Any], prefix: str, relpath: str) -> list[Entry]:
    entries: list[Entry] = []
    for name, value in block.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            line = key_line(block, name)
            location = Location(relpath, line, key=f"{prefix}.{name}")
            entries.append(Entry(str(name), str(value), location))
    return entries


def _unit(relpath: str, consumer: str, kind: str, service: str, default_env: str) -> Unit:
    return Unit(
        scope=relpath,
        source_kind=kind,
        consumer=consumer,
        # the folders, not the name: ``local.settings.json`` always says "local"
        environment=pick_environment(
            environment_from_path(posixpath.dirname(relpath)), default_env
        ),
        service=service,
        hints=(relpath,),
    )


class AppEngineCollector:
    """Reads ``env_variables`` of App Engine's ``app.yaml`` (module docstring)."""

    name = "app-engine"
    #: only a file holding ``env_variables`` is read (base.declared_needles)
    needles = (b"env_variables",)

    by_name = True

    def wants(self, relpath: str) -> bool:
        return posixpath.basename(relpath) in ("app.yaml", "app.yml")

    def matches(self, relpath: str, head: bytes) -> bool:
        return (
            self.wants(relpath)
            and b"env_variables" in head
            and b"runtime" in head
            and names_a_provider(head)
        )

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        app = ctx.documents.first_mapping(source.relpath, text)
        if not isinstance(app, dict) or "runtime" not in app:
            return CollectResult()
        block = as_mapping(app.get("env_variables")) or {}
        named = app.get("service")
        service = (
            named if isinstance(named, str) else service_from_path(source.relpath, ctx.root_name)
        )
        unit = _unit(source.relpath, APP_ENGINE, "app-engine", service, "")
        return emit(_map_entries(block, "env_variables", source.relpath), unit)


class AzureLocalSettingsCollector:
    """Reads ``Values`` of Azure Functions' ``local.settings.json`` (module docstring)."""

    name = "azure-local-settings"
    by_name = True
    needles = (b'"values"',)

    def wants(self, relpath: str) -> bool:
        return posixpath.basename(relpath) == "local.settings.json"

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            result.note(source.relpath, "not valid JSON; func start would refuse it too (not read)")
            return result
        settings = ctx.documents.first_mapping(source.relpath, text)
        if not isinstance(settings, dict):
            return result
        if settings.get("IsEncrypted") is True:
            result.note(source.relpath, "values are encrypted with this machine's key; not read")
            return result
        block = as_mapping(settings.get("Values")) or {}
        service = service_from_path(source.relpath, ctx.root_name)
        unit = _unit(source.relpath, AZURE_LOCAL, "azure-local-settings", service, "dev")
        return emit(_map_entries(block, "Values", source.relpath), unit)
