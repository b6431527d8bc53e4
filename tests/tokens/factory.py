"""Real Twilio access tokens for tests, made by twilio-python's own ``AccessToken``.

Fixed fake credentials (the same shapes as Twilio's) so each test can say which value
signed what; ``CANARIES`` are every secret here, which no output may contain.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import jwt
from twilio.jwt.access_token import AccessToken, AccessTokenGrant  # type: ignore[import-untyped]
from twilio.jwt.access_token.grants import (  # type: ignore[import-untyped]
    ChatGrant,
    SyncGrant,
    VideoGrant,
    VoiceGrant,
)

from sherlock.models import FoundValue, Location
from sherlock.providers.twilio.records import Field
from sherlock.secrets import Secret

ACCOUNT = "AC" + "1a" * 16
OTHER_ACCOUNT = "AC" + "2b" * 16
KEY = "SK" + "3c" * 16
OTHER_KEY = "SK" + "4d" * 16
KEY_SECRET = "Zq8vT2mWx4Lr9NcB7yHs3KdP6gFe1UaJ"
OTHER_KEY_SECRET = "Yp7uS1lVw3Kq8MbA6xGr2JcO5fEd0TzI"
AUTH_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
CANARIES = (KEY_SECRET, OTHER_KEY_SECRET, AUTH_TOKEN)


def grant(product: str) -> AccessTokenGrant:
    made: dict[str, AccessTokenGrant] = {
        "voice": VoiceGrant(outgoing_application_sid="AP" + "5e" * 16, incoming_allow=True),
        "video": VideoGrant(room="standup"),
        "chat": ChatGrant(service_sid="IS" + "6f" * 16),
        "sync": SyncGrant(service_sid="IS" + "70" * 16),
    }
    return made[product]


def access_token(
    *,
    account: str = ACCOUNT,
    key: str = KEY,
    secret: str = KEY_SECRET,
    products: Sequence[str] = ("video",),
    identity: str | None = "alice",
    ttl: int = 3600,
    nbf: int | None = None,
    region: str | None = None,
) -> str:
    """A token exactly as a Twilio helper library would issue it."""
    token = AccessToken(
        account,
        key,
        secret,
        grants=[grant(p) for p in products],
        identity=identity,
        ttl=ttl,
        region=region,
        **({"nbf": nbf} if nbf is not None else {}),
    )
    return str(token.to_jwt())


def hand_made(header: dict[str, str], claims: dict[str, object], secret: str = KEY_SECRET) -> str:
    """A token built with PyJWT directly, for headers and claims no helper would write."""
    base = {"iss": KEY, "sub": ACCOUNT, "exp": int(time.time()) + 600}
    return jwt.encode({**base, **claims}, secret, algorithm="HS256", headers=header)


def found(field: Field, raw: str, path: str, line: int = 1) -> FoundValue:
    return FoundValue(
        field=field,
        name=f"TWILIO_{field.value.upper()}",
        value=Secret(raw, identifier=field.is_identifier),
        location=Location(path, line),
        source_kind="dotenv",
        consumer="python-dotenv",
        scope=path,
        environment="prod",
        service=path.split("/")[0],
    )
