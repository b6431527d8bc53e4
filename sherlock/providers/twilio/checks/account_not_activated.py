"""account-not-activated: Twilio knows the credentials but says the account is not active (20005).

20005 is Twilio's answer for an account that exists and matches its credentials but may not
be used yet or any more: a trial that was never activated, or an account that ran out of
funds. Twilio's own code on a read-only call settles that the account (not the credential)
is the problem; which of the two reasons applies lives only in the Console's billing pages,
so the cause is "likely", never "proven". An account a parent shows as closed is left to
account-inactive, since no payment reopens it.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    cleaned,
    credential_values,
    describe,
    locations,
    probe_for,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import other_accounts
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification

CAUSE = "account-not-activated"
NOT_ACTIVE_CODE = 20005


async def _seen_by_parent(ctx: CheckContext, cset: CredentialSet) -> TwilioVerification | None:
    """The account as another working account of the tree (its parent) reads it, if any can:
    the same read-only question account-inactive asks, answered from the shared cache."""
    assert cset.account_sid is not None
    working = [s for s in ctx.with_outcome(Outcome.VALID) if not s.uses_api_key]
    sid = cleaned(cset.account_sid)
    for parent in other_accounts(cset, working):
        seen = await ctx.probe(probe_for(parent, account_sid=sid))
        if seen is not None and seen.account_status:
            return seen
    return None


async def _finding(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    result = ctx.result(cset)
    if result.outcome is not Outcome.INACTIVE or result.code != NOT_ACTIVE_CODE:
        return None
    if cset.account_sid is None:
        return None
    seen = await _seen_by_parent(ctx, cset)
    if seen is not None and seen.account_status == "closed":
        return None
    evidence = [
        f"{cset.label} with {describe(cset.account_sid)}: {wire(result)}",
        "Twilio matched the credentials and answered 20005 (account not active): the account "
        "is out of funds or its trial was never activated; a read-only call cannot tell which",
    ]
    if seen is not None and seen.account_type:
        evidence.append(f"the account is a {seen.account_type} account ({wire(seen)})")
    fix = (
        "Open the account's Billing page in the Twilio Console: add funds or activate the "
        "trial, then re-run the diagnosis",
    )
    where = locations(credential_values(cset))
    return Finding(CAUSE, Proof.LIKELY, where, tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    return await ctx.judge_each(_finding)
