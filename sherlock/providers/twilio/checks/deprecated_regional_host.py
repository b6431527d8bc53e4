"""deprecated-regional-host: TWILIO_REGION set without TWILIO_EDGE.

twilio-python 9.10.1 and later then call ``api.{region}.twilio.com``, a host that stopped
serving on 2026-04-28. Adding the region's default edge is the fix; a probe on that edge host
that succeeds proves it.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    accepted,
    describe,
    locations,
    probe_for,
    region_of,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.hosts import DEFAULT_EDGE, api_host
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "deprecated-regional-host"


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    region, edge = region_of(cset)
    if not region or edge or cset.region is None:
        return None
    default_edge = DEFAULT_EDGE.get(region)
    evidence = [
        f"{describe(cset.region)} with no TWILIO_EDGE: clients call {api_host(region, None)}"
    ]
    proof = Proof.LIKELY
    result = ctx.result(cset)
    if default_edge and result.outcome in (Outcome.UNVERIFIED, Outcome.INVALID):
        counter = await ctx.probe(probe_for(cset, region=(region, default_edge)))
        evidence.append(f"against {api_host(region, None)}: {wire(result)}")
        if accepted(counter):
            assert counter is not None
            evidence.append(f"against {api_host(region, default_edge)}: {wire(counter)}")
            proof = Proof.PROVEN
    elif result.outcome is Outcome.VALID:
        return None
    fix = (
        f"Set TWILIO_EDGE={default_edge or '<edge>'} next to {cset.region.name} at "
        f"{cset.region.location}",
    )
    return Finding(CAUSE, proof, locations([cset.region]), tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    """Every set at once (in set order): their edge-host counter-tests overlap."""
    return await ctx.judge_each(_judge)
