"""Terraform: the Twilio provider block and the resources that hand credentials to a service,
with ``var.x`` followed to ``*.tfvars`` and variable defaults.

What is read (HCL through :mod:`.hcl`), and the behaviour followed:

* ``provider "twilio"``: the twilio/twilio provider's ``username``/``password`` (an Account
  SID and auth token, or an API key SID and secret: the username's shape says which; it
  falls back to ``TWILIO_API_KEY``/``TWILIO_ACCOUNT_SID`` and ``TWILIO_API_SECRET``/
  ``TWILIO_AUTH_TOKEN``), and the ``account_sid``/``auth_token``/``api_key``/``api_secret``
  arguments of the community providers and older releases. A provider block that sets only
  half a credential takes the rest from the environment at run time, and a resource that
  sets half from an expression gets the rest at apply time: such halves are held back
  with a note, like a Dockerfile's lone SID.
* resources that set a service's environment: any map whose keys are Twilio variable names
  (``aws_lambda_function``'s ``environment { variables = {…} }``, ``kubernetes_secret``'s
  ``data``, Heroku ``config_vars``, Azure ``app_settings``…), ``env { name = … value = … }``
  blocks (Cloud Run, ``kubernetes_deployment``), and an ``aws_ssm_parameter`` whose name
  names a Twilio credential.
* ``var.NAME`` is resolved as ``terraform apply -var-file=…`` would: the named var file,
  then ``terraform.tfvars`` and ``*.auto.tfvars`` of the module's folder (alphabetical, the
  later wins), then the variable's ``default``. Var files that are not loaded automatically
  (``prod.tfvars``, ``envs/prod.tfvars``, a ``tfvars`` file in a sub-folder without ``.tf``
  files) are environments: the module is read once per such file, with its name or folder
  as the environment. A variable with no value anywhere in the tree comes from
  ``TF_VAR_NAME`` or ``-var`` at run time: a note (``TF_VAR_*`` lines in env files and CI
  are read by those readers under their own names).
* Workspaces (Terraform's "Workspaces" docs: one configuration, one state per workspace,
  and ``terraform.workspace`` is the selected workspace's name, ``default`` until one is
  selected or ``TF_WORKSPACE`` names one): a setting written ``var.M[terraform.workspace]``
  or ``lookup(var.M, terraform.workspace[, fallback])`` (also through a ``local`` holding
  that expression, or ``local.M[terraform.workspace]`` over a literal map) takes the map
  ``M`` from the var file, auto-loaded files or ``default`` as above, and becomes one value
  per map key, each in the environment its key names (``prod``, ``staging``…) and located at
  that key's line. The lookup's fallback is not read: it only serves unnamed workspaces.
* A ``.tfvars`` file that belongs to no module folder is read alone, its Twilio-named
  variables (``twilio_auth_token = "…"``) as they are.

Anything else (``local.x``, data sources, functions, interpolation inside a longer string)
is not guessed at: when it sets a Twilio name, that is a note.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
    service_from_name,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.hcl import (
    Attr,
    Block,
    parse,
    string_literal,
    variable_of,
    workspace_map_of,
)
from sherlock.collect.partial import hold_halves
from sherlock.collect.templated import folder_files, folders_below, sibling_text
from sherlock.models import Location, Note

PROVIDER_NAMES = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "auth_token": "TWILIO_AUTH_TOKEN",
    "api_key": "TWILIO_API_KEY",
    "api_secret": "TWILIO_API_SECRET",
    "region": "TWILIO_REGION",
    "edge": "TWILIO_EDGE",
}


def _is_var_file(name: str) -> bool:
    return name.endswith(".tfvars")


def _is_auto(name: str) -> bool:
    return name == "terraform.tfvars" or name.endswith(".auto.tfvars")


@dataclass(frozen=True)
class Setting:
    """One credential a consumer sets: the name its process sees and the expression."""

    name: str
    attr: Attr
    relpath: str


@dataclass
class Consumer:
    """The provider block or one resource, with what it sets."""

    label: str
    settings: list[Setting] = field(default_factory=list)
    provider: bool = False


def _provider_settings(block: Block, relpath: str) -> list[Setting]:
    settings = [
        Setting(PROVIDER_NAMES[name], attr, relpath)
        for name, attr in block.attrs.items()
        if name in PROVIDER_NAMES
    ]
    user = block.attrs.get("username")
    if user is not None:
        key = (string_literal(user.expr) or "").startswith("SK") or "key" in user.expr.lower()
        settings.append(Setting("TWILIO_API_KEY" if key else "TWILIO_ACCOUNT_SID", user, relpath))
        password = block.attrs.get("password")
        if password is not None:
            secret = "TWILIO_API_SECRET" if key else "TWILIO_AUTH_TOKEN"
            settings.append(Setting(secret, password, relpath))
    return settings


def _resource_settings(block: Block, relpath: str) -> Iterator[Setting]:
    """Twilio names a resource sets, however deep (maps, ``env`` blocks, SSM parameters)."""
    for attr in block.attrs.values():
        for item in attr.items:
            if is_provider_name(item.name):
                yield Setting(item.name, item, relpath)
    if block.type == "env" and "name" in block.attrs and "value" in block.attrs:
        name = string_literal(block.attrs["name"].expr) or ""
        if is_provider_name(name):
            yield Setting(name, block.attrs["value"], relpath)
    for inner in block.blocks:
        yield from _resource_settings(inner, relpath)


def _ssm_setting(block: Block, relpath: str) -> Setting | None:
    name = string_literal(block.attrs["name"].expr) if "name" in block.attrs else None
    value = block.attrs.get("value")
    if name and value is not None and is_provider_name(name.strip("/").replace("/", "_")):
        return Setting(name.strip("/").replace("/", "_"), value, relpath)
    return None


#: ``{ name = "TWILIO_AUTH_TOKEN", value = "…" }`` written on one line, either key first: the
#: shape of an ECS container's ``environment`` inside ``container_definitions =
#: jsonencode([…])`` (and of other providers' env lists), which the block reader keeps as one
#: unreadable expression.
_INLINE_ENV = (
    re.compile(
        r'\{\s*name\s*=\s*"(?P<name>\w+)"\s*,\s*value\s*=\s*(?P<expr>"(?:[^"\\]|\\.)*"|[\w.]+)'
    ),
    re.compile(
        r'\{\s*value\s*=\s*(?P<expr>"(?:[^"\\]|\\.)*"|[\w.]+)\s*,\s*name\s*=\s*"(?P<name>\w+)"'
    ),
)
_RESOURCE = re.compile(r'^\s*resource\s+"(?P<type>[^"]+)"\s+"(?P<name>[^"]+)"')


def inline_env_settings(text: str, relpath: str) -> dict[str, list[Setting]]:
    """Per resource (``type.name``), the Twilio names its one-line ``{ name, value }`` env
    items set, each value an expression the module resolves like any other."""
    found: dict[str, list[Setting]] = {}
    current = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if header := _RESOURCE.match(line):
            current = f"{header['type']}.{header['name']}"
            continue
        for pattern in _INLINE_ENV:
            for item in pattern.finditer(line):
                if current and is_provider_name(item["name"]):
                    attr = Attr(item["name"], item["expr"], number)
                    found.setdefault(current, []).append(Setting(item["name"], attr, relpath))
    return found


def consumers(tree: Block, relpath: str, text: str = "") -> list[Consumer]:
    """The provider blocks and resources of one file that set Twilio credentials."""
    inline = inline_env_settings(text, relpath) if text else {}
    found: list[Consumer] = []
    for block in tree.blocks:
        kind = block.labels[0] if block.labels else ""
        if block.type == "provider" and kind == "twilio":
            alias = string_literal(block.attrs["alias"].expr) if "alias" in block.attrs else None
            label = "twilio provider" + (f" ({alias})" if alias else "")
            found.append(Consumer(label, _provider_settings(block, relpath), provider=True))
        elif block.type == "resource" and len(block.labels) == 2:
            settings = list(_resource_settings(block, relpath))
            settings += inline.get(f"{kind}.{block.labels[1]}", [])
            if kind == "aws_ssm_parameter" and (ssm := _ssm_setting(block, relpath)):
                settings.append(ssm)
            if settings:
                found.append(Consumer(f"{kind}.{block.labels[1]}", settings))
    return [c for c in found if c.settings]


Literals = dict[str, tuple[str, Location]]


@dataclass
class Values:
    """What one source gives variables: string literals, and maps of string literals (the
    maps a workspace-indexed setting picks from), each value with its own line."""

    literals: Literals = field(default_factory=dict)
    maps: dict[str, Literals] = field(default_factory=dict)

    def update(self, other: Values) -> None:
        self.literals.update(other.literals)
        self.maps.update(other.maps)


@dataclass
class Module:
    """A module folder: its variables' defaults, auto-loaded var files, ``locals`` and
    environment files."""

    folder: str
    defaults: Values = field(default_factory=Values)
    auto: Values = field(default_factory=Values)
    locals: dict[str, Setting] = field(default_factory=dict)
    environments: list[str] = field(default_factory=list)


def _literal_map(relpath: str, name: str, attr: Attr) -> Literals:
    """The ``key = "literal"`` entries of a map, each located at its own line."""
    found: Literals = {}
    for item in attr.items:
        value = string_literal(item.expr)
        if value is not None:
            found[item.name] = (value, Location(relpath, item.line, key=f"{name}.{item.name}"))
    return found


def _value_of(relpath: str, name: str, attr: Attr, into: Values) -> None:
    value = string_literal(attr.expr)
    if value is not None:
        into.literals[name] = (value, Location(relpath, attr.line, key=name))
    elif attr.items:
        into.maps[name] = _literal_map(relpath, name, attr)


def var_assignments(relpath: str, text: str) -> Values:
    """``name = "literal"`` and ``name = { key = "literal" }`` assignments of a var file
    (other expressions are skipped)."""
    found = Values()
    for name, attr in parse(text).attrs.items():
        _value_of(relpath, name, attr, found)
    return found


def _read_tf(relpath: str, text: str, module: Module) -> None:
    """Variables' defaults and ``locals`` of one ``.tf`` file."""
    for block in parse(text).blocks:
        default = block.attrs.get("default") if block.type == "variable" else None
        if default is not None and block.labels:
            _value_of(relpath, block.labels[0], default, module.defaults)
        if block.type == "locals":
            module.locals.update(
                (name, Setting(name, attr, relpath)) for name, attr in block.attrs.items()
            )


