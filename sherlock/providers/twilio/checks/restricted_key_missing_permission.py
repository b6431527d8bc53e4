"""restricted-key-missing-permission: a Restricted API key whose policy lacks what the app does.

Restricted keys authenticate like any key but are refused with 70051 outside their policy.
Sherlock reads a page of Messages with every key:

* refused with 70051: the key authenticated (a wrong secret gets 20003) and its policy lacks
  the read. Proven when other credentials of the same account work (so the account is
  active and the refusal is the key's policy), likely otherwise, since Twilio also names a
  suspended account among 70051's causes.
* accepted, and the account read refused with 70051: a Restricted key that may read
  Messages. Whether it may *send* a message or place a call cannot be asked with a read-only
  call, so this is only "possible" (and, the key being accepted, reported as advice).
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import account_key, describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "restricted-key-missing-permission"
RESTRICTED_CODE = 70051
READ_PERMISSION = "/twilio/messaging/messages/read"


def _same_account_works(ctx: CheckContext, cset: CredentialSet) -> CredentialSet | None:
    mine = account_key(cset)
    working = ctx.with_outcome(Outcome.VALID)
    return next((s for s in working if s is not cset and account_key(s) == mine), None)


def _refused(ctx: CheckContext, cset: CredentialSet) -> tuple[Proof, list[str]]:
    evidence = [
        f"Twilio refused the key's read of Messages with 70051: {wire(ctx.result(cset))}",
        f"the key authenticated (a wrong secret gets 20003), but its policy lacks "
        f"{READ_PERMISSION}",
    ]
    other = _same_account_works(ctx, cset)
    if other is None:
        evidence.append("no other credential of this account in the tree shows it is active")
        return Proof.LIKELY, evidence
    evidence.append(f"the account itself works: {other.label} was accepted")
    return Proof.PROVEN, evidence


def _unprovable() -> list[str]:
    return [
        "the key may read Messages but is refused the account read with 70051: it is a "
        "Restricted key",
        "whether its policy allows what the app does (sending messages, placing calls) "
        "cannot be tested with a read-only call",
    ]


def _finding(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    result = ctx.result(cset)
    if not cset.uses_api_key or cset.api_key_sid is None:
        return None
    if result.outcome is Outcome.FORBIDDEN and result.code == RESTRICTED_CODE:
        proof, evidence = _refused(ctx, cset)
    elif result.outcome is Outcome.VALID and result.key_type == "restricted":
        proof, evidence = Proof.POSSIBLE, _unprovable()
    else:
        return None
    evidence.insert(0, f"{cset.label} uses {describe(cset.api_key_sid)}")
    fix = (
        "In the Twilio Console (API keys), add the permissions for every call the app makes "
        "to this key's policy, e.g. /twilio/messaging/messages/create to send SMS",
        "Or give the service a Standard key if it needs more than a few endpoints",
    )
    where = locations([cset.api_key_sid])
    return Finding(CAUSE, proof, where, tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    return [f for cset in ctx.sets if (f := _finding(ctx, cset)) is not None]
