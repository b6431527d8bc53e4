"""Laravel config files (``config/services.php``, ``config/twilio.php``…): which variable
each credential key reads, and the literals written in place.

A Laravel app never reads ``.env`` names in its code: ``config/*.php`` returns nested arrays
whose leaves call ``env('NAME', default)`` (vlucas/phpdotenv has loaded the app's ``.env``
first), and the code asks ``config('services.twilio.sid')``. So the names that matter are the
ones these files pass to ``env()`` (a package's own config under ``vendor/`` counts too: its
service provider merges it in with ``mergeConfigFrom``), and a ``.env`` that sets ``TWILIO_ACCOUNT_SID`` while
``services.php`` reads ``env('TWILIO_SID')`` leaves the SID null. Each ``env()``/``getenv()``/
``$_ENV[...]`` leaf under a key the provider recognises becomes a
:class:`~sherlock.collect.readings.CodeReading` (the laravel-notification-channels/twilio
package, for one, reads ``TWILIO_USERNAME``/``TWILIO_PASSWORD``/``TWILIO_AUTH_TOKEN``/
``TWILIO_ACCOUNT_SID`` through ``services.twilio.*``); a quoted literal becomes a value.

The array is read line by line, tracking ``'key' => [`` blocks by their brackets; PHP is
never run. A default (``env('TWILIO_SID', 'AC…')``) is recorded as such: it is what the app
sends when the name is unset. ``php artisan config:cache`` freezes these values at deploy
time into ``bootstrap/cache/config.php``, which :mod:`.laravel_cache` reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    pick_environment,
)
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import (
    names_a_provider,
    parent_of,
    project_service,
    slot_of,
)
from sherlock.collect.readings import CodeReading
from sherlock.collect.vocabulary import mentions_provider
from sherlock.collect.walk import decode_text, read_inside
from sherlock.models import Location

READER = "laravel config()"
_KEY = re.compile(r"""^\s*(['"])(?P<key>[\w.\-]+)\1\s*=>\s*(?P<expr>.*?)\s*,?\s*(?://.*)?$""")
_OPENS = re.compile(r"^(?:\[|array\s*\()\s*$")
ENV_CALL = re.compile(
    r"""(?:\benv|\bgetenv)\s*\(\s*(['"])(?P<name>[A-Za-z_][A-Za-z0-9_]*)\1\s*(?P<more>,)?"""
    r"""|\$_(?:ENV|SERVER)\s*\[\s*(['"])(?P<name2>[A-Za-z_][A-Za-z0-9_]*)\4\s*\]"""
)
_FALLBACK = re.compile(r"\?:|\?\?")
_LITERAL = re.compile(r"""^(['"])(?P<text>[^'"\\]*)\1$""")


@dataclass(frozen=True)
class Leaf:
    """One ``'key' => expression`` line, with the block keys above it."""

    path: tuple[str, ...]
    expr: str
    line: int


def _depth_change(text: str) -> int:
    """Array brackets (``[``/``]``, ``array(``/``)``) opened minus closed on a line; quoted
    text and comments are left out, and the parentheses of calls cancel themselves."""
    bare = re.sub(r"""'[^'\\]*'|"[^"\\]*"|//.*$|#.*$""", "", text)
    array_opens = len(re.findall(r"\barray\s*\(", bare))
    calls = bare.count("(") - array_opens
    array_closes = max(bare.count(")") - calls, 0)
    return bare.count("[") - bare.count("]") + array_opens - array_closes


def leaves(text: str) -> list[Leaf]:
    """Every scalar ``'key' => expr`` of a config array, with its block path."""
    stack: list[tuple[str, int]] = []
    depth = 0
    found: list[Leaf] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        match = _KEY.match(raw)
        if match and _OPENS.match(match["expr"]):
            stack.append((match["key"], depth))
        elif match:
            found.append(Leaf((*(k for k, _ in stack), match["key"]), match["expr"], number))
        depth += _depth_change(raw)
        while stack and depth <= stack[-1][1]:
            stack.pop()
    return found


def _config_name(relpath: str) -> str:
    return relpath.rsplit("/", 1)[-1].removesuffix(".php")


def _reading(leaf: Leaf, relpath: str, service: str, environment: str) -> CodeReading | None:
    call = ENV_CALL.search(leaf.expr)
    if call is None:
        return None
    name = call["name"] or call["name2"]
    slot = slot_of("_".join(leaf.path), leaf.path[-1], name)
    if slot is None:
        return None
    key = ".".join((_config_name(relpath), *leaf.path))
    defaulted = bool(call["more"]) or bool(_FALLBACK.search(leaf.expr))
    location = Location(relpath, leaf.line, key=key)
    return CodeReading(slot, name, service, environment, location, READER, defaulted)


def _literal(leaf: Leaf, relpath: str) -> Entry | None:
    match = _LITERAL.match(leaf.expr)
    if match is None or not match["text"]:
        return None
    key = ".".join((_config_name(relpath), *leaf.path))
    location = Location(relpath, leaf.line, key=key)
    return Entry(key, match["text"], location, key="_".join(leaf.path))


def app_folder(relpath: str) -> str:
    """The Laravel app a config file belongs to: the folder holding ``config/``, or for a
    package's config under ``vendor/`` (merged in by its service provider), the app above it."""
    parts = relpath.split("/")
    if "vendor" in parts:
        return "/".join(parts[: parts.index("vendor")])
    return parent_of(relpath, "config")


def app_environment(app: str, relpath: str, ctx: ScanContext) -> str:
    """``APP_ENV`` of the app's ``.env`` (what Laravel calls its environment), else the path's."""
    data = read_inside(ctx.root, f"{app}/.env" if app else ".env", ctx.max_file_bytes)
    text = decode_text(data)[0] if isinstance(data, bytes) else None
    pairs = [(e.name, e.value) for e in parse_env_text(text, PYTHON_DOTENV).entries] if text else []
    return pick_environment(environment_from_variables(pairs), environment_from_path(relpath))


def is_laravel_config(relpath: str) -> bool:
    """A PHP file directly under a ``config/`` folder."""
    parts = relpath.split("/")
    return len(parts) >= 2 and parts[-2] == "config" and parts[-1].endswith(".php")


class LaravelConfigCollector:
    """Reads the ``env()`` names and literals of a Laravel app's ``config/*.php``."""

    name = "laravel-config"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith(".php")

    def wants(self, relpath: str) -> bool:
        return is_laravel_config(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        app = app_folder(source.relpath)
        service = project_service(app, ctx.root_name)
        environment = app_environment(app, source.relpath, ctx)
        result = CollectResult()
        entries: list[Entry] = []
        for leaf in leaves(text):
            if not mentions_provider(source.relpath, *leaf.path):
                continue
            reading = _reading(leaf, source.relpath, service, environment)
            if reading is not None:
                result.readings.append(reading)
                continue
            entry = _literal(leaf, source.relpath)
            if entry is not None:
                entries.append(entry)
        unit = Unit(
            scope=source.relpath,
            source_kind="laravel-config",
            consumer=READER,
            environment=environment,
            service=service,
            hints=(source.relpath,),
        )
        result.extend(emit(entries, unit))
        return result
