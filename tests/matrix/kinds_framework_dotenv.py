"""JavaScript frameworks' mode-layered env files as a source kind (Next.js, Vite).

Each service folder is a framework project (a ``package.json`` naming the tool). Its
credentials sit in the file that wins for its environment's mode, over a weaker file of
stale decoys no account knows, so every fault must be found where the framework takes the
value from, and the hidden decoys are rejected too, so ``source-precedence`` never takes the
blame:

* ``nextjs-env-local``: Next.js reads ``.env.local`` before ``.env.<mode>`` (first found
  wins): the credentials are in ``.env.local``, the decoys in ``.env.<mode>``;
* ``vite-env-mode``: Vite lets ``.env.<mode>`` override ``.env.local``: the credentials are
  in ``.env.<mode>``, the decoys in ``.env.local``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_files import _assignments, _dotenv_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree

#: The mode each matrix environment's build runs in.
_MODES = {"prod": "production", "staging": "staging", "dev": "development"}
_SHAPES = {"sid": "AC", "keysid": "SK", "token": "", "keysecret": ""}


def _mode(service: Service) -> str:
    return _MODES.get(service.env, service.env)


def _decoys(service: Service, path: str) -> Doc:
    doc = Doc(path)
    doc.add(f"# {service.name}: left over from before the rotation")
    for var in service.vars:
        if var.field in _SHAPES:
            seed = f"framework-decoy-{service.env}-{service.name}-{var.field}"
            doc.add(
                f"{ENV_NAMES[var.field]}={_SHAPES[var.field]}{hashlib.sha256(seed.encode()).hexdigest()[:32]}"
            )
    return doc


def _project(service: Service, folder: str, tool: str, version: str) -> Doc:
    manifest = Doc(f"{folder}/package.json")
    manifest.add("{")
    manifest.add(f'  "name": "{service.name}",')
    manifest.add(f'  "scripts": {{"build": "{tool} build"}},')
    manifest.add(f'  "dependencies": {{"{tool}": "{version}", "twilio": "^5.3.0"}}')
    manifest.add("}")
    return manifest


def _write(
    services: Sequence[Service],
    folders: Mapping[str, str],
    tool: str,
    version: str,
    local_wins: bool,
) -> Tree:
    tree = Tree()
    for service in services:
        folder = f"{folders[service.env]}/{service.name}"
        mode_file, local_file = f"{folder}/.env.{_mode(service)}", f"{folder}/.env.local"
        winner, loser = (local_file, mode_file) if local_wins else (mode_file, local_file)
        values = Doc(winner)
        values.add(f"# {service.name} ({service.env})")
        _assignments(values, service, "", _dotenv_value)
        for doc in (_project(service, folder, tool, version), values, _decoys(service, loser)):
            tree.include(doc)
    return tree


def write_nextjs_env_local(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, a Next.js app whose ``.env.local`` outranks ``.env.<mode>``'s decoys."""
    return _write(services, folders, "next", "14.2.3", local_wins=True)


def write_vite_env_mode(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, a Vite app whose ``.env.<mode>`` outranks ``.env.local``'s decoys."""
    return _write(services, folders, "vite", "^5.4.0", local_wins=False)
