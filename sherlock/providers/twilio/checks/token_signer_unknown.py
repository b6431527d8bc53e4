"""token-signer-unknown: no secret the tree holds for the token's key produces its signature (20107).

When the tree holds the secret stored with the key ``iss`` names and that secret does not
reproduce the HMAC (nor does any other secret found), the token server signs with a
different secret for that key: an old copy, a secret from another environment, or extra
characters. That is likely, not proven: the server's own copy is not in the tree. Without
the key's secret in the tree, Sherlock can only say the signature could not be checked.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import describe
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.evidence import read, sets_with_key, signers, token_location
from sherlock.providers.twilio.tokens.shown import shown_sid

CAUSE = "token-signer-unknown"


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None or signers(ctx, token):
        return []
    iss = shown_sid(token.claim("iss"))
    stored = [s.api_key_secret for s in sets_with_key(ctx, token.claim("iss")) if s.api_key_secret]
    here = token_location(ctx.token)
    evidence: tuple[str, ...]
    if not stored:
        evidence = (
            f"no API key secret or Auth Token in the scanned tree produces the token's "
            f"signature, and the tree holds no secret for the key in iss ({iss})",
        )
        fix = (f"Scan the token server's configuration, where the secret for {iss} is read",)
        return [Finding(CAUSE, Proof.POSSIBLE, (here,), evidence, fix)]
    evidence = tuple(
        f"the secret stored with key {iss}, {describe(v)}, does not produce the token's "
        "signature, and no other secret in the tree does"
        for v in stored
    )
    fix = (
        f"Make the token server read the secret of {iss} from where it is kept "
        f"({stored[0].location}) and reissue the token; if nobody has that secret any more, "
        "create a new API key",
    )
    places = (here, *dict.fromkeys(v.location for v in stored))
    return [Finding(CAUSE, Proof.LIKELY, places, evidence, fix, stored[0].environment)]
