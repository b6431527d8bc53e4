"""Ansible roles, in the two shapes a role reaches a deployment:

* ``ansible-role-params``: a role's task ``environment:`` filled from the role params each
  play passes (``roles: - role: app  vars: {...}``), one play per environment's hosts
  group. Role params sit at the top of Ansible's variable precedence below extra vars;
  ``"{{ var }}"`` hands a string on as YAML loaded it (a ``|`` block's newline, quotes kept
  inside single quotes, a padded blank), so the faults are the playbook's.
* ``ansible-role-env-vars``: a role with no playbook beside it whose tasks load
  ``vars/<env>.yml`` (``include_vars: "{{ deploy_env }}.yml"``) and render an env file from
  a template; the env file's own reader decides about blanks and quotes, so, as for
  ``group_vars``, only faults in the value itself are written.
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


def write_ansible_role_env_vars(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``roles/<service>/``, a role with no playbook beside it: its tasks load
    ``vars/<env>.yml`` with ``include_vars: "{{ deploy_env }}.yml"`` and render the env file
    from a template; the credentials are in each environment's vars file."""
    tree = Tree()
    for name, members in _by_name(services).items():
        role = f"roles/{name}"
        tasks = Doc(f"{role}/tasks/main.yml")
        tasks.add(
            '---\n- name: Load the environment\'s settings\n  ansible.builtin.include_vars: "{{ deploy_env }}.yml"'
        )
        tasks.add(
            f"- name: Render the environment file\n  ansible.builtin.template:\n    src: {name}.env.j2"
        )
        tasks.add(f'    dest: /etc/{name}/{name}.env\n    mode: "0600"')
        tree.include(tasks)
        meta = Doc(f"{role}/meta/main.yml")
        meta.add(f"---\ngalaxy_info:\n  role_name: {name}\n  author: platform\ndependencies: []")
        tree.include(meta)
        template = Doc(f"{role}/templates/{name}.env.j2")
        template.add("# {{ ansible_managed }}")
        for field in _fields(members):
            template.add(f"{ENV_NAMES[field]}={{{{ {VARIABLES[field]} }}}}")
        tree.include(template)
        for service in members:
            doc = Doc(f"{role}/vars/{folders[service.env]}.yml")
            doc.add(f"---\n{name}_log_level: info")
            for var in service.vars:
                value = f' "{var.value}"' if var.value else ' ""'
                doc.add(f"{VARIABLES[var.field]}:{value}", (service.env, name, var.field))
            tree.include(doc)
    return tree
