"""token-signed-with-auth-token: the token's HMAC was made with an Auth Token (20107).

A common mistake: the token server passes the account's Auth Token as the "secret" of
``AccessToken``. Twilio checks the signature with the secret of the API key in ``iss``, so
such a token can never verify. Recomputing the HMAC with each Auth Token found in the tree
proves it offline; only the token's location and the Auth Token's place and fingerprint
are shown.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import describe
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.evidence import read, signers, token_location
from sherlock.providers.twilio.tokens.shown import shown_sid

CAUSE = "token-signed-with-auth-token"


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None:
        return []
    found = [s for s in signers(ctx, token) if s.is_auth_token]
    if not found:
        return []
    evidence = [
        f"the token's signature is an HMAC-SHA256 made with the Auth Token {describe(s.value)}"
        + (" (read without its quotes or whitespace)" if s.cleaned else "")
        for s in found
    ]
    evidence.append(
        f"Twilio verifies it with the secret of the API key in iss ({shown_sid(token.claim('iss'))}), "
        "so it can never match"
    )
    fix = (
        "Sign access tokens with an API key's secret (create a Standard API key), not the "
        "Auth Token; pass that key's SID as the signing key",
    )
    places = (token_location(ctx.token), *dict.fromkeys(s.value.location for s in found))
    env = found[0].value.environment
    return [Finding(CAUSE, Proof.PROVEN, places, tuple(evidence), fix, env)]
