"""YAML deployment kinds: Docker Compose (``environment:`` map and list, ``env_file:``) and
Kubernetes Secrets (``data`` and ``stringData``).

The junk each can carry, as its consumer keeps it:

* a YAML ``|`` block keeps its final newline, and compose and Kubernetes pass it on;
* compose's list form takes ``KEY=value`` as written: quotes stay, and so does an NBSP
  (YAML only trims spaces and tabs);
* a compose ``env_file`` is read with compose's rules: ``"…\\n"`` decodes to a newline;
* ``data`` is base64 of exactly the bytes encoded: ``echo "$T" | base64`` adds a newline,
  and ``kubectl create secret --from-env-file`` keeps a ``.env`` file's quotes.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

NBSP = "\u00a0"


def map_value(var: Var, indent: int) -> str:
    """The text after ``KEY:`` in a YAML mapping indented by ``indent`` spaces."""
    if var.mark is Mark.INVISIBLE:
        return " |\n" + " " * (indent + 2) + var.value
    if var.mark is Mark.QUOTED:
        return f" '\"{var.value}\"'"
    if var.mark is Mark.PADDED:
        return f' "{var.value} "'
    return f" {var.value}" if var.value else ' ""'


def add_map(doc: Doc, service: Service, indent: int) -> None:
    """The service's variables as ``KEY: value`` lines of a YAML mapping."""
    for var in service.vars:
        doc.add(
            " " * indent + ENV_NAMES[var.field] + ":" + map_value(var, indent),
            (service.env, service.name, var.field),
        )


def _list_item(var: Var) -> str:
    """One ``- KEY=value`` item; a padded one is a quoted YAML string ending in a blank."""
    if var.mark is Mark.PADDED:
        return f'- "{ENV_NAMES[var.field]}={var.value} "'
    return f"- {ENV_NAMES[var.field]}={_list_value(var)}"


def _list_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return var.value + NBSP
    if var.mark is Mark.QUOTED:
        return f'"{var.value}"'
    return var.value


def _compose_env_file_value(var: Var) -> str:
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return f'"{var.value}\\n"' if var.mark is Mark.INVISIBLE else var.value


def _by_env(services: Sequence[Service]) -> dict[str, list[Service]]:
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.env, []).append(service)
    return grouped


def _compose(services: Sequence[Service], folders: Mapping[str, str], form: str) -> Tree:
    tree = Tree()
    for env, members in _by_env(services).items():
        doc = Doc(f"{folders[env]}/docker-compose.yml")
        doc.add("services:")
        for service in members:
            doc.add(f"  {service.name}:")
            doc.add(f"    image: registry.acme.io/{service.name}:1.4.2")
            if form == "env_file":
                doc.add("    env_file:")
                doc.add(f"      - {service.name}.env")
                tree.include(_env_file(folders[env], service))
                continue
            doc.add("    environment:")
            if form == "map":
                doc.add("      LOG_LEVEL: info")
                add_map(doc, service, 6)
            else:
                doc.add("      - LOG_LEVEL=info")
                for var in service.vars:
                    doc.add(
                        f"      {_list_item(var)}",
                        (service.env, service.name, var.field),
                    )
        tree.include(doc)
    return tree


def _env_file(folder: str, service: Service) -> Doc:
    doc = Doc(f"{folder}/{service.name}.env")
    doc.add(f"# {service.name}: loaded by compose (env_file)")
    for var in service.vars:
        doc.add(
            f"{ENV_NAMES[var.field]}={_compose_env_file_value(var)}",
            (service.env, service.name, var.field),
        )
    return doc


def write_compose_map(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/docker-compose.yml`` with ``environment:`` as a mapping."""
    return _compose(services, folders, "map")


def write_compose_list(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/docker-compose.yml`` with ``environment:`` as a ``- KEY=value`` list."""
    return _compose(services, folders, "list")


def write_compose_env_file(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/docker-compose.yml`` loading ``<env>/<service>.env`` through ``env_file:``."""
    return _compose(services, folders, "env_file")


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
