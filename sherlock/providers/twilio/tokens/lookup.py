"""Live questions about the key a token names: does the token's account hold it, or another?

Asked only with working credentials the tree holds for an account (its Auth Token or a Main
key, the ones allowed to read Keys), as a read-only ``GET .../Keys/{iss}.json`` through the
shared, cached verifier. The key SID goes into the URL only when it is SK-shaped. Several
checks need the answer, so it is worked out once per diagnosis.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sherlock.providers.twilio.checking.common import account_key
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import MAX_CANDIDATES, ask_for_key, can_read_keys
from sherlock.providers.twilio.client_keys import key_found
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification
from sherlock.providers.twilio.tokens.decode import DecodedToken
from sherlock.providers.twilio.tokens.evidence import sid_key
from sherlock.providers.twilio.tokens.facts import ACCOUNT_SID, KEY_SID
from sherlock.secrets import Secret


@dataclass(frozen=True)
class KeyHome:
    """What the tree's working credentials said about the token's key.

    ``reader``/``answer``: the token's own account (None: no credential of it could ask).
    ``other``/``other_answer``: another account of the tree that holds the key, if any.
    """

    reader: CredentialSet | None = None
    answer: TwilioVerification | None = None
    other: CredentialSet | None = None
    other_answer: TwilioVerification | None = None


def _readers(ctx: CheckContext) -> dict[str, CredentialSet]:
    """One credential per account that may read its Keys, auth tokens first."""
    usable = sorted((s for s in ctx.sets if can_read_keys(ctx, s)), key=lambda s: s.uses_api_key)
    chosen: dict[str, CredentialSet] = {}
    for reader in usable:
        key = account_key(reader)
        if key is not None:
            chosen.setdefault(key, reader)
    return chosen


async def _elsewhere(
    ctx: CheckContext, others: list[CredentialSet], key: Secret
) -> tuple[CredentialSet, TwilioVerification] | None:
    """The first other account (asked together, one round trip) that holds the key."""
    answers = await asyncio.gather(*(ask_for_key(ctx, r, key) for r in others))
    for other, answer in zip(others, answers, strict=True):
        if key_found(answer):
            assert answer is not None
            return other, answer
    return None


async def _ask(ctx: CheckContext, token: DecodedToken) -> KeyHome:
    """The token's own account first; other accounts only when it does not hold the key."""
    iss, sub = token.claim("iss"), token.claim("sub")
    if not (isinstance(iss, str) and KEY_SID.fullmatch(iss)) or ctx.offline:
        return KeyHome()
    key = Secret(iss, identifier=True)
    readers = _readers(ctx)
    own_key = sid_key(sub) if isinstance(sub, str) and ACCOUNT_SID.fullmatch(sub) else None
    own = readers.pop(own_key, None) if own_key else None
    answer = await ask_for_key(ctx, own, key) if own is not None else None
    if key_found(answer):
        return KeyHome(own, answer)
    found = await _elsewhere(ctx, list(readers.values())[:MAX_CANDIDATES], key)
    return KeyHome(own, answer, *found) if found else KeyHome(own, answer)


async def key_home(ctx: CheckContext, token: DecodedToken) -> KeyHome:
    """The answer, asked once per diagnosis however many checks want it."""
    return await ctx.shared("token-key-home", lambda: _ask(ctx, token))


def lookup_wire(result: TwilioVerification) -> str:
    parts = [f"HTTP {result.http_status}" + (f" code {result.code}" if result.code else "")]
    if result.request_id:
        parts.append(result.request_id)
    return ", ".join(parts)
