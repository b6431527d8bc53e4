"""Credential sets split between a file and the build or project that completes it.

Neither half is a run of its own, so neither may be judged alone (no false missing-credential);
a fault in either half must still be found where it was written:

* kustomize: the base Deployment holds the SID of one environment (and nothing secret);
  each environment's overlay patches its own values in with a strategic-merge patch (the
  base's environment patches everything but the SID). ``kubectl apply -k overlays/<env>``
  sends the built Deployment; the base manifest is never applied alone.
* Spring Boot + compose: ``application-<profile>.yml`` holds the SID and the other fields,
  with an old secret under them; a compose service per environment in the project folder
  builds ``.``, activates the profile and sets only the secret (``TWILIO_AUTH_TOKEN`` or
  ``TWILIO_API_SECRET``), which relaxed binding puts over the file's.
* ASP.NET Core + compose: the same with ``appsettings.<Environment>.json``,
  ``ASPNETCORE_ENVIRONMENT`` and ``Twilio__AuthToken``.

Deployed from another folder, as most real repositories are:

* Spring Boot + ``deploy/<service>/docker-compose.yml`` whose services build
  ``../../<service>`` (the build context resolves to the project folder);
* ASP.NET Core + skaffold: ``skaffold.yaml`` builds ``acme/<service>`` from the project
  folder, and per environment a ``deploy/k8s`` Deployment runs that image with
  ``ASPNETCORE_ENVIRONMENT`` and ``Twilio__<Key>`` (the secret only).
* Spring Boot + Jib + Kubernetes: ``<service>/pom.xml`` builds
  ``registry.acme.io/acme/<service>``; per environment a ``deploy/<profile>`` Deployment runs
  that image with ``SPRING_PROFILES_ACTIVE`` and takes the secret from a Secret in the same
  file through ``secretKeyRef`` (the Secret's key is where a fault is written).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_frameworks import DOTNET_KEYS, SPRING_KEYS
from tests.matrix.kinds_yaml import map_value
from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization"


def _decoy(name: str) -> str:
    """An old secret of the service: well formed, unknown to every account, never sent."""
    return hashlib.sha256(f"split-decoy-{name}".encode()).hexdigest()[:32]


def _json_value(var: Var) -> str:
    """A JSON string holding the value with the junk .NET keeps (an escaped newline, a
    blank inside the quotes, escaped quotes)."""
    junk = {Mark.INVISIBLE: var.value + "\n", Mark.PADDED: var.value + " "}
    text = junk.get(var.mark, f'"{var.value}"' if var.mark is Mark.QUOTED else var.value)
    return json.dumps(text)


def _by_name(services: Sequence[Service]) -> dict[str, list[Service]]:
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.name, []).append(service)
    return grouped


def _env_item(doc: Doc, service: Service, var: Var) -> None:
    doc.add(f"            - name: {ENV_NAMES[var.field]}")
    doc.add("              value:" + map_value(var, 14), (service.env, service.name, var.field))


def _kustomize_base(tree: Tree, name: str, owner: Service) -> None:
    """The base: a kustomization listing the Deployment, whose env holds ``owner``'s SID."""
    base = Doc(f"k8s/{name}/base/kustomization.yaml")
    base.add(f"{KUSTOMIZATION}\nresources:\n  - deployment.yaml")
    tree.include(base)
    deployment = Doc(f"k8s/{name}/base/deployment.yaml")
    deployment.add(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}")
    deployment.add("spec:\n  template:\n    spec:\n      containers:")
    deployment.add(f"        - name: {name}\n          image: registry.acme.io/{name}:2.0")
    deployment.add("          env:\n            - name: LOG_LEVEL\n              value: info")
    sid = owner.get("sid")
    if sid is not None:
        _env_item(deployment, owner, sid)
    tree.include(deployment)


