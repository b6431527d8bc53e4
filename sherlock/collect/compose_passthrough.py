"""The environment ``docker compose`` itself runs in, which feeds a service's pass-throughs.

A service may name a variable without a value: ``environment: [TWILIO_AUTH_TOKEN]``, or
``TWILIO_AUTH_TOKEN:`` (null) in the mapping form. compose-go resolves such a name, and every
``${TWILIO_AUTH_TOKEN}`` interpolation, from one lookup, the project's environment
(``loader.ResolveEnvironment`` for the list form, ``MappingWithEquals.Resolve`` in
``Project.WithServicesEnvironmentResolved`` for the null form, ``ConfigDetails.LookupEnv`` for
interpolation). That environment is the shell's (``cli.WithOsEnv``) with the env files merged
under it (``cli.WithDotEnv``: ``Mapping.Merge`` never replaces a variable the shell set): the
files of the global ``--env-file`` option, later over earlier, else the project folder's
``.env``. Docker's "Environment variables precedence" page says the same: a value interpolated
from the shell or an env file beats the rest of ``environment:`` and every ``env_file:``. A
name nothing resolves is left out of the container (the existing readings stand).

From the tree, weakest first (each later layer hides what an earlier one set):

1. the env files a Makefile or script in the project folder or above names with
   ``docker compose --env-file …`` (:mod:`.compose_commands`; when several commands name
   different files, the first found, nearest folder first), else the project's ``.env``;
2. the exports of the shell profiles of the machine the project lives on (the nearest folder
   above it holding ``home/``, ``dotfiles/``, ``.devcontainer/`` or ``etc/`` startup files, as
   :mod:`.profile_links` finds machines; later startup files over earlier ones), read with the
   profile reader's own :func:`~sherlock.collect.shell_profiles.exported_entries`;
3. what direnv exports from the nearest ``.envrc`` at or above the project folder into that
   shell once startup files are done (:func:`sherlock.collect.envrc.direnv_script`: its
   ``export`` lines and the ``.env`` files its ``dotenv`` loads, each at its own line);
4. the ``env:`` a GitHub Actions step sees (workflow, job, step) when its ``run:`` starts the
   project, or the ``variables:`` of a ``.gitlab-ci.yml`` job whose ``script:`` does (as the
   GitLab reader resolves them): the CI job is the shell that runs compose for the deploy. A
   ``${{ secrets.X }}`` or a GitLab ``$VARIABLE`` from the project's settings is a value no
   file holds: the name is then left unresolved, with a note.

``--process-env`` (the shell Sherlock runs in) is a fact and stays above all of these
(:func:`sherlock.collect.compose._interpolated`). Only a few folders are looked at (the
project's and those above it), and only files that mention compose are parsed.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.ci_common import mapping_values
from sherlock.collect.compose_commands import ComposeRun, compose_runs
from sherlock.collect.dialects import COMPOSE, parse_env_text
from sherlock.collect.dotenv import env_entries
from sherlock.collect.emit import Entry
from sherlock.collect.envrc import direnv_script
from sherlock.collect.github_actions import reference_of
from sherlock.collect.gitlab_ci import RESERVED as GITLAB_RESERVED
from sherlock.collect.gitlab_ci import _File as GitLabFile
from sherlock.collect.gitlab_ci import _job_unit as gitlab_job_unit
from sherlock.collect.profile_links import machine_root
from sherlock.collect.shell import MAKEFILE_NAMES
from sherlock.collect.shell_profiles import STARTUP_ORDER, exported_entries, is_profile_path
from sherlock.collect.shell_profiles import startup_name as role_of
from sherlock.collect.walk import decode_text, read_inside, resolve_reference, skip_dir
from sherlock.collect.yamlio import as_list, as_mapping, source_lines
from sherlock.models import Note

ENV_FILE_LAYER = "environment: from {path}"
SHELL_LAYER = "environment: from the shell running compose ({source})"
_HOMES = ("home", "dotfiles", ".dotfiles", "etc", ".devcontainer", ".devcontainer/home")
_SCRIPT_FOLDERS = ("", "scripts", "bin")
_WORKFLOWS = ".github/workflows"
_PIPELINE = ".gitlab-ci.yml"


@dataclass
class _Layers:
    """Entries per name, weakest first, and names whose winner no file holds."""

    chains: dict[str, list[Entry]] = field(default_factory=dict)
    unknown: dict[str, Note] = field(default_factory=dict)

    def add(self, entries: list[Entry], layer: str) -> None:
        for entry in entries:
            self.chains.setdefault(entry.name, []).append(replace(entry, layer=layer))
            self.unknown.pop(entry.name, None)


def _text(ctx: ScanContext, relpath: str, *needles: bytes) -> str | None:
    """A small file's text, when it holds every needle (lowercased); None otherwise."""
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    if isinstance(data, str):
        return None
    lowered = data.lower()
    if any(n not in lowered for n in needles):
        return None
    text, _problem = decode_text(data)
    return text


