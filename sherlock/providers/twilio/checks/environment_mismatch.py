"""environment-mismatch: a credential from another environment, or Twilio test credentials.

A secret (auth token, key secret) whose fingerprint is found in another environment's files
and in no other place of its own environment was most likely copied across. Mixing halves
(prod SID, staging token) gets 20003; the counter-test moves the foreign token back to its
own account.

Identifiers are not blamed on sharing alone: small teams often run staging and prod on one
account, each with its own token, so an Account SID both environments hold belongs to both.
A SID (or key SID) counts as foreign only when it came across together with a foreign
secret from the same environment, i.e. the whole pair was copied.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sherlock.models import CredentialSet, Field, Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import credential_values, describe, locations, wire
from sherlock.providers.twilio.checks.crosscheck import rehome

CAUSE = "environment-mismatch"
NAMED_ENVIRONMENTS = {"prod", "staging", "dev", "test"}
SECRETS = (Field.AUTH_TOKEN, Field.API_KEY_SECRET)


Homes = dict[str, Counter[str]]


def _homes(ctx: CheckContext) -> Homes:
    """For each fingerprint, how many sets of each environment hold it (one pass)."""
    homes: Homes = defaultdict(Counter)
    for cset in ctx.sets:
        for fp in {v.fingerprint for v in credential_values(cset)}:
            homes[fp][cset.environment] += 1
    return homes


def _held_elsewhere(homes: Homes, value: FoundValue, mine: str) -> str | None:
    """The named environment that also holds ``value`` when no other set of ``mine`` does."""
    counts = homes[value.fingerprint]
    named = sorted(env for env in counts if env != mine and env in NAMED_ENVIRONMENTS)
    return named[0] if named and counts[mine] <= 1 else None


def _foreign(homes: Homes, cset: CredentialSet) -> list[tuple[FoundValue, str]]:
    """Values of ``cset`` that belong to another named environment, with that environment.

    A secret belongs where else it is held; an identifier only when one of the set's secrets
    came from an environment that holds the identifier too (see the module docstring).
    """
    mine = cset.environment
    if mine not in NAMED_ENVIRONMENTS:
        return []
    values = credential_values(cset)
    origin = {
        v.fingerprint: env
        for v in values
        if v.field in SECRETS and (env := _held_elsewhere(homes, v, mine)) is not None
    }
    found = []
    for value in values:
        if value.field in SECRETS:
            if value.fingerprint in origin:
                found.append((value, origin[value.fingerprint]))
            continue
        counts = homes[value.fingerprint]
        if counts[mine] > 1:
            continue
        came_with = sorted(env for env in set(origin.values()) if counts[env])
        if came_with:
            found.append((value, came_with[0]))
    return found


def _home(foreign: list[tuple[FoundValue, str]]) -> str:
    """Where the foreign secret lives: the environment whose account the counter-test tries."""
    return next((env for v, env in foreign if v.field in SECRETS), foreign[0][1])


async def _judge(
    ctx: CheckContext, cset: CredentialSet, foreign: list[tuple[FoundValue, str]]
) -> Finding:
    evidence = [
        f"{describe(v)} is also used in {env}, and nowhere else in {cset.environment}"
        for v, env in foreign
    ]
    result = ctx.result(cset)
    proof = Proof.LIKELY
    if result.outcome is Outcome.INVALID:
        evidence.append(f"{cset.label} as configured: {wire(result)}")
        home = _home(foreign)
        moved = await rehome(ctx, cset, [s for s in ctx.sets if s.environment == home])
        if moved is not None:
            proof = Proof.PROVEN
            evidence.append(
                f"the secret is accepted with {moved.other.label}'s Account SID: {wire(moved.result)}"
            )
    elif result.outcome is Outcome.VALID:
        evidence.append(f"{cset.label} authenticates, but as another environment's account")
    fix = tuple(
        f"Use the {cset.environment} value for {v.name} at {v.location} (this one is {env}'s)"
        for v, env in foreign
    )
    return Finding(
        CAUSE, proof, locations(v for v, _ in foreign), tuple(evidence), fix, cset.environment
    )


def _test_credentials(cset: CredentialSet, ctx: CheckContext) -> Finding | None:
    result = ctx.result(cset)
    if result.outcome is not Outcome.TEST_CREDENTIALS or cset.environment == "test":
        return None
    evidence = (f"Twilio identified {cset.label} as test credentials: {wire(result)}",)
    fix = (f"Use live credentials for {cset.environment}; test credentials only simulate requests",)
    return Finding(
        CAUSE, Proof.PROVEN, locations(credential_values(cset)), evidence, fix, cset.environment
    )


def _at_home(ctx: CheckContext, cset: CredentialSet, foreign: list[tuple[FoundValue, str]]) -> bool:
    """Whether the set is where it belongs although another environment shares its values:
    test credentials in the test environment, or a working pair whose Account SID is not
    foreign (its token was copied out to the other environment, not in from it)."""
    outcome = ctx.outcome(cset)
    if outcome is Outcome.TEST_CREDENTIALS:
        return cset.environment == "test"
    if outcome is Outcome.VALID:
        return not any(v.field is Field.ACCOUNT_SID for v, _ in foreign)
    return False


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    homes = _homes(ctx)
    for cset in ctx.sets:
        test_finding = _test_credentials(cset, ctx)
        if test_finding:
            findings.append(test_finding)
            continue
        foreign = _foreign(homes, cset)
        if foreign and not _at_home(ctx, cset, foreign):
            findings.append(await _judge(ctx, cset, foreign))
    return findings
