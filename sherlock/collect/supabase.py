"""Supabase CLI projects: the SMS provider blocks of ``supabase/config.toml``.

Supabase Auth sends its phone OTPs through the provider configured under
``[auth.sms.<provider>]`` (``account_sid``, ``auth_token``, ``message_service_sid`` for
Twilio). A value may be written in place or as ``"env(NAME)"``, which the CLI replaces with the
variable ``NAME`` from the environment after loading, without overriding, the env files of the
``supabase/`` folder and then of the project above it (the CLI's ``loadNestedEnv`` runs
``loadDefaultEnv`` in each: ``.env.<SUPABASE_ENV>.local``, ``.env.local``,
``.env.<SUPABASE_ENV>``, ``.env``, ``SUPABASE_ENV`` defaulting to ``development``; older CLIs
loaded fewer: the project's files, or ``supabase/.env`` alone). The block's environment is the
one its path names, like the env files beside it, and ``supabase/`` is the CLI's folder, not a
service (:data:`~sherlock.collect.context.TOOL_FOLDERS`), so the SID written here and the token
an env file holds form one client's credentials (the env file's own reading of that token then
borrows the block's SID and is counted once, as the same set). What happens to an unset name
depends on the CLI's version: older ones sent the text ``env(NAME)`` itself as the credential,
newer ones refuse to start; either way the name is what to look at, so each ``env()`` reference
is recorded as a :class:`~sherlock.collect.readings.CodeReading`, and its value, when one of
those files sets it, becomes the credential this block sends. ``[remotes.<branch>.auth…]``
blocks configure a branch project; the branch name is their environment.

Environment variables also override config.toml keys outright. The CLI's ``loadFromFile``
(``pkg/config/config.go``) reads the file through viper with ``SetEnvPrefix("SUPABASE")``,
``AutomaticEnv()`` and an ``EnvKeyReplacer`` turning ``.`` into ``_``, so
``SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN`` (the key path upper-cased, under the prefix) replaces
``[auth.sms.twilio] auth_token`` whatever the file says, literal or ``env()``, and reaches a
key the block leaves out (the CLI's defaults hold every key of ``[auth.sms.twilio]``). The
variable comes from the process environment or, failing that, from the env files above
(``loadNestedEnv`` runs before the file is read). The override is laid over the file's value
(:mod:`sherlock.collect.precedence`): the file's value stays as the hidden one, so a stale
literal under a good override is harmless and a stale override over a good literal is a
``source-precedence`` fault at the override's line. ``[remotes.<branch>…]`` values are
``Set`` on the viper instance by ``mergeRemoteConfig``, which beats the environment: they
are not overridden.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    DEFAULT_ENVIRONMENT,
    environment_from_path,
    environment_from_text,
    environment_from_variables,
    pick_environment,
    service_from_path,
)
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.dotenv import is_env_file_name
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import names_a_provider, project_service, slot_of
from sherlock.collect.readings import CodeReading
from sherlock.collect.walk import decode_text, read_inside
from sherlock.models import Location

READER = "supabase env()"
CONSUMER = "supabase auth (config.toml)"
_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\]]+?)\s*\]\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*(?P<key>[A-Za-z0-9_\-]+)\s*=")
_ENV_REF = re.compile(r"^env\((?P<name>[^)]+)\)$")
_SMS = re.compile(r"^(?:remotes\.(?P<branch>[^.]+)\.)?auth\.sms\.(?P<provider>[\w-]+)$")
ENV_FILES = (".env.development.local", ".env.local", ".env.development", ".env")
#: keys the CLI's defaults give every Twilio SMS block, so an override reaches them unwritten
TWILIO_KEYS = ("account_sid", "message_service_sid", "auth_token")


@dataclass(frozen=True)
class Setting:
    """One key of an SMS provider block: its table path, key, decoded value and line."""

    table: str
    key: str
    value: str
    line: int
    branch: str | None


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) → line, for the simple ``key = value`` lines TOML files are made of."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, raw in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(raw)
        if header:
            table = header["name"].replace(" ", "").replace('"', "")
            continue
        assign = _ASSIGN.match(raw)
        if assign:
            lines.setdefault((table, assign["key"]), number)
    return lines


def _tables(
    data: Mapping[str, object], prefix: str = ""
) -> Iterator[tuple[str, dict[str, object]]]:
    for key, value in data.items():
        if isinstance(value, dict):
            path = f"{prefix}.{key}" if prefix else key
            yield path, value
            yield from _tables(value, path)


def sms_settings(text: str, data: Mapping[str, object]) -> list[Setting]:
    """String settings of every ``auth.sms.<provider>`` block (remote branches included)."""
    lines = _key_lines(text)
    found: list[Setting] = []
    for table, body in _tables(data):
        block = _SMS.match(table)
        if block is None:
            continue
        for key, value in body.items():
            if isinstance(value, str):
                line = lines.get((table, key), 0)
                found.append(Setting(table, key, value, line, block["branch"]))
    return found


def _env_files(project: str, ctx: ScanContext) -> dict[str, tuple[str, Location]]:
    """NAME → (value, where) from the env files the CLI loads; earlier files win.

    The CLI's ``loadNestedEnv`` starts in the ``supabase/`` folder and walks up to the
    project, loading each folder's files without overriding, so ``supabase/.env`` wins."""
    known: dict[str, tuple[str, Location]] = {}
    folders = (f"{project}/supabase" if project else "supabase", project)
    for folder in folders:
        for name in ENV_FILES:
            relpath = f"{folder}/{name}" if folder else name
            data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
            text = decode_text(data)[0] if isinstance(data, bytes) else None
            if text is None:
                continue
            for entry in parse_env_text(text, PYTHON_DOTENV).entries:
                known.setdefault(entry.name, (entry.value, Location(relpath, entry.line)))
    return known


