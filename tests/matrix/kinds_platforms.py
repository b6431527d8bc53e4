"""Platform configuration files as source kinds: Netlify's ``netlify.toml`` deploy contexts
and the env files ``vercel pull`` caches under ``.vercel/`` (and, as they land, the other
platform files of issue 12 §3).

The junk each can carry, as the platform hands it on:

* ``netlify.toml`` is TOML: a basic string decodes ``\\n``, keeps a blank inside its quotes
  and keeps escaped quotes, so every one of those reaches the function's environment;
* a pulled Vercel file holds ``NAME="value"`` with a newline written as ``\\n``, which
  ``vercel dev``/``vercel build`` decode again; a blank inside the quotes stays;
* Heroku's ``app.json`` is JSON: ``\\n`` decodes, a blank and escaped quotes stay, and the
  ``value`` becomes the new app's config var as is. An empty or placeholder ``value`` is a
  prompt in Heroku's setup form (the real config var is set in Heroku), so those two faults
  are not carried: Sherlock notes them instead of blaming them (``heroku_faults``);
* a Procfile line runs through ``sh -c``: quotes are removed, a blank inside them stays, and
  single quotes around double quotes keep the double quotes;
* ``serverless.yml`` is YAML, so its idioms are YAML's (a ``|`` block keeps its newline, a
  quoted blank stays, ``'"…"'`` keeps the quotes) and ``${self:custom…}`` hands them on;
* a SAM template's literal is YAML too (same idioms), set per environment as the function's
  ``Environment.Variables`` of ``<env>/template.yaml``;
* a PM2 ecosystem file is JavaScript: a string literal decodes ``\\n``, keeps a blank and
  keeps escaped quotes.

The environment is written the way the platform names it: Netlify's ``production`` context
for prod (whatever alias the cell uses: the context name is fixed), and a branch context
(``[context.staging]``, ``[context.dev]``) for the others; Vercel's ``production`` and
``development`` targets and a custom ``staging`` target.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_yaml import map_value
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


def heroku_faults(faults: Sequence[str]) -> tuple[str, ...]:
    """The faults an ``app.json`` can carry: all but an empty or placeholder ``value``."""
    return tuple(f for f in faults if f not in {"empty-token", "placeholder"})


def _json_string(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + " ")
    if var.mark is Mark.QUOTED:
        return json.dumps(f'"{var.value}"')
    return json.dumps(var.value)


def write_heroku_app_json(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``heroku/<service>-<env>/app.json``: one app definition per Heroku app of a pipeline,
    each ``env`` entry an object with a description and the ``value`` the app starts with."""
    tree = Tree()
    for service in services:
        doc = Doc(f"heroku/{service.name}-{folders[service.env]}/app.json")
        doc.add(f'{{\n  "name": "{service.name}",\n  "env": {{')
        doc.add('    "SECRET_KEY": {"generator": "secret"},')
        for index, var in enumerate(service.vars):
            comma = "," if index < len(service.vars) - 1 else ""
            doc.add(f'    "{ENV_NAMES[var.field]}": {{')
            doc.add(f'      "value": {_json_string(var)}', (service.env, service.name, var.field))
            doc.add(f"    }}{comma}")
        doc.add('  },\n  "buildpacks": [{"url": "heroku/nodejs"}]\n}')
        tree.include(doc)
    return tree


def _shell_word(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value} "'
    if var.mark is Mark.PADDED:
        return f"'{var.value}\t'"
    if var.mark is Mark.QUOTED:
        return f"'\"{var.value}\"'"
    return var.value


def write_procfile(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``apps/<service>/Procfile.<env>`` (``foreman start -f``): the worker process line
    sets the credentials inline; the web process loads nothing of Twilio's."""
    tree = Tree()
    for service in services:
        doc = Doc(f"apps/{service.name}/Procfile.{folders[service.env]}")
        doc.add("web: node server.js")
        words = " ".join(f"{ENV_NAMES[v.field]}={_shell_word(v)}" for v in service.vars)
        doc.add(f"worker: {words} node worker.js")
        for var in service.vars:
            doc.places[(service.env, service.name, var.field)] = 2
        tree.include(doc)
    return tree


PM2_ENVS = {"prod": "production"}


def write_pm2(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``ecosystem.config.js`` per service folder: one app whose ``env_<env>`` blocks hold the
    credentials (started with ``pm2 start ecosystem.config.js --env <env>``)."""
    del folders  # the block is what --env names: env_production, env_staging, env_dev
    tree = Tree()
    for name, members in _by_name(services).items():
        doc = Doc(f"apps/{name}/ecosystem.config.js")
        doc.add(f'module.exports = {{\n  apps: [\n    {{\n      name: "{name}",')
        doc.add('      script: "./dist/server.js",\n      env: {\n        PORT: 3000,\n      },')
        for service in members:
            doc.add(f"      env_{PM2_ENVS.get(service.env, service.env)}: {{")
            for var in service.vars:
                line = f"        {ENV_NAMES[var.field]}: {_js_string(var)},"
                doc.add(line, (service.env, service.name, var.field))
            doc.add("      },")
        doc.add("    },\n  ],\n};")
        tree.include(doc)
    return tree


def _js_string(var: Var) -> str:
    return toml_string(var)  # a JS double-quoted literal escapes the same way


SLS_KEYS = {
    "sid": "accountSid",
    "token": "authToken",
    "keysid": "apiKey",
    "keysecret": "apiSecret",
    "region": "region",
    "edge": "edge",
}


def write_serverless(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``services/<service>/serverless.yml``: ``custom.twilio.<stage>`` per environment, and
    ``provider.environment`` picking the stage's entry with ``${sls:stage}``."""
    tree = Tree()
    for name, members in _by_name(services).items():
        doc = Doc(f"services/{name}/serverless.yml")
        doc.add(f'service: {name}\nframeworkVersion: "3"\n\ncustom:\n  twilio:')
        for service in members:
            doc.add(f"    {folders[service.env]}:")
            for var in service.vars:
                line = f"      {SLS_KEYS[var.field]}:" + map_value(var, 6)
                doc.add(line, (service.env, service.name, var.field))
        default = folders[members[0].env]
        doc.add(
            f"\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  stage: ${{opt:stage, '{default}'}}"
        )
        doc.add("  environment:")
        fields = list(dict.fromkeys(v.field for s in members for v in s.vars))
        for field in fields:
            lookup = f"${{self:custom.twilio.${{sls:stage}}.{SLS_KEYS[field]}}}"
            doc.add(f"    {ENV_NAMES[field]}: {lookup}")
        doc.add("\nfunctions:\n  send:\n    handler: src/send.handler")
        tree.include(doc)
    return tree


def write_sam(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``sam/<service>/<env>/template.yaml``: one stack per environment, the function's
    ``Environment.Variables`` holding the credentials as literals."""
    tree = Tree()
    for service in services:
        doc = Doc(f"sam/{service.name}/{folders[service.env]}/template.yaml")
        doc.add('AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31')
        doc.add("Resources:\n  SendFunction:\n    Type: AWS::Serverless::Function")
        doc.add("    Properties:\n      Handler: app.handler\n      Runtime: python3.12")
        doc.add("      Environment:\n        Variables:")
        for var in service.vars:
            line = f"          {ENV_NAMES[var.field]}:" + map_value(var, 10)
            doc.add(line, (service.env, service.name, var.field))
        doc.add("      Role: !GetAtt SendRole.Arn")
        tree.include(doc)
    return tree
