"""Serverless Framework ``${file(...)}`` references: values kept in other files of the service.

Serverless' "Reference Variables in Other Files": ``${file(./secrets.yml):twilio.authToken}``
reads a property (a dotted path) of a YAML or JSON file, its path relative to
``serverless.yml``; without ``:property`` the whole file is the value, which is how a whole
``environment:`` is often loaded (``environment: ${file(./env.${sls:stage}.yml)}``). The path
may hold the stage (``secrets.${sls:stage}.yml``), so every stage whose file exists beside
the service is a stage the service is deployed to. A ``.js``/``.ts`` file exports code that
Serverless runs to get the value: a note, never run. A file missing from the tree (secrets
files are often kept out of git) is a note naming it, unless the reference gives a default.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.templated import folder_files, sibling_text
from sherlock.collect.walk import resolve_reference
from sherlock.collect.yamlio import key_line
from sherlock.models import Location

_FILE = re.compile(r"^file\((?P<path>[^)]*)\)(?::(?P<key>[^,]*))?(?:,\s*(?P<default>.*))?$")
_STAGE_VAR = r"\$\{(?:sls:stage|opt:stage[^}]*|self:provider\.stage)\}"
_STAGED_PATH = re.compile(r"\$\{file\((?P<path>[^)]*" + _STAGE_VAR + r"[^)]*)\)")
_WHOLE = re.compile(r"^\$\{file\((?P<path>[^)]*)\)(?::(?P<key>[^,}]*))?\}$")
_CODE = (".js", ".cjs", ".mjs", ".ts")
#: ``secrets.example.yml`` beside ``secrets.prod.yml`` is the template people copy, not a stage
_TEMPLATES = frozenset({"example", "sample", "template", "dist", "tmpl", "tpl", "default"})


@dataclass(frozen=True)
class FileValue:
    """What a ``${file(...)}`` reference reads: a scalar or a mapping, where, or why not."""

    value: str | dict[Any, Any] | None
    where: Location | None = None
    relpath: str = ""
    problem: str | None = None


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def read_reference(folder: str, path: str, key: str, ctx: ScanContext) -> FileValue:
    """The property ``key`` (dotted; empty for the whole file) of the file at ``path``."""
    shown = f"${{file({path})}}"
    path = _unquote(path)
    if path.endswith(_CODE):
        return FileValue(
            None, problem=f"{shown} is computed by JavaScript when serverless runs; not checked"
        )
    relpath = resolve_reference(folder, path)
    text = sibling_text(ctx, relpath) if relpath else None
    if relpath is None or text is None:
        return FileValue(
            None, problem=f"{shown}: {posixpath.basename(path)} is not in this tree; not checked"
        )
    docs = ctx.documents.load(relpath, text)
    if isinstance(docs, str):
        return FileValue(None, problem=f"{shown}: {docs}")
    node: Any = docs[0] if docs else None
    parent: Any = None
    for part in [p for p in key.strip().split(".") if p]:
        parent, node = node, node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        return FileValue(node, Location(relpath, 1), relpath)
    if isinstance(node, str | int | float) and not isinstance(node, bool):
        line = key_line(parent, key.strip().rsplit(".", 1)[-1]) if parent is not None else None
        return FileValue(str(node), Location(relpath, line), relpath)
    return FileValue(
        None, problem=f"{shown}: {key.strip() or 'the file'} holds no value; not checked"
    )


def resolve_inner(inner: str, folder: str, ctx: ScanContext) -> FileValue | None:
    """A variable's inner text (``file(./x.yml):a.b``) read, or None when it is no file ref."""
    found = _FILE.match(inner)
    if found is None:
        return None
    read = read_reference(folder, found["path"], found["key"] or "", ctx)
    if read.value is None and found["default"] is not None:
        return FileValue(_unquote(found["default"]))
    if isinstance(read.value, dict):
        return FileValue(
            None, problem=f"${{file({found['path']})}} is a whole mapping, not a value"
        )
    return read


def whole_environment(text: str, stage: str, folder: str, ctx: ScanContext) -> FileValue | None:
    """``environment: ${file(./env.${sls:stage}.yml)}`` for one stage: the mapping it loads."""
    staged = re.sub(_STAGE_VAR, stage, text.strip())
    found = _WHOLE.match(staged)
    if found is None:
        return None
    return read_reference(folder, found["path"], found["key"] or "", ctx)


def file_stages(text: str, folder: str, ctx: ScanContext) -> list[str]:
    """Stages named by the files a staged file name matches (``secrets.${sls:stage}.yml`` with
    ``secrets.prod.yml`` and ``secrets.staging.yml`` beside the service → prod, staging);
    ``secrets.example.yml`` and the like are templates, not stages."""
    found: list[str] = []
    for match in _STAGED_PATH.finditer(text):
        path = _unquote(match["path"])
        head, name = posixpath.split(path)
        where = resolve_reference(folder, head or ".")
        if where is None or "${" in head:
            continue
        pattern = re.compile(r"([\w-]+)".join(re.escape(p) for p in re.split(_STAGE_VAR, name)))
        for relpath in folder_files(ctx, "" if where == "." else where):
            hit = pattern.fullmatch(posixpath.basename(relpath))
            if hit and hit.groups() and hit[1] not in found and hit[1].lower() not in _TEMPLATES:
                found.append(hit[1])
    return found
