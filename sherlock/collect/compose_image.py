"""The image's own ``ENV``, under a compose service that builds it.

Compose's precedence page puts a container image's ``ENV`` last: it counts only when no
``environment:``, ``env_file:`` or ``run -e`` entry sets the name. So a Twilio value baked
into the Dockerfile a service builds never reaches that service's process when compose sets
the same name, and when compose's value is the rejected one the baked value is evidence
(:mod:`sherlock.collect.precedence`). Only names compose also sets are taken, as the lowest
layer; the Dockerfile's values themselves stay with the Dockerfile collector.

``build:`` is a context path or ``{context, dockerfile, target}``; the Dockerfile defaults
to ``Dockerfile`` in the context, and the stage to ``target``, else the last one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sherlock.collect.dockerfile import Stage, read_build
from sherlock.collect.emit import Entry
from sherlock.collect.walk import resolve_reference


def dockerfile_of(folder: str, build: Any) -> tuple[str, str | None] | None:
    """(Dockerfile path relative to the compose folder, target stage) of a ``build:``."""
    if isinstance(build, str):
        return posixpath.join(build, "Dockerfile"), None
    if not isinstance(build, dict):
        return None
    context = build.get("context", ".")
    dockerfile = build.get("dockerfile", "Dockerfile")
    if not isinstance(context, str) or not isinstance(dockerfile, str) or "://" in context:
        return None
    target = build.get("target")
    return posixpath.join(context, dockerfile), target if isinstance(target, str) else None


def _stage(stages: list[Stage], target: str | None) -> Stage | None:
    named = [s for s in stages if target and s.name.lower() == target.lower()]
    return named[0] if named else (stages[-1] if stages else None)


def image_layer(
    svc: dict[Any, Any],
    folder: str,
    text_of: Callable[[str], tuple[str, None] | tuple[None, str]],
    names: set[str],
) -> list[Entry]:
    """The built image's ENV entries for ``names``, layered as ``image ENV (PATH)``."""
    found = dockerfile_of(folder, svc.get("build"))
    relpath = resolve_reference(folder, found[0]) if found else None
    if found is None or relpath is None or not names:
        return []
    text, _problem = text_of(relpath)
    if text is None:
        return []
    stage = _stage(read_build(relpath, text).stages, found[1])
    layer = f"image ENV ({relpath})"
    latest = {e.name: e for e in (stage.env if stage else []) if e.name in names}
    return [Entry(e.name, e.raw, e.location, key=e.key, layer=layer) for e in latest.values()]
