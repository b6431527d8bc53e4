"""package.json scripts that run twilio-run: which env file each loads, for which environment,
and credentials passed as flags.

Functions projects keep their deploy commands in ``package.json``: ``"deploy:prod":
"twilio-run deploy --env .env.prod --environment=prod"``. What twilio-run does with such a
line is taken from its source (twilio-labs/serverless-toolkit, ``packages/twilio-run``):

* ``config/utils/env.ts`` (``readLocalEnvFile``) loads the ``--env`` file (``.env`` when the
  flag is absent) relative to the working folder (``cd``, or ``--cwd``) with Node's
  ``dotenv.parse``; a named file that is missing stops the command.
* ``config/utils/credentials.ts`` (``getCredentialsFromFlags``) takes the credentials from that
  file's ``ACCOUNT_SID`` and ``AUTH_TOKEN``; ``--username``/``--password`` (3.x; 2.x spelled
  them ``--account-sid``/``--auth-token``) override each half. Run as the Twilio CLI plugin
  (``twilio serverless:deploy``), the CLI profile's credentials replace the env file's, and
  only the flags still override them (``plugin-serverless``'s ``createExternalCliOptions``).
* ``flags.ts``: ``--environment`` (alias ``--to``) names the environment, ``--production``
  deploys without a domain suffix; the default is ``dev``.
* ``checks/project-structure.ts``: twilio-run only runs in a folder holding ``functions``,
  ``src``, ``assets`` or ``static``, which is how a Functions project is recognised here.

So each script gives, in the environment it deploys to (``--environment``/``--production``,
else the script's name, ``deploy:prod``, else ``dev``): the env file's two values, located at
their lines (unless the env-file reader already files that file under the same environment),
literal flag values located at the script's line (``key`` = the script's name) and laid over
the file's, and a :class:`~sherlock.collect.readings.CodeReading` per name looked up (the
file's ``ACCOUNT_SID``/``AUTH_TOKEN``, or a flag's ``$VAR``). Keys starting with ``//`` are
npm's comment convention and are not scripts. Only files whose bytes mention ``twilio-run`` or
``twilio serverless`` are parsed.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    environment_from_variables,
    pick_environment,
)
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.dotenv import is_env_file_name
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import project_service
from sherlock.collect.framework_dotenv import FrameworkDotenvCollector
from sherlock.collect.package_json import PackageJsonReader
from sherlock.collect.readings import CodeReading
from sherlock.collect.twilio_functions import DEPLOY_NAMES
from sherlock.collect.twilio_run_command import NO_CREDENTIALS, Invocation, invocations
from sherlock.collect.walk import decode_text, read_inside, resolve_reference
from sherlock.models import Location

NEEDLES = (b"twilio-run", b"twilio serverless")
#: the other reader of package.json files: the first collector that matches a file is the
#: only one given it, so a Functions project built with Next.js or Vite is read for both here
FRAMEWORK_ENV = FrameworkDotenvCollector()
PROJECT_FOLDERS = ("functions", "src", "assets", "static")
_VARIABLE = re.compile(r"^\$\{?(?P<name>[A-Za-z_]\w*)\}?$")
#: the flags that fill each slot, newest spelling first
SLOT_FLAGS = {"account_sid": ("username", "account-sid"), "auth_token": ("password", "auth-token")}


@dataclass(frozen=True)
class Script:
    """One script of one package.json, where it is written and the project it runs in."""

    relpath: str
    name: str
    where: Location
    project: str
    run: Invocation

    @property
    def named_environment(self) -> str | None:
        """What the flags say (``--production``, ``--environment``), else the script's name."""
        flags = self.run.flags
        if "production" in flags:
            return "prod"
        named = flags.get("environment") or flags.get("to") or flags.get("functions-env")
        if named:
            return environment_from_text(named) or named
        return environment_from_text(self.name)


@dataclass(frozen=True)
class EnvFile:
    """The env file a script loads: its path, the two entries twilio-run takes from it, and
    the environment the env-file reader files it under (its path, or an ``APP_ENV`` line)."""

    path: str
    entries: tuple[Entry, ...]
    environment: str
    read_as_env_file: bool


def environment_of(script: Script, loaded: EnvFile | None) -> str:
    """Where a script's credentials are used. ``twilio-run start`` is the local server: unless
    the script names an environment it runs with whatever the file belongs to; other
    commands act on the named environment, twilio-run's ``dev`` by default."""
    named = script.named_environment
    if named:
        return named
    if script.run.command == "start" and loaded is not None:
        return loaded.environment
    return "dev"


def script_line(text: str, name: str) -> int:
    """The line a script's key is written on (after ``"scripts"``), 1 when not found."""
    start = max(text.find('"scripts"'), 0)
    match = re.compile(re.escape(json.dumps(name)) + r"\s*:").search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def is_functions_project(ctx: ScanContext, folder: str) -> bool:
    base = ctx.root / folder if folder else ctx.root
    return any((base / name).is_dir() for name in PROJECT_FOLDERS)


