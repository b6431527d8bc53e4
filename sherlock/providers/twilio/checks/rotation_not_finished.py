"""rotation-not-finished: the secret store's current value is itself rejected by Twilio.

Every service may faithfully read the store and still get 20003 when the store holds a
token Twilio does not (or no longer) accept: the rotation wrote a new token to the store
but was never completed in Twilio, or someone regenerated the token in the Console after
it. Proven when an earlier store version is still accepted (the switch never happened), or
when another place in the tree authenticates the same account with a token the store never
held (it was regenerated outside the rotation).
"""

from __future__ import annotations

from sherlock.models import Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    account_key,
    describe,
    is_clean,
    locations,
    probe_for,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.store_evidence import from_store, history_of, store_uri
from sherlock.providers.twilio.records import CredentialSet, Field
from sherlock.stores.values import when

CAUSE = "rotation-not-finished"
MAX_EARLIER_PROBES = 2


def _working_outside_store(
    ctx: CheckContext, cset: CredentialSet, held: set[str]
) -> CredentialSet | None:
    key = account_key(cset)
    for other in ctx.sets:
        if (
            other is not cset
            and key is not None
            and account_key(other) == key
            and ctx.outcome(other) is Outcome.VALID
            and other.password is not None
            and other.password.fingerprint not in held
        ):
            return other
    return None


def _pairing_is_the_store(ctx: CheckContext, cset: CredentialSet, password: FoundValue) -> bool:
    """Whether the rejected pair is the store's own: its token is accepted nowhere, and the
    Account SID the set sends is the one the same store version holds (if it holds one).
    A store token paired with some other account's SID is a mix-up, not a bad store value."""
    if any(
        ctx.outcome(other) is Outcome.VALID
        and other.password is not None
        and other.password.fingerprint == password.fingerprint
        for other in ctx.sets
    ):
        return False
    uri = store_uri(password)
    stored_sids = [
        h.value
        for h in ctx.history
        if h.secret.ref.uri == uri and h.version.current and h.value.field is Field.ACCOUNT_SID
    ]
    account = cset.account_sid
    if not stored_sids or account is None:
        return True
    return any(sid.fingerprint == account.fingerprint for sid in stored_sids)


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    password = cset.password
    if not from_store(password) or password is None:
        return None
    result = ctx.result(cset)
    if result.outcome is not Outcome.INVALID or not is_clean(cset):
        return None
    if not _pairing_is_the_store(ctx, cset, password):
        return None
    versions = history_of(ctx, password)
    current = next((h for h in versions if h.version.current), None)
    uri = store_uri(password)
    created = f", written {when(current.version.created)}" if current else ""
    evidence = [
        f"{describe(password)} is the current version of {uri}{created}; Twilio rejects it: "
        f"{wire(result)}"
    ]
    proof = Proof.LIKELY
    earlier = [h for h in versions if not h.version.current][:MAX_EARLIER_PROBES]
    for old in earlier:
        retry = await ctx.probe(probe_for(cset, password=old.value.value))
        if retry is not None and retry.outcome is Outcome.VALID:
            proof = Proof.PROVEN
            evidence.append(
                f"the earlier version {old.version.display} is still accepted ({wire(retry)}): "
                "the new value reached the store, but Twilio never switched to it"
            )
            break
    if proof is Proof.LIKELY and not cset.uses_api_key:
        # Only an auth token is regenerated in place: an API key secret the store holds
        # beside another working credential of the account is a deleted key, which
        # api-key-revoked asks the account about, not a rotation left half done.
        held = {h.value.fingerprint for h in versions}
        other = _working_outside_store(ctx, cset, held)
        if other is not None and other.password is not None:
            proof = Proof.PROVEN
            evidence.append(
                f"{other.label} authenticates the same account with a token the store never held: "
                f"{describe(other.password)} ({wire(ctx.result(other))}); the token was "
                "regenerated in the Console after the rotation"
            )
    fix = (
        f"Find which token Twilio accepts now (Console → Account → API keys & tokens) and "
        f"write it to {uri} as a new version, or finish the rotation in Twilio "
        "(promote the secondary token) if the store's value is the new one",
        f"Then restart every service that reads {uri}",
    )
    return Finding(CAUSE, proof, locations([password]), tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    return await ctx.judge_each(_judge)
