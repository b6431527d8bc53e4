"""Env files: ``.env``, ``.env.*`` (``.env.production``, ``.env.local``) and ``*.env``.

A file is read the way its consumers read it (:mod:`.env_consumers` finds them): a script
that sources it or word-splits it, ``docker run --env-file``, a Makefile ``include``, a
systemd ``EnvironmentFile=``. With none of those, python-dotenv reads it. Each distinct
dialect reads the file once; readings that agree become one set of values naming every
consumer, readings that differ each get their own values and their own scope (so they form
separate credential sets, and the quotes/whitespace checks judge each reading and name its
consumer). Files named by a compose ``env_file:`` are left to the compose collector, which
reads them with compose's rules and files their values under the compose service that loads
them, rather than counting them twice.

Example files (``.env.example``, ``.env.sample``, ``.env.template``, ``.env.dist``) are not
read: no consumer loads them, and their placeholders would only be reported as broken tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.env_consumers import read_as
from sherlock.collect.vocabulary import mentions_provider, tokens
from sherlock.models import Location, Note

EXAMPLE_WORDS = frozenset({"example", "examples", "sample", "template", "dist", "tpl"})

EXPORTED_LAYER = "the exported variable (load_dotenv does not override it)"
#: Consumers whose own reader takes the file: compose (per service, :mod:`.compose`), a
#: framework's modes (:mod:`.framework_dotenv`) and a cached Laravel app
#: (:mod:`.laravel_cache`); both of those import this module.
_READ_ELSEWHERE = frozenset({COMPOSE, "framework env modes", "laravel config cache"})
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
    context = mentions_provider(relpath)
    for env_line in parsed.entries:
        location = Location(relpath, env_line.line)
        if env_line.missing:
            if is_provider_name(env_line.name, env_line.value, context=context):
                refs = ", ".join(f"${{{name}}}" for name in env_line.missing)
                message = (
                    f"{env_line.name} refers to {refs}, which {consumer} takes from the "
                    "environment at run time; not checked"
                )
                notes.append(Note(str(location), message))
            continue
        entries.append(Entry(env_line.name, env_line.value, location))
    return entries, notes


@dataclass
class Reading:
    """One way of reading a file, shared by every consumer that reads it the same way."""

    parsed: ParsedEnv
    labels: list[str] = field(default_factory=list)
    kind: str = "dotenv"

    @property
    def consumer(self) -> str:
        return "; ".join(self.labels)


def _label(dialect: str, vias: list[str]) -> str:
    """``make include (Makefile)``; the built-in dialects keep their plain names."""
    if dialect in SOURCE_KINDS or not vias:
        return dialect
    more = f" and {len(vias) - 1} more" if len(vias) > 1 else ""
    return f"{dialect} ({vias[0]}{more})"


def readings(text: str, readers: tuple[tuple[str, str], ...], ctx: ScanContext) -> list[Reading]:
    """The file read once per distinct dialect; dialects that agree share one reading."""
    vias: dict[str, list[str]] = {}
    for dialect, via in readers:
        vias.setdefault(dialect, []).extend([via] if via else [])
    found: list[Reading] = []
    for dialect, loaders in vias.items():
        parsed = read_as(dialect, text, ctx.process_env)
        same = next((r for r in found if r.parsed.entries == parsed.entries), None)
        if same is None:
            same = Reading(parsed, kind=SOURCE_KINDS.get(dialect, "env-file"))
            found.append(same)
        else:
            extra = [p for p in parsed.problems if p not in same.parsed.problems]
            same.parsed.problems.extend(extra)
        same.labels.append(_label(dialect, loaders))
    return found


class DotenvCollector:
    """Reads env files as each of their consumers does (see the module docstring)."""

    name = "dotenv"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return is_env_file_name(relpath.rsplit("/", 1)[-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        readers = tuple(r for r in ctx.env_file_readers.get(source.relpath, ()) if r[0] != COMPOSE)
        if not readers:
            consumer = ctx.env_file_consumers.get(source.relpath, PYTHON_DOTENV)
            if consumer in _READ_ELSEWHERE:
                return CollectResult()  # compose reads it per service, a framework per mode
            readers = ((consumer, ""),)
        found = readings(text, readers, ctx)
        result = CollectResult()
        for reading in found:
            scope = source.relpath if len(found) == 1 else f"{source.relpath} [{reading.consumer}]"
            result.extend(_collect_reading(source, reading, scope, ctx))
        return result


def exported_first(
    entries: list[Entry], relpath: str, environ: Mapping[str, str] | None
) -> list[Entry]:
    """python-dotenv's ``load_dotenv()`` (``override=False``), like Node's ``dotenv.config()``,
    leaves a variable the process already has alone: an exported ``TWILIO_*`` variable the file
    also sets is what the app reads, layered over the file's line (kept as shadowed evidence)."""
    env = environ or {}
    overridden = [e for e in entries if e.name in env and "TWILIO" in tokens(e.name)]
    if not overridden:
        return entries
    layered = [replace(e, layer=relpath) for e in entries]
    layered += [
        Entry(e.name, env[e.name], Location(f"env:{e.name}"), layer=EXPORTED_LAYER)
        for e in overridden
    ]
    return layered


def _collect_reading(
    source: SourceFile, reading: Reading, scope: str, ctx: ScanContext
) -> CollectResult:
    entries, notes = env_entries(reading.parsed, source.relpath, reading.consumer)
    if reading.labels == [PYTHON_DOTENV] and source.relpath.rsplit("/", 1)[-1] == ".env":
        entries = exported_first(entries, source.relpath, ctx.process_env)
    pairs = [(e.name, e.raw) for e in entries]
    unit = Unit(
        scope=scope,
        source_kind=reading.kind,
        consumer=reading.consumer,
        environment=pick_environment(
            environment_from_path(source.relpath), environment_from_variables(pairs)
        ),
        service=service_from_path(source.relpath, ctx.root_name),
        hints=(source.relpath,),
    )
    result = emit(entries, unit)
    result.notes[:0] = notes
    return result
