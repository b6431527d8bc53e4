"""Ansible: ``group_vars``/``host_vars`` values carried through the project's Jinja templates.

How Ansible hands a variable to a service, and what is read here:

* Variables live in ``group_vars/<group>.yml`` (or ``group_vars/<group>/*.yml``, or a file
  without extension) and ``host_vars/<host>.yml``, beside a playbook or an inventory
  (``inventories/prod/group_vars/``). A group's variables override ``all``'s, a host's
  override its groups'. So a group's file is read over ``group_vars/all``; ``all`` on its
  own is read only when no other group file sits beside it; a host's file is read over
  ``all`` (its groups are the inventory's business). The environment is the group's name
  when it spells one (``prod``, ``staging``), else the inventory path's
  (``inventories/production/…``).
* A template (``templates/app.env.j2``, ``roles/*/templates/*.j2``) says which name a
  variable becomes in the service: ``TWILIO_AUTH_TOKEN={{ twilio_auth_token }}`` (an env
  file), ``TWILIO_AUTH_TOKEN: "{{ … }}"`` (YAML), ``Environment=TWILIO_AUTH_TOKEN={{ … }}``
  (a systemd unit) or ``export …``. Filters that keep the value (``default``, ``quote``,
  ``string``) are followed; one that changes it (``trim``, ``b64decode``…) makes a note.
* A variable that is itself ``"{{ vault_twilio_auth_token }}"`` is followed once to the
  variable it names (the usual vars-plus-vault layout). A value encrypted with
  ansible-vault (``!vault |``, ``$ANSIBLE_VAULT;…``) cannot be read without the vault
  password: a note, never a guess, and the other half of that credential is held back.
* With templates that set Twilio names, only what they use reaches the service: a template
  variable no vars file defines renders its ``| default('…')`` (located on the template's
  line), and a Twilio-named variable no template reads is a note (a name mismatch).
* A variable that names Twilio itself (``twilio_auth_token``) is read even when no template
  uses it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

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
from sherlock.collect.templated import (
    folder_files,
    folders_below,
    follow,
    sibling_text,
    template_tags,
    whole_tag,
)
from sherlock.collect.vocabulary import classify
from sherlock.collect.yamlio import as_mapping
from sherlock.models import Location, Note

CONSUMER = "ansible"
VARS_FOLDERS = ("group_vars", "host_vars")
_VARS_EXT = (".yml", ".yaml")
_TEMPLATE_LINE = re.compile(
    r"^\s*(?:export\s+|Environment=[\"']?)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(.*?)[\"']?\s*$"
)
_VARIABLE = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
#: a play's ``hosts:`` key, as a list item at the top (``- hosts:``) or under one (``  hosts:``)
_HOSTS = re.compile(rb"(?m)^(?:-[ \t]+| {2,4})hosts[ \t]*:")
_VAULT = "$ANSIBLE_VAULT;"


def _place(relpath: str) -> tuple[str, str, str] | None:
    """(vars folder, ``group_vars`` or ``host_vars``, group or host) for a vars file."""
    parts = relpath.split("/")
    if len(parts) >= 2 and parts[-2] in VARS_FOLDERS:
        file = parts[-1]
        if not file.endswith(_VARS_EXT) and "." in file:
            return None
        return "/".join(parts[:-1]), parts[-2], file.rsplit(".", 1)[0] if "." in file else file
    if len(parts) >= 3 and parts[-3] in VARS_FOLDERS and parts[-1].endswith(_VARS_EXT):
        return "/".join(parts[:-2]), parts[-3], parts[-2]
    return None


@dataclass(frozen=True)
class Binding:
    """A template line that sets ``name`` from the variable at ``path``; ``default`` is what
    ``| default('…')`` renders when no vars file defines the variable."""

    name: str
    path: tuple[str, ...]
    where: Location
    default: str | None = None


_DEFAULT = re.compile(r"\|\s*(?:default|d)\(\s*(?:'([^']*)'|\"([^\"]*)\")\s*\)")


def _variable_path(word: str) -> tuple[str, ...] | None:
    return tuple(word.split(".")) if _VARIABLE.match(word) else None


def template_bindings(relpath: str, text: str) -> tuple[list[Binding], list[Note]]:
    """Names a Jinja template sets from which variable, and notes on what it cannot follow."""
    bindings: list[Binding] = []
    notes: list[Note] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TEMPLATE_LINE.match(line)
        if match is None or "{{" not in match[2]:
            continue
        body = whole_tag(match[2].strip("\"'") if match[2].count("{{") == 1 else match[2])
        found = follow(body, _variable_path) if body is not None else None
        if found is not None and found.followed and body is not None:
            default = _DEFAULT.search(body)
            fallback = (default[1] or default[2] or "") if default else None
            where = Location(relpath, number)
            bindings.append(Binding(match[1], found.path, where, fallback))
        elif is_provider_name(match[1]):
            why = found.problem if found is not None else "text around the template tag"
            message = f"{match[1]} is rendered by a template Sherlock does not follow ({why}); not checked"
            notes.append(Note(f"{relpath}:{number}", message))
    return bindings, notes


def _project(vars_folder: str) -> str:
    """The folder whose templates fill these variables: the playbook folder, above an
    ``inventories/<env>/`` or ``inventory/`` layer when there is one."""
    parts = vars_folder.split("/")[:-1]
    for marker in ("inventories", "inventory"):
        if marker in parts:
            return "/".join(parts[: parts.index(marker)])
    return "/".join(parts)


def project_bindings(ctx: ScanContext, project: str) -> list[Binding]:
    """Bindings of every ``*.j2`` template in the project (three folder levels down)."""
    found: list[Binding] = []
    for folder in folders_below(ctx, project, 3):
        for relpath in folder_files(ctx, folder):
            text = sibling_text(ctx, relpath) if relpath.endswith(".j2") else None
            if text is not None and "{{" in text:
                found.extend(template_bindings(relpath, text)[0])
    return found


@dataclass
class Vars:
    """Variables of one or more vars files: dotted path → (value, where written)."""

    values: dict[tuple[str, ...], tuple[str, Location]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def read_vars(ctx: ScanContext, relpath: str, into: Vars) -> None:
    text = sibling_text(ctx, relpath)
    if text is None:
        return
    docs = ctx.documents.load(relpath, text)
    if isinstance(docs, str):
        into.notes.append(Note(relpath, docs))
        return
    root = as_mapping(docs[0]) if docs else None
    for path, value, line in value_leaves(root or {}, text.splitlines()):
        into.values[path] = (value, Location(relpath, line, key=".".join(path)))


def _files_of(ctx: ScanContext, vars_folder: str, name: str) -> list[str]:
    """The files that hold one group's (or host's) variables."""
    found = [
        p
        for p in folder_files(ctx, vars_folder)
        if posixpath.basename(p).rsplit(".", 1)[0] == name
        and (p.endswith(_VARS_EXT) or "." not in posixpath.basename(p))
    ]
    nested = posixpath.join(vars_folder, name)
    return found + [p for p in folder_files(ctx, nested) if p.endswith(_VARS_EXT)]


def _groups(ctx: ScanContext, vars_folder: str) -> set[str]:
    names = {posixpath.basename(p).rsplit(".", 1)[0] for p in folder_files(ctx, vars_folder)}
    names |= {posixpath.basename(f) for f in folders_below(ctx, vars_folder, 1)[1:]}
    return names


def _resolve(value: str, merged: Vars) -> str | None:
    """A value, or the value of the one variable it names (``{{ vault_x }}``)."""
    if "{{" not in value:
        return value
    body = whole_tag(value)
    found = follow(body, _variable_path) if body is not None else None
    if found is None or not found.followed or found.path not in merged.values:
        return None
    target = merged.values[found.path][0]
    return None if "{{" in target else target


def playbook_uses(ctx: ScanContext, project: str) -> set[tuple[str, ...]]:
    """Variables the project's playbooks (its folder and ``playbooks/``) render anywhere: one
    a play's ``environment:`` uses is no name mismatch, even when no template reads it."""
    used: set[tuple[str, ...]] = set()
    for folder in (project, posixpath.join(project, "playbooks") if project else "playbooks"):
        for relpath in folder_files(ctx, folder):
            text = sibling_text(ctx, relpath) if is_playbook_path(relpath) else None
            if text is None or not looks_like_playbook(text.encode("utf-8", "replace")):
                continue
            for body in template_tags(text):
                found = follow(body, _variable_path)
                used |= {found.path} if found.path else set()
    return used


