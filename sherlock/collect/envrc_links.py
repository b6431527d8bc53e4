"""Laying direnv's exports over the ``.env`` files its folder's programs load.

direnv exports an ``.envrc``'s variables into the shell of its folder and every folder below
it (down to the next ``.envrc``, which replaces it unless it calls ``source_up``). A program
started there inherits them, and the dotenv loaders leave a variable that is already set
alone: python-dotenv's ``load_dotenv()`` (``override=False`` by default), Node's
``dotenv.config()`` (``override`` defaults to false), and the dev servers built on them.
So, once every value of the scan is known (one file cannot see the other), like the shell
profiles' exports (:mod:`sherlock.collect.profile_links`), and before them (direnv runs after
the login shell, so its export is the later one):

* a ``.env`` file a development run loads (``.env``, ``.env.local``, ``.env.development``,
  ``.env.development.local``, ``.env.dev``) read the python-dotenv way, in the folder of the
  nearest ``.envrc`` that sets credentials or below it, loses every name the ``.envrc``
  exports: the export takes the line's place in the ``.env``'s set, and the line becomes its
  shadow, so ``source-precedence`` can send the hidden value and prove which copy is stale.
  What the ``.envrc`` hid itself (a ``dotenv`` file a later ``export`` overrides) stays
  behind it. A name the ``.env`` does not set joins its set at the ``.envrc``'s line.
* a line direnv loaded itself (``dotenv`` of that same ``.env``) is left as it is;
* a file only the ``.envrc`` loads (``dotenv .env.prod``) is judged through it: its own
  python-dotenv reading is dropped, so its values are not a second, partial set;
* compose ``env_file:``, ``docker run --env-file`` and sourced files keep their own readers:
  a container does not inherit the host's shell;
* ``--process-env`` wins over direnv (a value it overrides is left alone), and an ``.envrc``
  no ``.env`` uses stays a set of its own, as the environment of that folder's programs.

Only ``.envrc`` files that set credentials leave values here; a nested ``.envrc`` that sets
none still takes over its folder's shell unless it calls ``source_up``, so the caller's
``fenced`` (:func:`sherlock.collect.envrc.envrc_fences`, which looks on disk) keeps the outer
exports from the ``.env`` files below it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from sherlock.collect.dialects import PYTHON_DOTENV
from sherlock.collect.envrc import SOURCE_KIND
from sherlock.collect.export_layers import in_scope, rescoped, under
from sherlock.collect.precedence import rule_text
from sherlock.models import FoundValue, Shadowed

#: The env files a development run's dotenv loader reads without overriding the shell.
DEV_FILES = frozenset(
    {".env", ".env.local", ".env.development", ".env.development.local", ".env.dev"}
)


def _name(path: str) -> str:
    return path.rpartition("/")[2]


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _read_by_dotenv(value: FoundValue) -> bool:
    """A value of an env file read the python-dotenv way, in that file's own set."""
    return (
        value.source_kind == "dotenv"
        and value.consumer == PYTHON_DOTENV
        and value.scope == value.location.path
    )


def _is_target(value: FoundValue) -> bool:
    return _read_by_dotenv(value) and _name(value.location.path) in DEV_FILES


def _is_layer(value: FoundValue) -> bool:
    """A direnv value of an ``.envrc``'s own set (a ``PROD_…`` name keeps its own scope)."""
    return value.source_kind == SOURCE_KIND and "#" not in value.scope


def _exported_by(envrc: str) -> str:
    return f"the variable direnv exports from {envrc} (load_dotenv does not override it)"


def _layered(target: FoundValue, export: FoundValue) -> FoundValue:
    """The export in the line's place, hiding the line and whatever the export hid."""
    if export.location == target.location:
        return target  # direnv's dotenv loaded this very line
    rule = rule_text(target.consumer, _exported_by(export.scope), target.location.path)
    hidden = [*target.shadows, Shadowed(replace(target, shadows=()), rule)]
    hidden += rescoped(export.shadows, target)
    unique: dict[tuple[str, str], Shadowed] = {}
    for shadow in hidden:  # a line direnv loaded and the app reads is hidden once
        unique.setdefault((str(shadow.value.location), shadow.value.fingerprint), shadow)
    return replace(in_scope(export, target), shadows=tuple(unique.values()))


