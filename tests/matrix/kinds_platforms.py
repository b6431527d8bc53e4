"""Platform configuration files as source kinds: Netlify's ``netlify.toml`` deploy contexts
and the env files ``vercel pull`` caches under ``.vercel/`` (and, as they land, the other
platform files of issue 12 §3).

The junk each can carry, as the platform hands it on:

* ``netlify.toml`` is TOML: a basic string decodes ``\\n``, keeps a blank inside its quotes
  and keeps escaped quotes, so every one of those reaches the function's environment;
* a pulled Vercel file holds ``NAME="value"`` with a newline written as ``\\n``, which
  ``vercel dev``/``vercel build`` decode again; a blank inside the quotes stays.

The environment is written the way the platform names it: Netlify's ``production`` context
for prod (whatever alias the cell uses: the context name is fixed), and a branch context
(``[context.staging]``, ``[context.dev]``) for the others; Vercel's ``production`` and
``development`` targets and a custom ``staging`` target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var


def _by_name(services: Sequence[Service]) -> dict[str, list[Service]]:
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.name, []).append(service)
    return grouped


def toml_string(var: Var) -> str:
    """A TOML basic string holding the value with its junk, as TOML decodes it."""
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    if var.mark is Mark.QUOTED:
        return f'"\\"{var.value}\\""'
    return f'"{var.value}"'


def _netlify_context(env: str) -> str:
    return "production" if env == "prod" else env


def write_netlify(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``sites/<service>/netlify.toml``: one ``[context.<name>.environment]`` per environment."""
    del folders  # Netlify's context names are fixed, not the cell's alias
    tree = Tree()
    for name, members in _by_name(services).items():
        doc = Doc(f"sites/{name}/netlify.toml")
        doc.add('[build]\n  command = "npm run build"\n  functions = "netlify/functions"')
        doc.add('\n[build.environment]\n  NODE_VERSION = "20"')
        for service in members:
            doc.add(f"\n[context.{_netlify_context(service.env)}.environment]")
            for var in service.vars:
                line = f"  {ENV_NAMES[var.field]} = {toml_string(var)}"
                doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree


VERCEL_TARGETS = {"prod": "production", "dev": "development"}


def _pulled(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return f'"{var.value}"'


def write_vercel_pull(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``apps/<service>/.vercel/.env.<target>.local``, as ``vercel pull`` writes them."""
    del folders  # Vercel's target names are fixed, not the cell's alias
    tree = Tree()
    for service in services:
        target = VERCEL_TARGETS.get(service.env, service.env)
        doc = Doc(f"apps/{service.name}/.vercel/.env.{target}.local")
        doc.add('# Created by Vercel CLI\nNODE_ENV="production"')
        for var in service.vars:
            doc.add(
                f"{ENV_NAMES[var.field]}={_pulled(var)}", (service.env, service.name, var.field)
            )
        doc.add('VERCEL="1"')
        tree.include(doc)
    return tree
