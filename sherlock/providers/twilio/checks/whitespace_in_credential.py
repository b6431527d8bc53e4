"""whitespace-in-credential: invisible characters around or inside a value.

Twilio's libraries send values byte for byte, so a trailing newline from a secret file, a
CR from a Windows-edited .env, an NBSP or zero-width space pasted from a web page, a BOM,
or a literal ``\\n`` written by an env-pull tool is part of the credential Twilio sees.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checking.common import (
    has_invisible,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.proof import cleaning_findings
from sherlock.providers.twilio.credentials import WHITESPACE_CHARS

CAUSE = "whitespace-in-credential"


def _trim(raw: str) -> str:
    cleaned = raw.replace("\\n", "")
    return "".join(ch for ch in cleaned if ch not in WHITESPACE_CHARS)


async def check(ctx: CheckContext) -> list[Finding]:
    return await cleaning_findings(
        ctx,
        CAUSE,
        affected=has_invisible,
        transform=_trim,
        what="the invisible characters removed",
        says=lambda v: f"carries invisible characters (as read by {v.consumer})",
        fix=lambda v: f"Remove the invisible characters from {v.name} at {v.location}",
    )
