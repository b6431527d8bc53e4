"""``sherlock.toml``: environments, services, their sources, and settings of the front ends.

Names are resolved on first use (PEP 562): validating a config needs pydantic, which costs
about a tenth of a second to import, and a tree without a ``sherlock.toml`` should not pay
that at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

CONFIG_NAME = "sherlock.toml"

if TYPE_CHECKING:  # the `X as X` form re-exports for type checkers
    from sherlock.config.load import LoadedConfig as LoadedConfig
    from sherlock.config.load import find_config as find_config
    from sherlock.config.load import load_config as load_config
    from sherlock.config.load import parse_config as parse_config
    from sherlock.config.schema import EnvironmentConfig as EnvironmentConfig
    from sherlock.config.schema import EnvSource as EnvSource
    from sherlock.config.schema import FileSource as FileSource
    from sherlock.config.schema import ServiceConfig as ServiceConfig
    from sherlock.config.schema import SherlockConfig as SherlockConfig
    from sherlock.config.schema import Source as Source
    from sherlock.config.schema import parse_source as parse_source

_HOMES = {
    "LoadedConfig": "sherlock.config.load",
    "find_config": "sherlock.config.load",
    "load_config": "sherlock.config.load",
    "parse_config": "sherlock.config.load",
    "EnvironmentConfig": "sherlock.config.schema",
    "EnvSource": "sherlock.config.schema",
    "FileSource": "sherlock.config.schema",
    "ServiceConfig": "sherlock.config.schema",
    "SherlockConfig": "sherlock.config.schema",
    "Source": "sherlock.config.schema",
    "parse_source": "sherlock.config.schema",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sherlock.config' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = ["CONFIG_NAME", *_HOMES]
