"""Failures no check explained: a rotated token or a deleted key, with nothing to prove it.

Runs after every other check. A well-formed pair that Twilio rejects, with no other cause
found for it, has most often been rotated (a token) or revoked (a key) in the Console.
"""

from __future__ import annotations

from collections.abc import Sequence

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext


def explain_leftovers(ctx: CheckContext, findings: Sequence[Finding]) -> list[Finding]:
    explained = {loc for f in findings for loc in f.locations}
    leftovers: list[Finding] = []
    for cset in ctx.with_outcome(Outcome.INVALID):
        # Any of the set's places counts, region and edge included: a finding that blames
        # the region setting has explained the rejection of this set's token.
        if any(v.location in explained for v in cset.values()) or cset.password is None:
            continue
        cause = "api-key-revoked" if cset.uses_api_key else "stale-credential-after-rotation"
        evidence = (
            f"{describe(cset.password)} is well formed but rejected: {wire(ctx.result(cset))}",
            "no other credential in the scanned tree authenticates this account, so Sherlock "
            "cannot say which value is current",
        )
        fix = (
            "Compare the value with the Twilio Console (Account Info, or API keys) and "
            "replace it with the current one",
        )
        leftovers.append(
            Finding(
                cause, Proof.POSSIBLE, locations([cset.password]), evidence, fix, cset.environment
            )
        )
    return leftovers
