"""``create_app``: the one place the HTTP API is assembled from its parts.

The app is a thin adapter around a :class:`~sherlock.engine.runner.Runner`: routes
(:mod:`.routes`, :mod:`.webhooks`), one error shape (:mod:`.errors`), bearer auth for
``/v1`` (:mod:`.auth`), request context and metrics (:mod:`.middleware`, :mod:`.metrics`)
and, when its secrets are present, the Slack app under ``/slack/events``. Nothing is read
from the process environment unless ``environ`` says so, which keeps tests hermetic.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI

from sherlock.config.schema import SherlockConfig
from sherlock.engine.runner import Runner
from sherlock.logs import install as install_log_gate
from sherlock.secrets import Secret
from sherlock.server.auth import bearer_guard, require_token_configured
from sherlock.server.docs import install_docs
from sherlock.server.echo import hold
from sherlock.server.errors import install_error_handlers
from sherlock.server.media import require_json
from sherlock.server.metrics import Metrics
from sherlock.server.middleware import RequestContext
from sherlock.server.notify import SlackNotifier
from sherlock.server.readiness import Readiness
from sherlock.server.routes import ApiContext, api_router, ops_router
from sherlock.server.schemas import ErrorResponse
from sherlock.server.scopes import ScopedRunners
from sherlock.server.webhooks import WebhookContext, webhooks_router
from sherlock.slack.web_api import slack_api_url

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("sherlock.server")

#: Enough for any alert payload or pasted log excerpt.
MAX_BODY_BYTES = 1_048_576

#: Failures every /v1 operation can answer with, all in the one error shape.
_V1_ERRORS: dict[int | str, Any] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "Input Sherlock cannot use (a bad scope, an unreadable config)"),
        (401, "Missing or wrong bearer token"),
        (413, "Request body too large"),
        (415, "The body is not sent as application/json"),
        (422, "The body is not valid, or the error text is not recognised"),
        (500, "Internal error"),
    )
}


def _version() -> str:
    try:
        return version("sherlock-rca")
    except PackageNotFoundError:
        return "0+unknown"


def _slack_client(config: SherlockConfig, environ: Mapping[str, str]) -> AsyncWebClient | None:
    """A Web API client from the bot token variable named in ``[slack]``, if it is set, for
    the Web API at ``[slack] api_url`` (Slack's own when unset)."""
    token = environ.get(config.slack.bot_token_env, "").strip()
    if not token:
        return None
    from slack_sdk.web.async_client import AsyncWebClient

    base_url = slack_api_url(config.slack)
    if base_url is None:
        return AsyncWebClient(token=token, timeout=10)
    return AsyncWebClient(token=token, timeout=10, base_url=base_url)


def _mount_slack(
    app: FastAPI,
    runner: Runner,
    config: SherlockConfig,
    environ: Mapping[str, str],
    client: AsyncWebClient | None,
) -> bool:
    """Serve the Slack app at /slack/events when its bot token and signing secret are set.

    Slack authenticates those requests by their signature (checked by Bolt), not by the
    API's bearer token, so the route sits outside the /v1 guard.
    """
    slack = config.slack
    token = environ.get(slack.bot_token_env, "").strip()
    signing_secret = environ.get(slack.signing_secret_env, "").strip()
    if not (token and signing_secret):
        return False
    hold(token, signing_secret)
    from sherlock.slack.app import build_slack_app
    from sherlock.slack.http import mount_slack

    bolt = build_slack_app(runner, slack, signing_secret=signing_secret, token=token, client=client)
    mount_slack(app, bolt)
    return True


def create_app(
    runner: Runner,
    *,
    api_token: str | Secret | None,
    slack_client: AsyncWebClient | None = None,
    environ: Mapping[str, str] | None = None,
    insecure_no_auth: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    repost_after: float = 600.0,
) -> FastAPI:
    """The ASGI app serving ``runner``'s deployment.

    ``api_token`` guards ``/v1``; None is refused (UsageError) unless ``insecure_no_auth``.
    ``environ`` (default: ``os.environ``) supplies the Slack secrets named in ``[slack]``;
    ``slack_client`` replaces the client built from them. Raises InputError for a bad config.
    """
    install_log_gate()  # uvicorn's and every library's log lines are redacted from here on
    config = runner.config.config
    token = Secret(api_token) if isinstance(api_token, str) else api_token
    if token is not None:
        hold(token.reveal())
    if not insecure_no_auth:
        require_token_configured(token, config.server)
    environ = os.environ if environ is None else environ
    slack_api_url(config.slack)  # a bad [slack] api_url stops start-up, Slack token or not
    client = slack_client if slack_client is not None else _slack_client(config, environ)
    metrics = Metrics()
    scopes = ScopedRunners(runner)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runner.warm_up()  # the first question is answered from the warm index too
        yield
        await scopes.aclose()
        await runner.aclose()

    app = FastAPI(
        title="Sherlock",
        version=_version(),
        summary="Diagnoses a known error (Twilio 20003 by default) in a deployment and explains the root cause.",
        lifespan=lifespan,
        docs_url=None,  # served from the package by install_docs, not from a CDN
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(RequestContext, metrics=metrics, max_body_bytes=max_body_bytes)
    install_docs(app)
    # The token first (a stranger learns nothing else), then the media type (a 415).
    guard = [Depends(bearer_guard(token)), Depends(require_json)]
    api = ApiContext(scopes=scopes, metrics=metrics, version=_version())
    ready = Readiness(runner, config.slack, environ, has_slack_client=client is not None)
    app.include_router(ops_router(api, ready))
    app.include_router(api_router(api, _V1_ERRORS, guard))
    notifier = SlackNotifier(client, config.slack.alert_channel, repost_after=repost_after)
    hooks = WebhookContext(runner=runner, metrics=metrics, notifier=notifier)
    app.include_router(webhooks_router(hooks, _V1_ERRORS, guard))
    if _mount_slack(app, runner, config, environ, client):
        log.info("the Slack app answers at /slack/events")
    return app
