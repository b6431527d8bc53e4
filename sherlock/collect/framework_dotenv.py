"""Env files that a framework layers by mode: Next.js, Create React App, Vite, Vue CLI and
dotenv-flow (package.json), Ruby's dotenv in Rails (Gemfile) and Symfony (composer.json).

These tools do not read one ``.env`` file; for the mode a command runs in (``next build`` and
``vite build`` run in ``production``, ``next dev`` in ``development``) they read up to four,
and a name set in more than one takes the value of the strongest. Two orders exist, and
they disagree about ``.env.local``:

* **local first** (Next.js' ``@next/env``, Create React App's ``react-scripts``, Ruby's
  dotenv in Rails): the documented load order is ``.env.{mode}.local``, ``.env.local``,
  ``.env.{mode}``, ``.env``, first found wins, and ``.env.local`` is skipped in ``test``.
  So a ``.env.local`` left on a build host (or copied into an image by ``COPY . .``) beats
  ``.env.production``.
* **mode first** (Vite's ``loadEnv``, Vue CLI, dotenv-flow, Symfony's ``loadEnv``):
  ``.env``, ``.env.local``, ``.env.{mode}``, ``.env.{mode}.local``, later wins ("an env
  file for a specific mode takes higher priority than a generic one"); Vite and Vue CLI
  read ``.env.local`` in every mode, dotenv-flow and Symfony not in ``test``.

Each file alone is not what any process sees; the mode's *run* is. A project folder with
more than a plain ``.env`` (a ``package.json``, ``Gemfile`` or ``composer.json`` that shows
one of these tools) is therefore read here, once per mode its files name, instead of file
by file in :mod:`.dotenv`: each credential is the value of the file that wins, located at
that file's line, in the mode's environment, and a value it hides is kept as a shadow, so
``source-precedence`` can send the hidden value and prove which copy is stale. The
pre-pass hands such files to this reader (:func:`claim_env_files`) unless another consumer
already loads them (a compose ``env_file:``, ``docker run --env-file``, a script that
sources them).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment, service_from_path
from sherlock.collect.dialects import PYTHON_DOTENV
from sherlock.collect.dotenv import env_entries, is_env_file_name
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.env_consumers import read_as
from sherlock.collect.package_json import PackageJsonReader
from sherlock.collect.walk import decode_text, read_inside
from sherlock.models import Note

#: The consumer the pre-pass records for env files this module reads (dotenv then skips them).
CONSUMER = "framework env modes"


@dataclass(frozen=True)
class Framework:
    """How one tool layers its env files."""

    label: str
    local_first: bool  # .env.local above .env.{mode} (Next.js, CRA) or below it (Vite...)
    local_in_test: bool  # whether .env.local is read when the mode is ``test``


#: Dependency name → the tool, in the order a package.json is asked (a Next.js app that
#: also lists Vite for its tests runs ``next build``).
FRAMEWORKS: dict[str, Framework] = {
    "next": Framework("Next.js", local_first=True, local_in_test=False),
    "react-scripts": Framework("Create React App", local_first=True, local_in_test=False),
    "vite": Framework("Vite", local_first=False, local_in_test=True),
    "@vue/cli-service": Framework("Vue CLI", local_first=False, local_in_test=True),
    "dotenv-flow": Framework("dotenv-flow", local_first=False, local_in_test=False),
}
#: Ruby's dotenv (``dotenv-rails``, or ``dotenv`` 3 in a Rails app) loads
#: ``.env.<env>.local``, ``.env.local`` (not in test), ``.env.<env>``, ``.env``, first wins.
DOTENV_RAILS = Framework("dotenv (Rails)", local_first=True, local_in_test=False)
#: Symfony's Dotenv ``loadEnv``: ``.env`` < ``.env.local`` (not in test) < ``.env.<APP_ENV>``
#: < ``.env.<APP_ENV>.local``.
SYMFONY = Framework("Symfony Dotenv", local_first=False, local_in_test=False)
_SYMFONY_PACKAGES = ("symfony/dotenv", "symfony/framework-bundle", "symfony/runtime")
_GEM = re.compile(r"""^\s*gem\s+['"](?:dotenv-rails|dotenv)['"]""", re.MULTILINE)

#: The manifests that say which tool a project folder uses.
MANIFESTS = frozenset({"package.json", "Gemfile", "composer.json"})
NEEDLES = (
    *(f'"{name}"'.encode() for name in FRAMEWORKS),
    b"dotenv",
    *(package.encode() for package in _SYMFONY_PACKAGES),
)
_DEPENDENCY_KEYS = ("dependencies", "devDependencies", "require", "require-dev")


def _dependencies(manifest_json: str) -> set[str]:
    """The package names a package.json or composer.json depends on."""
    try:
        manifest = json.loads(manifest_json)
    except ValueError:
        return set()
    named: set[str] = set()
    for key in _DEPENDENCY_KEYS:
        section = manifest.get(key) if isinstance(manifest, dict) else None
        if isinstance(section, dict):
            named.update(str(name) for name in section)
    return named


