"""dynaconf: ``settings.{toml,yaml,yml,json}``, ``.secrets.*`` and their ``.local`` copies.

Read as dynaconf 3.2 loads them (``docs/settings_files.md``, ``docs/envvars.md``,
``docs/configuration.md`` and ``dynaconf/loaders/base.py``):

* ``dynaconf init`` writes ``settings.toml`` and ``.secrets.toml`` and a
  ``Dynaconf(settings_files=["settings.toml", ".secrets.toml"])``: the files load in that
  order, then each one's optional ``<name>.local.<ext>``; a later file overrides a key;
* with ``environments=True`` (the Flask and Django extensions' default) each top-level table
  is an environment: per file, ``[default]``, then the current environment's section, then
  ``[global]`` (``BaseLoader._load_all_envs`` over ``build_env_list``). A file is read that way
  when its top-level tables are named ``default``, ``global`` or an environment
  (``[development]``, ``[production]``…); otherwise its keys are flat (``[twilio]`` makes
  ``twilio.auth_token``);
* the current environment is ``ENV_FOR_DYNACONF`` (``development`` when unset). A compose
  service or workload that starts the project's folder (:mod:`sherlock.collect.project_env`)
  is a run of the environment it selects, and its ``DYNACONF_``-prefixed variables (only
  upper-case ones; ``__`` nests) override the files. A plain ``TWILIO_AUTH_TOKEN`` does not
  reach dynaconf at all. Without a deployment, the ``development`` run is read, plus one run
  per other environment whose own sections set a credential;
* a ``[testing]``/``[test]`` environment is what the test suite runs with; unless a
  deployment selects it, its values are set aside with a note;
* ``@format``/``@jinja`` values that read ``env[...]`` are readings of those variables;
* ``settings.yaml`` and ``settings.json`` are names many programs use: a folder's files count
  as dynaconf's only with dynaconf's own ``.secrets.*`` name, environment sections, or a module
  beside them that builds a dynaconf object (:mod:`.dynaconf_options`).

First-level keys are case-insensitive (compared lower-cased). ``settings.ini`` is left to
python-decouple's reader (:mod:`.decouple_ini`), whose ``[settings]`` section is the common use.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.config_layers import Layer, owner, provider_texts, sibling_names, stacked
from sherlock.collect.context import (
    ENVIRONMENT_WORDS,
    environment_from_path,
    environment_from_text,
    pick_environment,
    service_from_path,
)
from sherlock.collect.dynaconf_options import Options, options_for
from sherlock.collect.dynaconf_parse import Leaf, leaves
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import names_a_provider, slot_of
from sherlock.collect.project_env import Deployment, deployments
from sherlock.collect.python_settings_env import Binder, deployed_entries, unnamed_role
from sherlock.collect.readings import CodeReading
from sherlock.models import Location, Note

CONSUMER = "dynaconf"
READER = "dynaconf @format"
_FILE = re.compile(r"^(?P<stem>settings|\.secrets)(?P<local>\.local)?\.(?P<ext>toml|ya?ml|json)$")
_EDITOR_DIRS = frozenset({".vscode", ".idea", ".devcontainer", "node_modules"})
SPECIAL = ("default", "global")
DEFAULT_ENV = "development"
TEST_ENVS = frozenset({"testing", "test"})


@dataclass(frozen=True)
class SettingsFile:
    """One file: its sections (``""`` for a file without environments) and their leaves."""

    relpath: str
    sections: dict[str, tuple[Leaf, ...]]


def _order(relpath: str) -> tuple[int, int, str]:
    """settings before .secrets, every ``.local`` copy after both."""
    named = _FILE.match(posixpath.basename(relpath))
    assert named is not None
    return (1 if named["local"] else 0), (1 if named["stem"] == ".secrets" else 0), relpath


def _is_environment(name: str) -> bool:
    lowered = name.lower()
    return lowered in SPECIAL or lowered in ENVIRONMENT_WORDS


def settings_file(relpath: str, found: list[Leaf]) -> SettingsFile:
    """The file's leaves by section: environments when its tables are named like them."""
    tops = {leaf.path[0] for leaf in found if len(leaf.path) > 1}
    if not any(_is_environment(top) for top in tops):
        return SettingsFile(relpath, {"": tuple(found)})
    sections: dict[str, list[Leaf]] = {}
    for leaf in found:
        if len(leaf.path) > 1:  # a top-level scalar is ignored when environments are on
            sections.setdefault(leaf.path[0].lower(), []).append(leaf)
    return SettingsFile(relpath, {name: tuple(items) for name, items in sections.items()})


