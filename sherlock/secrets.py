"""The only home of raw credential values.

Everything Sherlock shows (terminal, JSON, logs, exceptions) must be derivable from a
:class:`Secret` without the raw value: a fingerprint to compare values across files,
environments and store versions, and a masked form that keeps just enough for a human
to recognise a value, plus any invisible characters made visible, because those are
often the bug. ``reveal()`` exists for the two places that must send or inspect the
value: the Twilio client and the static checks.
"""

from __future__ import annotations

import hashlib
import re
from typing import NoReturn

#: What may be shown as an identifier: a Twilio SID, or a short label such as a region or edge.
#: Anything else in an identifier field (a token pasted into TWILIO_ACCOUNT_SID) is masked as
#: a secret, because the field says nothing about what the value really is.
_IDENTIFIER_SHAPE = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}|[a-z0-9-]{1,20}")

#: Characters that are invisible or easy to miss and commonly break credentials.
INVISIBLE_NAMES: dict[str, str] = {
    " ": "␠",
    "\t": "\\t",
    "\r": "\\r",
    "\n": "\\n",
    "\u00a0": "<NBSP>",
    "\u200b": "<ZWSP>",
    "\u200c": "<ZWNJ>",
    "\u200d": "<ZWJ>",
    "\u2060": "<WJ>",
    "\ufeff": "<BOM>",
}

FINGERPRINT_LENGTH = 12


def fingerprint(value: str) -> str:
    """A short, stable hash prefix: equal values share it, and it cannot be reversed."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return "fp:" + digest[:FINGERPRINT_LENGTH]


def _visible(text: str) -> str:
    return "".join(INVISIBLE_NAMES.get(ch, ch) for ch in text)


def _edges(value: str) -> tuple[str, str, str]:
    """Split into leading junk, core, trailing junk (junk = invisible chars and quotes)."""
    junk = set(INVISIBLE_NAMES) | {"'", '"'}
    start, end = 0, len(value)
    while start < end and value[start] in junk:
        start += 1
    while end > start and value[end - 1] in junk:
        end -= 1
    # A literal backslash-n at the end (as `vercel env pull` has been seen to write) counts too.
    while value[start:end].endswith("\\n"):
        end -= 2
    return value[:start], value[start:end], value[end:]


def mask(value: str, *, identifier: bool = False) -> str:
    """A display form that never contains the secret.

    Identifiers (SIDs) keep their 2-letter prefix plus 4 leading and 4 trailing characters;
    secrets keep only their last 4 characters and their length. Anything invisible around
    the value is shown by name, so `"abc…\\n"` tells its own story.
    """
    lead, core, trail = _edges(value)
    identifier = identifier and bool(_IDENTIFIER_SHAPE.fullmatch(core))
    if not core:
        shown = "<empty>"
    elif identifier and len(core) > 12:
        shown = f"{core[:6]}…{core[-4:]}"
    elif identifier:
        shown = core
    elif len(core) <= 8:
        shown = "*" * len(core)
    else:
        shown = f"****{core[-4:]}"
    inner_junk = "".join(INVISIBLE_NAMES.get(c, "") for c in core if c in INVISIBLE_NAMES)
    suffix = f" [contains {inner_junk}]" if inner_junk and not identifier else ""
    if not identifier:
        suffix = f" ({len(value)} chars)" + suffix
    return f"{_visible(lead)}{shown}{_visible(trail)}{suffix}"


class Secret:
    """A credential value that refuses to be printed, logged, pickled or formatted.

    ``identifier=True`` marks values that are names rather than secrets (Account and API Key
    SIDs): they still never print raw, but their masked form shows more of them.
    """

    __slots__ = ("_fingerprint", "_identifier", "_value")

    def __init__(self, value: str, *, identifier: bool = False) -> None:
        self._value = value
        self._identifier = identifier
        self._fingerprint = fingerprint(value)

    def reveal(self) -> str:
        """The raw value. Call only to send it to Twilio or to inspect its shape."""
        return self._value

    @property
    def identifier(self) -> bool:
        return self._identifier

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def masked(self) -> str:
        return mask(self._value, identifier=self._identifier)

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"Secret({self.fingerprint}, {self.masked!r})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> NoReturn:
        raise TypeError("Secret values cannot be pickled")

    def derive(self, value: str) -> Secret:
        """A new Secret built from this one (e.g. trimmed), keeping its kind."""
        return Secret(value, identifier=self._identifier)
