"""Docker Compose files: ``docker-compose*.yml|yaml`` and ``compose*.yml|yaml``.

Per service, in the order compose applies them (later wins):

1. ``env_file:`` (a string, a list, or a list of ``{path, required, format}``): each file is
   resolved relative to the compose file and read with compose's env-file rules
   (``format: raw`` with docker's). Values keep the env file's own ``path:line``.
2. ``environment:`` as a mapping or as a ``- KEY=value`` list (list values are taken as
   written, quotes included). ``${VAR}`` is interpolated as compose does, from the process
   environment and the project ``.env`` beside the compose file; a value that is just one
   reference to that ``.env`` is located on the ``.env`` line where it really lives.
3. ``secrets:`` listed by the service and defined at the top level with ``file:``: the whole
   file is the value, trailing newline kept, because that is what the app reads from
   ``/run/secrets/NAME``. The field comes from a ``*_FILE`` variable pointing at the secret
   (``TWILIO_AUTH_TOKEN_FILE=/run/secrets/tok``), else from the file name the app sees
   (the secret's ``target``, which defaults to its name).

All of a service's values share one scope, ``compose:SERVICE@FILE``; its environment comes
from the compose file's path, an ``APP_ENV``-style variable, or the files it loads.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.compose_image import image_layer
from sherlock.collect.compose_links import held_for_image_service, held_for_project
from sherlock.collect.compose_passthrough import ComposeEnvironment
from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    pick_environment,
)
from sherlock.collect.dialects import COMPOSE, DOCKER_ENV_FILE, expand_compose, parse_env_text
from sherlock.collect.dotenv import env_entries
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.partial import hold_halves
from sherlock.collect.vocabulary import tokens
from sherlock.collect.walk import decode_text, read_inside, resolve_reference
from sherlock.collect.yamlio import (
    as_list,
    as_mapping,
    item_line,
    key_line,
    scalar_text,
    source_lines,
)
from sherlock.models import Location, Note

COMPOSE_NAME = re.compile(r"(docker-)?compose([.\-_][\w.\-]*)?\.ya?ml")
SECRETS_DIR = "/run/secrets/"
ENVIRONMENT_LAYER = "environment:"  # beats every env_file: (compose's precedence rules)
_SINGLE_REF = re.compile(r"\$\{?([_A-Za-z][_A-Za-z0-9]*)\}?")


def is_compose_name(name: str) -> bool:
    """``docker-compose*.yml|yaml`` or ``compose*.yml|yaml`` (never ``composer.yml``)."""
    return COMPOSE_NAME.fullmatch(name) is not None


@dataclass
class ComposeService:
    """What one service loads, gathered before it is classified and emitted."""

    name: str
    env: list[Entry] = field(default_factory=list)
    secrets: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    build: Any = None  # the service's ``build:``, which may make it a framework project's run
    image: Any = None  # its ``image:``, which may be the one a framework project's build names
    outside: list[str] = field(default_factory=list)  # names a CI secret sets (pass-through)


@dataclass(frozen=True)
class ComposeFile:
    """The compose file being read, and what interpolation can draw on."""

    relpath: str
    lines: list[str]
    ctx: ScanContext
    project_env: Mapping[str, Entry]

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.relpath)

    def at(self, line: int | None) -> Location:
        return Location(self.relpath, line)


def read_text(ctx: ScanContext, relpath: str) -> tuple[str, None] | tuple[None, str]:
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    if isinstance(data, str):
        return None, data
    return decode_text(data)


def env_file_refs(service: Any) -> list[tuple[str, bool, str, int | None]]:
    """(path, required, format, line) for each ``env_file:`` entry of a service."""
    svc = as_mapping(service) or {}
    raw = svc.get("env_file")
    items = [raw] if isinstance(raw, str) else as_list(raw)
    refs: list[tuple[str, bool, str, int | None]] = []
    for index, item in enumerate(items):
        line = item_line(raw, index) if isinstance(raw, list) else key_line(svc, "env_file")
        if isinstance(item, str):
            refs.append((item, True, "", line))
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            fmt = str(item.get("format") or "")
            refs.append((item["path"], item.get("required", True) is not False, fmt, line))
    return refs


def project_environment(ctx: ScanContext, folder: str) -> ComposeEnvironment:
    """What compose resolves ``${VAR}`` and pass-throughs from: the project's ``.env`` (or the
    ``--env-file`` a Makefile names) under the shell's exports (:mod:`.compose_passthrough`)."""
    return ComposeEnvironment(ctx, folder)


def _lookup(file: ComposeFile) -> Callable[[str], str | None]:
    env = file.ctx.process_env or {}

    def lookup(name: str) -> str | None:
        if name in env:
            return env[name]
        entry = file.project_env.get(name)
        return entry.raw if entry else None

    return lookup


