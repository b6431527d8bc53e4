"""rotation-not-propagated: in one environment, some services hold the new token, some the old.

This is the classic half-finished rotation: the secret was updated where someone remembered
to update it. The evidence names every service still holding the old token.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.rotation import by_account, envs_with_both

CAUSE = "rotation-not-propagated"


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for group in await by_account(ctx):
        for env in sorted(envs_with_both(group)):
            old = [s for s in group.rejected if s.environment == env]
            new = [s for s in group.accepted if s.environment == env]
            stale_tokens = [s.auth_token for s in old if s.auth_token]
            evidence = [
                f"{s.label} holds the current token: {describe(s.auth_token)} ({wire(ctx.result(s))})"
                for s in new
                if s.auth_token
            ]
            evidence += [
                f"{s.label} still holds an old token: {describe(s.auth_token)} ({wire(ctx.result(s))})"
                for s in old
                if s.auth_token
            ]
            services = ", ".join(sorted({s.service for s in old}))
            evidence.insert(
                0,
                f"in {env}, {len(new)} place(s) got the rotated token and {len(old)} did not: {services}",
            )
            fix = tuple(
                f"Update {t.name} at {t.location} to the current token (fingerprint "
                f"{new[0].auth_token.fingerprint if new[0].auth_token else '?'}) and redeploy {t.service}"
                for t in stale_tokens
            )
            findings.append(
                Finding(CAUSE, Proof.PROVEN, locations(stale_tokens), tuple(evidence), fix, env)
            )
    return findings
