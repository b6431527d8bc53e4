"""Turning a live verdict plus one counter-test into a proof level.

The rule the whole product leans on: "proven" only when Twilio itself settled it (the value
as written was rejected with a 401 and the corrected one was accepted); "likely" when the
evidence is static or the live call could not be made; "possible" when the corrected value
fails too, so something else is also wrong.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sherlock.models import Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    accepted,
    cleanable,
    credential_values,
    describe,
    failed,
    is_clean,
    locations,
    probe_for,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.records import CredentialSet


async def rejected_when_clean(ctx: CheckContext, cset: CredentialSet) -> bool:
    """Whether Twilio rejects the set even with its quotes and whitespace removed.

    A quote or a newline must not hide another cause: when the cleaned set fails too, the
    stale, environment, scope and region checks still have to look at it. A clean set is
    judged as written; a set that stays malformed once cleaned is left to the shape checks.
    """
    if ctx.outcome(cset) is not Outcome.INVALID:
        return False
    if is_clean(cset):
        return True
    if not cleanable(cset):
        return False
    return failed(await ctx.probe(probe_for(cset, transform=strip_junk)))


async def still_rejected(ctx: CheckContext) -> tuple[CredentialSet, ...]:
    """The sets :func:`rejected_when_clean` holds, in set order (the probes run together);
    worked out once per context, however many checks ask."""

    async def sort_out() -> tuple[CredentialSet, ...]:
        verdicts = await asyncio.gather(*(rejected_when_clean(ctx, s) for s in ctx.sets))
        return tuple(cset for cset, rejected in zip(ctx.sets, verdicts, strict=True) if rejected)

    return await ctx.shared("still-rejected", sort_out)


async def prove_alternative(
    ctx: CheckContext, cset: CredentialSet, alternative: ProbeRequest | None, what: str
) -> tuple[Proof, list[str]] | None:
    """Compare the set as written with ``alternative``; None means Twilio accepted it as is."""
    result = ctx.result(cset)
    if result.outcome in (Outcome.VALID, Outcome.TEST_CREDENTIALS):
        return None
    if ctx.offline or result.outcome in (Outcome.SKIPPED, Outcome.UNVERIFIED):
        reason = "offline: not verified live" if ctx.offline else f"live check: {wire(result)}"
        return Proof.LIKELY, [reason]
    if not failed(result):
        return Proof.POSSIBLE, [f"Twilio answered {wire(result)}"]
    counter = await ctx.probe(alternative)
    evidence = [f"as written, Twilio rejected it: {wire(result)}"]
    if accepted(counter):
        assert counter is not None
        evidence.append(f"with {what}, Twilio accepted it: {wire(counter)}")
        return Proof.PROVEN, evidence
    if failed(counter):
        assert counter is not None
        evidence.append(
            f"with {what} it still failed ({wire(counter)}): another cause may add to it"
        )
        return Proof.POSSIBLE, evidence
    if counter is not None:
        evidence.append(f"with {what}, Twilio could not be asked: {wire(counter)}")
    return Proof.LIKELY, evidence


async def cleaning_findings(
    ctx: CheckContext,
    cause: str,
    *,
    affected: Callable[[str], bool],
    transform: Callable[[str], str],
    what: str,
    says: Callable[[FoundValue], str],
    fix: Callable[[FoundValue], str],
) -> list[Finding]:
    """Findings for causes that are a value's own characters (whitespace, quotes).

    Every set with an ``affected`` value is re-probed with ``transform`` applied to all of its
    values; Twilio accepting the cleaned set is what makes the cause proven.
    """
    findings: list[Finding] = []
    for cset in ctx.sets:
        hit = [v for v in credential_values(cset) if affected(v.value.reveal())]
        if not hit:
            continue
        verdict = await prove_alternative(ctx, cset, probe_for(cset, transform=transform), what)
        if verdict is None:
            continue
        proof, live = verdict
        evidence = tuple(f"{describe(v)} {says(v)}" for v in hit) + tuple(live)
        fixes = tuple(fix(v) for v in hit)
        findings.append(Finding(cause, proof, locations(hit), evidence, fixes, cset.environment))
    return findings
