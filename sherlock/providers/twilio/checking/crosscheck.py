"""Counter-tests that move one half of a failing pair onto another account.

"Does this token work with that SID?" is how Sherlock proves a credential belongs to another
environment, a parent or sibling account, or another region. Candidates come only from the
scanned tree, are deduplicated by fingerprint and capped, values are sent cleaned of quotes
and whitespace (so a quoted copy can still be placed), and every probe goes through the
shared, cached verifier, so the question is asked once however many checks need the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sherlock.models import Outcome
from sherlock.providers.twilio.checking.common import (
    accepted,
    account_key,
    cleaned,
    core_fingerprint,
    probe_for,
    region_of,
)
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.credentials import ACCOUNT_SID_RE, strip_junk
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification
from sherlock.secrets import Secret

MAX_CANDIDATES = 6
DEFAULT_REGION = "us1"


@dataclass(frozen=True)
class Rehome:
    """The failing set's secret accepted on ``other``'s account."""

    other: CredentialSet
    result: TwilioVerification


def other_accounts(cset: CredentialSet, candidates: Iterable[CredentialSet]) -> list[CredentialSet]:
    """Sets holding a well-formed Account SID different from ``cset``'s, one per account,
    the first :data:`MAX_CANDIDATES` in candidate order (the rest is never looked at: a big
    tree has thousands of candidates for each of its rejected sets)."""
    mine = account_key(cset)
    chosen: dict[str, CredentialSet] = {}
    for other in candidates:
        if len(chosen) >= MAX_CANDIDATES:
            break
        key = account_key(other)
        if key is None or key == mine or key in chosen or other.account_sid is None:
            continue
        if ACCOUNT_SID_RE.match(strip_junk(other.account_sid.value.reveal())):
            chosen[key] = other
    return list(chosen.values())


async def rehome(
    ctx: CheckContext, cset: CredentialSet, candidates: Iterable[CredentialSet]
) -> Rehome | None:
    """The first other account (in candidate order) on which ``cset``'s cleaned secret is
    accepted, if any. The few probes go out together: one round trip, not one per account."""
    others = other_accounts(cset, candidates)
    results = await asyncio.gather(*(ctx.probe(_moved(cset, other)) for other in others))
    for other, result in zip(others, results, strict=True):
        if accepted(result):
            assert result is not None
            return Rehome(other, result)
    return None


def _moved(cset: CredentialSet, other: CredentialSet) -> ProbeRequest | None:
    """``cset``'s secret on ``other``'s account (a key keeps its SID as the username)."""
    assert other.account_sid is not None
    sid = cleaned(other.account_sid)
    if cset.uses_api_key:
        return probe_for(cset, account_sid=sid, transform=strip_junk)
    return probe_for(cset, username=sid, account_sid=sid, transform=strip_junk)


def test_sids(ctx: CheckContext) -> dict[str, CredentialSet]:
    """Account SIDs (by cleaned fingerprint) that Twilio answered as test credentials
    somewhere in the tree (20008), each with a set that showed it."""
    found: dict[str, CredentialSet] = {}
    for cset in ctx.with_outcome(Outcome.TEST_CREDENTIALS):
        key = account_key(cset)
        if key is not None:
            found.setdefault(key, cset)
    return found


def test_secrets(ctx: CheckContext) -> dict[str, CredentialSet]:
    """Secrets (by cleaned fingerprint) of the pairs Twilio answered as test credentials."""
    found: dict[str, CredentialSet] = {}
    for cset in ctx.with_outcome(Outcome.TEST_CREDENTIALS):
        if cset.password is not None:
            found.setdefault(core_fingerprint(cset.password), cset)
    return found


def region(cset: CredentialSet) -> str:
    return region_of(cset)[0] or DEFAULT_REGION


def can_read_keys(ctx: CheckContext, cset: CredentialSet) -> bool:
    """Working credentials allowed to read an account's Keys: its auth token or a Main key."""
    if ctx.outcome(cset) is not Outcome.VALID or cset.password is None:
        return False
    return not cset.uses_api_key or ctx.result(cset).key_type == "main"


def key_readers(
    ctx: CheckContext, cset: CredentialSet, candidates: Iterable[CredentialSet]
) -> list[CredentialSet]:
    """Candidates that may ask their account about ``cset``'s key: same region (keys are
    regional), one per account, auth tokens before Main keys, capped."""
    usable = [s for s in candidates if can_read_keys(ctx, s) and region(s) == region(cset)]
    usable.sort(key=lambda s: s.uses_api_key)
    chosen: dict[str, CredentialSet] = {}
    for reader in usable:
        key = account_key(reader)
        if key is not None:
            chosen.setdefault(key, reader)
    return list(chosen.values())[:MAX_CANDIDATES]


async def ask_for_key(
    ctx: CheckContext, reader: CredentialSet, key_sid: Secret
) -> TwilioVerification | None:
    """``GET .../Keys/{KeySid}.json`` with ``reader``'s working credentials (read-only)."""
    request = probe_for(reader, transform=strip_junk)
    if request is None:
        return None
    return await ctx.probe(
        replace(request, lookup_key=key_sid.derive(strip_junk(key_sid.reveal())))
    )


def reader_name(reader: CredentialSet) -> str:
    what = "Main API key" if reader.uses_api_key else "auth token"
    return f"the {what} of {reader.label}"
