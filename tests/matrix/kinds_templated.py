"""Templated deployment kinds: a Helm chart's values files, kustomize overlay literals,
Terraform var files and Ansible ``group_vars``, each written as a real project of that tool
lays it out, one environment per values file, overlay, var file or inventory.

The junk each can carry, as the tool hands it on:

* Helm: a values file is YAML, so its idioms are YAML's (a ``|`` block keeps its newline,
  a quoted blank stays, ``'"…"'`` keeps the quotes) and ``| quote`` passes them on;
* kustomize: a literal is ``KEY=value`` as written, except that one pair of surrounding
  quotes is removed, so a quoted literal is no fault there; an NBSP or a quoted blank stays;
* Terraform: an HCL string decodes ``\\n``, and keeps a blank or escaped quotes;
* Ansible: the variable is rendered into an env file whose own reader decides about blanks
  and quotes, so only faults in the value itself are written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from tests.matrix.kinds_yaml import NBSP, map_value
from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

VALUES_KEYS = {
    "sid": "accountSid",
    "token": "authToken",
    "keysid": "apiKey",
    "keysecret": "apiSecret",
    "region": "region",
    "edge": "edge",
}
VARIABLES = {
    "sid": "twilio_account_sid",
    "token": "twilio_auth_token",
    "keysid": "twilio_api_key",
    "keysecret": "twilio_api_secret",
    "region": "twilio_region",
    "edge": "twilio_edge",
}


def _by_name(services: Sequence[Service]) -> dict[str, list[Service]]:
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.name, []).append(service)
    return grouped


def _fields(members: Sequence[Service]) -> list[str]:
    return list(dict.fromkeys(v.field for s in members for v in s.vars))


def write_helm_values(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``charts/<service>/``: a template mapping ``.Values.twilio.*`` to the env names, and
    ``values-<env>.yaml`` per environment (installed with ``helm upgrade -f``)."""
    tree = Tree()
    for name, members in _by_name(services).items():
        chart = f"charts/{name}"
        meta = Doc(f"{chart}/Chart.yaml")
        meta.add(f"apiVersion: v2\nname: {name}\nversion: 1.4.2")
        tree.include(meta)
        defaults = Doc(f"{chart}/values.yaml")
        defaults.add(f"image:\n  repository: registry.acme.io/{name}\n  tag: 1.4.2")
        tree.include(defaults)
        template = Doc(f"{chart}/templates/deployment.yaml")
        template.add(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}"
        )
        template.add("spec:\n  template:\n    spec:\n      containers:")
        template.add(f"        - name: {name}\n          env:")
        for field in _fields(members):
            template.add(f"            - name: {ENV_NAMES[field]}")
            template.add(
                f"              value: {{{{ .Values.twilio.{VALUES_KEYS[field]} | quote }}}}"
            )
        tree.include(template)
        for service in members:
            doc = Doc(f"{chart}/values-{folders[service.env]}.yaml")
            doc.add("twilio:")
            for var in service.vars:
                line = f"  {VALUES_KEYS[var.field]}:" + map_value(var, 2)
                doc.add(line, (service.env, service.name, var.field))
            tree.include(doc)
    return tree


def _literal(var: Var) -> str:
    item = f"{ENV_NAMES[var.field]}={var.value}"
    if var.mark is Mark.INVISIBLE:
        return f"- {item}{NBSP}"
    if var.mark is Mark.PADDED:
        return f'- "{item} "'
    return f"- {item}"


