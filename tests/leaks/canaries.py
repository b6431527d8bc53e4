"""Canary credentials and the detector that finds any piece of one in an output.

A canary is a fake credential made from a fixed seed, so every run plants the same values and
a failure can be replayed. The detector looks for every 8-character piece of each canary as
it could leak: raw, percent-encoded (``quote`` and every byte as ``%XX``), and inside the
base64 (standard and URL-safe) of the canary alone and of ``SID:canary``, which is how a
Basic ``Authorization`` header carries it. Eight characters is short enough to catch a
partial echo and long enough that a fingerprint or a four-character mask never matches.
"""

from __future__ import annotations

import base64
import random
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

PIECE = 8


@dataclass(frozen=True)
class Canary:
    """One fake credential: ``secret`` must never be shown; ``user`` (a SID) may be, masked."""

    label: str
    user: str
    secret: str


@dataclass(frozen=True)
class Leak:
    """Where a piece of a canary was found; names the piece's encoding, never the value."""

    output: str
    canary: str
    encoding: str
    offset: int

    def __str__(self) -> str:
        return f"{self.output}: a {self.encoding} piece of canary {self.canary!r} at {self.offset}"


def make_canary(label: str, *, kind: str = "token") -> Canary:
    """A canary that looks real: an Auth Token (32 hex) with its AC SID, or an API Key
    Secret (32 mixed-case alphanumerics) with its SK SID. Seeded by ``label``."""
    rng = random.Random(f"sherlock-leak-canary|{kind}|{label}")
    hexdigits = "0123456789abcdef"
    sid_hex = "".join(rng.choice(hexdigits) for _ in range(32))
    if kind == "token":
        return Canary(label, "AC" + sid_hex, "".join(rng.choice(hexdigits) for _ in range(32)))
    alphabet = string.ascii_letters + string.digits
    secret = "".join(rng.choice(alphabet) for _ in range(32))
    return Canary(label, "SK" + sid_hex, secret)


def percent_all(text: str) -> str:
    """Every byte as ``%XX``: how some tools write a password into a URL."""
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8"))


def _windows(text: str, size: int = PIECE) -> Iterator[str]:
    for start in range(len(text) - size + 1):
        yield text[start : start + size]


def _b64_tail(prefix: str, secret: str, urlsafe: bool) -> str:
    """The base64 of ``prefix + secret`` from the first character that depends on the secret."""
    raw = (prefix + secret).encode("utf-8")
    encoded = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return encoded[(len(prefix.encode("utf-8")) // 3) * 4 :]


def pieces(canary: Canary) -> dict[str, str]:
    """Every detectable piece of a canary, mapped to the name of its encoding."""
    found: dict[str, str] = {}
    for window in _windows(canary.secret):
        found.setdefault(window, "raw")
        found.setdefault(quote(window, safe=""), "url-encoded")
        found.setdefault(percent_all(window), "percent-encoded")
        found.setdefault(percent_all(window).lower(), "percent-encoded")
    for prefix, what in (("", "base64"), (canary.user + ":", "base64 of SID:secret")):
        for urlsafe in (False, True):
            for window in _windows(_b64_tail(prefix, canary.secret, urlsafe)):
                found.setdefault(window, what + (" (url-safe)" if urlsafe else ""))
    return found


def find_leaks(canaries: Iterable[Canary], outputs: dict[str, str]) -> list[Leak]:
    """Every output that holds a piece of any canary (the first piece found per pair).

    Letters are compared without case: a secret lowercased on its way out (an id folded
    for lookup) still gives away all but its case."""
    leaks: list[Leak] = []
    for canary in canaries:
        table = {piece.lower(): encoding for piece, encoding in pieces(canary).items()}
        for name, text in outputs.items():
            folded = text.lower()
            for piece, encoding in table.items():
                at = folded.find(piece)
                if at >= 0:
                    leaks.append(Leak(name, canary.label, encoding, at))
                    break
    return leaks
