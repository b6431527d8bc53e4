"""token-grant-missing: the token grants no product, or lacks an identity its SDK needs (20106).

Read from the token alone. Which product the token was used for is not known to a
diagnosis of a tree, so a token with at least one product grant (and an identity where the
grant needs one) passes; ``explain`` also checks the product a pasted text names.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.tokens.evidence import fact_finding, read
from sherlock.providers.twilio.tokens.grants import grant_facts

CAUSE = "token-grant-missing"


async def check(ctx: CheckContext) -> list[Finding]:
    token = read(ctx)
    if token is None:
        return []
    return fact_finding(ctx, grant_facts(token), CAUSE)
