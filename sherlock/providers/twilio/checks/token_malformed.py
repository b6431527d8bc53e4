"""token-malformed: the value given as the token is not a readable JWT (20101).

The decoder's error says which part is wrong (the number of parts, base64url, JSON) without
quoting any of it, since a damaged token is still a credential.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.decode import TokenFormatError, decode_token
from sherlock.providers.twilio.tokens.evidence import token_location

CAUSE = "token-malformed"


async def check(ctx: CheckContext) -> list[Finding]:
    if ctx.token is None:
        return []
    try:
        decode_token(ctx.token)
    except TokenFormatError as exc:
        evidence = (f"{exc} ({len(ctx.token)} characters given)",)
        fix = (
            "Pass the whole token exactly as the client received it (three dot-separated "
            "parts), or issue a new one with a helper library's AccessToken class",
        )
        return [Finding(CAUSE, Proof.PROVEN, (token_location(ctx.token),), evidence, fix)]
    return []
