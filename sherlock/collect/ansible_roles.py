"""Ansible roles read on their own: a role's tasks, with the variables each run gives them.

Many repositories hold roles rather than playbooks: ``roles/<name>/`` used by a play that
lives elsewhere, or a Galaxy-style role repository (``tasks/``, ``defaults/``, ``meta/`` at
its top). A role's task files are read for what they hand a service
(:mod:`.ansible_role_tasks`), once per run of the role:

* every play of the project that runs the role (:mod:`.ansible_role_uses`: ``roles:``,
  ``include_role``/``import_role``, another role's ``meta/main.yml`` dependencies) is one
  run per inventory beside it, in that inventory's environment (as :mod:`.ansible_play`);
* with no such play and no ``group_vars`` in the project, the role alone is one run with
  its own ``defaults/`` and ``vars/``, in the environment its path spells, else "default";
  a role whose tasks ``include_vars: "{{ env }}.yml"`` runs once per
  ``vars/<environment>.yml``. (With ``group_vars`` but no play found, :mod:`.ansible` reads
  the role's templates per group, as before.)

Variables resolve in the order of Ansible's "Understanding variable precedence" (lowest
first): role defaults (``defaults/main.yml``), inventory then playbook ``group_vars/all``,
inventory then playbook ``group_vars/<group>``, play ``vars:`` and ``vars_files``, role vars
(``vars/main.yml``, which beats the inventory), block then task ``vars:``, what
``include_vars`` loads, and role params (a ``roles:`` entry's ``vars:`` or keys, an
``include_role`` task's ``vars:``, a dependency entry's). Each value that a higher level
hides is kept beneath the winner, so a stale ``vars/main.yml`` token over a working
``group_vars`` one is a ``source-precedence`` finding at the role vars line; the same holds
for a task's ``environment:`` over the play's. A placeholder default (``changeme``, empty)
that the role's ``assert`` tests is no deployed value: the role refuses to run with it. An
expression Sherlock cannot resolve (a lookup, a filter that changes the value, an
ansible-vault value) is a note, and the other half of its set is held back. ``molecule/``
scenarios and a role's ``tests/`` are test harnesses, not deployments.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace

from sherlock.collect.ansible import (
    VARS_FOLDERS,
    Binding,
    Vars,
    _variable_path,
    is_role_tasks,
    read_vars,
)
from sherlock.collect.ansible_play import (
    _environment,
    _groups,
    _lookup,
    _play_vars,
    _vars_of,
    inventories,
)
from sherlock.collect.ansible_role_tasks import EnvBinding, Item, read_role_tasks, referenced
from sherlock.collect.ansible_role_uses import Use, role_folders, role_uses
from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
    service_from_path,
)
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.partial import hold_halves
from sherlock.collect.templated import folder_files, follow, template_tags, whole_tag
from sherlock.collect.vocabulary import is_placeholder
from sherlock.models import Location, Note

KIND = "ansible-role"
_ROLE_PARTS = ("defaults", "meta")  # a playbook folder keeps vars/ and templates/ too


def role_of_tasks(relpath: str) -> str | None:
    """The role folder of a ``tasks/main.yml`` path (``""`` at the top), outside test harnesses."""
    return "/".join(relpath.split("/")[:-2]) if is_role_tasks(relpath) else None


def is_role(ctx: ScanContext, role: str) -> bool:
    """A folder under ``roles/``, or one that keeps a role's ``defaults/`` or ``meta/``
    beside ``tasks/`` (a Galaxy-style role repository)."""
    if role.split("/")[-2:-1] == ["roles"]:
        return True
    return any((ctx.root / role / part).is_dir() for part in _ROLE_PARTS)


@dataclass(frozen=True)
class Tier:
    """One level of Ansible's variable precedence and the variables set at it."""

    label: str
    vars: Vars


@dataclass(frozen=True)
class Run:
    """One way the role runs: its tiers (lowest first), environment and a label."""

    label: str
    environment: str
    tiers: tuple[Tier, ...]
    beneath: tuple[Item, ...] = ()  # the play's and the role entry's environment
    included: Tier | None = None  # the vars/<environment>.yml an include_vars task loads

    def levels(self, task_vars: Vars) -> tuple[Tier, ...]:
        """The run's tiers with a task's block and task vars, and what include_vars loads,
        between role vars and role params."""
        extra = (Tier("task vars", task_vars), *([self.included] if self.included else []))
        return (*self.tiers[:-1], *extra, self.tiers[-1])


def _role_vars(ctx: ScanContext, role: str, folder: str) -> Vars:
    """``defaults/main.yml`` (or ``defaults/main/*.yml``), and the same for ``vars/``."""
    found = Vars()
    base = posixpath.join(role, folder) if role else folder
    files = [
        p for p in folder_files(ctx, base) if posixpath.basename(p) in ("main.yml", "main.yaml")
    ]
    files += [
        p for p in folder_files(ctx, posixpath.join(base, "main")) if p.endswith((".yml", ".yaml"))
    ]
    for relpath in files:
        read_vars(ctx, relpath, found)
    return found


