"""account-inactive: the account behind the credentials is suspended or closed.

Twilio may answer an inactive account's own credentials with 20003 or with 403/20403, so the
first answer alone is ambiguous. A parent account's credentials can still read the
subaccount and see its status: that counter-test turns "likely" into "proven".
"""

from __future__ import annotations

import asyncio

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    account_key,
    credential_values,
    describe,
    locations,
    probe_for,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import other_accounts
from sherlock.providers.twilio.checking.proof import rejected_when_clean
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification

CAUSE = "account-inactive"
INACTIVE = {"suspended", "closed"}


async def _status_from_parent(
    ctx: CheckContext, cset: CredentialSet, working: list[CredentialSet]
) -> tuple[CredentialSet, TwilioVerification] | None:
    """Ask every other working account (``working``: the tree's accepted token sets)
    whether it can see this one, and in what state."""
    assert cset.account_sid is not None
    if any(account_key(s) == account_key(cset) for s in working):
        return None  # other credentials of this very account work: it is active
    sid = cset.account_sid.value.derive(strip_junk(cset.account_sid.value.reveal()))
    for parent in other_accounts(cset, working):
        seen = await ctx.probe(probe_for(parent, account_sid=sid))
        if seen is not None and seen.account_status in INACTIVE:
            return parent, seen
    return None


async def _judge(
    ctx: CheckContext, cset: CredentialSet, working: list[CredentialSet]
) -> Finding | None:
    result = ctx.result(cset)
    if cset.account_sid is None:
        return None
    if result.outcome is Outcome.INVALID and not await rejected_when_clean(ctx, cset):
        return None
    evidence = [f"{cset.label} with {describe(cset.account_sid)}: {wire(result)}"]
    parent = await _status_from_parent(ctx, cset, working)
    if parent is not None:
        owner, seen = parent
        evidence.append(
            f"the account is {seen.account_status}, as seen by {owner.label}: {wire(seen)}"
        )
        proof = Proof.PROVEN
    elif result.outcome is Outcome.INACTIVE:
        proof = Proof.LIKELY
    else:
        return None
    fix = (
        "Reactivate the account in the Twilio Console (Billing, or the parent's Subaccounts page),"
        " or move the service to an active account",
    )
    return Finding(
        CAUSE, proof, locations(credential_values(cset)), tuple(evidence), fix, cset.environment
    )


async def check(ctx: CheckContext) -> list[Finding]:
    """Every inactive or rejected set at once: their parents' counter-tests overlap."""
    suspects = ctx.with_outcome(Outcome.INACTIVE, Outcome.INVALID)
    working = [s for s in ctx.with_outcome(Outcome.VALID) if not s.uses_api_key]
    judged = await asyncio.gather(*(_judge(ctx, cset, working) for cset in suspects))
    return [finding for finding in judged if finding is not None]
