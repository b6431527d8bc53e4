"""token-issuer-key-revoked: the API key the token names no longer exists (20103).

Proven live: asked with working credentials of the token's own account (its Auth Token or a
Main key), Twilio answers 404 for ``Keys/{iss}``, no other account in the tree holds the key,
and Twilio accepts it nowhere the tree uses it. Without such credentials, a rejection of the key by Twilio where the tree uses
it makes deletion likely.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import describe, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import reader_name
from sherlock.providers.twilio.client_keys import key_not_found
from sherlock.providers.twilio.tokens.evidence import read, sets_with_key, token_location
from sherlock.providers.twilio.tokens.lookup import key_home, lookup_wire
from sherlock.providers.twilio.tokens.shown import shown_sid

CAUSE = "token-issuer-key-revoked"
FIX = (
    "Create a new API key on the token's account, give the token server its SID and secret, "
    "and issue new tokens",
)


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None:
        return []
    iss, sub = shown_sid(token.claim("iss")), shown_sid(token.claim("sub"))
    where = (token_location(ctx.token),)
    used = sets_with_key(ctx, token.claim("iss"))
    if any(ctx.outcome(s) is Outcome.VALID for s in used):
        return []  # Twilio accepts the key where the tree uses it: it exists
    home = await key_home(ctx, token)
    if home.reader is not None and key_not_found(home.answer) and home.other is None:
        assert home.answer is not None
        evidence = (
            f"asked with {reader_name(home.reader)}, Twilio says account {sub} holds no API "
            f"key {iss} ({lookup_wire(home.answer)})",
            "no other account in the scanned tree holds that key either",
        )
        return [Finding(CAUSE, Proof.PROVEN, where, evidence, FIX, home.reader.environment)]
    if home.reader is not None:
        return []  # the account was asked and did not say the key is gone
    rejected = [s for s in used if ctx.outcome(s) is Outcome.INVALID]
    if not rejected:
        return []
    seen = tuple(
        f"Twilio rejects the key the token names where the tree uses it: "
        f"{describe(s.api_key_sid)}: {wire(ctx.result(s))}"
        for s in rejected
        if s.api_key_sid is not None
    )
    places = (*where, *(s.api_key_sid.location for s in rejected if s.api_key_sid))
    return [Finding(CAUSE, Proof.LIKELY, places, seen, FIX, rejected[0].environment)]
