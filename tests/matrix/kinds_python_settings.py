"""Python settings libraries as source kinds: python-decouple's ``settings.ini`` and dynaconf's
``.secrets.toml`` environments.

* ``decouple-settings-ini``: ``<env>/<service>/settings.ini``, credentials in ``[settings]``
  (the only section decouple reads), a ``[production]`` section of stale decoys beside it.
  ``ConfigParser`` strips a value's surrounding blanks, so the junk it can carry is a value
  continued on an indented next line (the value then starts with a newline) and quotes, which
  it keeps. A key the file lacks makes ``config()`` raise at start-up (no 20003), so the
  missing-name faults are not carried; an empty value is.
* ``dynaconf-secrets-toml``: ``<service>/settings.toml`` (``[default]`` and
  ``[development]`` without credentials) and ``<service>/.secrets.toml`` with one section per
  environment (``[production]``, ``[staging]``): each environment's process sends its own
  section's values, and the development run holds none. TOML strings carry the junk as
  escapes (``\\n``, a blank) and a literal string keeps quotes.
* ``pydantic-defaults``: ``<env>/<service>/app/config.py``, a pydantic-settings class whose
  field defaults hold the credentials, run by a compose service that sets none of its
  variables; a Python string literal carries the junk as written (``\\n``, a blank, quotes).
  As for code's defaults, an empty or placeholder default (``""``, ``"changeme"``) says "set
  me from the environment" and is not read as a value, so those two faults are not carried.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var


def _decoy(*parts: str) -> str:
    """An old secret: well formed, unknown to every account."""
    return hashlib.sha256("-".join(("pysettings-decoy", *parts)).encode()).hexdigest()[:32]


def _ini_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return "\n    " + var.value  # a continuation line: ConfigParser keeps the line break
    return f'"{var.value}"' if var.mark is Mark.QUOTED else var.value


def write_decouple_ini(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, ``<env>/<service>/settings.ini`` read by python-decouple's ``config()``."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/settings.ini")
        doc.add("[settings]")
        doc.add("DEBUG=False")
        for var in service.vars:
            line = f"{ENV_NAMES[var.field]}={_ini_value(var)}"
            doc.add(line, (service.env, service.name, var.field))
        doc.add("")
        doc.add("[production]")
        doc.add("; the old deploy script's copy: decouple never reads this section")
        doc.add(f"TWILIO_AUTH_TOKEN={_decoy(service.env, service.name)}")
        tree.include(doc)
    return tree


def _toml_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + " ")
    return f"'\"{var.value}\"'" if var.mark is Mark.QUOTED else json.dumps(var.value)


def write_dynaconf_secrets(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service name, ``settings.toml`` and ``.secrets.toml`` with a section per
    environment holding its credentials."""
    tree = Tree()
    for name in dict.fromkeys(s.name for s in services):
        settings = Doc(f"{name}/settings.toml")
        settings.add("[default]")
        settings.add('LOG_LEVEL = "info"')
        settings.add("\n[development]\nDEBUG = true")
        secrets = Doc(f"{name}/.secrets.toml")
        secrets.add(f"# {name}: Dynaconf(settings_files=['settings.toml', '.secrets.toml'])")
        for service in (s for s in services if s.name == name):
            secrets.add(f"\n[{folders[service.env]}]")
            for var in service.vars:
                line = f"{ENV_NAMES[var.field]} = {_toml_value(var)}"
                secrets.add(line, (service.env, service.name, var.field))
        tree.include(settings)
        tree.include(secrets)
    return tree


#: faults a field default cannot carry (see the module docstring)
NOT_DEFAULTS = frozenset({"placeholder", "empty-token"})

FIELDS = {
    "sid": "account_sid",
    "token": "auth_token",
    "keysid": "api_key",
    "keysecret": "api_secret",
    "region": "region",
    "edge": "edge",
}


def _python_default(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + " ")
    return f"'\"{var.value}\"'" if var.mark is Mark.QUOTED else json.dumps(var.value)


def write_pydantic_defaults(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, ``<env>/<service>/app/config.py``: a pydantic-settings class with
    ``env_prefix="TWILIO_"`` whose field defaults hold the credentials, and the compose file
    that runs the project without setting any of them (so pydantic sends the defaults)."""
    tree = Tree()
    for service in services:
        folder = f"{folders[service.env]}/{service.name}"
        config = Doc(f"{folder}/app/config.py")
        config.add("from pydantic_settings import BaseSettings, SettingsConfigDict\n\n")
        config.add("class TwilioSettings(BaseSettings):")
        config.add('    model_config = SettingsConfigDict(env_prefix="TWILIO_")\n')
        for var in service.vars:
            line = f"    {FIELDS[var.field]}: str = {_python_default(var)}"
            config.add(line, (service.env, service.name, var.field))
        compose = Doc(f"{folder}/docker-compose.yml")
        compose.add(f"services:\n  {service.name}:\n    build: .\n    environment:")
        compose.add("      LOG_LEVEL: info")
        project = Doc(f"{folder}/requirements.txt")
        project.add("pydantic-settings==2.5.2\ntwilio==9.3.0")
        for doc in (config, compose, project):
            tree.include(doc)
    return tree
