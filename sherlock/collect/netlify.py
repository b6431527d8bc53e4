"""Netlify sites: the environment blocks of ``netlify.toml``, one credential set per context.

Netlify's file-based configuration sets build environment variables in ``[build.environment]``
for every deploy and in ``[context.<name>.environment]`` (or an inline ``environment = {…}``
under ``[context.<name>]``) for one deploy context; the context's value overrides the build
one (Netlify docs, "File-based configuration: deploy contexts"). The predefined contexts are
``production``, ``deploy-preview``, ``branch-deploy`` and ``dev`` (``netlify dev``); any other
name is a branch (``[context.staging]`` applies to deploys of the ``staging`` branch).
So each context with an environment becomes one unit: the build values, then the context's,
later winning and keeping the build value it hides as shadowed evidence. Its environment is
the one the context names (``production`` → prod, ``deploy-preview`` → preview,
``branch-deploy`` → branch, a branch named ``staging`` → staging, any other branch → its
name). With no context environment, ``[build.environment]`` is one set for every deploy.
Values set in the Netlify UI/CLI are not in the tree and are not read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.partial import hold_halves
from sherlock.collect.toml_lines import error_line, key_lines
from sherlock.models import Location

CONSUMER = "netlify build (netlify.toml)"
BUILD = "build.environment"
PREDEFINED = {"production": "prod", "deploy-preview": "preview", "branch-deploy": "branch"}


def context_environment(name: str) -> str:
    """The environment a deploy context stands for (see the module docstring)."""
    return PREDEFINED.get(name) or environment_from_text(name) or name


def _table(data: Mapping[str, object], *path: str) -> dict[str, object]:
    node: object = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def _entries(
    block: Mapping[str, object], table: str, relpath: str, lines: dict[str, int]
) -> list[Entry]:
    """String (and number) values of one environment table, as Netlify exports them."""
    entries: list[Entry] = []
    for name, value in block.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            key = f"{table}.{name}"
            location = Location(relpath, lines.get(key), key=key)
            entries.append(Entry(name, str(value), location, layer=table))
    return entries


class NetlifyCollector:
    """Reads ``netlify.toml`` environment blocks per deploy context."""

    name = "netlify"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] == "netlify.toml"

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = error_line(str(exc))
            where = f"{source.relpath}:{line}" if line else source.relpath
            result.note(where, "not valid TOML; Netlify would refuse it too (not read)")
            return result
        lines = key_lines(text)
        build = _entries(_table(data, "build", "environment"), BUILD, source.relpath, lines)
        service = project_service(source.relpath.rpartition("/")[0], ctx.root_name)
        contexts = {
            name: _table(body, "environment")
            for name, body in _table(data, "context").items()
            if isinstance(body, dict) and _table(body, "environment")
        }
        if not contexts:
            default = pick_environment(environment_from_path(source.relpath))
            result.extend(emit(build, _unit(source.relpath, None, default, service)))
        for name, block in contexts.items():
            table = f"context.{name}.environment"
            mine = _entries(block, table, source.relpath, lines)
            unit = _unit(source.relpath, name, context_environment(name), service)
            result.extend(emit([*build, *mine], unit))
        return hold_halves(
            result,
            "this deploy context",
            "the site's environment variables in Netlify (UI or netlify env:set)",
        )


def _unit(relpath: str, context: str | None, environment: str, service: str) -> Unit:
    return Unit(
        scope=relpath if context is None else f"{relpath} [context.{context}]",
        source_kind="netlify",
        consumer=CONSUMER if context is None else f"{CONSUMER}, {context} context",
        environment=environment,
        service=service,
        hints=(relpath,),
        named_environment=False,
    )
