"""What a diagnosis reads when there is a ``sherlock.toml``: discovery plus what it names.

With a config:

* values from a file a service lists are relabelled with that service and environment
  (the config knows better than a path heuristic), and a file discovery would not have
  picked by name is read anyway;
* ``env:VAR`` and store sources of one service form one unit, as one process sees them;
* every store secret named anywhere is read once, all versions: the current version is a
  credential in use, every version is history for the store checks;
* ``discovery = false`` keeps only what the config names;
* stores are read only as :mod:`sherlock.stores.access` allows: not at all offline, not
  at an endpoint a config inside the scanned tree chose (unless trusted), never over plain
  http to a host off the machine.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sherlock.collect import CollectResult, collect_tree
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.readings import CodeReading
from sherlock.config.load import LoadedConfig
from sherlock.config.schema import EnvironmentConfig, EnvSource, FileSource
from sherlock.models import FoundValue, Location, Note
from sherlock.stores.access import plan_store_access
from sherlock.stores.base import StoreRef
from sherlock.stores.fetch import read_stores
from sherlock.stores.values import HistoryValue, history_values, version_values


@dataclass(frozen=True)
class ConfiguredFinds:
    """What the config path found; :func:`sherlock.engine.sources.gather_sources` turns it
    into the one ``Sources`` record (this module never builds one, so nothing imports back)."""

    values: tuple[FoundValue, ...]
    history: tuple[HistoryValue, ...]
    notes: tuple[Note, ...]
    expectations: dict[str, EnvironmentConfig]
    claimed_paths: frozenset[str]
    contacted: tuple[str, ...]
    readings: tuple[CodeReading, ...] = ()


@dataclass(frozen=True)
class _Claim:
    """A service that reads a file; ``scope`` is set when the service also reads env:/store
    sources, so the file's values and those are grouped as the one process sees them."""

    environment: str
    service: str
    scope: str | None = None


def _glob(root: Path, base: Path, pattern: str) -> tuple[list[str], Note | None]:
    """Root-relative POSIX paths of the files a pattern matches (inside the root only)."""
    real_root = root.resolve()
    found: list[str] = []
    outside = False
    try:
        matches = sorted(base.glob(pattern))
    except (ValueError, IndexError, AttributeError, OSError):
        # Python 3.11's glob fails on "." and "./" with IndexError and AttributeError.
        return [], Note(pattern, "not a file pattern Sherlock can match; write a file or a glob")
    for path in matches:
        if not path.is_file():
            continue
        try:
            found.append(path.resolve().relative_to(real_root).as_posix())
        except ValueError:
            outside = True
    if outside:
        return found, Note(pattern, "matches files outside the scanned tree; those are skipped")
    if not found:
        return found, Note(pattern, "sherlock.toml names this source, but no file matches it")
    return found, None


def _file_claims(root: Path, loaded: LoadedConfig, notes: list[Note]) -> dict[str, list[_Claim]]:
    base = loaded.base_dir or root
    claims: dict[str, list[_Claim]] = {}
    for env_name, env in loaded.config.environments.items():
        for service_name, service in env.services.items():
            parsed = service.parsed_sources()
            mixed = any(not isinstance(s, FileSource) for s in parsed)
            scope = _service_scope(env_name, service_name) if mixed else None
            for source in parsed:
                if not isinstance(source, FileSource):
                    continue
                paths, note = _glob(root, base, source.pattern)
                if note is not None:
                    notes.append(note)
                for path in paths:
                    claims.setdefault(path, []).append(_Claim(env_name, service_name, scope))
    return claims


def _relabel(
    values: list[FoundValue], claims: dict[str, list[_Claim]], keep_rest: bool
) -> list[FoundValue]:
    """Give claimed files' values their configured service; a file two services read counts twice."""
    out: list[FoundValue] = []
    for value in values:
        owners = claims.get(value.location.path)
        if not owners:
            if keep_rest:
                out.append(value)
            continue
        for index, owner in enumerate(owners):
            scope = owner.scope or value.scope
            if index > 0 and owner.scope is None:
                scope = f"{value.scope}@{owner.environment}/{owner.service}"
            out.append(
                replace(value, environment=owner.environment, service=owner.service, scope=scope)
            )
    return out


def _service_scope(env_name: str, service_name: str) -> str:
    return f"sherlock.toml {env_name}/{service_name}"


