"""Functions deploy scripts and Supabase overrides as source kinds.

* ``twilio-run-script-env``: ``<service>/package.json`` has one ``deploy:<env>`` script per
  environment, ``twilio-run deploy --env ./build/.constants.<env> --environment=<env>``; the
  file holds the unprefixed ``ACCOUNT_SID``/``AUTH_TOKEN`` twilio-run deploys with. No env-file
  reader loads a file of that name by itself: only the script says it is a deploy's.
* ``twilio-run-script-flags``: the same scripts pass the pair as ``--username``/``--password``
  literals, quoted the way ``sh -c`` reads them (junk goes inside single quotes).
* ``supabase-env-override``: ``<env>/<service>/supabase/config.toml`` is ``supabase init``'s
  template (an empty ``account_sid``, ``auth_token = "env(…)"``) and the project's
  ``supabase/.env`` sets ``SUPABASE_AUTH_SMS_TWILIO_ACCOUNT_SID`` and ``…_AUTH_TOKEN``, which
  the CLI's viper lets override those keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_frameworks import FUNCTIONS_NAMES, _env_file_value
from tests.matrix.model import Doc, Mark, Service, Tree, Var

_FUNCTION = "exports.handler = (context, event, callback) => callback(null, 'ok');"
_FLAGS = {"sid": "--username", "token": "--password"}
_OVERRIDES = {
    "sid": "SUPABASE_AUTH_SMS_TWILIO_ACCOUNT_SID",
    "token": "SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN",
}


def _by_name(services: Sequence[Service]) -> dict[str, list[Service]]:
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.name, []).append(service)
    return grouped


def _package(name: str, scripts: Mapping[str, str], tree: Tree) -> Doc:
    """A Functions project's package.json, one script per line from line 5 on."""
    doc = Doc(f"{name}/package.json")
    doc.add(f'{{\n  "name": "{name}",\n  "private": true,\n  "scripts": {{')
    lines = [f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in scripts.items()]
    doc.lines.extend(f"{line}," for line in lines[:-1])
    doc.lines.extend(lines[-1:])
    doc.add('  },\n  "devDependencies": { "twilio-run": "^3.5.4" }\n}')
    function = Doc(f"{name}/functions/send.js")
    function.add(_FUNCTION)
    tree.include(function)
    return doc


def write_twilio_run_script_env(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """One deploy script per environment, each loading its own ``build/.constants.<env>``."""
    tree = Tree()
    for name, members in _by_name(services).items():
        scripts = {"start": "twilio-run start"}
        for service in members:
            word = folders[service.env]
            scripts[f"deploy:{word}"] = (
                f"twilio-run deploy --env ./build/.constants.{word} --environment={word}"
            )
            env = Doc(f"{name}/build/.constants.{word}")
            env.add(f"# loaded by npm run deploy:{word}")
            for var in service.vars:
                line = f"{FUNCTIONS_NAMES[var.field]}={_env_file_value(var)}"
                env.add(line, (service.env, service.name, var.field))
            tree.include(env)
        tree.include(_package(name, scripts, tree))
    return tree


def _shell_word(var: Var) -> str:
    """A flag value as ``sh`` keeps it: junk only survives inside single quotes."""
    if var.mark is Mark.INVISIBLE:
        return f"'{var.value}\n'"
    if var.mark is Mark.PADDED:
        return f"'{var.value} '"
    if var.mark is Mark.QUOTED:
        return f"'\"{var.value}\"'"
    return f"'{var.value}'" if not var.value else var.value


def write_twilio_run_script_flags(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """One deploy script per environment with the pair as ``--username``/``--password``."""
    tree = Tree()
    for name, members in _by_name(services).items():
        scripts = {"start": "twilio-run start"}
        places: list[tuple[int, Service]] = []
        for service in members:
            word = folders[service.env]
            flags = " ".join(f"{_FLAGS[v.field]} {_shell_word(v)}" for v in service.vars)
            scripts[f"deploy:{word}"] = f"twilio-run deploy {flags} --environment={word}"
            places.append((len(scripts) + 4, service))
        doc = _package(name, scripts, tree)
        for line, service in places:
            for var in service.vars:
                doc.places[(service.env, service.name, var.field)] = line
        tree.include(doc)
    return tree


_TEMPLATE = """project_id = "{name}"

[auth]
enabled = true

[auth.sms]
enable_signup = true

[auth.sms.twilio]
enabled = true
account_sid = ""
message_service_sid = "MG4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1a"
# DO NOT commit your Twilio auth token to git. Use environment variable substitution instead:
auth_token = "env(SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN)"
"""


def write_supabase_env_override(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``supabase init``'s config.toml, every Twilio value set as a ``SUPABASE_…`` override."""
    tree = Tree()
    for service in services:
        root = f"{folders[service.env]}/{service.name}/supabase"
        config = Doc(f"{root}/config.toml")
        config.add(_TEMPLATE.format(name=service.name).rstrip("\n"))
        tree.include(config)
        env = Doc(f"{root}/.env")
        env.add("# loaded by the supabase CLI before config.toml")
        for var in service.vars:
            line = f"{_OVERRIDES[var.field]}={_env_file_value(var)}"
            env.add(line, (service.env, service.name, var.field))
        tree.include(env)
    return tree
