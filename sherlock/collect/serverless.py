"""Serverless Framework services: ``provider.environment`` and ``functions.<f>.environment``.

``serverless deploy --stage <s>`` sets each Lambda's environment from ``provider.environment``
with the function's own ``environment`` over it, after resolving variables (Serverless docs,
"Variables" and "Environment variables"): ``${sls:stage}``, ``${opt:stage, 'dev'}`` and
``${self:provider.stage}`` are the stage; ``${self:custom.a.b}`` is a lookup in the same file
(nested, so ``${self:custom.${sls:stage}.token}`` picks a per-stage entry); ``${env:NAME}`` is
the deploying shell's variable, which with ``useDotenv`` (v3) may come from ``.env.<stage>``
or ``.env`` beside the file; ``${ssm:…}``, ``${secretsmanager:…}``, ``${s3:…}``, ``${cf:…}``
are fetched from AWS at deploy time. So each stage the file can be deployed to is one set per
function: the default stage (``provider.stage``, or the default of ``${opt:stage, …}``, else
``dev``) and every key of a ``custom`` mapping a stage lookup indexes. A value resolved from a
single ``${self:custom…}`` lookup is located at that key; a store reference or a variable
nothing defines is a note, and a set left incomplete by one is held back with a note. CloudFormation tags under ``resources`` are accepted by the YAML
loader. ``${file(./secrets.${sls:stage}.yml):key}`` references (and a whole ``environment:``
loaded from a file) are read by :mod:`.serverless_files`, which also adds the stages such a
staged file name has beside the service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_text
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.partial import hold_halves
from sherlock.collect.serverless_files import file_stages, resolve_inner, whole_environment
from sherlock.collect.walk import decode_text, read_inside
from sherlock.collect.yamlio import as_mapping, key_line
from sherlock.models import Location, Note

CONSUMER = "serverless deploy"
_NAMES = frozenset({"serverless.yml", "serverless.yaml"})
_VAR = re.compile(r"\$\{([^${}]*)\}")
_STAGE_VARS = re.compile(r"^(?:sls:stage|opt:stage(?:\s*,.*)?|self:provider\.stage)$")
_STAGE_LOOKUP = re.compile(
    r"\$\{self:(?P<path>[\w.-]*?)\.?\$\{(?:sls:stage|opt:stage[^}]*|self:provider\.stage)\}"
)
_DEFAULT = re.compile(r",\s*['\"]?(?P<default>[^'\"]*)['\"]?\s*$")


@dataclass(frozen=True)
class Resolved:
    """A resolved value and where it was written (the custom key, or the env file line)."""

    value: str | None
    where: Location | None = None
    problem: str | None = None


def _lookup(data: Mapping[str, Any], path: str) -> tuple[str | None, int | None]:
    node: Any = data
    parent: Any = None
    for part in path.split("."):
        parent, node = node, node.get(part) if isinstance(node, dict) else None
    if isinstance(node, str | int | float) and not isinstance(node, bool):
        return str(node), key_line(parent, path.rsplit(".", 1)[-1])
    return None, None


def _default(inner: str) -> str | None:
    found = _DEFAULT.search(inner)
    return found["default"] if found else None


def stages(data: Mapping[str, Any], text: str) -> list[str]:
    """The default stage, then every key of the mapping a stage lookup indexes whose value is
    itself a mapping (``custom: {prod: {...}, staging: {...}}``)."""
    provider = as_mapping(data.get("provider")) or {}
    raw = str(provider.get("stage") or "")
    first = raw if raw and "${" not in raw else (_default(raw.strip("${}")) or "dev")
    found = [first]
    for match in _STAGE_LOOKUP.finditer(text):
        node: Any = data
        for part in match["path"].split(".") if match["path"] else []:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            found += [
                str(k) for k, v in node.items() if isinstance(v, dict) and str(k) not in found
            ]
    return found


class Resolver:
    """Resolves one value's variables for one stage, as ``serverless`` does at deploy."""

    def __init__(
        self,
        relpath: str,
        data: Mapping[str, Any],
        environ: Mapping[str, str],
        files: Mapping[str, tuple[str, Location]],
        ctx: ScanContext | None = None,
    ) -> None:
        self.relpath = relpath
        self.data = data
        self.environ = environ
        self.files = files
        self.ctx = ctx

    def resolve(self, text: str, stage: str) -> Resolved:
        where: Location | None = None
        whole = _VAR.fullmatch(text) is not None or text.count("${") > 1
        for _ in range(10):
            match = _VAR.search(text)
            if match is None:
                return Resolved(text, where if whole else None)
            found = self._one(match[1].strip(), stage)
            if found.value is None:
                return found
            where = found.where or where
            text = text[: match.start()] + found.value + text[match.end() :]
        return Resolved(None, problem="variables nested too deep")

    def _one(self, inner: str, stage: str) -> Resolved:
        if _STAGE_VARS.match(inner):
            return Resolved(stage)
        referenced = self._file(inner)
        if referenced is not None:
            return referenced
        source, _, rest = inner.partition(":")
        name = rest.split(",", 1)[0].strip()
        if source == "self":
            value, line = _lookup(self.data, name)
            return Resolved(value, Location(self.relpath, line) if line else None)
        if source == "env":
            if name in self.environ:
                return Resolved(self.environ[name])
            if name in self.files:
                value, location = self.files[name]
                return Resolved(value, location)
        default = _default(rest)
        if default is not None:
            return Resolved(default)
        if source == "env":
            return Resolved(None, problem=f"${{env:{name}}} is not set in this tree")
        return Resolved(None, problem=f"${{{source}:…}} is fetched at deploy time; not checked")

    def _file(self, inner: str) -> Resolved | None:
        """``file(./x.yml):key`` read from the tree, or None for any other variable."""
        if self.ctx is None:
            return None
        found = resolve_inner(inner, self.relpath.rpartition("/")[0], self.ctx)
        if found is None:
            return None
        value = found.value if isinstance(found.value, str) else None
        return Resolved(value, found.where, found.problem)


