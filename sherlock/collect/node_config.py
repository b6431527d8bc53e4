"""node-config (``npm config``): the ``config/`` folder of a Node project, merged as it loads.

Followed from node-config's own source (``lib/util.js`` ``loadFileConfigs``, ``scan``,
``loadCustomEnvVars``, ``substituteDeep``, ``fromEnvironment``; ``lib/config.mjs`` ``_init``):

* The files live in ``$NODE_CONFIG_DIR``, by default ``./config`` of the working directory:
  here a ``config/`` folder beside the project's ``package.json``.
* The deployment is ``NODE_CONFIG_ENV``, else ``NODE_ENV``, else ``development``; a comma
  list names several. The files load in the order ``default``, each deployment's own file,
  ``local``, ``local-{deployment}`` (:mod:`.node_config_files` has the extension order), each
  deep-merged over the ones before, so the last file to set a key wins and what it hides is
  kept as shadowed evidence (:mod:`.config_layers`). ``{hostname}`` files are not told
  apart from deployment files: the tree does not say the host's name.
* ``$NODE_CONFIG`` (JSON in the environment) merges over every file.
* ``custom-environment-variables.*`` maps keys to variable names (a string, or an object
  with ``__name`` and ``__format``); a variable that is set and not empty replaces the key
  over all of the above. Each credential key it maps is a
  :class:`~sherlock.collect.readings.CodeReading` of that variable, and the deployment's
  variable of that name is the key's value in that deployment's run.

What one process reads is a *run*: one per deployment the tree ties to the project
(:mod:`sherlock.collect.project_env`: a compose service building the folder, a workload
running its image, else its Dockerfile's ``ENV``), its ``NODE_ENV`` picking the files and
its variables filling the mapped keys; or, when the tree shows none, node-config's default
``development`` run; then one run per deployment file no deployment runs as that sets a
credential key. A JS/TS config file's computed value (``process.env.X``, ``defer``) clears
the key for the files below it; ``process.env.X`` there is a reading of ``X``, anything else
a note.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.config_layers import Layer, provider_texts, sibling_names, stacked
from sherlock.collect.context import (
    DEFAULT_ENVIRONMENT,
    environment_from_text,
    service_from_name,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import (
    names_a_provider,
    parent_of,
    project_service,
    slot_of,
)
from sherlock.collect.node_config_files import (
    CUSTOM_ENV,
    EXTENSIONS,
    ConfigFile,
    read_file,
    split_name,
)
from sherlock.collect.node_config_literal import LiteralError, json5_leaves
from sherlock.collect.project_env import Deployment, deployments
from sherlock.collect.readings import CodeReading
from sherlock.models import Location, Note

KIND = "node-config"
CONSUMER = "node-config"
READER = "node-config custom-environment-variables"
CODE_READER = "node-config config file"
DEFAULT_DEPLOYMENT = "development"
#: ``process.env.X`` or ``process.env["X"]`` in an expression's tokens (joined by blanks)
_ENV_REF = re.compile(r"process\.env(?:\.(?P<a>\w+)| \[ [\"'](?P<b>\w+)[\"'] \])")


@dataclass(frozen=True)
class Run:
    """One process: the deployments it loads files for, its file layers (weaker first), the
    layers its environment adds, and the deployment that starts it (``via``)."""

    envs: tuple[str, ...]
    files: tuple[Layer, ...]
    env: tuple[Layer, ...] = ()
    via: str = ""

    @property
    def layers(self) -> tuple[Layer, ...]:
        return (*self.files, *self.env)


def _layer(config: ConfigFile) -> Layer:
    """One file as a layer; a computed key clears what the files below set for it."""
    entries: list[Entry] = []
    cleared: set[str] = set()
    for leaf in config.leaves:
        if leaf.value is None:
            cleared.add(leaf.key)
        else:
            location = Location(config.relpath, leaf.line or None, key=leaf.key)
            entries.append(Entry(leaf.key, leaf.value, location, slot=leaf.key))
    credential = any(slot_of(leaf.key) for leaf in config.leaves)
    names = tuple(leaf.key for leaf in config.leaves)
    return Layer(config.name, config.relpath, tuple(entries), frozenset(cleared), credential, names)


def _order(envs: Sequence[str]) -> list[str]:
    """The stems node-config loads for these deployments, weaker first."""
    return ["default", *envs, "local", *(f"local-{env}" for env in envs)]


def _files(configs: Sequence[ConfigFile], envs: Sequence[str]) -> tuple[Layer, ...]:
    rank = {stem: index for index, stem in enumerate(_order(envs))}
    chosen = [c for c in configs if c.stem in rank]
    chosen.sort(key=lambda c: (rank[c.stem], EXTENSIONS.index(c.ext)))
    return tuple(_layer(c) for c in chosen)


def _mapped(configs: Sequence[ConfigFile]) -> dict[str, str]:
    """Variable name → the key it fills, from ``custom-environment-variables.*`` (in the
    extension order, the later file winning)."""
    found: dict[str, str] = {}
    maps = sorted(
        (c for c in configs if c.stem == CUSTOM_ENV), key=lambda c: EXTENSIONS.index(c.ext)
    )
    for config in maps:
        for leaf in config.leaves:
            if leaf.value is not None and not leaf.key.endswith(".__format"):
                found[leaf.value] = leaf.key.removesuffix(".__name")
    return found


def _node_config_layer(deployment: Deployment) -> Layer | None:
    """``$NODE_CONFIG`` of the deployment, merged over every file (bad JSON is ignored, as
    node-config only logs it)."""
    entry = next((e for e in reversed(deployment.entries) if e.name == "NODE_CONFIG"), None)
    if entry is None:
        return None
    try:
        leaves = json5_leaves(entry.raw)
    except LiteralError:
        return None
    entries = tuple(
        Entry(leaf.key, leaf.value, entry.location, slot=leaf.key)
        for leaf in leaves
        if leaf.value is not None
    )
    return Layer(f"$NODE_CONFIG ({entry.layer})", entry.location.path, entries)


def _env_layers(configs: Sequence[ConfigFile], deployment: Deployment) -> tuple[Layer, ...]:
    """``$NODE_CONFIG``, then each mapped variable the deployment sets to a non-empty value,
    classified by the key it fills (its own name stays the value's name)."""
    mapped = _mapped(configs)
    by_layer: dict[str, list[Entry]] = {}
    for entry in deployment.entries:
        key = mapped.get(entry.name)
        if key is not None and entry.raw != "":
            bound = Entry(entry.name, entry.raw, entry.location, key=key, slot=key)
            by_layer.setdefault(f"{CUSTOM_ENV} ({entry.layer})", []).append(bound)
    layers = [Layer(name, found[0].location.path, tuple(found)) for name, found in by_layer.items()]
    own = _node_config_layer(deployment)
    return (own, *layers) if own is not None else tuple(layers)


def deployment_envs(deployment: Deployment) -> tuple[str, ...]:
    """``NODE_CONFIG_ENV``, else ``NODE_ENV``, else development; a comma list names several."""
    named = deployment.value("NODE_CONFIG_ENV") or deployment.value("NODE_ENV") or ""
    envs = tuple(part.strip() for part in named.split(",") if part.strip() and "$" not in part)
    return envs or (DEFAULT_DEPLOYMENT,)


def _file_envs(configs: Sequence[ConfigFile]) -> list[str]:
    """Deployment names the files spell (``production.json``, ``local-staging.yml``)."""
    named: dict[str, None] = {}
    for config in configs:
        stem = (
            config.stem.removeprefix("local-") if config.stem.startswith("local-") else config.stem
        )
        if stem not in ("default", "local", CUSTOM_ENV) and not stem.startswith("default-"):
            named[stem] = None
    return list(named)


def runs(configs: Sequence[ConfigFile], deployed: Sequence[Deployment] = ()) -> list[Run]:
    """One run per deployment, or node-config's development run when the tree shows none;
    then one run per deployment file nobody runs as that sets a credential key."""
    found = [
        Run(envs, _files(configs, envs), _env_layers(configs, d), d.label)
        for d in deployed
        for envs in [deployment_envs(d)]
    ]
    if not deployed:
        found.append(Run((DEFAULT_DEPLOYMENT,), _files(configs, (DEFAULT_DEPLOYMENT,))))
    ran = {env for run in found for env in run.envs}
    for env in _file_envs(configs):
        own = [c for c in configs if c.stem in (env, f"local-{env}")]
        if env not in ran and any(_layer(c).credential for c in own):
            found.append(Run((env,), _files(configs, (env,))))
    return found


def _owner(run: Run, configs: Sequence[ConfigFile]) -> str | None:
    """The file that emits a run: its strongest file, else the variable map that fills it."""
    if run.files:
        return run.files[-1].relpath
    maps = sorted((c for c in configs if c.stem == CUSTOM_ENV), key=_extension_rank)
    return maps[-1].relpath if maps and run.env else None


def _extension_rank(config: ConfigFile) -> int:
    return EXTENSIONS.index(config.ext)


def _environment(envs: Sequence[str]) -> str:
    """The first deployment name that spells an environment (``production`` → prod)."""
    for env in envs:
        named = environment_from_text(env)
        if named:
            return named
    return envs[-1].lower() if envs else DEFAULT_ENVIRONMENT


def _service(via: str, project: str) -> str:
    """The service a run belongs to: the compose service or workload that starts it (so its
    sets meet the ones that deployment's own reader files), else the project folder's."""
    kind, _sep, rest = via.partition(":")
    name = rest.rsplit("@", 1)[0]
    if kind == "compose" and name:
        return name
    if kind == "k8s" and name.count("/") >= 2:
        return service_from_name(name.split("/")[1]) or project
    return project


def _emit_run(run: Run, owner: str, project: str) -> CollectResult:
    service = _service(run.via, project)
    scope = f"{owner} [NODE_ENV={','.join(run.envs)}]"
    scope += f" [{run.via}]" if run.via else ""
    hints = tuple(dict.fromkeys(layer.relpath for layer in run.layers))
    unit = Unit(scope, KIND, CONSUMER, _environment(run.envs), service, hints=hints)
    return emit(stacked(run.layers), unit)


def project_files(source: SourceFile, own: ConfigFile, ctx: ScanContext) -> list[ConfigFile]:
    """Every file of the config folder node-config may load that names a provider."""
    folder = posixpath.dirname(source.relpath)
    names = [n for n in sibling_names(ctx, folder) if split_name(n) is not None]
    siblings = [posixpath.join(folder, n) for n in names]
    found = {source.relpath: own}
    for relpath, text in provider_texts(ctx, [p for p in siblings if p != source.relpath]):
        parsed = read_file(relpath, text, ctx.documents)
        if isinstance(parsed, ConfigFile):
            found[relpath] = parsed
    return list(found.values())


def filled_everywhere(found: Sequence[Run]) -> set[str]:
    """Keys every run's files set to a literal: for those an unset mapped variable leaves the
    file value in place, so the variable's name never decides what is sent."""
    filled: set[str] | None = None
    for run in found:
        keys = {entry.binds for entry in stacked(run.files)}
        filled = keys if filled is None else filled & keys
    return filled or set()


def _variable_readings(
    config: ConfigFile, found: Sequence[Run], deployed: Sequence[Deployment], project: str
) -> Iterator[CodeReading]:
    """A reading per credential key the variable map fills (``__name`` included) that some
    run's files leave unset: only there does the variable's name decide what is sent. It
    belongs to the one deployment's service and environment when there is one."""
    filled = filled_everywhere(found)
    labels = {(_service(d.label, project), _environment(deployment_envs(d))) for d in deployed}
    service, environment = labels.pop() if len(labels) == 1 else (project, DEFAULT_ENVIRONMENT)
    for leaf in config.leaves:
        key = leaf.key.removesuffix(".__name")
        slot = slot_of(key)
        if slot is None or leaf.value is None or leaf.key.endswith(".__format") or key in filled:
            continue
        location = Location(config.relpath, leaf.line or None, key=key)
        yield CodeReading(slot, leaf.value, service, environment, location, READER)


def _code_values(config: ConfigFile, service: str, result: CollectResult) -> None:
    """A JS/TS file's computed credential keys: ``process.env.X`` is a reading, else a note."""
    environment = _environment((config.stem.removeprefix("local-"),))
    for leaf in config.leaves:
        slot = slot_of(leaf.key)
        if leaf.value is not None or slot is None:
            continue
        location = Location(config.relpath, leaf.line or None, key=leaf.key)
        ref = _ENV_REF.search(leaf.expression)
        if ref is None:
            message = f"{leaf.key} is computed when node-config loads the file; not checked"
            result.note(str(location), message)
            continue
        name = ref["a"] or ref["b"]
        defaulted = "||" in leaf.expression or "??" in leaf.expression
        result.readings.append(
            CodeReading(slot, name, service, environment, location, CODE_READER, defaulted)
        )


def _has_package_json(ctx: ScanContext, project: str) -> bool:
    return os.path.isfile(os.path.join(ctx.root, project, "package.json"))


class NodeConfigCollector:
    """Reads a Node project's ``config/`` folder the way node-config merges it."""

    name = KIND
    #: ``matches`` asks the bytes to name a provider, and siblings are read only from a file
    #: it claimed: a file without one yields nothing (see base.declared_needles)
    needles = (b"twilio",)

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return split_name(name) is not None

    def wants(self, relpath: str) -> bool:
        parts = relpath.split("/")
        return len(parts) >= 2 and parts[-2] == "config" and split_name(parts[-1]) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        project = parent_of(source.relpath, "config")
        if not _has_package_json(ctx, project):
            return CollectResult()  # no Node project: not node-config's folder
        own = read_file(source.relpath, text, ctx.documents)
        if not isinstance(own, ConfigFile):
            return CollectResult(notes=[own] if isinstance(own, Note) else [])
        service = project_service(project, ctx.root_name)
        configs = project_files(source, own, ctx)
        deployed = deployments(ctx, project)
        found = runs(configs, deployed)
        result = CollectResult()
        if own.stem == CUSTOM_ENV:
            result.readings.extend(_variable_readings(own, found, deployed, service))
        _code_values(own, service, result)
        for run in found:
            if _owner(run, configs) == source.relpath:
                result.extend(_emit_run(run, source.relpath, service))
        return result
