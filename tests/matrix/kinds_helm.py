"""Helm umbrella kind: one parent chart whose subcharts render each service's Deployment.

The layout real multi-service releases use (``helm upgrade platform deploy/platform -f
values-<env>.yaml``): every service is a subchart under ``deploy/platform/charts/<service>/``
whose template maps ``.Values.twilio.*`` to the env names, and whose own ``values.yaml``
holds an old secret as its default (a decoy no account knows). The parent's ``values.yaml``
lists each subchart with blanks for the fields every environment sets (a chart defaults
only those), and each environment file sets the service's
values under its ``<service>:`` block, which Helm hands to the subchart over both. So every
fault is written in the parent's environment file, two layers above a default it hides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_templated import VALUES_KEYS
from tests.matrix.kinds_yaml import map_value
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree

UMBRELLA = "deploy/platform"


def _decoy(name: str) -> str:
    """An old secret of the subchart's defaults: well formed, unknown to every account."""
    return hashlib.sha256(f"helm-umbrella-decoy-{name}".encode()).hexdigest()[:32]


def _fields(members: Sequence[Service]) -> list[str]:
    return list(dict.fromkeys(v.field for s in members for v in s.vars))


def _shared(members: Sequence[Service]) -> list[str]:
    """Fields every environment of the service sets: the only ones a chart would default
    (a blank default of a field one environment leaves out would render an empty variable)."""
    return [f for f in _fields(members) if all(s.get(f) is not None for s in members)]


def _subchart(tree: Tree, name: str, members: Sequence[Service]) -> None:
    chart = f"{UMBRELLA}/charts/{name}"
    meta = Doc(f"{chart}/Chart.yaml")
    meta.add(f"apiVersion: v2\nname: {name}\nversion: 0.7.1")
    tree.include(meta)
    fields, shared = _fields(members), _shared(members)
    defaults = Doc(f"{chart}/values.yaml")
    defaults.add(f"image:\n  repository: registry.acme.io/{name}")
    secret = next((f for f in ("token", "keysecret") if f in shared), None)
    if secret is not None:
        defaults.add(f"twilio:\n  {VALUES_KEYS[secret]}: {_decoy(name)}")
    tree.include(defaults)
    template = Doc(f"{chart}/templates/deployment.yaml")
    template.add("apiVersion: apps/v1\nkind: Deployment\nmetadata:")
    template.add("  name: {{ .Release.Name }}-{{ .Chart.Name }}")
    template.add("spec:\n  template:\n    spec:\n      containers:")
    template.add(f"        - name: {name}\n          env:")
    for field in fields:
        template.add(f"            - name: {ENV_NAMES[field]}")
        template.add(f"              value: {{{{ .Values.twilio.{VALUES_KEYS[field]} | quote }}}}")
    tree.include(template)


def write_helm_umbrella(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """The umbrella's Chart.yaml and values files, and one subchart per service."""
    tree = Tree()
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.name, []).append(service)
    meta = Doc(f"{UMBRELLA}/Chart.yaml")
    meta.add("apiVersion: v2\nname: platform\nversion: 2.0.0\ndependencies:")
    parent = Doc(f"{UMBRELLA}/values.yaml")
    for name, members in grouped.items():
        meta.add(f"  - name: {name}\n    version: 0.7.1\n    repository: file://charts/{name}")
        parent.add(f"{name}:\n  replicaCount: 2")
        blanks = [f for f in _shared(members) if f not in ("region", "edge")]
        if blanks:
            parent.add("  twilio:")
        for field in blanks:
            parent.add(f'    {VALUES_KEYS[field]}: ""')
        _subchart(tree, name, members)
    tree.include(meta)
    tree.include(parent)
    by_env: dict[str, Doc] = {}
    for service in services:
        doc = by_env.setdefault(service.env, Doc(f"{UMBRELLA}/values-{folders[service.env]}.yaml"))
        doc.add(f"{service.name}:\n  twilio:")
        for var in service.vars:
            line = f"    {VALUES_KEYS[var.field]}:" + map_value(var, 4)
            doc.add(line, (service.env, service.name, var.field))
    for doc in by_env.values():
        tree.include(doc)
    return tree
