"""CI files (GitHub Actions ``env:``, GitLab CI ``variables:``, CircleCI ``environment:``) and
Twilio CLI profiles.

CI files have fixed paths, so the environment's name goes where CI says it: the job's
``environment:`` (GitHub, GitLab) or the job's name (CircleCI). The CLI keeps one profile per
environment, named after it, holding an API key as ``twilio profiles:add`` writes it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_yaml import add_map
from tests.matrix.model import Doc, Service, Tree

CLI_NAMES: Mapping[str, str] = {
    "sid": "accountSid",
    "token": "authToken",
    "keysid": "apiKey",
    "keysecret": "apiSecret",
    "region": "region",
    "edge": "edge",
}


def write_github_actions(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``.github/workflows/deploy-<env>.yml``: one job per service, ``environment: <env>``."""
    tree = Tree()
    for env in dict.fromkeys(s.env for s in services):
        doc = Doc(f".github/workflows/deploy-{folders[env]}.yml")
        doc.add(f"name: Deploy ({folders[env]})")
        doc.add("on:")
        doc.add("  push:")
        doc.add("    branches: [main]")
        doc.add("jobs:")
        for service in (s for s in services if s.env == env):
            doc.add(f"  {service.name}:")
            doc.add("    runs-on: ubuntu-latest")
            doc.add(f"    environment: {folders[env]}")
            doc.add("    env:")
            add_map(doc, service, 6)
            doc.add("    steps:")
            doc.add("      - uses: actions/checkout@v4")
            doc.add(f"      - run: python -m {service.name}.smoke")
        tree.include(doc)
    return tree


def write_gitlab_ci(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``.gitlab-ci.yml``: a ``<service>_<env>`` job per service with ``environment: <env>``."""
    tree = Tree()
    doc = Doc(".gitlab-ci.yml")
    doc.add("stages: [deploy]")
    for service in services:
        folder = folders[service.env]
        doc.add("")
        doc.add(f"{service.name}_{folder}:")
        doc.add("  stage: deploy")
        doc.add(f"  environment: {folder}")
        doc.add("  variables:")
        add_map(doc, service, 4)
        doc.add("  script:")
        doc.add(f"    - python -m {service.name}.smoke")
    tree.include(doc)
    return tree


def write_circleci(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``.circleci/config.yml``: a ``<service>-<env>`` job per service with ``environment:``."""
    tree = Tree()
    doc = Doc(".circleci/config.yml")
    doc.add("version: 2.1")
    doc.add("jobs:")
    names = []
    for service in services:
        name = f"{service.name}-{folders[service.env]}"
        names.append(name)
        doc.add(f"  {name}:")
        doc.add("    docker:")
        doc.add("      - image: cimg/python:3.12")
        doc.add("    environment:")
        add_map(doc, service, 6)
        doc.add("    steps:")
        doc.add("      - checkout")
        doc.add(f"      - run: python -m {service.name}.smoke")
    doc.add("workflows:")
    doc.add("  deploy:")
    doc.add("    jobs:")
    for name in names:
        doc.add(f"      - {name}")
    tree.include(doc)
    return tree


def profile_name(service: Service, folders: Mapping[str, str]) -> str:
    """The environment's own name for its first service, ``<env>-<service>`` for others."""
    folder = folders[service.env]
    return folder if service.name == "api" else f"{folder}-{service.name}"


def write_cli_profile(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``.twilio-cli/config.json`` with one profile per service."""
    tree = Tree()
    doc = Doc(".twilio-cli/config.json")
    doc.add("{")
    doc.add('  "profiles": {')
    for index, service in enumerate(services):
        doc.add(f"    {json.dumps(profile_name(service, folders))}: {{")
        for position, var in enumerate(service.vars):
            comma = "," if position < len(service.vars) - 1 else ""
            doc.add(
                f"      {json.dumps(CLI_NAMES[var.field])}: {json.dumps(var.value)}{comma}",
                (service.env, service.name, var.field),
            )
        doc.add("    }," if index < len(services) - 1 else "    }")
    doc.add("  },")
    doc.add(f'  "activeProfile": {json.dumps(profile_name(services[0], folders))}')
    doc.add("}")
    tree.include(doc)
    return tree
