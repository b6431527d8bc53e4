"""Bearer-token authentication for everything under ``/v1``.

The token lives in the environment variable named by ``[server] token_env`` (never in
``sherlock.toml``) and is held as a :class:`~sherlock.secrets.Secret`. Comparison is
constant-time on the bytes, so response timing says nothing about how much of a guess was
right. ``/healthz`` and ``/metrics`` stay open for probes and scrapers; ``/slack/events``
is authenticated by Slack's request signature instead.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sherlock.config.schema import ServerSettings
from sherlock.errors import UsageError
from sherlock.secrets import Secret
from sherlock.server.errors import ApiError

#: Shown in the OpenAPI spec as the security scheme of every /v1 operation.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="The token in the environment variable named by [server] token_env.",
)

Guard = Callable[[HTTPAuthorizationCredentials | None], Awaitable[None]]


def token_from_env(settings: ServerSettings, environ: Mapping[str, str]) -> Secret | None:
    """The API token, or None if its variable is unset or blank."""
    value = environ.get(settings.token_env, "").strip()
    return Secret(value) if value else None


def require_token_configured(token: Secret | None, settings: ServerSettings) -> None:
    """Refuse to run an open API by accident."""
    if token is None:
        raise UsageError(
            f"no API token: set {settings.token_env} to a long random value (clients send it "
            "as 'Authorization: Bearer ...'), or pass --insecure-no-auth for local use"
        )


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def bearer_guard(token: Secret | None) -> Guard:
    """A dependency that admits requests carrying ``token``; ``None`` admits every request."""
    expected = token.reveal().encode("utf-8") if token is not None else None

    async def guard(
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),  # noqa: B008
    ) -> None:
        if expected is None:
            return
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise _unauthorized("a bearer token is required: send 'Authorization: Bearer <token>'")
        if not hmac.compare_digest(credentials.credentials.encode("utf-8"), expected):
            raise _unauthorized("the bearer token is not valid")

    return guard
