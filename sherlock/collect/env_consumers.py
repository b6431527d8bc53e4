"""Who loads an env file, and how each of them reads it.

An env file has no meaning of its own: ``T="abc"`` is ``abc`` to a shell that sources it and
to systemd, ``"abc"`` to ``docker run --env-file`` and to make, and a CRLF line keeps its CR
in bash but not in make. So the pre-pass looks, in every shell script, Makefile and systemd
unit, for the ways a tree loads a file:

* ``. FILE`` / ``source FILE`` (also inside Makefile recipes);
* ``export $(cat FILE | xargs)``, ``export $(grep -v '^#' FILE | xargs)``, ``env $(cat FILE) cmd``
  and the like: the file's words, after xargs' unquoting when xargs is in the pipe;
* ``include FILE`` / ``-include FILE`` in a Makefile;
* ``EnvironmentFile=`` in a systemd unit (see :mod:`.systemd`);
* ``docker run --env-file FILE`` (see :func:`.shell.docker_env_file_references`).

Each such consumer is a *dialect* (how the text is read) plus *via* (the file that loads it);
:func:`read_as` reads text in any dialect, including the three of :mod:`.dialects`.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Callable, Iterator, Mapping

from sherlock.collect.dialects import ParsedEnv, parse_env_text
from sherlock.collect.env_bounds import (
    FILE_BUDGET_SECONDS,
    Deadline,
    drop_long_lines,
    long_line_message,
)
from sherlock.collect.make_env import parse_make_include
from sherlock.collect.shell_readings import parse_sourced, parse_word_split
from sherlock.collect.systemd_env import parse_environment_file
from sherlock.collect.walk import resolve_reference

SHELL_SOURCE = "shell source"
SYSTEMD_FILE = "systemd EnvironmentFile"
MAKE_INCLUDE = "make include"

#: (env file's root-relative path, dialect, the root-relative file that loads it)
Reference = tuple[str, str, str]


def word_split_dialect(command: str, *, xargs: bool, drop_comments: bool) -> str:
    """The dialect id of ``command $(cat FILE …)``, e.g. ``export $(cat | xargs)``."""
    pipe = "cat" + (" | grep -v '^#'" if drop_comments else "") + (" | xargs" if xargs else "")
    return f"{command} $({pipe})"


Reader = Callable[[str, Deadline], ParsedEnv]


def _word_split_reader(dialect: str) -> Reader | None:
    command, _, pipe = dialect.partition(" $(")
    if command not in ("export", "env") or not pipe.startswith("cat"):
        return None
    xargs, comments = "xargs" in pipe, "grep" in pipe
    return lambda text, deadline: parse_word_split(
        text, command, xargs=xargs, drop_comments=comments, deadline=deadline
    )


_READERS: dict[str, Reader] = {
    SHELL_SOURCE: parse_sourced,
    SYSTEMD_FILE: parse_environment_file,
    MAKE_INCLUDE: parse_make_include,
}


def read_as(
    dialect: str,
    text: str,
    environ: Mapping[str, str] | None = None,
    budget_seconds: float = FILE_BUDGET_SECONDS,
) -> ParsedEnv:
    """``text`` read the way ``dialect`` reads it (the :mod:`.dialects` ones included).

    Over-long lines are blanked first, as :func:`.dialects.parse_env_text` does, and a
    reading that runs past ``budget_seconds`` gives up with one problem.
    """
    reader = _READERS.get(dialect) or _word_split_reader(dialect)
    if reader is None:
        return parse_env_text(text, dialect, environ)
    text, dropped = drop_long_lines(text)
    parsed = reader(text, Deadline(budget_seconds))
    if dropped:
        parsed.problems = sorted([(n, long_line_message()) for n in dropped] + parsed.problems)
    return parsed


# --- finding the consumers in scripts and Makefiles ----------------------------------------

_SOURCE = re.compile(
    r"(?:^|[;&|({]|\b(?:then|do|else)\b)[ \t]*(?:\.|source)[ \t]+"
    r"(?P<path>\"?\$\(dirname[^)\n]*\)\"?/[^\s;&|)]+|\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|)]+)",
    re.MULTILINE,
)
_WORD_SPLIT = re.compile(
    r"(?:^|[\s;&|(])(?P<cmd>export|env)[ \t]+(?:\$\((?P<a>[^()]*)\)|`(?P<b>[^`]*)`)"
)
_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
_HERE = re.compile(
    r'^(?:"?\$\(dirname[ \t]+"?\$(?:0|\{?BASH_SOURCE(?:\[0\])?\}?)"?\)"?|\$\{BASH_SOURCE%/\*\})/'
)
_CWD = re.compile(r"^(?:\$\(pwd\)|\$\{?PWD\}?|\$\(CURDIR\)|\$\{CURDIR\})/")
_INCLUDE = re.compile(r"^[ \t]*(?:-include|sinclude|include)[ \t]+(?P<files>[^#\n]+)", re.MULTILINE)
_FILE_TOOLS = frozenset({"cat", "grep", "egrep", "sed"})


def _joined(text: str, makefile: bool) -> str:
    """Comment lines emptied, continuation lines joined; in a Makefile, ``$$`` (make's
    escaped dollar) unescaped."""
    joined = _COMMENT_LINE.sub("", text).replace("\\\r\n", " ").replace("\\\n", " ")
    return joined.replace("$$", "$") if makefile else joined


def _target(relpath: str, written: str, exists: Callable[[str], bool]) -> str | None:
    """The tree file a script's path means: its own folder first, then the root."""
    path = written.strip("\"'")
    folders: tuple[str, ...] = (posixpath.dirname(relpath), "")
    if _HERE.match(path):
        path, folders = _HERE.sub("", path), (posixpath.dirname(relpath),)
    path = _CWD.sub("", path)
    if "$" in path or "`" in path:
        return None
    for folder in folders:
        candidate = resolve_reference(folder, path)
        if candidate and exists(candidate):
            return candidate
    return None


