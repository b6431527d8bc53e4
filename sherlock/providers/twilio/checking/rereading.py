"""Re-reading a failing set as the other credential type, for sid-key-confusion.

Before a value is blamed for its shape, Sherlock asks whether it is a well-formed value of
another slot: the two fields swapped, an SK… SID and its secret read as an API key, an API
secret that is really the account's auth token, an MG…/PN… SID replaced by an Account SID
the tree holds. Each re-reading is one read-only probe through the shared cache; Account
SIDs come from the tree (the set's own first, then its environment's), deduplicated and
capped, and values are sent cleaned of quotes and whitespace.
"""

from __future__ import annotations

from sherlock.models import FoundValue
from sherlock.providers.twilio.checking.common import cleaned, describe, probe_for
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checking.crosscheck import (
    ask_for_key,
    key_readers,
    other_accounts,
    reader_name,
)
from sherlock.providers.twilio.client_keys import key_found
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.credentials import looks_like_token, sid_prefix, strip_junk
from sherlock.providers.twilio.records import CredentialSet
from sherlock.secrets import Secret

Rereading = tuple[ProbeRequest, str]


def _prefix(value: FoundValue | None) -> str | None:
    return sid_prefix(value.value.reveal()) if value is not None else None


def _accounts(ctx: CheckContext, cset: CredentialSet) -> list[tuple[Secret, str]]:
    """Account SIDs to try: the set's own (when it is one), then the tree's, own
    environment first; each with how the evidence names it."""
    found: list[tuple[Secret, str]] = []
    for value in (cset.api_key_sid, cset.account_sid):
        if value is not None and _prefix(value) == "AC":
            found.append((cleaned(value), f"the Account SID in {value.name}"))
    ordered = sorted(ctx.sets, key=lambda s: s.environment != cset.environment)
    for other in other_accounts(cset, ordered):
        assert other.account_sid is not None
        found.append((cleaned(other.account_sid), f"the Account SID {other.label} uses"))
    unique: dict[str, tuple[Secret, str]] = {}
    for sid, what in found:
        unique.setdefault(sid.fingerprint, (sid, what))
    return list(unique.values())


def _probe(
    user: Secret, password: Secret, account: Secret, cset: CredentialSet
) -> ProbeRequest | None:
    return probe_for(
        cset, username=user, password=password, account_sid=account, transform=strip_junk
    )


def _token_swapped(cset: CredentialSet) -> ProbeRequest | None:
    """An auth token in the SID field and the Account SID in the token's."""
    sid, token = cset.account_sid, cset.auth_token
    if cset.uses_api_key or sid is None or token is None or _prefix(token) != "AC":
        return None
    if not looks_like_token(sid.value.reveal()):
        return None
    return _probe(token.value, sid.value, token.value, cset)


def _key_swapped(cset: CredentialSet) -> ProbeRequest | None:
    """A key secret in the key SID field and the SK… SID in the secret's."""
    key, secret, sid = cset.api_key_sid, cset.api_key_secret, cset.account_sid
    if key is None or secret is None or sid is None or _prefix(secret) != "SK":
        return None
    if _prefix(key) is not None:
        return None
    return _probe(secret.value, key.value, sid.value, cset)


def _swapped(cset: CredentialSet) -> list[Rereading]:
    """The two fields exchanged, when the shapes say that is what happened."""
    found = [
        (_token_swapped(cset), "with the two fields swapped"),
        (_key_swapped(cset), "with the key SID and secret swapped"),
    ]
    return [(request, what) for request, what in found if request is not None]


def _as_key(ctx: CheckContext, cset: CredentialSet) -> list[Rereading]:
    """An SK… value in the Account SID field, read as an API key with the set's secret."""
    sid, token = cset.account_sid, cset.auth_token
    if cset.uses_api_key or sid is None or token is None or _prefix(sid) != "SK":
        return []
    found = []
    for account, what in _accounts(ctx, cset):
        request = _probe(sid.value, token.value, account, cset)
        if request is not None:
            found.append((request, f"read as an API key (the SK… SID with its secret) on {what}"))
    return found


def _with_account(ctx: CheckContext, cset: CredentialSet) -> list[Rereading]:
    """Another kind of SID in the Account SID field, replaced by the tree's Account SIDs."""
    sid, token = cset.account_sid, cset.auth_token
    if cset.uses_api_key or sid is None or token is None or _prefix(sid) in (None, "AC"):
        return []
    found = []
    for account, what in _accounts(ctx, cset):
        request = _probe(account, token.value, account, cset)
        if request is not None:
            found.append((request, f"with {what}"))
    return found


def _secret_as_token(ctx: CheckContext, cset: CredentialSet) -> list[Rereading]:
    """A key set whose secret is shaped like an auth token (or is the auth token, paired
    with the key SID), read as the account's token."""
    secret = cset.api_key_secret or cset.auth_token
    if not cset.uses_api_key or secret is None or not looks_like_token(secret.value.reveal()):
        return []
    found = []
    for account, what in _accounts(ctx, cset):
        request = _probe(account, secret.value, account, cset)
        if request is not None:
            found.append((request, f"with {secret.name} read as the auth token of {what}"))
    return found


def rereadings(ctx: CheckContext, cset: CredentialSet) -> list[Rereading]:
    """Every re-reading worth one probe, most telling first."""
    if cset.auth_token is not None and looks_like_token(cset.auth_token.value.reveal()):
        as_key_last = _with_account(ctx, cset) + _as_key(ctx, cset)
    else:
        as_key_last = _as_key(ctx, cset) + _with_account(ctx, cset)
    return _swapped(cset) + as_key_last + _secret_as_token(ctx, cset)


async def key_owner(ctx: CheckContext, cset: CredentialSet) -> str | None:
    """Evidence that the SK… value in the Account SID field is a key some account of the tree
    holds, asked with that account's auth token or Main key; None when nobody says so."""
    sid = cset.account_sid
    if cset.uses_api_key or sid is None or _prefix(sid) != "SK":
        return None
    for reader in key_readers(ctx, cset, ctx.sets):
        result = await ask_for_key(ctx, reader, sid.value)
        if key_found(result):
            return (
                f"asked with {reader_name(reader)}, Twilio says that account holds the API key "
                f"{describe(sid)}: the value is an API key SID, not an Account SID"
            )
    return None
