"""missing-credential: a half of the pair that is absent or empty.

An empty ``TWILIO_AUTH_TOKEN=`` is sent as an empty password, and an absent one sends no
Authorization header at all; either way Twilio answers 20003.
"""

from __future__ import annotations

from sherlock.models import Finding, Proof
from sherlock.providers.twilio.checking.common import credential_values, describe, locations
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "missing-credential"


def _absent(cset: CredentialSet) -> list[str]:
    gaps = []
    if cset.uses_api_key:
        if cset.api_key_secret is None and cset.auth_token is None:
            gaps.append("the API key secret (TWILIO_API_SECRET)")
        if cset.account_sid is None:
            gaps.append("the Account SID (TWILIO_ACCOUNT_SID), needed in the URL with an API key")
    else:
        if cset.account_sid is None:
            gaps.append("the Account SID (TWILIO_ACCOUNT_SID)")
        if cset.auth_token is None:
            gaps.append("the auth token (TWILIO_AUTH_TOKEN)")
    return gaps


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.sets:
        empty = [v for v in credential_values(cset) if not strip_junk(v.value.reveal())]
        gaps = _absent(cset)
        if not empty and not gaps:
            continue
        evidence = [f"{describe(v)} is empty" for v in empty]
        evidence += [f"{cset.label} lacks {gap}" for gap in gaps]
        places = locations(empty or credential_values(cset) or list(cset.values()))
        fix = tuple(f"Set {gap} for {cset.label}" for gap in gaps) + tuple(
            f"Fill in {v.name} at {v.location}" for v in empty
        )
        findings.append(
            Finding(CAUSE, Proof.LIKELY, places, tuple(evidence), fix, cset.environment)
        )
    return findings
