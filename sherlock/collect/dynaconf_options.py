"""Which variables a project's dynaconf instance listens to: its prefix and its switcher.

dynaconf's defaults (``dynaconf/default_settings.py``) are ``ENVVAR_PREFIX_FOR_DYNACONF =
"DYNACONF"`` and ``ENV_SWITCHER_FOR_DYNACONF = "ENV_FOR_DYNACONF"``; the code that builds the
settings object may change both: ``Dynaconf(envvar_prefix="MYAPP")`` (``False``: variables
without a prefix; a comma-separated list: several), ``env_switcher="MYAPP_ENV"``; the Flask
extension defaults to ``FLASK`` and ``FLASK_ENV`` (``contrib/flask_dynaconf.py``), the Django
one to ``DJANGO`` and ``DJANGO_ENV`` (``contrib/django_dynaconf_v2.py``). The process's own
``ENVVAR_PREFIX_FOR_DYNACONF``/``ENV_SWITCHER_FOR_DYNACONF`` variables win over the code.

The code is found cheaply: the settings folder's Python modules and those one folder down
(a Django project package), only when their bytes name ``Dynaconf``, parsed with ``ast``.
"""

from __future__ import annotations

import ast
import os
import posixpath
from dataclasses import dataclass, replace

from sherlock.collect.base import ScanContext
from sherlock.collect.project_env import Deployment
from sherlock.collect.walk import decode_text, read_inside

DEFAULTS = {
    "Dynaconf": ("DYNACONF", "ENV_FOR_DYNACONF"),
    "LazySettings": ("DYNACONF", "ENV_FOR_DYNACONF"),
    "FlaskDynaconf": ("FLASK", "FLASK_ENV"),
    "DjangoDynaconf": ("DJANGO", "DJANGO_ENV"),
}
_PREFIX_KEYS = frozenset({"envvar_prefix", "envvar_prefix_for_dynaconf"})
_SWITCHER_KEYS = frozenset({"env_switcher", "env_switcher_for_dynaconf"})
_MAX_MODULES = 40


@dataclass(frozen=True)
class Options:
    """The variable prefixes (``()``: none, every variable is read) and the switcher."""

    prefixes: tuple[str, ...] = ("DYNACONF",)
    switcher: str = "ENV_FOR_DYNACONF"
    built_by: str = ""  # the module whose call said so ("": none found, the defaults)

    def unprefixed(self, name: str) -> str | None:
        """What a variable names after its prefix (``DYNACONF_TWILIO__AUTH_TOKEN`` →
        ``TWILIO__AUTH_TOKEN``), or None when it lacks every prefix (dynaconf reads upper-case
        prefixes only)."""
        if not self.prefixes:
            return name
        for prefix in self.prefixes:
            rest = name.removeprefix(f"{prefix}_")
            if rest != name and rest:
                return rest
        return None

    def for_run(self, deployment: Deployment) -> Options:
        """These options as the deployment's own dynaconf variables change them."""
        prefix = deployment.value("ENVVAR_PREFIX_FOR_DYNACONF")
        switcher = deployment.value("ENV_SWITCHER_FOR_DYNACONF")
        prefixes = _split_prefix(prefix) if prefix is not None else self.prefixes
        return Options(prefixes, switcher.strip() if switcher else self.switcher, self.built_by)


def _split_prefix(value: str) -> tuple[str, ...]:
    """``MYAPP`` → (MYAPP,); ``A,B`` → (A, B); ``false`` or empty → () (no prefix)."""
    if value.strip().lower() in ("", "false"):
        return ()
    return tuple(p.strip().upper() for p in value.split(",") if p.strip())


def _modules(ctx: ScanContext, folder: str) -> list[str]:
    """Python modules of the folder and of its direct subfolders (a project package)."""
    found: list[str] = []
    base = ctx.root / folder if folder else ctx.root
    try:
        with os.scandir(base) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except OSError:
        return []
    for entry in listed:
        if entry.is_file() and entry.name.endswith(".py"):
            found.append(posixpath.join(folder, entry.name))
        elif entry.is_dir() and not entry.name.startswith((".", "_")):
            try:
                with os.scandir(entry.path) as inner:
                    names = sorted(i.name for i in inner if i.name.endswith(".py"))
            except OSError:
                continue
            found += [posixpath.join(folder, entry.name, name) for name in names]
    return found[:_MAX_MODULES]


def _from_call(call: ast.Call, name: str) -> Options:
    prefix, switcher = DEFAULTS[name]
    prefixes: tuple[str, ...] = (prefix,)
    for keyword in call.keywords:
        key, value = (keyword.arg or "").lower(), keyword.value
        if key in _PREFIX_KEYS and isinstance(value, ast.Constant):
            prefixes = _split_prefix(str(value.value)) if value.value is not False else ()
            if name == "FlaskDynaconf" and prefixes:
                switcher = f"{prefixes[0]}_ENV"
        elif key in _SWITCHER_KEYS and isinstance(value, ast.Constant) and value.value:
            switcher = str(value.value)
    return Options(prefixes, switcher)


def _in_module(text: str) -> Options | None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in DEFAULTS:
                return _from_call(node, called)
    return None


def options_for(ctx: ScanContext, folder: str) -> Options:
    """The options the first module that builds a dynaconf object says, else the defaults."""
    for relpath in _modules(ctx, folder):
        data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
        if isinstance(data, str) or (b"Dynaconf" not in data and b"LazySettings" not in data):
            continue
        text, _problem = decode_text(data)
        found = _in_module(text) if text is not None else None
        if found is not None:
            return replace(found, built_by=relpath)
    return Options()
