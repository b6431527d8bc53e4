"""What an Ansible role's task files hand to a service: its outputs, before any variable is
resolved.

A role (``roles/<name>/tasks/*.yml``, or a Galaxy role repository's own ``tasks/``) reaches
a process four ways, as Ansible's module documentation describes them:

* ``environment:`` on a task or block: the task's action runs with those variables, a
  block's environment beneath its tasks' (the same merge as in :mod:`.ansible_play`);
* ``ansible.builtin.template``: ``src`` is looked up in the role's ``templates/`` folder and
  rendered to ``dest``, an env file the service loads (``EnvironmentFile=``, dotenv);
* ``ansible.builtin.copy`` with ``content:``, and ``blockinfile``'s ``block:``: the same,
  with the text written in the task itself;
* ``ansible.builtin.lineinfile``'s ``line:``: one line of the file at ``path`` (or ``dest``).

Every task writing one ``dest`` adds to one output: one env file, one credential set. A
line's value is a literal or a Jinja expression, read as :func:`.ansible.template_bindings`
reads templates. What the role's ``assert`` tasks (and ``fail`` tasks' ``when:``) test is
kept too: a placeholder default the role refuses to run with is no deployed value.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sherlock.collect.ansible import _DEFAULT, Binding, Vars, _variable_path, template_bindings
from sherlock.collect.base import ScanContext
from sherlock.collect.emit import Entry, is_provider_name
from sherlock.collect.helm import value_leaves
from sherlock.collect.templated import folder_files, follow, sibling_text, template_tags, whole_tag
from sherlock.collect.yamlio import (
    DocumentCache,
    as_list,
    as_mapping,
    key_line,
    scalar_text,
    source_lines,
)
from sherlock.models import Location, Note

#: A line the consumer of an env file reads: ``NAME=value``, ``export NAME=value``,
#: ``Environment=NAME=value`` or YAML's ``NAME: value``.
_LINE = re.compile(
    r"^\s*(?:export\s+|Environment=(?P<quote>[\"']?))?"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(?P<value>.*?)\s*$"
)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_SECTIONS = ("block", "rescue", "always")
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class EnvBinding(Binding):
    """A binding written in an ``environment:`` block: ``origin`` names the block, so a value
    an inner block sets over an outer one is told apart from one variable level over another."""

    origin: str = ""


Item = Binding | Entry


@dataclass
class Output:
    """One thing a service reads: a task's environment or one written env file, and the
    block and task ``vars:`` its tasks set (above role vars, below role params)."""

    label: str
    items: list[Item] = field(default_factory=list)
    vars: Vars = field(default_factory=Vars)
    is_environment: bool = False  # the play's (and role entry's) environment lies beneath it


@dataclass
class RoleTasks:
    """Everything the role's task files say: outputs, asserted variables, notes."""

    outputs: dict[str, Output] = field(default_factory=dict)
    asserted: set[tuple[str, ...]] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)  # the template files its tasks render
    includes_vars: bool = False  # an include_vars task picks a vars file by a variable

    def add(self, key: str, label: str, items: list[Item], scoped: Vars) -> None:
        output = self.outputs.setdefault(key, Output(label))
        output.items.extend(items)
        output.vars.values.update(scoped.values)


@dataclass(frozen=True)
class TaskFile:
    """The task file being read, and what its tasks are looked up against."""

    relpath: str
    lines: list[str]
    role: str
    ctx: ScanContext


@dataclass(frozen=True)
class Above:
    """What enclosing blocks hand a task: their environment items and their ``vars:``."""

    items: tuple[Item, ...] = ()
    vars: Vars = field(default_factory=Vars)


def _module(task: dict[Any, Any], short: str) -> Any:
    """A task's arguments for a module, by short name or FQCN (``ansible.builtin.copy``)."""
    for key in (short, f"ansible.builtin.{short}", f"ansible.legacy.{short}"):
        if key in task:
            return task[key]
    return None


def _arguments(raw: Any) -> dict[Any, Any]:
    """A module's arguments: a mapping, or the free form ``src=a dest=b``."""
    mapping = as_mapping(raw)
    if mapping is not None:
        return mapping
    if isinstance(raw, str):
        return dict(p.split("=", 1) for p in raw.split() if "=" in p)
    return {}


