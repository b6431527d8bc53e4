"""What the rotation checks share: token sets grouped by the account they authenticate.

A token Twilio rejects while another token of the same account is accepted is an old token:
the account rotated, and this copy was left behind. Unless the tree shows that token working
for another account, by a verdict or by a counter-test that tries it on the other Account
SIDs the tree holds: then it was never this account's token (another environment's, or a
parent's or sibling's), and the checks for those causes explain it. A token in quotes or
with a stray newline counts when its cleaned value is rejected too: the junk must not hide
that it is also old.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass

from sherlock.models import Outcome
from sherlock.providers.twilio.checking.common import account_key, core_fingerprint
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import rehome, test_secrets
from sherlock.providers.twilio.checking.proof import still_rejected
from sherlock.providers.twilio.checking.store_evidence import explained_by_history, from_store
from sherlock.providers.twilio.records import CredentialSet


@dataclass(frozen=True)
class AccountTokens:
    """The token sets of one account, split by Twilio's verdict."""

    accepted: tuple[CredentialSet, ...]
    rejected: tuple[CredentialSet, ...]


def _working_elsewhere(groups: dict[str, list[CredentialSet]], ctx: CheckContext) -> dict[str, str]:
    """Token fingerprint (cleaned) → the account key it is accepted with."""
    found: dict[str, str] = {}
    for key, sets in groups.items():
        for cset in sets:
            if ctx.outcome(cset) is Outcome.VALID and cset.auth_token is not None:
                found.setdefault(core_fingerprint(cset.auth_token), key)
    return found


def _token_groups(ctx: CheckContext) -> dict[str, list[CredentialSet]]:
    groups: dict[str, list[CredentialSet]] = defaultdict(list)
    for cset in ctx.sets:
        key = account_key(cset)
        if key and not cset.uses_api_key and cset.auth_token is not None:
            groups[key].append(cset)
    return groups


def _left_behind(
    ctx: CheckContext,
    sets: list[CredentialSet],
    rejected: set[CredentialSet],
    key: str,
    works: dict[str, str],
    tests: set[str],
) -> list[CredentialSet]:
    """Rejected sets of one account whose token no verdict places elsewhere (``tests``: the
    tree's test tokens, by cleaned fingerprint)."""
    current = {
        core_fingerprint(s.auth_token)
        for s in sets
        if ctx.outcome(s) is Outcome.VALID and s.auth_token is not None
    }
    current |= tests  # a test token is not an old live one
    return [
        s
        for s in sets
        if s in rejected
        and s.auth_token is not None
        and core_fingerprint(s.auth_token) not in current  # the same token works: not old
        and works.get(core_fingerprint(s.auth_token), key) == key
        and not from_store(s.auth_token)  # the store's own value: rotation_not_finished
        and not explained_by_history(ctx, s)  # an old store version: store_history
    ]


async def by_account(ctx: CheckContext) -> list[AccountTokens]:
    """Accounts with both accepted and left-behind tokens. Every left-behind token of every
    account is tried on the other accounts at once: one round trip, not one per account."""
    groups = _token_groups(ctx)
    works = _working_elsewhere(groups, ctx)
    rejected = set(await still_rejected(ctx))
    tests = set(test_secrets(ctx))
    candidates: list[tuple[tuple[CredentialSet, ...], list[CredentialSet]]] = []
    for key, sets in groups.items():
        good = tuple(s for s in sets if ctx.outcome(s) is Outcome.VALID)
        if good:
            candidates.append((good, _left_behind(ctx, sets, rejected, key, works, tests)))
    behind = [s for _, sets in candidates for s in sets]
    moved = await asyncio.gather(*(rehome(ctx, s, ctx.sets) for s in behind))
    # a token another account accepts was never this account's: not an old token
    homeless = {s for s, home in zip(behind, moved, strict=True) if home is None}
    result = []
    for good, sets in candidates:
        bad = tuple(s for s in sets if s in homeless)
        if bad:
            result.append(AccountTokens(good, bad))
    return result


def envs_with_both(group: AccountTokens) -> set[str]:
    """Environments where some services got the current token and others did not."""
    return {s.environment for s in group.accepted} & {s.environment for s in group.rejected}
