"""Which plays run an Ansible role, and with what: params and the environment beneath it.

Ansible's "Roles" guide names three ways a play runs a role: listed under ``roles:`` (a
name, a path, or ``- role: app`` with ``vars:`` or params as keys), ``import_role`` /
``include_role`` tasks (their ``vars:`` are the role's params), and as a dependency in
another role's ``meta/main.yml`` (``dependencies: [{role: app, vars: {...}}]``), which runs
before that role in each play that runs it. The project's playbooks (the folder above
``roles/``, and its ``playbooks/``) are read once per scan; a play is a mapping with
``hosts:``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from sherlock.collect.ansible import Vars
from sherlock.collect.ansible_role_tasks import Item, environment_items, per_scan
from sherlock.collect.base import ScanContext
from sherlock.collect.helm import value_leaves
from sherlock.collect.templated import folder_files, sibling_text
from sherlock.collect.yamlio import as_list, as_mapping, source_lines
from sherlock.models import Location

#: How deep a chain of role dependencies is followed (a role another role depends on...).
MAX_DEPTH = 3

_TASK_LISTS = ("pre_tasks", "tasks", "post_tasks", "handlers")
_ROLE_KEYWORDS = frozenset({"role", "name", "vars", "tags", "when", "become", "environment"})
_INCLUDES = tuple(
    f"{prefix}{module}"
    for module in ("include_role", "import_role")
    for prefix in ("", "ansible.builtin.", "ansible.legacy.")
)


def _leaves(
    mapping: dict[Any, Any] | None,
    relpath: str,
    lines: list[str],
    into: Vars,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Every scalar under ``mapping`` into ``into``, at its line (top keys in ``skip`` left out)."""
    for path, value, line in value_leaves(mapping or {}, lines):
        if path[0] not in skip:
            into.values[path] = (value, Location(relpath, line, key=".".join(path)))


@dataclass(frozen=True)
class Use:
    """A play that runs the role, and the params it passes."""

    relpath: str
    index: int
    play: dict[Any, Any]
    lines: list[str]
    params: Vars
    beneath: tuple[Item, ...] = ()


def _names(ref: Any, name: str) -> bool:
    """A role reference naming this role: by name, by path, or by its Galaxy or collection
    name (``acme.dispatch``, ``acme.ops.dispatch``) when the folder holds the last part."""
    if not isinstance(ref, str):
        return False
    base = posixpath.basename(ref.strip().rstrip("/"))
    return base == name or ("." not in name and base.rsplit(".", 1)[-1] == name)


def _as_caller(entry: Any, name: str) -> tuple[dict[Any, Any], bool] | None:
    """A ``roles:`` or ``dependencies:`` entry naming the role, as (entry, listed)."""
    body = as_mapping(entry)
    if _names(entry, name):
        return {}, True
    if body is not None and _names(body.get("role") or body.get("name"), name):
        return body, True
    return None


def _caller(play: dict[Any, Any], name: str) -> tuple[dict[Any, Any], bool] | None:
    """The ``roles:`` entry (True) or include task (False) that runs the role, if any."""
    for entry in as_list(play.get("roles")):
        found = _as_caller(entry, name)
        if found is not None:
            return found
    for task in _play_tasks(play):
        for module in _INCLUDES:
            args = as_mapping(task.get(module))
            if args is not None and _names(args.get("name"), name):
                return task, False
    return None


def _use(
    play: dict[Any, Any], index: int, found: tuple[dict[Any, Any], bool], book: Playbook
) -> Use:
    """How a play runs the role: the params it passes, and the environment beneath the
    role's tasks (the play's, then the ``roles:`` entry's or include task's)."""
    caller, listed = found
    params = Vars()
    if listed:
        _leaves(caller, book.relpath, book.lines, params, skip=_ROLE_KEYWORDS)
    _leaves(as_mapping(caller.get("vars")), book.relpath, book.lines, params)
    beneath = list(_play_environment(play, book.relpath, book.lines))
    if "environment" in caller:
        origin = "role entry environment"
        beneath += environment_items(caller["environment"], origin, book.relpath, book.lines)[0]
    return Use(book.relpath, index, play, book.lines, params, tuple(beneath))


def _play_environment(play: dict[Any, Any], relpath: str, lines: list[str]) -> tuple[Item, ...]:
    if "environment" not in play:
        return ()
    return tuple(environment_items(play["environment"], "play environment", relpath, lines)[0])


