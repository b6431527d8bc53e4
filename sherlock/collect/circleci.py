"""CircleCI: ``.circleci/config.yml`` (and ``config.yaml``).

A job's steps see, in order: the ``environment:`` of the executor it names
(``executor: NAME`` or ``{name: NAME}``), of its primary ``docker:`` image (the first; the
others are service containers), of the job itself, then of the ``run:`` step. CircleCI does
not expand variables in ``environment:`` maps, so ``$VAR`` is passed as written and is part
of the value; a ``<< pipeline.parameters.x >>`` or ``<< parameters.x >>`` is filled in when
the config is compiled, and is a reference, noted and not emitted.

Environment: the job name (``deploy-prod``), an ``APP_ENV``-style variable, then the path.
"""

from __future__ import annotations

from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.ci_common import CiUnit, CiValue, ci_environment, emit_units, mapping_values
from sherlock.collect.context import service_from_name
from sherlock.collect.platform_secrets import platform_secret_values
from sherlock.collect.yamlio import as_list, as_mapping, source_lines
from sherlock.models import Note

CONSUMER = "CircleCI"
SOURCE_KIND = "circleci"


def is_circleci_path(relpath: str) -> bool:
    """``.circleci/config.yml`` or ``.circleci/config.yaml`` (at any depth)."""
    return ("/" + relpath).endswith(("/.circleci/config.yml", "/.circleci/config.yaml"))


def reference_of(raw: str) -> str | None:
    """A ``<< … >>`` parameter is filled in at compile time; anything else is literal."""
    if "<<" in raw and ">>" in raw:
        return "a CircleCI pipeline or job parameter"
    return None


class _File:
    """The config being read."""

    def __init__(self, relpath: str, text: str, doc: dict[Any, Any], root_name: str) -> None:
        self.relpath = relpath
        self.lines = source_lines(text)
        self.doc = doc
        self.root_name = root_name

    def values(self, node: Any) -> list[CiValue]:
        return mapping_values(node, self.relpath, self.lines, reference_of)

    def executor(self, job: dict[Any, Any]) -> dict[Any, Any]:
        ref = job.get("executor")
        name = ref if isinstance(ref, str) else (as_mapping(ref) or {}).get("name")
        executors = as_mapping(self.doc.get("executors")) or {}
        if not isinstance(name, str):
            return {}
        return as_mapping(executors.get(name)) or {}


def _primary_image(node: dict[Any, Any]) -> dict[Any, Any]:
    images = as_list(node.get("docker"))
    if not images:
        return {}
    return as_mapping(images[0]) or {}


def _job_units(file: _File, name: str, job: dict[Any, Any]) -> list[CiUnit]:
    executor = file.executor(job)
    values = file.values(executor.get("environment"))
    values += file.values(_primary_image(executor).get("environment"))
    values += file.values(_primary_image(job).get("environment"))
    values += file.values(job.get("environment"))
    environment = ci_environment((name,), values, file.relpath)
    service = service_from_name(name) or file.root_name or "."
    scope = f"{SOURCE_KIND}:{name}@{file.relpath}"
    hints = (file.relpath, name)
    job_unit = CiUnit(scope, SOURCE_KIND, CONSUMER, environment, service, values, hints)
    job_unit.where = f"job {name}"
    units = [job_unit]
    for index, step in enumerate(as_list(job.get("steps")), start=1):
        run = as_mapping((as_mapping(step) or {}).get("run"))
        own = file.values(run.get("environment")) if run else []
        if run and own:
            label = str(run.get("name") or f"step {index}")
            units.append(
                CiUnit(
                    f"{SOURCE_KIND}:{name}/{label}@{file.relpath}",
                    SOURCE_KIND,
                    f"{CONSUMER} step '{label}'",
                    environment,
                    service,
                    values + own,
                    hints,
                    where=f"step '{label}' of job {name}",
                )
            )
    return units


class CircleCiCollector:
    """Reads ``environment:`` maps of CircleCI executors, images, jobs and run steps."""

    name = "circleci"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name in ("config.yml", "config.yaml")

    def wants(self, relpath: str) -> bool:
        return is_circleci_path(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        doc = ctx.documents.first_mapping(source.relpath, text)
        if isinstance(doc, str):
            return CollectResult(notes=[Note(source.relpath, doc)])
        if doc is None:
            return CollectResult()
        file = _File(source.relpath, text, doc, ctx.root_name)
        units: list[CiUnit] = []
        for name, job in (as_mapping(doc.get("jobs")) or {}).items():
            if isinstance(job, dict):
                units.extend(_job_units(file, str(name), job))
        result = emit_units(units)
        result.extend(platform_secret_values(source, text, ctx, kind="yaml"))
        return result
