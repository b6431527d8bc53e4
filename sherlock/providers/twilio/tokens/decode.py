"""Reading an access token without trusting it.

A JWT is three base64url parts joined by dots: a JSON header, a JSON claim set and a
signature. Decoding them needs no key, and no claim is believed here: the point is to look
at what the token *says* so the checks can compare it with the tree and the clock.

Errors name the part that is wrong and never quote it: a half-pasted token is still a
credential, and its signature is exactly what must not be echoed.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sherlock.errors import InputError
from sherlock.secrets import Secret

#: A JWT in running text: a base64url JSON header (``{"`` encodes as ``eyJ``), a dot, and
#: the rest up to a space or a quote. Damaged tokens are picked up too, so the decoder can
#: say what is wrong with them instead of the text being ignored.
JWT_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[^\s\"'`,;<>()\[\]{}]*")

#: Far above any real access token (a few hundred bytes to a few KB): refuse to parse more.
MAX_TOKEN_CHARS = 64 * 1024


class TokenFormatError(InputError):
    """The value is not a readable JWT; the message says why without quoting the value."""


@dataclass(frozen=True)
class DecodedToken:
    """What a token claims, plus the bytes its signature covers.

    ``signature`` and ``signing_input`` are kept out of ``repr`` so a stray log line or
    assertion message cannot carry them.
    """

    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    signing_input: bytes = field(repr=False)
    signature: bytes = field(repr=False)

    def claim(self, name: str) -> Any:
        return self.claims.get(name)


def _b64url(part: str, what: str) -> bytes:
    """Base64url without padding, as JWTs write it; a clear error for anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", part):
        raise TokenFormatError(f"the token's {what} is not base64url text")
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise TokenFormatError(f"the token's {what} is not valid base64url") from None


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise TokenFormatError(f"the token's {what} is not JSON") from None
    if not isinstance(value, dict):
        raise TokenFormatError(f"the token's {what} is JSON but not an object")
    return value


def _parts(text: str) -> list[str]:
    core = text.strip()
    if core.lower().startswith("bearer "):
        core = core[7:].strip()
    if not core:
        raise TokenFormatError("the token is empty")
    if len(core) > MAX_TOKEN_CHARS:
        raise TokenFormatError(
            f"the token is {len(core)} characters long; access tokens are far shorter"
        )
    parts = core.split(".")
    if len(parts) != 3:
        raise TokenFormatError(
            f"a JWT has three dot-separated parts (header.payload.signature); this has {len(parts)}"
        )
    return parts


def decode_token(token: Secret) -> DecodedToken:
    """Split and decode ``token``; raises :class:`TokenFormatError` for anything that is not
    a readable JWT (surrounding whitespace and a ``Bearer`` prefix are tolerated)."""
    head, body, sig = _parts(token.reveal())
    header = _json_object(_b64url(head, "header"), "header")
    claims = _json_object(_b64url(body, "payload"), "payload")
    signature = _b64url(sig, "signature")
    if not signature:
        raise TokenFormatError("the token has no signature (its third part is empty)")
    return DecodedToken(header, claims, f"{head}.{body}".encode("ascii"), signature)


def find_token(text: str) -> Secret | None:
    """The first JWT-shaped run in pasted text (a log line, an error, a config), wrapped."""
    match = JWT_IN_TEXT.search(text[: MAX_TOKEN_CHARS * 4])
    return Secret(match.group(0)) if match else None
