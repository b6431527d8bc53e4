"""``docker run -e`` in a deploy script as a source kind: one script per environment, one
``docker run`` per service, each credential an ``-e NAME=VALUE`` option on its own line.
The shell removes its quotes, so the junk the container keeps is written inside them: a
trailing blank or tab, or quotes escaped into the value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var, by_env


def _option(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f"'{var.value} '"
    if var.mark is Mark.PADDED:
        return f"'{var.value}\t'"
    return f"'\"{var.value}\"'" if var.mark is Mark.QUOTED else var.value


def write_docker_run(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/deploy.sh``: ``docker run -d --name <service> -e …`` per service."""
    tree = Tree()
    for env, members in by_env(services).items():
        doc = Doc(f"{folders[env]}/deploy.sh")
        doc.add("#!/bin/bash\nset -euo pipefail")
        for service in members:
            doc.add(f"docker run -d --name {service.name} --restart unless-stopped \\")
            for var in service.vars:
                line = f"  -e {ENV_NAMES[var.field]}={_option(var)} \\"
                doc.add(line, (service.env, service.name, var.field))
            doc.add(f"  acme/{service.name}:1.0")
        tree.include(doc)
    return tree
