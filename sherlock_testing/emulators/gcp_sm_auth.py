"""Who may call the GCP Secret Manager emulator: static bearer tokens and service accounts.

Google's client libraries authenticate a service account without any token exchange: they
sign a short-lived JWT with the account's private key (a "self-signed JWT") and send it as
the bearer token. Accepting exactly that, verified against the account's public key, lets a
test hand the reader a real service-account key file through ``GOOGLE_APPLICATION_CREDENTIALS``
and watch Application Default Credentials work end to end, offline. ``cryptography`` comes
with google-auth, and is imported only when a JWT has to be checked.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Callers:
    """Accepted credentials; when both are empty, anyone may call (the default)."""

    tokens: set[str] = field(default_factory=set)
    #: service-account email → PEM public key
    service_accounts: dict[str, bytes] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return not self.tokens and not self.service_accounts

    def accepts(self, token: str) -> bool:
        return token in self.tokens or _valid_self_signed_jwt(token, self.service_accounts)


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _valid_self_signed_jwt(token: str, trusted: dict[str, bytes]) -> bool:
    """RS256, issued by and about a trusted account, unexpired, and signed by its key."""
    if not trusted or token.count(".") != 2:
        return False
    head_text, body_text, signature_text = token.split(".")
    try:
        header: Any = json.loads(_b64url(head_text))
        claims: Any = json.loads(_b64url(body_text))
        signature = _b64url(signature_text)
    except (binascii.Error, ValueError):
        return False
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return False
    email = claims.get("iss")
    if header.get("alg") != "RS256" or email not in trusted or claims.get("sub") != email:
        return False
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires < time.time():
        return False
    return _rs256_signed(f"{head_text}.{body_text}".encode(), signature, trusted[email])


def _rs256_signed(message: bytes, signature: bytes, public_pem: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(public_pem)
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True
