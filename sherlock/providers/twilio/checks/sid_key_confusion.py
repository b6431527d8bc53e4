"""sid-key-confusion: the right kinds of value in the wrong fields.

The 2010 API puts the Account SID in the URL, so an API Key SID (SK…) there, a phone number
SID (PN…), or an auth token and SID swapped, fail with 20003 whatever the secret. The shape
alone tells us; a counter-test with the fields put right proves it.
"""

from __future__ import annotations

from sherlock.models import CredentialSet, Field, Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import accepted, describe, locations, probe_for, wire
from sherlock.providers.twilio.checks.crosscheck import other_accounts
from sherlock.providers.twilio.checks.proof import prove_alternative
from sherlock.providers.twilio.client import ProbeRequest
from sherlock.providers.twilio.credentials import (
    OTHER_SID_PREFIXES,
    looks_like_token,
    sid_prefix,
    strip_junk,
)

CAUSE = "sid-key-confusion"


def _misplaced(value: FoundValue) -> str | None:
    """Why this value does not belong in its field, or None."""
    raw = value.value.reveal()
    prefix = sid_prefix(raw)
    if value.field is Field.ACCOUNT_SID:
        if prefix and prefix != "AC":
            return f"holds {OTHER_SID_PREFIXES.get(prefix, 'another kind of')} SID ({prefix}…)"
        if looks_like_token(raw):
            return "holds a 32-hex value shaped like an auth token"
    if value.field is Field.API_KEY_SID and prefix and prefix != "SK":
        return f"holds {OTHER_SID_PREFIXES.get(prefix, 'another kind of')} SID ({prefix}…)"
    if value.field in (Field.AUTH_TOKEN, Field.API_KEY_SECRET) and prefix:
        return f"holds {OTHER_SID_PREFIXES.get(prefix, 'a')} SID ({prefix}…), not a secret"
    return None


def _swapped(cset: CredentialSet) -> ProbeRequest | None:
    """The probe with SID and token exchanged, when that is what the shapes suggest."""
    sid, token = cset.account_sid, cset.auth_token
    if sid is None or token is None or cset.uses_api_key:
        return None
    if sid_prefix(token.value.reveal()) == "AC" and looks_like_token(sid.value.reveal()):
        return probe_for(cset, username=token.value, password=sid.value, account_sid=token.value)
    return None


def _key_with_token(cset: CredentialSet) -> str | None:
    if cset.api_key_sid and cset.api_key_secret is None and cset.auth_token is not None:
        return "an API Key SID is paired with the auth token instead of the key's secret"
    return None


def _corrections(ctx: CheckContext, cset: CredentialSet) -> list[tuple[ProbeRequest, str]]:
    """Corrected pairs worth trying: the fields swapped, or, for another kind of SID in the
    Account SID field, the same token with each Account SID the tree holds (own
    environment first)."""
    swapped = _swapped(cset)
    if swapped is not None:
        return [(swapped, "the two fields swapped")]
    sid, token = cset.account_sid, cset.auth_token
    if sid is None or token is None or cset.uses_api_key:
        return []
    if sid_prefix(sid.value.reveal()) in (None, "AC"):
        return []
    ordered = sorted(ctx.sets, key=lambda s: s.environment != cset.environment)
    found = []
    for other in other_accounts(cset, ordered):
        assert other.account_sid is not None
        right = other.account_sid.value.derive(strip_junk(other.account_sid.value.reveal()))
        request = probe_for(cset, username=right, account_sid=right)
        if request is not None:
            found.append((request, f"the Account SID {other.label} uses"))
    return found


async def _prove_unsent(ctx: CheckContext, cset: CredentialSet) -> tuple[Proof, list[str]] | None:
    """When the pair as written was not sent (its SID field holds no Account SID, and a
    secret never goes into a URL), a corrected pair alone can settle it: the as-written
    request cannot succeed, since the 2010 API needs an AC… SID in the URL."""
    result = ctx.result(cset)
    if ctx.offline or result.outcome is not Outcome.SKIPPED:
        return None
    for alternative, what in _corrections(ctx, cset):
        counter = await ctx.probe(alternative)
        if accepted(counter):
            assert counter is not None
            return Proof.PROVEN, [
                f"as written it cannot authenticate, and was not sent: {wire(result)}",
                f"with {what}, Twilio accepted it: {wire(counter)}",
            ]
    return None


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cset in ctx.sets:
        wrong = [(v, why) for v in cset.values() if (why := _misplaced(v))]
        pairing = _key_with_token(cset)
        if not wrong and not pairing:
            continue
        evidence = [f"{describe(v)} {why}" for v, why in wrong]
        if pairing:
            evidence.append(f"{cset.label}: {pairing}")
        verdict = await _prove_unsent(ctx, cset)
        if verdict is None:
            verdict = await prove_alternative(ctx, cset, _swapped(cset), "the two fields swapped")
        proof, live = verdict if verdict else (None, [])
        if proof is None:
            continue
        places = locations([v for v, _ in wrong] or list(cset.values()))
        fix = tuple(
            f"Put the right value in {v.name} at {v.location}: it {why}" for v, why in wrong
        )
        findings.append(
            Finding(CAUSE, proof, places, tuple(evidence + live), fix, cset.environment)
        )
    return findings
