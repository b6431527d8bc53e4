"""What a token error's diagnosis says when it was given no token to read.

Every access-token cause is about one token; without it the checks have nothing to look at
and the report would read as "no cause found". This says instead, as a possible cause,
that the token was not examined and how to pass it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sherlock.models import Finding, Location, Proof
from sherlock.providers.twilio.checking.context import CheckContext

CAUSE = "token-not-provided"
NOT_GIVEN = Location("access token (not given)")


def explain_missing_token(ctx: CheckContext, findings: Sequence[Finding]) -> list[Finding]:
    if ctx.token is not None or findings:
        return []
    evidence = (
        "no access token was given, so its header, claims, times, grants and signature "
        "were not checked",
    )
    fix = ("Pass the token the client used with --token-file FILE (- reads it from stdin)",)
    return [Finding(CAUSE, Proof.POSSIBLE, (NOT_GIVEN,), evidence, fix)]
