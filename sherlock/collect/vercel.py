"""Vercel projects: the env files ``vercel pull`` caches under ``.vercel/``.

``vercel pull [--environment=<target>]`` downloads a project's environment variables for one
target into ``.vercel/.env.<target>.local`` (``development`` by default; ``preview``,
``production`` or a custom environment such as ``staging``) for ``vercel build`` and
``vercel dev`` to load offline (Vercel CLI docs, "vercel pull"). The CLI writes each value as
``NAME="value"`` with newlines escaped as ``\\n``, and those commands read the file with
dotenv rules, which decode the escape again: the file is read with the python-dotenv dialect,
which treats double-quoted values the same way. Each file is one credential set whose
environment is its target (``production`` → prod, ``development`` → dev, ``preview`` stays
preview, a custom target spells its own), and whose service is the project folder that holds
``.vercel/``. These files are claimed before the generic env-file reader so they are read
once, as Vercel's. A root ``.env.local`` written by ``vercel env pull <file>`` is an ordinary
env file, read by that reader (Next.js and others load it themselves).
"""

from __future__ import annotations

import re

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_text
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.dotenv import env_entries
from sherlock.collect.emit import Unit, emit
from sherlock.collect.framework_config import project_service

CONSUMER = "vercel build / vercel dev (vercel pull)"
_PULLED = re.compile(r"^(?:(?P<project>.*)/)?\.vercel/\.env\.(?P<target>[^/]+)\.local$")
TARGETS = {"production": "prod", "development": "dev", "preview": "preview"}


def target_environment(target: str) -> str:
    """The environment a Vercel target stands for."""
    return TARGETS.get(target) or environment_from_text(target) or target


class VercelPullCollector:
    """Reads ``.vercel/.env.<target>.local`` files as ``vercel dev``/``vercel build`` do."""

    name = "vercel-pull"

    def wants(self, relpath: str) -> bool:
        return _PULLED.match(relpath) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        pulled = _PULLED.match(source.relpath)
        if pulled is None:
            return CollectResult()
        parsed = parse_env_text(text, PYTHON_DOTENV)
        entries, notes = env_entries(parsed, source.relpath, CONSUMER)
        unit = Unit(
            scope=source.relpath,
            source_kind="vercel-pull",
            consumer=CONSUMER,
            environment=target_environment(pulled["target"]),
            service=project_service(pulled["project"] or "", ctx.root_name),
            hints=(source.relpath,),
            named_environment=False,
        )
        result = emit(entries, unit)
        result.notes[:0] = notes
        return result