def write_kustomize_literals(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``k8s/<service>/base`` (the Deployment) and ``overlays/<env>/kustomization.yaml``
    generating the ``<service>-twilio`` Secret from literals."""
    tree = Tree()
    for name, members in _by_name(services).items():
        base = Doc(f"k8s/{name}/base/kustomization.yaml")
        base.add("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization")
        base.add("resources:\n  - deployment.yaml")
        tree.include(base)
        deployment = Doc(f"k8s/{name}/base/deployment.yaml")
        deployment.add(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}")
        deployment.add("spec:\n  template:\n    spec:\n      containers:")
        deployment.add(f"        - name: {name}\n          image: registry.acme.io/{name}:1.4.2")
        deployment.add(
            f"          envFrom:\n            - secretRef:\n                name: {name}-twilio"
        )
        tree.include(deployment)
        for service in members:
            doc = Doc(f"k8s/{name}/overlays/{folders[service.env]}/kustomization.yaml")
            doc.add("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization")
            doc.add("resources:\n  - ../../base")
            doc.add(f"secretGenerator:\n  - name: {name}-twilio\n    literals:")
            for var in service.vars:
                doc.add("      " + _literal(var), (service.env, service.name, var.field))
            tree.include(doc)
    return tree


def _hcl(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    if var.mark is Mark.QUOTED:
        return f'"\\"{var.value}\\""'
    return f'"{var.value}"'


def _terraform_module(
    services: Sequence[Service],
    folders: Mapping[str, str],
    filename: str,
    resource: Callable[[str, list[str]], list[str]],
) -> Tree:
    """``infra/<service>/<filename>``: ``resource(name, fields)`` reading ``var.twilio_*``,
    the variables declared after it, and one ``envs/<env>.tfvars`` per environment."""
    tree = Tree()
    for name, members in _by_name(services).items():
        main = Doc(f"infra/{name}/{filename}")
        fields = _fields(members)
        for line in resource(name, fields):
            main.add(line)
        for field in fields:
            main.add(f'\nvariable "{VARIABLES[field]}" {{\n  type = string\n}}')
        tree.include(main)
        for service in members:
            doc = Doc(f"infra/{name}/envs/{folders[service.env]}.tfvars")
            for var in service.vars:
                doc.add(f"{VARIABLES[var.field]} = {_hcl(var)}", (service.env, name, var.field))
            tree.include(doc)
    return tree


def _lambda(name: str, fields: list[str]) -> list[str]:
    return [
        f'resource "aws_lambda_function" "{name}" {{',
        f'  function_name = "{name}"\n  runtime       = "python3.12"',
        "  environment {\n    variables = {",
        *(f"      {ENV_NAMES[field]} = var.{VARIABLES[field]}" for field in fields),
        "    }\n  }\n}",
    ]


def write_terraform_tfvars(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``infra/<service>/main.tf``: a Lambda whose environment comes from ``var.twilio_*``,
    applied with ``-var-file=envs/<env>.tfvars``."""
    return _terraform_module(services, folders, "main.tf", _lambda)


def write_ansible_group_vars(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``ansible/<service>/``: a role template rendering the env file from ``twilio_*``
    variables, set per inventory in ``inventories/<env>/group_vars/all.yml``."""
    tree = Tree()
    for name, members in _by_name(services).items():
        template = Doc(f"ansible/{name}/roles/app/templates/app.env.j2")
        template.add("# {{ ansible_managed }}")
        for field in _fields(members):
            template.add(f"{ENV_NAMES[field]}={{{{ {VARIABLES[field]} }}}}")
        tree.include(template)
        for service in members:
            doc = Doc(f"ansible/{name}/inventories/{folders[service.env]}/group_vars/all.yml")
            doc.add(f"app_name: {name}")
            for var in service.vars:
                value = f' "{var.value}"' if var.value else ' ""'
                doc.add(f"{VARIABLES[var.field]}:{value}", (service.env, name, var.field))
            tree.include(doc)
    return tree


def _ecs_task(name: str, fields: list[str]) -> list[str]:
    return [
        f'resource "aws_ecs_task_definition" "{name}" {{\n  family = "{name}"',
        f'  container_definitions = jsonencode([\n    {{\n      name = "{name}"',
        "      environment = [",
        *(
            f'        {{ name = "{ENV_NAMES[field]}", value = var.{VARIABLES[field]} }},'
            for field in fields
        ),
        "      ]\n    }\n  ])\n}",
    ]


def write_terraform_ecs(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``infra/<service>/ecs.tf``: an ECS task definition whose ``container_definitions =
    jsonencode([…])`` lists ``{ name, value = var.twilio_* }`` env items, one per line."""
    return _terraform_module(services, folders, "ecs.tf", _ecs_task)