def project_of(role: str) -> str | None:
    """The folder above ``roles/`` (None for a role that is not under one)."""
    parts = role.split("/")
    return "/".join(parts[:-2]) if len(parts) >= 2 and parts[-2] == "roles" else None


def has_inventory(ctx: ScanContext, project: str) -> bool:
    """Whether the project keeps ``group_vars`` (beside it or in an inventory folder)."""
    return (ctx.root / project / VARS_FOLDERS[0]).is_dir() or bool(inventories(ctx, project))


def played_roles(ctx: ScanContext, project: str) -> list[str]:
    """The project's roles some play runs: :mod:`.ansible` leaves their templates to this module."""
    base = posixpath.join(project, "roles") if project else "roles"
    folders = role_folders(ctx, base)
    return [f for f in folders if role_uses(ctx, project, posixpath.basename(f))]


def environment_vars(ctx: ScanContext, role: str) -> dict[str, Tier]:
    """The role's ``vars/<environment>.yml`` files by the environment their name spells:
    what ``include_vars: "{{ env }}.yml"`` loads in each environment (``Debian.yml`` and
    other names that spell none are left out)."""
    found: dict[str, Tier] = {}
    for relpath in folder_files(ctx, posixpath.join(role, "vars") if role else "vars"):
        stem, _, ext = posixpath.basename(relpath).rpartition(".")
        environment = environment_from_text(stem) if ext in ("yml", "yaml") else None
        if environment and stem != "main" and environment not in found:
            loaded = Vars()
            read_vars(ctx, relpath, loaded)
            found[environment] = Tier(f"include_vars {posixpath.basename(relpath)}", loaded)
    return found


def runs(ctx: ScanContext, role: str, included: dict[str, Tier]) -> list[Run]:
    """Every run of the role (see the module docstring), lowest tier first; ``included``
    holds the vars file an include_vars task loads per environment."""
    defaults = Tier("role defaults", _role_vars(ctx, role, "defaults"))
    own = Tier("role vars", _role_vars(ctx, role, "vars"))
    project = project_of(role)
    uses = role_uses(ctx, project, posixpath.basename(role)) if project is not None else []
    if uses:
        found = [r for use in uses for r in _play_runs(ctx, use, project or "", (defaults, own))]
        return [replace(r, included=included.get(r.environment)) for r in found]
    if project is not None and has_inventory(ctx, project):
        return []
    tiers = (defaults, own, Tier("role params", Vars()))
    if included:
        return [Run(f"the role alone with {t.label}", e, tiers, (), t) for e, t in included.items()]
    environment = pick_environment(environment_from_path(posixpath.join(role, "x")))
    return [Run("the role alone", environment, tiers)]


def _play_runs(ctx: ScanContext, use: Use, project: str, role: tuple[Tier, Tier]) -> list[Run]:
    """One run per inventory beside the playbook (or the project), in its environment."""
    folder = posixpath.dirname(use.relpath)
    groups = _groups(use.play.get("hosts"))
    places = list(dict.fromkeys([folder, project]))
    found = list(dict.fromkeys(i for place in places for i in inventories(ctx, place)))
    choices: list[str | None] = [*found] or [None]
    play_vars = Vars()
    _play_vars(use.play, use.relpath, use.lines, ctx, play_vars)
    defaults, own = role
    result: list[Run] = []
    for inventory in choices:
        inventory_vars = _vars_of(ctx, [*([inventory] if inventory else []), *places], groups)
        tiers = (
            defaults,
            Tier("inventory group_vars", inventory_vars),
            Tier("play vars", play_vars),
            own,
            Tier("role params", use.params),
        )
        label = f"{use.relpath} play {use.index + 1}" + (f" with {inventory}" if inventory else "")
        environment = _environment(inventory, groups, use.relpath)
        result.append(Run(label, environment, tiers, use.beneath))
    return result


_VAULT = "$ANSIBLE_VAULT;"


def _merged(tiers: tuple[Tier, ...]) -> Vars:
    """Every tier over the ones below it: what a ``{{ other }}`` reference resolves against."""
    merged = Vars()
    for tier in tiers:
        merged.values.update(tier.vars.values)
    return merged


def _value(held: tuple[str, Location], merged: Vars) -> tuple[str | None, Location, str]:
    """A variable's text as rendered (one ``{{ other }}`` followed), where it is written, or
    why it cannot be read."""
    value, where = held
    if value.startswith(_VAULT):
        return None, where, "is encrypted with ansible-vault"
    if "{{" not in value:
        return value, where, ""
    body = whole_tag(value)
    if body is None:
        return None, where, "is text around a template tag"
    found, at, why = _lookup(body, merged)
    return found, at or where, why


