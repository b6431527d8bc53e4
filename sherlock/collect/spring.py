"""Spring Boot configuration: ``application[-<profile>].properties|yml|yaml`` (and ``bootstrap``).

Read as Spring Boot reads them:

* ``.properties`` follows ``java.util.Properties``: ``key=value``, ``key: value`` or
  ``key value``; ``#``/``!`` comment lines; a trailing backslash continues the line; ``\\uXXXX``
  and the usual escapes are decoded; blanks after the separator are dropped.
* YAML keys nest into dotted names (``twilio: {auth-token: …}`` is ``twilio.auth-token``);
  a multi-document file (``---``) applies a document only to the profile its
  ``spring.config.activate.on-profile`` (or the older ``spring.profiles``) names.
* The profile is the environment: ``application-prod.yml`` and an ``on-profile: prod``
  document both belong to ``prod``; a plain ``application.yml`` to the default.
* ``${NAME}`` and ``${NAME:default}`` placeholders are resolved at start-up from the other
  property sources, OS environment variables first. Each placeholder in a credential key is a
  :class:`~sherlock.collect.readings.CodeReading` of ``NAME``; because Spring Boot also binds
  environment variables to the key itself (relaxed binding: ``TWILIO_AUTH_TOKEN`` and
  ``TWILIO_AUTHTOKEN`` both reach ``twilio.auth-token``, as ``SystemEnvironmentPropertyMapper``
  maps them; a camelCase ``twilio.authToken`` is reached by ``TWILIO_AUTHTOKEN`` only), those
  names are the reading's aliases. A literal in a credential key is a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service, slot_of
from sherlock.collect.readings import CodeReading
from sherlock.collect.yamlio import as_mapping, key_line, load_documents, scalar_text, source_lines
from sherlock.models import Location, Note

READER = "spring placeholder"
CONSUMER = "spring boot"
_FILE = re.compile(
    r"^(?:application|bootstrap)(?:-(?P<profile>[\w.\-]+))?\.(?P<ext>properties|ya?ml)$"
)
_PLACEHOLDER = re.compile(r"\$\{(?P<name>[^}:]+)(?P<default>:[^}]*)?\}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}

#: (dotted key, value as Spring sees it, line)
Leaf = tuple[str, str, int]


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith("u") and len(body) == 5:
            return chr(int(body[1:], 16))
        return _ESCAPES.get(body, body)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", one, text)


def properties_leaves(text: str) -> Iterator[Leaf]:
    """``key=value`` pairs of a ``.properties`` file, continuations joined, with their line."""
    lines = text.removeprefix("\ufeff").split("\n")
    index = 0
    while index < len(lines):
        start, logical = index + 1, lines[index].rstrip("\r").lstrip()
        while re.search(r"(?<!\\)(?:\\\\)*\\$", logical) and index + 1 < len(lines):
            index += 1
            logical = logical[:-1] + lines[index].rstrip("\r").lstrip()
        index += 1
        if not logical or logical[0] in "#!":
            continue
        split = re.match(r"((?:\\.|[^=:\s\\])+)\s*[=:]?\s*(.*)$", logical)
        if split:
            yield _unescape(split[1]), _unescape(split[2]), start


def _walk(node: dict[Any, Any], prefix: str, lines: list[str]) -> Iterator[Leaf]:
    for key in node:
        path = f"{prefix}.{key}" if prefix else str(key)
        child = as_mapping(node.get(key))
        if child is not None:
            yield from _walk(child, path, lines)
            continue
        value = scalar_text(node, key, lines)
        if value is not None:
            yield path, value, key_line(node, key) or 0


def _document_profile(leaves: list[Leaf]) -> str | None:
    for key, value, _line in leaves:
        if key in ("spring.config.activate.on-profile", "spring.profiles"):
            return value.split(",")[0].strip().lstrip("!") or None
    return None


def relaxed_names(key: str) -> tuple[str, ...]:
    """The environment variables Spring Boot binds to ``key`` (its current and legacy forms)."""
    upper = key.upper().replace(".", "_")
    return tuple(dict.fromkeys((upper.replace("-", ""), upper.replace("-", "_"))))


def _profile_environment(profile: str | None, relpath: str) -> str:
    """The profile's environment; a file of no profile belongs to the one its path names."""
    if not profile:
        return pick_environment(environment_from_path(relpath))
    return environment_from_text(profile) or profile


def spring_project(relpath: str) -> str:
    """The project folder: above ``src/main/resources`` (or ``config/``), else the file's."""
    folder = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
    for tail in ("/src/main/resources", "src/main/resources", "/config", "config"):
        if folder.endswith(tail):
            return folder[: -len(tail)].rstrip("/")
    return folder


class SpringConfigCollector:
    """Reads credential keys and their placeholders from Spring Boot config files."""

    name = "spring-config"

    def wants(self, relpath: str) -> bool:
        return _FILE.match(relpath.rsplit("/", 1)[-1]) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        named = _FILE.match(source.name)
        assert named is not None  # matches() said so
        service = project_service(spring_project(source.relpath), ctx.root_name)
        if named["ext"] == "properties":
            documents = [list(properties_leaves(text))]
        else:
            loaded = load_documents(text)
            if isinstance(loaded, str):
                return CollectResult(notes=[Note(source.relpath, loaded)])
            lines = source_lines(text)
            documents = [list(_walk(d, "", lines)) for d in loaded if as_mapping(d) is not None]
        result = CollectResult()
        for number, leaves in enumerate(documents):
            profile = _document_profile(leaves) or named["profile"]
            scope = source.relpath if number == 0 else f"{source.relpath} [document {number + 1}]"
            result.extend(self._document(source.relpath, leaves, profile, scope, service))
        return result

    @staticmethod
    def _document(
        relpath: str, leaves: list[Leaf], profile: str | None, scope: str, service: str
    ) -> CollectResult:
        environment = _profile_environment(profile, relpath)
        result = CollectResult()
        entries: list[Entry] = []
        for key, value, line in leaves:
            location = Location(relpath, line or None, key=key)
            found = _readings(key, value, location, service, environment)
            result.readings.extend(found)
            if not _PLACEHOLDER.search(value):
                entries.append(Entry(key, value, location))  # emit keeps only provider keys
        unit = Unit(scope, "spring-config", CONSUMER, environment, service, hints=(relpath,))
        result.extend(emit(entries, unit))
        return result


def _readings(
    key: str, value: str, location: Location, service: str, environment: str
) -> list[CodeReading]:
    """A reading per ``${VARIABLE}`` in a credential key (``${other.property}`` is Spring's)."""
    slot = slot_of(key)
    if slot is None:
        return []
    found: list[CodeReading] = []
    for match in _PLACEHOLDER.finditer(value):
        name = match["name"].strip()
        if _ENV_NAME.fullmatch(name):
            defaulted = match["default"] is not None
            found.append(
                CodeReading(
                    slot,
                    name,
                    service,
                    environment,
                    location,
                    READER,
                    has_default=defaulted,
                    aliases=relaxed_names(key),
                )
            )
    return found
