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
    pick_environment,
)
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.emit import Entry, Unit, emit
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
        environ = dict(ctx.process_env or {})
        files = _env_files(project, ctx)
        result = CollectResult()
        entries: dict[str | None, list[Entry]] = {}
        for setting in sms_settings(text, data):
            entry = self._setting(setting, source.relpath, service, environ, files, result)
            if entry is not None:
                entries.setdefault(setting.branch, []).append(entry)
        for branch, found in entries.items():
            result.extend(emit(found, _unit(source.relpath, branch, service)))
        return result

    @staticmethod
    def _setting(
        setting: Setting,
        relpath: str,
        service: str,
        environ: Mapping[str, str],
        files: Mapping[str, tuple[str, Location]],
        result: CollectResult,
    ) -> Entry | None:
        key = f"{setting.table}.{setting.key}"
        location = Location(relpath, setting.line or None, key=key)
        hint = f"{setting.table.rsplit('.', 1)[-1]}_{setting.key}"
        reference = _ENV_REF.match(setting.value.strip())
        if reference is None:
            return Entry(key, setting.value, location, key=hint)
        name = reference["name"].strip()
        slot = slot_of(hint, name)
        if slot is not None:
            environment = _environment(setting.branch, relpath)
            result.readings.append(CodeReading(slot, name, service, environment, location, READER))
        if name in environ:
            return Entry(key, environ[name], location, key=hint)
        if name in files:
            return Entry(key, files[name][0], files[name][1], key=hint)
        return None


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