@dataclass(frozen=True)
class Resolving:
    """What a binding is resolved against in one run."""

    tiers: tuple[Tier, ...]
    merged: Vars
    asserted: set[tuple[str, ...]]


def _refused(binding: Binding, tier: Tier, value: str, on: Resolving) -> bool:
    """A placeholder default the role's own ``assert`` tests: the play stops before using it."""
    placeholder = value.strip() == "" or is_placeholder(value)
    return tier.label == "role defaults" and binding.path in on.asserted and placeholder


def _binding_entries(binding: Binding, on: Resolving, notes: list[Note]) -> list[Entry]:
    """The winning value of a binding's variable last, each value it hides before it."""
    dotted = ".".join(binding.path)
    held = [(t, t.vars.values[binding.path]) for t in on.tiers if binding.path in t.vars.values]
    if not held:
        if binding.default is not None:
            layer = _layer(binding, "the expression's default")
            return [Entry(binding.name, binding.default, binding.where, layer=layer)]
        _note(binding, f"uses {dotted}, which nothing here defines", notes)
        return []
    entries: list[Entry] = []
    for tier, written in held:
        value, where, why = _value(written, on.merged)
        last = tier is held[-1][0]
        if value is None and last:
            _note(binding, f"uses {dotted}, which {why}", notes)
            return []
        if last and _refused(binding, tier, value or "", on):
            why = f"uses {dotted}, whose role default is a placeholder the role's assert refuses"
            _note(binding, why, notes)
            return []
        if value is not None:
            entries.append(Entry(binding.name, value, where, layer=_layer(binding, tier.label)))
    return entries


def _layer(binding: Binding, level: str) -> str:
    """The layer an entry is said to come from: the variable level, and for an environment
    block's binding, which block (a task's environment beats the play's whatever the level)."""
    origin = binding.origin if isinstance(binding, EnvBinding) else ""
    return f"{level} via {origin}" if origin else level


def _note(binding: Binding, why: str, notes: list[Note]) -> None:
    if is_provider_name(binding.name, context=True):
        notes.append(Note(str(binding.where), f"{binding.name} {why}; not checked"))


def _entries(items: list[Item], on: Resolving, notes: list[Note]) -> list[Entry]:
    found: list[Entry] = []
    for item in items:
        found += _binding_entries(item, on, notes) if isinstance(item, Binding) else [item]
    return found


def read_role(source: SourceFile, ctx: ScanContext) -> CollectResult:
    """One set per output of the role's tasks, per run of the role."""
    role = role_of_tasks(source.relpath)
    if role is None or not is_role(ctx, role):
        return CollectResult()
    tasks = read_role_tasks(ctx, role)
    result = CollectResult(notes=list(tasks.notes))
    name = posixpath.basename(role) or ctx.root_name or "role"
    service = service_from_path(posixpath.join(role, "x"), ctx.root_name)
    included = environment_vars(ctx, role) if tasks.includes_vars else {}
    for run in runs(ctx, role, included) if tasks.outputs else []:
        notes: list[Note] = []
        for output in tasks.outputs.values():
            tiers = run.levels(output.vars)
            on = Resolving(tiers, _merged(tiers), tasks.asserted)
            unit = Unit(
                scope=f"ansible-role:{role or '.'} [{run.label}: {output.label}]",
                source_kind=KIND,
                consumer=f"ansible role {name}",
                environment=run.environment,
                service=service,
                hints=(source.relpath,),
                named_environment=False,
            )
            items = [*run.beneath, *output.items] if output.is_environment else output.items
            result.extend(emit(_entries(items, on, notes), unit))
        result.notes.extend(n for n in notes if n not in result.notes)
    result.notes += _unused(ctx, role, included) if tasks.outputs else []
    return hold_halves(result, "this role's output", "the host's own environment")


def _unused(ctx: ScanContext, role: str, included: dict[str, Tier]) -> list[Note]:
    """Twilio-named variables the role's defaults and vars set that none of its tasks,
    templates or other variables use: a name mismatch (the template reads another name)."""
    own = [_role_vars(ctx, role, "defaults"), _role_vars(ctx, role, "vars")]
    held = [
        v for vars_ in (*own, *(t.vars for t in included.values())) for v in vars_.values.items()
    ]
    used = set(referenced(ctx, role))
    for _path, (value, _where) in held:
        used |= {
            found.path
            for body in template_tags(value)
            if (found := follow(body, _variable_path)).path
        }
    notes: list[Note] = []
    for path, (_value, where) in held:
        dotted = ".".join(path)
        if path not in used and is_provider_name(dotted) and not dotted.startswith("vault_"):
            message = f"{dotted} is set but no task or template of the role uses it"
            notes.append(Note(str(where), message))
    return notes
