"""api-key-type: a Standard or Restricted key where a Main key or the auth token is needed.

Standard keys get 20003 on /Accounts and /Keys; Restricted keys get 70051 outside their
policy. The key itself is valid, so this is only the cause when the failing calls are those.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext

CAUSE = "api-key-type"


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.sets:
        result = ctx.result(cset)
        if not cset.uses_api_key or cset.api_key_sid is None:
            continue
        restricted = result.outcome is Outcome.FORBIDDEN
        standard = result.outcome is Outcome.VALID and result.key_type == "standard"
        if not (restricted or standard):
            continue
        kind = "Restricted" if restricted else "Standard"
        evidence = (
            f"{describe(cset.api_key_sid)} is a {kind} key: {wire(result)}",
            "Standard keys get 20003 on /Accounts and /Keys; Restricted keys get 70051 outside "
            "their policy",
        )
        fix = (
            f"If {cset.service} manages accounts, subaccounts or keys, give it a Main key or the "
            "auth token; otherwise grant the Restricted key the permission it lacks",
        )
        proof = Proof.LIKELY if restricted else Proof.POSSIBLE
        findings.append(
            Finding(CAUSE, proof, locations([cset.api_key_sid]), evidence, fix, cset.environment)
        )
    return findings
