"""Ansible playbooks: the ``environment:`` keyword of plays, blocks and tasks.

Ansible's "Setting the remote environment" guide: ``environment:`` at play, block or task level
sets variables for the task's action on the remote host (a command, a service start); the
action plugin merges the play's, then the block's, then the task's, so the innermost value of
a name wins (``ActionBase._compute_environment_string``). So a play's environment is one set
(what its tasks run with), and each task or block that adds its own is another, with the
play's values beneath it (a hidden play value is kept as shadowed evidence).

A value is a literal, or a Jinja expression read as the templates of :mod:`.ansible` are
(``"{{ twilio_auth_token | default('') }}"``), or the whole ``environment:`` is one variable
holding a mapping (``environment: "{{ proxy_env }}"``, the guide's own idiom). Variables are
resolved in Ansible's precedence order, lowest first: inventory ``group_vars/all``, the
playbook folder's ``group_vars/all``, the inventory's and then the playbook folder's
``group_vars/<group>`` for the group ``hosts:`` names, the play's ``vars:``, then its
``vars_files``. Each inventory beside the playbook (``inventories/<env>/``) is one run of the
play (``ansible-playbook -i inventories/prod``), so one set per inventory, its environment the
inventory's; otherwise the environment is the one the ``hosts:`` group spells
(``hosts: production``), else the path's. A resolved value is located where it is written
(the vars file line); an undefined variable, an expression that changes the value, or an
ansible-vault value is a note at the ``environment:`` line, and the other half of that set
is held back, as is half a credential the host's own environment must complete.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sherlock.collect.ansible import (
    _DEFAULT,
    VARS_FOLDERS,
    Vars,
    _files_of,
    _variable_path,
    read_vars,
)
from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.helm import value_leaves
from sherlock.collect.partial import hold_halves
from sherlock.collect.templated import follow, whole_tag
from sherlock.collect.yamlio import as_list, as_mapping, key_line, scalar_text, source_lines
from sherlock.models import Location, Note

KIND = "ansible-playbook"
CONSUMER = "ansible-playbook (environment:)"
_TASK_LISTS = ("pre_tasks", "tasks", "post_tasks", "handlers")
_VAULT = "$ANSIBLE_VAULT;"


@dataclass(frozen=True)
class Play:
    """What a play's values are resolved against, and where it is written."""

    relpath: str
    body: dict[Any, Any]
    lines: list[str]
    merged: Vars


def _groups(hosts: Any) -> list[str]:
    """Group names a ``hosts:`` pattern names plainly (``web:db``, a list); patterns skipped."""
    words = [str(h) for h in as_list(hosts)] if isinstance(hosts, list) else [str(hosts or "")]
    names = [w.strip() for word in words for w in re.split(r"[:,]", word)]
    return [n for n in names if re.fullmatch(r"[\w.-]+", n) and n != "all"]


def inventories(ctx: ScanContext, folder: str) -> list[str]:
    """Inventory folders beside the playbook that hold ``group_vars`` (``inventories/<env>``)."""
    found: list[str] = []
    for marker in ("inventories", "inventory"):
        base = posixpath.join(folder, marker) if folder else marker
        candidates = [base, *_subfolders(ctx, base)]
        found += [c for c in candidates if (ctx.root / c / "group_vars").is_dir()]
    return found


def _subfolders(ctx: ScanContext, folder: str) -> list[str]:
    try:
        return sorted(
            posixpath.join(folder, p.name) for p in (ctx.root / folder).iterdir() if p.is_dir()
        )
    except OSError:
        return []


def _vars_of(ctx: ScanContext, vars_folders: list[str], groups: list[str]) -> Vars:
    """``group_vars`` of ``all`` then of the groups, inventory before playbook at each level."""
    merged = Vars()
    for group in ["all", *groups]:
        for folder in vars_folders:
            for relpath in _files_of(ctx, posixpath.join(folder, VARS_FOLDERS[0]), group):
                read_vars(ctx, relpath, merged)
    return merged


def _play_vars(
    play: dict[Any, Any], relpath: str, lines: list[str], ctx: ScanContext, into: Vars
) -> None:
    """The play's ``vars:``, then its ``vars_files`` (paths relative to the playbook)."""
    own = as_mapping(play.get("vars"))
    for path, value, line in value_leaves(own or {}, lines):
        into.values[path] = (value, Location(relpath, line, key=".".join(path)))
    folder = posixpath.dirname(relpath)
    for ref in as_list(play.get("vars_files")):
        if isinstance(ref, str) and "{{" not in ref:
            read_vars(ctx, posixpath.normpath(posixpath.join(folder, ref)), into)


def _unresolved(name: str, where: Location, why: str, notes: list[Note]) -> None:
    if is_provider_name(name, context=True):
        notes.append(Note(str(where), f"{name} {why}; not checked"))


