"""Everything a diagnosis reads: discovery alone, or discovery plus what ``sherlock.toml`` names.

The config path (:mod:`sherlock.engine.configured`: pydantic, the store SDKs) is imported only
when a config is in play, so a plain scan starts as fast as it did before configs existed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sherlock.collect import CollectResult, collect_tree
from sherlock.collect.code.fallbacks import settle_fallbacks
from sherlock.collect.envrc import envrc_fences
from sherlock.collect.profile_links import link_profile_exports
from sherlock.collect.readings import CodeReading
from sherlock.engine.decoys import is_decoy
from sherlock.models import FoundValue, Note

if TYPE_CHECKING:
    from sherlock.config.load import LoadedConfig
    from sherlock.config.schema import EnvironmentConfig
    from sherlock.stores.values import HistoryValue


@dataclass(frozen=True)
class Sources:
    """What was found: values in use, store history, notes, each environment's config, and
    every store endpoint a request went to (``scheme://host[:port]``: the secrets' names
    stay out, since a path can say more than the report should).

    Built here and only here, from discovery alone or from the config path's finds; frozen,
    because every later stage (and a server's concurrent requests) reads the same record."""

    values: tuple[FoundValue, ...] = ()
    history: tuple[HistoryValue, ...] = ()
    notes: tuple[Note, ...] = ()
    expectations: Mapping[str, EnvironmentConfig] = field(default_factory=dict)
    claimed_paths: frozenset[str] = frozenset()
    contacted: tuple[str, ...] = ()
    readings: tuple[CodeReading, ...] = ()  # names each service's code/config reads per slot


def settle_values(
    found: Sequence[FoundValue], trusted: frozenset[str] = frozenset(), root: Path | None = None
) -> tuple[list[FoundValue], list[Note]]:
    """What needs every value at once: shell profile exports laid over the ``.env`` files
    that do not override them (not example files the diagnosis sets aside), then code
    defaults of variables a source sets. ``sherlock init`` plans from the same values, so
    the config it writes names what a diagnosis sees. ``root`` lets direnv's layering see
    the ``.envrc`` files that set no credential (they still fence off an outer one)."""
    set_aside = lambda p: is_decoy(p) and p not in trusted  # noqa: E731
    fenced = (lambda folder: envrc_fences(root, folder)) if root is not None else _no_fence
    linked, unread = link_profile_exports(found, set_aside, fenced)
    values, unused = settle_fallbacks(linked)
    return values, [*unread, *unused]


def _no_fence(_folder: str) -> bool:
    return False


async def gather_sources(
    root: Path,
    loaded: LoadedConfig | None,
    *,
    process_env: Mapping[str, str] | None,
    store_environ: Mapping[str, str] | None,
    trust_config: bool = False,
    offline: bool = False,
    collect: Callable[..., CollectResult] = collect_tree,
) -> Sources:
    """Discovery, plus the config's files, ``env:`` variables and store secrets when given.

    ``offline`` reads no store (nothing goes to any network); without ``trust_config`` a
    config inside ``root`` may not move a store's endpoint (:mod:`sherlock.stores.access`).
    Raises InputError for a store endpoint that is plain http to a host not on loopback.
    ``collect`` stands in for ``collect_tree`` (a server's warm index, :mod:`sherlock.index`).
    """
    if loaded is None:
        # The walk is blocking file I/O: in a thread, so a server's event loop keeps answering.
        collected = await asyncio.to_thread(collect, root, process_env=process_env)
        values, unused = settle_values(collected.values, root=root)
        return Sources(
            values=tuple(values),
            notes=(*collected.notes, *unused),
            readings=tuple(collected.readings),
        )
    from sherlock.engine.configured import gather_configured

    finds = await gather_configured(
        root,
        loaded,
        process_env=process_env,
        store_environ=store_environ,
        trust_config=trust_config,
        offline=offline,
        collect=collect,
    )
    values, unused = settle_values(finds.values, finds.claimed_paths, root)
    return Sources(
        values=tuple(values),
        history=finds.history,
        notes=(*finds.notes, *unused),
        expectations=finds.expectations,
        claimed_paths=finds.claimed_paths,
        contacted=finds.contacted,
        readings=finds.readings,
    )