def _has_tf(ctx: ScanContext, folder: str) -> bool:
    return any(p.endswith(".tf") for p in folder_files(ctx, folder))


def load_module(ctx: ScanContext, folder: str) -> Module:
    """Read the folder's variables and var files, and find its environment var files."""
    module = Module(folder)
    for relpath in folder_files(ctx, folder):
        name = posixpath.basename(relpath)
        text = sibling_text(ctx, relpath) if name.endswith((".tf", ".tfvars")) else None
        if text is None:
            continue
        if name.endswith(".tf"):
            _read_tf(relpath, text, module)
        elif _is_auto(name):
            module.auto.update(var_assignments(relpath, text))
        else:
            module.environments.append(relpath)
    for below in folders_below(ctx, folder, 2)[1:]:
        if not _has_tf(ctx, below):
            module.environments += [p for p in folder_files(ctx, below) if _is_var_file(p)]
    return module


def _local_target(setting: Setting, module: Module) -> Setting:
    """The ``locals`` entry a bare ``local.NAME`` setting stands for, when that entry picks
    by workspace (other locals are not evaluated)."""
    name = setting.attr.expr.removeprefix("local.")
    local = module.locals.get(name) if setting.attr.expr.startswith("local.") else None
    if local is None or workspace_map_of(local.attr.expr) is None:
        return setting
    return Setting(setting.name, local.attr, local.relpath)