class TwilioRunScriptsCollector(PackageJsonReader):
    """Reads the twilio-run commands of a Functions project's package.json scripts."""

    name = "twilio-run-scripts"
    needles = NEEDLES

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        """The scripts' readings, and (one reader per file) what the framework env-file
        reader takes from the same package.json when the project also builds with one."""
        result = CollectResult()
        if FRAMEWORK_ENV.matches(source.relpath, source.data):
            result.extend(FRAMEWORK_ENV.collect(source, text, ctx))
        if not self.matches(source.relpath, source.data):
            return result
        try:
            data = json.loads(text.removeprefix("\ufeff"))
        except (json.JSONDecodeError, RecursionError):
            result.note(source.relpath, "not JSON npm can read; its scripts were not read")
            return result
        scripts = data.get("scripts") if isinstance(data, dict) else None
        for script in self._scripts(source.relpath, text, scripts, ctx):
            result.extend(read_script(script, ctx))
        return result

    @staticmethod
    def _scripts(relpath: str, text: str, scripts: object, ctx: ScanContext) -> Iterator[Script]:
        if not isinstance(scripts, dict):
            return
        folder = posixpath.dirname(relpath)
        for name, line in scripts.items():
            if not isinstance(line, str) or name.startswith("//"):
                continue
            for run in invocations(line):
                project = resolve_reference(folder, run.cwd or ".")
                if run.command in NO_CREDENTIALS or project is None:
                    continue
                project = "" if project == "." else project
                if is_functions_project(ctx, project):
                    where = Location(relpath, script_line(text, name), key=name)
                    yield Script(relpath, name, where, project, run)


def read_script(script: Script, ctx: ScanContext) -> CollectResult:
    """The values, readings and notes of one twilio-run invocation."""
    result = CollectResult()
    service = project_service(script.project, ctx.root_name)
    env_name = script.run.flags.get("env")
    plain = bool(env_name) and not script.run.plugin
    loaded = load_env_file(script, env_name, ctx, result) if env_name and plain else None
    environment = environment_of(script, loaded)
    flagged, entries = flag_entries(script, service, environment, result)
    if loaded is not None:
        reader = f"twilio-run (loads {loaded.path})"
        for slot, name in DEPLOY_NAMES.items():
            if slot not in flagged:
                reading = CodeReading(slot, name, service, environment, script.where, reader)
                result.readings.append(reading)
        counted = loaded.read_as_env_file and loaded.environment == environment
        if entries or not counted:
            entries = [*loaded.entries, *entries]
    scope = f"{script.relpath} [scripts.{script.name}]"
    consumer = f"twilio-run {script.run.command} ({script.relpath} scripts.{script.name})"
    unit = Unit(scope, "twilio-functions", consumer, environment, service, (script.relpath,))
    result.extend(emit(entries, unit))
    return result


def flag_entries(
    script: Script, service: str, environment: str, result: CollectResult
) -> tuple[set[str], list[Entry]]:
    """The slots the flags fill, and the literal ones as entries at the script's line."""
    flagged: set[str] = set()
    entries: list[Entry] = []
    username = next(
        (script.run.flags[f] for f in SLOT_FLAGS["account_sid"] if f in script.run.flags), ""
    )
    for slot, names in SLOT_FLAGS.items():
        flag = next((f for f in names if script.run.flags.get(f)), None)
        if flag is None:
            continue
        flagged.add(slot)
        value = script.run.flags[flag]
        variable = _VARIABLE.match(value)
        if variable:
            reader = f"twilio-run --{flag}"
            reading = CodeReading(
                slot, variable["name"], service, environment, script.where, reader
            )
            result.readings.append(reading)
            continue
        entries.append(
            Entry(
                f"--{flag}",
                value,
                script.where,
                key=_classify_as(slot, username),
                layer=f"--{flag}",
                slot=slot,
            )
        )
    return flagged, entries


def _classify_as(slot: str, username: str) -> str:
    """The name a flag's value is judged under: ``--username`` takes a key SID or an Account
    SID, and ``--password`` is that key's secret or the account's token."""
    api_key = username.startswith("SK")
    if slot == "account_sid":
        return "TWILIO_API_KEY" if api_key else "TWILIO_ACCOUNT_SID"
    return "TWILIO_API_SECRET" if api_key else "TWILIO_AUTH_TOKEN"


def load_env_file(
    script: Script, env_name: str, ctx: ScanContext, result: CollectResult
) -> EnvFile | None:
    """The env file ``--env`` names, as twilio-run resolves it (from the working folder); a
    file missing from the tree is a note (twilio-run would stop; it may be kept out of git)."""
    target = resolve_reference(script.project, env_name)
    if target is None:
        return None
    data = read_inside(ctx.root, target, ctx.max_file_bytes)
    text = decode_text(data)[0] if isinstance(data, bytes) else None
    if text is None:
        message = (
            f"scripts.{script.name} makes twilio-run load {target}, which is not in the "
            "scanned tree; the credentials it holds were not checked"
        )
        result.note(str(script.where), message)
        return None
    parsed = parse_env_text(text, PYTHON_DOTENV)
    entries = tuple(
        Entry(line.name, line.value, Location(target, line.line), layer=target, slot=slot)
        for line in parsed.entries
        for slot, name in DEPLOY_NAMES.items()
        if line.name == name and not line.missing
    )
    pairs = [(line.name, line.value) for line in parsed.entries]
    own = pick_environment(environment_from_path(target), environment_from_variables(pairs))
    return EnvFile(target, entries, own, is_env_file_name(target.rsplit("/", 1)[-1]))
