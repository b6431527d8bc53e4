"""pydantic-settings: the environment variable each ``BaseSettings`` field reads, as a reading.

Read (with Python's ``ast``, never run) as pydantic-settings 2.x maps fields to variables
(``docs/index.md`` "Environment variable names", ``sources/providers/env.py``):

* a field reads ``env_prefix + field name``; names are compared case-insensitively unless
  ``case_sensitive=True``, so ``APP_TWILIO_AUTH_TOKEN`` and ``app_twilio_auth_token`` both fill
  ``twilio_auth_token`` under ``env_prefix="APP_"``;
* ``Field(alias=...)`` or ``Field(validation_alias=...)`` replaces that name and the prefix is
  not applied (``env_prefix_target`` defaults to the variable names); ``AliasChoices`` lists
  several names, any of which fills the field;
* the prefix comes from ``model_config = SettingsConfigDict(...)`` (or a dict), the class
  keywords (``class S(BaseSettings, env_prefix="APP_")``) or pydantic v1's inner
  ``class Config``; a subclass in the same module inherits its parent's fields and config;
* ``env_file`` values are read with the same names (the prefix applies there too), and OS
  variables win over them, so a ``.env`` or compose service that sets ``TWILIO_AUTH_TOKEN``
  never fills a field that reads ``APP_TWILIO_AUTH_TOKEN``.

Each credential field is a :class:`~sherlock.collect.readings.CodeReading` at the field's line
(``has_default`` when the field has a default), so ``variable-name-mismatch`` can compare it
with the names the deployment sets. A string default of a credential field
(``twilio_auth_token: str = "…"``) is what pydantic fills the field with while no variable
does: it is a value named by that variable and marked ``fallback``
(:mod:`sherlock.collect.code.fallbacks` keeps it only where nothing sets the variable). A module holding a settings class is often also a Django
settings module or the code that builds the client: what those readers find in it is kept
(the module is handed on to them).
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field, replace

from sherlock.collect.base import (
    Collector,
    CollectResult,
    ScanContext,
    SourceFile,
    declared_needles,
    lacks_all,
)
from sherlock.collect.code.collector import CodeCollector, is_decoy_source
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service, slot_of
from sherlock.collect.pysettings import PythonSettingsCollector
from sherlock.collect.readings import CodeReading
from sherlock.collect.vocabulary import is_placeholder
from sherlock.models import Location, Note

READER = "pydantic-settings"
_BASE = "BaseSettings"
#: words of the module names settings classes are kept in
_MODULE_WORDS = ("settings", "config", "conf", "env")
_CONFIG_CALLS = frozenset({"SettingsConfigDict", "ConfigDict", "dict"})


@dataclass(frozen=True)
class SettingsField:
    """A field: its name, the alias names that replace it (if any), whether it has a
    default, and its line."""

    name: str
    aliases: tuple[str, ...]
    has_default: bool
    line: int
    literal: str | None = None  # a string default, sent while no variable fills the field


@dataclass
class SettingsClass:
    """A ``BaseSettings`` class: its name, prefix, case rule and fields (inherited first)."""

    name: str
    prefix: str = ""
    case_sensitive: bool = False
    fields: dict[str, SettingsField] = field(default_factory=dict)


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _config_pairs(node: ast.expr) -> list[tuple[str, ast.expr]]:
    """``SettingsConfigDict(env_prefix=...)`` or ``{"env_prefix": ...}`` as (key, value)."""
    if isinstance(node, ast.Call) and _name_of(node.func) in _CONFIG_CALLS:
        return [(k.arg, k.value) for k in node.keywords if k.arg]
    if isinstance(node, ast.Dict):
        return [
            (k, v) for key, v in zip(node.keys, node.values, strict=True) if (k := _string(key))
        ]
    return []


def _apply(settings: SettingsClass, pairs: list[tuple[str, ast.expr]]) -> None:
    for key, value in pairs:
        if key == "env_prefix" and (text := _string(value)) is not None:
            settings.prefix = text
        elif key == "case_sensitive" and isinstance(value, ast.Constant):
            settings.case_sensitive = value.value is True


def _field_info(value: ast.expr | None) -> tuple[tuple[str, ...], bool, str | None]:
    """The alias names a field's value gives (``Field(alias=...)``), whether the field has a
    default, and that default when it is a string literal."""
    if not (isinstance(value, ast.Call) and _name_of(value.func) == "Field"):
        return (), value is not None, _string(value)
    names: list[str] = []
    literal: str | None = None
    for keyword in value.keywords:
        if keyword.arg in ("alias", "validation_alias"):
            choice = keyword.value
            if isinstance(choice, ast.Call) and _name_of(choice.func) == "AliasChoices":
                names += [s for arg in choice.args if (s := _string(arg))]
            elif (text := _string(choice)) is not None:
                names.append(text)
        elif keyword.arg == "default":
            literal = _string(keyword.value)
    first = value.args[0] if value.args else None
    positional = first is not None and not (isinstance(first, ast.Constant) and first.value is ...)
    keyed = any(k.arg in ("default", "default_factory") for k in value.keywords)
    literal = _string(first) if positional else literal
    return tuple(dict.fromkeys(names)), positional or keyed, literal


def _own_body(settings: SettingsClass, node: ast.ClassDef) -> None:
    """Config and fields the class body itself declares."""
    _apply(settings, [(k.arg, k.value) for k in node.keywords if k.arg])
    for statement in node.body:
        if isinstance(statement, ast.ClassDef) and statement.name == "Config":
            for inner in statement.body:
                if isinstance(inner, ast.Assign) and len(inner.targets) == 1:
                    _apply(settings, [(_name_of(inner.targets[0]), inner.value)])
        elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            if _name_of(statement.targets[0]) == "model_config":
                _apply(settings, _config_pairs(statement.value))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name = statement.target.id
            if name == "model_config":
                if statement.value is not None:
                    _apply(settings, _config_pairs(statement.value))
            elif not name.startswith("_") and "ClassVar" not in ast.unparse(statement.annotation):
                aliases, defaulted, literal = _field_info(statement.value)
                line = statement.lineno
                settings.fields[name] = SettingsField(name, aliases, defaulted, line, literal)


def settings_classes(tree: ast.Module) -> list[SettingsClass]:
    """Module-level classes that derive from ``BaseSettings`` (or from one of them here)."""
    known: dict[str, SettingsClass] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = [_name_of(base) for base in node.bases]
        parents = [known[b] for b in bases if b in known]
        if not parents and _BASE not in bases:
            continue
        settings = SettingsClass(node.name)
        for parent in reversed(parents):
            settings.prefix, settings.case_sensitive = parent.prefix, parent.case_sensitive
            settings.fields.update(parent.fields)
        _own_body(settings, node)
        known[node.name] = settings
    return list(known.values())


def _names(settings: SettingsClass, item: SettingsField) -> tuple[str, tuple[str, ...]]:
    """The variable a field reads and the other spellings that fill it too."""
    written = item.aliases or (settings.prefix + item.name,)
    if settings.case_sensitive:
        return written[0], written[1:]
    spellings = [form for name in written for form in (name.upper(), name, name.lower())]
    unique = tuple(dict.fromkeys(spellings))
    return unique[0], unique[1:]


def _environment(settings: SettingsClass, relpath: str) -> str:
    """``ProductionSettings`` → prod, else the path's environment."""
    named = environment_from_text(settings.name.removesuffix("Settings"))
    return pick_environment(named, environment_from_path(relpath))


