"""Config formats read since issue 12 §3 as source kinds: ``vercel.json``'s ``env`` map, PM2's
YAML ecosystem file, an Ansible playbook's ``environment:``, a kustomize JSON 6902 patch that
adds a container's env items, and Serverless ``${file(./secrets.${sls:stage}.yml):key}``.

The junk each can carry, as its consumer hands it on:

* ``vercel.json`` is JSON: ``\\n`` decodes, a blank and escaped quotes stay, and the CLI
  sends the string to the deployment as is;
* the other four are YAML, so their idioms are YAML's (a ``|`` block keeps its newline, a
  quoted blank stays, ``'"…"'`` keeps the quotes), and PM2, Ansible, kustomize and
  Serverless hand the loaded string on unchanged.

The environment is written the way each tool names it: a per-environment project folder for
``vercel.json`` (it applies to every target, so its path says which deployment it is), PM2's
``env_production``/``env_<env>`` blocks, the play's ``hosts:`` group, the overlay folder, and
the stage in the secrets file's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_platforms import PM2_ENVS, _by_name, _json_string
from tests.matrix.kinds_yaml import map_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree


def write_vercel_json(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``vercel/<env>/<service>/vercel.json``: one Vercel project per environment, its
    legacy ``env`` map holding the credentials."""
    tree = Tree()
    for service in services:
        doc = Doc(f"vercel/{folders[service.env]}/{service.name}/vercel.json")
        doc.add('{\n  "version": 2,\n  "env": {\n    "NODE_ENV": "production",')
        for index, var in enumerate(service.vars):
            comma = "," if index < len(service.vars) - 1 else ""
            line = f'    "{ENV_NAMES[var.field]}": {_json_string(var)}{comma}'
            doc.add(line, (service.env, service.name, var.field))
        doc.add('  },\n  "rewrites": [{ "source": "/sms", "destination": "/api/sms" }]\n}')
        tree.include(doc)
    return tree


def write_pm2_yaml(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``apps/<service>/ecosystem.config.yml``: one app whose ``env_<env>`` blocks hold the
    credentials (``pm2 start ecosystem.config.yml --env <env>``)."""
    del folders  # the block is what --env names
    tree = Tree()
    for name, members in _by_name(services).items():
        doc = Doc(f"apps/{name}/ecosystem.config.yml")
        doc.add(
            f"apps:\n  - name: {name}\n    script: ./dist/server.js\n    env:\n      PORT: 3000"
        )
        for service in members:
            doc.add(f"    env_{PM2_ENVS.get(service.env, service.env)}:")
            for var in service.vars:
                line = f"      {ENV_NAMES[var.field]}:" + map_value(var, 6)
                doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def write_ansible_playbook(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``ansible/<service>/site.yml``: one play per environment (``hosts: <env>``) whose
    ``environment:`` holds the credentials as literals."""
    tree = Tree()
    for name, members in _by_name(services).items():
        doc = Doc(f"ansible/{name}/site.yml")
        doc.add("---")
        for service in members:
            doc.add(f"- name: Deploy {name}\n  hosts: {folders[service.env]}\n  become: true")
            doc.add("  environment:")
            for var in service.vars:
                line = f"    {ENV_NAMES[var.field]}:" + map_value(var, 4)
                doc.add(line, (service.env, service.name, var.field))
            doc.add(f"  tasks:\n    - name: Restart {name}\n      ansible.builtin.systemd:")
            doc.add(f"        name: {name}\n        state: restarted")
        tree.include(doc)
    return tree


def write_kustomize_patch(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``k8s/<service>/base`` (the Deployment) and one overlay per environment whose JSON 6902
    patch adds the credentials to the container's ``env``."""
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
        deployment.add("          env:\n            - name: LOG_LEVEL\n              value: info")
        tree.include(deployment)
        for service in members:
            folder = f"k8s/{name}/overlays/{folders[service.env]}"
            kustomization = Doc(f"{folder}/kustomization.yaml")
            kustomization.add("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization")
            kustomization.add("resources:\n  - ../../base\npatches:\n  - path: twilio-env.yaml")
            kustomization.add(f"    target:\n      kind: Deployment\n      name: {name}")
            tree.include(kustomization)
            patch = Doc(f"{folder}/twilio-env.yaml")
            for var in service.vars:
                patch.add("- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value:")
                patch.add(f"    name: {ENV_NAMES[var.field]}")
                line = "    value:" + map_value(var, 4)
                patch.add(line, (service.env, service.name, var.field))
            tree.include(patch)
    return tree


SECRET_KEYS = {
    "sid": "accountSid",
    "token": "authToken",
    "keysid": "apiKey",
    "keysecret": "apiSecret",
    "region": "region",
    "edge": "edge",
}


def write_serverless_file(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``services/<service>/serverless.yml`` reading ``secrets.<stage>.yml`` beside it with
    ``${file(./secrets.${sls:stage}.yml):twilio.<key>}``, one secrets file per environment."""
    tree = Tree()
    for name, members in _by_name(services).items():
        folder = f"services/{name}"
        default = folders[members[0].env]
        doc = Doc(f"{folder}/serverless.yml")
        doc.add(f'service: {name}\nframeworkVersion: "3"\n\nprovider:\n  name: aws')
        doc.add(f"  runtime: nodejs20.x\n  stage: ${{opt:stage, '{default}'}}\n  environment:")
        fields = list(dict.fromkeys(v.field for s in members for v in s.vars))
        for field in fields:
            ref = f"${{file(./secrets.${{sls:stage}}.yml):twilio.{SECRET_KEYS[field]}}}"
            doc.add(f"    {ENV_NAMES[field]}: {ref}")
        doc.add("\nfunctions:\n  send:\n    handler: src/send.handler")
        tree.include(doc)
        for service in members:
            secrets = Doc(f"{folder}/secrets.{folders[service.env]}.yml")
            secrets.add("twilio:")
            for var in service.vars:
                line = f"  {SECRET_KEYS[var.field]}:" + map_value(var, 2)
                secrets.add(line, (service.env, service.name, var.field))
            tree.include(secrets)
    return tree
