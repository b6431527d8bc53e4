"""token-expiry-invalid: exp or nbf is not a number of epoch seconds (20104).

Read from the token alone against the clock and Twilio's documented rules, so the finding
is proven offline; evidence quotes no claim that is not a SID (masked) or a plain word.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.evidence import fact_finding, now, read
from sherlock.providers.twilio.tokens.facts import time_facts

CAUSE = "token-expiry-invalid"


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None:
        return []
    return fact_finding(ctx, time_facts(token, now()), CAUSE)
