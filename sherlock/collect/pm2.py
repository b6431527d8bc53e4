"""PM2 ecosystem files: the ``env`` and ``env_<name>`` blocks of each app, read without JS.

``pm2 start ecosystem.config.js --env production`` starts each entry of ``apps`` with its
``env`` block, then the ``env_production`` block over it (PM2 docs, "Ecosystem File:
environment variables"); without ``--env`` only ``env`` applies. So ``env`` is one set
(its environment named by a ``NODE_ENV``-style value in it, else the path's), and each
``env_<name>`` is ``env`` with its own values layered on top (environment ``<name>``:
``production`` → prod), the hidden ``env`` value kept as shadowed evidence. The app's ``name``
is the service. ``ecosystem.config.js``/``.cjs`` is JavaScript that Sherlock never runs: a
line reader takes the object-literal subset these files are written in (``KEY: "…"``,
``'…'``, a template string without ``${}``, a number), one pair per line or an inline
``{ A: "…", B: "…" }``; anything else (``process.env.X``, a call, a concatenation) is
computed at start and becomes a note. ``ecosystem.json`` has the same shape in JSON and is
read by the same reader (PM2 itself evaluates a ``.json`` file as a JS expression). A YAML
ecosystem file (``ecosystem.config.yml``, ``process.yml``; PM2's ``Common.parseConfig``
loads ``.yml``/``.yaml`` with js-yaml) holds the same apps and is read by :mod:`.pm2_yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    environment_from_variables,
    pick_environment,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.partial import hold_halves
from sherlock.collect.pm2_yaml import yaml_blocks
from sherlock.models import Location

CONSUMER = "pm2"
_NAMES = re.compile(r"^(?:ecosystem(?:\.config)?|pm2\.config)\.(?:js|cjs|json)$")
_YAML_NAMES = re.compile(r"^(?:ecosystem(?:\.config)?|pm2(?:\.config)?|process)\.(?:yml|yaml)$")
_JSON_NAMES = frozenset({"process.json", "pm2.json"})
_APP_NAME = re.compile(r"""^\s*["']?name["']?\s*:\s*["'](?P<name>[^"']+)["']""")
_OPEN = re.compile(r"""^\s*["']?(?P<block>env(?:_[A-Za-z0-9_-]+)?)["']?\s*:\s*\{(?P<rest>.*)$""")
_PAIR = re.compile(
    r"""\s*["']?(?P<key>[A-Za-z_$][\w$]*)["']?\s*:\s*"""
    r"""(?P<expr>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`$\\]*`|[^,}]+?)\s*(?:,|(?=\})|$)"""
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}
_ENV_REF = re.compile(r"process\.env(?:\.(?P<a>\w+)|\[\s*[\"'](?P<b>\w+)[\"']\s*\])")


@dataclass
class Block:
    """One ``env``/``env_<name>`` block of one app: its pairs (name, expression, line)."""

    app: str
    name: str
    line: int
    pairs: list[tuple[str, str, int]] = field(default_factory=list)
    decoded: bool = False  # pairs hold values already (YAML), not JS expressions


def js_string(expr: str) -> str | None:
    """The value of a JS string or number literal; None for anything computed."""
    if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "\"'`":
        body = expr[1:-1]
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), body, flags=re.DOTALL)
    if re.fullmatch(r"-?\d+(?:\.\d+)?", expr):
        return expr
    return None


