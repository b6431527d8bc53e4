"""GitHub Actions workflows: ``.github/workflows/*.yml|yaml``.

A step sees the workflow's top-level ``env:``, then its job's ``env:`` (and the job
``container:``'s ``env:``), then its own ``env:``; the innermost wins. Each job is one unit,
and each step with an ``env:`` of its own another (see :mod:`.ci_common`). Values are taken
as GitHub passes them: YAML strings as loaded (a ``|`` block keeps its final newline, and so
does the variable), other scalars as written; ``$VAR`` is not expanded by GitHub, so it is
part of the value. Anything with ``${{ … }}`` is evaluated by GitHub at run time and is a
reference, never a value: ``secrets.X`` and ``vars.X`` are named in a note.

Environment: the job's ``environment:`` (``production`` or ``{name: production}``), else
the job's id and ``name:``, the workflow's ``name:``, an ``APP_ENV``-style variable, then
the file name. Service: the job id without generic and environment words (``deploy-api`` →
``api``), else the workflow file's stem, else the repository folder.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.ci_common import (
    CiUnit,
    CiValue,
    ci_environment,
    emit_units,
    environment_name,
    mapping_values,
)
from sherlock.collect.context import service_from_name
from sherlock.collect.platform_secrets import platform_secret_values
from sherlock.collect.yamlio import as_list, as_mapping, source_lines
from sherlock.models import Note

CONSUMER = "GitHub Actions"
SOURCE_KIND = "github-actions"
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_CONTEXT_REF = re.compile(r"\b(secrets|vars)\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])")
_KINDS = {"secrets": "a GitHub Actions secret", "vars": "a GitHub Actions variable"}


def is_workflow_path(relpath: str) -> bool:
    """``.github/workflows/NAME.yml|yaml`` (at any depth, for monorepos that vendor them)."""
    folder, _, name = relpath.rpartition("/")
    return (folder == ".github/workflows" or folder.endswith("/.github/workflows")) and (
        name.endswith((".yml", ".yaml"))
    )


def reference_of(raw: str) -> str | None:
    """What a value with ``${{ … }}`` refers to (secret and variable names only), or None."""
    expressions = _EXPRESSION.findall(raw)
    if not expressions and "${{" not in raw:
        return None
    for expression in expressions:
        found = _CONTEXT_REF.search(expression)
        if found:
            return f"{found[1]}.{found[2] or found[3]} ({_KINDS[found[1]]})"
    return "a GitHub Actions expression"


class _File:
    """The workflow being read."""

    def __init__(self, relpath: str, text: str, root_name: str) -> None:
        self.relpath = relpath
        self.lines = source_lines(text)
        self.root_name = root_name


def _values(node: Any, relpath: str, lines: list[str]) -> list[CiValue]:
    return mapping_values(node, relpath, lines, reference_of)


def _service(job_id: str, relpath: str, root_name: str) -> str:
    stem = posixpath.splitext(relpath.rsplit("/", 1)[-1])[0]
    return service_from_name(job_id) or service_from_name(stem) or root_name or "."


def _job_units(
    job_id: str, job: dict[Any, Any], top: list[CiValue], workflow: dict[Any, Any], file: _File
) -> list[CiUnit]:
    container = as_mapping(job.get("container")) or {}
    values = top + _values(job.get("env"), file.relpath, file.lines)
    values += _values(container.get("env"), file.relpath, file.lines)
    names = (
        environment_name(job.get("environment")),
        job_id,
        job.get("name") if isinstance(job.get("name"), str) else None,
        workflow.get("name") if isinstance(workflow.get("name"), str) else None,
    )
    environment = ci_environment(names, values, file.relpath)
    service = _service(job_id, file.relpath, file.root_name)
    scope = f"{SOURCE_KIND}:{job_id}@{file.relpath}"
    hints = (file.relpath, job_id)
    job_unit = CiUnit(scope, SOURCE_KIND, CONSUMER, environment, service, values, hints)
    job_unit.where = f"job {job_id}"
    units = [job_unit]
    for index, step in enumerate(as_list(job.get("steps")), start=1):
        step_map = as_mapping(step) or {}
        own = _values(step_map.get("env"), file.relpath, file.lines)
        if not own:
            continue
        label = str(step_map.get("id") or step_map.get("name") or f"step {index}")
        consumer = f"{CONSUMER} step '{label}'"
        units.append(
            CiUnit(
                f"{SOURCE_KIND}:{job_id}/{label}@{file.relpath}",
                SOURCE_KIND,
                consumer,
                environment,
                service,
                values + own,
                hints,
                where=f"step '{label}' of job {job_id}",
            )
        )
    return units


class GitHubActionsCollector:
    """Reads ``env:`` at workflow, job and step level from GitHub Actions workflows."""

    name = "github-actions"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith((".yml", ".yaml"))

    def wants(self, relpath: str) -> bool:
        return is_workflow_path(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        workflow = ctx.documents.first_mapping(source.relpath, text)
        if isinstance(workflow, str):
            return CollectResult(notes=[Note(source.relpath, workflow)])
        if workflow is None:
            return CollectResult()
        file = _File(source.relpath, text, ctx.root_name)
        top = _values(workflow.get("env"), file.relpath, file.lines)
        jobs = as_mapping(workflow.get("jobs")) or {}
        units: list[CiUnit] = []
        for job_id, job in jobs.items():
            if isinstance(job, dict):
                units.extend(_job_units(str(job_id), job, top, workflow, file))
        if not units and top:
            environment = ci_environment([workflow.get("name")], top, file.relpath)
            service = _service("", file.relpath, file.root_name)
            scope = f"{SOURCE_KIND}:@{file.relpath}"
            units.append(
                CiUnit(
                    scope,
                    SOURCE_KIND,
                    CONSUMER,
                    environment,
                    service,
                    top,
                    (file.relpath,),
                    where="this workflow",
                )
            )
        result = emit_units(units)
        result.extend(platform_secret_values(source, text, ctx, kind="yaml"))
        return result
