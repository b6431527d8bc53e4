"""GitLab CI: ``.gitlab-ci.yml``, ``*.gitlab-ci.yml|yaml`` and YAML under ``.gitlab/ci/``.

A job sees the top-level ``variables:``, then those of the templates it ``extends:`` (in
order, each template's own ``extends:`` first), then its own; the job's win. YAML anchors
and ``<<:`` merges are resolved by the YAML reader. A variable is ``KEY: value`` or
``KEY: {value: …, description: …, expand: false}``. GitLab expands ``$VAR`` and ``${VAR}``
in values (``$$`` is a literal ``$``) unless ``expand: false``: a reference to a variable
the file defines is expanded; any other (a CI/CD variable from the project's settings, a
predefined ``CI_…`` variable) makes the value a reference, noted and not emitted. Hidden
jobs (``.name``) are templates, not jobs.

Environment: the job's ``environment:`` (``production`` or ``{name: production}``), the job
name (``deploy_prod``), its ``stage:``, an ``APP_ENV``-style variable, then the path.
"""

from __future__ import annotations

import re
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.ci_common import (
    CiUnit,
    CiValue,
    ci_environment,
    emit_units,
    environment_name,
)
from sherlock.collect.context import service_from_name
from sherlock.collect.emit import Entry
from sherlock.collect.platform_secrets import platform_secret_values
from sherlock.collect.yamlio import as_list, as_mapping, key_line, scalar_text, source_lines
from sherlock.models import Location, Note

CONSUMER = "GitLab CI"
SOURCE_KIND = "gitlab-ci"
RESERVED = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
        "spec",
    }
)
_VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_MAX_EXTENDS = 11  # GitLab's own nesting limit


def is_gitlab_ci_path(relpath: str) -> bool:
    """``.gitlab-ci.yml``, ``*.gitlab-ci.yml|yaml``, or a YAML file under ``.gitlab/ci/``."""
    name = relpath.rsplit("/", 1)[-1]
    if name == ".gitlab-ci.yml" or name.endswith((".gitlab-ci.yml", ".gitlab-ci.yaml")):
        return True
    return ("/" + relpath).find("/.gitlab/ci/") >= 0 and name.endswith((".yml", ".yaml"))


class _File:
    """The pipeline file being read."""

    def __init__(self, relpath: str, text: str, doc: dict[Any, Any], root_name: str) -> None:
        self.relpath = relpath
        self.lines = source_lines(text)
        self.doc = doc
        self.root_name = root_name

    def variables(self, node: Any) -> list[tuple[CiValue, bool]]:
        """(value, expand) for each variable of a ``variables:`` mapping."""
        mapping = as_mapping(node)
        found: list[tuple[CiValue, bool]] = []
        for key in mapping or {}:
            line = key_line(mapping, key)
            inner = as_mapping(mapping[key]) if mapping else None
            if inner is not None:
                raw = scalar_text(inner, "value", self.lines)
                line = key_line(inner, "value") or line
                expand = inner.get("expand") is not False
            else:
                raw = scalar_text(mapping, key, self.lines)
                expand = True
            if raw is not None:
                entry = Entry(str(key), raw, Location(self.relpath, line))
                found.append((CiValue(entry), expand))
        return found


def _template_chain(
    file: _File,
    job: dict[Any, Any],
    depth: int = 0,
    memo: dict[tuple[int, int], list[dict[Any, Any]]] | None = None,
) -> list[dict[Any, Any]]:
    """The templates a job extends, deepest first, each once.

    ``memo`` keeps each template's chain per depth for one job, so templates that extend
    several shared templates cost their number, not the (exponential) number of paths.
    """
    if depth >= _MAX_EXTENDS:
        return []
    memo = {} if memo is None else memo
    remembered = memo.get((id(job), depth))
    if remembered is not None:
        return remembered
    raw = job.get("extends")
    names = [raw] if isinstance(raw, str) else [n for n in as_list(raw) if isinstance(n, str)]
    chain: list[dict[Any, Any]] = []
    seen: set[int] = set()
    for name in names:
        template = as_mapping(file.doc.get(name))
        if template is None or template is job:
            continue
        for found in [*_template_chain(file, template, depth + 1, memo), template]:
            if id(found) not in seen:
                seen.add(id(found))
                chain.append(found)
    memo[(id(job), depth)] = chain
    return chain


def _resolve(values: list[tuple[CiValue, bool]]) -> list[CiValue]:
    """Expand ``$VAR`` from the job's own literal variables; anything else is a reference."""
    known: dict[str, str] = {}
    for value, expand in values:
        if not expand or "$" not in value.entry.raw:
            known[value.entry.name] = value.entry.raw
    resolved: list[CiValue] = []
    for value, expand in values:
        raw = value.entry.raw
        if not expand or "$" not in raw:
            resolved.append(value)
            continue
        missing: list[str] = []

        def substitute(match: re.Match[str], missing: list[str] = missing) -> str:
            if match[0] == "$$":
                return "$"
            name = match[1] or match[2]
            if name in known:
                return known[name]
            missing.append(name)
            return ""

        text = _VARIABLE.sub(substitute, raw)
        if missing:
            reference = f"${missing[0]} (a CI/CD variable set outside this file)"
            resolved.append(CiValue(value.entry, reference))
        else:
            entry = Entry(value.entry.name, text, value.entry.location)
            resolved.append(CiValue(entry))
    return resolved


def _job_unit(file: _File, name: str, job: dict[Any, Any]) -> CiUnit:
    layered = file.variables(file.doc.get("variables"))
    for template in _template_chain(file, job):
        layered += file.variables(template.get("variables"))
    layered += file.variables(job.get("variables"))
    values = _resolve(layered)
    chain = [job, *reversed(_template_chain(file, job))]
    environment_key = next((t.get("environment") for t in chain if t.get("environment")), None)
    stage = job.get("stage") if isinstance(job.get("stage"), str) else None
    names = (environment_name(environment_key), name, stage)
    environment = ci_environment(names, values, file.relpath)
    service = service_from_name(name) or file.root_name or "."
    scope = f"{SOURCE_KIND}:{name}@{file.relpath}"
    hints = (file.relpath, name)
    where = f"job {name}" if name else "the pipeline's variables"
    return CiUnit(scope, SOURCE_KIND, CONSUMER, environment, service, values, hints, where)


class GitLabCiCollector:
    """Reads top-level and per-job ``variables:`` from GitLab CI pipelines."""

    name = "gitlab-ci"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith((".yml", ".yaml"))

    def wants(self, relpath: str) -> bool:
        return is_gitlab_ci_path(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        doc = ctx.documents.first_mapping(source.relpath, text)
        if isinstance(doc, str):
            return CollectResult(notes=[Note(source.relpath, doc)])
        if doc is None:
            return CollectResult()
        file = _File(source.relpath, text, doc, ctx.root_name)
        units = [
            _job_unit(file, str(name), job)
            for name, job in doc.items()
            if isinstance(job, dict) and str(name) not in RESERVED and not str(name).startswith(".")
        ]
        if not units and doc.get("variables"):
            units.append(_job_unit(file, "", {}))
        result = emit_units(units)
        result.extend(platform_secret_values(source, text, ctx, kind="yaml"))
        return result