def _play_tasks(play: dict[Any, Any]) -> list[dict[Any, Any]]:
    """A play's tasks, blocks opened (one level of nesting is what plays use)."""
    found: list[dict[Any, Any]] = []
    pending = [t for section in _TASK_LISTS for t in as_list(play.get(section))]
    while pending and len(found) < 2000:
        body = as_mapping(pending.pop(0))
        if body is not None:
            found.append(body)
            pending += [t for s in ("block", "rescue", "always") for t in as_list(body.get(s))]
    return found


def _playbooks(ctx: ScanContext, project: str) -> list[str]:
    folders = (project, posixpath.join(project, "playbooks") if project else "playbooks")
    return [p for f in folders for p in folder_files(ctx, f) if p.endswith((".yml", ".yaml"))]


@dataclass(frozen=True)
class Playbook:
    """A playbook's plays (mappings with ``hosts:``) and its lines."""

    relpath: str
    text: str
    lines: list[str]
    plays: list[dict[Any, Any]]


def project_playbooks(ctx: ScanContext, project: str) -> list[Playbook]:
    """The project's playbooks, read once per scan: every group_vars file and every role of
    the project asks which plays run which role."""

    def read() -> list[Playbook]:
        found: list[Playbook] = []
        for relpath in _playbooks(ctx, project):
            text = sibling_text(ctx, relpath)
            if text is None or "hosts" not in text:
                continue
            docs = ctx.documents.load(relpath, text)
            items = as_list(docs[0]) if not isinstance(docs, str) and docs else []
            plays = [p for p in items if isinstance(p, dict) and "hosts" in p]
            found += [Playbook(relpath, text, source_lines(text), plays)] if plays else []
        return found

    return per_scan(ctx, ("playbooks", project), read)


def _meta(ctx: ScanContext, role: str) -> Playbook | None:
    """A role's ``meta/main.yml`` (its ``dependencies:`` list as the one "play")."""
    for name in ("main.yml", "main.yaml"):
        relpath = posixpath.join(role, "meta", name)
        text = sibling_text(ctx, relpath)
        docs = ctx.documents.load(relpath, text) if text is not None else "missing"
        root = as_mapping(docs[0]) if not isinstance(docs, str) and docs else None
        if root is not None and text is not None:
            return Playbook(relpath, text, source_lines(text), [root])
    return None


def _dependents(ctx: ScanContext, project: str, name: str) -> list[tuple[str, Use]]:
    """(role, how it pulls this one in) for every role of the project whose
    ``meta/main.yml`` lists this role among its ``dependencies``."""
    base = posixpath.join(project, "roles") if project else "roles"
    found: list[tuple[str, Use]] = []
    for folder in role_folders(ctx, base):
        meta = _meta(ctx, folder) if posixpath.basename(folder) != name else None
        if meta is None or name not in meta.text:
            continue
        for entry in as_list(meta.plays[0].get("dependencies")):
            pulled = _as_caller(entry, name)
            if pulled is not None:
                found.append((folder, _use({}, 0, pulled, meta)))
    return found


def role_folders(ctx: ScanContext, base: str) -> list[str]:
    """The folders directly in a ``roles/`` folder, sorted (none when it is unreadable)."""
    try:
        names = sorted(p.name for p in (ctx.root / base).iterdir() if p.is_dir())
    except OSError:
        return []
    return [posixpath.join(base, n) for n in names]


def role_uses(ctx: ScanContext, project: str, name: str, depth: int = 0) -> list[Use]:
    """Every play of the project's playbooks that runs the role, directly or through the
    dependencies of roles it runs (the dependency's params, the play's environment)."""

    def find() -> list[Use]:
        uses: list[Use] = []
        for book in project_playbooks(ctx, project):
            for index, play in enumerate(book.plays if name in book.text else []):
                found = _caller(play, name)
                uses += [_use(play, index, found, book)] if found is not None else []
        for parent, pulled in _dependents(ctx, project, name) if depth < MAX_DEPTH else []:
            for use in role_uses(ctx, project, posixpath.basename(parent), depth + 1):
                beneath = _play_environment(use.play, use.relpath, use.lines)
                uses.append(
                    Use(use.relpath, use.index, use.play, use.lines, pulled.params, beneath)
                )
        return uses

    return per_scan(ctx, (f"uses:{depth}:{name}", project), find)