def _literal(value: str) -> str:
    """A literal line's value without one pair of surrounding quotes (as dotenv reads it)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def text_items(relpath: str, text: str, first_line: int) -> tuple[list[Item], list[Note]]:
    """The lines of a written env file: bindings for ``{{ … }}`` values, literals else."""
    bindings, notes = template_bindings(relpath, text)
    shift = first_line - 1
    items: list[Item] = [
        replace(b, where=Location(relpath, (b.where.line or 0) + shift)) for b in bindings
    ]
    moved = [Note(_shifted(n.location, shift), n.message) for n in notes]
    for number, line in enumerate(text.splitlines(), start=first_line):
        match = _LINE.match(line)
        if match is None or "{{" in match["value"] or line.lstrip().startswith("#"):
            continue
        value, quote = match["value"], match["quote"]
        value = value[: -len(quote)] if quote and value.endswith(quote) else _literal(value)
        items.append(Entry(match["name"], value, Location(relpath, number)))
    return items, moved


def _shifted(location: str, shift: int) -> str:
    path, _, line = location.rpartition(":")
    return f"{path}:{int(line) + shift}" if line.isdigit() else location


def environment_items(
    env: Any, origin: str, relpath: str, lines: list[str]
) -> tuple[list[Item], list[Note]]:
    """An ``environment:`` mapping (of a task, block, play or role entry called ``origin``):
    literals at their line, expressions as bindings, anything else a note."""
    items: list[Item] = []
    notes: list[Note] = []
    mapping = as_mapping(env)
    for name in mapping or {}:
        text = scalar_text(mapping, name, lines)
        where = Location(relpath, key_line(mapping, name), key=f"environment.{name}")
        if text is None:
            continue
        if "{{" not in text:
            items.append(Entry(str(name), text, where, layer=origin))
            continue
        body = whole_tag(text)
        found = follow(body, _variable_path) if body is not None else None
        if found is not None and found.followed and body is not None:
            default = _DEFAULT.search(body)
            fallback = (default[1] or default[2] or "") if default else None
            items.append(EnvBinding(str(name), found.path, where, fallback, origin))
        elif is_provider_name(str(name), context=True):
            why = found.problem if found is not None else "text around the template tag"
            message = (
                f"{name} is rendered by an expression Sherlock does not follow ({why}); not checked"
            )
            notes.append(Note(str(where), message))
    return items, notes


def _read_task(task: dict[Any, Any], file: TaskFile, scoped: Vars, into: RoleTasks) -> None:
    """What one task writes (a template, copy, lineinfile or blockinfile) and asserts."""
    template = _arguments(_module(task, "template"))
    if template.get("src") and template.get("dest"):
        _template(str(template["src"]), str(template["dest"]), file, scoped, into)
    for module, key in (("copy", "content"), ("blockinfile", "block"), ("lineinfile", "line")):
        args = _arguments(_module(task, module))
        text = args.get(key)
        dest = args.get("dest") or args.get("path")
        if isinstance(text, str) and dest:
            start = _text_start(args, key, file.lines)
            items, notes = text_items(file.relpath, text, start)
            into.add(f"file:{dest}", f"{dest} ({module})", items, scoped)
            into.notes.extend(notes)
    into.asserted |= _tested(task)
    included = _module(task, "include_vars")
    into.includes_vars = into.includes_vars or "{{" in str(included or "")


def _text_start(args: dict[Any, Any], key: str, lines: list[str]) -> int:
    """The line a written text's first line is on: the key's, or the next for ``key: |``."""
    line = key_line(args, key) or 1
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    return line + 1 if _BLOCK_SCALAR.search(source) else line


def _template(src: str, dest: str, file: TaskFile, scoped: Vars, into: RoleTasks) -> None:
    """A template task: ``src`` is looked up in the role's ``templates/`` (then as given)."""
    for candidate in (posixpath.join(file.role, "templates", src), posixpath.join(file.role, src)):
        path = posixpath.normpath(candidate)
        text = sibling_text(file.ctx, path) if not path.startswith("../") else None
        if text is not None:
            items, notes = text_items(path, text, 1)
            into.add(f"file:{dest}", f"{dest} (template {src})", items, scoped)
            into.templates.add(path)
            into.notes.extend(notes)
            return