def _interpolated(
    name: str, raw: str, line: int | None, file: ComposeFile, out: ComposeService
) -> None:
    """Add one ``environment:`` value, interpolated as compose does."""
    single = _SINGLE_REF.fullmatch(raw)
    process = file.ctx.process_env or {}
    if single and single[1] not in process and isinstance(file.project_env, ComposeEnvironment):
        unknown = file.project_env.unknown(single[1])
        if unknown is not None and is_provider_name(name):
            out.notes.append(unknown)
            out.outside.append(name)
            return
        if single[1] in file.project_env:
            out.env.extend(file.project_env.passed(single[1], name, ENVIRONMENT_LAYER))
            return
    missing: list[str] = []
    value = expand_compose(raw, _lookup(file), missing)
    if not missing:
        out.env.append(Entry(name, value, file.at(line), layer=ENVIRONMENT_LAYER))
    elif is_provider_name(name, value):
        refs = ", ".join(f"${{{m}}}" for m in missing)
        message = f"{name} takes {refs} from the shell running compose; not checked"
        out.notes.append(Note(str(file.at(line)), message))


def environment_entries(svc: dict[Any, Any], file: ComposeFile, out: ComposeService) -> None:
    env = svc.get("environment")
    if isinstance(env, dict):
        for name in env:
            raw = scalar_text(env, name, file.lines)
            if raw is not None:
                _interpolated(str(name), raw, key_line(env, name), file, out)
            elif env[name] is None:  # ``NAME:`` passes the variable through
                _passed_through(str(name), key_line(env, name), file, out)
    for index, item in enumerate(as_list(env)):
        if isinstance(item, str) and "=" in item:
            name, _, raw = item.partition("=")
            _interpolated(name, raw, item_line(env, index), file, out)
        elif isinstance(item, str) and item.strip():  # ``- NAME`` passes it through
            _passed_through(item.strip(), item_line(env, index), file, out)


def _passed_through(name: str, line: int | None, file: ComposeFile, out: ComposeService) -> None:
    """compose-go resolves a bare name from the same lookup as ``${NAME}``; a name nothing
    resolves is left out of the container, as before (:mod:`.compose_passthrough`)."""
    known = name in (file.ctx.process_env or {}) or name in file.project_env
    unknown = isinstance(file.project_env, ComposeEnvironment) and file.project_env.unknown(name)
    if known or unknown:
        _interpolated(name, f"${{{name}}}", line, file, out)


