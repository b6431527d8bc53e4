"""malformed-credential: values that cannot be valid whatever Twilio says.

Wrong length (a truncated copy), characters outside the shape, or a placeholder such as
``your_auth_token`` left from a template. A value that is well formed for another slot (any
SID, a 32-character secret in an identifier's field, a key secret in the token's field) is
never called malformed: it is in the wrong field, which sid-key-confusion says and re-reads.
Empty values are left to missing-credential, so each problem is blamed once.
"""

from __future__ import annotations

from sherlock.models import Finding, FoundValue, Proof
from sherlock.providers.twilio.checking.common import credential_values, describe, locations
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks.sid_key_confusion import secret_shaped
from sherlock.providers.twilio.credentials import shape_problem, sid_prefix, strip_junk
from sherlock.providers.twilio.records import Field, field_of

CAUSE = "malformed-credential"


def _problem(value: FoundValue) -> str | None:
    raw = value.value.reveal()
    if not strip_junk(raw) or sid_prefix(raw):
        return None
    if value.field is not Field.API_KEY_SECRET and secret_shaped(raw):
        return None  # a well-formed secret in another field: sid-key-confusion says so
    problem = shape_problem(field_of(value), raw)
    return problem.reason if problem else None


async def check(ctx: CheckContext) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    findings: list[Finding] = []
    for cset in ctx.sets:
        for value in credential_values(cset):
            why = _problem(value)
            if why is None or (str(value.location), value.name) in seen:
                continue
            seen.add((str(value.location), value.name))
            evidence = [f"{describe(value)}: {why}"]
            result = ctx.result(cset)
            if not ctx.offline:
                evidence.append(f"live check of {cset.label}: {result.describe()}")
            fix = (
                f"Replace {value.name} at {value.location} with the full value from the Twilio Console",
            )
            findings.append(
                Finding(
                    CAUSE, Proof.LIKELY, locations([value]), tuple(evidence), fix, cset.environment
                )
            )
    return findings
