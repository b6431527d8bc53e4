"""api-key-revoked: an API key Twilio no longer knows, on an account that still works.

If the account answers to other credentials but this well-formed key gets 20003 and no
other account or region accepts it, the key was deleted (keys cannot be restored).
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import account_key, describe, is_clean, locations, wire

CAUSE = "api-key-revoked"


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.with_outcome(Outcome.INVALID):
        if not cset.uses_api_key or cset.api_key_sid is None or not is_clean(cset):
            continue
        working = [
            s
            for s in ctx.with_outcome(Outcome.VALID)
            if account_key(s) == account_key(cset) and s is not cset
        ]
        if not working:
            continue
        evidence = (
            f"{describe(cset.api_key_sid)} is rejected: {wire(ctx.result(cset))}",
            f"the same account works with {working[0].label} ({wire(ctx.result(working[0]))})",
        )
        fix = (
            f"Create a new API key, store its secret where {cset.api_key_sid.name} at "
            f"{cset.api_key_sid.location} is read, and redeploy {cset.service}",
        )
        findings.append(
            Finding(
                CAUSE, Proof.LIKELY, locations([cset.api_key_sid]), evidence, fix, cset.environment
            )
        )
    return findings
