"""token-subject-other-account: the token's key belongs to another account than ``sub`` (20103).

A token is only valid for the account its signing key belongs to. Proven when Twilio
accepts the key in the tree with an Account SID other than ``sub``, or when an account's
working credentials find the key on that account (``Keys/{iss}``, read-only). The tree
merely pairing the key with another Account SID makes it likely.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import account_key, describe, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import reader_name
from sherlock.providers.twilio.records import CredentialSet
from sherlock.providers.twilio.tokens.decode import DecodedToken
from sherlock.providers.twilio.tokens.evidence import read, sets_with_key, sid_key, token_location
from sherlock.providers.twilio.tokens.facts import is_account_sid
from sherlock.providers.twilio.tokens.lookup import key_home, lookup_wire
from sherlock.providers.twilio.tokens.shown import shown_sid

CAUSE = "token-subject-other-account"


def _fix(sub: str) -> tuple[str, ...]:
    return (
        f"Issue the token with the Account SID the key belongs to, or sign it with a key of {sub}",
    )


def _paired(ctx: CheckContext, token: DecodedToken) -> list[CredentialSet]:
    sub = sid_key(token.claim("sub"))
    return [
        s
        for s in sets_with_key(ctx, token.claim("iss"))
        if s.account_sid is not None and account_key(s) != sub
    ]


def _from_tree(ctx: CheckContext, token: DecodedToken, cset: CredentialSet) -> Finding:
    assert cset.account_sid is not None and cset.api_key_sid is not None and ctx.token
    valid = ctx.outcome(cset) is Outcome.VALID
    sub = shown_sid(token.claim("sub"))
    evidence = (
        f"the tree pairs the token's key {describe(cset.api_key_sid)} with "
        f"{describe(cset.account_sid)}"
        + (f", and Twilio accepts that pair ({wire(ctx.result(cset))})" if valid else ""),
        f"the token's sub names another account, {sub}",
    )
    places = (token_location(ctx.token), cset.account_sid.location)
    proof = Proof.PROVEN if valid else Proof.LIKELY
    return Finding(CAUSE, proof, places, evidence, _fix(sub), cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None or not is_account_sid(token.claim("sub")):
        return []  # a sub that is no Account SID at all is token-subject-not-account
    paired = _paired(ctx, token)
    proven = [s for s in paired if ctx.outcome(s) is Outcome.VALID]
    if paired:
        return [_from_tree(ctx, token, (proven or paired)[0])]
    home = await key_home(ctx, token)
    if home.other is None or home.other_answer is None:
        return []
    sub, iss = shown_sid(token.claim("sub")), shown_sid(token.claim("iss"))
    evidence = (
        f"asked with {reader_name(home.other)}, Twilio says that account holds the token's "
        f"key {iss} ({lookup_wire(home.other_answer)})",
        f"the token's sub names another account, {sub}",
    )
    places = (token_location(ctx.token),)
    return [Finding(CAUSE, Proof.PROVEN, places, evidence, _fix(sub), home.other.environment)]