def env_file_path(ref: str, lookup: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """An ``env_file:`` path as compose opens it: ``${APP_ENV:-dev}`` and the like are
    interpolated like any other value (``.env.${APP_ENV}`` is a common way to pick a
    file per deployment); the names nothing sets come back too."""
    missing: list[str] = []
    return (expand_compose(ref, lookup, missing) if "$" in ref else ref), missing


def env_file_entries(svc: dict[Any, Any], file: ComposeFile, out: ComposeService) -> None:
    for written, required, fmt, line in env_file_refs(svc):
        where = str(file.at(line))
        ref, missing = env_file_path(written, _lookup(file))
        if missing:
            refs = ", ".join(f"${{{name}}}" for name in missing)
            message = f"env_file {written} takes {refs} from the shell running compose; not read"
            out.notes.append(Note(where, message))
            continue
        relpath = resolve_reference(file.folder, ref)
        if relpath is None:
            out.notes.append(Note(where, f"env_file {ref} is outside the scanned tree; not read"))
            continue
        text, problem = read_text(file.ctx, relpath)
        if text is None:
            if problem != "does not exist":
                out.notes.append(Note(relpath, f"env_file {ref}: {problem}"))
            elif required:
                out.notes.append(Note(where, f"env_file {ref} does not exist"))
            continue
        consumer = DOCKER_ENV_FILE if fmt == "raw" else COMPOSE
        entries, notes = env_entries(
            parse_env_text(text, consumer, file.ctx.process_env), relpath, COMPOSE
        )
        out.env.extend(replace(e, layer=f"env_file: {relpath}") for e in entries)
        out.notes.extend(notes)
        out.files.append(relpath)


def _secret_targets(svc: dict[Any, Any]) -> list[tuple[str, str]]:
    """(secret name, path inside the container) for each secret the service lists."""
    targets: list[tuple[str, str]] = []
    for item in as_list(svc.get("secrets")):
        if isinstance(item, str):
            targets.append((item, SECRETS_DIR + item))
        elif isinstance(item, dict) and isinstance(item.get("source"), str):
            target = str(item.get("target") or item["source"])
            path = target if target.startswith("/") else SECRETS_DIR + target
            targets.append((item["source"], path))
    return targets


def _file_pointers(out: ComposeService) -> dict[str, str]:
    """Container path → variable name, from ``X_FILE=/run/secrets/...`` entries."""
    return {e.raw: e.name[: -len("_FILE")] for e in out.env if e.name.upper().endswith("_FILE")}


def secret_entries(
    svc: dict[Any, Any], top: dict[Any, Any], file: ComposeFile, out: ComposeService
) -> None:
    pointers = _file_pointers(out)
    for name, target in _secret_targets(svc):
        spec = as_mapping(top.get(name))
        ref = spec.get("file") if spec else None
        if not isinstance(ref, str):
            continue  # external, or taken from an environment variable
        relpath = resolve_reference(file.folder, ref)
        if relpath is None:
            out.notes.append(
                Note(
                    str(file.at(key_line(top, name))),
                    f"secret {name} is outside the scanned tree; not read",
                )
            )
            continue
        text, problem = read_text(file.ctx, relpath)
        if text is None:
            out.notes.append(Note(relpath, f"secret {name}: {problem}"))
            continue
        key = pointers.get(target) or posixpath.basename(target)
        out.secrets.append(Entry(name, text, Location(relpath, 1), key=key))
        out.files.append(relpath)


def set_by(out: ComposeService) -> set[str]:
    """Twilio names the service sets itself: the image's ENV for them never reaches it."""
    return {e.name for e in out.env if "TWILIO" in tokens(e.name)}


def emit_service(out: ComposeService, file: ComposeFile) -> CollectResult:
    """One scope for the service: its environment values, then its secret files."""
    environment = pick_environment(
        environment_from_path(file.relpath),
        environment_from_variables((e.name, e.raw) for e in out.env),
        *(environment_from_path(f) for f in out.files),
    )
    scope = f"compose:{out.name}@{file.relpath}"
    hints = (file.relpath, out.name)
    result = CollectResult(notes=list(out.notes))
    env_unit = Unit(scope, "compose", COMPOSE, environment, out.name, hints)
    result.extend(emit(out.env, env_unit))
    secret_hints = hints + tuple(e.location.path for e in out.secrets)
    secret_unit = Unit(scope, "docker-secret", "docker secret", environment, out.name, secret_hints)
    result.extend(emit(out.secrets, secret_unit))
    if out.outside:  # the rest of the set is in the CI's secrets: a lone half is no fault
        result = hold_halves(result, f"service {out.name}", f"the CI secret ({out.outside[0]})")
    return _held_for_project(result, out, file)


def _held_for_project(
    result: CollectResult, out: ComposeService, file: ComposeFile
) -> CollectResult:
    """A lone half that a Spring Boot or ASP.NET Core project's run carries is judged in that
    run, not alone (:mod:`.compose_links`)."""
    if out.build is None:
        return held_for_image_service(result, out.name, out.image, file.ctx)
    return held_for_project(result, out.name, file.relpath, out.build, file.ctx)


class ComposeCollector:
    """Reads compose services' environment, env files and secret files."""

    name = "compose"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return is_compose_name(relpath.rsplit("/", 1)[-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        doc = ctx.documents.first_mapping(source.relpath, text)
        if isinstance(doc, str):
            return CollectResult(notes=[Note(source.relpath, doc)])
        services = as_mapping(doc.get("services")) if doc else None
        if doc is None or services is None:
            return CollectResult()
        folder = posixpath.dirname(source.relpath)
        file = ComposeFile(
            source.relpath, source_lines(text), ctx, project_environment(ctx, folder)
        )
        top_secrets = as_mapping(doc.get("secrets")) or {}
        result = CollectResult()
        for name, svc in services.items():
            if isinstance(svc, dict):
                out = ComposeService(str(name), build=svc.get("build"), image=svc.get("image"))
                env_file_entries(svc, file, out)
                environment_entries(svc, file, out)
                out.env[:0] = image_layer(svc, folder, lambda p: read_text(ctx, p), set_by(out))
                secret_entries(svc, top_secrets, file, out)
                result.extend(emit_service(out, file))
        return result


def compose_references(
    relpath: str, docs: list[Any] | str, project_env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Env files a parsed compose file loads (root-relative path → "compose"), for the
    pre-pass; ``project_env`` (the project ``.env``'s values) fills ``${VAR}`` in paths."""
    doc = as_mapping(docs[0]) if isinstance(docs, list) and docs else None
    services = as_mapping(doc.get("services")) if doc else None
    found: dict[str, str] = {}
    known = project_env or {}
    for svc in (services or {}).values():
        for written, _required, _fmt, _line in env_file_refs(svc):
            ref, missing = env_file_path(written, known.get)
            resolved = None if missing else resolve_reference(posixpath.dirname(relpath), ref)
            if resolved:
                found[resolved] = COMPOSE
    return found
