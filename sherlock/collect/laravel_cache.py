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
(``'app' => ['env' => …]`` of the cache itself, else the path's) and service. The app's
``.env`` is read here too, as the layer the cache hides: a key whose ``config/*.php`` leaf
reads ``env('NAME')`` binds to ``NAME``, so the ``.env`` value of ``NAME`` becomes the cached
value's hidden one (``source-precedence`` can send it and prove which is stale), and the
pre-pass hands that ``.env`` to this reader instead of the dotenv one (:func:`claim_env`):
a cached app never reads it on its own. The file is PHP
that ``var_export`` wrote, so it is read line by line, never run: ``'key' =>`` followed by
``array (`` opens a block, ``),`` closes it, ``'key' => 'text',`` is a leaf whose ``\\'`` and
``\\\\`` escapes are undone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.dotenv import env_entries
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.laravel import ENV_CALL, leaves
from sherlock.collect.vocabulary import mentions_provider
from sherlock.collect.walk import decode_text, read_inside
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


CACHED_LAYER = "the configuration cache (php artisan config:cache)"
ENV_LAYER = ".env (not read once the configuration is cached)"
#: The consumer the pre-pass records for a cached app's ``.env`` (dotenv then skips it).
CONSUMER_OF_ENV = "laravel config cache"


def claim_env(walked: Iterable[str], consumers: dict[str, str]) -> None:
    """In the pre-pass: a cached app's ``.env`` is read by this reader, under the cache."""
    paths = set(walked)
    for relpath in paths:
        if relpath == CACHE_PATH or relpath.endswith(f"/{CACHE_PATH}"):
            env = posixpath.join(_app_of(relpath), ".env")
            if env in paths:
                consumers.setdefault(env, CONSUMER_OF_ENV)


def _app_of(relpath: str) -> str:
    return relpath.removesuffix(CACHE_PATH).rstrip("/")


def _entry(leaf: CachedLeaf, relpath: str, names: Mapping[str, str]) -> Entry | None:
    """A leaf of a provider's block; which ones hold credentials (and the region and edge)
    the vocabulary decides from the key path, as for every other reader. It binds to the
    variable its config file reads, so it replaces that variable's ``.env`` value."""
    if not mentions_provider(*leaf.path[:-1]):
        return None
    key = ".".join(leaf.path)
    location = Location(relpath, leaf.line, key=key)
    bound = names.get(key)
    return Entry(key, leaf.text, location, key="_".join(leaf.path), layer=CACHED_LAYER, slot=bound)


def _config_names(app: str, ctx: ScanContext) -> dict[str, str]:
    """Dotted config key → the variable its ``config/*.php`` leaf passes to ``env()``."""
    names: dict[str, str] = {}
    folder = posixpath.join(app, "config")
    try:
        listed = sorted((ctx.root / folder).iterdir()) if (ctx.root / folder).is_dir() else []
    except OSError:
        listed = []
    for path in listed:
        if path.suffix != ".php" or not path.is_file():
            continue
        data = read_inside(ctx.root, posixpath.join(folder, path.name), ctx.max_file_bytes)
        text = decode_text(data)[0] if isinstance(data, bytes) else None
        for leaf in leaves(text or ""):
            call = ENV_CALL.search(leaf.expr)
            if call is not None:
                names[".".join((path.stem, *leaf.path))] = call["name"] or call["name2"]
    return names


def _hidden_env(app: str, ctx: ScanContext, bound: set[str]) -> list[Entry]:
    """The ``.env`` lines of the variables cached keys replace, as the hidden layer."""
    if ctx.env_file_consumers.get(posixpath.join(app, ".env")) != CONSUMER_OF_ENV:
        return []
    data = read_inside(ctx.root, posixpath.join(app, ".env"), ctx.max_file_bytes)
    text = decode_text(data)[0] if isinstance(data, bytes) else None
    if text is None:
        return []
    entries, _notes = env_entries(
        parse_env_text(text, PYTHON_DOTENV), posixpath.join(app, ".env"), PYTHON_DOTENV
    )
    return [replace(e, layer=ENV_LAYER) for e in entries if e.name in bound]


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
        app = _app_of(source.relpath)
        names = _config_names(app, ctx)
        cached = [e for leaf in leaves if (e := _entry(leaf, source.relpath, names)) is not None]
        bound = {e.slot for e in cached if e.slot}
        entries = [*_hidden_env(app, ctx, bound), *cached]
        unit = Unit(
            scope=source.relpath,
            source_kind="laravel-config-cache",
            consumer=CONSUMER,
            environment=_environment(leaves, source.relpath),
            service=project_service(app, ctx.root_name),
            hints=(source.relpath,),
        )
        return emit(entries, unit)
