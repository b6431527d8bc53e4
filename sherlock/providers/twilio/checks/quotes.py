"""quoted-credential: quotes that the consumer kept as part of the value.

python-dotenv and Compose strip surrounding quotes, ``docker run --env-file`` and Kubernetes
do not, so the same ``.env`` line can work locally and fail with 20003 in a container.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import (
    credential_values,
    describe,
    has_quotes,
    locations,
    probe_for,
)
from sherlock.providers.twilio.checks.proof import prove_alternative
from sherlock.providers.twilio.credentials import strip_junk

CAUSE = "quoted-credential"


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.sets:
        quoted = [v for v in credential_values(cset) if has_quotes(v.value.reveal())]
        if not quoted:
            continue
        verdict = await prove_alternative(
            ctx, cset, probe_for(cset, transform=strip_junk), "the quotes removed"
        )
        if verdict is None:
            continue
        proof, live = verdict
        evidence = [
            f"{describe(v)} keeps its quotes: {v.consumer} reads them literally" for v in quoted
        ]
        fix = tuple(
            f"Write {v.name} at {v.location} without quotes ({v.consumer} keeps them)"
            for v in quoted
        )
        findings.append(
            Finding(CAUSE, proof, locations(quoted), tuple(evidence + live), fix, cset.environment)
        )
    return findings
