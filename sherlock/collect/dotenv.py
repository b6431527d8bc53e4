"""Env files: ``.env``, ``.env.*`` (``.env.production``, ``.env.local``) and ``*.env``.

A file is read the way its consumer reads it. By default that is python-dotenv; when a
script or Makefile in the tree runs ``docker run --env-file FILE``, FILE is read as docker
does (quotes and trailing spaces kept). Files named by a compose ``env_file:`` are left to
the compose collector, which reads them with compose's rules and files their values under
the compose service that loads them, rather than counting them twice.

Example files (``.env.example``, ``.env.sample``, ``.env.template``, ``.env.dist``) are not
read: no consumer loads them, and their placeholders would only be reported as broken tokens.
"""

from __future__ import annotations

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    pick_environment,
    service_from_path,
    words,
)
from sherlock.collect.dialects import (
    COMPOSE,
    DOCKER_ENV_FILE,
    PYTHON_DOTENV,
    ParsedEnv,
    parse_env_text,
)
from sherlock.collect.emit import Entry, Unit, emit, is_twilio_name
from sherlock.collect.naming import mentions_twilio
from sherlock.models import Location, Note

EXAMPLE_WORDS = frozenset({"example", "examples", "sample", "template", "dist", "tpl"})

SOURCE_KINDS = {PYTHON_DOTENV: "dotenv", DOCKER_ENV_FILE: "docker-env-file", COMPOSE: "compose"}


def is_env_file_name(name: str) -> bool:
    """``.env``, ``.env.*`` or ``*.env``, unless it is an example/template file."""
    if not (
        name == ".env" or name.startswith(".env.") or (name.endswith(".env") and name != ".env")
    ):
        return False
    return not EXAMPLE_WORDS.intersection(words(name))


def env_entries(parsed: ParsedEnv, relpath: str, consumer: str) -> tuple[list[Entry], list[Note]]:
    """Entries and notes from a parsed env file, located at ``relpath:line``.

    A Twilio value that refers to a variable nothing in the file defines is skipped with a
    note: what it becomes depends on an environment we cannot see.
    """
    notes = [Note(f"{relpath}:{line}", message) for line, message in parsed.problems]
    entries: list[Entry] = []
    context = mentions_twilio(relpath)
    for env_line in parsed.entries:
        location = Location(relpath, env_line.line)
        if env_line.missing:
            if is_twilio_name(env_line.name, env_line.value, context=context):
                refs = ", ".join(f"${{{name}}}" for name in env_line.missing)
                message = (
                    f"{env_line.name} refers to {refs}, which {consumer} takes from the "
                    "environment at run time; not checked"
                )
                notes.append(Note(str(location), message))
            continue
        entries.append(Entry(env_line.name, env_line.value, location))
    return entries, notes


class DotenvCollector:
    """Reads env files with python-dotenv's or docker's rules (see the module docstring)."""

    name = "dotenv"

    def wants(self, relpath: str) -> bool:
        return is_env_file_name(relpath.rsplit("/", 1)[-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        consumer = ctx.env_file_consumers.get(source.relpath, PYTHON_DOTENV)
        if consumer == COMPOSE:
            return CollectResult()  # the compose collector reads it, per service
        parsed = parse_env_text(text, consumer, ctx.process_env)
        entries, notes = env_entries(parsed, source.relpath, consumer)
        pairs = [(e.name, e.raw) for e in entries]
        unit = Unit(
            scope=source.relpath,
            source_kind=SOURCE_KINDS.get(consumer, "dotenv"),
            consumer=consumer,
            environment=pick_environment(
                environment_from_path(source.relpath), environment_from_variables(pairs)
            ),
            service=service_from_path(source.relpath, ctx.root_name),
            hints=(source.relpath,),
        )
        result = emit(entries, unit)
        result.notes[:0] = notes
        return result
