"""stale-credential-after-rotation: a token older than the account's current one.

Proven when the same account has another token in the tree that Twilio accepts; cases where
the accepted and rejected copies share one environment are left to rotation-not-propagated.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.rotation import by_account, envs_with_both

CAUSE = "stale-credential-after-rotation"


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for group in await by_account(ctx):
        mixed = envs_with_both(group)
        current = group.accepted[0]
        for cset in group.rejected:
            if cset.environment in mixed or cset.auth_token is None or current.auth_token is None:
                continue
            evidence = (
                f"{describe(cset.auth_token)} is rejected for this account: {wire(ctx.result(cset))}",
                f"{current.label} authenticates the same account with another token: "
                f"{describe(current.auth_token)} ({wire(ctx.result(current))})",
            )
            fix = (
                f"Replace {cset.auth_token.name} at {cset.auth_token.location} with the current token "
                f"({current.auth_token.fingerprint}) and restart {cset.service}",
            )
            findings.append(
                Finding(
                    CAUSE,
                    Proof.PROVEN,
                    locations([cset.auth_token]),
                    evidence,
                    fix,
                    cset.environment,
                )
            )
    return findings
