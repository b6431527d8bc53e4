"""Fly.io apps: the ``[env]`` table of ``fly.toml`` (and ``fly.<name>.toml``).

Fly Launch reads the app's configuration from ``fly.toml`` in the working directory, or the
file ``-c/--config`` names; ``app = "…"`` names the app, and ``[env]`` holds plain (not
secret) environment variables that every Machine of the app starts with (Fly.io docs, "App
configuration (fly.toml)": the ``[env]`` section). Anything sensitive is meant to be a secret
instead: ``fly secrets set NAME=VALUE -a APP`` stores it in the app's vault and Fly injects it
into every Machine as an environment variable at boot (Fly.io docs, "Secrets and Fly Apps";
``flyctl secrets set [flags] NAME=VALUE ...`` with ``-a/--app`` and ``-c/--config``).

So the app's process sees ``[env]`` plus its secrets. This reader emits the ``[env]`` table
as one unit, named by the app (the service) and the environment its app name or file name
spells (``sms-relay-staging``, ``fly.production.toml``). A lone half (the Account SID in
``[env]``, the token a secret) is held as a note here: the rest lives in Fly's vault. When a
script of the tree sets that rest with ``fly secrets set`` for the same app, the script's
reader (:mod:`.platform_secrets`) reads this file's ``[env]`` again under the script's unit,
so the pair the app really runs with is checked as one set.
"""

from __future__ import annotations

import posixpath
import tomllib
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.partial import hold_halves
from sherlock.collect.toml_lines import error_line, key_lines
from sherlock.collect.walk import decode_text, read_inside
from sherlock.models import Location

CONSUMER = "fly.io app (fly.toml [env])"
KIND = "fly-toml"
ENV_LAYER = "fly.toml [env]"


def is_fly_config(name: str) -> bool:
    """``fly.toml`` or ``fly.<name>.toml`` (one file per app or environment)."""
    return name == "fly.toml" or (name.startswith("fly.") and name.endswith(".toml"))


@dataclass(frozen=True)
class FlyConfig:
    """What one ``fly.toml`` says about its app's environment."""

    relpath: str
    app: str
    entries: tuple[Entry, ...]

    @property
    def environment(self) -> str:
        name = posixpath.basename(self.relpath)
        return pick_environment(
            environment_from_text(self.app),
            environment_from_text(name.removeprefix("fly.").removesuffix("toml")),
            environment_from_path(self.relpath),
        )


def parse_fly_config(relpath: str, text: str) -> FlyConfig | str:
    """The app and its ``[env]`` entries, or why the file could not be read."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = error_line(str(exc))
        return f"{relpath}:{line}" if line else relpath
    lines = key_lines(text)
    table = data.get("env")
    entries: list[Entry] = []
    for name, value in (table if isinstance(table, dict) else {}).items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            location = Location(relpath, lines.get(f"env.{name}"), key=f"env.{name}")
            entries.append(Entry(name, str(value), location, layer=ENV_LAYER))
    app = data.get("app")
    return FlyConfig(relpath, app if isinstance(app, str) else "", tuple(entries))


def read_fly_config(ctx: ScanContext, relpath: str) -> FlyConfig | None:
    """A ``fly.toml`` another file leads to (a script's ``fly secrets set``), or None."""
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    text = decode_text(data)[0] if isinstance(data, bytes) else None
    parsed = parse_fly_config(relpath, text) if text is not None else None
    return parsed if isinstance(parsed, FlyConfig) else None


def fly_unit(config: FlyConfig, ctx: ScanContext) -> Unit:
    """The unit of an app's environment as this file gives it."""
    folder = posixpath.dirname(config.relpath)
    return Unit(
        scope=f"{config.relpath} [fly app {config.app or '?'}]",
        source_kind=KIND,
        consumer=CONSUMER,
        environment=config.environment,
        service=config.app or project_service(folder, ctx.root_name),
        hints=(config.relpath,),
        named_environment=False,
    )


class FlyCollector:
    """Reads the ``[env]`` table of Fly.io app configurations."""

    name = "fly"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return is_fly_config(relpath.rsplit("/", 1)[-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        config = parse_fly_config(source.relpath, text)
        if isinstance(config, str):
            result.note(config, "not valid TOML; flyctl would refuse it too (not read)")
            return result
        result.extend(emit(config.entries, fly_unit(config, ctx)))
        rest = (
            f"the secrets of Fly app {config.app or '?'} (a script's fly secrets set for "
            "this app is checked together with this file)"
        )
        return hold_halves(result, "this fly.toml [env]", rest)
