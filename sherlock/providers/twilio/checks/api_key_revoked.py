"""api-key-revoked: an API key Twilio no longer knows, on an account that still works.

If the account answers to other credentials but this well-formed key gets 20003, the key
was most likely deleted (keys cannot be restored). That much is "likely". The counter-test
asks the account itself: with any working credential of the same account and region that
may read Keys (its auth token, or a Main API key), a read-only ``GET .../Keys/{KeySid}.json``.
A 404 there, while no other account in the tree accepts the key either, proves the key is
gone. A 200 says the key exists, so the secret paired with it is the wrong one and deletion
is only "possible".
"""

from __future__ import annotations

import asyncio

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import account_key, describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import (
    ask_for_key,
    key_readers,
    reader_name,
    rehome,
)
from sherlock.providers.twilio.checking.proof import still_rejected
from sherlock.providers.twilio.client_keys import key_found, key_not_found
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification

CAUSE = "api-key-revoked"


def _lookup_wire(result: TwilioVerification) -> str:
    parts = [f"HTTP {result.http_status}" + (f" code {result.code}" if result.code else "")]
    if result.request_id:
        parts.append(result.request_id)
    return ", ".join(parts)


async def _ask_account(
    ctx: CheckContext, cset: CredentialSet, working: list[CredentialSet]
) -> tuple[str, TwilioVerification | None]:
    """Who was asked, and what the account said about the key (None: nobody could ask)."""
    assert cset.api_key_sid is not None
    readers = key_readers(ctx, cset, working)
    if not readers:
        return "", None
    reader = readers[0]
    return f"asked with {reader_name(reader)}", await ask_for_key(
        ctx, reader, cset.api_key_sid.value
    )


async def _judge(
    ctx: CheckContext, cset: CredentialSet, working: list[CredentialSet]
) -> Finding | None:
    assert cset.api_key_sid is not None
    key = cset.api_key_sid
    evidence = [
        f"{describe(key)} is rejected: {wire(ctx.result(cset))}",
        f"the same account works with {working[0].label} ({wire(ctx.result(working[0]))})",
    ]
    proof = Proof.LIKELY
    asked, result = await _ask_account(ctx, cset, working)
    if key_not_found(result):
        assert result is not None
        if await rehome(ctx, cset, ctx.sets) is not None:
            return None  # the key works on another account: a scope problem, not a deletion
        proof = Proof.PROVEN
        evidence.append(
            f"{asked}, Twilio says the account holds no API key {key.masked} "
            f"({_lookup_wire(result)}), and no other account in the tree accepts it"
        )
    elif key_found(result):
        assert result is not None
        proof = Proof.POSSIBLE
        evidence.append(
            f"{asked}, Twilio says the key {key.masked} still exists ({_lookup_wire(result)}): "
            "the secret paired with it is the wrong one"
        )
    elif result is not None and not ctx.offline:
        evidence.append(f"could not ask the account whether the key exists: {wire(result)}")
    fix = (
        f"Create a new API key, store its secret where {key.name} at {key.location} is read, "
        f"and redeploy {cset.service}",
    )
    return Finding(CAUSE, proof, locations([key]), tuple(evidence), fix, cset.environment)


async def _judge_set(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    if not cset.uses_api_key or cset.api_key_sid is None:
        return None
    working = [
        s
        for s in ctx.with_outcome(Outcome.VALID)
        if account_key(s) == account_key(cset) and s is not cset
    ]
    if not working:
        return None
    return await _judge(ctx, cset, working)


async def check(ctx: CheckContext) -> list[Finding]:
    """Every still-rejected key at once: their lookups on the account overlap."""
    suspects = await still_rejected(ctx)
    judged = await asyncio.gather(*(_judge_set(ctx, cset) for cset in suspects))
    return [finding for finding in judged if finding is not None]
