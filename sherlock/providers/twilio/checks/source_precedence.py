"""source-precedence: two sources set one variable, the winner is rejected, the loser works.

The process reads one value per variable, picked by its consumer's precedence rule (compose's
``environment:`` over ``env_file:``, twilio-cli's environment variables over its profile; see
:mod:`sherlock.collect.precedence`). Collectors keep the losing values beside the winner as
``shadows``. When the set a process sends is rejected, the hidden values are put in their
winners' slots (all at once, so a hidden key SID travels with its hidden secret): if Twilio
accepts that, the credential is fine and the stale copy in the stronger source is what
breaks the process. Proven by that counter-test, because nothing
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
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.records import CredentialSet, Field, field_of
from sherlock.secrets import Secret

CAUSE = "source-precedence"


def _hidden(cset: CredentialSet) -> dict[Field, tuple[FoundValue, Shadowed]]:
    """Per slot of the set, the winner and the nearest value it hides (if it hides one that
    differs): swapped together, so a key SID and its secret hidden by a stale pair travel as
    a pair."""
    hidden: dict[Field, tuple[FoundValue, Shadowed]] = {}
    for winner in credential_values(cset):
        lost = [s for s in winner.shadows if s.value.fingerprint != winner.fingerprint]
        if lost:
            hidden[field_of(winner)] = (winner, lost[-1])
    return hidden


def _with_losers(
    cset: CredentialSet, hidden: dict[Field, tuple[FoundValue, Shadowed]]
) -> ProbeRequest | None:
    """The set's request with every hidden value in its winner's slot."""

    def pick(field: Field) -> Secret | None:
        if field in hidden:
            return hidden[field][1].value.value
        value = getattr(cset, field.value)
        return value.value if isinstance(value, FoundValue) else None

    if cset.uses_api_key:
        return probe_for(
            cset,
            username=pick(Field.API_KEY_SID),
            password=pick(Field.API_KEY_SECRET),
            account_sid=pick(Field.ACCOUNT_SID),
        )
    sid = pick(Field.ACCOUNT_SID)
    return probe_for(cset, username=sid, password=pick(Field.AUTH_TOKEN), account_sid=sid)


def _finding(
    cset: CredentialSet, hidden: dict[Field, tuple[FoundValue, Shadowed]], wires: str
) -> Finding:
    pairs = list(hidden.values())
    evidence = [f"{cset.label} sends what wins, and Twilio rejects it ({wires})"]
    for winner, lost in pairs:
        evidence += [
            f"used: {describe(winner)}",
            f"hidden behind it: {describe(lost.value)}",
            f"why the first one wins: {lost.rule}",
        ]
    evidence.append("Twilio accepts the hidden value(s) in the same request")
    fix = tuple(
        f"Remove {winner.name} at {winner.location} (or set it to the value at "
        f"{lost.value.location}, fingerprint {lost.value.fingerprint}) so {cset.service} "
        "reads the working credential"
        for winner, lost in pairs
    )
    where = [w.location for w, _ in pairs] + [lost.value.location for _, lost in pairs]
    return Finding(
        CAUSE, Proof.PROVEN, tuple(dict.fromkeys(where)), tuple(evidence), fix, cset.environment
    )


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    if not failed(ctx.result(cset)):
        return None
    hidden = _hidden(cset)
    if not hidden:
        return None
    result = await ctx.probe(_with_losers(cset, hidden))
    if not accepted(result):
        return None
    return _finding(cset, hidden, wire(ctx.result(cset)))


async def check(ctx: CheckContext) -> list[Finding]:
    return await ctx.judge_each(_judge)
