"""What the token checks share: the decoded token, where it is said to be, and the sets of
the tree that hold the key the token names.

A pasted token has no file or line, so findings about the token itself point at
``access token fp:…`` (its fingerprint, which never reveals it); findings about the tree
(which secret signed it, which account the key belongs to) point at the tree's values.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sherlock.models import Finding, Location, Proof
from sherlock.providers.twilio.checking.common import account_key, core_fingerprint
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet
from sherlock.providers.twilio.tokens.decode import DecodedToken, TokenFormatError, decode_token
from sherlock.providers.twilio.tokens.facts import Fact
from sherlock.providers.twilio.tokens.signature import Signer, find_signers
from sherlock.secrets import Secret, fingerprint


def read(ctx: CheckContext) -> DecodedToken | None:
    """The context's token decoded, or None (no token, or one that cannot be read)."""
    if ctx.token is None:
        return None
    try:
        return decode_token(ctx.token)
    except TokenFormatError:
        return None


def token_location(token: Secret) -> Location:
    return Location(f"access token {token.fingerprint}")


def now() -> float:
    return time.time()


def fact_finding(ctx: CheckContext, facts: Iterable[Fact], cause: str) -> list[Finding]:
    """The facts about ``cause`` as one proven finding at the token (none: no finding)."""
    mine = [f for f in facts if f.cause == cause]
    if not mine or ctx.token is None:
        return []
    evidence = tuple(dict.fromkeys(f.evidence for f in mine))
    fixes = tuple(dict.fromkeys(f.fix for f in mine))
    return [Finding(cause, Proof.PROVEN, (token_location(ctx.token),), evidence, fixes)]


def signers(ctx: CheckContext, token: DecodedToken) -> list[Signer]:
    """Every value in the tree (store history included) whose MAC matches the token."""
    return find_signers(token, [*ctx.values, *(h.value for h in ctx.history)])


def sid_key(sid: object) -> str | None:
    """The fingerprint a claimed SID has as a found value's cleaned core, for matching."""
    return fingerprint(sid) if isinstance(sid, str) and sid else None


def sets_with_key(ctx: CheckContext, key_sid: object) -> list[CredentialSet]:
    """Sets whose API Key SID is the one ``iss`` names."""
    wanted = sid_key(key_sid)
    return [
        s
        for s in ctx.sets
        if s.api_key_sid is not None and core_fingerprint(s.api_key_sid) == wanted
    ]


def sets_of_account(ctx: CheckContext, account_sid: object) -> list[CredentialSet]:
    """Sets working on the account ``sub`` names."""
    wanted = sid_key(account_sid)
    return [s for s in ctx.sets if wanted is not None and account_key(s) == wanted]