class SupabaseConfigCollector:
    """Reads the SMS provider credentials of ``supabase/config.toml``."""

    name = "supabase-config"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name == "config.toml"

    def wants(self, relpath: str) -> bool:
        return relpath == "supabase/config.toml" or relpath.endswith("/supabase/config.toml")

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            where = re.search(r"line (\d+)", str(exc))
            location = f"{source.relpath}:{where[1]}" if where else source.relpath
            return _bad_toml(location)
        project = source.relpath.removesuffix("supabase/config.toml").removesuffix("/")
        service = project_service(project, ctx.root_name)
        known = Known(dict(ctx.process_env or {}), _env_files(project, ctx))
        result = CollectResult()
        entries: dict[str | None, list[Entry]] = {}
        for setting in with_unwritten_keys(sms_settings(text, data)):
            found = self._setting(setting, source.relpath, service, known, result)
            entries.setdefault(setting.branch, []).extend(found)
        for branch, found in entries.items():
            if branch is None and copies_one_env_file(found, source.relpath, known, ctx):
                continue
            result.extend(emit(found, _unit(source.relpath, branch, service)))
        return result

    @staticmethod
    def _setting(
        setting: Setting, relpath: str, service: str, known: Known, result: CollectResult
    ) -> list[Entry]:
        """The file's entry for one key, then the ``SUPABASE_…`` override laid over it (an
        empty value under an override is no credential and is not kept as a hidden one)."""
        key = f"{setting.table}.{setting.key}"
        hint = f"{setting.table.rsplit('.', 1)[-1]}_{setting.key}"
        override = override_name(setting) if setting.branch is None else None
        written, referenced = _written(setting, relpath, service, known, result)
        over = known.lookup(override) if override and override != referenced else None
        if override is None or over is None:
            return [written] if written is not None else []
        found = [written] if written is not None and written.raw.strip() else []
        found.append(Entry(override, over[0], over[1], key=hint, layer=override, slot=key))
        return found


