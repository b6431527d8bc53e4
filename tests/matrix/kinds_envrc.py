"""direnv as a source kind: a service folder's ``.envrc`` over the ``.env`` its app loads.

direnv exports what the ``.envrc`` exports into the shell of its folder, and the app's
python-dotenv (like Node's dotenv) does not override a variable that is already set. Beside
each ``.envrc`` is a ``.env`` that sets every credential name to a stale decoy no account
knows, so every fault must be found where direnv took the value from, and the hidden decoys
are rejected too, so ``source-precedence`` never takes the blame. Two idioms:

* ``envrc``: the credentials are ``export`` lines of the ``.envrc`` (shell junk: an NBSP
  pasted from a wiki, the CR of a line saved with a Windows line ending);
* ``envrc-dotenv``: the ``.envrc`` runs ``dotenv .env.<environment>``, and that file holds
  them (dotenv junk: ``"…\\n"`` decoded to a newline, a blank inside quotes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from tests.matrix.kinds_files import _assignments, _dotenv_value, _shell_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree, Var

#: Decoys by field: well formed, unknown to every account (region and edge are not decoyed:
#: the .envrc's region joins the app's set, as it does in the process).
_SHAPES = {"sid": "AC", "keysid": "SK", "token": "", "keysecret": ""}


def _decoy(service: Service, var: Var) -> str:
    digest = hashlib.sha256(f"envrc-decoy-{service.env}-{service.name}-{var.field}".encode())
    return _SHAPES[var.field] + digest.hexdigest()[:32]


def _stale_dotenv(service: Service, folder: str) -> Doc:
    env = Doc(f"{folder}/.env")
    env.add(f"# {service.name}: loaded with load_dotenv() at start-up")
    for var in service.vars:
        if var.field in _SHAPES:
            env.add(f"{ENV_NAMES[var.field]}={_decoy(service, var)}")
    return env


def _write(
    services: Sequence[Service],
    folders: Mapping[str, str],
    fill: Callable[[Doc, Service, str], list[Doc]],
) -> Tree:
    tree = Tree()
    for service in services:
        folder = f"{folders[service.env]}/{service.name}"
        envrc = Doc(f"{folder}/.envrc")
        envrc.add("# shellcheck shell=bash")
        envrc.add("layout python3")
        envrc.add("export LOG_LEVEL=info")
        for doc in (*fill(envrc, service, folder), envrc, _stale_dotenv(service, folder)):
            tree.include(doc)
    return tree


def _exports(envrc: Doc, service: Service, folder: str) -> list[Doc]:
    _assignments(envrc, service, "export ", _shell_value)
    return []


def _pulled(envrc: Doc, service: Service, folder: str) -> list[Doc]:
    name = f".env.{service.env}"
    envrc.add(f"watch_file {name}")
    envrc.add(f"dotenv {name}")
    pulled = Doc(f"{folder}/{name}")
    pulled.add(f"# {service.name} ({service.env}): loaded by direnv's dotenv")
    _assignments(pulled, service, "", _dotenv_value)
    return [pulled]


def write_envrc(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, an ``.envrc`` exporting its credentials over a ``.env`` of decoys."""
    return _write(services, folders, _exports)


def write_envrc_dotenv(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, an ``.envrc`` whose ``dotenv .env.<env>`` holds the credentials."""
    return _write(services, folders, _pulled)
