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
* other env files are not touched: ``docker run --env-file`` and compose ``env_file:`` feed a
  container, which never inherits the host's shell, and ``.env.production`` is not what
  ``load_dotenv()`` finds.
* the profile's own values are judged through those ``.env`` files only. When the tree holds
  other credentials, an export no ``.env`` reads is dropped with a note: nothing in the tree
  is known to run from that shell. A tree of nothing but profiles (a dotfiles repository)
  keeps them as a set of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sherlock.collect.dialects import PYTHON_DOTENV
from sherlock.collect.precedence import exported_by, rule_text
from sherlock.collect.shell_profiles import SOURCE_KIND, STARTUP_ORDER, startup_name
from sherlock.models import FoundValue, Note, Shadowed

_PROCESS = "process-env"
_UNUSED = (
    "{name} exported here reaches only processes started from that shell; no process of this "
    "tree is known to read it (a container does not inherit the host's shell)"
)


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


def _in_scope(value: FoundValue, target: FoundValue) -> FoundValue:
    """A profile's value as the ``.env``'s process sees it."""
    return replace(target, name=value.name, value=value.value, location=value.location, shadows=())


def _layered(target: FoundValue, exports: Sequence[FoundValue]) -> FoundValue:
    """The last export in the ``.env``'s place, hiding the line and the earlier exports."""
    *earlier, winner = exports
    rule = rule_text(target.consumer, exported_by(winner.location.path), target.location.path)
    hidden = [*target.shadows, Shadowed(replace(target, shadows=()), rule)]
    for value in earlier:
        later = rule_text("login shell", winner.location.path, value.location.path)
        hidden.append(Shadowed(_in_scope(value, target), later))
    return replace(_in_scope(winner, target), shadows=tuple(hidden))


def link_profile_exports(values: Sequence[FoundValue]) -> tuple[list[FoundValue], list[Note]]:
    """(values as each process sees them, notes on exports nothing reads); see the module."""
    profiles = sorted((v for v in values if v.source_kind == SOURCE_KIND), key=_session_order)
    if not profiles:
        return list(values), []
    exports: dict[str, list[FoundValue]] = {}
    for value in profiles:
        exports.setdefault(value.name, []).append(value)
    linked: set[str] = set()
    kept: list[FoundValue] = []
    for value in values:
        if value.source_kind == SOURCE_KIND:
            continue
        mine = [e for e in exports.get(value.name, []) if e.field == value.field]
        if mine and _is_dotenv_default(value):
            value = _layered(value, mine)
            linked.add(value.name)
        kept.append(value)
    if not [v for v in kept if v.source_kind != _PROCESS]:
        return [*kept, *profiles], []
    notes = [
        Note(str(v.location), _UNUSED.format(name=v.name)) for v in profiles if v.name not in linked
    ]
    return kept, notes
