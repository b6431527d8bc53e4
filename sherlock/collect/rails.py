"""Rails configuration: figaro's ``config/application.yml``, ``config/secrets.yml`` and the
encrypted ``config/credentials*.yml.enc``.

Offered files before Spring Boot, which also reads a ``config/application.yml``: figaro's has
variable names or Rails environments as its top-level keys, Spring's lower-case properties.

* figaro loads ``config/application.yml`` into ``ENV`` at boot: top-level keys are variable
  names, and a section named after the Rails environment (``production:``) overrides them for
  that environment. Its values are values of the names they set, in that environment.
* ``config/secrets.yml`` (Rails < 7.1) has one section per environment; a value there is often
  ERB, ``<%= ENV["TWILIO_AUTH_TOKEN"] %>`` or ``ENV.fetch("…")``, which is a
  :class:`~sherlock.collect.readings.CodeReading` of that name for the key's slot
  (``twilio_auth_token``); a literal is a value.
* ``config/credentials.yml.enc`` and ``config/credentials/<env>.yml.enc`` are encrypted with
  the master key: nothing in them can be read, and a note says so rather than staying silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import DEFAULT_ENVIRONMENT, environment_from_text
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, parent_of, project_service, slot_of
from sherlock.collect.readings import CodeReading
from sherlock.collect.yamlio import as_mapping, key_line, load_documents, scalar_text, source_lines
from sherlock.models import Location, Note

FIGARO = "figaro (config/application.yml)"
SECRETS = "rails secrets.yml"
_ERB_ENV = re.compile(r"""ENV(?:\.fetch\(\s*|\[\s*)["'](?P<name>[A-Za-z_][A-Za-z0-9_]*)["']""")

#: figaro's keys are variable names or Rails environments; Spring's are lower-case properties
_FIGARO_SHAPE = re.compile(rb"^(?:[A-Z][A-Z0-9_]*|production|development|staging|test)\s*:", re.M)

#: (key, value, line, environment or None for the top level)
Leaf = tuple[str, str, int, str | None]


def _kind(relpath: str) -> str | None:
    parts = relpath.split("/")
    if len(parts) < 2 or "config" not in parts[:-1]:
        return None
    name = parts[-1]
    if name == "application.yml" and parts[-2] == "config":
        return "figaro"
    if name == "secrets.yml" and parts[-2] == "config":
        return "secrets"
    if name.endswith(".yml.enc") and (name == "credentials.yml.enc" or parts[-2] == "credentials"):
        return "encrypted"
    return None


def _section_environment(name: str) -> str:
    return environment_from_text(name) or name


def yaml_leaves(root: dict[str, Any], lines: list[str]) -> Iterator[Leaf]:
    """Top-level scalars, and the scalars of each environment section (one level deeper,
    plus a nested ``twilio:`` block as ``twilio_<key>``)."""
    for key in root:
        child = as_mapping(root.get(key))
        if child is None:
            value = scalar_text(root, key, lines)
            if value is not None:
                yield str(key), value, key_line(root, key) or 0, None
            continue
        environment = _section_environment(str(key))
        for inner in child:
            nested = as_mapping(child.get(inner))
            pairs = (
                [(nested, k, f"{inner}_{k}") for k in nested]
                if nested is not None
                else [(child, inner, str(inner))]
            )
            for mapping, k, name in pairs:
                value = scalar_text(mapping, k, lines)
                if value is not None:
                    yield name, value, key_line(mapping, k) or 0, environment


class RailsConfigCollector:
    """Reads figaro's application.yml and secrets.yml; notes encrypted credentials."""

    name = "rails-config"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name in ("application.yml", "secrets.yml") or name.endswith(".yml.enc")

    def wants(self, relpath: str) -> bool:
        return _kind(relpath) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        kind = _kind(relpath)
        if kind == "figaro" and not _FIGARO_SHAPE.search(head):
            return False  # a Spring Boot config/application.yml: lower-case property keys
        return kind == "encrypted" or (kind is not None and names_a_provider(head))

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        kind = _kind(source.relpath)
        if kind == "encrypted":
            message = (
                "encrypted Rails credentials: readable only with the app's master key "
                "(RAILS_MASTER_KEY), so any credentials in them are not checked"
            )
            return CollectResult(notes=[Note(source.relpath, message)])
        loaded = load_documents(text)
        if isinstance(loaded, str):
            return CollectResult(notes=[Note(source.relpath, loaded)])
        root = as_mapping(loaded[0]) if loaded else None
        if root is None:
            return CollectResult()
        service = project_service(parent_of(source.relpath, "config"), ctx.root_name)
        reader = FIGARO if kind == "figaro" else SECRETS
        result = CollectResult()
        by_env: dict[str, list[Entry]] = {}
        for key, value, line, section in yaml_leaves(root, source_lines(text)):
            environment = section or DEFAULT_ENVIRONMENT
            location = Location(source.relpath, line or None, key=key)
            erb = _ERB_ENV.search(value)
            slot = slot_of(key)
            if erb and slot:
                reading = CodeReading(slot, erb["name"], service, environment, location, reader)
                result.readings.append(reading)
            elif not erb:
                by_env.setdefault(environment, []).append(Entry(key, value, location))
        for environment, entries in by_env.items():
            scope = f"{source.relpath} [{environment}]"
            unit = Unit(scope, f"rails-{kind}", reader, environment, service, (source.relpath,))
            result.extend(emit(_with_top_level(entries, by_env, environment), unit))
        return result


def _with_top_level(
    entries: list[Entry], by_env: dict[str, list[Entry]], environment: str
) -> list[Entry]:
    """An environment section sees figaro's top-level keys too, its own keys winning."""
    if environment == DEFAULT_ENVIRONMENT:
        return entries
    own = {e.name for e in entries}
    inherited = [e for e in by_env.get(DEFAULT_ENVIRONMENT, []) if e.name not in own]
    return inherited + entries
