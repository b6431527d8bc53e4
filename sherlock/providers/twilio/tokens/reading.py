"""The offline reading of a pasted token, for ``sherlock explain`` and ``/v1/explain``.

Explain has no tree and no network: it can say what the token claims (masked) and what is
wrong with it on its face (header, issuer and subject shapes, clock, lifetime, grants).
Whether the right secret signed it needs the tree: ``sherlock diagnose --token-file``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sherlock.providers.twilio.tokens.decode import (
    DecodedToken,
    TokenFormatError,
    decode_token,
    find_token,
)
from sherlock.providers.twilio.tokens.facts import (
    Fact,
    header_facts,
    issuer_facts,
    time_facts,
)
from sherlock.providers.twilio.tokens.grants import KNOWN_GRANTS, grant_facts, product_in
from sherlock.providers.twilio.tokens.shown import shown_sid, shown_time

#: The error a problem with each cause is reported as, for a token read on its own.
CAUSE_CODES = {
    "token-malformed": 20101,
    "token-header-invalid": 20102,
    "token-issuer-not-api-key": 20103,
    "token-subject-not-account": 20103,
    "token-expired": 20104,
    "token-expiry-invalid": 20104,
    "token-lifetime-too-long": 20104,
    "token-not-yet-valid": 20105,
    "token-grant-missing": 20106,
}


@dataclass(frozen=True)
class TokenReading:
    """A token's fingerprint, what it claims (masked) and what is wrong with it."""

    fingerprint: str
    claims: tuple[str, ...]
    facts: tuple[Fact, ...]

    @property
    def codes(self) -> tuple[int, ...]:
        """The Twilio error codes the facts point at, most specific first, no repeats."""
        return tuple(dict.fromkeys(CAUSE_CODES[f.cause] for f in self.facts))

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "claims": list(self.claims),
            "problems": [
                {
                    "cause": f.cause,
                    "code": CAUSE_CODES[f.cause],
                    "evidence": f.evidence,
                    "fix": f.fix,
                }
                for f in self.facts
            ],
        }


def token_facts(token: DecodedToken, now: float, product: str | None = None) -> list[Fact]:
    """Every fact the token shows on its own, in the order Twilio would check them."""
    return [
        *header_facts(token),
        *issuer_facts(token),
        *time_facts(token, now),
        *grant_facts(token, product),
    ]


def describe_claims(token: DecodedToken) -> tuple[str, ...]:
    """What the token says, masked: signing key, account, grants, validity window."""
    lines = [f"signing key (iss): {shown_sid(token.claim('iss'))}"]
    lines.append(f"account (sub): {shown_sid(token.claim('sub'))}")
    grants = token.claim("grants")
    if isinstance(grants, dict):
        names = sorted(k for k in grants if k in KNOWN_GRANTS) or ["none"]
        identity = "with an identity" if grants.get("identity") else "without an identity"
        lines.append(f"grants: {', '.join(names)} ({identity})")
    for name in ("nbf", "exp"):
        value = token.claim(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 1e12:
            lines.append(f"{name}: {shown_time(value)}")
    return tuple(lines)


def read_token_in(text: str, now: float | None = None) -> TokenReading | None:
    """The reading of the first JWT in ``text``; None when the text holds none."""
    token = find_token(text)
    if token is None:
        return None
    clock = time.time() if now is None else now
    try:
        decoded = decode_token(token)
    except TokenFormatError as exc:
        fact = Fact("token-malformed", str(exc), "Copy the whole token, or issue a new one")
        return TokenReading(token.fingerprint, (), (fact,))
    facts = token_facts(decoded, clock, product_in(text))
    return TokenReading(token.fingerprint, describe_claims(decoded), tuple(facts))


def explain_token(text: str, now: float | None = None) -> dict[str, Any] | None:
    """The ``token`` section ``explain`` adds for raw pasted ``text`` (call it before the
    text is redacted, which would hide the token): what the token claims and what is wrong
    with it, masked, with the error code each problem gets; None without a token."""
    reading = read_token_in(text, now)
    return reading.to_dict() if reading is not None else None


def token_code(text: str, now: float | None = None) -> int | None:
    """The access-token error a token in ``text`` would get, for a text that names no code
    (just a token pasted): the first problem's code; None for no token or a sound one."""
    reading = read_token_in(text, now)
    return reading.codes[0] if reading is not None and reading.codes else None