def _depth(text: str) -> int:
    """Braces opened minus closed on a line, strings ignored."""
    bare = re.sub(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`""", "", text)
    return bare.count("{") - bare.count("}")


def blocks(text: str) -> tuple[list[Block], int | None]:
    """Every env block in file order, and the line of an unclosed one (if any)."""
    found: list[Block] = []
    app, current, depth = "", None, 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if current is None:
            named = _APP_NAME.match(raw)
            app = named["name"] if named else app
            opened = _OPEN.match(raw)
            if opened is None:
                continue
            current, depth, raw = Block(app, opened["block"], number), 1, opened["rest"]
            found.append(current)
        for pair in _PAIR.finditer(raw.split("}", 1)[0] if depth == 1 else raw):
            current.pairs.append((pair["key"], pair["expr"].strip(), number))
        depth += _depth(raw)
        if depth <= 0:
            current = None
    return found, (current.line if current is not None else None)


def _entries(block: Block, relpath: str, result: CollectResult) -> tuple[list[Entry], set[str]]:
    """The block's literal entries, and the names it computes (which hide ``env``'s)."""
    entries: list[Entry] = []
    computed: set[str] = set()
    for name, expr, line in block.pairs:
        value = expr if block.decoded else js_string(expr)
        location = Location(relpath, line, key=f"{block.app}.{block.name}.{name}")
        if value is not None:
            entries.append(Entry(name, value, location, layer=block.name))
            continue
        computed.add(name)
        if is_provider_name(name, context=True):
            ref = _ENV_REF.search(expr)
            what = f"process.env.{ref['a'] or ref['b']}" if ref else "an expression"
            message = f"{name} is {what}, computed when pm2 loads the file; not checked"
            result.note(f"{relpath}:{line}", message)
    return entries, computed


def _by_app(found: list[Block]) -> Iterator[tuple[str, list[Block]]]:
    apps: dict[str, list[Block]] = {}
    for block in found:
        apps.setdefault(block.app, []).append(block)
    yield from apps.items()


def read_blocks(found: list[Block], relpath: str, ctx: ScanContext) -> CollectResult:
    """One set per app and block: ``env`` alone, each ``env_<name>`` layered over it."""
    result = CollectResult()
    folder = project_service(relpath.rpartition("/")[0], ctx.root_name)
    path_env = environment_from_path(relpath)
    for app, app_blocks in _by_app(found):
        base = next((b for b in app_blocks if b.name == "env"), None)
        base_entries = _entries(base, relpath, result)[0] if base else []
        service = app or folder
        if base is not None:
            pairs = [(e.name, e.raw) for e in base_entries]
            env = pick_environment(environment_from_variables(pairs), path_env)
            result.extend(emit(base_entries, _unit(relpath, app, "env", env, service)))
        for block in (b for b in app_blocks if b.name != "env"):
            label = block.name.removeprefix("env_")
            env = environment_from_text(label) or label
            mine, computed = _entries(block, relpath, result)
            kept = [e for e in base_entries if e.name not in computed]
            unit = _unit(relpath, app, block.name, env, service)
            result.extend(emit([*kept, *mine], unit))
    return hold_halves(result, "this env block", "the environment pm2 is started from")


def _is_yaml(relpath: str) -> bool:
    return _YAML_NAMES.match(relpath.rsplit("/", 1)[-1]) is not None


class Pm2Collector:
    """Reads the env blocks of PM2 ecosystem files (see the module docstring)."""

    name = "pm2"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        file = relpath.rsplit("/", 1)[-1]
        return _NAMES.match(file) is not None or file in _JSON_NAMES or _is_yaml(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        if not self.wants(relpath) or not names_a_provider(head):
            return False
        return b"apps" in head or b"env" in head if _is_yaml(relpath) else True

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        if _is_yaml(source.relpath):
            raw, problem = yaml_blocks(source.relpath, text, ctx)
            if problem is not None:
                return CollectResult(notes=[problem])
            decoded = [
                Block(app, name, line, pairs, decoded=True) for app, name, line, pairs in raw
            ]
            return read_blocks(decoded, source.relpath, ctx)
        found, unclosed = blocks(text)
        if unclosed is not None:
            result = CollectResult()
            result.note(
                f"{source.relpath}:{unclosed}",
                "env block never closed; pm2 would fail to load the file (not read)",
            )
            return result
        return read_blocks(found, source.relpath, ctx)


def _unit(relpath: str, app: str, block: str, environment: str, service: str) -> Unit:
    return Unit(
        scope=f"{relpath} [{app or 'apps'}.{block}]",
        source_kind="pm2",
        consumer=CONSUMER if block == "env" else f"{CONSUMER} --env {block.removeprefix('env_')}",
        environment=environment,
        service=service,
        hints=(relpath,),
        named_environment=False,
    )
