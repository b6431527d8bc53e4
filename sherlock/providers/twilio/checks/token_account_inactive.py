"""token-account-inactive: the account the token is for is suspended or closed (20103).

Twilio's page for 20103 lists an inactive account first. Proven when Twilio reports the
status of the account ``sub`` names through credentials the tree holds for it.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.evidence import read, sets_of_account, token_location
from sherlock.providers.twilio.tokens.shown import shown_sid

CAUSE = "token-account-inactive"


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None or ctx.token is None:
        return []
    inactive = [
        s for s in sets_of_account(ctx, token.claim("sub")) if ctx.outcome(s) is Outcome.INACTIVE
    ]
    if not inactive:
        return []
    cset = inactive[0]
    status = ctx.result(cset).account_status or "not active"
    evidence = (
        f"the token's account {shown_sid(token.claim('sub'))} is {status}: "
        f"{cset.label} got {wire(ctx.result(cset))}",
    )
    fix = ("Reactivate the account in the Console (or move the app to an active account)",)
    places = (token_location(ctx.token), *(v.location for v in cset.values()[:1]))
    return [Finding(CAUSE, Proof.PROVEN, places, evidence, fix, cset.environment)]
