"""What the templated-deployment readers share (Helm, kustomize, Terraform, Ansible).

Each of those tools renders a value written in one file (a values file, a ``.tfvars``, a
``group_vars`` file) into the environment of a process, through a template or a block
written in another file. So each reader starts from one walked file and has to look at its
neighbours: this module reads them with the walker's safety rules (never out of the tree,
never a link out, size-limited, bytes decoded as UTF-8 as they are), and layers one file's
values over another's the way these tools do: an environment's file replaces what the base
file set under the same name, and the base fills in the rest.

Its other job is a template's *expression*: ``{{ .Values.twilio.authToken | quote }}`` or
``{{ twilio_auth_token | default('') }}`` or ``var.twilio_auth_token``. Only a plain path
followed by filters that leave the value as it is can be followed; anything else (a
function call, string concatenation, a filter that changes the text) is reported as such,
so the caller can note it instead of guessing.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sherlock.collect.base import ScanContext
from sherlock.collect.context import environment_from_text
from sherlock.collect.emit import Entry
from sherlock.collect.walk import decode_text, is_inside, read_inside, skip_dir

#: Filters that hand the value on unchanged (as the process finally sees it): quoting for
#: YAML, base64 into a Secret's ``data`` (Kubernetes decodes it again), string conversion,
#: and defaults (which only apply when the value is unset).
NEUTRAL_FILTERS = frozenset(
    {"quote", "squote", "b64enc", "toString", "string", "default", "d", "required", "toYaml"}
)
_TAG = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)


def sibling_text(ctx: ScanContext, relpath: str) -> str | None:
    """Another file of the tree as text, or None when it is missing, unsafe or not text."""
    data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
    if isinstance(data, str):
        return None
    text, _problem = decode_text(data)
    return text


def folder_files(ctx: ScanContext, folder: str) -> list[str]:
    """Root-relative paths of the regular files directly in ``folder`` (sorted), inside the
    tree only; an unreadable folder is simply empty."""
    full = ctx.root / folder if folder else ctx.root
    if not is_inside(os.path.realpath(full), os.path.realpath(ctx.root)):
        return []
    try:
        with os.scandir(full) as entries:
            names = sorted(e.name for e in entries if e.is_file(follow_symlinks=False))
    except OSError:
        return []
    return [posixpath.join(folder, name) if folder else name for name in names]


def folders_below(ctx: ScanContext, folder: str, depth: int) -> list[str]:
    """``folder`` and its sub-folders down to ``depth`` levels, skipping what the walker skips."""
    found = [folder]
    frontier = [folder]
    for _ in range(depth):
        following: list[str] = []
        for current in frontier:
            full = ctx.root / current if current else ctx.root
            try:
                with os.scandir(full) as entries:
                    names = sorted(
                        e.name
                        for e in entries
                        if e.is_dir(follow_symlinks=False) and not skip_dir(e.name)
                    )
            except OSError:
                continue
            following += [posixpath.join(current, n) if current else n for n in names]
        found += following
        frontier = following
    return found


def layered(base: Sequence[Entry], overlay: Sequence[Entry]) -> list[Entry]:
    """The overlay's entries replace the base's of the same name; the base fills the rest.

    This is how ``helm -f values-prod.yaml``, a ``-var-file`` and a group's vars over ``all``
    behave, and it is why a stale base value that every environment overrides is never read.
    """
    names = {entry.name for entry in overlay}
    return [e for e in base if e.name not in names] + list(overlay)


def environment_of_stem(stem: str) -> str | None:
    """``values-prod`` → prod, ``prod`` → prod, ``values`` → None."""
    return environment_from_text(stem)


@dataclass(frozen=True)
class Expression:
    """A template expression read as a path: ``("twilio", "authToken")``, or why not."""

    path: tuple[str, ...] = ()
    problem: str = ""

    @property
    def followed(self) -> bool:
        return bool(self.path) and not self.problem


def _pipeline(body: str) -> list[list[str]]:
    """Split ``a | b c`` into words per stage, keeping quoted strings whole."""
    stages: list[list[str]] = [[]]
    for token in re.findall(r'"(?:\\.|[^"\\])*"|\'[^\']*\'|\||[^\s|()]+|[()]', body):
        if token == "|":
            stages.append([])
        elif token not in "()":
            stages[-1].append(token)
    return stages


def follow(body: str, reader: Callable[[str], tuple[str, ...] | None]) -> Expression:
    """The value path an expression reads, if it reads one and passes it on unchanged.

    ``reader`` turns a word into a path when it names a value (``.Values.a.b``), else
    None; the first stage may wrap the path in ``required "msg"`` or ``default x``.
    """
    stages = _pipeline(body)
    if not stages or not stages[0]:
        return Expression(problem="an empty expression")
    first, rest = stages[0], stages[1:]
    paths = [p for word in first if (p := reader(word))]
    head = first[0]
    if len(paths) != 1 or (len(first) > 1 and head not in NEUTRAL_FILTERS):
        return Expression(problem="not a single value path")
    for stage in rest:
        if not stage or stage[0] not in NEUTRAL_FILTERS:
            name = stage[0] if stage else "?"
            return Expression(paths[0], problem=f"passes it through {name!r}")
    return Expression(paths[0])


def template_tags(text: str) -> list[str]:
    """The bodies of every ``{{ … }}`` tag in a piece of text, in order."""
    return [m[1] for m in _TAG.finditer(text)]


def whole_tag(text: str) -> str | None:
    """The tag body when ``text`` is exactly one tag (optionally quoted), else None."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        stripped = stripped[1:-1].strip()
    match = _TAG.fullmatch(stripped)
    return match[1] if match else None
