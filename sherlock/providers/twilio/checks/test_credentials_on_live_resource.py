"""test-credentials-on-live-resource: the app sends Twilio's test credentials (20008).

Test credentials (a separate test Account SID and test token) authenticate, but may only
create Messages, Calls and IncomingPhoneNumbers in the test account; anything else, the
account read Sherlock makes included, is refused with 403/20008. So Twilio answering 20008 to
that read is Twilio itself saying "these are test credentials": the cause is proven, wherever
they sit. In the test environment, where test credentials belong, it is only possible: the
20008 then comes from a test calling something beyond those three creates. The fix names a
pair in the tree that Twilio accepted as live, when there is one.
"""

from __future__ import annotations

from sherlock.models import Finding, Outcome, Proof
from sherlock.providers.twilio.checking.common import credential_values, describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet

CAUSE = "test-credentials-on-live-resource"
TEST_ENVIRONMENT = "test"
ALLOWED = "creating Messages, Calls and IncomingPhoneNumbers in the test account"


def _live_alternative(ctx: CheckContext, cset: CredentialSet) -> CredentialSet | None:
    """A live pair Twilio accepted, preferably from the same environment."""
    live = ctx.with_outcome(Outcome.VALID)
    same = [s for s in live if s.environment == cset.environment]
    chosen = same or live
    return chosen[0] if chosen else None


def _finding(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    result = ctx.result(cset)
    if result.outcome is not Outcome.TEST_CREDENTIALS or cset.account_sid is None:
        return None
    evidence: tuple[str, ...] = (
        f"{cset.label} with {describe(cset.account_sid)}: {wire(result)}",
        f"Twilio answered 20008 to a read of the account: these are test credentials, "
        f"which may do nothing but {ALLOWED}",
    )
    at_home = cset.environment == TEST_ENVIRONMENT
    if at_home:
        evidence += (
            "they sit in the test environment, where they belong: a test that reads, or creates "
            "anything else, gets 20008",
        )
    live = _live_alternative(ctx, cset)
    fix = [f"Give {cset.service} the account's live Account SID and Auth Token (or an API key)"]
    if live is not None:
        fix.append(f"{live.label} holds live credentials Twilio accepted")
    fix.append("Keep test credentials for automated tests that only send simulated messages")
    where = locations(credential_values(cset))
    proof = Proof.POSSIBLE if at_home else Proof.PROVEN
    return Finding(CAUSE, proof, where, evidence, tuple(fix), cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    return [f for cset in ctx.sets if (f := _finding(ctx, cset)) is not None]