def _tested(task: dict[Any, Any]) -> set[tuple[str, ...]]:
    """Variables an ``assert`` task's ``that:`` (or a ``fail`` task's ``when:``) tests."""
    conditions: list[Any] = []
    asserted = _arguments(_module(task, "assert"))
    conditions += as_list(asserted.get("that")) or [asserted.get("that")]
    if _module(task, "fail") is not None:
        conditions += as_list(task.get("when")) or [task.get("when")]
    words = [w for c in conditions if isinstance(c, str) for w in _IDENTIFIER.findall(c)]
    return {tuple(w.split(".")) for w in words}


def _scoped(body: dict[Any, Any], file: TaskFile, above: Vars) -> Vars:
    """The block's or task's ``vars:`` over those of the blocks around it."""
    own = as_mapping(body.get("vars"))
    if own is None:
        return above
    scoped = Vars(dict(above.values))
    for path, value, line in value_leaves(own, file.lines):
        scoped.values[path] = (value, Location(file.relpath, line, key=".".join(path)))
    return scoped


def read_tasks(tasks: Any, label: str, file: TaskFile, above: Above, into: RoleTasks) -> None:
    """Every task and block of a task list, blocks opened, environments and vars merged
    inward (a block's beneath its tasks')."""
    for index, task in enumerate(as_list(tasks)):
        body = as_mapping(task)
        if body is None:
            continue
        here = f"{label}[{index}]"
        inner = Above(above.items, _scoped(body, file, above.vars))
        if "environment" in body:
            origin = f"{posixpath.basename(file.relpath)} {here} environment"
            own, notes = environment_items(body["environment"], origin, file.relpath, file.lines)
            inner = Above((*above.items, *own), inner.vars)
            into.notes.extend(notes)
            key = f"env:{file.relpath}:{here}"
            into.add(key, f"{file.relpath} {here} environment", list(inner.items), inner.vars)
            into.outputs[key].is_environment = True
        _read_task(body, file, inner.vars, into)
        for section in _SECTIONS:
            if section in body:
                read_tasks(body[section], f"{here}.{section}", file, inner, into)


#: At most this many task files of one role are read (a role keeps a handful).
MAX_TASK_FILES = 40


def task_files(ctx: ScanContext, role: str) -> list[str]:
    """The role's task files, ``main`` first: the ones it includes are read as its tasks."""
    folder = posixpath.join(role, "tasks") if role else "tasks"
    found = [p for p in folder_files(ctx, folder) if p.endswith((".yml", ".yaml"))]
    found.sort(key=lambda p: (posixpath.basename(p).rsplit(".", 1)[0] != "main", p))
    return found[:MAX_TASK_FILES]


def read_role_tasks(ctx: ScanContext, role: str) -> RoleTasks:
    """Every output of every task file of the role (see the module docstring), read once
    per scan (the group_vars reader asks which templates a played role renders)."""

    def read() -> RoleTasks:
        into = RoleTasks()
        for relpath in task_files(ctx, role):
            text = sibling_text(ctx, relpath)
            if text is None:
                continue
            docs = ctx.documents.load(relpath, text)
            if isinstance(docs, str):
                into.notes.append(Note(relpath, docs))
            elif docs:
                file = TaskFile(relpath, source_lines(text), role, ctx)
                read_tasks(docs[0], "tasks", file, Above(), into)
        return into

    return per_scan(ctx, ("tasks", role), read)


def referenced(ctx: ScanContext, role: str) -> set[tuple[str, ...]]:
    """Every variable the role's task files and templates render (for name-mismatch notes)."""

    def read() -> set[tuple[str, ...]]:
        used: set[tuple[str, ...]] = set()
        for folder in ("tasks", "templates"):
            for relpath in folder_files(ctx, posixpath.join(role, folder) if role else folder):
                for body in template_tags(sibling_text(ctx, relpath) or ""):
                    found = follow(body, _variable_path)
                    used |= {found.path} if found.path else set()
        return used

    return per_scan(ctx, ("referenced", role), read)


#: What the Ansible readers learned about the tree, per scan (the scan's document cache is
#: the key, so it dies with the scan and a warm index's next refresh starts afresh).
_PER_SCAN: WeakKeyDictionary[DocumentCache, dict[tuple[str, str], Any]] = WeakKeyDictionary()
T = TypeVar("T")


def per_scan(ctx: ScanContext, key: tuple[str, str], make: Callable[[], T]) -> T:
    """``make()`` once per scan and key: many group_vars files and roles ask the same."""
    known = _PER_SCAN.setdefault(ctx.documents, {})
    if key not in known:
        known[key] = make()
    found: T = known[key]
    return found