def _outside_played_roles(
    ctx: ScanContext, project: str
) -> tuple[list[Binding], set[tuple[str, ...]], bool]:
    """The project's template bindings but those of templates a played role's tasks render,
    the variables those roles use, and whether such a role hands a service anything.

    :mod:`.ansible_roles` reads a role some play runs with its defaults, its vars and the
    play's params, which a group's variables alone would misstate; a template no task of it
    links (``src: "{{ item }}.j2"``) stays here."""
    from sherlock.collect.ansible_role_tasks import read_role_tasks, referenced
    from sherlock.collect.ansible_roles import played_roles  # they build on this module

    rendered: set[str] = set()
    used: set[tuple[str, ...]] = set()
    reads = False
    for role in played_roles(ctx, project):
        tasks = read_role_tasks(ctx, role)
        rendered |= tasks.templates
        reads = reads or bool(tasks.outputs)
        used |= referenced(ctx, role)
    bindings = [b for b in project_bindings(ctx, project) if b.where.path not in rendered]
    return bindings, used, reads


def _entries(
    merged: Vars,
    bindings: list[Binding],
    elsewhere: frozenset[tuple[str, ...]] | set[tuple[str, ...]] = frozenset(),
    *,
    roles_read: bool = False,
) -> tuple[list[Entry], list[Note]]:
    """What the templates render from the merged variables.

    With templates that set Twilio names, only what they use reaches the service: a
    Twilio-named variable none of them reads is noted (a name mismatch), and a template
    variable no vars file defines renders its ``default`` (or stops the play: a note).
    Without such templates, Twilio-named variables are read as they are, unless roles the
    project's plays run are read (``roles_read``): what they use reaches the service there.
    """
    if not bindings and not roles_read:
        return _direct_entries(merged)
    entries: list[Entry] = []
    notes: list[Note] = []
    for binding in bindings:
        if binding.path in merged.values:
            value, where = merged.values[binding.path]
            found = _value(".".join(binding.path), value, where, merged, notes)
            entries += [Entry(binding.name, found, where)] if found is not None else []
        elif binding.default is not None:
            entries.append(Entry(binding.name, binding.default, binding.where))
        elif is_provider_name(binding.name):
            message = f"{binding.name} uses a variable no vars file here defines; not checked"
            notes.append(Note(str(binding.where), message))
    used = {b.path for b in bindings} | elsewhere
    for path, (_value_text, where) in merged.values.items():
        dotted = ".".join(path)
        if path not in used and is_provider_name(dotted) and not dotted.startswith("vault_"):
            message = f"{dotted} is set but no template here uses it"
            notes.append(Note(str(where), message))
    return entries, notes


