"""ECS task definitions as a source kind: each service a container of its environment's task
definition, its credentials in the container's ``environment`` list. JSON keeps whatever
the string holds, so the junk is written with JSON escapes: a trailing newline (``\\n``) or
tab, a blank, or quotes inside the value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_cloud_settings import json_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree, by_env


def write_ecs_task_definition(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/ecs/task-definition.json``: one container per service of the environment."""
    tree = Tree()
    for env, members in by_env(services).items():
        doc = Doc(f"{folders[env]}/ecs/task-definition.json")
        doc.add(f'{{\n  "family": "app-{folders[env]}",\n  "containerDefinitions": [')
        for number, service in enumerate(members):
            doc.add(
                f'    {{\n      "name": "{service.name}",\n      "image": "acme/{service.name}:1",'
            )
            doc.add('      "environment": [\n        { "name": "LOG_LEVEL", "value": "info" },')
            for index, var in enumerate(service.vars):
                comma = "," if index < len(service.vars) - 1 else ""
                item = f'        {{ "name": "{ENV_NAMES[var.field]}", "value": {json_value(var)} }}{comma}'
                doc.add(item, (service.env, service.name, var.field))
            doc.add("      ]\n    }" + ("," if number < len(members) - 1 else ""))
        doc.add("  ]\n}")
        tree.include(doc)
    return tree
