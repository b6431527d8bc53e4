"""account-scope-mismatch: a credential used on an account it does not belong to.

Subaccount credentials cannot reach the parent or a sibling, and a key works only on its own
account. When a failing secret is accepted on another account of the same environment, the
credential is fine and the Account SID it is paired with is the wrong one. A quoted or
padded value is judged by its cleaned form, so the junk does not hide the wrong pairing.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import (
    account_key,
    credential_values,
    describe,
    locations,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import rehome, test_sids
from sherlock.providers.twilio.checking.proof import still_rejected
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "account-scope-mismatch"


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    if cset.account_sid is None:
        return None
    peers = [s for s in ctx.sets if s.environment == cset.environment and s is not cset]
    moved = await rehome(ctx, cset, peers)
    if moved is None or moved.other.account_sid is None:
        return None
    secret = cset.password
    assert secret is not None
    evidence = (
        f"{cset.label} uses {describe(cset.account_sid)}: {wire(ctx.result(cset))}",
        f"{describe(secret)} belongs to another account: it is accepted with "
        f"{describe(moved.other.account_sid)} ({wire(moved.result)})",
    )
    fix = (
        f"Pair {secret.name} at {secret.location} with the Account SID it belongs to, "
        "or use credentials of the account whose resources the service touches",
    )
    places = locations(credential_values(cset))
    return Finding(CAUSE, Proof.PROVEN, places, evidence, fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    rejected = set(await still_rejected(ctx))
    tests = test_sids(ctx)  # a test SID with a live secret: environment-mismatch explains it

    async def judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
        if cset not in rejected or account_key(cset) in tests:
            return None
        return await _judge(ctx, cset)

    return await ctx.judge_each(judge)
