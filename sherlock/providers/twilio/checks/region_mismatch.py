"""region-mismatch: a credential sent to a region other than the one that issued it.

Auth tokens and API keys exist in one Twilio region only. When a failing set is accepted by
another region's host (the one sherlock.toml gives its environment, one named elsewhere in
the tree, or US1), the region setting is wrong. Values are sent cleaned of quotes and
whitespace, so a padded token in the wrong region is still placed.
"""

from __future__ import annotations

import asyncio

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import (
    accepted,
    credential_values,
    locations,
    probe_for,
    region_of,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.proof import still_rejected
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.hosts import DEFAULT_EDGE, api_host
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "region-mismatch"
Region = tuple[str | None, str | None]


def _candidates(ctx: CheckContext, cset: CredentialSet) -> list[Region]:
    mine = region_of(cset)
    seen: dict[Region, None] = {}
    expected = ctx.expectations.get(cset.environment)
    wanted = expected.region if expected is not None else None
    if expected is not None and wanted is not None and wanted in DEFAULT_EDGE:
        # sherlock.toml's region for this environment is the first one to try
        seen[(wanted, expected.edge or DEFAULT_EDGE[wanted])] = None
    if mine != (None, None):
        seen[(None, None)] = None
    for other in ctx.sets:
        region, edge = region_of(other)
        if region and region in DEFAULT_EDGE:
            seen.setdefault((region, edge or DEFAULT_EDGE[region]), None)
    seen.pop(mine, None)
    if mine[0] and not mine[1]:
        seen.pop((mine[0], DEFAULT_EDGE.get(mine[0])), None)  # that is the deprecated-host check
    return list(seen)


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    """The first candidate region that accepts the set, tried in order (most likely first)."""
    for region in _candidates(ctx, cset):
        counter = await ctx.probe(probe_for(cset, region=region, transform=strip_junk))
        if not accepted(counter):
            continue
        assert counter is not None
        here = api_host(*region_of(cset))
        there = api_host(*region)
        evidence = (
            f"{cset.label} against {here}: {wire(ctx.result(cset))}",
            f"the same credentials against {there}: {wire(counter)}",
        )
        where = [v for v in (cset.region, cset.edge) if v] or credential_values(cset)
        fix = (
            f"Set TWILIO_REGION/TWILIO_EDGE for {cset.label} to the region that issued the "
            f"credential ({region[0] or 'us1'}), or create credentials in the region you use",
        )
        return Finding(CAUSE, Proof.PROVEN, locations(where), evidence, fix, cset.environment)
    return None


async def check(ctx: CheckContext) -> list[Finding]:
    """Every still-rejected set at once: their region counter-tests overlap."""
    suspects = await still_rejected(ctx)
    judged = await asyncio.gather(*(_judge(ctx, cset) for cset in suspects))
    return [finding for finding in judged if finding is not None]
