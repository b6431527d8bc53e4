"""api-key-revoked: an API key Twilio no longer knows, on an account that still works.

If the account answers to other credentials but this well-formed key gets 20003, the key
was most likely deleted (keys cannot be restored). That much is "likely". The counter-test
asks the account itself: with a working auth token of the same account and region, a
read-only ``GET .../Keys/{KeySid}.json``. A 404 there, while no other account in the tree
accepts the key either, proves the key is gone. A 200 says the key exists, so the secret
paired with it is the wrong one and deletion is only "possible".
"""

from __future__ import annotations

from dataclasses import replace

from sherlock.models import CredentialSet, Finding, Outcome, Proof, Verification
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import (
    account_key,
    describe,
    is_clean,
    locations,
    probe_for,
    region_of,
    wire,
)
from sherlock.providers.twilio.checks.crosscheck import rehome
from sherlock.providers.twilio.client_keys import key_found, key_not_found
from sherlock.providers.twilio.credentials import strip_junk

CAUSE = "api-key-revoked"
DEFAULT_REGION = "us1"


def _region(cset: CredentialSet) -> str:
    return region_of(cset)[0] or DEFAULT_REGION


def _token_owner(cset: CredentialSet, working: list[CredentialSet]) -> CredentialSet | None:
    """A working auth-token set of the key's account in the key's region (keys are regional,
    so another region's answer would say nothing about this key)."""
    for other in working:
        token_set = not other.uses_api_key and other.auth_token is not None
        if token_set and _region(other) == _region(cset):
            return other
    return None


async def _ask_account(
    ctx: CheckContext, cset: CredentialSet, owner: CredentialSet
) -> Verification | None:
    assert cset.api_key_sid is not None
    request = probe_for(owner)
    if request is None:
        return None
    key_sid = cset.api_key_sid.value
    cleaned = key_sid.derive(strip_junk(key_sid.reveal()))
    return await ctx.probe(replace(request, lookup_key=cleaned))


def _lookup_wire(result: Verification) -> str:
    parts = [f"HTTP {result.http_status}" + (f" code {result.code}" if result.code else "")]
    if result.request_id:
        parts.append(result.request_id)
    return ", ".join(parts)


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
    owner = _token_owner(cset, working)
    result = await _ask_account(ctx, cset, owner) if owner is not None else None
    asked = f"asked with the auth token of {owner.label}" if owner is not None else ""
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


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.with_outcome(Outcome.INVALID):
        if not cset.uses_api_key or cset.api_key_sid is None or not is_clean(cset):
            continue
        working = [
            s
            for s in ctx.with_outcome(Outcome.VALID)
            if account_key(s) == account_key(cset) and s is not cset
        ]
        if not working:
            continue
        finding = await _judge(ctx, cset, working)
        if finding is not None:
            findings.append(finding)
    return findings
