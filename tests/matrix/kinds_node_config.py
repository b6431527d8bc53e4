"""node-config (``npm config``) as a source kind: a Node project's ``config/`` folder.

Each service is a Node project (``<service>/package.json``) whose ``config/default.json``
holds only what every environment shares (the port, the sender number) and whose
``config/<environment>.json`` holds that environment's Twilio keys under ``twilio``
(``twilio.accountSid``, ``twilio.authToken``…), the file node-config merges over
``default.json`` when ``NODE_ENV`` names that environment. The tree starts no process, so
each environment file is its own run, labelled by its name (``production.json`` → prod).

node-config parses ``.json`` as JSON5: ``\\n`` and a blank inside the quotes are kept in the
value, escaped quotes are part of it, and an empty string is a value (sent as an empty
password), so every junk mark and the empty token are faults it carries.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_frameworks import JSON_FAULTS
from tests.matrix.model import Doc, Mark, Service, Tree, Var

NODE_CONFIG_FAULTS = (*JSON_FAULTS, "empty-token")
KEYS = {
    "sid": "accountSid",
    "token": "authToken",
    "keysid": "apiKey",
    "keysecret": "apiSecret",
    "region": "region",
    "edge": "edge",
}


def _value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + " ")
    return json.dumps(f'"{var.value}"' if var.mark is Mark.QUOTED else var.value)


def _project(tree: Tree, name: str) -> None:
    """The project's package.json and the default.json every environment starts from."""
    package = Doc(f"{name}/package.json")
    package.add(json.dumps({"name": name, "dependencies": {"config": "^3.3.12"}}, indent=2))
    tree.include(package)
    default = Doc(f"{name}/config/default.json")
    default.add('{\n  "port": 3000,\n  "twilio": {\n    "from": "+15005550006"\n  }\n}')
    tree.include(default)


def write_node_config(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<service>/config/<environment>.json`` with a ``twilio`` object per environment."""
    tree = Tree()
    for name in dict.fromkeys(s.name for s in services):
        _project(tree, name)
    for service in services:
        doc = Doc(f"{service.name}/config/{folders[service.env]}.json")
        doc.add('{\n  // this environment\'s Twilio account\n  "twilio": {')
        for index, var in enumerate(service.vars):
            comma = "," if index < len(service.vars) - 1 else ""
            line = f'    "{KEYS[var.field]}": {_value(var)}{comma}'
            doc.add(line, (service.env, service.name, var.field))
        doc.add("  }\n}")
        tree.include(doc)
    return tree
