"""Where one argument's value comes from: the record the code readers share.

Kept apart from :mod:`.expressions` so the idiom readers it consults
(:mod:`.written_defaults`) can build origins without importing it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENV = "env"
CONFIG = "config"
LITERAL = "literal"
#: a Spring property (``@Value("${twilio.auth-token:…}")``): any property source sets it,
#: the OS environment through relaxed binding first
PROPERTY = "property"

_LITERAL = re.compile(r"""^(?:[rbuRBU]|@)?(['"`])(.*)\1$""", re.DOTALL)
_INTERPOLATED = re.compile(r"\$\{|#\{|\{\$|\$\w")


@dataclass(frozen=True)
class Origin:
    """Where one argument's value comes from; ``text`` is the name, key or literal value.

    ``line`` is the line the name or literal is written on (a literal assigned to a variable
    above the call is located at its assignment).
    """

    kind: str
    text: str
    line: int
    has_default: bool = False
    default: str | None = None  # a literal used only while the variable is unset
    default_line: int = 0


def unquoted(text: str) -> str | None:
    """The content of a plain string literal, or None (not a literal, or interpolated)."""
    match = _LITERAL.match(text.strip())
    if match is None or (match.group(1) != "'" and _INTERPOLATED.search(match.group(2))):
        return None
    return match.group(2)
