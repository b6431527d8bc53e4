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

``node-config-js-layers`` writes each environment's keys as the object a
``config/<environment>.js`` module exports (JS string literals: ``\\n`` and blanks kept,
``'"…"'`` keeps its quotes), over a ``default.json`` whose secret is an old decoy token every
environment overrides, and starts each environment with its own compose file
(``<environment>/docker-compose.yml`` building the project with that ``NODE_ENV``), so no
process ever reads ``default.json`` alone: a healthy base stays healthy and each fault is
found in the module, never blamed on the hidden decoy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_framework_layers import _decoy, _secrets
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


def _js_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return "'" + var.value + "\\n'"
    if var.mark is Mark.PADDED:
        return "'" + var.value + " '"
    return f"'\"{var.value}\"'" if var.mark is Mark.QUOTED else f"'{var.value}'"


def _layered_default(tree: Tree, name: str, secret: str | None) -> None:
    """package.json, and default.json holding the decoy under the secret every
    environment's module overrides."""
    _project(tree, name)
    default = Doc(f"{name}/config/default.json")
    default.add('{\n  "port": 3000,\n  "twilio": {\n    "from": "+15005550006"')
    if secret:
        default.lines[-1] += ","
        default.add(f'    "{KEYS[secret]}": "{_decoy(name)}"')
    default.add("  }\n}")
    tree.include(default)


def write_node_config_js_layers(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<service>/config/<environment>.js`` modules over a decoy ``default.json``, each
    environment started by ``<environment>/docker-compose.yml`` with its ``NODE_ENV``."""
    tree = Tree()
    for name, secret in _secrets(services).items():
        _layered_default(tree, name, secret)
    for env in dict.fromkeys(s.env for s in services):
        compose = Doc(f"{folders[env]}/docker-compose.yml")
        compose.add("services:")
        for service in (s for s in services if s.env == env):
            compose.add(f"  {service.name}:\n    build: ../{service.name}")
            compose.add(f"    environment:\n      NODE_ENV: {folders[env]}")
            module = Doc(f"{service.name}/config/{folders[env]}.js")
            module.add("module.exports = {\n  twilio: {")
            for var in service.vars:
                line = f"    {KEYS[var.field]}: {_js_value(var)},"
                module.add(line, (service.env, service.name, var.field))
            module.add("  },\n};")
            tree.include(module)
        tree.include(compose)
    return tree
