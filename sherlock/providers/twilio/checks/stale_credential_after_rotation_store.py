"""stale-credential-after-rotation, from a secret store's version history.

A service holding a value the store has since replaced is the textbook stale copy. The
finding names the store, the secret, the version and when it was replaced; it is proven
when Twilio rejects the copy and accepts the store's current version for the same client.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import describe, locations, probe_for, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.store_evidence import current_value, replaced_versions
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "stale-credential-after-rotation"

#: Outcomes where an old version explains the failure (or could, when nothing was sent).
_SUSPECT = (Outcome.INVALID, Outcome.SKIPPED, Outcome.UNVERIFIED)


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    password = cset.password
    matches = replaced_versions(ctx, password)
    if password is None or not matches or ctx.outcome(cset) not in _SUSPECT:
        return None
    old = matches[0]
    current = current_value(ctx, old)
    evidence = [f"{describe(password)} equals {old.describe()}"]
    result = ctx.result(cset)
    if result.outcome is Outcome.INVALID:
        evidence.append(f"Twilio rejects it: {wire(result)}")
    proof = Proof.LIKELY
    fix: tuple[str, ...] = ()
    if current is not None:
        retry = await ctx.probe(probe_for(cset, password=current.value.value))
        if (
            result.outcome is Outcome.INVALID
            and retry is not None
            and retry.outcome is Outcome.VALID
        ):
            proof = Proof.PROVEN
            evidence.append(
                f"the store's current version ({current.version.short}) is accepted for the "
                f"same client: {wire(retry)}"
            )
        elif retry is not None:
            evidence.append(f"the store's current version ({current.version.short}): {wire(retry)}")
        fix = (
            f"Update {password.name} at {password.location} to the current version of "
            f"{old.secret.ref.uri} ({current.value.fingerprint}) and restart {cset.service}",
        )
    return Finding(CAUSE, proof, locations([password]), tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    if not ctx.history:
        return []
    return await ctx.judge_each(_judge)
