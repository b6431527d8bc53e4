"""What is wrong with a token, worked out from the token and the clock alone.

Each fact names the cause it supports (a KB cause id), one line of evidence and one fix.
The rules follow what twilio-python's ``AccessToken`` writes and Twilio's error pages say:
header ``typ: JWT``, ``alg: HS256``, ``cty: twilio-fpa;v=1``; ``iss`` the API Key SID that
signed it; ``sub`` the Account SID; ``exp`` (and usually ``nbf``) as epoch seconds, at most
24 hours apart; ``grants`` an object with one entry per product.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from sherlock.providers.twilio.tokens.decode import DecodedToken
from sherlock.providers.twilio.tokens.shown import shown_sid, shown_span, shown_time, shown_word

#: Twilio's documented maximum lifetime of an access token.
MAX_LIFETIME = 24 * 3600
#: Leeway for clocks that disagree a little. Twilio does not publish its own tolerance.
CLOCK_SKEW = 60

EXPECTED_HEADER = {"typ": "JWT", "alg": "HS256", "cty": "twilio-fpa;v=1"}
ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
KEY_SID = re.compile(r"SK[0-9a-fA-F]{32}")


@dataclass(frozen=True)
class Fact:
    """One thing the token shows, the cause it supports, and what to do about it."""

    cause: str
    evidence: str
    fix: str


def header_facts(token: DecodedToken) -> list[Fact]:
    """One fact per header field that differs from what Twilio expects."""
    facts = []
    for name, expected in EXPECTED_HEADER.items():
        found = token.header.get(name)
        if found != expected:
            facts.append(
                Fact(
                    "token-header-invalid",
                    f"the header's {name} is {shown_word(found)}; Twilio expects '{expected}'",
                    "Build the token with a Twilio helper library's AccessToken class, which "
                    "writes the header Twilio expects",
                )
            )
    return facts


def _is(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and bool(pattern.fullmatch(value))


def is_account_sid(value: Any) -> bool:
    return _is(ACCOUNT_SID, value)


def issuer_facts(token: DecodedToken) -> list[Fact]:
    """``iss`` must be an API Key SID and ``sub`` an Account SID; a swap is named as such."""
    iss, sub = token.claim("iss"), token.claim("sub")
    if _is(ACCOUNT_SID, iss) and _is(KEY_SID, sub):
        swapped = "iss and sub are swapped: iss holds an Account SID and sub an API Key SID"
        fix = "Pass the Account SID as the account and the API Key SID as the signing key"
        return [Fact("token-issuer-not-api-key", swapped, fix)]
    facts = []
    if not _is(KEY_SID, iss):
        what = "an Account SID" if _is(ACCOUNT_SID, iss) else shown_sid(iss)
        facts.append(
            Fact(
                "token-issuer-not-api-key",
                f"iss (the signing key) is {what}, not an API Key SID (SK…)",
                "Create an API key (Standard or Main) and sign with its SID and secret; "
                "Auth Tokens and Account SIDs cannot issue access tokens",
            )
        )
    if not _is(ACCOUNT_SID, sub):
        facts.append(
            Fact(
                "token-subject-not-account",
                f"sub (the account) is {shown_sid(sub)}, not an Account SID (AC…)",
                "Pass the Account SID the API key belongs to as the token's account",
            )
        )
    return facts


def _number(value: Any) -> float | None:
    """Epoch seconds as a float; None for anything else (text, booleans, infinities, and
    integers too large to be a time, which JSON allows)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) and abs(number) < 1e12 else None


def time_facts(token: DecodedToken, now: float, skew: float = CLOCK_SKEW) -> list[Fact]:
    """Expired, not yet valid, an unreadable expiry, or a lifetime over 24 hours."""
    exp, nbf = _number(token.claim("exp")), _number(token.claim("nbf"))
    facts = []
    if exp is None:
        shown = shown_word(token.claim("exp"))
        facts.append(Fact("token-expiry-invalid", f"exp is {shown}, not epoch seconds", _REISSUE))
    elif exp < now - skew:
        facts.append(_expired(exp, now, skew))
    if "nbf" in token.claims and nbf is None:
        shown = shown_word(token.claim("nbf"))
        facts.append(Fact("token-expiry-invalid", f"nbf is {shown}, not epoch seconds", _REISSUE))
    elif nbf is not None and nbf > now + skew:
        facts.append(_early(nbf, now, skew))
    if exp is not None:
        start = nbf if nbf is not None else now
        if exp - start > MAX_LIFETIME:
            facts.append(_too_long(exp - start, nbf is not None))
    return facts


_REISSUE = "Issue a new token with the helper library (ttl in seconds, at most 86400)"


def _expired(exp: float, now: float, skew: float) -> Fact:
    return Fact(
        "token-expired",
        f"the token expired {shown_span(now - exp)} ago (exp {shown_time(exp)}; "
        f"checked at {shown_time(now)} allowing {skew:.0f} s of clock skew)",
        "Fetch a new token before the old one expires (the SDKs' tokenAboutToExpire / "
        "tokenWillExpire events) instead of reusing a cached one",
    )


def _early(nbf: float, now: float, skew: float) -> Fact:
    return Fact(
        "token-not-yet-valid",
        f"the token only becomes valid in {shown_span(nbf - now)} (nbf {shown_time(nbf)}; "
        f"checked at {shown_time(now)} allowing {skew:.0f} s of clock skew)",
        "Sync the token server's clock (NTP) and do not set nbf in the future",
    )


def _too_long(lifetime: float, from_nbf: bool) -> Fact:
    since = "nbf" if from_nbf else "now"
    return Fact(
        "token-lifetime-too-long",
        f"exp is {shown_span(lifetime)} after {since}; Twilio accepts at most 24 h",
        "Set ttl to at most 86400 seconds (seconds, not milliseconds)",
    )