def _lookup(body: str, merged: Vars) -> tuple[str | None, Location | None, str]:
    """The value an expression renders (following one ``{{ other }}`` hop), where it is
    written, and why not when it cannot be read."""
    for _ in range(3):
        found = follow(body, _variable_path)
        if not found.followed:
            return (
                None,
                None,
                f"is rendered by an expression Sherlock does not follow ({found.problem})",
            )
        dotted = ".".join(found.path)
        held = merged.values.get(found.path)
        if held is None:
            default = _DEFAULT.search(body)
            if default is not None:
                return default[1] or default[2] or "", None, ""
            return None, None, f"uses {dotted}, which no vars file here defines"
        value, where = held
        if value.startswith(_VAULT):
            return None, None, f"uses {dotted}, which is encrypted with ansible-vault"
        nested = whole_tag(value) if "{{" in value else None
        if nested is None:
            return (
                (value, where, "")
                if "{{" not in value
                else (None, None, f"uses {dotted}, a template")
            )
        body = nested
    return None, None, "follows variables too deep"


def _entry(
    mapping: dict[Any, Any], name: Any, play: Play, label: str, notes: list[Note]
) -> list[Entry]:
    text = scalar_text(mapping, name, play.lines)
    if text is None:
        return []
    where = Location(play.relpath, key_line(mapping, name), key=f"{label}.environment.{name}")
    if "{{" not in text:
        return [Entry(str(name), text, where, layer=label)]
    body = whole_tag(text)
    if body is None:
        _unresolved(str(name), where, "is text around a template tag", notes)
        return []
    value, at, why = _lookup(body, play.merged)
    if value is None:
        _unresolved(str(name), where, why, notes)
        return []
    return [Entry(str(name), value, at or where, layer=label)]


def _from_variable(text: str, play: Play, label: str) -> list[Entry]:
    """``environment: "{{ notifier_env }}"``: the mapping a variable holds, key by key."""
    body = whole_tag(text)
    found = follow(body, _variable_path) if body is not None else None
    if found is None or not found.followed:
        return []
    size = len(found.path)
    entries: list[Entry] = []
    for path, (value, where) in play.merged.values.items():
        if len(path) == size + 1 and path[:size] == found.path and "{{" not in value:
            entries.append(Entry(path[-1], value, where, layer=label))
    return entries


def _layer(env: Any, play: Play, label: str, notes: list[Note]) -> list[Entry]:
    entries: list[Entry] = []
    for item in env if isinstance(env, list) else [env]:
        mapping = as_mapping(item)
        if mapping is not None:
            for name in mapping:
                entries += _entry(mapping, name, play, label, notes)
        elif isinstance(item, str):
            entries += _from_variable(item, play, label)
    return entries


def _tasks(
    task: Any, outer: list[Entry], label: str, play: Play, notes: list[Note]
) -> Iterator[tuple[str, list[Entry]]]:
    """(label, entries) for each task or block that sets its own environment, inner last."""
    body = as_mapping(task)
    if body is None:
        return
    own = "environment" in body
    layers = [*outer, *_layer(body["environment"], play, label, notes)] if own else outer
    if own:
        yield label, layers
    for section in ("block", "rescue", "always"):
        for index, inner in enumerate(as_list(body.get(section))):
            yield from _tasks(inner, layers, f"{label}.{section}[{index}]", play, notes)


def play_units(play: Play, notes: list[Note]) -> Iterator[tuple[str, list[Entry]]]:
    """The play's own environment, then every task or block environment over it."""
    base = (
        _layer(play.body["environment"], play, "play", notes) if "environment" in play.body else []
    )
    if base:
        yield "play", base
    for section in _TASK_LISTS:
        for index, task in enumerate(as_list(play.body.get(section))):
            yield from _tasks(task, base, f"{section}[{index}]", play, notes)


def _environment(inventory: str | None, groups: list[str], relpath: str) -> str:
    named = [environment_from_text(g) for g in groups]
    return pick_environment(
        environment_from_path(inventory + "/x") if inventory else None,
        *named,
        environment_from_path(relpath),
    )


def read_playbook(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    """One set per play, task or block environment, per inventory beside the playbook."""
    result = CollectResult()
    docs = ctx.documents.load(source.relpath, text)
    if isinstance(docs, str):
        result.note(source.relpath, docs)
        return result
    plays = [p for p in as_list(docs[0] if docs else None) if isinstance(p, dict) and "hosts" in p]
    folder = posixpath.dirname(source.relpath)
    lines = source_lines(text)
    runs: list[str | None] = [*inventories(ctx, folder)] or [None]
    service = service_from_path(source.relpath, ctx.root_name)
    for number, body in enumerate(plays):
        groups = _groups(body.get("hosts"))
        for inventory in runs:
            merged = _vars_of(ctx, [*([inventory] if inventory else []), folder], groups)
            _play_vars(body, source.relpath, lines, ctx, merged)
            play = Play(source.relpath, body, lines, merged)
            notes: list[Note] = []
            environment = _environment(inventory, groups, source.relpath)
            for label, entries in play_units(play, notes):
                where = f"play {number + 1}" + (f" with {inventory}" if inventory else "")
                unit = Unit(
                    scope=f"{source.relpath} [{where}: {label}]",
                    source_kind=KIND,
                    consumer=CONSUMER,
                    environment=environment,
                    service=service,
                    hints=(source.relpath,),
                    named_environment=False,
                )
                result.extend(emit(entries, unit))
            result.notes.extend(n for n in notes if n not in result.notes)
    return hold_halves(result, "this play's environment", "the host's own environment")