def _entries(file: SettingsFile, section: str) -> tuple[list[Entry], set[str]]:
    """A section's values as entries keyed lower-case, and the keys a template clears."""
    entries: list[Entry] = []
    cleared: set[str] = set()
    for leaf in file.sections.get(section, ()):
        path = leaf.path[1:] if section else leaf.path
        key = ".".join(path)
        if leaf.value is None:
            cleared.add(key.lower())
            continue
        location = Location(file.relpath, leaf.line or None, key=".".join(leaf.path))
        entries.append(Entry(key, leaf.value, location, slot=key.lower()))
    return entries, cleared


def _layers(files: Sequence[SettingsFile], env: str) -> list[Layer]:
    """Per file, ``[default]``, the environment's section, then ``[global]`` (or the whole
    file when it has no environments), each a layer named after file and section."""
    found: list[Layer] = []
    for file in files:
        for section in ("",) if "" in file.sections else ("default", env, "global"):
            if section not in file.sections:
                continue
            entries, cleared = _entries(file, section)
            name = posixpath.basename(file.relpath) + (f" [{section}]" if section else "")
            credential = any(slot_of(e.name) for e in entries) or bool(cleared)
            found.append(Layer(name, file.relpath, tuple(entries), frozenset(cleared), credential))
    return found


@dataclass(frozen=True)
class Run:
    """What one process loads: its environment (None for files without environments), the
    file layers, and the deployment's variables that override them (``via`` names it)."""

    env: str | None
    files: tuple[Layer, ...]
    variables: tuple[Entry, ...] = ()
    via: str = ""


def file_keys(files: Sequence[Layer]) -> dict[str, str]:
    """Every key the run's files set or leave to a template: canonical form → as written."""
    keys = {e.binds: e.name for layer in files for e in layer.entries}
    keys.update({key: key for layer in files for key in layer.cleared if key not in keys})
    return keys


def _binder(files: Sequence[Layer], options: Options) -> Binder:
    """``DYNACONF_TWILIO_AUTH_TOKEN`` fills ``twilio_auth_token`` (``__`` nests), when a file
    names that key, or when it is a credential role no file key fills."""
    keys = file_keys(files)

    def bind(name: str) -> tuple[str, str] | None:
        rest = options.unprefixed(name)
        if rest is None:
            return None
        key = rest.replace("__", ".").lower()
        if key in keys:
            return keys[key], key
        return (rest, key) if unnamed_role(rest, list(keys.values())) else None

    return bind


def _selected(deployment: Deployment, options: Options) -> str:
    """The environment a deployment selects (``ENV_FOR_DYNACONF`` or the project's switcher)."""
    value = deployment.value(options.switcher)
    return value.strip().lower() if value and "$" not in value and value.strip() else DEFAULT_ENV


def unread_variables(run: Run, deployment: Deployment, options: Options) -> list[Note]:
    """A note per credential variable the deployment sets for a key the files hold, under a
    name dynaconf never loads (no prefix): the file's value is what the process sends."""
    if not options.prefixes:
        return []
    keys = file_keys(run.files)
    notes: list[Note] = []
    for entry in deployment.entries:
        if options.unprefixed(entry.name) is not None or entry.name.lower() not in keys:
            continue
        if slot_of(entry.name) is None:
            continue
        wanted = f"{options.prefixes[0]}_{entry.name}"
        message = (
            f"{deployment.label} sets {entry.name}, which dynaconf does not load: only "
            f"{options.prefixes[0]}_-prefixed variables override its settings files ({wanted})"
        )
        notes.append(Note(str(entry.location), message))
    return notes


def runs(
    files: Sequence[SettingsFile],
    deployed: Sequence[Deployment] = (),
    options: Options | None = None,
) -> list[tuple[Run, Deployment | None]]:
    """One run per deployment, or the ``development`` run when the tree shows none; then one
    per other environment nothing selects whose own sections set a credential (never the
    test suite's environment). Each run comes with the deployment that starts it."""
    layered = any("" not in f.sections for f in files)
    found: list[tuple[Run, Deployment | None]] = []
    for deployment in deployed:
        own = (options or Options()).for_run(deployment)
        env = _selected(deployment, own)
        layers = tuple(_layers(files, env))
        variables = tuple(deployed_entries(deployment, _binder(layers, own)))
        run = Run(env if layered else None, layers, variables, deployment.label)
        found.append((run, deployment))
    if not deployed:
        found.append(
            (Run(DEFAULT_ENV if layered else None, tuple(_layers(files, DEFAULT_ENV))), None)
        )
    chosen = {run.env for run, _d in found}
    for env in unselected(files, chosen):
        if env not in TEST_ENVS:
            found.append((Run(env, tuple(_layers(files, env))), None))
    return found