def _service_unit(env_name: str, service_name: str, kind: str, consumer: str) -> Unit:
    return Unit(
        scope=_service_scope(env_name, service_name),
        source_kind=kind,
        consumer=consumer,
        environment=env_name,
        service=service_name,
        hints=("twilio",),
        named_environment=False,
    )


def _env_values(
    loaded: LoadedConfig, environ: Mapping[str, str], notes: list[Note]
) -> list[FoundValue]:
    values: list[FoundValue] = []
    for env_name, env in loaded.config.environments.items():
        for service_name, service in env.services.items():
            entries = []
            for source in service.parsed_sources():
                if not isinstance(source, EnvSource):
                    continue
                raw = environ.get(source.variable)
                if raw is None:
                    notes.append(
                        Note(
                            str(source),
                            f"not set in Sherlock's environment ({env_name}/{service_name})",
                        )
                    )
                    continue
                entries.append(Entry(source.variable, raw, Location(str(source))))
            if entries:
                unit = _service_unit(env_name, service_name, "process-env", "process environment")
                result = emit(entries, unit)
                values += result.values
                notes += result.notes
    return values


def _store_users(loaded: LoadedConfig) -> list[tuple[StoreRef, Unit]]:
    """Who reads each store secret's current version: services, or the environment itself."""
    users: list[tuple[StoreRef, Unit]] = []
    for env_name, env in loaded.config.environments.items():
        for ref in env.store_refs():
            unit = Unit(
                scope=ref.uri,
                source_kind=ref.scheme,
                consumer=ref.store,
                environment=env_name,
                service=f"{ref.scheme}:{ref.name}",
                hints=("twilio",),
                named_environment=False,
            )
            users.append((ref, unit))
        for service_name, service in env.services.items():
            for source in service.parsed_sources():
                if isinstance(source, StoreRef):
                    unit = _service_unit(env_name, service_name, source.scheme, source.store)
                    users.append((source, unit))
    return users


def _history_homes(users: list[tuple[StoreRef, Unit]]) -> dict[str, str]:
    """The environment each secret's history belongs to: the one listing it in ``stores``,
    else the first whose service reads it."""
    homes: dict[str, str] = {}
    for ref, unit in sorted(users, key=lambda user: user[1].scope != user[0].uri):
        homes.setdefault(ref.uri, unit.environment)
    return homes


async def gather_configured(
    root: Path,
    loaded: LoadedConfig,
    *,
    process_env: Mapping[str, str] | None,
    store_environ: Mapping[str, str] | None,
    trust_config: bool = False,
    offline: bool = False,
    collect: Callable[..., CollectResult] = collect_tree,
) -> ConfiguredFinds:
    """Discovery plus everything the config names, with notes for whatever could not be read
    (``collect`` stands in for ``collect_tree``: a server's warm index)."""
    notes: list[Note] = []
    config = loaded.config
    users = _store_users(loaded)
    environ = store_environ if store_environ is not None else os.environ
    access = plan_store_access(
        (ref for ref, _ in users),
        loaded,
        root,
        environ,
        offline=offline,
        trust_config=trust_config,
    )
    claims = _file_claims(root, loaded, notes)
    # The walk is blocking file I/O, the stores are network reads: both in threads, side by
    # side, so neither waits for the other and a server's event loop keeps answering.
    reads, collected = await asyncio.gather(
        read_stores(access.refs, access.settings, environ),
        asyncio.to_thread(collect, root, process_env=process_env, extra_paths=sorted(claims)),
    )
    values = _relabel(collected.values, claims, keep_rest=config.discovery)
    notes = list(collected.notes) + notes + list(access.notes) + reads.notes
    values += _env_values(loaded, process_env if process_env is not None else environ, notes)
    history: list[HistoryValue] = []
    for ref, unit in users:
        secret = reads.secrets.get(ref.uri)
        if secret is None:
            continue  # unreadable: already a note
        current = secret.current
        if current is None:
            notes.append(Note(str(ref), "the store has no current version to read"))
            continue
        result = version_values(secret, current, ref, unit)
        values += result.values
        notes += result.notes
    homes = _history_homes(users)
    for uri, secret in reads.secrets.items():
        history += history_values(secret, homes.get(uri, "unknown"))
    return ConfiguredFinds(
        values=tuple(values),
        history=tuple(history),
        notes=tuple(notes),
        expectations=dict(config.environments),
        claimed_paths=frozenset(claims),
        contacted=reads.contacted,
        readings=tuple(collected.readings),
    )
