"""What the rotation checks share: token sets grouped by the account they authenticate.

A token Twilio rejects while another token of the same account is accepted is an old token:
the account rotated, and this copy was left behind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sherlock.models import CredentialSet, Outcome
from sherlock.providers.twilio.checks.base import CheckContext
from sherlock.providers.twilio.checks.common import account_key, is_clean


@dataclass(frozen=True)
class AccountTokens:
    """The token sets of one account, split by Twilio's verdict."""

    accepted: tuple[CredentialSet, ...]
    rejected: tuple[CredentialSet, ...]


def by_account(ctx: CheckContext) -> list[AccountTokens]:
    groups: dict[str, list[CredentialSet]] = defaultdict(list)
    for cset in ctx.sets:
        key = account_key(cset)
        if key and not cset.uses_api_key and cset.auth_token is not None:
            groups[key].append(cset)
    result = []
    for sets in groups.values():
        good = tuple(s for s in sets if ctx.outcome(s) is Outcome.VALID)
        bad = tuple(s for s in sets if ctx.outcome(s) is Outcome.INVALID and is_clean(s))
        if good and bad:
            result.append(AccountTokens(good, bad))
    return result


def envs_with_both(group: AccountTokens) -> set[str]:
    """Environments where some services got the current token and others did not."""
    return {s.environment for s in group.accepted} & {s.environment for s in group.rejected}