def _redirected(words: list[str]) -> str | None:
    """The file after ``<`` (``< f`` or ``<f``), if the command reads one."""
    for index, word in enumerate(words):
        if word == "<" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("<") and len(word) > 1:
            return word[1:]
    return None


def _pipe_file(inner: str) -> tuple[str | None, bool, bool]:
    """(file, xargs unquotes, comment lines dropped) for ``cat f | grep -v '^#' | xargs``."""
    found: str | None = None
    xargs = comments = False
    for segment in inner.split("|"):
        try:
            words = shlex.split(segment)
        except ValueError:
            return None, False, False
        found = _redirected(words) or found
        if not words:
            continue
        tool, args = words[0], [w for w in words[1:] if not w.startswith("-")]
        if tool == "xargs":
            xargs = not any(w.startswith(("-d", "-0", "--delimiter", "--null")) for w in words)
        elif any("#" in a for a in args) and (tool == "sed" or "-v" in words):
            comments = tool in ("grep", "egrep", "sed")
        if tool in _FILE_TOOLS and args and found is None:
            found = args[-1] if tool == "cat" or len(args) > 1 else None
    return found, xargs, comments


def script_references(
    relpath: str, text: str, exists: Callable[[str], bool], *, makefile: bool = False
) -> Iterator[Reference]:
    """Env files a shell script (or a Makefile's recipes) sources or word-splits."""
    body = _joined(text, makefile)
    for match in _SOURCE.finditer(body):
        target = _target(relpath, match["path"], exists)
        if target:
            yield target, SHELL_SOURCE, relpath
    for match in _WORD_SPLIT.finditer(body):
        written, xargs, comments = _pipe_file(match["a"] or match["b"] or "")
        target = _target(relpath, written, exists) if written else None
        if target:
            dialect = word_split_dialect(match["cmd"], xargs=xargs, drop_comments=comments)
            yield target, dialect, relpath


def make_includes(relpath: str, text: str, exists: Callable[[str], bool]) -> Iterator[Reference]:
    """Files a Makefile includes (``include``, ``-include``, ``sinclude``)."""
    for match in _INCLUDE.finditer(_joined(text, makefile=False)):
        for written in match["files"].split():
            target = _target(relpath, written, exists)
            if target:
                yield target, MAKE_INCLUDE, relpath
