"""Terraform workspaces: one configuration for every environment, the credentials in maps
keyed by workspace name and picked with ``var.M[terraform.workspace]``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_templated import VARIABLES, _by_name, _fields, _hcl
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree


def write_terraform_workspace(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``infra/<service>/main.tf``: a Lambda whose environment picks each credential from a
    ``map(string)`` by ``terraform.workspace``; ``terraform.tfvars`` sets the maps, one entry
    per workspace (named after the environment's folder word)."""
    tree = Tree()
    for name, members in _by_name(services).items():
        main = Doc(f"infra/{name}/main.tf")
        main.add(f'resource "aws_lambda_function" "{name}" {{')
        main.add(f'  function_name = "{name}-${{terraform.workspace}}"')
        main.add("  environment {\n    variables = {")
        for field in _fields(members):
            main.add(f"      {ENV_NAMES[field]} = var.{VARIABLES[field]}s[terraform.workspace]")
        main.add("    }\n  }\n}")
        for field in _fields(members):
            main.add(f'\nvariable "{VARIABLES[field]}s" {{\n  type = map(string)\n}}')
        tree.include(main)
        tfvars = Doc(f"infra/{name}/terraform.tfvars")
        for field in _fields(members):
            tfvars.add(f"{VARIABLES[field]}s = {{")
            for service in members:
                for var in (v for v in service.vars if v.field == field):
                    entry = f"  {folders[service.env]} = {_hcl(var)}"
                    tfvars.add(entry, (service.env, name, var.field))
            tfvars.add("}")
        tree.include(tfvars)
    return tree
