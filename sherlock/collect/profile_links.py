"""Laying shell profile exports over the ``.env`` files that do not override them.

One file cannot tell what a profile elsewhere in the tree exports, and the warm index keeps
each file's parse on its own, so this step runs once over the whole scan's values (like
:func:`sherlock.collect.code.fallbacks.settle_fallbacks`), after ``--process-env`` has had its
say inside the dotenv reader (:func:`sherlock.collect.dotenv.exported_first`):

* a ``.env`` read the python-dotenv way (``load_dotenv()``, and Node's ``dotenv.config()``
  with its default ``override: false``) loses every name a profile exports: the profile's
  value takes the line's place in the ``.env``'s scope, environment and service, and the line
  becomes its shadow, so ``source-precedence`` can send the hidden value and prove which copy
  is stale. Among profiles, the one a session reads later wins (``bashrc`` after
  ``bash_profile``; see :data:`sherlock.collect.shell_profiles.STARTUP_ORDER`); the earlier
  ones are shadows too. A name the process environment already overrides is left alone: the
  shell Sherlock runs in is a fact, a checked-in profile only a likely one.
* which ``.env`` files: those of the machine the profile belongs to, the folder above its
  ``home/``, ``dotfiles/``, ``.devcontainer/`` or ``etc/`` folder (the tree's root for
  ``.devcontainer/home/node/.zshrc``), else the profile's own folder; a ``.env`` takes the
  nearest machine above it. An export the ``.env`` does not set still reaches its process
  (a ``TWILIO_REGION`` in ``.zshrc``), so it joins the ``.env``'s set, at the profile's line.
* other env files are not touched: ``docker run --env-file`` and compose ``env_file:`` feed a
  container, which never inherits the host's shell, and ``.env.production`` is not what
  ``load_dotenv()`` finds.
* the profile's own values are judged through those ``.env`` files only. When the tree holds
  other credentials, an export no ``.env`` reads is dropped with a note: nothing in the tree
  is known to run from that shell. A tree of nothing but profiles (a dotfiles repository)
  keeps them as a set of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from sherlock.collect.dialects import PYTHON_DOTENV
from sherlock.collect.envrc_links import link_envrc_exports
from sherlock.collect.export_layers import in_scope as _in_scope
from sherlock.collect.export_layers import under as _under
from sherlock.collect.precedence import exported_by, rule_text
from sherlock.collect.shell_profiles import SOURCE_KIND, STARTUP_ORDER, startup_name
from sherlock.models import FoundValue, Note, Shadowed

_PROCESS = "process-env"
_UNUSED = (
    "{name} exported here reaches only processes started from that shell; no process of this "
    "tree is known to read it (a container does not inherit the host's shell)"
)


#: Folders that hold a machine's home or startup files: the folder above one is the
#: "machine" a profile belongs to (``.devcontainer/home/node/.zshrc`` → the tree's root).
_HOME_FOLDERS = frozenset({"home", "dotfiles", ".dotfiles", ".devcontainer", "etc"})


def machine_root(path: str) -> str:
    """The folder whose projects a profile's shell starts: above its home, else its own."""
    parts = path.split("/")[:-1]
    for index, part in enumerate(parts):
        if part in _HOME_FOLDERS:
            return "/".join(parts[:index])
    return "/".join(parts)


def _session_order(value: FoundValue) -> tuple[int, str, int]:
    name = startup_name(value.location.path.rpartition("/")[2])
    return STARTUP_ORDER.get(name, 0), value.location.path, value.location.line or 0


def _is_dotenv_default(value: FoundValue) -> bool:
    """A line of a ``.env`` file that python-dotenv loads without overriding."""
    path = value.location.path
    return (
        value.source_kind == "dotenv"
        and value.consumer == PYTHON_DOTENV
        and path.rpartition("/")[2] == ".env"
    )


def _layered(target: FoundValue, exports: Sequence[FoundValue]) -> FoundValue:
    """The last export in the ``.env``'s place, hiding the line and the earlier exports."""
    *earlier, winner = exports
    rule = rule_text(target.consumer, exported_by(winner.location.path), target.location.path)
    hidden = [*target.shadows, Shadowed(replace(target, shadows=()), rule)]
    for value in earlier:
        later = rule_text("login shell", winner.location.path, value.location.path)
        hidden.append(Shadowed(_in_scope(value, target), later))
    return replace(_in_scope(winner, target), shadows=tuple(hidden))