def _workspace_map(
    setting: Setting, chosen: Values, module: Module
) -> dict[str, Entry] | str | None:
    """One entry per workspace when the setting picks from a map by workspace, else None."""
    picked = workspace_map_of(setting.attr.expr)
    if picked is None:
        return None
    kind, name = picked
    entries: Literals | None = None
    if kind == "local" and name in module.locals:
        local = module.locals[name]
        entries = _literal_map(local.relpath, name, local.attr) if local.attr.items else None
    for source in (chosen, module.auto, module.defaults) if kind == "var" else ():
        if name in source.maps:
            entries = source.maps[name]
            break
    if not entries:
        where = f"{kind}.{name}"
        return (
            f"comes from {where}[terraform.workspace], and {where} has no map of values in the tree"
        )
    return {key: Entry(setting.name, value, where) for key, (value, where) in entries.items()}


def _resolve(setting: Setting, chosen: Values, module: Module) -> Entry | dict[str, Entry] | str:
    """The entry a setting becomes (one per workspace for a workspace-keyed map), or why it
    cannot be read."""
    setting = _local_target(setting, module)
    by_workspace = _workspace_map(setting, chosen, module)
    if by_workspace is not None:
        return by_workspace
    literal = string_literal(setting.attr.expr)
    if literal is not None:
        where = Location(setting.relpath, setting.attr.line, key=setting.attr.name)
        return Entry(setting.name, literal, where)
    variable = variable_of(setting.attr.expr)
    if variable is None:
        return "is set by an expression Sherlock does not evaluate"
    for source in (chosen, module.auto, module.defaults):
        if variable in source.literals:
            value, where = source.literals[variable]
            return Entry(setting.name, value, where)
    return f"comes from var.{variable}, which has no value in the tree (TF_VAR_{variable} or -var)"


def _environment(var_file: str | None, module: Module, workspace: str | None) -> str:
    named = environment_from_text(workspace) if workspace is not None else None
    if named is not None:
        return named
    if var_file is None:
        return pick_environment(environment_from_path(module.folder or "."))
    stem = posixpath.basename(var_file).removesuffix(".tfvars")
    return pick_environment(
        environment_from_text(stem),
        environment_from_path(posixpath.dirname(var_file)),
        environment_from_path(module.folder),
    )


