"""The only home of raw credential values.

Everything Sherlock shows (terminal, JSON, logs, exceptions) must be derivable from a
:class:`Secret` without the raw value: a fingerprint to compare values across files,
environments and store versions, and a masked form that keeps just enough for a human
to recognise a value, plus any invisible characters made visible, because those are
often the bug. ``reveal()`` exists for the two places that must send or inspect the
value: the Twilio client and the static checks.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NoReturn
from urllib.parse import quote, quote_plus

#: Edge locations Twilio documents (the CLI's defaults per region, plus ``roaming``).
EDGES = frozenset(
    {"sydney", "sao-paulo", "dublin", "frankfurt", "tokyo", "osaka", "singapore", "ashburn"}
    | {"umatilla", "roaming"}
)

#: What may be shown as an identifier: a Twilio SID (two capitals + 32 hex), a region code
#: (``us1``, ``ie1``: two letters and a digit) or a documented edge name. Anything else in an
#: identifier field (a token, or a 12-character piece of one, pasted into TWILIO_ACCOUNT_SID
#: or TWILIO_REGION) is masked as a secret: the field says nothing about what the value is.
_IDENTIFIER_SHAPE = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}|[a-z]{2}[0-9]")

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


def is_plain_identifier(core: str) -> bool:
    """Whether an identifier field's (trimmed) value has a documented shape and may be shown."""
    return bool(_IDENTIFIER_SHAPE.fullmatch(core)) or core in EDGES


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
    identifier = identifier and is_plain_identifier(core)
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


# --- Finding secrets again in free text -----------------------------------------------

#: What a masked stretch of free text becomes.
REDACTED = "[redacted]"
#: Pieces this long of a known secret are never shown (a mask keeps at most 4 characters).
GRAM = 8

#: Characters that can hide inside a credential without splitting it for a reader: zero-width
#: ones, the BOM, a soft hyphen, NBSP. Text is searched with them left out.
_IGNORABLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0")
#: Pieces matched in any case: letters and digits only (tokens, key secrets, base64), not a
#: placeholder such as ``your_auth_token`` whose pieces would hide ``TWILIO_AUTH_TOKEN``.
_FOLDABLE = re.compile(r"[0-9A-Za-z]+")
#: A word of text, and a short misshapen identifier that is masked as a whole word.
_WORD = re.compile(r"[0-9A-Za-z]+")
_SHORT_WORD = re.compile(rf"[0-9A-Za-z]{{4,{GRAM - 1}}}")


def visible_view(text: str) -> tuple[str, Sequence[int]]:
    """``text`` without ignorable characters, and each kept character's index in ``text``,
    so a match in the view maps back to the stretch of ``text`` to mask."""
    if not any(ch in text for ch in _IGNORABLE):
        return text, range(len(text))
    positions = [i for i, ch in enumerate(text) if ch not in _IGNORABLE]
    return "".join(text[i] for i in positions), positions


def replace_spans(text: str, spans: Iterable[tuple[int, int]], marker: str = REDACTED) -> str:
    """``text`` with every (start, end) stretch, overlapping ones merged, replaced by ``marker``."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return text
    parts, last = [], 0
    for start, end in merged:
        parts += [text[last:start], marker]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _cores(raw: str) -> set[str]:
    """The value as stored and as a consumer may clean it (trimmed, quotes and ``\\n`` off)."""
    return {c for c in (raw, raw.strip(), _edges(raw)[1]) if len(c) >= GRAM}


def _base64_cores(raw: bytes) -> Iterator[str]:
    """Base64 of ``raw`` at each of the three byte offsets it can start at inside longer data
    (``AC…:token``), std and URL-safe: only the characters that depend on ``raw`` alone."""
    for offset in range(3):
        start = (0, 2, 3)[offset]
        end = (offset + len(raw)) // 3 * 4
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            core = encode(b"\0" * offset + raw).decode("ascii")[start:end]
            if len(core) >= GRAM:
                yield core


def _forms(raw: str) -> set[str]:
    """Every form a secret can take in text: itself, URL-encoded, base64-encoded."""
    forms: set[str] = set()
    for core in _cores(raw):
        forms |= {core, quote(core, safe=""), quote_plus(core)}
        forms.update(_base64_cores(core.encode("utf-8", "surrogatepass")))
    return forms


class KnownSecrets:
    """The secret values collected in one run, found again in any text and masked there.

    Every ``GRAM``-character piece of each value (and of its URL and base64 forms) is looked
    for, so a secret inside a longer word, doubled, truncated or split by a zero-width
    character is caught too. Alphanumeric values match in any case. Identifiers with a documented
    shape (SIDs, regions, edges) are names, not secrets, and stay readable. A shorter
    misshapen identifier (``TWILIO_REGION=c0ffee``) is masked where it stands as a whole
    word, as in ``api.c0ffee.twilio.com``; a secret shorter than ``GRAM`` cannot be told
    apart from ordinary words and is left to its mask.
    """

    __slots__ = ("_exact", "_folded", "_words")

    def __init__(self, values: Iterable[Secret]) -> None:
        self._exact: set[str] = set()
        self._folded: set[str] = set()
        self._words: set[str] = set()
        for value in values:
            raw = value.reveal()
            core = _edges(raw)[1]
            if value.identifier and is_plain_identifier(core):
                continue
            if value.identifier and _SHORT_WORD.fullmatch(core):
                self._words.add(core.lower())
            for form in _forms(raw):
                self._add(form)

    def _add(self, form: str) -> None:
        folded = bool(_FOLDABLE.fullmatch(form))
        grams = self._folded if folded else self._exact
        text = form.lower() if folded else form
        grams.update(text[i : i + GRAM] for i in range(len(text) - GRAM + 1))

    def __bool__(self) -> bool:
        return bool(self._exact or self._folded or self._words)

    def __repr__(self) -> str:
        return f"KnownSecrets({len(self._exact) + len(self._folded)} pieces)"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("known secrets cannot be pickled")

    def mask(self, text: str, marker: str = REDACTED) -> str:
        """``text`` with every stretch made of known pieces replaced by ``marker``
        (``[redacted]``; ``*`` keeps a file pattern matching the file it came from)."""
        if self._words:
            text = _WORD.sub(lambda m: marker if m[0].lower() in self._words else m[0], text)
        if not (self._exact or self._folded) or len(text) < GRAM:
            return text
        view, positions = visible_view(text)
        spans: list[tuple[int, int]] = []
        covered = -1  # windows come in order: one that overlaps the last span extends it
        for i in range(len(view) - GRAM + 1):
            window = view[i : i + GRAM]
            if window in self._exact or window.lower() in self._folded:
                start, end = positions[i], positions[i + GRAM - 1] + 1
                if spans and start <= covered:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
                covered = end
        return replace_spans(text, spans, marker)


# --- Control characters -----------------------------------------------------------------


def _control_table() -> dict[int, str]:
    """C0 controls and DEL as their Unicode control pictures (ESC → ␛), C1 controls, bidi
    overrides and zero-width characters by code point: visible, and inert in a terminal."""
    table = {code: chr(0x2400 + code) for code in range(32)}
    table[0x7F] = "\u2421"
    named = [*range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F)]
    named += [*range(0x2066, 0x206A), 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2028, 0x2029]
    table.update({code: f"<U+{code:04X}>" for code in named})
    return table


_CONTROLS = _control_table()


def strip_controls(text: str) -> str:
    """Text that is safe to show on one line of a terminal or in Markdown: no escape sequence
    (ESC, OSC, CSI, C1), no bidi override, no zero-width character, no line break."""
    return text.translate(_CONTROLS)