class _Machines:
    """The profiles of the tree, by the folder whose processes their shell starts."""

    def __init__(self, profiles: Sequence[FoundValue]) -> None:
        self.exports: dict[str, dict[str, list[FoundValue]]] = {}
        for value in sorted(profiles, key=_session_order):
            names = self.exports.setdefault(machine_root(value.location.path), {})
            names.setdefault(value.name, []).append(value)
        self.used: set[int] = set()

    def shell_of(self, path: str) -> dict[str, list[FoundValue]]:
        """The exports of the nearest machine above ``path`` (none when no machine is)."""
        roots = [root for root in self.exports if _under(root, path)]
        return self.exports[max(roots, key=len)] if roots else {}

    def process(self, scope: Sequence[FoundValue]) -> list[FoundValue]:
        """One ``.env``'s values as its process sees them, the shell's exports included (a
        value ``--process-env`` already overrides stays as it is)."""
        path = next(v.location.path for v in scope if _is_dotenv_default(v))
        shell = self.shell_of(path)
        seen: list[FoundValue] = []
        for value in scope:
            mine = [e for e in shell.get(value.name, []) if e.field == value.field]
            if not mine or not _is_dotenv_default(value):
                seen.append(value)
                continue
            self.used.update(id(e) for e in mine)
            seen.append(_layered(value, mine))
        names = {v.name for v in scope}
        for name, exports in shell.items():
            joining = exports[-1]
            if name not in names and joining.scope == joining.location.path:
                self.used.update(id(e) for e in exports)
                seen.append(_in_scope(joining, scope[0]))
        return seen


def _elsewhere(value: FoundValue, set_aside: Callable[[str], bool]) -> bool:
    """A credential of the tree that no shell profile or ``--process-env`` gave."""
    own = value.source_kind in {SOURCE_KIND, _PROCESS}
    return not own and not set_aside(value.location.path)


def link_profile_exports(
    values: Sequence[FoundValue],
    set_aside: Callable[[str], bool] = lambda path: False,
    fenced: Callable[[str], bool] = lambda folder: False,
) -> tuple[list[FoundValue], list[Note]]:
    """(values as each process sees them, notes on exports nothing reads); see the module.

    ``set_aside`` names the files a diagnosis ignores (examples, fixtures): a profile there
    hides nothing, and no profile's value moves into an ignored ``.env``, where it would be
    neither shown nor blamed. direnv's ``.envrc`` exports are laid first
    (:mod:`sherlock.collect.envrc_links`): direnv runs after the login shell, so its
    export beats the profile's, and a ``.env`` line it replaced is no longer the profile's."""
    values = link_envrc_exports(values, set_aside, fenced)
    profiles = [
        v for v in values if v.source_kind == SOURCE_KIND and not set_aside(v.location.path)
    ]
    if not profiles:
        return list(values), []
    machines = _Machines(profiles)
    linked = {v.scope for v in values if _is_dotenv_default(v) and not set_aside(v.location.path)}
    scopes: dict[str, list[FoundValue]] = {}
    for value in values:
        if value.scope in linked and value.source_kind != SOURCE_KIND:
            scopes.setdefault(value.scope, []).append(value)
    kept: list[FoundValue] = []
    for value in values:
        if value.source_kind == SOURCE_KIND and not set_aside(value.location.path):
            continue  # judged through the .env files below, or kept alone at the end
        if value.scope not in linked:
            kept.append(value)
        elif scopes[value.scope][0] is value:  # the scope, in the place of its first value
            kept.extend(machines.process(scopes[value.scope]))
    if not any(_elsewhere(v, set_aside) for v in kept):
        return [*kept, *profiles], []
    taken = {str(v.location) for v in kept}  # e.g. a compose pass-through resolved from it
    unused = [v for v in profiles if id(v) not in machines.used and str(v.location) not in taken]
    return kept, [Note(str(v.location), _UNUSED.format(name=v.name)) for v in unused]