def _slot(settings: SettingsClass, item: SettingsField, name: str) -> str | None:
    return slot_of(name, settings.prefix + item.name, item.name)


def readings(relpath: str, classes: list[SettingsClass], service: str) -> list[CodeReading]:
    """A reading per credential field of every settings class in the module."""
    found: list[CodeReading] = []
    for settings in classes:
        environment = _environment(settings, relpath)
        for item in settings.fields.values():
            name, others = _names(settings, item)
            slot = _slot(settings, item, name)
            if slot is None:
                continue
            location = Location(relpath, item.line, key=f"{settings.name}.{item.name}")
            reading = CodeReading(
                slot, name, service, environment, location, READER, item.has_default, others
            )
            found.append(reading)
    return found


def defaults(relpath: str, classes: list[SettingsClass], service: str) -> CollectResult:
    """Each class's string defaults of credential fields, as values named by the variable
    they stand in for and marked ``fallback``: pydantic uses one only while no variable (or
    env file) fills the field, which :mod:`sherlock.collect.code.fallbacks` settles once
    every source of the scan is known, as it does for code's ``os.getenv("X", "…")``."""
    result = CollectResult()
    for settings in classes:
        entries: list[Entry] = []
        for item in settings.fields.values():
            name, _others = _names(settings, item)
            text = item.literal
            if text is None or not text.strip() or is_placeholder(text):
                continue
            where = Location(relpath, item.line, key=f"{settings.name}.{item.name}")
            entries.append(Entry(name, text, where))  # emit keeps the provider's names only
        scope = f"{relpath} [{settings.name}]"
        unit = Unit(scope, READER, READER, _environment(settings, relpath), service, (relpath,))
        found = emit(entries, unit)
        found.values = [replace(v, fallback=True) for v in found.values]
        result.extend(found)
    return result