@dataclass(frozen=True)
class Run:
    """One way the module is applied: with a var file or not, in a workspace or any."""

    var_file: str | None
    workspace: str | None = None


def _unit(consumer: Consumer, relpath: str, run: Run, module: Module, ctx: ScanContext) -> Unit:
    folder = posixpath.basename(module.folder) if module.folder else ctx.root_name
    service = service_from_name(consumer.label.split(".")[-1]) if not consumer.provider else None
    scope = f"terraform:{consumer.label}@{relpath}"
    scope += f"[{run.var_file}]" if run.var_file else ""
    scope += f"{{workspace={run.workspace}}}" if run.workspace is not None else ""
    return Unit(
        scope=scope,
        source_kind="terraform",
        consumer=f"terraform {consumer.label}",
        environment=_environment(run.var_file, module, run.workspace),
        service=service or service_from_name(folder) or service_from_path(relpath, ctx.root_name),
        hints=(relpath, "twilio") if consumer.provider else (relpath,),
    )


@dataclass
class Gathered:
    """A consumer's settings as read for one var file: the entries every workspace shares,
    those a workspace-keyed map gives per workspace, and notes on what could not be read."""

    shared: list[Entry] = field(default_factory=list)
    by_workspace: dict[str, list[Entry]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def _gather(consumer: Consumer, relpath: str, chosen: Values, module: Module) -> Gathered:
    gathered = Gathered()
    for setting in consumer.settings:
        found = _resolve(setting, chosen, module)
        if isinstance(found, Entry):
            gathered.shared.append(found)
        elif isinstance(found, dict):
            for workspace, entry in found.items():
                gathered.by_workspace.setdefault(workspace, []).append(entry)
        else:
            at = Location(relpath, setting.attr.line)
            gathered.notes.append(Note(str(at), f"{setting.name} {found}; not checked"))
    return gathered


def _read_consumer(
    consumer: Consumer, relpath: str, var_file: str | None, module: Module, ctx: ScanContext
) -> CollectResult:
    """One unit per run: per workspace when a setting is keyed by workspace, else one."""
    chosen = Values()
    if var_file is not None:
        text = sibling_text(ctx, var_file)
        chosen = var_assignments(var_file, text) if text is not None else Values()
    gathered = _gather(consumer, relpath, chosen, module)
    workspaces: list[str | None] = [*gathered.by_workspace] or [None]
    result = CollectResult()
    for workspace in workspaces:
        entries = gathered.shared + gathered.by_workspace.get(workspace or "", [])
        unit = _unit(consumer, relpath, Run(var_file, workspace), module, ctx)
        result.extend(_held_back(emit(entries, unit), consumer))
    result.notes[:0] = gathered.notes
    return result


def _held_back(result: CollectResult, consumer: Consumer) -> CollectResult:
    """The result with a lone half (a SID without its secret…) held back with a note."""
    holder = "this provider block" if consumer.provider else consumer.label
    rest = "the TWILIO_* environment of the terraform run" if consumer.provider else "elsewhere"
    return hold_halves(result, holder, rest)


def _standalone_var_file(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    entries = [
        Entry(name, value, where)
        for name, (value, where) in var_assignments(source.relpath, text).literals.items()
    ]
    stem = source.name.removesuffix(".tfvars")
    unit = Unit(
        scope=f"terraform:{source.relpath}",
        source_kind="terraform-tfvars",
        consumer="terraform -var-file",
        environment=pick_environment(
            environment_from_text(stem), environment_from_path(source.relpath)
        ),
        service=service_from_path(source.relpath, ctx.root_name),
        hints=(source.relpath,),
    )
    return emit(entries, unit)


class TerraformCollector:
    """Reads Terraform modules and var files (see the module docstring)."""

    name = "terraform"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.endswith((".tf", ".tfvars"))

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        folder = posixpath.dirname(source.relpath)
        if source.relpath.endswith(".tfvars"):
            if (
                _has_tf(ctx, folder)
                or _has_tf(ctx, posixpath.dirname(folder))
                or _has_tf(ctx, posixpath.dirname(posixpath.dirname(folder)))
            ):
                return CollectResult()  # read with its module
            return _standalone_var_file(source, text, ctx)
        lowered = source.data.lower()
        if b"twilio" not in lowered:
            return CollectResult()
        found = consumers(parse(text), source.relpath, text)
        if not found:
            return CollectResult()
        module = load_module(ctx, folder)
        result = CollectResult()
        var_files: list[str | None] = list(module.environments) or [None]
        for var_file in var_files:
            for consumer in found:
                result.extend(_read_consumer(consumer, source.relpath, var_file, module, ctx))
        return result
