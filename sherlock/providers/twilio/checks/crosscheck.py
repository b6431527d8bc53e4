"""Counter-tests that move one half of a failing pair onto another account.

"Does this token work with that SID?" is how Sherlock proves a credential belongs to another
environment, a parent or sibling account, or another region. Candidates come only from the
scanned tree, are deduplicated by fingerprint, and every probe goes through the shared,
cached verifier, so the question is asked once however many checks need the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sherlock.models import CredentialSet, Verification
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import accepted, account_key, probe_for
from sherlock.providers.twilio.credentials import ACCOUNT_SID_RE, strip_junk

MAX_CANDIDATES = 6


@dataclass(frozen=True)
class Rehome:
    """The failing set's secret accepted on ``other``'s account."""

    other: CredentialSet
    result: Verification


def other_accounts(cset: CredentialSet, candidates: Iterable[CredentialSet]) -> list[CredentialSet]:
    """Sets holding a well-formed Account SID different from ``cset``'s, one per account."""
    mine = account_key(cset)
    chosen: dict[str, CredentialSet] = {}
    for other in candidates:
        key = account_key(other)
        if key is None or key == mine or key in chosen or other.account_sid is None:
            continue
        if ACCOUNT_SID_RE.match(strip_junk(other.account_sid.value.reveal())):
            chosen[key] = other
    return list(chosen.values())[:MAX_CANDIDATES]


async def rehome(
    ctx: CheckContext, cset: CredentialSet, candidates: Iterable[CredentialSet]
) -> Rehome | None:
    """The first other account on which ``cset``'s secret is accepted, if any."""
    for other in other_accounts(cset, candidates):
        assert other.account_sid is not None
        sid = other.account_sid.value.derive(strip_junk(other.account_sid.value.reveal()))
        if cset.uses_api_key:
            request = probe_for(cset, account_sid=sid)
        else:
            request = probe_for(cset, username=sid, account_sid=sid)
        result = await ctx.probe(request)
        if accepted(result):
            assert result is not None
            return Rehome(other, result)
    return None
