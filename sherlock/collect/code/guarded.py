"""A variable read from the environment, then given a literal only when the read came back
empty: the default written as statements instead of one expression.

Go's usual shapes (the ``os.Getenv`` docs say an unset variable reads as ``""``, and
``os.LookupEnv`` reports whether it is set) and Java's::

    token := os.Getenv("TWILIO_AUTH_TOKEN")      token, ok := os.LookupEnv("TWILIO_AUTH_TOKEN")
    if token == "" {                              if !ok {
        token = "…"                                   token = "…"
    }                                             }

    String token = System.getenv("TWILIO_AUTH_TOKEN");
    if (token == null || token.isBlank()) token = "…";

and the preset that a set variable overrides::

    token := "…"
    if v, ok := os.LookupEnv("TWILIO_AUTH_TOKEN"); ok {
        token = v
    }

Without the guard the reassignment is what the client always gets, and
:func:`sherlock.collect.code.expressions.resolve` reads it as a literal, as before.
"""

from __future__ import annotations

import re

from sherlock.collect.code.origin import ENV, Origin, unquoted

_READ = re.compile(r'^(?:os\.(?:Getenv|LookupEnv)|System\.getenv)\(\s*"(?P<name>\w+)"\s*\)')
_OVERRIDE = (
    r'\bif\s+{v}\s*(?:,\s*\w+)?\s*:=\s*os\.(?:LookupEnv|Getenv)\(\s*"(?P<name>\w+)"\s*\)\s*;'
)


def _assignment(name: str, lines: list[str], before: int) -> tuple[int, str] | None:
    """(index, right-hand side) of the last line above ``before`` that assigns ``name``
    (``name = …``, ``name := …``, ``name, ok := …``, ``String name = …``)."""
    target = re.compile(
        rf"(?:^|[\s;{{(])(?P<n>{re.escape(name)})(?:\s*,\s*\w+)?\s*(?::=|=(?![=]))\s*"
        r"(?P<rhs>.+?)\s*;?\s*\}?\s*$"
    )
    for index in range(min(before, len(lines)) - 1, -1, -1):
        match = target.search(lines[index])
        if match is not None:
            return index, match["rhs"]
    return None


def _guard(lines: list[str], index: int) -> tuple[int, str] | None:
    """The ``if`` governing line ``index``: on that line before the assignment, or the
    block's opening line a few statements above (a log line may come first)."""
    if re.match(r"\s*(?:\}\s*)?if\b", lines[index]):
        return index, lines[index]
    for above in range(index - 1, max(index - 4, -1), -1):
        text = lines[above].strip()
        if re.match(r"if\b", text):
            return above, lines[above]
        if text.endswith("{") or "}" in text:  # another block: the assignment is not guarded
            return None
    return None


def _tests_unset(guard: str, name: str, read_line: str) -> bool:
    """Whether ``guard`` is true only when the read of ``name`` found nothing."""
    n = re.escape(name)
    empty = (
        rf"\bif\s*\(?\s*(?:{n}\s*==\s*(?:\"\"|null)|{n}\s*\.\s*is(?:NullOr)?(?:Empty|Blank)\(\)"
        rf"|[\w.]*is(?:NullOr)?(?:Empty|Blank)\(\s*{n}\s*\))"
    )
    if re.search(empty, guard):
        return True
    negated = re.search(r"\bif\s*\(?\s*!\s*(\w+)\s*[{)]", guard)
    return negated is not None and re.search(rf",\s*{negated[1]}\s*:?=", read_line) is not None


def guarded_default(name: str, lines: list[str], before: int) -> Origin | None:
    """The env read behind variable ``name`` at line ``before`` when its last assignment is
    a guarded default (module docstring), else None."""
    last = _assignment(name, lines, before)
    guard = _guard(lines, last[0]) if last is not None else None
    if last is None or guard is None:
        return None
    (index, rhs), (guard_index, guard_text) = last, guard
    earlier = _assignment(name, lines, guard_index)
    literal = unquoted(rhs)
    if literal is not None and earlier is not None:
        read = _READ.match(earlier[1])
        if read is not None and _tests_unset(guard_text, name, lines[earlier[0]]):
            return Origin(ENV, read["name"], earlier[0] + 1, True, literal, index + 1)
    override = re.search(_OVERRIDE.format(v=re.escape(rhs.strip())), guard_text)
    if override is None or not re.fullmatch(r"\w+", rhs.strip()):
        return None
    preset = unquoted(earlier[1]) if earlier is not None else None
    at = earlier[0] + 1 if earlier is not None and preset is not None else 0
    return Origin(ENV, override["name"], guard_index + 1, earlier is not None, preset, at)
