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
* A ``.tfvars`` file that belongs to no module folder is read alone, its Twilio-named
  variables (``twilio_auth_token = "…"``) as they are.

Anything else (``local.x``, data sources, functions, interpolation inside a longer string)
is not guessed at: when it sets a Twilio name, that is a note.
"""

from __future__ import annotations

import posixpath
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
from sherlock.collect.hcl import Attr, Block, parse, string_literal, variable_of
from sherlock.collect.partial import held_note, hold_partial
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


def consumers(tree: Block, relpath: str) -> list[Consumer]:
    """The provider blocks and resources of one file that set Twilio credentials."""
    found: list[Consumer] = []
    for block in tree.blocks:
        kind = block.labels[0] if block.labels else ""
        if block.type == "provider" and kind == "twilio":
            alias = string_literal(block.attrs["alias"].expr) if "alias" in block.attrs else None
            label = "twilio provider" + (f" ({alias})" if alias else "")
            found.append(Consumer(label, _provider_settings(block, relpath), provider=True))
        elif block.type == "resource" and len(block.labels) == 2:
            settings = list(_resource_settings(block, relpath))
            if kind == "aws_ssm_parameter" and (ssm := _ssm_setting(block, relpath)):
                settings.append(ssm)
            if settings:
                found.append(Consumer(f"{kind}.{block.labels[1]}", settings))
    return [c for c in found if c.settings]


@dataclass
class Module:
    """A module folder: its variables' defaults, auto-loaded var files and environment files."""

    folder: str
    defaults: dict[str, tuple[str, Location]] = field(default_factory=dict)
    auto: dict[str, tuple[str, Location]] = field(default_factory=dict)
    environments: list[str] = field(default_factory=list)


def var_assignments(relpath: str, text: str) -> dict[str, tuple[str, Location]]:
    """``name = "literal"`` assignments of a var file (other expressions are skipped)."""
    found: dict[str, tuple[str, Location]] = {}
    for name, attr in parse(text).attrs.items():
        value = string_literal(attr.expr)
        if value is not None:
            found[name] = (value, Location(relpath, attr.line, key=name))
    return found


def _defaults(relpath: str, text: str) -> dict[str, tuple[str, Location]]:
    found: dict[str, tuple[str, Location]] = {}
    for block in parse(text).blocks:
        default = block.attrs.get("default") if block.type == "variable" else None
        value = string_literal(default.expr) if default is not None else None
        if default is not None and value is not None and block.labels:
            found[block.labels[0]] = (value, Location(relpath, default.line, key=block.labels[0]))
    return found


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
            module.defaults.update(_defaults(relpath, text))
        elif _is_auto(name):
            module.auto.update(var_assignments(relpath, text))
        else:
            module.environments.append(relpath)
    for below in folders_below(ctx, folder, 2)[1:]:
        if not _has_tf(ctx, below):
            module.environments += [p for p in folder_files(ctx, below) if _is_var_file(p)]
    return module


def _resolve(
    setting: Setting, chosen: dict[str, tuple[str, Location]], module: Module
) -> Entry | str:
    """The entry a setting becomes, or why it cannot be read."""
    literal = string_literal(setting.attr.expr)
    if literal is not None:
        where = Location(setting.relpath, setting.attr.line, key=setting.attr.name)
        return Entry(setting.name, literal, where)
    variable = variable_of(setting.attr.expr)
    if variable is None:
        return "is set by an expression Sherlock does not evaluate"
    for source in (chosen, module.auto, module.defaults):
        if variable in source:
            value, where = source[variable]
            return Entry(setting.name, value, where)
    return f"comes from var.{variable}, which has no value in the tree (TF_VAR_{variable} or -var)"


def _environment(var_file: str | None, module: Module) -> str:
    if var_file is None:
        return pick_environment(environment_from_path(module.folder or "."))
    stem = posixpath.basename(var_file).removesuffix(".tfvars")
    return pick_environment(
        environment_from_text(stem),
        environment_from_path(posixpath.dirname(var_file)),
        environment_from_path(module.folder),
    )


def _unit(
    consumer: Consumer, relpath: str, var_file: str | None, module: Module, ctx: ScanContext
) -> Unit:
    folder = posixpath.basename(module.folder) if module.folder else ctx.root_name
    service = service_from_name(consumer.label.split(".")[-1]) if not consumer.provider else None
    return Unit(
        scope=f"terraform:{consumer.label}@{relpath}" + (f"[{var_file}]" if var_file else ""),
        source_kind="terraform",
        consumer=f"terraform {consumer.label}",
        environment=_environment(var_file, module),
        service=service or service_from_name(folder) or service_from_path(relpath, ctx.root_name),
        hints=(relpath, "twilio") if consumer.provider else (relpath,),
    )


def _read_consumer(
    consumer: Consumer, relpath: str, var_file: str | None, module: Module, ctx: ScanContext
) -> CollectResult:
    chosen: dict[str, tuple[str, Location]] = {}
    if var_file is not None:
        text = sibling_text(ctx, var_file)
        chosen = var_assignments(var_file, text) if text is not None else {}
    entries: list[Entry] = []
    notes: list[Note] = []
    for setting in consumer.settings:
        found = _resolve(setting, chosen, module)
        if isinstance(found, Entry):
            entries.append(found)
        else:
            at = Location(relpath, setting.attr.line)
            notes.append(Note(str(at), f"{setting.name} {found}; not checked"))
    result = emit(entries, _unit(consumer, relpath, var_file, module, ctx))
    result.values, held = hold_partial(result.values)
    holder = "this provider block" if consumer.provider else consumer.label
    rest = "the TWILIO_* environment of the terraform run" if consumer.provider else "elsewhere"
    result.notes.extend(held_note(v, holder, rest) for v in held)
    result.notes[:0] = notes
    return result


def _standalone_var_file(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    entries = [
        Entry(name, value, where)
        for name, (value, where) in var_assignments(source.relpath, text).items()
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
        found = consumers(parse(text), source.relpath)
        if not found:
            return CollectResult()
        module = load_module(ctx, folder)
        result = CollectResult()
        var_files: list[str | None] = list(module.environments) or [None]
        for var_file in var_files:
            for consumer in found:
                result.extend(_read_consumer(consumer, source.relpath, var_file, module, ctx))
        return result