def env_files(folder: str, stage: str, ctx: ScanContext) -> dict[str, tuple[str, Location]]:
    """NAME → (value, where) from ``.env.<stage>``, else ``.env``, beside the file (v3's
    ``useDotenv``), as dotenv reads them."""
    for name in (f".env.{stage}", ".env"):
        relpath = f"{folder}/{name}" if folder else name
        data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
        text = decode_text(data)[0] if isinstance(data, bytes) else None
        if text is None:
            continue
        parsed = parse_env_text(text, PYTHON_DOTENV)
        return {e.name: (e.value, Location(relpath, e.line)) for e in parsed.entries}
    return {}


#: an ``environment:`` as written: a mapping, or one ``${file(...)}`` that loads a mapping
Block = dict[str, Any] | str


def _environment(node: Any) -> Block | None:
    env = as_mapping(node)
    return env if env else (node if isinstance(node, str) and "${file(" in node else None)


def _blocks(data: Mapping[str, Any]) -> list[tuple[str | None, Block]]:
    """(function name or None for provider, environment), in deploy order."""
    provider = as_mapping(data.get("provider")) or {}
    found: list[tuple[str | None, Block]] = []
    found.append((None, _environment(provider.get("environment")) or {}))
    for name, body in (as_mapping(data.get("functions")) or {}).items():
        env = _environment((as_mapping(body) or {}).get("environment"))
        if env:
            found.append((str(name), env))
    return found


def _load_block(
    env: Block, stage: str, relpath: str, ctx: ScanContext, notes: list[Note]
) -> tuple[Mapping[str, Any], str]:
    """A block's mapping for one stage and the file it is written in (a loaded file's own)."""
    if not isinstance(env, str):
        return env, relpath
    found = whole_environment(env, stage, relpath.rpartition("/")[0], ctx)
    if found is not None and isinstance(found.value, dict):
        return found.value, found.relpath
    problem = found.problem if found is not None else "an environment Sherlock does not follow"
    notes.append(Note(relpath, f"environment: {problem or 'not a mapping'}"))
    return {}, relpath


class ServerlessCollector:
    """Reads ``serverless.yml`` environment blocks, one set per stage and function."""

    name = "serverless"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] in _NAMES

    def matches(self, relpath: str, head: bytes) -> bool:
        # a file reference may hold every Twilio name (``environment: ${file(./env.yml)}``)
        return self.wants(relpath) and (names_a_provider(head) or b"${file(" in head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        data = ctx.documents.first_mapping(source.relpath, text)
        if not isinstance(data, dict):
            if isinstance(data, str):
                result.note(source.relpath, data)
            return result
        folder = source.relpath.rpartition("/")[0]
        service = str(data.get("service") or "") or project_service(folder, ctx.root_name)
        blocks = _blocks(data)
        noted: set[tuple[str, str]] = set()
        named = stages(data, text)
        for stage in [*named, *(s for s in file_stages(text, folder, ctx) if s not in named)]:
            files = env_files(folder, stage, ctx)
            environ = dict(ctx.process_env or {})
            resolver = Resolver(source.relpath, data, environ, files, ctx)
            provider: list[Entry] = []
            for function, block in blocks:
                notes: list[Note] = []
                env, written_in = _load_block(block, stage, source.relpath, ctx, notes)
                result.notes.extend(n for n in notes if n not in result.notes)
                mine = self._entries(env, resolver, stage, written_in, result, noted)
                if function is None:
                    provider = mine
                unit = _unit(source.relpath, function, stage, service)
                result.extend(emit(mine if function is None else [*provider, *mine], unit))
        return hold_halves(
            result, "this stage's environment", "a deploy-time variable (SSM, secrets)"
        )

    @staticmethod
    def _entries(
        env: Mapping[str, Any],
        resolver: Resolver,
        stage: str,
        relpath: str,
        result: CollectResult,
        noted: set[tuple[str, str]],
    ) -> list[Entry]:
        entries: list[Entry] = []
        for name, raw in env.items():
            if not isinstance(raw, str | int | float) or isinstance(raw, bool):
                continue
            written = Location(relpath, key_line(env, name), key=f"environment.{name}")
            found = resolver.resolve(str(raw), stage)
            if found.value is not None:
                entries.append(Entry(str(name), found.value, found.where or written))
            elif (
                is_provider_name(str(name), context=True)
                and (str(written), str(found.problem)) not in noted
            ):
                noted.add((str(written), str(found.problem)))
                result.note(str(written), f"{name}: {found.problem}")
        return entries


def _unit(relpath: str, function: str | None, stage: str, service: str) -> Unit:
    where = "provider" if function is None else f"functions.{function}"
    return Unit(
        scope=f"{relpath} [{where}, stage {stage}]",
        source_kind="serverless",
        consumer=f"{CONSUMER} --stage {stage}",
        environment=environment_from_text(stage) or stage,
        service=service if function is None else function,
        hints=(relpath,),
        named_environment=False,
    )
