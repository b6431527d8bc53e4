"""Which store secrets a diagnosis may read, and where: the rules that keep Sherlock's own
store credentials (``VAULT_TOKEN``, AWS keys, Google credentials) at home.

A ``sherlock.toml`` inside the scanned tree is content of that tree: a pull request can add
one, and CI runs ``sherlock diagnose .`` on it. So:

* ``offline`` sends nothing to any network, stores included: no store is read.
* A config inside the tree (``ROOT/sherlock.toml``, or ``--config`` pointing inside ROOT)
  may not move a store's endpoint (``[stores.vault] url``, ``[stores.aws] endpoint_url``,
  ``[stores.gcp] endpoint``) unless the user opts in with ``trust_config``. Such a store is
  not read at all, with a note; the variables of Sherlock's own environment (``VAULT_ADDR``,
  ``AWS_ENDPOINT_URL*``...) stay the user's choice and apply as usual for other stores.
* Whoever chose an endpoint, it must be https, or http to loopback only: anything else is
  an :class:`~sherlock.errors.InputError` before a single request is made.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sherlock.errors import InputError
from sherlock.models import Note
from sherlock.stores.endpoints import (
    CONFIG_KEYS,
    chosen_endpoint,
    config_override,
    plain_http_problem,
)

if TYPE_CHECKING:
    from sherlock.config.load import LoadedConfig
    from sherlock.config.schema import StoresSettings
    from sherlock.stores.base import StoreRef

TRUST_OPTION = "--trust-config"


@dataclass(frozen=True)
class StoreAccess:
    """What may be read (``refs``), with which settings, and notes on what may not."""

    refs: tuple[StoreRef, ...]
    settings: StoresSettings
    notes: tuple[Note, ...] = field(default=())


def _inside(path: Path, root: Path) -> bool:
    """Lexically or after resolving symlinks: a link in the tree is still the tree's."""
    lexical = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))
    try:
        return lexical or path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop: treat it as the tree's own
        return True


def config_in_tree(loaded: LoadedConfig, root: Path) -> bool:
    """Whether the config is a file of the scanned tree (one built in code is not)."""
    return loaded.path is not None and _inside(loaded.path, root)


def _config_label(loaded: LoadedConfig, root: Path) -> str:
    if loaded.path is None:
        return "sherlock.toml"
    try:
        return Path(os.path.abspath(loaded.path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return loaded.path.name


def untrusted_overrides(loaded: LoadedConfig, root: Path, *, trust_config: bool) -> dict[str, str]:
    """Store scheme → config key, for every endpoint the config moves but may not (it lives
    inside ``root`` and is not trusted). Writers (``sherlock rotate``) should refuse to run
    on any of these; readers skip the store (:func:`plan_store_access`)."""
    if trust_config or not config_in_tree(loaded, root):
        return {}
    stores = loaded.config.stores
    return {s: key for s, key in CONFIG_KEYS.items() if config_override(s, stores) is not None}


def _without_overrides(settings: StoresSettings) -> StoresSettings:
    """The settings with every endpoint the config set removed (the readers never see them)."""
    return settings.model_copy(
        update={
            "vault": settings.vault.model_copy(update={"url": None}),
            "aws": settings.aws.model_copy(update={"endpoint_url": None}),
            "gcp": settings.gcp.model_copy(update={"endpoint": None}),
        }
    )


def confined(loaded: LoadedConfig, root: Path, *, trust_config: bool) -> LoadedConfig:
    """The config as a run rooted elsewhere (a scoped server run, a folder of ``root``) may
    use it: without the store endpoints an untrusted in-tree config chose. Outside ``root``
    the config would otherwise count as the user's own and its endpoints be followed."""
    if not untrusted_overrides(loaded, root, trust_config=trust_config):
        return loaded
    stores = _without_overrides(loaded.config.stores)
    return dataclasses.replace(loaded, config=loaded.config.model_copy(update={"stores": stores}))


def _refusal(scheme: str, label: str, count: int) -> Note:
    secrets = "secret was" if count == 1 else "secrets were"
    return Note(
        label,
        f"sets {CONFIG_KEYS[scheme]}, but a config inside the scanned tree may not send "
        f"Sherlock's store credentials elsewhere; not used without {TRUST_OPTION}, so "
        f"{count} {scheme}:// {secrets} not read",
    )


def _check_endpoints(
    schemes: Iterable[str], settings: StoresSettings, environ: Mapping[str, str]
) -> None:
    problems = []
    for scheme in sorted(set(schemes)):
        endpoint = chosen_endpoint(scheme, settings, environ)
        problem = plain_http_problem(endpoint) if endpoint is not None else None
        if problem is not None:
            problems.append(problem)
    if problems:
        raise InputError("; ".join(problems))


def plan_store_access(
    refs: Iterable[StoreRef],
    loaded: LoadedConfig,
    root: Path,
    environ: Mapping[str, str],
    *,
    offline: bool,
    trust_config: bool,
) -> StoreAccess:
    """Apply the rules above to the store secrets a config names (see the module doc)."""
    wanted = tuple(refs)
    settings = loaded.config.stores
    if not wanted:
        return StoreAccess((), settings)
    if offline:
        note = Note("secret stores", "not read: --offline sends nothing to any network")
        return StoreAccess((), settings, (note,))
    notes: list[Note] = []
    if not trust_config and config_in_tree(loaded, root):
        label = _config_label(loaded, root)
        moved = untrusted_overrides(loaded, root, trust_config=trust_config)
        refused = {r.scheme for r in wanted if r.scheme in moved}
        for scheme in sorted(refused):
            count = len({r.uri for r in wanted if r.scheme == scheme})
            notes.append(_refusal(scheme, label, count))
        wanted = tuple(r for r in wanted if r.scheme not in refused)
        settings = _without_overrides(settings)
    _check_endpoints((r.scheme for r in wanted), settings, environ)
    return StoreAccess(wanted, settings, tuple(notes))
