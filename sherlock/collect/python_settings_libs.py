"""The Python settings libraries' readers, named together for the collector registry.

python-decouple (:mod:`.decouple_ini`), dynaconf (:mod:`.dynaconf_files`) and
pydantic-settings (:mod:`.pydantic_settings`) each read their own files by their own rules;
they share only how a deployment's variables win over a file (:mod:`.python_settings_env`).
"""

from __future__ import annotations

from sherlock.collect.decouple_ini import DecoupleIniCollector
from sherlock.collect.dynaconf_files import DynaconfCollector
from sherlock.collect.pydantic_settings import PydanticSettingsCollector

__all__ = ["DecoupleIniCollector", "DynaconfCollector", "PydanticSettingsCollector"]
