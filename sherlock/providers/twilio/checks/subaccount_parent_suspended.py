"""subaccount-parent-suspended: a subaccount stopped because its parent account is suspended.

A parent's suspension reaches every subaccount: their own credentials are refused although
nothing about them changed. Twilio documents 10001 ("Account is not active") for this, among
other reasons, and may answer 20403 instead. No read-only call can prove it: the one account
that could read the subaccount's status is the suspended parent, whose own credentials are
refused too. So the evidence is circumstantial:

* Twilio answered 10001 and another account of the tree is refused as inactive with
  another code (as a suspended parent's own credentials are): likely;
* 10001 alone, or 20403/20005 with another inactive account beside it (either could be the
  parent): possible.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    account_key,
    credential_values,
    describe,
    locations,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "subaccount-parent-suspended"
CASCADE_CODE = 10001


def _other_inactive(ctx: CheckContext, cset: CredentialSet) -> CredentialSet | None:
    """Another account of the tree that Twilio also refused as inactive, with a code other
    than 10001: one answered 10001 is itself a stopped subaccount, not a parent."""
    mine = account_key(cset)
    for other in ctx.with_outcome(Outcome.INACTIVE):
        if other.account_sid is None or account_key(other) in (mine, None):
            continue
        theirs = ctx.result(other)
        if theirs.http_status not in (None, 200) and theirs.code != CASCADE_CODE:
            return other
    return None


def _proof(ctx: CheckContext, cset: CredentialSet, evidence: list[str]) -> Proof | None:
    """Likely, possible or nothing, adding what the other inactive account shows."""
    code = ctx.result(cset).code
    parent = _other_inactive(ctx, cset)
    if parent is not None:
        evidence.append(
            f"{parent.label} (another account, possibly the parent) is refused as inactive "
            f"too: {wire(ctx.result(parent))}"
        )
        return Proof.LIKELY if code == CASCADE_CODE else Proof.POSSIBLE
    return Proof.POSSIBLE if code == CASCADE_CODE else None


def _finding(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    result = ctx.result(cset)
    if result.outcome is not Outcome.INACTIVE or result.http_status in (None, 200):
        return None  # a 200 showing a suspended status is account-inactive's proof, not ours
    if cset.account_sid is None:
        return None
    evidence = [f"{cset.label} with {describe(cset.account_sid)}: {wire(result)}"]
    proof = _proof(ctx, cset, evidence)
    if proof is None:
        return None
    evidence.append(
        "a parent's suspension stops every subaccount; the suspended parent cannot be asked "
        "about the subaccount, so no read-only call proves it"
    )
    fix = (
        "Sign in as the parent account and resolve its suspension (Billing, or Twilio "
        "Support); its subaccounts come back with it",
        "If only this subaccount should keep working, ask Twilio Support to move it under an "
        "active account",
    )
    where = locations(credential_values(cset))
    return Finding(CAUSE, proof, where, tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    return [f for cset in ctx.sets if (f := _finding(ctx, cset)) is not None]