def _value(dotted: str, value: str, where: Location, merged: Vars, notes: list[Note]) -> str | None:
    resolved = _resolve(value, merged)
    if resolved is not None and not resolved.startswith(_VAULT):
        return resolved
    vaulted = _VAULT in (resolved or value) or _vaulted_target(value, merged)
    why = "is encrypted with ansible-vault" if vaulted else "is a template Sherlock does not follow"
    notes.append(Note(str(where), f"{dotted} {why}; not checked"))
    return None


def _vaulted_target(value: str, merged: Vars) -> bool:
    body = whole_tag(value)
    found = follow(body, _variable_path) if body is not None else None
    target = merged.values.get(found.path) if found is not None and found.followed else None
    return target is not None and target[0].startswith(_VAULT)


def _direct_entries(merged: Vars) -> tuple[list[Entry], list[Note]]:
    entries: list[Entry] = []
    notes: list[Note] = []
    for path, (value, where) in merged.values.items():
        dotted = ".".join(path)
        if is_provider_name(dotted) or classify(dotted, value):
            found = _value(dotted, value, where, merged, notes)
            entries += [Entry(dotted, found, where)] if found is not None else []
    return entries, notes


#: Where playbooks are kept: a folder named for Ansible, or a playbook's usual file name.
_PLAYBOOK_FOLDERS = frozenset({"ansible", "playbooks", "playbook", "provisioning"})
_PLAYBOOK_NAME = re.compile(
    r"^(?:site|playbook|deploy|provision|setup|bootstrap|configure|rollout|release)[\w.-]*\.ya?ml$"
    r"|^[\w.-]*playbook[\w.-]*\.ya?ml$"
)


_TEST_HARNESSES = frozenset({"molecule", "tests", "test"})


