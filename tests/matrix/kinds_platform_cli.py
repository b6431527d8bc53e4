"""Platform CLIs that store credentials, as source kinds: a deploy script's ``fly secrets set``
beside the app's ``fly.toml``, and a deploy script's ``heroku config:set``.

What each consumer receives is what the shell passes to the CLI, which stores it verbatim as
the app's environment: quotes are removed, a blank inside them stays (``"value "``, a tab in
``'value\\t'``), single quotes around double quotes keep the double quotes. Fly's ``[env]``
table is TOML (a basic string decodes ``\\n``, keeps a blank and escaped quotes).

* ``fly-secrets-set``: ``fly/<service>-<env>/fly.toml`` names the app ``<service>-<env>`` and
  holds the Account SID (and region/edge) in ``[env]``; ``set-secrets.sh`` beside it writes the
  token or key with ``fly secrets set NAME=VALUE --app <service>-<env>``, one command a line.
  The app's environment is both, one credential set.
* ``heroku-config-set``: ``deploy/<service>-<env>.sh`` runs ``heroku config:set NAME=VALUE
  --app <service>-<env>`` once per variable (one command a line: a continued command's
  ``NAME=VALUE`` lines would also read as shell assignments).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_platforms import toml_string
from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

#: fields Fly apps usually keep as plain [env] (not secret): the rest are secrets
FLY_ENV_FIELDS = frozenset({"sid", "region", "edge"})


def shell_word(var: Var) -> str:
    """The value as a deploy script writes it, with its junk in the shell's idiom."""
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value} "'
    if var.mark is Mark.PADDED:
        return f"'{var.value}\t'"
    if var.mark is Mark.QUOTED:
        return f"'\"{var.value}\"'"
    return var.value


def write_fly_secrets(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``fly/<app>/fly.toml`` ([env]) plus ``fly/<app>/set-secrets.sh`` (fly secrets set)."""
    tree = Tree()
    for service in services:
        app = f"{service.name}-{folders[service.env]}"
        config = Doc(f"fly/{app}/fly.toml")
        config.add(f'app = "{app}"\nprimary_region = "ams"\n\n[env]\n  PORT = "8080"')
        script = Doc(f"fly/{app}/set-secrets.sh")
        script.add("#!/bin/sh\nset -eu")
        for var in service.vars:
            place = (service.env, service.name, var.field)
            name = ENV_NAMES[var.field]
            if var.field in FLY_ENV_FIELDS:
                config.add(f"  {name} = {toml_string(var)}", place)
            else:
                script.add(f"fly secrets set {name}={shell_word(var)} --app {app}", place)
        config.add("\n[http_service]\n  internal_port = 8080\n  force_https = true")
        tree.include(config)
        tree.include(script)
    return tree


def write_heroku_config_set(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``deploy/<service>-<env>.sh``: one ``heroku config:set`` per variable."""
    tree = Tree()
    for service in services:
        app = f"{service.name}-{folders[service.env]}"
        script = Doc(f"deploy/{app}.sh")
        script.add("#!/usr/bin/env bash\nset -euo pipefail")
        for var in service.vars:
            line = f"heroku config:set {ENV_NAMES[var.field]}={shell_word(var)} --app {app}"
            script.add(line, (service.env, service.name, var.field))
        script.add("git push heroku main")
        tree.include(script)
    return tree
