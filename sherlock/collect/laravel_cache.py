"""Laravel's configuration cache: ``bootstrap/cache/config.php``, what the app really reads.

``php artisan config:cache`` writes every ``config/*.php`` array, ``env()`` calls already
evaluated, into one file that ``var_export`` formats. From then on Laravel loads that file
and never reads ``.env`` (Laravel's "Configuration Caching" docs: "once the configuration
has been cached, the .env file will not be loaded"). Rotating the token in ``.env`` and
forgetting to run ``config:cache`` (or ``config:clear``) again leaves the app sending the old
token while the file everyone checks is right: a classic 20003 after a rotation.

So the cache is read as the app's own configuration: each string leaf under a key the
provider's vocabulary recognises in its block (``services.twilio.sid``, ``twilio.token``) is a
value, located at its line (``key=`` the dotted config key), in the app's environment
(``'app' => ['env' => …]`` of the cache itself, else the path's) and service. The file is PHP
that ``var_export`` wrote, so it is read line by line, never run: ``'key' =>`` followed by
``array (`` opens a block, ``),`` closes it, ``'key' => 'text',`` is a leaf whose ``\\'`` and
``\\\\`` escapes are undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.vocabulary import mentions_provider
from sherlock.models import Location

CACHE_PATH = "bootstrap/cache/config.php"
CONSUMER = "laravel config cache (php artisan config:cache)"
_KEY = re.compile(r"^\s*'(?P<key>(?:[^'\\]|\\.)*)'\s*=>\s*(?P<rest>.*?)\s*$")
_STRING = re.compile(r"^'(?P<text>(?:[^'\\]|\\.)*)',?$")
_OPEN = re.compile(r"^array\s*\($")
_CLOSE = re.compile(r"^\),?;?$")


@dataclass(frozen=True)
class CachedLeaf:
    """One string leaf of the cached configuration, with the keys above it."""

    path: tuple[str, ...]
    text: str
    line: int


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\'])", r"\1", text)


def cached_leaves(text: str) -> list[CachedLeaf]:
    """Every string leaf of a ``var_export``-ed array, with its key path and line."""
    stack: list[str] = []
    pending: str | None = None  # a key whose ``array (`` is on the next line
    found: list[CachedLeaf] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        key = _KEY.match(raw)
        if key is not None:
            rest = key["rest"]
            if not rest or _OPEN.match(rest):
                pending = None if rest else key["key"]
                if rest:
                    stack.append(key["key"])
                continue
            string = _STRING.match(rest)
            if string is not None:
                found.append(CachedLeaf((*stack, key["key"]), _unescape(string["text"]), number))
            continue
        if _OPEN.match(line) and pending is not None:
            stack.append(pending)
            pending = None
        elif _CLOSE.match(line) and stack:
            stack.pop()
    return found


def _environment(leaves: list[CachedLeaf], relpath: str) -> str:
    """``app.env`` as the cache froze it, else what the path says."""
    frozen = next((leaf.text for leaf in leaves if leaf.path == ("app", "env")), "")
    return pick_environment(environment_from_text(frozen), environment_from_path(relpath))


def _entry(leaf: CachedLeaf, relpath: str) -> Entry | None:
    """A leaf of a provider's block; which ones hold credentials (and the region and edge)
    the vocabulary decides from the key path, as for every other reader."""
    if not mentions_provider(*leaf.path[:-1]):
        return None
    key = ".".join(leaf.path)
    return Entry(key, leaf.text, Location(relpath, leaf.line, key=key), key="_".join(leaf.path))


class LaravelConfigCacheCollector:
    """Reads ``bootstrap/cache/config.php`` as the configuration a Laravel app runs with."""

    name = "laravel-config-cache"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name == "config.php"

    def wants(self, relpath: str) -> bool:
        return relpath == CACHE_PATH or relpath.endswith(f"/{CACHE_PATH}")

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        leaves = cached_leaves(text)
        entries = [e for leaf in leaves if (e := _entry(leaf, source.relpath)) is not None]
        app = source.relpath.removesuffix(CACHE_PATH).rstrip("/")
        unit = Unit(
            scope=source.relpath,
            source_kind="laravel-config-cache",
            consumer=CONSUMER,
            environment=_environment(leaves, source.relpath),
            service=project_service(app, ctx.root_name),
            hints=(source.relpath,),
        )
        return emit(entries, unit)
