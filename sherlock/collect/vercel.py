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
env file, read by that reader (Next.js and others load it themselves). The project's own
``vercel.json`` (or ``now.json``) is read here too, by :mod:`.vercel_json`.
"""

from __future__ import annotations

import re

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_text
from sherlock.collect.dialects import PYTHON_DOTENV, parse_env_text
from sherlock.collect.dotenv import env_entries
from sherlock.collect.emit import Unit, emit
from sherlock.collect.framework_config import names_a_provider, project_service
from sherlock.collect.vercel_json import NAMES as CONFIG_NAMES
from sherlock.collect.vercel_json import read_vercel_json

CONSUMER = "vercel build / vercel dev (vercel pull)"
_PULLED = re.compile(r"^(?:(?P<project>.*)/)?\.vercel/\.env\.(?P<target>[^/]+)\.local$")
TARGETS = {"production": "prod", "development": "dev", "preview": "preview"}


def target_environment(target: str) -> str:
    """The environment a Vercel target stands for."""
    return TARGETS.get(target) or environment_from_text(target) or target


def _is_config(relpath: str) -> bool:
    return relpath.rsplit("/", 1)[-1] in CONFIG_NAMES


class VercelPullCollector:
    """Reads ``.vercel/.env.<target>.local`` files as ``vercel dev``/``vercel build`` do,
    and the ``env`` maps of ``vercel.json`` (see :mod:`.vercel_json`)."""

    name = "vercel-pull"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name in CONFIG_NAMES or (name.startswith(".env.") and name.endswith(".local"))

    def wants(self, relpath: str) -> bool:
        return _PULLED.match(relpath) is not None or _is_config(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        if _is_config(relpath):
            return names_a_provider(head)
        return _PULLED.match(relpath) is not None

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        if _is_config(source.relpath):
            return read_vercel_json(source, text, ctx)
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