def write_kustomize_base_split(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``k8s/<service>/base`` holding one environment's SID, and per environment an overlay
    whose strategic-merge patch sets the rest (see the module docstring)."""
    tree = Tree()
    for name, members in _by_name(services).items():
        _kustomize_base(tree, name, members[0])
        for service in members:
            folder = f"k8s/{name}/overlays/{folders[service.env]}"
            overlay = Doc(f"{folder}/kustomization.yaml")
            overlay.add(f"{KUSTOMIZATION}\nresources:\n  - ../../base\npatches:")
            overlay.add("  - path: twilio.yaml")
            tree.include(overlay)
            patch = Doc(f"{folder}/twilio.yaml")
            patch.add(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}")
            patch.add("spec:\n  template:\n    spec:\n      containers:")
            patch.add(f"        - name: {name}\n          env:")
            for var in service.vars:
                if not (service is members[0] and var.field == "sid"):
                    _env_item(patch, service, var)
            tree.include(patch)
    return tree


def _compose_service(
    doc: Doc, service: Service, selector: str, secret_name: str, build: str = "."
) -> None:
    """One compose service building the project, setting only the secret."""
    doc.add(f"  {service.name}-{service.env}:\n    build: {build}\n    environment:")
    doc.add(f"      {selector}")
    var = service.get(service.secret_field)
    if var is not None:
        place = (service.env, service.name, var.field)
        doc.add(f"      {secret_name}:" + map_value(var, 6), place)


def write_spring_compose_split(
    services: Sequence[Service], folders: Mapping[str, str], elsewhere: bool = False
) -> Tree:
    """``<service>/src/main/resources/application-<profile>.yml`` holding all but the secret
    (an old one stands in its key), and ``<service>/docker-compose.yml`` setting the secret
    (``elsewhere``: ``deploy/<service>/docker-compose.yml`` building ``../../<service>``)."""
    tree = Tree()
    for name, members in _by_name(services).items():
        compose = Doc(
            f"deploy/{name}/docker-compose.yml" if elsewhere else f"{name}/docker-compose.yml"
        )
        build = f"../../{name}" if elsewhere else "."
        compose.add("services:")
        for service in members:
            profile = folders[service.env]
            secret = service.secret_field
            doc = Doc(f"{name}/src/main/resources/application-{profile}.yml")
            doc.add(f"spring:\n  application:\n    name: {name}\ntwilio:")
            doc.add(f"  {SPRING_KEYS[secret]}: {_decoy(name)}")
            for var in (v for v in service.vars if v.field != secret):
                place = (service.env, service.name, var.field)
                doc.add(f"  {SPRING_KEYS[var.field]}:{map_value(var, 2)}", place)
            tree.include(doc)
            selector = f"SPRING_PROFILES_ACTIVE: {profile}"
            _compose_service(compose, service, selector, ENV_NAMES[secret], build)
        tree.include(compose)
    return tree


def write_dotnet_compose_split(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<Service>/appsettings.<Environment>.json`` holding all but the secret (an old one
    stands in its key), and ``<Service>/compose.yaml`` setting ``Twilio__<Key>``."""
    tree = Tree()
    for name, members in _by_name(services).items():
        compose = Doc(f"{name}/compose.yaml")
        compose.add("services:")
        for service in members:
            environment = folders[service.env]
            secret = service.secret_field
            doc = Doc(f"{name}/appsettings.{environment}.json")
            doc.add('{\n  "Twilio": {')
            doc.add(f'    "{DOTNET_KEYS[secret]}": "{_decoy(name)}",')
            others = [v for v in service.vars if v.field != secret]
            for index, var in enumerate(others):
                comma = "," if index < len(others) - 1 else ""
                line = f'    "{DOTNET_KEYS[var.field]}": {_json_value(var)}{comma}'
                doc.add(line, (service.env, service.name, var.field))
            doc.add("  }\n}")
            tree.include(doc)
            selector = f"ASPNETCORE_ENVIRONMENT: {environment}"
            _compose_service(compose, service, selector, f"Twilio__{DOTNET_KEYS[secret]}")
        tree.include(compose)
    return tree


def write_spring_deploy_compose_split(
    services: Sequence[Service], folders: Mapping[str, str]
) -> Tree:
    """The Spring split, deployed from another folder: ``deploy/<service>/docker-compose.yml``
    builds ``../../<service>`` (the context resolves to the project folder)."""
    return write_spring_compose_split(services, folders, elsewhere=True)


def _skaffold(names: Sequence[str]) -> Doc:
    """``skaffold.yaml`` building ``acme/<service>`` from each project folder."""
    doc = Doc("skaffold.yaml")
    doc.add("apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:")
    for name in names:
        doc.add(f"    - image: acme/{name}\n      context: {name}")
    doc.add("manifests:\n  rawYaml:\n    - deploy/k8s/*.yaml")
    return doc


def _workload(service: Service, environment: str, secret_name: str) -> Doc:
    """A Deployment running the project's image as ``environment``, setting only the secret."""
    name = f"{service.name}-{service.env}"
    doc = Doc(f"deploy/k8s/{name}.yaml")
    doc.add(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}")
    doc.add("spec:\n  template:\n    spec:\n      containers:")
    doc.add(f"        - name: api\n          image: acme/{service.name}:2.3.1\n          env:")
    doc.add(f"            - name: ASPNETCORE_ENVIRONMENT\n              value: {environment}")
    var = service.get(service.secret_field)
    if var is not None:
        doc.add(f"            - name: {secret_name}")
        place = (service.env, service.name, var.field)
        doc.add("              value:" + map_value(var, 14), place)
    return doc


def write_dotnet_skaffold_split(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<Service>/appsettings.<Environment>.json`` holding all but the secret (an old one
    stands in its key), ``skaffold.yaml`` building ``acme/<Service>`` from that folder, and
    per environment a ``deploy/k8s`` Deployment running the image with ``Twilio__<Key>``."""
    split = write_dotnet_compose_split(services, folders)
    tree = Tree(
        {p: t for p, t in split.files.items() if not p.endswith("compose.yaml")},
        {k: v for k, v in split.places.items() if not v.split(":")[0].endswith("compose.yaml")},
    )
    tree.include(_skaffold(list(_by_name(services))))
    for service in services:
        secret = f"Twilio__{DOTNET_KEYS[service.secret_field]}"
        tree.include(_workload(service, folders[service.env], secret))
    return tree


def _jib_pom(name: str) -> Doc:
    """A pom.xml whose Jib plugin pushes ``registry.acme.io/acme/<service>``."""
    doc = Doc(f"{name}/pom.xml")
    doc.add(f"<project>\n  <artifactId>{name}</artifactId>\n  <build>\n    <plugins>")
    doc.add("      <plugin>\n        <artifactId>jib-maven-plugin</artifactId>")
    doc.add(
        f"        <configuration>\n          <to><image>registry.acme.io/acme/{name}</image></to>"
    )
    doc.add("        </configuration>\n      </plugin>\n    </plugins>\n  </build>\n</project>")
    return doc


def _jib_workload(service: Service, profile: str) -> Doc:
    """A Deployment running the Jib image with the profile, whose secret comes from a
    Secret of the same file through ``secretKeyRef``."""
    name, secret = service.name, service.secret_field
    doc = Doc(f"deploy/{profile}/{name}.yaml")
    doc.add(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}")
    doc.add(f"  namespace: {profile}\nspec:\n  template:\n    spec:\n      containers:")
    doc.add(f"        - name: {name}\n          image: registry.acme.io/acme/{name}:1.8.0")
    doc.add(
        f"          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: {profile}"
    )
    doc.add(
        f"            - name: {ENV_NAMES[secret]}\n              valueFrom:\n                secretKeyRef:"
    )
    doc.add(f"                  name: {name}-twilio\n                  key: {SPRING_KEYS[secret]}")
    doc.add(f"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}-twilio")
    doc.add(f"  namespace: {profile}\ntype: Opaque\nstringData:")
    var = service.get(secret)
    if var is not None:
        doc.add(f"  {SPRING_KEYS[secret]}:" + map_value(var, 2), (service.env, name, var.field))
    return doc


def write_spring_jib_k8s_split(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """The Spring split deployed by image: ``<service>/pom.xml`` builds
    ``registry.acme.io/acme/<service>`` with Jib, and per environment a ``deploy/<profile>``
    Deployment runs it with the profile and takes the secret from a Secret (``secretKeyRef``)."""
    split = write_spring_compose_split(services, folders)
    tree = Tree(
        {p: t for p, t in split.files.items() if not p.endswith("docker-compose.yml")},
        {k: v for k, v in split.places.items() if "docker-compose.yml" not in v},
    )
    for name in _by_name(services):
        tree.include(_jib_pom(name))
    for service in services:
        tree.include(_jib_workload(service, folders[service.env]))
    return tree
