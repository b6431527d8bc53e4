"""Heroku apps: the ``env`` declared in ``app.json``.

Heroku reads ``app.json`` when it creates an app from the repository (the Heroku Button,
review apps, ``heroku app-setups``): each ``env`` entry is a plain string or an object whose
``value`` becomes the new app's config var, whose ``generator: secret`` asks Heroku for a random
one, and whose ``required`` without a value makes the setup form ask for it (Heroku Dev Center,
"app.json Schema"). ``environments.test.env`` sets Heroku CI's test runs, on their own, and
``environments.review.env`` review apps, over the top-level ``env``. After creation the
config vars live in Heroku, not in the tree, so what is read here is what a new app starts
with: a real-looking value is a credential committed to the repository; a declared Twilio
variable without one is a note (the config var is set in Heroku); a placeholder ``value`` is a
prompt in the setup form, noted, not blamed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.partial import hold_halves
from sherlock.collect.vocabulary import is_placeholder
from sherlock.models import Location

CONSUMER = "heroku app setup (app.json)"
KIND = "heroku-app-json"
#: environments.<name> → the environment it stands for, and whether it layers over ``env``.
SECTIONS = {"test": ("test", False), "review": ("review", True)}


class _Lines:
    """Line of each key, searched forward in document order (``json`` keeps that order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def of(self, key: str) -> int | None:
        match = re.compile(re.escape(json.dumps(key)) + r"\s*:").search(self.text, self.cursor)
        if match is None:
            return None
        self.cursor = match.end()
        return self.text.count("\n", 0, match.start()) + 1


def _value(spec: object, lines: _Lines) -> tuple[str | None, int | None]:
    """The value an ``env`` entry gives a new app, and the line it is written on."""
    if isinstance(spec, str | int | float) and not isinstance(spec, bool):
        return str(spec), None
    if isinstance(spec, dict):
        for key, inner in spec.items():
            line = lines.of(key)
            if key == "value" and isinstance(inner, str | int | float):
                return str(inner), line
    return None, None


def env_entries(
    env: Mapping[str, Any], where: str, relpath: str, lines: _Lines, result: CollectResult
) -> list[Entry]:
    """Entries of one ``env`` object; valueless or placeholder Twilio names become notes."""
    entries: list[Entry] = []
    for name, spec in env.items():
        key_line = lines.of(name)
        value, value_line = _value(spec, lines)
        location = Location(relpath, value_line or key_line, key=f"{where}.{name}")
        if value is None or not value.strip() or is_placeholder(value):
            if is_provider_name(name, context=True):
                _note_unset(result, relpath, key_line, name, value)
            continue
        entries.append(Entry(name, value, location, layer=where))
    return entries


def _note_unset(
    result: CollectResult, relpath: str, line: int | None, name: str, value: str | None
) -> None:
    where = f"{relpath}:{line}" if line else relpath
    if value is None or not value.strip():
        result.note(
            where,
            f"{name} is declared without a value: its config var is set in Heroku, not in the tree",
        )
    else:
        result.note(
            where,
            f"{name} has a placeholder default, a prompt in Heroku's setup form; the real config var lives in Heroku",
        )


class HerokuAppJsonCollector:
    """Reads the ``env`` blocks of Heroku's ``app.json``."""

    name = KIND

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] == "app.json"

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            result.note(
                f"{source.relpath}:{exc.lineno}",
                "not valid JSON; Heroku would refuse it too (not read)",
            )
            return result
        if not isinstance(data, dict):
            return result
        lines = _Lines(text)
        service = project_service(source.relpath.rpartition("/")[0], ctx.root_name)
        top: list[Entry] = []
        for key, body in data.items():
            lines.of(key)
            if key == "env" and isinstance(body, dict):
                top = env_entries(body, "env", source.relpath, lines, result)
                default = pick_environment(environment_from_path(source.relpath))
                result.extend(emit(top, _unit(source.relpath, None, default, service)))
            elif key == "environments" and isinstance(body, dict):
                self._sections(body, top, source.relpath, lines, service, result)
        return hold_halves(result, "this app.json env", "the app's config vars in Heroku")

    @staticmethod
    def _sections(
        body: Mapping[str, Any],
        top: list[Entry],
        relpath: str,
        lines: _Lines,
        service: str,
        result: CollectResult,
    ) -> None:
        for name, section in body.items():
            lines.of(name)
            env = section.get("env") if isinstance(section, dict) else None
            if not isinstance(env, dict):
                continue
            lines.of("env")
            environment, layered = SECTIONS.get(name, (name, False))
            mine = env_entries(env, f"environments.{name}.env", relpath, lines, result)
            entries = [*top, *mine] if layered else mine
            result.extend(emit(entries, _unit(relpath, name, environment, service)))


def _unit(relpath: str, section: str | None, environment: str, service: str) -> Unit:
    return Unit(
        scope=relpath if section is None else f"{relpath} [environments.{section}]",
        source_kind=KIND,
        consumer=CONSUMER if section is None else f"{CONSUMER}, {section} environment",
        environment=environment,
        service=service,
        hints=(relpath,),
        named_environment=False,
    )