def is_role_tasks(relpath: str) -> bool:
    """A role's ``tasks/main.yml`` (read by :mod:`.ansible_roles`), outside test harnesses."""
    parts = relpath.split("/")
    if len(parts) < 2 or parts[-2] != "tasks" or parts[-1] not in ("main.yml", "main.yaml"):
        return False
    return not any(p in _TEST_HARNESSES for p in parts[:-2])


def is_playbook_path(relpath: str) -> bool:
    """A YAML file where playbooks live, outside vars folders and role internals (a cheap
    path test: most YAML files of a tree are manifests, compose or CI files)."""
    parts = relpath.split("/")
    if not parts[-1].endswith(_VARS_EXT):
        return False
    if any(p in {*VARS_FOLDERS, "defaults", "vars", "templates", "tasks"} for p in parts[:-1]):
        return False
    return _PLAYBOOK_NAME.match(parts[-1]) is not None or any(
        p in _PLAYBOOK_FOLDERS for p in parts[:-1]
    )


def looks_like_playbook(head: bytes) -> bool:
    """A cheap look before parsing: a play (``hosts:``) that sets ``environment:``."""
    return b"environment" in head and _HOSTS.search(head) is not None


class AnsibleCollector:
    """Reads Ansible vars through the project's templates (see the module docstring)."""

    name = "ansible"

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return name.endswith((*_VARS_EXT, ".j2")) or "." not in name

    def wants(self, relpath: str) -> bool:
        return (
            _place(relpath) is not None
            or relpath.endswith(".j2")
            or is_playbook_path(relpath)
            or is_role_tasks(relpath)
        )

    def matches(self, relpath: str, head: bytes) -> bool:
        if _place(relpath) is not None or relpath.endswith(".j2") or is_role_tasks(relpath):
            return True
        return is_playbook_path(relpath) and looks_like_playbook(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        if is_role_tasks(source.relpath):
            from sherlock.collect.ansible_roles import read_role  # it builds on this module

            return read_role(source, ctx)
        place = _place(source.relpath)
        if place is None and not source.relpath.endswith(".j2"):
            from sherlock.collect.ansible_play import read_playbook  # it builds on this module

            return read_playbook(source, text, ctx)
        if place is None:
            return CollectResult(notes=template_bindings(source.relpath, text)[1])
        vars_folder, kind, name = place
        base_folder = posixpath.join(posixpath.dirname(vars_folder), "group_vars")
        groups = _groups(ctx, base_folder) - {"all"}
        if kind == "group_vars" and name == "all" and groups:
            return CollectResult()  # read under each group instead
        if not self._is_first_file(ctx, vars_folder, name, source.relpath):
            return CollectResult()
        merged = Vars()
        if not (kind == "group_vars" and name == "all"):
            for relpath in _files_of(ctx, base_folder, "all"):
                read_vars(ctx, relpath, merged)
        for relpath in _files_of(ctx, vars_folder, name):
            read_vars(ctx, relpath, merged)
        bindings, roles_use, roles_read = _outside_played_roles(ctx, _project(vars_folder))
        uses = playbook_uses(ctx, _project(vars_folder)) | roles_use if bindings else roles_use
        entries, notes = _entries(merged, bindings, uses, roles_read=roles_read)
        result = emit(entries, self._unit(source.relpath, vars_folder, kind, name, ctx))
        hold_halves(result, f"{kind}/{name}", "a vault-encrypted or run-time variable")
        result.notes[:0] = merged.notes + notes
        return result

    @staticmethod
    def _is_first_file(ctx: ScanContext, vars_folder: str, name: str, relpath: str) -> bool:
        """A group spread over several files is read once, from its first file."""
        files = _files_of(ctx, vars_folder, name)
        return not files or files[0] == relpath

    @staticmethod
    def _unit(relpath: str, vars_folder: str, kind: str, name: str, ctx: ScanContext) -> Unit:
        environment = pick_environment(
            environment_from_text(name), environment_from_path(vars_folder)
        )
        return Unit(
            scope=f"ansible:{kind}/{name}@{vars_folder}",
            source_kind=f"ansible-{kind.replace('_', '-')}",
            consumer=CONSUMER,
            environment=environment,
            service=service_from_path(_project(vars_folder) + "/x", ctx.root_name),
            hints=(relpath,),
        )
