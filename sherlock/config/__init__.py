"""``sherlock.toml``: environments, services, their sources, and settings of the front ends."""

from sherlock.config.load import CONFIG_NAME, LoadedConfig, find_config, load_config, parse_config
from sherlock.config.schema import (
    EnvironmentConfig,
    EnvSource,
    FileSource,
    ServiceConfig,
    SherlockConfig,
    Source,
    parse_source,
)

__all__ = [
    "CONFIG_NAME",
    "EnvSource",
    "EnvironmentConfig",
    "FileSource",
    "LoadedConfig",
    "ServiceConfig",
    "SherlockConfig",
    "Source",
    "find_config",
    "load_config",
    "parse_config",
    "parse_source",
]