def _joined(export: FoundValue, target: FoundValue) -> FoundValue:
    return replace(in_scope(export, target), shadows=rescoped(export.shadows, target))


class _Folders:
    """The ``.envrc`` sets of the tree, by the folder whose shell they fill."""

    def __init__(self, layers: Sequence[FoundValue], fenced: Callable[[str], bool]) -> None:
        self.exports: dict[str, dict[str, FoundValue]] = {}
        for value in layers:
            self.exports.setdefault(_folder(value.scope), {})[value.name] = value
        self.used: set[str] = set()
        self.fenced = fenced

    def nearest(self, path: str) -> str | None:
        """The folder of the nearest ``.envrc`` with credentials at or above ``path``'s
        folder, unless a nearer ``.envrc`` that sets none takes over the shell in between
        (direnv loads one ``.envrc``; only ``source_up`` reaches the one above it)."""
        folders = [f for f in self.exports if under(f, path)]
        if not folders:
            return None
        nearest = max(folders, key=len)
        between = _folder(path)
        while between != nearest and len(between) > len(nearest):
            if self.fenced(between):
                return None
            between = _folder(between)
        return nearest

    def process(self, scope: str, values: Sequence[FoundValue]) -> list[FoundValue]:
        """One ``.env``'s set as its program sees it, direnv's exports included (a value
        ``--process-env`` already overrides stays as it is)."""
        folder = self.nearest(scope)
        shell = self.exports[folder] if folder is not None else {}
        seen: list[FoundValue] = []
        for value in values:
            export = shell.get(value.name)
            if export is None or export.field != value.field or not _is_target(value):
                seen.append(value)
            else:
                seen.append(_layered(value, export))
        names = {v.name for v in values}
        seen += [_joined(e, values[0]) for n, e in shell.items() if n not in names]
        if folder is not None:
            self.used.add(folder)
        return seen


def _pulled(layers: Sequence[FoundValue]) -> set[str]:
    """Env files some ``.envrc`` loads with ``dotenv`` (where its values, won or hidden, are)."""
    places = [v.location.path for v in layers]
    places += [s.value.location.path for v in layers for s in v.shadows]
    return {p for p in places if _name(p) != ".envrc" and not _name(p).startswith(".envrc.")}


def link_envrc_exports(
    values: Sequence[FoundValue],
    set_aside: Callable[[str], bool] = lambda path: False,
    fenced: Callable[[str], bool] = lambda folder: False,
) -> list[FoundValue]:
    """Values as each program sees them once direnv's exports are laid over (see the module).

    ``set_aside`` names the files a diagnosis ignores (examples, fixtures): an ``.envrc``
    there hides nothing, and no ``.env`` there takes an export. ``fenced`` says whether a
    folder holds an ``.envrc`` of its own that does not ``source_up`` (one that sets no
    credential leaves no value here, but still replaces the outer ``.envrc``'s shell)."""
    layers = [v for v in values if _is_layer(v) and not set_aside(v.scope)]
    if not layers:
        return list(values)
    folders = _Folders(layers, fenced)
    linked = {
        v.scope
        for v in values
        if _is_target(v) and not set_aside(v.scope) and folders.nearest(v.scope) is not None
    }
    scopes: dict[str, list[FoundValue]] = {}
    for value in values:
        if value.scope in linked and value.source_kind != SOURCE_KIND:
            scopes.setdefault(value.scope, []).append(value)
    kept: list[FoundValue] = []
    for value in values:
        if value.scope not in linked or value.source_kind == SOURCE_KIND:
            kept.append(value)
        elif scopes[value.scope][0] is value:  # the set, in the place of its first value
            kept.extend(folders.process(value.scope, scopes[value.scope]))
    return _settle_layers(kept, folders, _pulled(layers))


def _settle_layers(
    values: list[FoundValue], folders: _Folders, pulled: set[str]
) -> list[FoundValue]:
    """Drop an ``.envrc``'s own set once a ``.env`` took it, and the separate reading of a
    file only an ``.envrc`` loads."""
    used = set(folders.used)
    return [
        v
        for v in values
        if not (_is_layer(v) and _folder(v.scope) in used)
        and not (
            _read_by_dotenv(v) and v.location.path in pulled and _name(v.scope) not in DEV_FILES
        )
    ]
