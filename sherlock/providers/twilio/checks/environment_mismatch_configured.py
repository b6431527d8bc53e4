"""environment-mismatch, from what ``sherlock.toml`` says each environment should use.

Two kinds of evidence that need no guessing from paths: an Account SID other than the one
configured for the environment (naming the environment it does belong to, when the config
knows), and a service reading a store secret named for another environment
(``aws-sm://staging/twilio`` in prod). A counter-test proves the second: the token is
accepted on the other environment's configured account.
"""

from __future__ import annotations

import re

from sherlock.models import Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checking.common import describe, locations, probe_for, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.store_evidence import from_store, store_uri
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.records import CredentialSet
from sherlock.secrets import Secret

CAUSE = "environment-mismatch"

#: Words that name an environment in a secret path, beside the config's own names.
_ALIASES = {
    "production": "prod",
    "prd": "prod",
    "live": "prod",
    "stage": "staging",
    "stg": "staging",
    "development": "dev",
}


def _named_environment(uri: str, known: set[str]) -> str | None:
    for word in re.split(r"[^a-z0-9]+", uri.lower()):
        name = _ALIASES.get(word, word)
        if name in known:
            return name
    return None


def _owner_of(ctx: CheckContext, sid: str) -> str | None:
    return next((env for env, cfg in ctx.expectations.items() if cfg.account == sid), None)


def _account_evidence(ctx: CheckContext, cset: CredentialSet) -> list[str]:
    expected = ctx.expectations.get(cset.environment)
    if expected is None or expected.account is None or cset.account_sid is None:
        return []
    sid = strip_junk(cset.account_sid.value.reveal())
    if sid == expected.account:
        return []
    wanted = Secret(expected.account, identifier=True)
    line = (
        f"sherlock.toml expects {cset.environment} to use account {wanted.masked}, but "
        f"{describe(cset.account_sid)}"
    )
    owner = _owner_of(ctx, sid)
    if owner is not None:
        line += f", which sherlock.toml gives to {owner}"
    return [line]


async def _store_evidence(
    ctx: CheckContext, cset: CredentialSet, secret: FoundValue
) -> tuple[list[str], Proof]:
    known = set(ctx.expectations)
    uri = store_uri(secret)
    named = _named_environment(uri, known - {cset.environment})
    if named is None or _named_environment(uri, {cset.environment}) is not None:
        return [], Proof.POSSIBLE
    evidence = [f"{cset.label} reads {uri}, a secret named for {named}"]
    other = ctx.expectations[named].account
    if other is None or ctx.outcome(cset) is not Outcome.INVALID:
        return evidence, Proof.LIKELY
    account = Secret(other, identifier=True)
    retry = await ctx.probe(probe_for(cset, username=account, account_sid=account))
    if retry is not None and retry.outcome is Outcome.VALID and not cset.uses_api_key:
        evidence.append(
            f"its token is accepted on {named}'s account {account.masked}: {wire(retry)}"
        )
        return evidence, Proof.PROVEN
    return evidence, Proof.LIKELY


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    evidence = _account_evidence(ctx, cset)
    proof = Proof.LIKELY
    where = [cset.account_sid] if evidence and cset.account_sid else []
    secret = cset.password
    if secret is not None and from_store(secret):
        more, store_proof = await _store_evidence(ctx, cset, secret)
        if more:
            evidence += more
            where.append(secret)
            proof = store_proof
    if not evidence:
        return None
    result = ctx.result(cset)
    if result.outcome is Outcome.INVALID:
        evidence.append(f"{cset.label} as configured: {wire(result)}")
    fix = (f"Point {cset.environment}/{cset.service} at {cset.environment}'s own credentials",)
    found = [v for v in where if v is not None]
    return Finding(CAUSE, proof, locations(found), tuple(evidence), fix, cset.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    if not ctx.expectations:
        return []
    return await ctx.judge_each(_judge)
