"""sid-key-confusion: the right kinds of value in the wrong fields.

The 2010 API puts the Account SID in the URL, so an API Key SID (SK…) there, a phone number
SID (PN…), or an auth token and SID swapped, fail with 20003 whatever the secret. The shape
alone tells us; a counter-test that re-reads the set as what its values really are proves
it: the fields swapped back, an SK… SID and its secret read as an API key on the tree's
Account SIDs, an "API secret" that is the account's auth token, another SID replaced by an
Account SID the tree holds. Failing that, an SK… value that an account of the tree says it
holds (``Keys/{sid}``) is shown to be a key SID. The re-readings live in
:mod:`~sherlock.providers.twilio.checking.rereading`.
"""

from __future__ import annotations

from sherlock.models import Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checking.common import accepted, describe, locations, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.rereading import key_owner, rereadings
from sherlock.providers.twilio.credentials import (
    API_SECRET_RE,
    OTHER_SID_PREFIXES,
    is_placeholder,
    looks_like_token,
    sid_prefix,
    strip_junk,
)
from sherlock.providers.twilio.records import CredentialSet, Field

CAUSE = "sid-key-confusion"


def secret_shaped(raw: str) -> bool:
    """32 letters and digits: an auth token or an API key secret, not an identifier."""
    cleaned = strip_junk(raw)
    return bool(API_SECRET_RE.match(cleaned)) and not is_placeholder(cleaned)


def _kind(prefix: str, article: str = "another kind of") -> str:
    return f"{OTHER_SID_PREFIXES.get(prefix, article)} SID ({prefix}…)"


def _misplaced(value: FoundValue) -> str | None:
    """Why this value does not belong in its field, or None."""
    raw = value.value.reveal()
    prefix = sid_prefix(raw)
    if value.field in (Field.ACCOUNT_SID, Field.API_KEY_SID):
        wanted = "AC" if value.field is Field.ACCOUNT_SID else "SK"
        if prefix and prefix != wanted:
            return f"holds {_kind(prefix)}"
        if not prefix and looks_like_token(raw):
            return "holds a 32-hex value shaped like an auth token"
        if not prefix and secret_shaped(raw):
            return "holds a 32-character value shaped like an API key secret"
    if value.field in (Field.AUTH_TOKEN, Field.API_KEY_SECRET) and prefix:
        return f"holds {_kind(prefix, 'a')}, not a secret"
    if value.field is Field.AUTH_TOKEN and secret_shaped(raw) and not looks_like_token(raw):
        return (
            "holds mixed-case letters and digits, the shape of an API key secret (tokens are hex)"
        )
    return None


def _key_with_token(cset: CredentialSet) -> str | None:
    if cset.api_key_sid and cset.api_key_secret is None and cset.auth_token is not None:
        return "an API Key SID is paired with the auth token instead of the key's secret"
    return None


def _as_written(ctx: CheckContext, cset: CredentialSet) -> str:
    result = ctx.result(cset)
    if result.outcome is Outcome.SKIPPED:
        return f"as written it cannot authenticate, and was not sent: {wire(result)}"
    return f"as written, Twilio rejected it: {wire(result)}"


async def _reread(ctx: CheckContext, cset: CredentialSet) -> tuple[Proof, list[str]] | None:
    """Proven when a re-reading is accepted, or an account says it holds the SK… value."""
    for request, what in rereadings(ctx, cset):
        counter = await ctx.probe(request)
        if accepted(counter):
            assert counter is not None
            return Proof.PROVEN, [
                _as_written(ctx, cset),
                f"{what}, Twilio accepted it: {wire(counter)}",
            ]
    owner = await key_owner(ctx, cset)
    if owner is not None:
        return Proof.PROVEN, [_as_written(ctx, cset), owner]
    return None


async def _verdict(
    ctx: CheckContext, cset: CredentialSet, static: bool
) -> tuple[Proof, list[str]] | None:
    """How strongly the set is shown to hold values in the wrong fields (None: it is not).

    ``static`` says whether the shapes alone already show a misplaced value; without that,
    only an accepted re-reading makes a finding (an auth token in the API secret slot is a
    perfectly valid-looking key secret)."""
    result = ctx.result(cset)
    if result.outcome in (Outcome.VALID, Outcome.TEST_CREDENTIALS, Outcome.INACTIVE):
        return None
    if ctx.offline or result.outcome is Outcome.UNVERIFIED:
        reason = "offline: not verified live" if ctx.offline else f"live check: {wire(result)}"
        return (Proof.LIKELY, [reason]) if static else None
    if result.outcome not in (Outcome.INVALID, Outcome.SKIPPED):
        return (Proof.POSSIBLE, [f"Twilio answered {wire(result)}"]) if static else None
    proven = await _reread(ctx, cset)
    if proven is not None:
        return proven
    return (Proof.LIKELY, [_as_written(ctx, cset)]) if static else None


async def _judge(ctx: CheckContext, cset: CredentialSet) -> Finding | None:
    wrong = [(v, why) for v in cset.values() if (why := _misplaced(v))]
    pairing = _key_with_token(cset)
    verdict = await _verdict(ctx, cset, bool(wrong or pairing))
    if verdict is None:
        return None
    proof, live = verdict
    evidence = [f"{describe(v)} {why}" for v, why in wrong]
    if not wrong and not pairing and cset.password is not None:
        evidence.append(f"{describe(cset.password)} is well formed, but not this key's secret")
    if pairing:
        evidence.append(f"{cset.label}: {pairing}")
    places = [v for v, _ in wrong] or ([cset.password] if cset.password and not pairing else [])
    fix = tuple(f"Put the right value in {v.name} at {v.location}: it {why}" for v, why in wrong)
    if not wrong and cset.password is not None:
        fix = (f"Put the key's own secret in {cset.password.name} at {cset.password.location}",)
    return Finding(
        CAUSE,
        proof,
        locations(places or list(cset.values())),
        tuple(evidence + live),
        fix,
        cset.environment,
    )


async def check(ctx: CheckContext) -> list[Finding]:
    return await ctx.judge_each(_judge)
