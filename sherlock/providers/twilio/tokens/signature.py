"""Which secret in the tree signed a token: HMAC-SHA256 recomputed offline.

Twilio signs access tokens with HS256 keyed by an API Key Secret. Recomputing the MAC with
each secret Sherlock found (API key secrets and, to catch a common mistake, Auth Tokens)
says which value the token-issuing server used, without sending anything anywhere. The
comparison is constant-time, and a match is reported by the value's location and
fingerprint only: the secret, the token and the MAC never leave this module.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from sherlock.models import FoundValue
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.records import Field
from sherlock.providers.twilio.tokens.decode import DecodedToken

#: The roles whose values can key an access token's HMAC.
SIGNING_FIELDS = frozenset({Field.API_KEY_SECRET, Field.AUTH_TOKEN})


@dataclass(frozen=True)
class Signer:
    """A found value whose MAC matches the token; ``cleaned`` when it matched only once
    surrounding quotes or whitespace were removed (the issuing server read it cleanly)."""

    value: FoundValue
    cleaned: bool = False

    @property
    def is_auth_token(self) -> bool:
        return self.value.field == Field.AUTH_TOKEN


def _mac_matches(token: DecodedToken, key: str) -> bool:
    mac = hmac.new(key.encode("utf-8", "surrogatepass"), token.signing_input, hashlib.sha256)
    return hmac.compare_digest(mac.digest(), token.signature)


def signed_by(token: DecodedToken, value: FoundValue) -> Signer | None:
    """``value`` as a :class:`Signer` if its raw or cleaned form produces the token's MAC."""
    if str(token.header.get("alg")) != "HS256" or not value.value:
        return None
    raw = value.value.reveal()
    if _mac_matches(token, raw):
        return Signer(value)
    core = strip_junk(raw)
    if core and core != raw and _mac_matches(token, core):
        return Signer(value, cleaned=True)
    return None


def find_signers(token: DecodedToken, values: Iterable[FoundValue]) -> list[Signer]:
    """Every signing-capable value that produces the token's MAC, in tree order; a value
    found in several places is computed once and reported at each of them."""
    verdicts: dict[str, Signer | None] = {}
    found: list[Signer] = []
    for value in values:
        if value.field not in SIGNING_FIELDS:
            continue
        if value.fingerprint not in verdicts:
            verdicts[value.fingerprint] = signed_by(token, value)
        signer = verdicts[value.fingerprint]
        if signer is not None:
            found.append(Signer(value, signer.cleaned))
    return found
