"""Line-oriented source kinds: env files (python-dotenv and ``docker run --env-file``), shell
scripts and Dockerfiles.

Each writes a fault the way it really happens in that kind, as the consumer reads it:

* python-dotenv strips quotes and trailing blanks, but decodes ``\\n`` inside double quotes,
  so ``"…\\n"`` (what ``vercel env pull`` has been seen writing) reaches the app as a newline,
  and keeps a blank inside the quotes;
* ``docker run --env-file`` keeps everything after ``=``: a trailing space or tab, and quotes;
* a shell keeps an NBSP pasted from a wiki (it is not a blank to the shell), and the CR of a
  line saved with a Windows line ending;
* BuildKit keeps blanks inside a quoted ``ENV`` value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

NBSP = "\u00a0"


def _dotenv_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return var.value


def _docker_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return var.value + " "
    if var.mark is Mark.QUOTED:
        return f'"{var.value}"'
    if var.mark is Mark.PADDED:
        return var.value + "\t"
    return var.value


def _shell_value(var: Var) -> str:
    if var.mark is Mark.PADDED:
        return var.value + "\r"  # one line saved with a Windows line ending: bash keeps the CR
    return var.value + NBSP if var.mark is Mark.INVISIBLE else var.value


def _dockerfile_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value} "'
    return var.value if var.value else '""'


def _assignments(doc: Doc, service: Service, prefix: str, fmt: Callable[[Var], str]) -> None:
    for var in service.vars:
        doc.add(
            f"{prefix}{ENV_NAMES[var.field]}={fmt(var)}", (service.env, service.name, var.field)
        )


def write_dotenv(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/.env``, loaded by the app with python-dotenv."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/.env")
        doc.add(f"# {service.name}: loaded with python-dotenv at start-up")
        doc.add("LOG_LEVEL=info")
        _assignments(doc, service, "", _dotenv_value)
        tree.include(doc)
    return tree


def write_docker_env_file(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>.env``, passed to ``docker run --env-file`` by a start script."""
    tree = Tree()
    script = Doc("run-containers.sh")
    script.add("#!/bin/sh")
    script.add("set -eu")
    for service in services:
        path = f"{folders[service.env]}/{service.name}.env"
        doc = Doc(path)
        doc.add(f"# {service.name} ({service.env}): docker --env-file format")
        doc.add("LOG_LEVEL=info")
        _assignments(doc, service, "", _docker_value)
        tree.include(doc)
        script.add(
            f"docker run -d --name {service.name}-{service.env} --env-file {path} acme/{service.name}"
        )
    tree.include(script)
    return tree


def write_shell(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/run.sh`` exporting the credentials before it starts the service."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/run.sh")
        doc.add("#!/bin/sh")
        doc.add("set -eu")
        doc.add("export LOG_LEVEL=info")
        _assignments(doc, service, "export ", _shell_value)
        doc.add(f"exec /opt/{service.name}/bin/{service.name}")
        tree.include(doc)
    return tree


def write_dockerfile(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/Dockerfile`` baking the credentials in with ``ENV``."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/Dockerfile")
        doc.add("FROM python:3.12-slim")
        doc.add("WORKDIR /app")
        doc.add("COPY . .")
        _assignments(doc, service, "ENV ", _dockerfile_value)
        doc.add(f'CMD ["python", "-m", "{service.name}"]')
        tree.include(doc)
    return tree
