"""whitespace-in-credential: invisible characters around or inside a value.

Twilio's libraries send values byte for byte, so a trailing newline from a secret file, a
CR from a Windows-edited .env, an NBSP or zero-width space pasted from a web page, a BOM,
or a literal ``\\n`` written by an env-pull tool is part of the credential Twilio sees.
"""

from __future__ import annotations

from sherlock.models import Finding
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import (
    credential_values,
    describe,
    has_invisible,
    locations,
    probe_for,
)
from sherlock.providers.twilio.checks.proof import prove_alternative
from sherlock.providers.twilio.credentials import WHITESPACE_CHARS

CAUSE = "whitespace-in-credential"


def _trim(raw: str) -> str:
    cleaned = raw.replace("\\n", "")
    return "".join(ch for ch in cleaned if ch not in WHITESPACE_CHARS)


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.sets:
        dirty = [v for v in credential_values(cset) if has_invisible(v.value.reveal())]
        if not dirty:
            continue
        verdict = await prove_alternative(
            ctx, cset, probe_for(cset, transform=_trim), "the invisible characters removed"
        )
        if verdict is None:
            continue
        proof, live = verdict
        evidence = [
            f"{describe(v)} carries invisible characters (as read by {v.consumer})" for v in dirty
        ]
        fix = tuple(f"Remove the invisible characters from {v.name} at {v.location}" for v in dirty)
        findings.append(
            Finding(CAUSE, proof, locations(dirty), tuple(evidence + live), fix, cset.environment)
        )
    return findings
