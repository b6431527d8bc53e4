"""Docker Compose source kinds (``environment:`` as a map, as a list, interpolated from the
project ``.env``, and ``env_file:``), and the YAML mapping idiom CI files share.

The junk each can carry, as its consumer keeps it:

* a YAML ``|`` block keeps its final newline, and compose passes it on;
* compose's list form takes ``KEY=value`` as written: quotes stay, and so does an NBSP
  (YAML only trims spaces and tabs);
* an ``env_file`` and the project ``.env`` are read with compose's rules: ``"…\\n"`` decodes
  to a newline, and a blank inside double quotes stays.
"""

from __future__ import annotations

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


def write_compose_interpolated(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/docker-compose.yml`` whose values are ``${API_TWILIO_AUTH_TOKEN}``-style
    references, filled by compose from ``<env>/.env`` (where the values really live)."""
    tree = Tree()
    for env, members in _by_env(services).items():
        compose, dotenv = Doc(f"{folders[env]}/docker-compose.yml"), Doc(f"{folders[env]}/.env")
        compose.add("services:")
        dotenv.add("# read by compose to fill ${...} in docker-compose.yml")
        for service in members:
            compose.add(f"  {service.name}:")
            compose.add(f"    image: registry.acme.io/{service.name}:1.4.2")
            compose.add("    environment:")
            for var in service.vars:
                name = f"{service.name.upper()}_{ENV_NAMES[var.field]}"
                compose.add(f"      {ENV_NAMES[var.field]}: ${{{name}}}")
                dotenv.add(
                    f"{name}={_compose_env_file_value(var)}", (service.env, service.name, var.field)
                )
        tree.include(compose)
        tree.include(dotenv)
    return tree


def write_compose_env_file(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/docker-compose.yml`` loading ``<env>/<service>.env`` through ``env_file:``."""
    return _compose(services, folders, "env_file")
