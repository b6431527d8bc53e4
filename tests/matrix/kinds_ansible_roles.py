"""Ansible roles: a role's task ``environment:`` filled from the role params each play
passes (``roles: - role: app  vars: {...}``), one play per environment's hosts group.

Role params sit at the top of Ansible's variable precedence below extra vars, so what a
play passes is what the role's tasks run with; the role's ``defaults/main.yml`` holds only
settings that are no credential. The values reach the process through ``"{{ var }}"``,
which hands a string on as YAML loaded it: a ``|`` block's newline, quotes kept inside
single quotes and a padded blank all reach the process, so the faults are the playbook's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_templated import VARIABLES, _by_name, _fields
from tests.matrix.kinds_yaml import map_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree


def _role(name: str, fields: list[str]) -> list[Doc]:
    """The role's task file (its environment reads the variables) and its defaults."""
    tasks = Doc(f"ansible/{name}/roles/{name}/tasks/main.yml")
    tasks.add("---\n- name: Install the release")
    tasks.add(f"  ansible.builtin.unarchive:\n    src: {name}.tar.gz\n    dest: /opt/{name}")
    tasks.add(
        f"- name: Send the deploy notification\n  ansible.builtin.command: /opt/{name}/bin/notify"
    )
    tasks.add("  environment:")
    for field in fields:
        tasks.add(f'    {ENV_NAMES[field]}: "{{{{ {VARIABLES[field]} }}}}"')
    defaults = Doc(f"ansible/{name}/roles/{name}/defaults/main.yml")
    defaults.add(f"---\n{name}_workers: 2\n{name}_home: /opt/{name}")
    return [tasks, defaults]


def write_ansible_role_params(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``ansible/<service>/site.yml``: one play per environment (``hosts: <env>``) running
    the service's role with the credentials as role params."""
    tree = Tree()
    for name, members in _by_name(services).items():
        for doc in _role(name, _fields(members)):
            tree.include(doc)
        site = Doc(f"ansible/{name}/site.yml")
        site.add("---")
        for service in members:
            site.add(f"- name: Deploy {name}\n  hosts: {folders[service.env]}\n  become: true")
            site.add(f"  roles:\n    - role: {name}\n      vars:")
            for var in service.vars:
                line = f"        {VARIABLES[var.field]}:" + map_value(var, 8)
                site.add(line, (service.env, service.name, var.field))
        tree.include(site)
    return tree