#: files that mark the root of a Python project (what a deployment builds or runs)
_PROJECT_MARKERS = (
    "pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile", "manage.py",
    "Dockerfile",
)  # fmt: skip


def python_project(ctx: ScanContext, relpath: str) -> str:
    """The folder of the Python project a module belongs to: the nearest one above it holding
    a project file (``reminders/`` for ``reminders/app/config.py``), so its service is the
    one a compose service or workload of that project is; else the module's own folder."""
    folder = posixpath.dirname(relpath)
    probe = folder
    while True:
        base = ctx.root / probe if probe else ctx.root
        if any((base / marker).is_file() for marker in _PROJECT_MARKERS):
            return probe
        if not probe:
            return folder
        probe = posixpath.dirname(probe)


#: the readers a settings module is handed on to, in the registry's order
_HANDED_ON: tuple[Collector, ...] = (PythonSettingsCollector(), CodeCollector())


def handed_on(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    """What the first of the Django settings or code readers that claims the file finds."""
    lowered = source.data.lower()
    for collector in _HANDED_ON:
        if lacks_all(lowered, declared_needles(collector)) or not collector.wants(source.relpath):
            continue
        if collector.matches(source.relpath, source.data):
            return collector.collect(source, text, ctx)
    return CollectResult()


class PydanticSettingsCollector:
    """Reads the variable names of pydantic-settings classes (see the module docstring)."""

    name = "pydantic-settings"
    #: a file without ``BaseSettings`` is never claimed: it goes on to the readers after it
    needles = (b"basesettings",)

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`):
        the modules settings classes live in by convention (``config.py``, ``settings.py``,
        ``core/config.py``, ``app_settings.py``, ``conf.py``, ``env.py``)."""
        lowered = name.lower()
        return lowered.endswith(".py") and any(word in lowered for word in _MODULE_WORDS)

    def wants(self, relpath: str) -> bool:
        return self.could_want(relpath.rsplit("/", 1)[-1]) and not is_decoy_source(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and _BASE.encode() in head and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = handed_on(source, text, ctx)
        try:
            tree = ast.parse(text.removeprefix("\ufeff"), filename=source.relpath)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            if not any(n.location.startswith(source.relpath) for n in result.notes):
                line = getattr(exc, "lineno", None)
                where = f"{source.relpath}:{line}" if line else source.relpath
                result.notes.append(Note(where, "not valid Python; pydantic settings not read"))
            return result
        service = project_service(python_project(ctx, source.relpath), ctx.root_name)
        classes = settings_classes(tree)
        result.readings.extend(readings(source.relpath, classes, service))
        result.extend(defaults(source.relpath, classes, service))
        return result
