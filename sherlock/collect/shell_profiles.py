"""Shell profiles: what a login or interactive shell exports to every process it starts.

A stale ``export TWILIO_AUTH_TOKEN=…`` left in ``~/.bashrc`` is one of the commonest 20003s: the
shell exports it to every program started from it, and python-dotenv's ``load_dotenv()``
(``override=False`` by default, per its README) and Node's ``dotenv.config()`` (``override``
defaults to false, per its typings) leave a variable that is already set alone, so the fresh
``.env`` line is silently ignored. :mod:`sherlock.collect.profile_links` lays these exports over
the tree's ``.env`` files; this module only reads them.

Which files: the startup files the bash manual ("Bash Startup Files") and zsh's (``.zshenv``,
``.zprofile``, ``.zshrc``, ``.zlogin``) name, dotted or as checked-in copies without the dot
(``dotfiles/bashrc``), anywhere in the tree (``home/<user>/``, a dev container's home); the
generic names ``profile`` and ``environment`` only in an ``etc/`` or ``dotfiles/`` folder.
``/etc/environment`` is read by pam_env, not a shell: every ``NAME=value`` line is exported.

What is read: only what the shell exports, with the shell reader's word rules
(:func:`sherlock.collect.shell.assignment_words`): ``export NAME=…``, ``declare -x``/``typeset
-x``, a plain assignment whose name a bare ``export NAME`` marks, and assignments while ``set
-a`` (``allexport``) is on. A plain ``NAME=value`` stays in the shell and reaches no process.
A value computed at login (``$(pass show twilio)``) is skipped with a note.

Who it belongs to: a profile is no service. Its values form the scope "the shell of this
profile" (source kind ``shell-profile``, service ``shell-profile``, the environment its path
spells once a ``home/<user>/`` folder is left out), like ``--process-env``.
"""

from __future__ import annotations

import re

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.shell import assignment_words
from sherlock.collect.vocabulary import may_hold_credentials
from sherlock.models import Location, Note

SOURCE_KIND = "shell-profile"
SERVICE = "shell-profile"

#: Startup files by the order a login and interactive session reads them (later wins).
STARTUP_ORDER: dict[str, int] = {
    "environment": 0,  # pam_env, before any shell
    "zshenv": 1,
    "profile": 2,
    "bash_profile": 3,
    "bash_login": 3,
    "zprofile": 3,
    "bash.bashrc": 4,
    "bashrc": 5,
    "zshrc": 5,
    "zlogin": 6,
}
_ANYWHERE = frozenset(n for n in STARTUP_ORDER if n not in {"profile", "environment"})
_SYSTEM_FOLDERS = frozenset({"etc", "dotfiles"})
_EXPORTING = re.compile(r"[ \t]*(?:export|declare[ \t]+-\w*x|typeset[ \t]+-\w*x)[ \t]")
_BARE_EXPORT = re.compile(r"^[ \t]*export[ \t]+([A-Za-z_][\w \t]*?)[ \t]*(?:[;#].*)?$", re.M)
_ALLEXPORT = re.compile(r"^[ \t]*set[ \t]+([-+])(?:a\b|o[ \t]+allexport\b)", re.M)


def startup_name(name: str) -> str:
    """``.bashrc`` and ``bashrc`` → ``bashrc``: the file's role, whatever its copy is called."""
    return name[1:] if name.startswith(".") else name


def is_profile_path(relpath: str) -> bool:
    """Whether a path is a shell startup file (see the module docstring for which)."""
    folder, _, name = relpath.rpartition("/")
    role = startup_name(name)
    if role in _ANYWHERE:
        return True
    if role not in STARTUP_ORDER:
        return False
    if role == "profile" and name.startswith("."):
        return True  # ~/.profile
    return folder.rpartition("/")[2] in _SYSTEM_FOLDERS


def _exported_lines(text: str, everything: bool) -> tuple[set[int], set[str]]:
    """Lines whose assignment is exported because ``set -a`` is on, and names a bare
    ``export NAME`` marks."""
    marked = {n for m in _BARE_EXPORT.finditer(text) for n in m[1].split()}
    if everything:
        return set(range(1, text.count("\n") + 2)), marked
    lines: set[int] = set()
    on_from: int | None = None
    for match in _ALLEXPORT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match[1] == "-" and on_from is None:
            on_from = line
        elif match[1] == "+" and on_from is not None:
            lines.update(range(on_from, line))
            on_from = None
    if on_from is not None:
        lines.update(range(on_from, text.count("\n") + 2))
    return lines, marked


def exported_entries(
    text: str, relpath: str, *, everything: bool = False
) -> tuple[list[Entry], list[tuple[str, int]]]:
    """(entries the shell exports, lines of exported names it must compute), in file order."""
    by_set_a, marked = _exported_lines(text, everything)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    entries: list[Entry] = []
    computed: list[tuple[str, int]] = []
    for name, value, line, _end in assignment_words(text):
        keyword = _EXPORTING.match(text, starts[line - 1]) is not None
        if not (keyword or line in by_set_a or name in marked):
            continue
        if value is None:
            computed.append((name, line))
        else:
            entries.append(Entry(name, value, Location(relpath, line)))
    return entries, [(name, line) for name, line in computed if is_provider_name(name)]


def profile_environment(relpath: str) -> str:
    """The environment a profile's path spells, leaving out the user folder of ``home/<user>/``
    (a user called ``dev`` names no environment)."""
    parts = relpath.split("/")
    if "home" in parts[:-2]:
        index = parts.index("home")
        del parts[index + 1]
    return pick_environment(environment_from_path("/".join(parts)))


class ShellProfileCollector:
    """Reads what shell startup files export (see the module docstring)."""

    name = "shell-profile"

    def could_want(self, name: str) -> bool:
        """Only startup file names; ``profile``/``environment`` need their folder too."""
        return startup_name(name) in STARTUP_ORDER

    def wants(self, relpath: str) -> bool:
        return is_profile_path(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        if not may_hold_credentials(source.data):
            return CollectResult()  # most profiles export PATH and EDITOR: nothing to parse
        relpath = source.relpath
        everything = startup_name(source.name) == "environment"
        body = text.removeprefix("\ufeff")
        entries, computed = exported_entries(body, relpath, everything=everything)
        unit = Unit(
            scope=relpath,
            source_kind=SOURCE_KIND,
            consumer=f"shell profile ({startup_name(source.name)})",
            environment=profile_environment(relpath),
            service=SERVICE,
            hints=(relpath,),
        )
        result = emit(entries, unit)
        result.notes[:0] = [
            Note(
                f"{relpath}:{line}",
                f"{name} is exported from what the shell computes at start-up; not checked",
            )
            for name, line in computed
        ]
        return result