def _folders_up(folder: str) -> list[str]:
    found = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        found.append(folder)
    return found


def _join(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name


def _listing(ctx: ScanContext, folder: str) -> list[str]:
    """File names in one folder of the tree (none for a folder the walker never enters)."""
    if any(skip_dir(part) for part in folder.split("/") if part):
        return []
    try:
        with os.scandir(ctx.root / folder) as entries:
            return sorted(e.name for e in entries if e.is_file())
    except OSError:
        return []


def _runner_files(ctx: ScanContext, folder: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(Makefile or script, folders its commands may run in) at or above ``folder``."""
    for above in _folders_up(folder):
        for sub in _SCRIPT_FOLDERS:
            where = _join(above, sub).rstrip("/")
            for name in _listing(ctx, where):
                if name in MAKEFILE_NAMES or name.endswith(".mk"):
                    yield _join(where, name), (where,)
                elif name.endswith((".sh", ".bash")):
                    yield _join(where, name), (where, "")


def _scripted_runs(ctx: ScanContext, folder: str) -> list[ComposeRun]:
    runs: list[ComposeRun] = []
    for relpath, cwds in _runner_files(ctx, folder):
        text = _text(ctx, relpath, b"compose", b"--env-file")
        if text is not None:
            runs += [r for r in compose_runs(text, relpath, cwds) if r.folder == folder]
    return runs


def _env_files(ctx: ScanContext, folder: str, runs: list[ComposeRun], layers: _Layers) -> None:
    """Layer 1: the first run's ``--env-file`` files, else the project's ``.env``."""
    named = next((r.env_files for r in runs if r.env_files), None)
    for relpath in named or (_join(folder, ".env"),):
        text = _text(ctx, relpath)
        if text is None:
            continue
        parsed = parse_env_text(text, COMPOSE, ctx.process_env)
        entries, _notes = env_entries(parsed, relpath, COMPOSE)
        layers.add(entries, ENV_FILE_LAYER.format(path=relpath))


def _user_folders(ctx: ScanContext, home: str) -> list[str]:
    """The user folders of a ``home/`` (``home/deploy``)."""
    try:
        with os.scandir(ctx.root / home) as entries:
            names = sorted(e.name for e in entries if e.is_dir() and not skip_dir(e.name))
    except OSError:
        return []
    return [_join(home, name) for name in names]


def _machine_files(ctx: ScanContext, above: str) -> list[str]:
    """Startup files in ``above`` and its home-like folders (``home/<user>/``, ``etc/``...)."""
    folders = [above]
    for home in _HOMES:
        where = _join(above, home)
        folders.append(where)
        if home.endswith("home"):
            folders += _user_folders(ctx, where)
    names = [_join(where, name) for where in folders for name in _listing(ctx, where)]
    return [path for path in names if is_profile_path(path)]


def _profiles(ctx: ScanContext, folder: str) -> list[str]:
    """The startup files of the nearest machine at or above ``folder``, in session order."""
    for above in _folders_up(folder):
        mine = [p for p in _machine_files(ctx, above) if machine_root(p) == above]
        if mine:
            return sorted(mine, key=lambda p: STARTUP_ORDER.get(role_of(p.rpartition("/")[2]), 0))
    return []


def _shell_exports(ctx: ScanContext, folder: str, layers: _Layers) -> None:
    """Layers 2 and 3: the machine's profiles, then the nearest ``.envrc``."""
    for relpath in _profiles(ctx, folder):
        text = _text(ctx, relpath)
        if text is not None:
            entries, _computed = exported_entries(text.removeprefix("\ufeff"), relpath)
            layers.add(entries, SHELL_LAYER.format(source=relpath))
    for above in _folders_up(folder):
        relpath = _join(above, ".envrc")
        text = _text(ctx, relpath)
        if text is not None:
            entries = direnv_script(relpath, text.removeprefix("\ufeff"), ctx).entries
            layers.add(entries, SHELL_LAYER.format(source=f"{relpath}, loaded by direnv"))
            return


def _step_folder(step: Mapping[Any, Any], job: Mapping[Any, Any], top: Mapping[Any, Any]) -> str:
    """Where a step's ``run:`` starts: its ``working-directory``, else the job's or the
    workflow's ``defaults.run.working-directory``, else the checkout's root."""
    written = [step.get("working-directory")]
    for node in (job, top):
        defaults = as_mapping(node.get("defaults")) or {}
        written.append((as_mapping(defaults.get("run")) or {}).get("working-directory"))
    for path in written:
        if isinstance(path, str):
            resolved = resolve_reference("", path)
            return "" if resolved in (None, ".") else str(resolved)
    return ""


def _workflow_layers(ctx: ScanContext, relpath: str, folder: str, layers: _Layers) -> None:
    text = _text(ctx, relpath, b"compose")
    doc = ctx.documents.first_mapping(relpath, text) if text is not None else None
    if not isinstance(doc, dict):
        return
    lines = source_lines(text or "")
    for job_id, job in (as_mapping(doc.get("jobs")) or {}).items():
        for step in as_list((as_mapping(job) or {}).get("steps")):
            step = as_mapping(step) or {}
            run = step.get("run")
            if not isinstance(run, str) or not isinstance(job, dict):
                continue
            cwd = _step_folder(step, job, doc)
            if any(r.folder == folder for r in compose_runs(run, relpath, (cwd,))):
                nodes = (doc.get("env"), job.get("env"), step.get("env"))
                values = [v for n in nodes for v in mapping_values(n, relpath, lines, reference_of)]
                _ci_layer(values, f"job {job_id} of {relpath}", layers)


def _ci_layer(values: list[Any], source: str, layers: _Layers) -> None:
    """Literal values join as the strongest layer; a reference makes its name unknowable."""
    literal = [v.entry for v in values if v.reference is None]
    layers.add(literal, SHELL_LAYER.format(source=source))
    for value in values:
        if value.reference is not None:
            layers.chains.pop(value.entry.name, None)
            message = (
                f"{value.entry.name} reaches compose from {value.reference} in {source}; "
                "no value in the tree to check"
            )
            layers.unknown[value.entry.name] = Note(str(value.entry.location), message)


def _script_text(job: Mapping[Any, Any], doc: Mapping[Any, Any]) -> str:
    """A GitLab job's shell lines: its (or the default's) ``before_script``, then ``script``."""
    default = as_mapping(doc.get("default")) or {}
    before = job.get("before_script", default.get("before_script", doc.get("before_script")))
    lines = [*as_list(before), *as_list(job.get("script"))]
    return "\n".join(line for line in lines if isinstance(line, str))


def _pipeline_layers(ctx: ScanContext, folder: str, layers: _Layers) -> None:
    """GitLab jobs whose script starts the project (jobs run in the checkout's root); their
    variables as the GitLab reader resolves them (pipeline, ``extends:`` templates, job)."""
    text = _text(ctx, _PIPELINE, b"compose")
    doc = ctx.documents.first_mapping(_PIPELINE, text) if text is not None else None
    if not isinstance(doc, dict):
        return
    pipeline = GitLabFile(_PIPELINE, text or "", doc, ctx.root_name)
    for name, job in doc.items():
        hidden = str(name).startswith(".") or str(name) in GITLAB_RESERVED
        if hidden or not isinstance(job, dict):
            continue
        runs = compose_runs(_script_text(job, doc), _PIPELINE, ("",))
        if any(r.folder == folder for r in runs):
            values = gitlab_job_unit(pipeline, str(name), job).values
            _ci_layer(values, f"job {name} of {_PIPELINE}", layers)


def _ci_runs(ctx: ScanContext, folder: str, layers: _Layers) -> None:
    """Layer 4: GitHub Actions steps and GitLab CI jobs that start the project."""
    for name in _listing(ctx, _WORKFLOWS):
        if name.endswith((".yml", ".yaml")):
            _workflow_layers(ctx, _join(_WORKFLOWS, name), folder, layers)
    _pipeline_layers(ctx, folder, layers)


class ComposeEnvironment(Mapping[str, Entry]):
    """The environment compose resolves pass-throughs and ``${VAR}`` from, for the project in
    ``folder``: the winning entry per name (located where it is set), built on first use so a
    compose file with neither costs no extra reads."""

    def __init__(self, ctx: ScanContext, folder: str) -> None:
        self.ctx, self.folder = ctx, folder
        self._layers: _Layers | None = None

    @property
    def layers(self) -> _Layers:
        if self._layers is None:
            layers = _Layers()
            _env_files(self.ctx, self.folder, _scripted_runs(self.ctx, self.folder), layers)
            _shell_exports(self.ctx, self.folder, layers)
            _ci_runs(self.ctx, self.folder, layers)
            self._layers = layers
        return self._layers

    def __getitem__(self, name: str) -> Entry:
        return self.layers.chains[name][-1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.layers.chains)

    def __len__(self) -> int:
        return len(self.layers.chains)

    def unknown(self, name: str) -> Note | None:
        """The note for a name a CI secret sets, which no file of the tree holds."""
        return self.layers.unknown.get(name)

    def passed(self, name: str, as_name: str, plain_layer: str) -> list[Entry]:
        """The entries that set ``as_name`` from the variable ``name``, hidden ones first.

        One source alone keeps ``plain_layer`` (``environment:``), as before; two or more
        name their sources, so the shadow's rule says which one compose let win."""
        chain = self.layers.chains.get(name, [])
        if len(chain) == 1 and chain[0].layer == ENV_FILE_LAYER.format(path=chain[0].location.path):
            return [Entry(as_name, chain[0].raw, chain[0].location, layer=plain_layer)]
        return [Entry(as_name, e.raw, e.location, layer=e.layer) for e in chain]
