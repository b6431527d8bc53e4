"""Compose pass-through variables fed by the CI job that runs compose.

Each service is its own compose project (``<env>/<service>/docker-compose.yml``: a
pass-through name is one variable of the whole project, so two services with different
tokens cannot share one). The compose file writes the non-secret fields as literals and
names the secret half without a value (``TWILIO_AUTH_TOKEN:``, null), as projects that keep
secrets out of the repository do; a GitHub Actions job sets the secret in its ``env:`` and
runs ``docker compose -f <that file> up``. compose-go resolves the null from the shell of
the job, so every fault injected into the secret must be found at the workflow's line, and
every fault of a literal half at the compose file's. The job alone holds half a set, which
the CI reader holds back with a note: only the compose service's set is judged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_yaml import add_map
from tests.matrix.model import ENV_NAMES, Doc, Service, Tree


def _compose(service: Service, folder: str) -> Doc:
    """The project's compose file: literals, and the secret passed through (a null)."""
    doc = Doc(f"{folder}/docker-compose.yml")
    doc.add("services:")
    doc.add(f"  {service.name}:")
    doc.add(f"    image: registry.acme.io/{service.name}:1.4.2")
    doc.add("    environment:")
    doc.add("      LOG_LEVEL: info")
    add_map(doc, service.drop(service.secret_field), 6)
    doc.add(f"      {ENV_NAMES[service.secret_field]}:")
    return doc


def write_compose_passthrough(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """Per service a compose project, and per environment a workflow whose jobs start them."""
    tree = Tree()
    for env in dict.fromkeys(s.env for s in services):
        workflow = Doc(f".github/workflows/up-{folders[env]}.yml")
        workflow.add(f"name: Start the {folders[env]} stack")
        workflow.add("on: workflow_dispatch")
        workflow.add("jobs:")
        for service in (s for s in services if s.env == env):
            folder = f"{folders[env]}/{service.name}"
            tree.include(_compose(service, folder))
            secret = service.get(service.secret_field)
            workflow.add(f"  up-{service.name}:")
            workflow.add("    runs-on: [self-hosted, docker]")
            workflow.add("    env:")
            if secret is not None:
                add_map(workflow, Service(service.env, service.name, (secret,)), 6)
            workflow.add("    steps:")
            workflow.add("      - uses: actions/checkout@v4")
            workflow.add(f"      - run: docker compose -f {folder}/docker-compose.yml up -d")
        tree.include(workflow)
    return tree
