"""Kubernetes manifests: any ``*.yml``/``*.yaml`` with ``apiVersion:`` and ``kind:``.

Every document of a multi-document file is read:

* ``Secret``: ``data`` is base64-decoded exactly (a trailing newline from
  ``echo "$TOKEN" | base64`` is kept, because the pod sees it); a value that is not valid
  base64 or not UTF-8 text is noted. ``stringData`` is read as plain text.
* ``ConfigMap``: ``data`` as plain text (SIDs often live there).
* ``Pod``, ``Deployment``, ``StatefulSet``, ``DaemonSet``, ``ReplicaSet``, ``Job``,
  ``CronJob``, Cloud Run's Knative ``Service``, Argo's ``Rollout`` and OpenShift's
  ``DeploymentConfig``: each container's ``env`` entries with a literal ``value``
  (``valueFrom`` is not a value, but the pre-pass records it, see below).

Scope is ``k8s:KIND/NAME@FILE`` (plus ``/CONTAINER`` for workloads): the file is part of it
because overlays often reuse one object name in several environments. Environment comes from
``metadata.namespace`` (``prod``), else the path. A Secret's service is the one workload
that loads it (``secretKeyRef``/``envFrom``), else its name without ``-secret``; a Secret
key such as ``token`` is classified by the variable name a workload loads it into.

A workload in a file some kustomization lists (``resources:``, a patch) is not read here:
kustomize builds it, and :mod:`.kustomize` reads it through that build, per overlay.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    environment_from_variables,
    pick_environment,
    service_from_name,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.vocabulary import may_hold_credentials, mentions_provider
from sherlock.collect.yamlio import (
    as_list,
    as_mapping,
    item_line,
    key_line,
    scalar_text,
    source_lines,
)
from sherlock.models import Location, Note

CONSUMER = "kubernetes"
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    # Cloud Run / Knative ``serving.knative.dev/v1`` Service (a core Service has no template,
    # so nothing is read from it), Argo Rollouts' Rollout, OpenShift's DeploymentConfig
    "Service": ("spec", "template", "spec"),
    "Rollout": ("spec", "template", "spec"),
    "DeploymentConfig": ("spec", "template", "spec"),
}
_MANIFEST = re.compile(rb"^\s*apiVersion\s*:", re.MULTILINE)
_KIND = re.compile(rb"^\s*kind\s*:", re.MULTILINE)
_STORES = re.compile(rb"kind:\s*['\"]?(?:Secret|ConfigMap)\b")
_ENV = re.compile(rb"\benv\s*:")
_USES_SECRETS = re.compile(rb"\bsecret(?:Key)?Ref\b")
_DEPENDENT = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.\-]*)\)")


@dataclass(frozen=True)
class _Object:
    """One manifest document, and what is known about where it lives."""

    kind: str
    name: str
    namespace: str
    doc: dict[Any, Any]
    relpath: str
    lines: list[str]
    ctx: ScanContext

    @property
    def environment(self) -> str:
        return pick_environment(
            environment_from_text(self.namespace), environment_from_path(self.relpath)
        )

    def at(self, line: int | None) -> Location:
        return Location(self.relpath, line)


def _object(doc: Any, relpath: str, lines: list[str], ctx: ScanContext) -> _Object | None:
    mapping = as_mapping(doc)
    if mapping is None or not isinstance(mapping.get("kind"), str):
        return None
    meta = as_mapping(mapping.get("metadata")) or {}
    name, namespace = str(meta.get("name") or ""), str(meta.get("namespace") or "")
    return _Object(mapping["kind"], name, namespace, mapping, relpath, lines, ctx)


def _decoded(obj: _Object, data: dict[Any, Any], key: Any, notes: list[Note]) -> str | None:
    raw = data.get(key)
    where = str(obj.at(key_line(data, key)))
    if not isinstance(raw, str):
        return None
    try:
        decoded = base64.b64decode(re.sub(r"[\r\n]", "", raw), validate=True)
    except (binascii.Error, ValueError):
        notes.append(Note(where, f"{key}: not valid base64; Kubernetes rejects it"))
        return None
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        notes.append(Note(where, f"{key}: decodes to bytes that are not UTF-8 text; not read"))
        return None


def _secret_entries(obj: _Object, notes: list[Note]) -> list[Entry]:
    entries: list[Entry] = []
    names = obj.ctx.secret_key_names
    data = as_mapping(obj.doc.get("data")) or {}
    for key in data:
        value = _decoded(obj, data, key, notes)
        if value is not None:
            location = obj.at(key_line(data, key))
            entries.append(Entry(str(key), value, location, names.get((obj.name, str(key)))))
    plain = as_mapping(obj.doc.get("stringData")) or {}
    for key in plain:
        value = scalar_text(plain, key, obj.lines)
        if value is not None:
            location = obj.at(key_line(plain, key))
            entries.append(Entry(str(key), value, location, names.get((obj.name, str(key)))))
    return entries


def _secret(obj: _Object) -> CollectResult:
    notes: list[Note] = []
    entries = _secret_entries(obj, notes)
    service = (
        obj.ctx.secret_users.get(obj.name)
        or service_from_name(obj.name)
        or service_from_path(obj.relpath, obj.ctx.root_name)
    )
    scope = f"k8s:Secret/{obj.name}@{obj.relpath}"
    unit = Unit(scope, "k8s-secret", CONSUMER, obj.environment, service, (obj.relpath, obj.name))
    result = _held_for_store(emit(entries, unit), obj)
    result.notes[:0] = notes
    return result


def _config_map_entries(obj: _Object) -> list[Entry]:
    data = as_mapping(obj.doc.get("data")) or {}
    return [
        Entry(str(key), value, obj.at(key_line(data, key)))
        for key in data
        if (value := scalar_text(data, key, obj.lines)) is not None
    ]


def stored_entries(
    doc: Any, relpath: str, lines: list[str], ctx: ScanContext
) -> tuple[str, str, str, list[Entry]] | None:
    """(kind, name, namespace, entries) of a Secret or ConfigMap document, each key as the
    pod reads it (for :mod:`.project_links`, which follows a workload's references)."""
    obj = _object(doc, relpath, lines, ctx)
    if obj is None or obj.kind not in ("Secret", "ConfigMap"):
        return None
    found = _secret_entries(obj, []) if obj.kind == "Secret" else _config_map_entries(obj)
    return obj.kind, obj.name, obj.namespace, found


def _config_map(obj: _Object) -> CollectResult:
    entries = _config_map_entries(obj)
    service = service_from_name(obj.name) or service_from_path(obj.relpath, obj.ctx.root_name)
    scope = f"k8s:ConfigMap/{obj.name}@{obj.relpath}"
    unit = Unit(scope, "k8s-configmap", CONSUMER, obj.environment, service, (obj.relpath, obj.name))
    return _held_for_store(emit(entries, unit), obj)


def _held_for_store(result: CollectResult, obj: _Object) -> CollectResult:
    """A Secret's or ConfigMap's lone half that a workload running a framework project's
    image loads (``envFrom``, ``secretKeyRef``) is judged in that project's run, not alone."""
    if not result.values:
        return result
    from sherlock.collect.workload_stores import held_for_store  # it imports this module

    return held_for_store(result, (obj.kind, obj.name, obj.namespace), obj.ctx, obj.relpath)


def pod_spec(doc: dict[Any, Any], kind: str) -> dict[Any, Any] | None:
    """The pod template of a workload, or None for kinds that have none."""
    path = POD_SPEC_PATHS.get(kind)
    if path is None:
        return None
    node: dict[Any, Any] | None = doc
    for step in path:
        node = as_mapping(node.get(step)) if node is not None else None
    return node


def containers(spec: dict[Any, Any]) -> list[dict[Any, Any]]:
    """Init containers then containers: the order their environments are set up in."""
    found = as_list(spec.get("initContainers")) + as_list(spec.get("containers"))
    return [c for c in found if isinstance(c, dict)]


def _literal(value: str, earlier: dict[str, str]) -> str | None:
    """Kubernetes expands ``$(VAR)`` from earlier variables; unknown ones make it unknowable."""
    refs = _DEPENDENT.findall(value.replace("$$", ""))
    if any(ref not in earlier for ref in refs):
        return None
    return _DEPENDENT.sub(lambda m: earlier[m[1]], value) if refs else value


def _container_entries(obj: _Object, container: dict[Any, Any]) -> list[Entry]:
    return literal_env(container, obj.relpath, obj.lines)


def literal_env(container: dict[Any, Any], relpath: str, lines: list[str]) -> list[Entry]:
    """A container's ``env`` entries with a literal value, as the pod sees them (also what
    :mod:`.project_env` lays over a project's config when the container runs its image)."""
    env = as_list(container.get("env"))
    earlier: dict[str, str] = {}
    entries: list[Entry] = []
    for index, item in enumerate(env):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        raw = scalar_text(item, "value", lines)
        value = _literal(raw, earlier) if raw is not None else None
        if value is None:
            continue
        earlier[item["name"]] = value
        line = key_line(item, "value") or item_line(env, index)
        entries.append(Entry(item["name"], value, Location(relpath, line)))
    return entries


def _workload(obj: _Object, spec: dict[Any, Any]) -> CollectResult:
    result = CollectResult()
    service = service_from_name(obj.name) or service_from_path(obj.relpath, obj.ctx.root_name)
    for container in containers(spec):
        entries = _container_entries(obj, container)
        environment = pick_environment(
            environment_from_text(obj.namespace),
            environment_from_variables((e.name, e.raw) for e in entries),
            environment_from_path(obj.relpath),
        )
        scope = f"k8s:{obj.kind}/{obj.name}/{container.get('name', '')}@{obj.relpath}"
        hints = (obj.relpath, obj.name)
        unit = Unit(scope, "k8s-env", CONSUMER, environment, service, hints)
        result.extend(_held_for_project(emit(entries, unit), obj, container))
    return result


def _held_for_project(
    result: CollectResult, obj: _Object, container: dict[Any, Any]
) -> CollectResult:
    """A lone half that a Spring Boot or ASP.NET Core project's run carries, because this
    container runs the image the project's build names, is judged in that run, not alone
    (:mod:`.project_links`); the project is looked for only when there is a lone half."""
    image = container.get("image")
    if not isinstance(image, str) or not result.values:
        return result
    from sherlock.collect.project_links import held_for_image  # it imports this module

    return held_for_image(result, image, f"{obj.kind}/{obj.name}", obj.ctx, obj.relpath)


def _read_object(obj: _Object) -> CollectResult:
    if obj.kind == "Secret":
        return _secret(obj)
    if obj.kind == "ConfigMap":
        return _config_map(obj)
    spec = pod_spec(obj.doc, obj.kind)
    return _workload(obj, spec) if spec is not None else CollectResult()


def is_manifest(data: bytes) -> bool:
    """A YAML file is a manifest when some line starts with ``apiVersion:`` and some ``kind:``."""
    return _MANIFEST.search(data) is not None and _KIND.search(data) is not None


def _worth_parsing(source: SourceFile) -> bool:
    """Whether a manifest can yield anything, from its bytes: a Secret or ConfigMap always
    (their keys may be named by the workloads that load them); a workload's ``env`` only when
    a provider could claim one of its names or values (most Deployments of a large tree set
    ``LOG_LEVEL`` and the like, and parsing them all was a third of a 50,000-file scan)."""
    data = source.data
    if _STORES.search(data):
        return True
    if not _ENV.search(data):
        return False
    return may_hold_credentials(data) or mentions_provider(source.relpath)


class K8sCollector:
    """Reads Kubernetes Secrets, ConfigMaps and workload container environments."""

    name = "k8s"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.endswith((".yml", ".yaml"))

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and is_manifest(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        if not _worth_parsing(source):
            return CollectResult()
        docs = ctx.documents.load(source.relpath, text)
        if isinstance(docs, str):
            return CollectResult(notes=[Note(source.relpath, docs)])
        lines = source_lines(text)
        built = source.relpath in ctx.kustomize_inputs
        result = CollectResult()
        for doc in docs:
            obj = _object(doc, source.relpath, lines, ctx)
            if obj is not None and not (built and obj.kind in POD_SPEC_PATHS):
                result.extend(_read_object(obj))  # a kustomization's workloads: its build's
        return result


@dataclass
class SecretUse:
    """What workloads say about Secrets: key → variable names, and who loads each Secret."""

    key_names: dict[tuple[str, str], str]
    users: dict[str, set[str]]


def _record_container(container: dict[Any, Any], workload: str, uses: SecretUse) -> None:
    for item in as_list(container.get("env")):
        ref = as_mapping(as_mapping((as_mapping(item) or {}).get("valueFrom")) or {})
        key_ref = as_mapping((ref or {}).get("secretKeyRef"))
        if key_ref and isinstance(item.get("name"), str):
            secret, key = str(key_ref.get("name") or ""), str(key_ref.get("key") or "")
            uses.key_names.setdefault((secret, key), item["name"])
            uses.users[secret].add(workload)
    for source in as_list(container.get("envFrom")):
        secret_ref = as_mapping((as_mapping(source) or {}).get("secretRef"))
        if secret_ref and secret_ref.get("name"):
            uses.users[str(secret_ref["name"])].add(workload)


def uses_secrets(data: bytes) -> bool:
    """Whether a manifest's workloads may load Secrets (only then is it parsed early)."""
    return _USES_SECRETS.search(data) is not None


def secret_references(docs: list[Any] | str, uses: SecretUse | None = None) -> SecretUse:
    """Secret keys and users declared by the workloads in parsed manifests (for the pre-pass)."""
    uses = uses or SecretUse({}, defaultdict(set))
    for doc in docs if isinstance(docs, list) else []:
        mapping = as_mapping(doc) or {}
        spec = pod_spec(mapping, str(mapping.get("kind") or ""))
        meta = as_mapping(mapping.get("metadata")) or {}
        workload = service_from_name(str(meta.get("name") or "")) or ""
        for container in containers(spec) if spec else []:
            _record_container(container, workload, uses)
    return uses