def _written(
    setting: Setting, relpath: str, service: str, known: Known, result: CollectResult
) -> tuple[Entry | None, str | None]:
    """What the file gives a key: its literal, or the value of the variable its ``env()``
    names (recorded as a reading, the override variable being another way to fill it)."""
    key = f"{setting.table}.{setting.key}"
    location = Location(relpath, setting.line or None, key=key)
    hint = f"{setting.table.rsplit('.', 1)[-1]}_{setting.key}"
    if not setting.line:
        return None, None
    reference = _ENV_REF.match(setting.value.strip())
    if reference is None:
        return Entry(key, setting.value, location, key=hint, layer=relpath, slot=key), None
    name = reference["name"].strip()
    slot = slot_of(hint, name)
    if slot is not None:
        override = override_name(setting) if setting.branch is None else name
        aliases = (override,) if override != name else ()
        environment = _environment(setting.branch, relpath)
        reading = CodeReading(slot, name, service, environment, location, READER, aliases=aliases)
        result.readings.append(reading)
    value = known.lookup(name)
    if value is None:
        return None, name
    return Entry(key, value[0], value[1], key=hint, layer=relpath, slot=key), name


def copies_one_env_file(entries: list[Entry], relpath: str, known: Known, ctx: ScanContext) -> bool:
    """Whether a block sends exactly what one env file holds, hiding nothing, and the
    env-file reader files that file under the block's environment and service: the same
    values read twice would look held twice in their environment (and hide, say, that they
    are staging's), so the block then adds nothing of its own."""
    entries = [e for e in entries if slot_of(e.classify_as) is not None]  # credentials only
    winners = {entry.binds: entry for entry in entries}
    paths = {entry.location.path for entry in winners.values()}
    if not entries or len(winners) != len(entries) or len(paths) != 1:
        return False
    [path] = paths
    names = {where: name for name, (_value, where) in known.files.items()}
    if not is_env_file_name(path.rsplit("/", 1)[-1]) or path in ctx.env_file_consumers:
        return False
    if not all(e.location in names and is_provider_name(names[e.location], e.raw) for e in entries):
        return False
    pairs = [(n, v) for n, (v, where) in known.files.items() if where.path == path]
    own = pick_environment(environment_from_path(path), environment_from_variables(pairs))
    project = relpath.removesuffix("supabase/config.toml").removesuffix("/")
    same_service = service_from_path(path, ctx.root_name) == project_service(project, ctx.root_name)
    return same_service and own == _environment(None, relpath)


@dataclass(frozen=True)
class Known:
    """The variables the CLI sees: its own environment first, then the env files it loads
    (which never override what the environment already has)."""

    environ: Mapping[str, str]
    files: Mapping[str, tuple[str, Location]]

    def lookup(self, name: str) -> tuple[str, Location] | None:
        if name in self.environ:
            return self.environ[name], Location(f"env:{name}")
        return self.files.get(name)


def override_name(setting: Setting) -> str:
    """viper's variable for a key: ``SUPABASE_`` + the dotted path upper-cased, dots to ``_``."""
    return "SUPABASE_" + f"{setting.table}.{setting.key}".upper().replace(".", "_")


def with_unwritten_keys(settings: list[Setting]) -> list[Setting]:
    """The written settings, plus (line 0, no value) each Twilio key a base block leaves out:
    the CLI's defaults hold it, so an override variable still reaches it."""
    blocks: dict[str, set[str]] = {}
    for setting in settings:
        if setting.branch is None:
            blocks.setdefault(setting.table, set()).add(setting.key)
    extra = [
        Setting(table, key, "", 0, None)
        for table, keys in blocks.items()
        if table.rsplit(".", 1)[-1].startswith("twilio")
        for key in TWILIO_KEYS
        if key not in keys
    ]
    return settings + extra


def _environment(branch: str | None, relpath: str) -> str:
    """A remote branch's name; else what the path says, as for the env files beside it (so
    the block and the env file that holds its token are seen as one client's)."""
    if branch is None:
        return pick_environment(environment_from_path(relpath))
    return environment_from_text(branch) or branch or DEFAULT_ENVIRONMENT


def _unit(relpath: str, branch: str | None, service: str) -> Unit:
    scope = relpath if branch is None else f"{relpath} [remotes.{branch}]"
    return Unit(
        scope=scope,
        source_kind="supabase-config",
        consumer=CONSUMER,
        environment=_environment(branch, relpath),
        service=service,
        hints=(relpath, "sms"),
        named_environment=False,
    )


def _bad_toml(location: str) -> CollectResult:
    result = CollectResult()
    result.note(location, "not valid TOML; the Supabase CLI would refuse it too (not read)")
    return result
