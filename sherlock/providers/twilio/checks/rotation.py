"""What the rotation checks share: token sets grouped by the account they authenticate.

A token Twilio rejects while another token of the same account is accepted is an old token:
the account rotated, and this copy was left behind. Unless the tree shows that token working
for another account: then it was never this account's token (another environment's, or a
parent's or sibling's), and the checks for those causes explain it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sherlock.models import CredentialSet, Outcome
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import account_key, is_clean
from sherlock.providers.twilio.checks.store_evidence import explained_by_history, from_store


@dataclass(frozen=True)
class AccountTokens:
    """The token sets of one account, split by Twilio's verdict."""

    accepted: tuple[CredentialSet, ...]
    rejected: tuple[CredentialSet, ...]


def _working_elsewhere(groups: dict[str, list[CredentialSet]], ctx: CheckContext) -> dict[str, str]:
    """Token fingerprint → the account key it is accepted with."""
    found: dict[str, str] = {}
    for key, sets in groups.items():
        for cset in sets:
            if ctx.outcome(cset) is Outcome.VALID and cset.auth_token is not None:
                found.setdefault(cset.auth_token.fingerprint, key)
    return found


def by_account(ctx: CheckContext) -> list[AccountTokens]:
    groups: dict[str, list[CredentialSet]] = defaultdict(list)
    for cset in ctx.sets:
        key = account_key(cset)
        if key and not cset.uses_api_key and cset.auth_token is not None:
            groups[key].append(cset)
    works = _working_elsewhere(groups, ctx)
    result = []
    for key, sets in groups.items():
        good = tuple(s for s in sets if ctx.outcome(s) is Outcome.VALID)
        current = {s.auth_token.fingerprint for s in good if s.auth_token is not None}
        bad = tuple(
            s
            for s in sets
            if ctx.outcome(s) is Outcome.INVALID
            and is_clean(s)
            and s.auth_token is not None
            and s.auth_token.fingerprint not in current  # the same token works elsewhere: not old
            and works.get(s.auth_token.fingerprint, key) == key
            and not from_store(s.auth_token)  # the store's own value: rotation_not_finished
            and not explained_by_history(ctx, s)  # an old store version: store_history
        )
        if good and bad:
            result.append(AccountTokens(good, bad))
    return result


def envs_with_both(group: AccountTokens) -> set[str]:
    """Environments where some services got the current token and others did not."""
    return {s.environment for s in group.accepted} & {s.environment for s in group.rejected}
