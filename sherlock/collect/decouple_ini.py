"""python-decouple's ``settings.ini``: the file ``config("TWILIO_AUTH_TOKEN")`` falls back to.

Read as decouple 3.8 reads it (``decouple.py``, ``AutoConfig`` and ``RepositoryIni``):

* ``AutoConfig`` looks for ``settings.ini`` and then ``.env`` in the caller's folder and each
  parent, and uses the first one it finds (``.env`` files are the dotenv reader's);
* the file is parsed by the standard library's ``ConfigParser()`` with its defaults, so this
  module parses it with that very class: only section ``[settings]`` is read (plus
  ``[DEFAULT]``, which every section inherits); keys are case-insensitive (a value is named
  in upper case, the name ``config()`` is called with; ``key=`` keeps it as written); a value keeps an
  inline ``; comment`` and its quotes; ``%%`` is one percent sign and ``%(key)s`` another
  key's value (``BasicInterpolation``); a repeated key or section, or a line before any
  section header, makes the parser refuse the whole file, and the app fails at start-up;
* ``Config.get`` asks ``os.environ`` first, so a variable the deployment exports wins over
  the file (:mod:`.python_settings_env`); the file's value is then kept as its shadow.

Example copies (``settings.ini.example``) are never loaded and are not read.
"""

from __future__ import annotations

import configparser
import posixpath
import re
from dataclasses import dataclass, replace

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment, service_from_path
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.project_env import deployments
from sherlock.collect.python_settings_env import deployed_entries, unnamed_role
from sherlock.collect.vocabulary import may_hold_credentials
from sherlock.models import Location, Note

CONSUMER = "python-decouple"
FILE_NAME = "settings.ini"
SECTION = "settings"  # decouple's RepositoryIni.SECTION
_HEADER = re.compile(r"^\[(?P<name>[^\]]+)\]")
_OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]")


@dataclass(frozen=True)
class Written:
    """Where a key of the read sections was written, and how it was spelled."""

    key: str
    line: int


def key_lines(text: str) -> dict[str, Written]:
    """Lower-cased key → where it was written in ``[settings]`` or ``[DEFAULT]`` (the
    ``[settings]`` line wins, as the parser's lookup does)."""
    found: dict[str, Written] = {}
    section = None
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            section = header["name"]
            continue
        option = _OPTION.match(line)
        if option is None or line.lstrip()[:1] in "#;" or section not in (SECTION, "DEFAULT"):
            continue
        key = option["key"].strip().lower()
        if section == SECTION or key not in found:
            found[key] = Written(option["key"].strip(), number)
    return found


def _refused(relpath: str, exc: configparser.Error) -> Note:
    """A note at the line configparser stopped at; its message may quote the line, so only
    the kind of fault is said."""
    line = getattr(exc, "lineno", None)
    errors = getattr(exc, "errors", None)  # MissingSectionHeaderError has none
    if line is None and errors:
        line = errors[0][0]
    where = f"{relpath}:{line}" if line else relpath
    kind = type(exc).__name__
    message = f"configparser refuses this file ({kind}), so python-decouple fails at start-up"
    return Note(where, message)


def read_settings(relpath: str, text: str) -> tuple[list[Entry], list[Note]]:
    """The ``[settings]`` entries as decouple returns them, and notes on what fails."""
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text, source=relpath)
    except configparser.Error as exc:
        return [], [_refused(relpath, exc)]
    if not parser.has_section(SECTION):
        return [], []
    lines = key_lines(text)
    entries: list[Entry] = []
    notes: list[Note] = []
    for key in parser.options(SECTION):
        written = lines.get(key, Written(key, 0))
        location = Location(relpath, written.line or None, key=f"{SECTION}.{written.key}")
        try:
            value = parser.get(SECTION, key)
        except configparser.InterpolationError:
            if is_provider_name(written.key):
                message = (
                    f"{written.key} holds a %-interpolation configparser cannot resolve; "
                    "python-decouple raises when it is read"
                )
                notes.append(Note(str(location), message))
            continue
        # the lookup goes through configparser, which folds case: the key fills config("KEY")
        entries.append(Entry(key.upper(), value, location, layer=FILE_NAME, slot=key.upper()))
    return entries, notes


class DecoupleIniCollector:
    """Reads the ``[settings]`` section of python-decouple's ``settings.ini``."""

    name = "python-decouple"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] == FILE_NAME

    def matches(self, relpath: str, head: bytes) -> bool:
        """Only a file with decouple's ``[settings]`` section is decouple's (other tools keep
        ``settings.ini`` files too), and only when it could hold a credential."""
        return self.wants(relpath) and b"[settings]" in head and may_hold_credentials(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        entries, notes = read_settings(source.relpath, text.removeprefix("\ufeff"))
        result = CollectResult(notes=notes)
        if not entries:
            return result
        project = posixpath.dirname(source.relpath)
        unit = Unit(
            scope=source.relpath,
            source_kind="python-decouple",
            consumer=CONSUMER,
            environment=pick_environment(environment_from_path(source.relpath)),
            service=service_from_path(source.relpath, ctx.root_name),
            hints=(source.relpath,),
        )
        keys = {e.binds: e.name for e in entries}

        def bind(name: str) -> tuple[str, str] | None:
            if name.upper() in keys:
                return keys[name.upper()], name.upper()
            return (name, name.upper()) if unnamed_role(name, list(keys.values())) else None

        started = deployments(ctx, project)
        for deployment in started:
            scope = f"{source.relpath} [{deployment.label}]"
            run = [*entries, *deployed_entries(deployment, bind)]
            result.extend(emit(run, replace(unit, scope=scope)))
        if not started:
            result.extend(emit(entries, unit))
        return result