def unselected(files: Sequence[SettingsFile], chosen: set[str | None]) -> list[str]:
    """Environments whose own sections set a credential and that no run selects."""
    named = dict.fromkeys(s for f in files for s in f.sections if s and s not in SPECIAL)
    return [
        env
        for env in named
        if env not in chosen
        and any(
            layer.credential for layer in _layers(files, env) if layer.name.endswith(f"[{env}]")
        )
    ]


def _environment(env: str | None, relpath: str) -> str:
    if env is None:
        return pick_environment(environment_from_path(relpath))
    return environment_from_text(env) or env


def _emit(run: Run, relpath: str, service: str) -> CollectResult:
    """The run's values as one unit, named after the file that emits it, its environment
    and its deployment, so each run groups alone."""
    scope = relpath + (f" [{run.env}]" if run.env else "") + (f" [{run.via}]" if run.via else "")
    hints = tuple(dict.fromkeys(layer.relpath for layer in run.files))
    unit = Unit(scope, "dynaconf", CONSUMER, _environment(run.env, relpath), service, hints)
    return emit([*stacked(run.files), *run.variables], unit)


def _project(relpath: str) -> str:
    """The project folder: dynaconf also looks in a ``config/`` folder of each one it visits."""
    folder = posixpath.dirname(relpath)
    return posixpath.dirname(folder) if posixpath.basename(folder) == "config" else folder


def _readings(file: SettingsFile, service: str) -> list[CodeReading]:
    """A reading per variable an ``@format``/``@jinja`` credential value reads."""
    found: list[CodeReading] = []
    for section, items in file.sections.items():
        for leaf in items:
            slot = slot_of(*reversed(leaf.path))
            if slot is None:
                continue
            location = Location(file.relpath, leaf.line or None, key=".".join(leaf.path))
            environment = _environment(section or None, file.relpath)
            for name in leaf.reads:
                found.append(CodeReading(slot, name, service, environment, location, READER))
    return found


def _is_secrets(relpath: str) -> bool:
    named = _FILE.match(posixpath.basename(relpath))
    return named is not None and named["stem"] == ".secrets"


def uses_dynaconf(files: Iterable[SettingsFile], options: Options) -> bool:
    """Whether the folder's files are dynaconf's: ``settings.yaml`` or ``settings.json`` are
    names many programs use, so a flat one counts only beside dynaconf's own ``.secrets.*``
    name, environment sections, or a module of the folder that builds a dynaconf object."""
    return bool(options.built_by) or any(
        _is_secrets(f.relpath) or "" not in f.sections for f in files
    )


class DynaconfCollector:
    """Reads dynaconf's settings and secrets files as each environment's process loads them."""

    name = "dynaconf"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return _FILE.match(name) is not None

    def wants(self, relpath: str) -> bool:
        parts = relpath.split("/")
        return self.could_want(parts[-1]) and not _EDITOR_DIRS.intersection(parts[:-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        options = options_for(ctx, posixpath.dirname(source.relpath))
        own = leaves(source.relpath, text, ctx.documents)
        if isinstance(own, str):
            said = options.built_by or _is_secrets(source.relpath)
            return CollectResult(notes=[Note(source.relpath, own)] if said else [])
        files = self._folder(source, settings_file(source.relpath, own), ctx)
        if not uses_dynaconf(files.values(), options):
            return CollectResult()  # a generic settings file of some other program
        service = service_from_path(source.relpath, ctx.root_name)
        result = CollectResult(readings=_readings(files[source.relpath], service))
        ordered = [files[p] for p in sorted(files, key=_order)]
        found = runs(ordered, deployments(ctx, _project(source.relpath)), options)
        for run, deployment in found:
            if owner(run.files) == source.relpath:
                result.extend(_emit(run, source.relpath, service))
                if deployment is not None:
                    tuned = options.for_run(deployment)
                    result.notes.extend(unread_variables(run, deployment, tuned))
        chosen = {run.env for run, _d in found}
        for env in sorted(TEST_ENVS.intersection(unselected([files[source.relpath]], chosen))):
            message = (
                f"dynaconf [{env}] holds Twilio settings for the test suite's environment; "
                "no deployment in the tree selects it, so they are not checked"
            )
            result.note(source.relpath, message)
        return result

    def _folder(
        self, source: SourceFile, own: SettingsFile, ctx: ScanContext
    ) -> dict[str, SettingsFile]:
        """The file and its siblings of the same family that name a provider."""
        folder = posixpath.dirname(source.relpath)
        siblings = [
            posixpath.join(folder, name)
            for name in sibling_names(ctx, folder)
            if _FILE.match(name) and name != source.name
        ]
        found = {source.relpath: own}
        for relpath, text in provider_texts(ctx, siblings):
            parsed = leaves(relpath, text, ctx.documents)
            if not isinstance(parsed, str):
                found[relpath] = settings_file(relpath, parsed)
        return found
