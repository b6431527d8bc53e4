"""Django and Flask settings modules: ``settings.py``, ``settings/<env>.py``, ``config.py``.

Django imports ``DJANGO_SETTINGS_MODULE`` (``mysite.settings`` or ``mysite.settings.production``)
and Flask ``app.config.from_object(...)`` loads upper-case attributes of a module or a config
class (``class ProductionConfig(Config)``). Either way the credentials are module- or
class-level assignments, so the file is parsed with Python's own ``ast`` (never run) and:

* a string literal assigned to a credential name (``TWILIO_AUTH_TOKEN = "…"``) is a value;
* ``os.environ["X"]``, ``os.environ.get("X", d)``, ``os.getenv("X")``, django-environ's
  ``env("X")``/``env.str("X")`` and python-decouple's ``config("X")`` are a
  :class:`~sherlock.collect.readings.CodeReading` of ``X`` for the slot the assigned name fills
  (a default makes it ``has_default``);
* a dict of such (``TWILIO = {"ACCOUNT_SID": os.environ[...]}``) is read one level deep.

The environment is the module's (``settings/production.py``, ``settings_staging.py``) or the
config class's name (``ProductionConfig``), else the default one.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Iterator

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, slot_of
from sherlock.collect.readings import CodeReading
from sherlock.models import Location, Note

READER = "python settings"
_NAMES = frozenset({"settings.py", "local_settings.py"})
_LOOKUP_FUNCS = frozenset({"getenv", "env", "config", "str"})

#: (assigned name, value expression, class name or None)
Assignment = tuple[str, ast.expr, str | None]


def is_settings_module(relpath: str) -> bool:
    """A settings or config module by the names Django and Flask projects give them."""
    folder, name = posixpath.split(relpath)
    if not name.endswith(".py"):
        return False
    return (
        name in _NAMES
        or name == "config.py"
        or name.startswith("settings_")
        or posixpath.basename(folder) == "settings"
    )


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def env_lookup(node: ast.expr) -> tuple[str, bool] | None:
    """(variable, has a default) when ``node`` reads an environment variable."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and node.values:
        found = env_lookup(node.values[0])
        return (found[0], True) if found else None
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        name = _string(node.slice)
        return (name, False) if name else None
    if not isinstance(node, ast.Call) or not node.args:
        return None
    name = _string(node.args[0])
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    is_get = isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value)
    if name and (is_get or called in _LOOKUP_FUNCS):
        defaulted = len(node.args) > 1 or any(k.arg == "default" for k in node.keywords)
        return name, defaulted
    return None


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def assignments(tree: ast.Module) -> Iterator[Assignment]:
    """Upper-case assignments at module level and in config classes, dicts one level deep."""
    scopes: list[tuple[list[ast.stmt], str | None]] = [(tree.body, None)]
    scopes += [(n.body, n.name) for n in tree.body if isinstance(n, ast.ClassDef)]
    for body, owner in scopes:
        for statement in body:
            target, value = _target_value(statement)
            if target is None or value is None or not target.isupper():
                continue
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    inner = _string(key)
                    if inner:
                        yield f"{target}_{inner}", item, owner
            else:
                yield target, value, owner


def _target_value(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return (target.id if isinstance(target, ast.Name) else None), statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None


class PythonSettingsCollector:
    """Reads credential assignments of Django/Flask settings modules."""

    name = "python-settings"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith(".py")

    def wants(self, relpath: str) -> bool:
        return is_settings_module(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        if relpath.rsplit("/", 1)[-1] == "config.py" and b"Config" not in head:
            return False  # a plain module named config.py is code, not Flask settings
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        try:
            tree = ast.parse(text.removeprefix("\ufeff"), filename=source.relpath)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            line = getattr(exc, "lineno", None)
            where = f"{source.relpath}:{line}" if line else source.relpath
            return CollectResult(notes=[Note(where, "not valid Python; settings not read")])
        service = service_from_path(source.relpath, ctx.root_name)
        result = CollectResult()
        by_scope: dict[str | None, list[Entry]] = {}
        for name, value, owner in assignments(tree):
            slot = slot_of(name)
            environment = _environment(source.relpath, owner)
            location = Location(source.relpath, value.lineno, key=name)
            lookup = env_lookup(value)
            if lookup is not None and slot is not None:
                reading = CodeReading(
                    slot, lookup[0], service, environment, location, READER, lookup[1]
                )
                result.readings.append(reading)
            elif (literal := _string(value)) is not None:
                by_scope.setdefault(owner, []).append(Entry(name, literal, location))
        for owner, entries in by_scope.items():
            scope = source.relpath if owner is None else f"{source.relpath} [{owner}]"
            environment = _environment(source.relpath, owner)
            unit = Unit(scope, "python-settings", READER, environment, service, (source.relpath,))
            result.extend(emit(entries, unit))
        return result


def _environment(relpath: str, owner: str | None) -> str:
    from_class = environment_from_text(owner.removesuffix("Config")) if owner else None
    return pick_environment(from_class, environment_from_path(relpath))
