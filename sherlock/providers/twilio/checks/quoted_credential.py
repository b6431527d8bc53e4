"""quoted-credential: quotes that the consumer kept as part of the value.

python-dotenv and Compose strip surrounding quotes, ``docker run --env-file`` and Kubernetes
do not, so the same ``.env`` line can work locally and fail with 20003 in a container.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checking.common import (
    has_quotes,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.proof import cleaning_findings
from sherlock.providers.twilio.credentials import strip_junk

CAUSE = "quoted-credential"


async def check(ctx: CheckContext) -> list[Finding]:
    return await cleaning_findings(
        ctx,
        CAUSE,
        affected=has_quotes,
        transform=strip_junk,
        what="the quotes removed",
        says=lambda v: f"keeps its quotes: {v.consumer} reads them literally",
        fix=lambda v: f"Write {v.name} at {v.location} without quotes ({v.consumer} keeps them)",
    )
