"""Checked-in platform app settings as source kinds: App Engine's ``app.yaml``
``env_variables`` and Azure Functions' ``local.settings.json`` ``Values``. Both formats keep
what the string holds, so junk is written with the format's own escapes (``\\n``, ``\\t``,
embedded quotes)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var, by_env


def json_value(var: Var) -> str:
    """A value as a JSON (or YAML double-quoted) string, junk written with its escapes."""
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + "\t")
    return json.dumps(f'"{var.value}"' if var.mark is Mark.QUOTED else var.value)


def write_app_engine(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/app.yaml`` with the credentials in ``env_variables``."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/app.yaml")
        doc.add(f"runtime: python312\nservice: {service.name}\n\nenv_variables:")
        for var in service.vars:
            line = f"  {ENV_NAMES[var.field]}: {json_value(var)}"
            doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def write_azure_local_settings(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/local.settings.json`` with the credentials in ``Values``."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/local.settings.json")
        doc.add(
            '{\n  "IsEncrypted": false,\n  "Values": {\n    "FUNCTIONS_WORKER_RUNTIME": "node",'
        )
        for index, var in enumerate(service.vars):
            comma = "," if index < len(service.vars) - 1 else ""
            line = f'    "{ENV_NAMES[var.field]}": {json_value(var)}{comma}'
            doc.add(line, (service.env, service.name, var.field))
        doc.add("  }\n}")
        tree.include(doc)
    return tree


def write_render_blueprint(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/render.yaml``: one Render service per matrix service, its ``envVars``."""
    tree = Tree()
    for env, members in by_env(services).items():
        doc = Doc(f"{folders[env]}/render.yaml")
        doc.add("services:")
        for service in members:
            doc.add(f"  - type: web\n    name: {service.name}\n    runtime: node\n    envVars:")
            for var in service.vars:
                doc.add(f"      - key: {ENV_NAMES[var.field]}")
                doc.add(f"        value: {json_value(var)}", (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def write_do_app_spec(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/.do/app.yaml``: one App Platform service component per matrix service."""
    tree = Tree()
    for env, members in by_env(services).items():
        doc = Doc(f"{folders[env]}/.do/app.yaml")
        doc.add(f"name: app-{folders[env]}\nregion: nyc\nservices:")
        for service in members:
            doc.add(f"  - name: {service.name}\n    instance_count: 1\n    envs:")
            for var in service.vars:
                doc.add(f"      - key: {ENV_NAMES[var.field]}\n        scope: RUN_TIME")
                doc.add(f"        value: {json_value(var)}", (service.env, service.name, var.field))
        tree.include(doc)
    return tree
