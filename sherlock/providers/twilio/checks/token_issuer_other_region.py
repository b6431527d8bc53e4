"""token-issuer-other-region: the token's key lives in another Twilio region (20103).

API keys are regional, and a token says which region's key verifies it through the ``twr``
header (twilio-python writes it from ``AccessToken(region=...)``; without it, US1). When the
tree uses the key in ``iss`` with another region's settings, the token asks the wrong
region. Proven when Twilio accepts the key there, likely when the tree only says so.
"""

from __future__ import annotations

import re

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import describe, region_of, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet
from sherlock.providers.twilio.tokens.decode import DecodedToken
from sherlock.providers.twilio.tokens.evidence import read, sets_with_key, token_location
from sherlock.providers.twilio.tokens.shown import shown_word

CAUSE = "token-issuer-other-region"
DEFAULT_REGION = "us1"
_REGION = re.compile(r"[a-z]{2}[0-9]")


def token_region(token: DecodedToken) -> tuple[str, str]:
    """The region the token asks for, and how the report says where that came from."""
    twr = token.header.get("twr")
    if twr is None:
        return DEFAULT_REGION, "the token has no twr header, so it names US1"
    if isinstance(twr, str) and _REGION.fullmatch(twr.lower()):
        return twr.lower(), f"the token's twr header names {twr.lower()}"
    return str(twr), f"the token's twr header is {shown_word(twr)}"


def _finding(
    ctx: CheckContext, token: DecodedToken, cset: CredentialSet, key_region: str
) -> Finding:
    assert cset.api_key_sid is not None and ctx.token is not None
    accepted = ctx.outcome(cset) is Outcome.VALID
    wanted, said = token_region(token)
    evidence = (
        f"the tree uses the token's key {describe(cset.api_key_sid)} in region {key_region}"
        + (f", and Twilio accepts it there ({wire(ctx.result(cset))})" if accepted else ""),
        said,
    )
    fix = (
        f"Issue the token for {key_region} (twilio-python: AccessToken(..., region='{key_region}'), "
        f"which writes the twr header) and connect the SDK to that region's edge, or sign with "
        f"a key created in {wanted}",
    )
    where = (token_location(ctx.token), cset.api_key_sid.location)
    proof = Proof.PROVEN if accepted else Proof.LIKELY
    return Finding(CAUSE, proof, where, evidence, fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None:
        return []
    wanted, _ = token_region(token)
    placed = [
        (s, region_of(s)[0] or DEFAULT_REGION) for s in sets_with_key(ctx, token.claim("iss"))
    ]
    elsewhere = [(s, r) for s, r in placed if r != wanted]
    if not elsewhere or any(r == wanted for _, r in placed):
        return []
    chosen = next(((s, r) for s, r in elsewhere if ctx.outcome(s) is Outcome.VALID), elsewhere[0])
    return [_finding(ctx, token, *chosen)]
