"""source-precedence: two sources set one variable, the winner is rejected, the loser works.

The process reads one value per variable, picked by its consumer's precedence rule (compose's
``environment:`` over ``env_file:``, twilio-cli's environment variables over its profile; see
:mod:`sherlock.collect.precedence`). Collectors keep the losing values beside the winner as
``shadows``. When the set a process sends is rejected, each shadowed value is tried in the
winner's slot: if Twilio accepts it, the credential is fine and the stale copy in the
stronger source is what breaks the process. Proven by that counter-test, because nothing
else changed between the two requests.
"""

from __future__ import annotations

from sherlock.models import Finding, FoundValue, Proof, Shadowed
from sherlock.providers.twilio.checking.common import (
    accepted,
    credential_values,
    describe,
    failed,
    probe_for,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.client import ProbeRequest
from sherlock.providers.twilio.records import CredentialSet, Field, field_of

CAUSE = "source-precedence"


def _with_loser(cset: CredentialSet, winner: FoundValue, loser: FoundValue) -> ProbeRequest | None:
    """The set's request with the loser in the winner's slot (username, password, account)."""
    swapped = loser.value
    field = field_of(winner)
    if field in (Field.AUTH_TOKEN, Field.API_KEY_SECRET):
        return probe_for(cset, password=swapped)
    if field is Field.API_KEY_SID:
        return probe_for(cset, username=swapped)
    if field is Field.ACCOUNT_SID and cset.uses_api_key:
        return probe_for(cset, account_sid=swapped)
    if field is Field.ACCOUNT_SID:
        return probe_for(cset, username=swapped, account_sid=swapped)
    return None


def _finding(cset: CredentialSet, winner: FoundValue, lost: Shadowed, wires: str) -> Finding:
    loser = lost.value
    evidence = (
        f"{cset.label} uses {describe(winner)}, and Twilio rejects it ({wires})",
        f"hidden behind it: {describe(loser)}, which Twilio accepts in the same request",
        f"why the first one wins: {lost.rule}",
    )
    fix = (
        f"Remove {winner.name} at {winner.location} (or set it to the value at {loser.location}, "
        f"fingerprint {loser.fingerprint}) so {cset.service} reads the working credential",
    )
    return Finding(
        CAUSE,
        Proof.PROVEN,
        (winner.location, loser.location),
        evidence,
        fix,
        cset.environment,
    )


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    if not failed(ctx.result(cset)):
        return None
    for winner in credential_values(cset):
        for lost in winner.shadows:
            if lost.value.fingerprint == winner.fingerprint:
                continue
            result = await ctx.probe(_with_loser(cset, winner, lost.value))
            if accepted(result):
                return _finding(cset, winner, lost, wire(ctx.result(cset)))
    return None


async def check(ctx: CheckContext) -> list[Finding]:
    return await ctx.judge_each(_judge)
