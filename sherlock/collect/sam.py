"""AWS SAM and CloudFormation templates: the environment variables of Lambda functions.

A function's environment is ``Globals.Function.Environment.Variables`` (SAM) with the
resource's own ``Properties.Environment.Variables`` over it, for every
``AWS::Serverless::Function`` and ``AWS::Lambda::Function`` (AWS SAM docs, "Globals section";
CloudFormation ``AWS::Lambda::Function Environment``). A value may be written in place, or be
``!Ref Param`` / ``{Ref: Param}``, which CloudFormation fills with the parameter's value: the
``parameter_overrides`` of the ``samconfig.toml`` environment deployed (``sam deploy
--config-env prod`` reads ``[prod.deploy.parameters]``), else the parameter's ``Default``.
So each samconfig environment (``default`` when there is none) is one set per function,
located where its value is written. ``{{resolve:secretsmanager:…}}`` / ``{{resolve:ssm…}}``
are fetched by CloudFormation at deploy time and become notes, as do other intrinsic
functions (``!Sub``, ``!GetAtt``, ``!Join``). The short-form tags are read by rewriting
``!Ref X`` into its long form before the YAML is parsed (lines do not move).
"""

from __future__ import annotations

import re
import shlex
import tomllib
from collections.abc import Mapping
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.framework_config import names_a_provider
from sherlock.collect.partial import hold_halves
from sherlock.collect.toml_lines import key_lines
from sherlock.collect.walk import decode_text, read_inside
from sherlock.collect.yamlio import as_mapping, key_line, load_documents
from sherlock.models import Location

CONSUMER = "cloudformation (sam deploy)"
_NAMES = re.compile(r"^(?:template|.*\.template|sam-template|cloudformation)\.ya?ml$")
_FUNCTIONS = frozenset({"AWS::Serverless::Function", "AWS::Lambda::Function"})
_SHORT_REF = re.compile(r"!Ref\s+([\w:.-]+)")
_OTHER_TAG = re.compile(r"!(Sub|GetAtt|Join|If|Select|FindInMap|ImportValue|Base64)\b\s*")
Overrides = dict[str, tuple[str, Location]]


def _long_form(text: str) -> str:
    """``!Ref X`` → ``{Ref: X}``; other short tags → a marker the reader turns into a note."""
    text = _SHORT_REF.sub(r"{Ref: \1}", text)
    return _OTHER_TAG.sub(lambda m: f"!!str __fn_{m[1]}__ ", text)


def sam_environments(folder: str, ctx: ScanContext) -> dict[str, Overrides]:
    """samconfig.toml environment → parameter overrides (value, where); {} when absent."""
    relpath = f"{folder}/samconfig.toml" if folder else "samconfig.toml"
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    text = decode_text(data)[0] if isinstance(data, bytes) else None
    if text is None:
        return {}
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    lines = key_lines(text)
    found: dict[str, Overrides] = {}
    for env, body in config.items():
        params = body.get("deploy", {}).get("parameters") if isinstance(body, dict) else None
        if not isinstance(params, dict):
            continue
        raw = params.get("parameter_overrides", "")
        words = raw if isinstance(raw, list) else shlex.split(str(raw))
        line = lines.get(f"{env}.deploy.parameters.parameter_overrides")
        pairs = (w.split("=", 1) for w in words if "=" in w)
        found[env] = {k: (v, Location(relpath, line)) for k, v in pairs}
    return found


def _defaults(template: Mapping[str, Any], relpath: str) -> Overrides:
    params = as_mapping(template.get("Parameters")) or {}
    found: Overrides = {}
    for name, body in params.items():
        spec = as_mapping(body) or {}
        if "Default" in spec and isinstance(spec["Default"], str | int | float):
            found[str(name)] = (str(spec["Default"]), Location(relpath, key_line(spec, "Default")))
    return found


def _variables(node: Any) -> dict[str, Any]:
    env = as_mapping((as_mapping(node) or {}).get("Environment")) or {}
    return as_mapping(env.get("Variables")) or {}


def _value(raw: Any, params: Overrides, where: Location) -> tuple[str | None, Location, str]:
    """(value, location, why not) for one variable as CloudFormation fills it."""
    ref = as_mapping(raw)
    if ref is not None and set(ref) == {"Ref"}:
        name = str(ref["Ref"])
        if name in params:
            return params[name][0], params[name][1], ""
        return None, where, f"!Ref {name} has no value in this tree (no override, no Default)"
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        return None, where, "is computed by an intrinsic function at deploy time; not checked"
    text = str(raw)
    if text.startswith("__fn_"):
        return None, where, "is computed by an intrinsic function at deploy time; not checked"
    if "{{resolve:" in text:
        return (
            None,
            where,
            "is a {{resolve:…}} dynamic reference CloudFormation fetches; not checked",
        )
    return text, where, ""


def _entries(
    variables: Mapping[str, Any], params: Overrides, relpath: str, result: CollectResult
) -> list[Entry]:
    entries: list[Entry] = []
    for name, raw in variables.items():
        where = Location(relpath, key_line(variables, name), key=f"Environment.Variables.{name}")
        value, location, why = _value(raw, params, where)
        if value is not None:
            entries.append(Entry(str(name), value, location))
        elif is_provider_name(str(name), context=True):
            result.note(str(where), f"{name} {why}")
    return entries


class SamTemplateCollector:
    """Reads Lambda environment variables of SAM/CloudFormation templates."""

    name = "sam"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return _NAMES.match(relpath.rsplit("/", 1)[-1]) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        functions = b"AWS::Serverless::Function" in head or b"AWS::Lambda::Function" in head
        return self.wants(relpath) and functions and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        result = CollectResult()
        docs = load_documents(_long_form(text))
        template = as_mapping(docs[0]) if isinstance(docs, list) and docs else None
        if template is None:
            result.note(source.relpath, docs if isinstance(docs, str) else "no template (not read)")
            return result
        folder = source.relpath.rpartition("/")[0]
        defaults = _defaults(template, source.relpath)
        configs = sam_environments(folder, ctx) or {"default": {}}
        globals_ = _variables((as_mapping(template.get("Globals")) or {}).get("Function"))
        resources = as_mapping(template.get("Resources")) or {}
        for env, overrides in configs.items():
            params = {**defaults, **overrides}
            shared = _entries(globals_, params, source.relpath, result)
            for name, body in resources.items():
                resource = as_mapping(body) or {}
                if resource.get("Type") not in _FUNCTIONS:
                    continue
                own = _entries(
                    _variables(resource.get("Properties")), params, source.relpath, result
                )
                unit = _unit(
                    source.relpath,
                    str(name),
                    env,
                    configs_found=bool(overrides) or env != "default",
                )
                result.extend(emit([*shared, *own], unit))
        result.notes = list(dict.fromkeys(result.notes))
        return hold_halves(result, "this function's environment", "a deploy-time reference")


def _unit(relpath: str, function: str, env: str, *, configs_found: bool) -> Unit:
    """Without a samconfig environment, the stack's folder names the environment."""
    named = environment_from_text(env) or env
    environment = named if configs_found else pick_environment(environment_from_path(relpath))
    return Unit(
        scope=f"{relpath} [{function}, config-env {env}]",
        source_kind="sam",
        consumer=f"{CONSUMER} --config-env {env}",
        environment=environment,
        service=function,
        hints=(relpath,),
        named_environment=False,
    )
