"""PM2 ecosystem files written in YAML (``ecosystem.config.yml``, ``process.yml``).

PM2 picks a config file's format from its name (``Common.isConfigFile``: ``.yml``/``.yaml``
→ YAML) and loads YAML with js-yaml (``Common.parseConfig``). The document is the same as the
JavaScript form: an ``apps`` list (or a bare list of apps, or a single app object), each app
with its ``name``, its ``env`` block and any ``env_<name>`` blocks that ``--env <name>`` layers
on top (see :mod:`.pm2`). YAML values are plain data, so every scalar is a literal: nothing is
computed at start, and a value is taken as YAML wrote it (a ``|`` block keeps its newline).
This module only turns the document into env blocks; :mod:`.pm2` reads them.
"""

from __future__ import annotations

from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.yamlio import as_list, as_mapping, key_line
from sherlock.models import Note

#: (app name, block name, line of the block, [(variable, value, line)])
RawBlock = tuple[str, str, int, list[tuple[str, str, int]]]


def _apps(document: Any) -> list[dict[Any, Any]]:
    """The app objects of a document: ``apps: [...]``, a bare list, or one app object."""
    if isinstance(document, list):
        return [app for app in document if isinstance(app, dict)]
    top = as_mapping(document)
    if top is None:
        return []
    if "apps" in top:
        return [app for app in as_list(top["apps"]) if isinstance(app, dict)]
    return [top] if "script" in top or "env" in top else []


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _pairs(block: dict[Any, Any]) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    for name, value in block.items():
        text = _scalar(value)
        if text is not None:
            found.append((str(name), text, key_line(block, name) or 0))
    return found


def yaml_blocks(relpath: str, text: str, ctx: ScanContext) -> tuple[list[RawBlock], Note | None]:
    """Every ``env``/``env_<name>`` block of every app, or a note when the YAML is broken."""
    documents = ctx.documents.load(relpath, text)
    if isinstance(documents, str):
        return [], Note(relpath, f"{documents}; pm2 would fail to load the file (not read)")
    found: list[RawBlock] = []
    for app in _apps(documents[0] if documents else None):
        name = _scalar(app.get("name")) or ""
        for key, body in app.items():
            block = as_mapping(body)
            if block is not None and (key == "env" or str(key).startswith("env_")):
                found.append((name, str(key), key_line(app, key) or 0, _pairs(block)))
    return found, None
