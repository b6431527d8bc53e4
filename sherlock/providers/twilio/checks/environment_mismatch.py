"""environment-mismatch: a credential from another environment, or Twilio test credentials.

A secret (auth token, key secret) whose fingerprint is found in another environment's files
and in no other place of its own environment was most likely copied across. Mixing halves
(prod SID, staging token) gets 20003; the counter-test moves the foreign token back to its
own account.

Identifiers are not blamed on sharing alone: small teams often run staging and prod on one
account, each with its own token, so an Account SID both environments hold belongs to both.
A SID (or key SID) counts as foreign only when it came across together with a foreign
secret from the same environment, i.e. the whole pair was copied.

Exact copies are not the only evidence. A rejected, well-formed secret that matches nothing
is tried (through the shared cache, capped) on the Account SIDs other environments use: if
one accepts it, the secret is that environment's, even when that environment's own copy is
damaged. And an Account SID that Twilio answered as *test* credentials elsewhere in the tree
(20008), paired here with another secret, is test/live mixing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sherlock.models import Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checking.common import (
    account_key,
    core_fingerprint,
    credential_values,
    describe,
    locations,
    wire,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import rehome, test_secrets, test_sids
from sherlock.providers.twilio.checking.proof import still_rejected
from sherlock.providers.twilio.records import CredentialSet, Field

CAUSE = "environment-mismatch"
NAMED_ENVIRONMENTS = {"prod", "staging", "dev", "test"}
UNNAMED = "default"  # the environment of values whose place names none
SECRETS = (Field.AUTH_TOKEN, Field.API_KEY_SECRET)


#: For each fingerprint, the places (file and line) each environment's sets hold it at.
Homes = dict[str, dict[str, set[str]]]


def _homes(ctx: CheckContext) -> Homes:
    """Where each fingerprint is held, per environment (one pass). Places, not sets: one
    line that two runs read (a Next.js ``.env.local`` feeds both its development and its
    production run) is one value in two environments, not a copy from one into the other."""
    homes: Homes = defaultdict(lambda: defaultdict(set))
    for cset in ctx.sets:
        for value in credential_values(cset):
            homes[value.fingerprint][cset.environment].add(str(value.location))
    return homes


def _held_elsewhere(homes: Homes, value: FoundValue, mine: str) -> str | None:
    """The named environment that also holds ``value``, at another place, when no other
    place of ``mine`` does."""
    places = homes[value.fingerprint]
    here = str(value.location)
    named = sorted(
        env
        for env, where in places.items()
        if env != mine and env in NAMED_ENVIRONMENTS and where - {here}
    )
    return named[0] if named and len(places[mine]) <= 1 else None


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
        places = homes[value.fingerprint]
        if len(places[mine]) > 1:
            continue
        came_with = sorted(env for env in set(origin.values()) if places[env])
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


async def _placed_elsewhere(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    """A rejected secret that no copy places, accepted on an account another environment
    uses (and this one does not: a sibling account of the same environment is a scope
    problem)."""
    mine, secret = cset.environment, cset.password
    if mine == UNNAMED or secret is None:
        return None
    own = {account_key(s) for s in ctx.sets if s.environment == mine}
    others = [
        s for s in ctx.sets if s.environment not in (mine, UNNAMED) and account_key(s) not in own
    ]
    moved = await rehome(ctx, cset, others)
    if moved is None or moved.other.account_sid is None:
        return None
    home = moved.other.environment
    evidence = (
        f"{cset.label} as configured: {wire(ctx.result(cset))}",
        f"{describe(secret)} is accepted on {home}'s account, "
        f"{describe(moved.other.account_sid)}: {wire(moved.result)}",
        f"so it is {home}'s credential, although no copy in {home} matches it exactly",
    )
    fix = (f"Use the {mine} value for {secret.name} at {secret.location} (this one is {home}'s)",)
    return Finding(CAUSE, Proof.PROVEN, locations([secret]), evidence, fix, mine)


async def _test_live_mix(
    ctx: CheckContext, cset: CredentialSet, tests: dict[str, CredentialSet]
) -> Finding | None:
    """A test Account SID (it answered 20008 elsewhere) paired with another secret."""
    shown = tests.get(account_key(cset) or "")
    sid, secret = cset.account_sid, cset.password
    if shown is None or sid is None or secret is None:
        return None
    evidence = [
        f"{describe(sid)} is a test Account SID: Twilio answered {shown.label} with "
        f"{wire(ctx.result(shown))}",
        f"here it is paired with {describe(secret)}, not its test token: {wire(ctx.result(cset))}",
    ]
    proof = Proof.LIKELY
    live = await rehome(ctx, cset, [s for s in ctx.sets if account_key(s) not in tests])
    if live is not None and live.other.account_sid is not None:
        proof = Proof.PROVEN
        evidence.append(
            f"that secret is live: it is accepted with {describe(live.other.account_sid)} "
            f"({wire(live.result)})"
        )
    fix = (
        f"Replace the test Account SID in {sid.name} at {sid.location} with the live Account "
        f"SID that goes with {secret.name}, or use the test SID and test token together",
    )
    return Finding(CAUSE, proof, locations([sid]), tuple(evidence), fix, cset.environment)


def _test_token_mix(cset: CredentialSet, shown: CredentialSet, ctx: CheckContext) -> Finding | None:
    """A live Account SID paired with a test token (Twilio answered 20008 to its test pair)."""
    sid, secret = cset.account_sid, cset.password
    if sid is None or secret is None:
        return None
    evidence = (
        f"{describe(secret)} is a test auth token: Twilio answered {shown.label}, which pairs "
        f"it with its test Account SID, with {wire(ctx.result(shown))}",
        f"here it is paired with {describe(sid)}: {wire(ctx.result(cset))}",
    )
    fix = (
        f"Replace the test token in {secret.name} at {secret.location} with the live auth "
        f"token of the account in {sid.name}",
    )
    return Finding(CAUSE, Proof.PROVEN, locations([secret]), evidence, fix, cset.environment)


@dataclass(frozen=True)
class _TestCredentials:
    """What the tree shows to be test credentials: SIDs and tokens of pairs that got 20008."""

    sids: dict[str, CredentialSet]
    secrets: dict[str, CredentialSet]

    @classmethod
    def of(cls, ctx: CheckContext) -> _TestCredentials:
        return cls(test_sids(ctx), test_secrets(ctx))


async def _test_mix(
    ctx: CheckContext, cset: CredentialSet, tests: _TestCredentials
) -> Finding | None:
    """A rejected set that holds half of a pair Twilio answered as test credentials."""
    if account_key(cset) in tests.sids:
        return await _test_live_mix(ctx, cset, tests.sids)
    shown = tests.secrets.get(core_fingerprint(cset.password)) if cset.password else None
    return _test_token_mix(cset, shown, ctx) if shown is not None else None


async def check(ctx: CheckContext) -> list[Finding]:
    homes = _homes(ctx)
    rejected = set(await still_rejected(ctx))
    tests = _TestCredentials.of(ctx)

    async def judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
        """Test credentials first (Twilio named them), then copies, then proof by probing."""
        found = _test_credentials(cset, ctx)
        if found is None and cset in rejected:
            found = await _test_mix(ctx, cset, tests)
        if found is not None:
            return found
        foreign = _foreign(homes, cset)
        if foreign and not _at_home(ctx, cset, foreign):
            return await _judge(ctx, cset, foreign)
        return await _placed_elsewhere(ctx, cset) if cset in rejected else None

    return await ctx.judge_each(judge)
