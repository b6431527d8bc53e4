"""Shell profiles as a source kind: a service's ``.bashrc`` exports over its ``.env``.

Each service runs on a machine whose home is checked in beside it
(``<env>/<service>/home/app/.bashrc``), and the app loads its ``.env`` with python-dotenv,
which does not override a variable the shell already exports. The ``.env`` sets every
credential name too, each to a stale decoy no account knows: the profile's exports win, so
every fault injected into the profile must be found at the profile's line, and the hidden
decoys are rejected too, so ``source-precedence`` never takes the blame. A healthy profile
over stale decoys must stay healthy.

The junk a profile carries is the shell's: an NBSP pasted from a wiki, the CR of a line saved
with a Windows line ending (:func:`tests.matrix.kinds_files.write_shell` writes the same).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_files import _assignments, _shell_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree, Var

#: Decoys by field: well formed, unknown to every account (region and edge are not decoyed:
#: a profile's region then joins the app's set, as it does in the process).
_SHAPES = {"sid": "AC", "keysid": "SK", "token": "", "keysecret": ""}


def _decoy(service: Service, var: Var) -> str:
    digest = hashlib.sha256(f"profile-decoy-{service.env}-{service.name}-{var.field}".encode())
    return _SHAPES[var.field] + digest.hexdigest()[:32]


def write_shell_profile(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service, a ``.bashrc`` exporting its credentials and a ``.env`` of stale decoys."""
    tree = Tree()
    for service in services:
        folder = f"{folders[service.env]}/{service.name}"
        profile = Doc(f"{folder}/home/app/.bashrc")
        profile.add("# ~/.bashrc of the app user")
        profile.add('[ -z "$PS1" ] && return')
        profile.add("export EDITOR=vim")
        _assignments(profile, service, "export ", _shell_value)
        tree.include(profile)
        env = Doc(f"{folder}/.env")
        env.add(f"# {service.name}: loaded with load_dotenv() at start-up")
        for var in service.vars:
            if var.field in _SHAPES:
                env.add(f"{ENV_NAMES[var.field]}={_decoy(service, var)}")
        tree.include(env)
    return tree
