"""Kubernetes source kinds: Secrets (``data`` base64, ``stringData`` plain), a Deployment
with literal ``env`` values, and the two common splits: a Deployment that sets the SID and
loads the token from a Secret through ``secretKeyRef``, and one that loads a ConfigMap and a
Secret whole through ``envFrom``.

Kubernetes passes values on byte for byte: ``data`` is exactly the bytes encoded (``echo "$T" |
base64`` adds a newline, an encoding on Windows a CRLF, ``kubectl create secret
--from-env-file`` keeps a ``.env`` file's quotes), and a YAML ``|`` block keeps its newline.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_yaml import add_map, map_value
from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var


def _b64(var: Var) -> str:
    raw = var.value
    if var.mark is Mark.INVISIBLE:
        raw += "\n"
    elif var.mark is Mark.PADDED:
        raw += "\r\n"  # encoded on Windows
    elif var.mark is Mark.QUOTED:
        raw = f'"{raw}"'
    return base64.b64encode(raw.encode()).decode() if raw else '""'


def _secret(services: Sequence[Service], folders: Mapping[str, str], section: str) -> Tree:
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}-secret.yaml")
        doc.add("apiVersion: v1")
        doc.add("kind: Secret")
        doc.add("metadata:")
        doc.add(f"  name: {service.name}-twilio")
        doc.add("type: Opaque")
        doc.add(f"{section}:")
        if section == "stringData":
            add_map(doc, service, 2)
            tree.include(doc)
            continue
        for var in service.vars:
            doc.add(
                f"  {ENV_NAMES[var.field]}: {_b64(var)}", (service.env, service.name, var.field)
            )
        tree.include(doc)
    return tree


def write_k8s_data(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>-secret.yaml``: a Secret whose ``data`` is base64."""
    return _secret(services, folders, "data")


def write_k8s_string_data(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>-secret.yaml``: a Secret whose ``stringData`` is plain text."""
    return _secret(services, folders, "stringData")


def write_k8s_deployment(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>.yaml``: a Deployment whose container lists the values literally."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}.yaml")
        for line in ("apiVersion: apps/v1", "kind: Deployment", "metadata:"):
            doc.add(line)
        doc.add(f"  name: {service.name}")
        for line in ("spec:", "  template:", "    spec:", "      containers:"):
            doc.add(line)
        doc.add(f"        - name: {service.name}")
        doc.add(f"          image: registry.acme.io/{service.name}:1.4.2")
        doc.add("          env:")
        for var in service.vars:
            doc.add(f"            - name: {ENV_NAMES[var.field]}")
            doc.add(
                "              value:" + map_value(var, 14), (service.env, service.name, var.field)
            )
        tree.include(doc)
    return tree


#: Secret keys as teams name them; the Deployment maps each to the variable the app reads.
SECRET_KEYS = {"token": "token", "keysecret": "api-secret"}


def _deployment_env(doc: Doc, service: Service) -> None:
    """Identifiers literally, secrets through ``secretKeyRef`` into ``<service>-twilio``."""
    for var in service.vars:
        doc.add(f"            - name: {ENV_NAMES[var.field]}")
        if var.field not in SECRET_KEYS:
            doc.add(
                "              value:" + map_value(var, 14), (service.env, service.name, var.field)
            )
            continue
        for line in ("              valueFrom:", "                secretKeyRef:"):
            doc.add(line)
        doc.add(f"                  name: {service.name}-twilio")
        doc.add(f"                  key: {SECRET_KEYS[var.field]}")


def write_k8s_secret_ref(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """The common layout: ``<env>/<service>-deployment.yaml`` sets the SID literally and loads
    the secret from ``<env>/<service>-secret.yaml`` (``data``, under its own key name)."""
    tree = Tree()
    for service in services:
        folder = folders[service.env]
        deployment = Doc(f"{folder}/{service.name}-deployment.yaml")
        for line in ("apiVersion: apps/v1", "kind: Deployment", "metadata:"):
            deployment.add(line)
        deployment.add(f"  name: {service.name}")
        for line in ("spec:", "  template:", "    spec:", "      containers:"):
            deployment.add(line)
        deployment.add(f"        - name: {service.name}")
        deployment.add(f"          image: registry.acme.io/{service.name}:1.4.2")
        deployment.add("          env:")
        _deployment_env(deployment, service)
        tree.include(deployment)
        secret = Doc(f"{folder}/{service.name}-secret.yaml")
        for line in ("apiVersion: v1", "kind: Secret", "metadata:"):
            secret.add(line)
        secret.add(f"  name: {service.name}-twilio")
        secret.add("type: Opaque")
        secret.add("data:")
        for var in (v for v in service.vars if v.field in SECRET_KEYS):
            secret.add(
                f"  {SECRET_KEYS[var.field]}: {_b64(var)}", (service.env, service.name, var.field)
            )
        tree.include(secret)
    return tree


def _manifest(relpath: str, kind: str, name: str) -> Doc:
    doc = Doc(relpath)
    doc.add("apiVersion: apps/v1" if kind == "Deployment" else "apiVersion: v1")
    doc.add(f"kind: {kind}")
    doc.add("metadata:")
    doc.add(f"  name: {name}")
    return doc


def write_k8s_env_from(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """A Deployment loading everything with ``envFrom``: identifiers (SID, key SID, region,
    edge) from a ConfigMap, secrets from a Secret's ``data``; one file per object."""
    tree = Tree()
    for service in services:
        folder, name = folders[service.env], service.name
        deployment = _manifest(f"{folder}/{name}-deployment.yaml", "Deployment", name)
        for line in ("spec:", "  template:", "    spec:", "      containers:"):
            deployment.add(line)
        deployment.add(f"        - name: {name}")
        deployment.add(f"          image: registry.acme.io/{name}:1.4.2")
        deployment.add("          envFrom:")
        deployment.add("            - configMapRef:")
        deployment.add(f"                name: {name}-config")
        deployment.add("            - secretRef:")
        deployment.add(f"                name: {name}-twilio")
        tree.include(deployment)
        config = _manifest(f"{folder}/{name}-config.yaml", "ConfigMap", f"{name}-config")
        secret = _manifest(f"{folder}/{name}-secret.yaml", "Secret", f"{name}-twilio")
        config.add("data:")
        secret.add("type: Opaque")
        secret.add("data:")
        for var in service.vars:
            place = (service.env, name, var.field)
            if var.field in SECRET_KEYS:
                secret.add(f"  {ENV_NAMES[var.field]}: {_b64(var)}", place)
            else:
                config.add(f"  {ENV_NAMES[var.field]}:" + map_value(var, 2), place)
        tree.include(config)
        tree.include(secret)
    return tree
