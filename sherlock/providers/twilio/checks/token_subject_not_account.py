"""token-subject-not-account: sub is not an Account SID (20103).

Read from the token alone against the clock and Twilio's documented rules, so the finding
is proven offline; evidence quotes no claim that is not a SID (masked) or a plain word.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.evidence import fact_finding, read
from sherlock.providers.twilio.tokens.facts import issuer_facts

CAUSE = "token-subject-not-account"


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None:
        return []
    return fact_finding(ctx, issuer_facts(token), CAUSE)
