"""token-signed-with-other-key: signed with one API key's secret, naming another key (20107).

The token server pairs the SID of key A (``iss``) with the secret of key B, typically
after a key rotation that updated one variable and not the other. Proven offline when the
secret that produces the token's HMAC sits in the tree next to a key SID other than ``iss``.
"""

from __future__ import annotations

from sherlock.models import Finding, FoundValue, Proof
from sherlock.providers.twilio.checking.common import core_fingerprint, describe
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet
from sherlock.providers.twilio.tokens.evidence import read, sid_key, signers, token_location
from sherlock.providers.twilio.tokens.shown import shown_sid

CAUSE = "token-signed-with-other-key"


def _sets_holding(ctx: CheckContext, secret: FoundValue) -> list[CredentialSet]:
    return [
        s
        for s in ctx.sets
        if s.api_key_secret is not None
        and s.api_key_sid is not None
        and s.api_key_secret.location == secret.location
    ]


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None:
        return []
    iss = sid_key(token.claim("iss"))
    findings = []
    for signer in signers(ctx, token):
        for cset in _sets_holding(ctx, signer.value):
            assert cset.api_key_sid is not None
            if core_fingerprint(cset.api_key_sid) == iss:
                continue
            evidence = (
                f"the token's signature is an HMAC made with {describe(signer.value)}",
                f"that secret belongs to {describe(cset.api_key_sid)}, but the token's iss "
                f"names {shown_sid(token.claim('iss'))}",
            )
            fix = (
                f"Make the token server use one key's SID and secret together: the SID at "
                f"{cset.api_key_sid.location} with the secret at {signer.value.location}",
            )
            places = (token_location(ctx.token), signer.value.location, cset.api_key_sid.location)
            findings.append(Finding(CAUSE, Proof.PROVEN, places, evidence, fix, cset.environment))
    return findings