def framework_of(manifest: str, name: str = "package.json") -> Framework | None:
    """The tool a project's manifest (package.json, Gemfile, composer.json) shows it loads
    its env files with, if it is one that layers them by mode."""
    if name == "Gemfile":
        return DOTENV_RAILS if _GEM.search(manifest) else None
    named = _dependencies(manifest)
    if name == "composer.json":
        return SYMFONY if any(package in named for package in _SYMFONY_PACKAGES) else None
    return next((tool for package, tool in FRAMEWORKS.items() if package in named), None)


def _mode_of(name: str) -> tuple[str | None, bool] | None:
    """``(mode, local)`` for ``.env`` (None, False), ``.env.local`` (None, True),
    ``.env.production`` ("production", False), ``.env.production.local`` ("production", True);
    None for any other name."""
    if name == ".env":
        return None, False
    if not name.startswith(".env.") or not is_env_file_name(name):
        return None
    parts = name[len(".env.") :].split(".")
    if parts == ["local"]:
        return None, True
    if len(parts) == 1:
        return parts[0], False
    if len(parts) == 2 and parts[1] == "local":
        return parts[0], True
    return None


def layered_files(names: Sequence[str]) -> list[str]:
    """The env file names of one folder that a mode run reads (examples and others left out)."""
    return [name for name in names if _mode_of(name) is not None]


def run_order(tool: Framework, mode: str, present: Sequence[str]) -> list[str]:
    """The files one mode reads, weaker first, among those ``present``."""
    local = [".env.local"] if mode != "test" or tool.local_in_test else []
    own = [f".env.{mode}"] if mode else []
    own_local = [f".env.{mode}.local"] if mode else []
    middle = [*own, *local] if tool.local_first else [*local, *own]
    order = [".env", *middle, *own_local]
    return [name for name in order if name in present]


def modes_of(present: Sequence[str]) -> list[str]:
    """The modes a folder's files name; a folder naming none has one run for every mode ("").

    No run is made up for a mode no file names: a tree whose ``.env.production`` says it is
    deployed is diagnosed as deployed, and its ``.env.local`` is judged where that build
    reads it (above ``.env.production`` for Next.js, under it for Vite), not as a
    development server nobody starts there."""
    named = sorted({found[0] for name in present if (found := _mode_of(name)) and found[0]})
    return named or [""]


def claim_env_files(
    package_jsons: Mapping[str, str], walked: Sequence[str], consumers: dict[str, str]
) -> None:
    """In the pre-pass: record this reader as the consumer of the layered env files of each
    framework project folder (``package_jsons``: relpath → text), unless another consumer
    already loads a file. A folder with nothing but ``.env`` is left to the dotenv reader:
    every mode reads that one file alike."""
    by_folder: dict[str, list[str]] = {}
    for relpath in walked:
        folder, _, name = relpath.rpartition("/")
        by_folder.setdefault(folder, []).append(name)
    for relpath, text in package_jsons.items():
        folder, _, name = relpath.rpartition("/")
        present = layered_files(by_folder.get(folder, []))
        if present in ([], [".env"]) or framework_of(text, name) is None:
            continue
        for name in present:
            consumers.setdefault(posixpath.join(folder, name), CONSUMER)


class FrameworkDotenvCollector(PackageJsonReader):
    """Reads a framework project's env files as the runs of its modes (module docstring),
    from the project's manifest: package.json, a Gemfile or composer.json."""

    name = "framework-dotenv"
    needles = NEEDLES

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] in MANIFESTS

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        tool = framework_of(text, source.name)
        if tool is None:
            return CollectResult()
        folder = source.relpath.rpartition("/")[0]
        files, notes = _read_claimed(folder, ctx)
        result = CollectResult(notes=notes)
        service = service_from_path(source.relpath, ctx.root_name)
        for mode in modes_of(list(files)):
            order = run_order(tool, mode, list(files))
            entries = [replace(e, layer=name) for name in order for e in files[name]]
            if entries:
                result.extend(emit(entries, _unit(tool, folder, mode, service)))
        return result


def _unit(tool: Framework, folder: str, mode: str, service: str) -> Unit:
    where = folder or "."
    label = f"{tool.label} ({mode or 'every'} mode)"
    environment = environment_from_path(f".env.{mode}") if mode else None
    return Unit(
        scope=f"{where}/.env [{label}]",
        source_kind="dotenv",
        consumer=label,
        environment=pick_environment(environment, environment_from_path(where)),
        service=service,
        hints=(posixpath.join(folder, ".env"),),
    )


def _read_claimed(folder: str, ctx: ScanContext) -> tuple[dict[str, list[Entry]], list[Note]]:
    """The entries of each env file of ``folder`` the pre-pass handed to this reader."""
    files: dict[str, list[Entry]] = {}
    notes: list[Note] = []
    for relpath in _claimed_in(folder, ctx):
        data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
        if isinstance(data, str):
            notes.append(Note(relpath, data))
            continue
        text, problem = decode_text(data)
        if text is None:
            notes.append(Note(relpath, problem or "not read"))
            continue
        parsed = read_as(PYTHON_DOTENV, text, ctx.process_env)
        entries, more = env_entries(parsed, relpath, PYTHON_DOTENV)
        files[relpath.rpartition("/")[2]] = entries
        notes += more
    return files, notes


def _claimed_in(folder: str, ctx: ScanContext) -> Iterator[str]:
    for relpath, consumer in sorted(ctx.env_file_consumers.items()):
        if consumer == CONSUMER and relpath.rpartition("/")[0] == folder:
            yield relpath
